/* ismn.h — in-situ soil moisture as the International Soil Moisture Network delivers it: station
 * files in both ISMN text formats, the NETWORK/STATION tree, daily means of the kept hours. */
#ifndef DRYTEX_ISMN_H
#define DRYTEX_ISMN_H

#include <stddef.h>

#include "status.h"

typedef struct {
    double depth;        /* [m] the layer whose top is at this depth; < 0: the shallowest layer
                            lying within 0 … max_depth */
    double max_depth;    /* [m] 0.05 */
    char kept_flags[16]; /* ISMN quality-flag letters kept: "GU" (good, unchecked); a value with
                            any other flag (C: outside the plausible range, D: dubious) is dropped */
    size_t min_hours;    /* a day's mean needs at least this many kept values (12) */
} ismn_options;

void ismn_default_options(ismn_options *options);

typedef struct {
    char path[1024];                     /* the .stm file read */
    char network[64], station[96], sensor[128];
    double lat, lon, elevation;          /* [degrees north, degrees east, m] */
    double depth_from, depth_to;         /* [m] the sensor's layer */
    long first_day;                      /* [days since 1970-01-01] of daily[0] */
    size_t ndays;
    float *daily;                        /* [ndays] m3 m-3 daily means, NaN: too few kept hours */
    size_t values_read, values_kept;     /* hourly values in the file, and kept by their flags */
    size_t valid_days;
    int has_texture;                     /* from the station's static_variables.csv */
    double sand, clay, organic_carbon;   /* [% weight] of its top layer (HWSD, 0–0.30 m) */
} ismn_station;

/* path: one .stm file, or a directory holding one station's files (NETWORK/STATION/…; searched
 * below), or a zip of an ISMN download (ARCHIVE.zip, or ARCHIVE.zip/NETWORK/STATION for a part). Of a station's soil-moisture files (*_sm_*.stm) the one at options->depth, else the
 * shallowest within 0 … max_depth, is read (several sensors at that depth: the first by name).
 * Both ISMN formats ("header + values" and "CEOP-separated", ISMN data format description v1.1
 * and the ISMN web site's "Data formats" page) and any line ends (CR, LF, CRLF) are read. A
 * directory with several stations, no soil-moisture file, a malformed line (named with its
 * number) or no day with enough kept hours are errors. */
int ismn_read(const char *path, const ismn_options *options, ismn_station *out, dt_error *err);
void ismn_free(ismn_station *station);

/* 1 when path looks like ISMN data: a .stm file or a directory with .stm files below it. */
int ismn_is_station_path(const char *path);

/* (ismn_tree.c) The soil-moisture file ismn_read reads for path: path itself when it is a file;
 * in a directory, the one station's *_sm_*.stm at options->depth or the shallowest within
 * 0 … max_depth, depths taken from the ISMN file names
 * (NETWORK_NETWORK_STATION_sm_FROM_TO_SENSOR_START_END.stm). */
int ismn_choose_file(const char *path, const ismn_options *options, char *file, size_t size, dt_error *err);

/* (ismn_tree.c) A file's bytes, NUL-terminated (malloc'd): a file, or a member of a zip archive
 * named "ARCHIVE.zip/MEMBER/PATH". */
int ismn_read_text(const char *path, char **text, dt_error *err);

/* (ismn_tree.c) The text of the *_static_variables.csv beside a station file, or NULL. */
char *ismn_static_variables_text(const char *stm_path);

/* (ismn_tree.c) Every station below path, one entry each: its directory, or path itself when it
 * is one file (malloc'd strings in a malloc'd array, sorted). */
int ismn_station_paths(const char *path, char ***paths, size_t *count, dt_error *err);

#endif
