/* explorer_map.h — the explorer's map: the screen's layout (map, panel, plot), each display
 * cell's colour level (means when zoomed out; the modal class for the class layer), the
 * half-block or density-ramp drawing, and the signs that a map is cropped. */
#ifndef DRYTEX_EXPLORER_MAP_H
#define DRYTEX_EXPLORER_MAP_H

#include "explorer_state.h"
#include "texture_class.h"

/* Where things go on the screen: lines 1 … top_lines hold the map and the panel beside it;
 * below them, after a blank line, the series plot (plot_lines, 0 when there is no room or no
 * Braille). At 80 × 24 the map is shortened so that a plot fits: the map scrolls, the plot
 * cannot. */
typedef struct {
    int map_width;   /* columns of map shown */
    int top_lines;   /* lines of the map-and-panel area */
    int plot_top;    /* first line of the plot */
    int plot_lines;  /* its height, its axis lines included; 0: no plot */
} explorer_layout;

void explorer_layout_get(const explorer *e, explorer_layout *l);

size_t explorer_display_cols(const explorer *e);

/* Half-blocks per data cell along each axis (projectors: :magnify, + past 1:1), 1 when zoomed out. */
size_t explorer_magnify(const explorer *e);
/* The selected cell's pixel (the middle of its magnify × magnify half-blocks) on the whole map. */
void explorer_cursor_pixel(const explorer *e, size_t *row, size_t *col);
/* The data row (or column) a pixel of the map shows, below limit. */
size_t explorer_pixel_to_data(const explorer *e, size_t pixel, size_t limit);

/* Keeps the selected cell in view (the view scrolls when it leaves the map's area). */
void explorer_keep_cursor_visible(explorer *e);

/* The map, and the arrows that say more of it lies beyond an edge. */
void explorer_draw_map(explorer *e);

/* The class layer's colour level of every texture class present in it (-1 for the others):
 * present classes get distinct levels spread over the ramp while there are at most
 * EXPLORER_LEVELS of them. Returns the number of classes present. */
int explorer_class_levels(const explorer *e, int level[TEXTURE_CLASS_COUNT]);

#endif
