/* cell_print.h — one cell's report as text or JSON (drytex cell, the explorer's :export). */
#ifndef DRYTEX_CELL_PRINT_H
#define DRYTEX_CELL_PRINT_H

#include <stddef.h>
#include <stdio.h>

#include "cell.h"

/* The report as text: series, thresholds, up to max_events events, texture and SCE-UA trace, and
 * the simulation when inputs had a forcing. */
void cell_print_text(FILE *out, const cell_report *report, const cell_inputs *inputs, size_t max_events);

/* The report as one JSON document (every event, the trace, the simulation with its daily series). */
void cell_print_json(FILE *out, const cell_report *report, const cell_inputs *inputs);

/* A point series' origin (an ISMN station, a CSV) and its daily means: count, minimum, 2nd
 * percentile (drytex cell and info). */
void cell_print_point(FILE *out, const series_source *source);

/* The events table as CSV: start,days,points,theta_c,delta,tau,theta_w,r2,kept,reason. */
void cell_print_events_csv(FILE *out, const cell_report *report);

#endif
