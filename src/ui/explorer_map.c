/* explorer_map.c — the explorer's map (explorer_map.h): half-blocks (▀: foreground = upper cell,
 * background = lower) in the theme's colours, or a density ramp a cell a character; a cell
 * without a value is the terminal's own background (a dot where both halves lack a value), so
 * it never looks like a data colour. */
#include "explorer_map.h"

#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "explorer_palette.h"
#include "explorer_ticks.h"
#include "screen_text.h"

enum { PANEL_WIDTH = 46, PANEL_LINES = 18, PLOT_MIN_LINES = 6, TOP_MIN_LINES = 8, LEVELS = EXPLORER_LEVELS,
       MISSING_LEVEL = EXPLORER_MISSING_LEVEL };

/* The mono theme's density ramp, one character a level from the lowest to the highest (a blank
 * is a cell without a value); explorer_legend.c shows the same. */
static const char mono_ramp[LEVELS + 1] = ".:-=+*#%@";

/* The map in display cells (zoom × zoom data cells each), each drawn as magnify × magnify
 * half-blocks (pixels): the cache of levels is per display cell, the view is in pixels. */
size_t explorer_magnify(const explorer *e)
{
    return e->magnify > 1 && e->zoom == 1 ? e->magnify : 1;
}

static size_t base_rows(const explorer *e)
{
    return (e->rows + e->zoom - 1) / e->zoom;
}

static size_t base_cols(const explorer *e)
{
    return (e->cols + e->zoom - 1) / e->zoom;
}

size_t explorer_display_rows(const explorer *e)
{
    return base_rows(e) * explorer_magnify(e);
}

size_t explorer_display_cols(const explorer *e)
{
    return base_cols(e) * explorer_magnify(e);
}

void explorer_cursor_pixel(const explorer *e, size_t *row, size_t *col)
{
    size_t m = explorer_magnify(e);
    *row = e->row / e->zoom * m + (m - 1) / 2;
    *col = e->col / e->zoom * m + (m - 1) / 2;
}

size_t explorer_pixel_to_data(const explorer *e, size_t pixel, size_t limit)
{
    size_t data = pixel / explorer_magnify(e) * e->zoom + e->zoom / 2; /* the middle of the display cell */
    return data < limit ? data : limit - 1;
}

int explorer_rows_per_line(const explorer *e)
{
    return e->color && e->utf8 ? 2 : 1;
}

void explorer_layout_get(const explorer *e, explorer_layout *l)
{
    int available = COLS - PANEL_WIDTH - 1;
    if (available < 20) available = COLS;
    int cols = (int)explorer_display_cols(e), per_line = explorer_rows_per_line(e);
    l->map_width = cols < available ? cols : available;
    int body = LINES - 3; /* title, legend, status */
    int map_needed = (int)((explorer_display_rows(e) + (size_t)per_line - 1) / (size_t)per_line);
    int top = map_needed > PANEL_LINES ? map_needed : PANEL_LINES;
    if (top > body) top = body;
    l->plot_lines = 0;
    if (e->utf8) { /* Braille: a plot below, the map shortened for it when it would not fit */
        int plot = body - top - 1;
        if (plot < PLOT_MIN_LINES && body - 1 - PLOT_MIN_LINES >= TOP_MIN_LINES) top = body - 1 - PLOT_MIN_LINES, plot = PLOT_MIN_LINES;
        if (plot >= PLOT_MIN_LINES - 2) l->plot_lines = plot;
    }
    if (!l->plot_lines && top == body && top > TOP_MIN_LINES) top--; /* a line under the map for its longitudes */
    l->top_lines = top;
    l->plot_top = 2 + top;
}

void explorer_map_size(const explorer *e, int *width, int *height)
{
    explorer_layout l;
    explorer_layout_get(e, &l);
    *width = l.map_width;
    *height = l.top_lines;
}

int explorer_map_lines(const explorer *e)
{
    int width, height, per_line = explorer_rows_per_line(e);
    explorer_map_size(e, &width, &height);
    int needed = (int)((explorer_display_rows(e) - e->top + (size_t)per_line - 1) / (size_t)per_line);
    return needed < height ? needed : height;
}

/* ---- levels ------------------------------------------------------------------------------------ */

