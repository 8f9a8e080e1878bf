/* explorer_ticks.h — latitude and longitude ticks on the map's edges: the longitudes on the line
 * under the map, the latitudes in a gutter right of it, when the screen has room for them (a
 * cropped map on 80 columns gives its columns to the map, and the title says what is shown). */
#ifndef DRYTEX_EXPLORER_TICKS_H
#define DRYTEX_EXPLORER_TICKS_H

#include "explorer_state.h"

enum { EXPLORER_TICKS_GUTTER = 7 }; /* columns of the latitude gutter: " 35.5°N" */

/* The gutter's width right of a map width columns wide: EXPLORER_TICKS_GUTTER when the panel
 * keeps 60 columns after it (130 columns for a 60-column map), else 0. */
int explorer_ticks_gutter(const explorer *e, int width);

/* The ticks of the map drawn width columns wide on lines 1 … lines; the longitudes only when
 * line 1 + lines is free (below is no plot's first line and no key). */
void explorer_ticks_draw(const explorer *e, int width, int lines, int below_free);

#endif
