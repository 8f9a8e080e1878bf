/* explorer_palette.c — the explorer's colour pairs (explorer_palette.h).
 *
 * The palette is chosen at start-up from what the terminal says it has (COLORS, COLOR_PAIRS):
 * 256, 88, 16 or 8 colours, else the mono theme. Pairs are numbered panels first (1 … 13, the
 * numbers in the panels' headers), the selected cell's marker (14), then the map's: one pair for every (upper, lower) combination
 * of the ramp's colour slots and the missing-value colour. With 9 slots that is 100 pairs, more
 * than an 8-colour terminal's 64 (TERM=xterm, screen, linux), where pairs above 63 silently fail
 * and the wettest third of the map was drawn black on black: there the 9 levels share 6 slots,
 * 49 pairs (15 … 63), so every pair used is below COLOR_PAIRS. */
#include "explorer_palette.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "compare_panel.h"
#include "series_plot.h"
#include "trace_panel.h"
#include "triangle_panel.h"

enum { LEVELS = EXPLORER_LEVELS, MISSING_LEVEL = EXPLORER_MISSING_LEVEL, MARKER_PAIR = 14, MAP_PAIR = 15, MAX_SLOTS = LEVELS };

typedef struct {
    const char *name;
    int colors;                          /* the least COLORS it needs */
    int slots;                           /* distinct map colours */
    unsigned char slot_of_level[LEVELS]; /* level (low → high) → slot; a diverging map's middle level alone in its slot */
} palette;

/* The terminals' palettes, richest first; a colour map has a ramp for each. */
enum { PALETTE_256, PALETTE_88, PALETTE_16, PALETTE_8, PALETTES };
static const palette palettes[PALETTES] = {
    {"256 colours", 256, 9, {0, 1, 2, 3, 4, 5, 6, 7, 8}},
    {"88 colours", 88, 9, {0, 1, 2, 3, 4, 5, 6, 7, 8}},
    {"16 colours", 16, 9, {0, 1, 2, 3, 4, 5, 6, 7, 8}},
    {"8 colours", 8, 6, {0, 1, 1, 2, 3, 4, 4, 5, 5}},
};

/* A cell without a value is drawn on the terminal's own background (and as a dot where both
 * halves of a character lack one): a grey of its own (237 on 256 colours, black on 8) was taken
 * for the ramp's darkest colours. */
enum { MISSING_COLOR = -1 };

/* The colour maps (:colours NAME), each a ramp per palette (a slot a colour; -1: this palette
 * cannot show the map). Viridis (van der Walt & Smith, matplotlib, CC0) sampled at 9 points;
 * ColorBrewer BrBG and PuOr (Brewer, Harrower et al.; PuOr is safe for colour-blind viewers:
 * orange against purple), all matched to the xterm 256- and 88-colour cubes; the 16- and
 * 8-colour ramps keep their order of hue and lightness with the ANSI colours. grey needs 88
 * colours or more. */
static const explorer_colour_map maps[] = {
    {"viridis", 0, "sequential, colour-blind safe (default)",
     {{54, 61, 25, 31, 37, 36, 71, 149, 190}, {17, 33, 21, 22, 26, 25, 41, 56, 76}, {5, 4, 12, 6, 14, 2, 10, 3, 11},
      {COLOR_MAGENTA, COLOR_BLUE, COLOR_CYAN, COLOR_GREEN, COLOR_YELLOW, COLOR_WHITE}}},
    {"grey", 0, "sequential, dark to light (projectors, print)",
     {{235, 237, 239, 241, 243, 245, 248, 251, 254}, {80, 81, 82, 83, 84, 85, 86, 87, 79}, {-1}, {-1}}},
    {"brbg", 1, "diverging, brown to teal (default for differences)",
     {{94, 136, 180, 223, 255, 152, 115, 66, 23}, {36, 52, 57, 78, 79, 63, 42, 26, 21}, {1, 9, 3, 11, 15, 14, 6, 12, 4},
      {COLOR_RED, COLOR_YELLOW, COLOR_YELLOW, COLOR_WHITE, COLOR_CYAN, COLOR_BLUE}}},
    {"puor", 1, "diverging, orange to purple, colour-blind safe",
     {{130, 172, 215, 223, 255, 189, 146, 97, 54}, {52, 68, 73, 78, 79, 59, 55, 38, 34}, {1, 9, 3, 11, 15, 13, 5, 12, 4},
      {COLOR_RED, COLOR_YELLOW, COLOR_YELLOW, COLOR_WHITE, COLOR_MAGENTA, COLOR_BLUE}}},
};
enum { MAP_COUNT = sizeof maps / sizeof *maps };

