/* station_layer.c — in-situ stations in the explorer (station_layer.h). */
#include "station_layer.h"

#include <ctype.h>
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "compare_panel.h"
#include "explorer_map.h"
#include "explorer_palette.h"
#include "metrics.h"
#include "screen_text.h"
#include "series_plot.h"
#include "stations.h"

struct station_layer {
    char *path;
    station_set set;
    const grid *placed_on;   /* the grid cell[] is for (placed at first use: the grid comes later) */
    long *cell;              /* [count] row × cols + col, −1 outside the grid */
    size_t inside;
    size_t chosen;           /* the station :station went to (shown first in its cell), or count */
    const char **words;      /* the names' words, NULL-terminated, for completion */
    size_t daily_for;        /* 1 + the station daily[] holds, 0 none */
    long daily_first;        /* [days since 1970-01-01] daily[0], the satellite series' first day */
    size_t daily_ndays;
    float *daily;            /* [daily_ndays] m3 m-3 */
    char legend[32];
    station_plot_series plot;
};

/* Pair of the station's line on the plot where the terminal has pairs to spare (256, 88 or 16
 * colours: the map's pairs end at 114), a green of its own; on 8 colours every pair below 64 is
 * taken and it shares the Noah-MP panel's cyan (the line is dashed: it reads apart all the same). */
enum { STATION_PLOT_PAIR = 200, SHARED_PLOT_PAIR = COMPARE_PAIR + 3 };

static void add_word(station_layer *l, size_t *n, size_t *capacity, const char *word, size_t length)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen(l->words[i]) == length && strncmp(l->words[i], word, length) == 0) return;
    if (*n + 2 > *capacity) {
        *capacity = 2 * *capacity + 8;
        l->words = dt_realloc(l->words, *capacity * sizeof *l->words);
    }
    char *copy = dt_malloc(length + 1);
    memcpy(copy, word, length);
    copy[length] = '\0';
    l->words[(*n)++] = copy;
    l->words[*n] = NULL;
}

int station_layer_open(station_layer **out, const char *path, const ismn_options *options, size_t *skipped,
                       dt_error *err)
{
    *out = NULL;
    station_layer *l = dt_calloc(1, sizeof *l);
    int status = stations_read(path, options, &l->set, skipped, err);
    if (status != DT_OK) {
        free(l);
        return status;
    }
    l->path = dt_strdup(path);
    l->cell = dt_malloc(l->set.count * sizeof *l->cell);
    l->chosen = l->set.count;
    size_t n = 0, capacity = 0;
    for (size_t k = 0; k < l->set.count; k++)
        for (const char *word = l->set.items[k].name; *word;) {
            size_t length = strcspn(word, " \t");
            if (length) add_word(l, &n, &capacity, word, length);
            word += length + strspn(word + length, " \t");
        }
    *out = l;
    return DT_OK;
}

void station_layer_free(station_layer *l)
{
    if (!l) return;
    stations_free(&l->set);
    for (size_t i = 0; l->words && l->words[i]; i++) free((char *)l->words[i]);
    free(l->words);
    free(l->cell);
    free(l->daily);
    free(l->path);
    free(l);
}

size_t station_layer_count(const station_layer *l)
{
    return l ? l->set.count : 0;
}

const char *station_layer_path(const station_layer *l)
{
    return l ? l->path : NULL;
}

/* The explorer's stations, placed on its grid. */
static station_layer *layer_of(const explorer *e)
{
    station_layer *l = e->options ? e->options->stations : NULL;
    if (!l || !e->sm || l->placed_on == e->sm->grid) return l;
    l->inside = 0;
    for (size_t k = 0; k < l->set.count; k++) {
        size_t row, col;
        l->cell[k] = -1;
        if (grid_locate(e->sm->grid, l->set.items[k].lat, l->set.items[k].lon, &row, &col) == DT_OK && row < e->rows && col < e->cols)
            l->cell[k] = (long)(row * e->cols + col), l->inside++;
    }
    l->placed_on = e->sm->grid;
    return l;
}

/* The station shown at a data cell (the one :station chose, else the first), −1 for none; *count
 * stations are there. */
static long station_at(const station_layer *l, size_t cell, size_t *count)
{
    long first = -1;
    *count = 0;
    for (size_t k = 0; k < l->set.count; k++) {
        if (l->cell[k] != (long)cell) continue;
        (*count)++;
        if (first < 0 || k == l->chosen) first = (long)k;
    }
    return first;
}

/* The glyph: ▲ where the screen shows Unicode, S in ASCII (and on the Linux console's map). */
static int ascii_glyph(const explorer *e)
{
    return !e->utf8 || screen_text_is_ascii();
}

