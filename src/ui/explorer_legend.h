/* explorer_legend.h — the map's key on the line above the status line: the layer's range and
 * units, a swatch (or the mono ramp's character) for every colour with its values, the class
 * names of the class layer, which side of a difference is better, and how a cell without a
 * value looks. */
#ifndef DRYTEX_EXPLORER_LEGEND_H
#define DRYTEX_EXPLORER_LEGEND_H

#include "explorer_state.h"

/* The key on screen line y, within the first room columns (the rest is left to the jobs line).
 * Returns the column where the layer's range ends (a message may go after it). */
int explorer_legend_draw(const explorer *e, int y, int room);

/* The USDA abbreviation of a texture class index (S, LS, SL, L, SiL, Si, SCL, CL, SiCL, SC, SiC, C). */
const char *explorer_class_abbreviation(int texture_class);

/* The words at the low and high ends of a diverging layer's key ("optimised better", "worse"),
 * and a note on what its middle means; NULL for a sequential layer. */
typedef struct {
    const char *low, *high, *middle;
} explorer_sides;
const explorer_sides *explorer_legend_sides(int layer);

#endif
