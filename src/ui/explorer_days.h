/* explorer_days.h — the cube's days as maps (ncview's time stepping): the `day` layer shows one
 * day's soil moisture, `,` `.` step a day and `<` `>` a month, `:day DATE|mean`. A drytex cube is
 * chunked along time (a cell's series is one read), so a day costs a pass over the cube: a window
 * of days around the one asked for (up to 16 MiB of maps) is read a piece at a time between keys,
 * as the mean layer is, and steps inside it are instant. The window's days share one colour range,
 * so they compare. */
#ifndef DRYTEX_EXPLORER_DAYS_H
#define DRYTEX_EXPLORER_DAYS_H

#include "explorer_state.h"

/* Shows day (an index of the series, clamped to the record): at once when it is in the window,
 * else after the window around it is read. */
void explorer_days_show(explorer *e, long day);

/* Steps the shown day by days, or by months (the same day of the month, clamped). Starts at the
 * record's last day when no day is shown yet. */
void explorer_days_step(explorer *e, long days, int months);

/* The day shown (an index of the series), or -1 before any. */
long explorer_days_current(const explorer *e);

/* "2020-06-03" of a day index. */
void explorer_days_date(const explorer *e, long day, char *out, size_t size);

/* A window is being read (the main loop calls explorer_days_read then). */
int explorer_days_pending(const explorer *e);

/* While a window is read: "(reading the days around DATE: N %)" into text, and 1. */
int explorer_days_reading(const explorer *e, char *text, size_t size);

/* Reads pieces of the window for about budget seconds (at least one), fewer when stop says a
 * key waits; the day's map is shown once its window is complete. */
void explorer_days_read(explorer *e, double budget, int (*stop)(void));

/* The window's memory, when the explorer closes. */
void explorer_days_free(explorer *e);

#endif