int explorer_class_levels(const explorer *e, int level[TEXTURE_CLASS_COUNT])
{
    int present[TEXTURE_CLASS_COUNT] = {0}, n = 0;
    const float *layer = e->layers[LAYER_CLASS];
    for (size_t i = 0; layer && i < e->rows * e->cols; i++) {
        float v = layer[i];
        if (!isnan(v) && v >= 0 && v < TEXTURE_CLASS_COUNT) present[(int)v] = 1;
    }
    for (int c = 0; c < TEXTURE_CLASS_COUNT; c++) n += present[c];
    for (int c = 0, i = 0; c < TEXTURE_CLASS_COUNT; c++) {
        if (!present[c]) {
            level[c] = -1;
            continue;
        }
        level[c] = n == 1 ? LEVELS / 2 : n <= LEVELS ? (int)lround((double)i * (LEVELS - 1) / (n - 1)) : i * LEVELS / n;
        i++;
    }
    return n;
}

/* The class of a display cell: the most frequent class among its data cells (a mean of class
 * numbers would be a class that is not there); a tie goes to the class of the cell nearest the
 * display cell's centre among the tied ones, then to the lower class number. */
static float modal_class(const explorer *e, size_t drow, size_t dcol)
{
    const float *layer = e->layers[LAYER_CLASS];
    int count[TEXTURE_CLASS_COUNT] = {0}, best = -1;
    for (size_t r = drow * e->zoom; r < (drow + 1) * e->zoom && r < e->rows; r++)
        for (size_t c = dcol * e->zoom; c < (dcol + 1) * e->zoom && c < e->cols; c++) {
            float v = layer[r * e->cols + c];
            if (!isnan(v) && v >= 0 && v < TEXTURE_CLASS_COUNT) count[(int)v]++;
        }
    for (int k = 0; k < TEXTURE_CLASS_COUNT; k++)
        if (count[k] && (best < 0 || count[k] > count[best])) best = k;
    if (best < 0) return NAN;
    size_t cr = drow * e->zoom + e->zoom / 2, cc = dcol * e->zoom + e->zoom / 2;
    if (cr < e->rows && cc < e->cols) {
        float centre = layer[cr * e->cols + cc];
        if (!isnan(centre) && centre >= 0 && centre < TEXTURE_CLASS_COUNT && count[(int)centre] == count[best]) best = (int)centre;
    }
    return (float)best;
}

/* A display cell's value: the mean of its valid data cells (the layer itself at zoom 1), the
 * modal class for the class layer. */
static float display_value(const explorer *e, size_t drow, size_t dcol)
{
    const float *layer = e->layers[e->layer];
    if (e->zoom == 1) return layer[drow * e->cols + dcol];
    if (e->layer == LAYER_CLASS) return modal_class(e, drow, dcol);
    double sum = 0.0;
    size_t count = 0;
    for (size_t r = drow * e->zoom; r < (drow + 1) * e->zoom && r < e->rows; r++)
        for (size_t c = dcol * e->zoom; c < (dcol + 1) * e->zoom && c < e->cols; c++)
            if (!isnan(layer[r * e->cols + c])) sum += layer[r * e->cols + c], count++;
    return count ? (float)(sum / (double)count) : NAN;
}

static int class_level[TEXTURE_CLASS_COUNT]; /* explorer_class_levels of the layer the cache is for */

static int level_of(const explorer *e, size_t row, size_t col)
{
    float v = display_value(e, row, col);
    if (isnan(v)) return MISSING_LEVEL;
    if (e->layer == LAYER_CLASS) {
        int c = (int)v;
        return c >= 0 && c < TEXTURE_CLASS_COUNT && class_level[c] >= 0 ? class_level[c] : MISSING_LEVEL;
    }
    if (!(e->high > e->low)) return LEVELS / 2;
    int level = (int)((v - e->low) / (e->high - e->low) * LEVELS);
    return level < 0 ? 0 : level >= LEVELS ? LEVELS - 1 : level;
}

enum { LEVEL_UNKNOWN = 255 }; /* a display cell whose level is not cached yet */