void station_layer_draw_map(explorer *e)
{
    station_layer *l = layer_of(e);
    if (!l || !l->inside) return;
    int width, height, per_line = explorer_rows_per_line(e), lines = explorer_map_lines(e);
    explorer_map_size(e, &width, &height);
    size_t zoom = e->zoom, m = explorer_magnify(e), cols = explorer_display_cols(e), srow, scol; /* pixels (explorer_map.h) */
    explorer_cursor_pixel(e, &srow, &scol);
    if (e->left >= cols) return;
    if ((size_t)width > cols - e->left) width = (int)(cols - e->left);
    for (size_t k = 0; k < l->set.count; k++) {
        if (l->cell[k] < 0) continue;
        size_t drow = (size_t)l->cell[k] / e->cols / zoom * m + (m - 1) / 2, dcol = (size_t)l->cell[k] % e->cols / zoom * m + (m - 1) / 2;
        if (drow < e->top || dcol < e->left || dcol >= e->left + (size_t)width) continue;
        int y = (int)((drow - e->top) / (size_t)per_line), x = (int)(dcol - e->left);
        if (y >= lines) continue;
        int selected = dcol == scol && srow >= e->top && (int)((srow - e->top) / (size_t)per_line) == y;
        if (per_line == 2) { /* half-blocks: the selected cell's ◆ stays on top */
            if (selected) continue;
            cchar_t glyph;
            setcchar(&glyph, L"▲", A_BOLD, explorer_palette_marker(), NULL);
            mvadd_wch(1 + y, x, &glyph);
        } else if (ascii_glyph(e)) {
            chtype color = e->color ? COLOR_PAIR(explorer_palette_marker()) : 0;
            mvaddch(1 + y, x, (chtype)'S' | A_BOLD | color | (selected ? A_REVERSE : A_NORMAL));
        } else {
            cchar_t glyph;
            setcchar(&glyph, L"▲", A_BOLD | (selected ? A_REVERSE : A_NORMAL), e->color ? explorer_palette_marker() : 0, NULL);
            mvadd_wch(1 + y, x, &glyph);
        }
    }
}

void station_layer_draw_key(explorer *e)
{
    station_layer *l = layer_of(e);
    if (!l) return;
    const char *glyph = ascii_glyph(e) ? "S" : "▲";
    char key[3][96];
    snprintf(key[0], sizeof key[0], "%s station: %zu on the map, %zu outside", glyph, l->inside, l->set.count - l->inside);
    if (l->inside == l->set.count)
        snprintf(key[0], sizeof key[0], "%s station (%zu on the map)", glyph, l->inside);
    snprintf(key[1], sizeof key[1], "%s station (%zu)", glyph, l->inside);
    snprintf(key[2], sizeof key[2], "%s station", glyph);
    int end = COLS; /* the title's end: the last character that is not blank */
    while (end > 0 && (mvinch(0, end - 1) & A_CHARTEXT) == ' ') end--;
    for (int i = 0; i < 3; i++) {
        int columns = screen_text_columns(key[i]);
        if (end + 3 + columns > COLS) continue;
        screen_text(0, COLS - columns, columns, "%s", key[i]);
        return;
    }
}

/* The station's observations on the satellite series' days (cached for one station and series). */
static const float *station_daily_for(station_layer *l, size_t k, long first_day, size_t ndays)
{
    if (l->daily_for == k + 1 && l->daily_first == first_day && l->daily_ndays == ndays) return l->daily;
    free(l->daily);
    l->daily = dt_malloc((ndays ? ndays : 1) * sizeof *l->daily);
    station_daily(&l->set.items[k], first_day, ndays, l->daily);
    l->daily_for = k + 1, l->daily_first = first_day, l->daily_ndays = ndays;
    return l->daily;
}

static void date_text(long day, char *out, size_t size)
{
    int year, month, mday;
    calendar_civil_from_days(day, &year, &month, &mday);
    snprintf(out, size, "%04d-%02d-%02d", year, month, mday);
}

void station_layer_draw_panel(explorer *e, int *y, int x, int width)
{
    station_layer *l = layer_of(e);
    size_t here;
    long k = l && e->report_ok ? station_at(l, e->row * e->cols + e->col, &here) : -1;
    if (k < 0 || *y >= LINES - 1) return;
    const station *s = &l->set.items[k];
    char depth[48] = "depth not given";
    if (!isnan(s->depth_from) && fabs(s->depth_to - s->depth_from) < 1e-9) snprintf(depth, sizeof depth, "%.2f m", s->depth_from);
    else if (!isnan(s->depth_from)) snprintf(depth, sizeof depth, "%.2f–%.2f m", s->depth_from, s->depth_to);
    char more[32] = "";
    if (here > 1) snprintf(more, sizeof more, " (+%zu here)", here - 1);
    attron(A_BOLD);
    screen_text((*y)++, x, width, "%s %s, %s%s", ascii_glyph(e) ? "S" : "▲", s->name, depth, more);
    attroff(A_BOLD);
    if (*y >= LINES - 1) return;
    const cell_report *r = &e->report;
    metrics m;
    metrics_compare(r->series, station_daily_for(l, (size_t)k, r->first_day, r->ndays), r->ndays, &m);
    if (m.count >= 2) {
        screen_text((*y)++, x, width, "vs in situ: R %.2f ubRMSE %.3f bias %+.3f, %zu d", m.r, m.ubrmse, m.bias, m.count);
    } else {
        char from[16] = "", to[16] = "";
        long first = 0, last = 0;
        for (size_t i = 0; i < s->count; i++) {
            if (i == 0 || s->day[i] < first) first = s->day[i];
            if (i == 0 || s->day[i] > last) last = s->day[i];
        }
        date_text(first, from, sizeof from);
        date_text(last, to, sizeof to);
        screen_text((*y)++, x, width, "%s day in common with the satellite (in situ %s…%s)", m.count ? "one" : "no", from, to);
    }
}

