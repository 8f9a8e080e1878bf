/* explorer_legend.c — the map's key (explorer_legend.h). Every item of the key is written whole or
 * not at all: a value is never cut in the middle at a narrow screen. */
#include "explorer_legend.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "explorer_days.h"
#include "explorer_map.h"
#include "explorer_palette.h"
#include "screen_text.h"

enum { LEVELS = EXPLORER_LEVELS, MISSING_LEVEL = EXPLORER_MISSING_LEVEL };

static const char mono_ramp[LEVELS + 1] = ".:-=+*#%@";

const char *explorer_class_abbreviation(int c)
{
    static const char *const abbreviations[TEXTURE_CLASS_COUNT] = {"S", "LS", "SL", "L", "SiL", "Si", "SCL", "CL", "SiCL", "SC", "SiC", "C"};
    return c >= 0 && c < TEXTURE_CLASS_COUNT ? abbreviations[c] : "?";
}

const explorer_sides *explorer_legend_sides(int layer)
{
    /* optimised − baseline of a texture: neither side is better; of the RMSE (simulate_output.c:
     * "negative: improved"): lower is better; a bias, mean(simulated − reference): 0 is best */
    static const explorer_sides change = {"← optimised lower", "higher →", "0 no change"};
    static const explorer_sides rmse = {"← optimised better", "worse →", "0 no change"};
    static const explorer_sides bias = {"← model too dry", "too wet →", "0 best"};
    switch (layer) {
    case LAYER_SAND_CHANGE: case LAYER_CLAY_CHANGE: case LAYER_SOC_CHANGE: return &change;
    case LAYER_RMSE_CHANGE: return &rmse;
    case LAYER_BIAS_BASELINE: case LAYER_BIAS_OPTIMISED: return &bias;
    default: return NULL;
    }
}

/* A key being written: items go on line y from the current column while they fit before room. */
typedef struct {
    int y, room;
} key_line;

/* (the last column stays free: a character there moves curses' cursor onto the next line, and the
 * status line reads where the key ended) */
static int fits(const key_line *k, const char *text)
{
    return getcurx(stdscr) + screen_text_columns(text) < k->room && getcury(stdscr) == k->y;
}

/* text at the cursor if it fits whole; 1 when written */
static int put(const key_line *k, const char *text)
{
    if (!fits(k, text)) return 0;
    int x = getcurx(stdscr);
    screen_text(k->y, x, k->room - x, "%s", text);
    move(k->y, x + screen_text_columns(text));
    return 1;
}

/* A swatch of level's colour, width columns wide. */
static void swatch(int level, int width)
{
    attron(COLOR_PAIR(explorer_palette_pair(level, level)));
    for (int i = 0; i < width; i++) addch(' ');
    attroff(COLOR_PAIR(explorer_palette_pair(level, level)));
}

/* How a cell without a value looks: the map's dot on the terminal's background. */
static void missing_item(const key_line *k, int color)
{
    const char *text = color ? "  · no value" : "   blank: no value";
    if (!fits(k, text)) return;
    put(k, text);
}

static void value_text(const explorer *e, double v, char *out, size_t size)
{
    snprintf(out, size, fabs(e->high) < 10 && fabs(e->low) < 10 ? "%.3f" : "%.3g", v);
}

/* The mono ramp: each character with the lowest value it stands for. */
static void mono_key(const explorer *e, const key_line *k)
{
    put(k, "   ");
    for (int level = 0; level < LEVELS; level++) {
        char item[40], value[24];
        value_text(e, e->low + (e->high - e->low) * level / LEVELS, value, sizeof value);
        snprintf(item, sizeof item, " %c %s", mono_ramp[level], value);
        if (!put(k, item)) break;
    }
    missing_item(k, 0);
}

/* A sequential layer in colour: a swatch and the lowest value of each colour when all of them fit,
 * else the colour bar between the range's two ends, so that every colour is always shown. */
static void sequential_key(const explorer *e, const key_line *k)
{
    char values[LEVELS + 1][24];
    int labelled = getcurx(stdscr) + 2 + 13;
    for (int level = 0; level <= LEVELS; level++) {
        value_text(e, e->low + (e->high - e->low) * level / LEVELS, values[level], sizeof values[level]);
        if (level < LEVELS) labelled += 3 + screen_text_columns(values[level]);
    }
    put(k, "  ");
    if (labelled < k->room) {
        for (int level = 0; level < LEVELS; level++) {
            addch(' ');
            swatch(level, 2);
            put(k, values[level]);
        }
    } else if (getcurx(stdscr) + screen_text_columns(values[0]) + 2 + 2 * LEVELS + screen_text_columns(values[LEVELS]) + 12 < k->room) {
        put(k, values[0]);
        addch(' ');
        for (int level = 0; level < LEVELS; level++) swatch(level, 2);
        addch(' ');
        put(k, values[LEVELS]);
    }
    missing_item(k, 1);
}