static int map_in_use[2] = {0, 2}; /* the sequential and the diverging map (indices of maps) */

static const palette *chosen; /* set once the terminal is known (explorer_palette_setup) */

/* The richest palette whose colours and pairs the terminal has, or NULL. */
static const palette *palette_for_terminal(void)
{
    for (size_t i = 0; i < PALETTES; i++) {
        int last_pair = MAP_PAIR + (palettes[i].slots + 1) * (palettes[i].slots + 1) - 1;
        if (COLORS >= palettes[i].colors && COLOR_PAIRS > last_pair) return &palettes[i];
    }
    return NULL;
}

static int slot_of(int level)
{
    return level == MISSING_LEVEL ? chosen->slots : chosen->slot_of_level[level];
}

short explorer_palette_pair(int fg, int bg)
{
    if (!chosen) return 0;
    return (short)(MAP_PAIR + slot_of(fg) * (chosen->slots + 1) + slot_of(bg));
}

short explorer_palette_marker(void)
{
    return chosen ? MARKER_PAIR : 0;
}

const char *explorer_palette_name(void)
{
    return chosen ? chosen->name : "mono";
}

/* On the light theme's white background a white ramp colour would look like a cell without a
 * value: it becomes black (8 colours), grey (16), light grey (88, 256). */
static short on_light(short color)
{
    switch (color) {
    case COLOR_WHITE: return COLOR_BLACK;
    case 15: return chosen == &palettes[PALETTE_16] ? 8 : color;
    case 79: return chosen == &palettes[PALETTE_88] ? 85 : color;
    case 255: return 250;
    default: return color;
    }
}

void explorer_palette_map(explorer *e, int diverging)
{
    e->diverging_palette = diverging;
    if (!chosen) return;
    short colors[LEVELS];
    int map = map_in_use[diverging != 0];
    if (maps[map].ramp[chosen - palettes][0] < 0) map = diverging ? 2 : 0; /* chosen in mono, not on this palette: the default */
    for (int i = 0; i < chosen->slots; i++) {
        short c = maps[map].ramp[chosen - palettes][i];
        colors[i] = e->light ? on_light(c) : c;
    }
    for (int fg = 0; fg <= chosen->slots; fg++)
        for (int bg = 0; bg <= chosen->slots; bg++)
            init_pair((short)(MAP_PAIR + fg * (chosen->slots + 1) + bg), fg == chosen->slots ? MISSING_COLOR : colors[fg],
                      bg == chosen->slots ? MISSING_COLOR : colors[bg]);
}

void explorer_palette_setup(explorer *e)
{
    if (!e->color) return;
    start_color();
    /* the light theme (projectors): black on white, the terminal's "default" colours included */
    if (e->light) assume_default_colors(COLOR_BLACK, COLOR_WHITE);
    else use_default_colors();
    chosen = palette_for_terminal();
    if (!chosen) { /* fewer than 8 colours or 63 pairs: the density ramp reads better than a broken map */
        e->color = 0;
        return;
    }
    explorer_palette_map(e, 0);
    /* the selected cell: white on black stands out of every ramp (it was drawn in its own cell's
     * colours, invisible) */
    init_pair(MARKER_PAIR, chosen->colors >= 16 ? 15 : COLOR_WHITE, COLOR_BLACK);
    series_plot_colors();
    triangle_panel_colors();
    trace_panel_colors();
    compare_panel_colors();
}

const explorer_colour_map *explorer_palette_maps(int *count)
{
    *count = MAP_COUNT;
    return maps;
}

const char *explorer_palette_map_name(int diverging)
{
    return maps[map_in_use[diverging != 0]].name;
}

int explorer_palette_use(explorer *e, const char *name, char *why, size_t size)
{
    for (int i = 0; i < MAP_COUNT; i++) {
        if (strcmp(maps[i].name, name) != 0) continue;
        if (chosen && maps[i].ramp[chosen - palettes][0] < 0) {
            snprintf(why, size, "%s needs more colours than this terminal's %s", name, chosen->name);
            return 0;
        }
        map_in_use[maps[i].diverging] = i;
        explorer_palette_map(e, e->diverging_palette);
        return 1;
    }
    int used = snprintf(why, size, "'%s' is not a colour map: one of", name);
    for (int i = 0; i < MAP_COUNT && used > 0 && (size_t)used < size; i++)
        used += snprintf(why + used, size - (size_t)used, "%s %s", i ? "," : "", maps[i].name);
    return 0;
}
