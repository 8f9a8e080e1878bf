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

#include "compare_panel.h"
#include "series_plot.h"
#include "trace_panel.h"
#include "triangle_panel.h"

enum { LEVELS = EXPLORER_LEVELS, MISSING_LEVEL = EXPLORER_MISSING_LEVEL, MARKER_PAIR = 14, MAP_PAIR = 15, MAX_SLOTS = LEVELS };

typedef struct {
    const char *name;
    int colors;                          /* the least COLORS it needs */
    int slots;                           /* distinct map colours */
    unsigned char slot_of_level[LEVELS]; /* level (low → high) → slot */
    short sequential[MAX_SLOTS];         /* viridis-like, per slot */
    short diverging[MAX_SLOTS];          /* BrBG-like, per slot; the middle level alone in its slot */
} palette;

/* A cell without a value is drawn on the terminal's own background (and as a dot where both
 * halves of a character lack one): a grey of its own (237 on 256 colours, black on 8) was taken
 * for the ramp's darkest colours. */
enum { MISSING_COLOR = -1 };

/* Viridis (van der Walt & Smith, matplotlib, CC0) sampled at 9 points and ColorBrewer BrBG
 * (Brewer, Harrower et al.; brown for negative, white for no change, teal for positive), matched
 * to the xterm 256- and 88-colour cubes; the 16- and 8-colour ramps keep their order of hue and
 * lightness with the ANSI colours. */
static const palette palettes[] = {
    {"256 colours", 256, 9, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {54, 61, 25, 31, 37, 36, 71, 149, 190},
     {94, 136, 180, 223, 255, 152, 115, 66, 23}},
    {"88 colours", 88, 9, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {17, 33, 21, 22, 26, 25, 41, 56, 76},
     {36, 52, 57, 78, 79, 63, 42, 26, 21}},
    {"16 colours", 16, 9, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {5, 4, 12, 6, 14, 2, 10, 3, 11},
     {1, 9, 3, 11, 15, 14, 6, 12, 4}},
    {"8 colours", 8, 6, {0, 1, 1, 2, 3, 4, 4, 5, 5},
     {COLOR_MAGENTA, COLOR_BLUE, COLOR_CYAN, COLOR_GREEN, COLOR_YELLOW, COLOR_WHITE},
     {COLOR_RED, COLOR_YELLOW, COLOR_YELLOW, COLOR_WHITE, COLOR_CYAN, COLOR_BLUE}},
};

static const palette *chosen; /* set once the terminal is known (explorer_palette_setup) */

/* The richest palette whose colours and pairs the terminal has, or NULL. */
static const palette *palette_for_terminal(void)
{
    for (size_t i = 0; i < sizeof palettes / sizeof *palettes; i++) {
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

void explorer_palette_map(explorer *e, int diverging)
{
    e->diverging_palette = diverging;
    if (!chosen) return;
    const short *colors = diverging ? chosen->diverging : chosen->sequential;
    for (int fg = 0; fg <= chosen->slots; fg++)
        for (int bg = 0; bg <= chosen->slots; bg++)
            init_pair((short)(MAP_PAIR + fg * (chosen->slots + 1) + bg), fg == chosen->slots ? MISSING_COLOR : colors[fg],
                      bg == chosen->slots ? MISSING_COLOR : colors[bg]);
}

void explorer_palette_setup(explorer *e)
{
    if (!e->color) return;
    start_color();
    use_default_colors();
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