/* A diverging layer: its colour bar (or ramp) between the words for its two sides, and what 0
 * means: "← optimised better ██████████ worse →". */
static void diverging_key(const explorer *e, const key_line *k, const explorer_sides *s)
{
    int color = explorer_rows_per_line(e) == 2, bar = LEVELS * (color ? 2 : 1);
    char middle[48];
    snprintf(middle, sizeof middle, "  (%s)", s->middle);
    int needed = 2 + screen_text_columns(s->low) + 1 + bar + 1 + screen_text_columns(s->high) + screen_text_columns(middle);
    if (getcurx(stdscr) + needed >= k->room) { /* the words alone, without the bar */
        char words[128];
        snprintf(words, sizeof words, "  %s · %s · %s", s->low, s->middle, s->high);
        if (!put(k, words)) {
            snprintf(words, sizeof words, "  %s · %s", s->low, s->high);
            put(k, words);
        }
        return;
    }
    put(k, "  ");
    put(k, s->low);
    addch(' ');
    for (int level = 0; level < LEVELS; level++) {
        if (color) swatch(level, 2);
        else addch((chtype)mono_ramp[level]);
    }
    addch(' ');
    put(k, s->high);
    put(k, middle);
    missing_item(k, color);
}

/* The class layer: each class present with its colour (or ramp character) and its name, or its
 * abbreviation when the names do not fit. */
static void class_key(const explorer *e, const key_line *k)
{
    int level[TEXTURE_CLASS_COUNT];
    explorer_class_levels(e, level);
    int color = explorer_rows_per_line(e) == 2;
    for (int pass = 0; pass < 2; pass++) { /* names, else abbreviations */
        int width = getcurx(stdscr);
        for (int c = 0; c < TEXTURE_CLASS_COUNT; c++)
            if (level[c] >= 0) width += 2 + (color ? 2 : 1) + screen_text_columns(pass ? explorer_class_abbreviation(c) : texture_class_name(c));
        if (width + 12 > k->room && pass == 0) continue;
        for (int c = 0; c < TEXTURE_CLASS_COUNT; c++) {
            if (level[c] < 0) continue;
            const char *name = pass ? explorer_class_abbreviation(c) : texture_class_name(c);
            if (getcurx(stdscr) + 2 + (color ? 2 : 1) + screen_text_columns(name) > k->room) return;
            put(k, "  ");
            if (color) swatch(level[c], 2);
            else addch((chtype)mono_ramp[level[c]]);
            put(k, name);
        }
        break;
    }
    missing_item(k, color);
}

int explorer_legend_draw(const explorer *e, int y, int room)
{
    key_line k = {y, room};
    move(y, 0);
    clrtoeol();
    char range[160], low[24], high[24];
    value_text(e, e->low, low, sizeof low);
    value_text(e, e->high, high, sizeof high);
    if (e->layer == LAYER_CLASS) {
        snprintf(range, sizeof range, "class:");
    } else if (e->layer == LAYER_DAY) {
        char date[16];
        explorer_days_date(e, explorer_days_current(e), date, sizeof date);
        snprintf(range, sizeof range, "day %s: %s … %s %s", date, low, high, explorer_layer_units[e->layer]);
    }
    else {
        snprintf(range, sizeof range, "%s: %s … %s %s", explorer_layer_names[e->layer], low, high, explorer_layer_units[e->layer]);
    }
    screen_text(y, 0, COLS, "%s", range);
    int range_end = getcury(stdscr) == y ? getcurx(stdscr) : COLS; /* COLS: it ran over the edge */
    if (range_end >= COLS) return range_end;
    const explorer_sides *sides = explorer_legend_sides(e->layer);
    if (e->layer == LAYER_CLASS) class_key(e, &k);
    else if (sides) diverging_key(e, &k, sides);
    else if (explorer_rows_per_line(e) == 1) mono_key(e, &k); /* the ramp, not colours */
    else sequential_key(e, &k);
    if (getcury(stdscr) != y) move(y, COLS - 1);
    return range_end;
}
