/* explorer_days.c — the cube's days as maps (explorer_days.h). */
#include "explorer_days.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"

enum { WINDOW_BYTES = 16 << 20, WINDOW_MIN_DAYS = 31, PIECE_ROWS = 4, PIECE_BYTES = 1 << 20 };

struct explorer_days {
    long shown;            /* the day on the map, or -1 */
    long wanted;           /* the day asked for while its window is read */
    float *window;         /* [count][rows][cols] the days first … first + count − 1 */
    long first;
    size_t count;
    int filling;           /* the window is being read */
    size_t row, col;       /* the next piece to read */
    float *block;          /* one piece of the cube, every day */
    double low, high;      /* [m3 m-3] the window's range: the colours of all its days */
    int range_is_window;   /* the day layer's fixed range is the window's (not the user's :range) */
};

static struct explorer_days *days_of(explorer *e)
{
    if (!e->days) {
        e->days = dt_calloc(1, sizeof *e->days);
        e->days->shown = -1;
    }
    return e->days;
}

long explorer_days_current(const explorer *e)
{
    return e->days ? e->days->shown : -1;
}

void explorer_days_date(const explorer *e, long day, char *out, size_t size)
{
    int year, month, mday;
    calendar_civil_from_days(e->sm->first_day + day, &year, &month, &mday);
    snprintf(out, size, "%04d-%02d-%02d", year, month, mday);
}

int explorer_days_pending(const explorer *e)
{
    return e->days && e->days->filling;
}

int explorer_days_reading(const explorer *e, char *text, size_t size)
{
    if (!explorer_days_pending(e)) return 0;
    char date[16];
    explorer_days_date(e, e->days->wanted, date, sizeof date);
    snprintf(text, size, "(reading the days around %s: %.0f %%)", date, 100.0 * (double)e->days->row / (double)e->rows);
    return 1;
}

void explorer_days_free(explorer *e)
{
    if (!e->days) return;
    free(e->days->window);
    free(e->days->block);
    free(e->days);
    e->days = NULL;
}

static size_t piece_cols(const explorer *e)
{
    size_t cols = PIECE_BYTES / (e->sm->ndays * PIECE_ROWS * sizeof(float));
    return cols < 1 ? 1 : cols > e->cols ? e->cols : cols;
}

/* The window's day on the map, on the window's colour range (unless the user fixed one). */
static void put_day(explorer *e, long day)
{
    struct explorer_days *d = e->days;
    size_t cells = e->rows * e->cols;
    if (!e->layers[LAYER_DAY]) e->layers[LAYER_DAY] = dt_malloc(cells * sizeof(float));
    memcpy(e->layers[LAYER_DAY], d->window + (size_t)(day - d->first) * cells, cells * sizeof(float));
    int user_range = e->range_layer == LAYER_DAY + 1 && !d->range_is_window;
    if (!user_range && d->high > d->low) {
        e->range_layer = LAYER_DAY + 1;
        e->range_low = d->low, e->range_high = d->high;
        d->range_is_window = 1;
    }
    d->shown = day;
    explorer_set_layer(e, LAYER_DAY); /* the key line names the day */
}

/* The next piece of the cube into the window; the window's range once it is complete. */
static void read_piece(explorer *e)
{
    struct explorer_days *d = e->days;
    size_t ndays = e->sm->ndays, pc = piece_cols(e), cells = e->rows * e->cols;
    size_t nrows = d->row + PIECE_ROWS <= e->rows ? PIECE_ROWS : e->rows - d->row;
    size_t ncols = d->col + pc <= e->cols ? pc : e->cols - d->col, piece = nrows * ncols;
    dt_error err;
    if (series_read_block(e->sm, d->row, nrows, d->col, ncols, d->block, &err) != DT_OK) {
        explorer_message(e, "day: %s", err.text);
        d->filling = 0;
        return;
    }
    for (size_t k = 0; k < d->count; k++)
        for (size_t i = 0; i < piece; i++)
            d->window[k * cells + (d->row + i / ncols) * e->cols + d->col + i % ncols] = d->block[((size_t)d->first + k) * piece + i];
    (void)ndays;
    d->col += ncols;
    if (d->col >= e->cols) d->col = 0, d->row += nrows;
    if (d->row < e->rows) return;
    d->filling = 0;
    d->low = INFINITY, d->high = -INFINITY;
    for (size_t i = 0; i < d->count * cells; i++)
        if (!isnan(d->window[i])) d->low = fmin(d->low, d->window[i]), d->high = fmax(d->high, d->window[i]);
    free(d->block);
    d->block = NULL;
    d->range_is_window = 0; /* a new window, a new range */
    if (e->range_layer == LAYER_DAY + 1) e->range_layer = 0;
    put_day(e, d->wanted);
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void explorer_days_read(explorer *e, double budget, int (*stop)(void))
{
    if (!explorer_days_pending(e)) return;
    double until = seconds_now() + budget;
    do read_piece(e);
    while (explorer_days_pending(e) && seconds_now() < until && !(stop && stop()));
}

void explorer_days_show(explorer *e, long day)
{
    struct explorer_days *d = days_of(e);
    long ndays = (long)e->sm->ndays;
    day = day < 0 ? 0 : day >= ndays ? ndays - 1 : day;
    if (d->window && !d->filling && day >= d->first && day < d->first + (long)d->count) {
        put_day(e, day);
        return;
    }
    d->wanted = day;
    if (d->filling && day >= d->first && day < d->first + (long)d->count) return; /* on its way */
    size_t cells = e->rows * e->cols, count = WINDOW_BYTES / (cells * sizeof(float));
    if (count < WINDOW_MIN_DAYS) count = WINDOW_MIN_DAYS;
    if (count > (size_t)ndays) count = (size_t)ndays;
    long first = day - (long)count / 2;
    if (first + (long)count > ndays) first = ndays - (long)count;
    if (first < 0) first = 0;
    free(d->window);
    d->window = dt_malloc(count * cells * sizeof(float));
    if (!d->block) d->block = dt_malloc(e->sm->ndays * PIECE_ROWS * piece_cols(e) * sizeof(float));
    d->first = first, d->count = count, d->row = d->col = 0, d->filling = 1;
    explorer_days_read(e, 0.05, NULL); /* the key line says how far (explorer_days_reading) */
}

void explorer_days_step(explorer *e, long days, int months)
{
    e->message[0] = '\0'; /* the key names the day; a step's message would cover it */
    long day = explorer_days_current(e), ndays = (long)e->sm->ndays;
    if (e->days && e->days->filling) day = e->days->wanted;
    if (day < 0) day = ndays - 1; /* the first step starts at the record's last day */
    else if (months) {
        int year, month, mday;
        calendar_civil_from_days(e->sm->first_day + day, &year, &month, &mday);
        int m = year * 12 + (month - 1) + months;
        year = m / 12, month = m % 12 + 1;
        int last = (int)(calendar_days_from_civil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) -
                         calendar_days_from_civil(year, month, 1));
        day = calendar_days_from_civil(year, month, mday < last ? mday : last) - e->sm->first_day;
    } else {
        day += days;
    }
    explorer_days_show(e, day);
}
