/* explorer_palette.h — the explorer's colour pairs: the map's ramps and the panels' colours, set
 * up once after initscr and again when the map changes between sequential and diverging. Both the
 * screen (explorer_draw.c) and the commands (:set theme) use it; it uses neither. */
#ifndef DRYTEX_EXPLORER_PALETTE_H
#define DRYTEX_EXPLORER_PALETTE_H

#include <stddef.h>

#include "explorer_state.h"

/* The map's colour levels: LEVELS from low to high values, and one for a cell without a value. */
enum { EXPLORER_LEVELS = 9, EXPLORER_MISSING_LEVEL = EXPLORER_LEVELS };

/* Every colour pair of the theme, from the terminal's COLORS and COLOR_PAIRS (nothing under mono;
 * a terminal with fewer than 8 colours or 63 pairs turns the theme to mono); the map's start
 * sequential. */
void explorer_palette_setup(explorer *e);
/* The map's pairs hold the diverging ramp (1) or the sequential one (0). */
void explorer_palette_map(explorer *e, int diverging);
/* "256 colours", "88 colours", "16 colours", "8 colours" or "mono": the palette in use. */
const char *explorer_palette_name(void);
/* A colour map: its name, whether it is for differences, what it is, its ramp on each palette
 * (256, 88, 16, 8 colours; -1 first: not on that palette). */
typedef struct {
    const char *name;
    int diverging;
    const char *about;
    short ramp[4][EXPLORER_LEVELS];
} explorer_colour_map;
const explorer_colour_map *explorer_palette_maps(int *count);
/* The map in use for sequential (0) or diverging (1) layers. */
const char *explorer_palette_map_name(int diverging);
/* :colours NAME — the sequential or diverging layers drawn with that map from now on; 0 (and why)
 * for an unknown name or a map this terminal cannot show. */
int explorer_palette_use(explorer *e, const char *name, char *why, size_t size);

/* The selected cell's marker: a pair that contrasts with every map colour. */
short explorer_palette_marker(void);
/* The colour pair of a half-block whose upper cell has level fg and lower cell level bg. */
short explorer_palette_pair(int fg, int bg);

#endif
