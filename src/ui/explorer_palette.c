/* explorer_palette.c — the explorer's colour pairs (explorer_palette.h). */
#include "explorer_palette.h"

#include <curses.h>

#include "compare_panel.h"
#include "series_plot.h"
#include "trace_panel.h"
#include "triangle_panel.h"

enum { LEVELS = EXPLORER_LEVELS, MISSING_LEVEL = EXPLORER_MISSING_LEVEL };

/* A perceptual ramp from viridis sampled at 9 points and matched to the xterm 256-colour cube
 * (viridis: van der Walt & Smith, matplotlib, CC0). */
static const short viridis256[LEVELS] = {54, 61, 25, 31, 37, 36, 71, 149, 190};
static const short basic8[LEVELS] = {COLOR_MAGENTA, COLOR_BLUE, COLOR_BLUE, COLOR_CYAN, COLOR_CYAN, COLOR_GREEN, COLOR_GREEN, COLOR_YELLOW, COLOR_YELLOW};
/* ColorBrewer BrBG (Brewer, Harrower et al.), 9 classes, matched to the xterm 256-colour cube: brown
 * for negative, white for no change, teal for positive differences. */
static const short brbg256[LEVELS] = {94, 136, 180, 223, 255, 152, 115, 66, 23};
static const short brbg8[LEVELS] = {COLOR_RED, COLOR_RED, COLOR_YELLOW, COLOR_YELLOW, COLOR_WHITE, COLOR_CYAN, COLOR_CYAN, COLOR_GREEN, COLOR_GREEN};

short explorer_palette_pair(int fg, int bg)
{
    return (short)(1 + fg * (LEVELS + 1) + bg);
}

/* The map's colour pairs: every (upper, lower) half-block combination of the palette's levels. */
void explorer_palette_map(explorer *e, int diverging)
{
    const short *palette = COLORS >= 256 ? (diverging ? brbg256 : viridis256) : (diverging ? brbg8 : basic8);
    short missing = COLORS >= 256 ? 237 : COLOR_BLACK;
    for (int fg = 0; fg <= LEVELS; fg++)
        for (int bg = 0; bg <= LEVELS; bg++)
            init_pair(explorer_palette_pair(fg, bg), fg == MISSING_LEVEL ? missing : palette[fg],
                      bg == MISSING_LEVEL ? missing : palette[bg]);
    e->diverging_palette = diverging;
}

void explorer_palette_setup(explorer *e)
{
    if (!e->color) return;
    start_color();
    use_default_colors();
    explorer_palette_map(e, 0);
    series_plot_colors();
    triangle_panel_colors();
    trace_panel_colors();
    compare_panel_colors();
}
