/* explorer_view_commands.c — the commands of what the map shows and how (explorer_view_commands.h):
 * :zoom, :magnify, :colours, :range, :day and :tour. */
#include "explorer_view_commands.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "explorer_days.h"
#include "explorer_palette.h"
#include "explorer_tour.h"

/* :zoom in|out|N — data cells per display cell (a power of two up to 64); zooming in past 1:1
 * magnifies: each data cell drawn as 2 × 2, 4 × 4 or 8 × 8 half-blocks (projectors). */
void explorer_command_zoom(explorer *e, int argc, char **argv)
{
    size_t zoom = e->zoom, magnify = e->magnify > 1 ? e->magnify : 1;
    char *end = NULL;
    long n = argc == 2 ? strtol(argv[1], &end, 10) : 0;
    if (argc == 2 && strcmp(argv[1], "in") == 0) {
        if (zoom > 1) zoom /= 2;
        else magnify = magnify < 8 ? magnify * 2 : 8;
    } else if (argc == 2 && strcmp(argv[1], "out") == 0) {
        if (magnify > 1) magnify /= 2;
        else zoom = zoom < 64 ? zoom * 2 : 64;
    } else if (argc == 2 && end && !*end && n >= 1 && n <= 64 && (n & (n - 1)) == 0) {
        zoom = (size_t)n, magnify = 1;
    } else {
        explorer_message(e, "zoom: give in, out or 1, 2, 4, … 64 (data cells per map cell; :magnify N draws a cell larger)");
        return;
    }
    e->zoom = zoom;
    e->magnify = magnify;
    e->top = e->left = magnify > 1 ? EXPLORER_VIEW_CENTRE : 0; /* the view follows the cursor again at the new scale */
    if (magnify > 1) explorer_message(e, "zoom: each cell drawn as %zu × %zu half-blocks", magnify, magnify);
    else explorer_message(e, "zoom: %zu × %zu cells per map cell", zoom, zoom);
}

/* :magnify 1|2|4|8 — each data cell drawn as N × N half-blocks (N columns, N/2 lines: square), for
 * projectors; 1 is the map as it is. */
void explorer_command_magnify(explorer *e, int argc, char **argv)
{
    char *end = NULL;
    long n = argc == 2 ? strtol(argv[1], &end, 10) : 0;
    if (argc != 2 || !end || *end || (n != 1 && n != 2 && n != 4 && n != 8)) {
        explorer_message(e, "magnify: give 1, 2, 4 or 8 (half-blocks per cell along each axis)");
        return;
    }
    e->zoom = 1;
    e->magnify = (size_t)n;
    e->top = e->left = EXPLORER_VIEW_CENTRE; /* the selected cell in the middle */
    explorer_message(e, "magnify: each cell drawn as %ld × %ld half-blocks", n, n);
}

/* :colours NAME — the colour map of the sequential or the diverging layers (the name says which). */
void explorer_command_colours(explorer *e, int argc, char **argv)
{
    char why[200];
    int count;
    const explorer_colour_map *maps = explorer_palette_maps(&count);
    if (argc != 2) {
        char list[400] = "";
        for (int i = 0; i < count; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s (%s)", i ? ", " : "", maps[i].name, maps[i].about);
        explorer_message(e, "colours: give a colour map: %s", list);
        return;
    }
    if (!explorer_palette_use(e, argv[1], why, sizeof why)) {
        explorer_message(e, "colours: %s", why);
        return;
    }
    int diverging = 0;
    for (int i = 0; i < count; i++)
        if (strcmp(maps[i].name, argv[1]) == 0) diverging = maps[i].diverging;
    explorer_message(e, "colours: %s for the %s layers%s", argv[1], diverging ? "diverging (difference)" : "sequential",
                     e->color ? "" : " (in colour: :set theme color)"); /* mono keeps the choice: a project file opens anywhere */
}

/* :range MIN MAX | :range auto — the colours' range of the shown layer, fixed (values outside it
 * take the ramp's end colours) or from the data again; a fixed range lasts until auto or another
 * layer is shown. */
void explorer_command_range(explorer *e, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "auto") == 0) {
        e->range_layer = 0;
        explorer_set_layer(e, e->layer);
        explorer_message(e, "range: from the data, %.4g … %.4g %s", e->low, e->high, explorer_layer_units[e->layer]);
        return;
    }
    char *end1 = NULL, *end2 = NULL;
    double low = argc == 3 ? strtod(argv[1], &end1) : NAN, high = argc == 3 ? strtod(argv[2], &end2) : NAN;
    if (argc != 3 || !end1 || *end1 || end1 == argv[1] || !end2 || *end2 || end2 == argv[2] || !isfinite(low) || !isfinite(high)) {
        explorer_message(e, "range: give MIN MAX (numbers, in %s) or auto", explorer_layer_units[e->layer]);
        return;
    }
    if (!(high > low)) {
        explorer_message(e, "range: MIN %g must be below MAX %g", low, high);
        return;
    }
    if (e->layer == LAYER_CLASS) {
        explorer_message(e, "range: the class layer's colours are its classes, not a range");
        return;
    }
    e->range_layer = e->layer + 1;
    e->range_low = low, e->range_high = high;
    explorer_set_layer(e, e->layer);
    explorer_message(e, "range: %s fixed at %g … %g %s (:range auto: from the data)", explorer_layer_names[e->layer], low, high,
                     explorer_layer_units[e->layer]);
}

/* :day DATE|first|last|mean — the cube's day DATE (YYYY-MM-DD) as the map, its first or last day,
 * or back to the per-cell summary (the mean layer); the keys , . step a day, < > a month. */
void explorer_command_day(explorer *e, int argc, char **argv)
{
    if (argc != 2) {
        explorer_message(e, "day: give a date YYYY-MM-DD, first, last or mean (the keys , . step a day, < > a month)");
        return;
    }
    long ndays = (long)e->sm->ndays;
    char first[16], last[16];
    explorer_days_date(e, 0, first, sizeof first);
    explorer_days_date(e, ndays - 1, last, sizeof last);
    if (strcmp(argv[1], "mean") == 0) {
        explorer_set_layer(e, LAYER_MEAN_SM);
        explorer_message(e, "day: back to the mean of every day");
        return;
    }
    if (strcmp(argv[1], "first") == 0 || strcmp(argv[1], "last") == 0) {
        explorer_days_show(e, strcmp(argv[1], "first") == 0 ? 0 : ndays - 1);
        return;
    }
    int year, month, mday;
    char extra;
    if (sscanf(argv[1], "%d-%d-%d%c", &year, &month, &mday, &extra) != 3 || month < 1 || month > 12 || mday < 1 || mday > 31) {
        explorer_message(e, "day: '%s' is not a date YYYY-MM-DD (the record: %s … %s)", argv[1], first, last);
        return;
    }
    long day = calendar_days_from_civil(year, month, mday) - e->sm->first_day;
    if (day < 0 || day >= ndays) {
        explorer_message(e, "day: %s is outside the record, %s … %s", argv[1], first, last);
        return;
    }
    explorer_days_show(e, day);
}

/* :tour — the selected cell's pipeline step by step (explorer_tour.c). */
void explorer_command_tour(explorer *e, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        explorer_message(e, "tour: takes no arguments (it walks the selected cell)");
        return;
    }
    explorer_tour_start(e);
}