/* Display cells' levels are cached between frames and forgotten when the layer, its values, its
 * range (explorer_set_layer bumps layer_version) or the zoom change: a frame — a cursor move, a
 * Ctrl-L — then reads one byte a cell instead of averaging zoom × zoom values and classifying
 * them, which for a map that fills a 200-column screen was most of the explorer's own time.
 * Levels are filled as cells come into view, so a frame never costs more than the visible cells
 * (a large grid whose mean layer grows piece by piece is not reclassified whole every frame). */
static void map_levels_check(explorer *e)
{
    if (e->map_levels && e->map_levels_for == 1 + e->layer_version && e->map_levels_zoom == e->zoom) return;
    size_t cells = base_rows(e) * base_cols(e);
    if (!e->map_levels || e->map_levels_zoom != e->zoom) {
        free(e->map_levels);
        e->map_levels = dt_malloc(cells);
    }
    memset(e->map_levels, LEVEL_UNKNOWN, cells);
    e->map_levels_for = 1 + e->layer_version;
    e->map_levels_zoom = e->zoom;
    if (e->layer == LAYER_CLASS) explorer_class_levels(e, class_level);
}

/* A display cell's level (map_levels_check first) on a map of rows × cols display cells (passed
 * in: two divisions per cell add up over a screen); below the last row: no value. */
static int map_level(explorer *e, size_t rows, size_t cols, size_t row, size_t col)
{
    if (row >= rows) return MISSING_LEVEL;
    unsigned char *level = &e->map_levels[row * cols + col];
    if (*level == LEVEL_UNKNOWN) *level = (unsigned char)level_of(e, row, col);
    return *level;
}

void explorer_keep_cursor_visible(explorer *e)
{
    int width, height;
    explorer_map_size(e, &width, &height);
    size_t m = explorer_magnify(e), visible_rows = (size_t)height * (size_t)explorer_rows_per_line(e);
    size_t row = e->row / e->zoom * m, col = e->col / e->zoom * m; /* the cell's first pixel; all m × m of them in view */
    if (e->top == EXPLORER_VIEW_CENTRE) e->top = row + m / 2 > visible_rows / 2 ? row + m / 2 - visible_rows / 2 : 0;
    if (e->left == EXPLORER_VIEW_CENTRE) e->left = col + m / 2 > (size_t)width / 2 ? col + m / 2 - (size_t)width / 2 : 0;
    if (row < e->top) e->top = row;
    if (row + m > e->top + visible_rows) e->top = row + m > visible_rows ? row + m - visible_rows : 0;
    if (col < e->left) e->left = col;
    if (col + m > e->left + (size_t)width) e->left = col + m > (size_t)width ? col + m - (size_t)width : 0;
    /* after the terminal grew, no blank beyond the map's end while part of it is scrolled away */
    size_t rows = explorer_display_rows(e), cols = explorer_display_cols(e);
    if (e->top + visible_rows > rows) e->top = rows > visible_rows ? rows - visible_rows : 0;
    if (e->left + (size_t)width > cols) e->left = cols > (size_t)width ? cols - (size_t)width : 0;
}

/* The character of every (upper, lower) level pair, made once: a map line is then composed by
 * copying these (no setcchar per cell) and handed to curses whole with mvadd_wchnstr, which
 * stores the cells without wadd_wch's per-character work. Two values: ▀ in the upper's colour on
 * the lower's; one value: ▀ or ▄ in its colour on the terminal's background; none: a dot. */
static const cchar_t *half_block(int fg, int bg)
{
    static cchar_t blocks[LEVELS + 1][LEVELS + 1];
    static int made;
    if (!made) {
        for (int f = 0; f <= LEVELS; f++)
            for (int b = 0; b <= LEVELS; b++) {
                if (f == MISSING_LEVEL && b == MISSING_LEVEL)
                    setcchar(&blocks[f][b], L"·", A_NORMAL, explorer_palette_pair(f, b), NULL);
                else if (f == MISSING_LEVEL)
                    setcchar(&blocks[f][b], L"▄", A_NORMAL, explorer_palette_pair(b, f), NULL);
                else
                    setcchar(&blocks[f][b], L"▀", A_NORMAL, explorer_palette_pair(f, b), NULL);
            }
        made = 1;
    }
    return &blocks[fg][bg];
}

enum { MAP_LINE_MAX = 1024 }; /* wider terminals draw a line in several pieces */

