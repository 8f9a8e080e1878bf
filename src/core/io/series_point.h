/* series_point.h — a point series as a series source: an ISMN station (ismn.h) or a CSV of
 * date,sm lines, on a 1 × 1 grid around the point. */
#ifndef DRYTEX_SERIES_POINT_H
#define DRYTEX_SERIES_POINT_H

#include "series.h"

/* 1 when path is read as a point series: a .stm file, a directory with ISMN files, a .csv. */
int series_point_is_path(const char *path);

/* Fills s (zeroed by the caller, s->options set) from path: the daily series in memory, the grid,
 * the description and, for an ISMN station with static variables, its texture. */
int series_point_open(series_source *s, const char *path, dt_error *err);

#endif