const station_plot_series *station_layer_plot(explorer *e)
{
    station_layer *l = layer_of(e);
    size_t here;
    long k = l && e->report_ok ? station_at(l, e->row * e->cols + e->col, &here) : -1;
    if (k < 0) return NULL;
    const cell_report *r = &e->report;
    l->plot.values = station_daily_for(l, (size_t)k, r->first_day, r->ndays);
    l->plot.ndays = r->ndays;
    l->plot.color = SHARED_PLOT_PAIR - SERIES_PLOT_PAIR;
    if (e->color && COLORS >= 16 && COLOR_PAIRS > STATION_PLOT_PAIR) {
        init_pair(STATION_PLOT_PAIR, COLORS >= 256 ? 40 : 10, -1); /* green, bright green */
        l->plot.color = STATION_PLOT_PAIR - SERIES_PLOT_PAIR;
    }
    snprintf(l->legend, sizeof l->legend, "┄ in situ");
    l->plot.legend = l->legend;
    return &l->plot;
}

/* 1 when every word of words[0…n) is in name, case aside. */
static int name_holds(const char *name, char **words, int n)
{
    for (int i = 0; i < n; i++) {
        size_t length = strlen(words[i]);
        int found = 0;
        for (const char *p = name; *p && !found; p++) found = strncasecmp(p, words[i], length) == 0;
        if (!found) return 0;
    }
    return 1;
}

static void list_stations(explorer *e, const station_layer *l)
{
    char text[sizeof e->message - 64] = "";
    size_t used = 0, shown = 0;
    for (size_t k = 0; k < l->set.count && used + 80 < sizeof text; k++, shown++) {
        const station *s = &l->set.items[k];
        if (l->cell[k] >= 0)
            used += (size_t)snprintf(text + used, sizeof text - used, "%s%s (cell %ld,%ld)", k ? "; " : "", s->name,
                                     l->cell[k] / (long)e->cols, l->cell[k] % (long)e->cols);
        else
            used += (size_t)snprintf(text + used, sizeof text - used, "%s%s (outside)", k ? "; " : "", s->name);
    }
    explorer_message(e, "station: %zu: %s%s", l->set.count, text, shown < l->set.count ? "; …" : "");
}

void station_layer_command(explorer *e, int argc, char **argv)
{
    station_layer *l = layer_of(e);
    if (!l) {
        explorer_message(e, "station: no stations (open the explorer with --stations FILE|DIR)");
        return;
    }
    if (argc < 2) {
        list_stations(e, l);
        return;
    }
    char wanted[256] = "";
    for (int i = 1; i < argc; i++) snprintf(wanted + strlen(wanted), sizeof wanted - strlen(wanted), "%s%s", i > 1 ? " " : "", argv[i]);
    long found = -1;
    size_t matches = 0;
    for (size_t k = 0; k < l->set.count; k++) {
        if (strcasecmp(l->set.items[k].name, wanted) == 0) { /* the whole name wins over a part of several */
            found = (long)k, matches = 1;
            break;
        }
        if (name_holds(l->set.items[k].name, argv + 1, argc - 1) && matches++ == 0) found = (long)k;
    }
    if (found < 0) {
        explorer_message(e, "station: none of the %zu stations is called '%s' (:station lists them)", l->set.count, wanted);
        return;
    }
    const station *s = &l->set.items[found];
    if (l->cell[found] < 0) {
        explorer_message(e, "station: %s at %.3f°%c %.3f°%c is outside the grid", s->name, fabs(s->lat), s->lat < 0 ? 'S' : 'N',
                         fabs(s->lon), s->lon < 0 ? 'W' : 'E');
        return;
    }
    l->chosen = (size_t)found;
    e->row = (size_t)l->cell[found] / e->cols;
    e->col = (size_t)l->cell[found] % e->cols;
    explorer_run_cell(e);
    if (matches > 1)
        explorer_message(e, "station: %s (the first of %zu whose names hold '%s')", s->name, matches, wanted);
    else
        explorer_message(e, "station: %s", s->name);
}

const char *const *station_layer_words(const explorer *e)
{
    const station_layer *l = e->options ? e->options->stations : NULL;
    static const char *const none[] = {NULL};
    return l && l->words ? l->words : none;
}