/* One map line of half-blocks: display rows upper and upper + 1, columns left … left + width − 1,
 * at screen line y. */
static void draw_half_block_line(explorer *e, size_t upper, int y, int width)
{
    size_t rows = base_rows(e), cols = base_cols(e), m = explorer_magnify(e);
    cchar_t line[MAP_LINE_MAX];
    for (int x0 = 0; x0 < width; x0 += MAP_LINE_MAX) {
        int n = width - x0 < MAP_LINE_MAX ? width - x0 : MAP_LINE_MAX;
        for (int i = 0; i < n; i++) {
            size_t col = (e->left + (size_t)(x0 + i)) / m;
            line[i] = *half_block(map_level(e, rows, cols, upper / m, col), map_level(e, rows, cols, (upper + 1) / m, col));
        }
        mvadd_wchnstr(y, x0, line, n);
    }
}

/* Arrows where the map goes on beyond its area: → in the column after its right edge, ← over
 * its first column, ↑ and ↓ at the middle of its first and last lines (bold, in reverse video,
 * so they are not taken for map cells). */
static void draw_crop_arrows(const explorer *e, int width, int lines)
{
    size_t rows = explorer_display_rows(e), cols = explorer_display_cols(e), per_line = (size_t)explorer_rows_per_line(e);
    int more_right = e->left + (size_t)width < cols, more_left = e->left > 0;
    int more_up = e->top > 0, more_down = e->top + (size_t)lines * per_line < rows;
    int ascii = screen_text_is_ascii();
    attron(A_BOLD | A_REVERSE);
    for (int y = lines > 2 ? 2 : 1; y <= lines; y += 4) {
        if (more_right) mvaddstr(y, width, ascii ? ">" : "→");
        if (more_left) mvaddstr(y, 0, ascii ? "<" : "←");
    }
    if (more_up) mvaddstr(1, width / 2, ascii ? "^" : "↑");
    if (more_down) mvaddstr(lines, width / 2, ascii ? "v" : "↓");
    attroff(A_BOLD | A_REVERSE);
}

void explorer_draw_map(explorer *e)
{
    if (e->color && explorer_layer_diverging(e->layer) != e->diverging_palette)
        explorer_palette_map(e, explorer_layer_diverging(e->layer));
    int width, height, per_line = explorer_rows_per_line(e);
    explorer_map_size(e, &width, &height);
    map_levels_check(e);
    size_t rows = explorer_display_rows(e), cols = explorer_display_cols(e), m = explorer_magnify(e), row, col;
    explorer_cursor_pixel(e, &row, &col);
    if (e->left >= cols) return;
    if ((size_t)width > cols - e->left) width = (int)(cols - e->left);
    int lines = 0;
    for (int y = 0; y < height; y++) {
        size_t upper = e->top + (size_t)(y * per_line);
        if (upper >= rows) break;
        lines++;
        if (per_line == 2) {
            draw_half_block_line(e, upper, 1 + y, width);
        } else { /* the mono theme or no UTF-8: a cell a character from the density ramp, the selection in reverse video */
            for (int x = 0; x < width; x++) {
                size_t c = e->left + (size_t)x;
                int level = map_level(e, base_rows(e), base_cols(e), upper / m, c / m);
                chtype color = e->color ? COLOR_PAIR(explorer_palette_pair(level, MISSING_LEVEL)) : 0; /* colour without UTF-8 (TERM=linux) */
                mvaddch(1 + y, x, (chtype)(level == MISSING_LEVEL ? ' ' : mono_ramp[level]) | color | (upper == row && c == col ? A_REVERSE | A_BOLD : A_NORMAL));
            }
        }
    }
    draw_crop_arrows(e, width, lines);
    explorer_ticks_draw(e, width, lines, 1 + lines < LINES - 2);
    if (per_line == 2 && row >= e->top && col >= e->left && col < e->left + (size_t)width && (row - e->top) / 2 < (size_t)lines) {
        cchar_t cell; /* the selected cell over its half-block, white on black whatever the ramp's colour */
        setcchar(&cell, L"◆", A_BOLD, explorer_palette_marker(), NULL);
        mvadd_wch(1 + (int)((row - e->top) / 2), (int)(col - e->left), &cell);
    }
}
