/* triangle_panel.c — the USDA texture triangle: clay at the top apex, sand at the bottom left,
 * silt at the bottom right; a Braille dot is about square, so the triangle is equilateral. */
#include "triangle_panel.h"

#include <curses.h>
#include <math.h>
#include <string.h>

#include "braille.h"
#include "braille_view.h"
#include "screen_text.h"
#include "texture_class.h"

enum { OUTLINE = 1, BASELINE = 2, OPTIMISED = 3, BOX = 4 };

void triangle_panel_colors(void)
{
    init_pair(TRIANGLE_PAIR + OUTLINE, -1, -1);
    init_pair(TRIANGLE_PAIR + BASELINE, braille_view_orange(), -1);
    init_pair(TRIANGLE_PAIR + OPTIMISED, braille_view_blue(), -1);
    init_pair(TRIANGLE_PAIR + BOX, COLORS >= 256 ? 244 : COLOR_WHITE, -1);
}

typedef struct {
    double scale;   /* dots per unit of the triangle's side */
    int bottom;     /* dot row of the base */
} layout;

/* (sand, clay) %w → dot coordinates. */
static void to_dots(const layout *l, double sand, double clay, int *x, int *y)
{
    double silt = 100.0 - sand - clay;
    double u = silt / 100.0 + clay / 200.0, v = clay / 100.0 * 0.8660254037844386;
    *x = (int)lround(u * l->scale);
    *y = l->bottom - (int)lround(v * l->scale);
}

static void segment(braille_canvas *c, const layout *l, double s1, double c1, double s2, double c2, unsigned char color)
{
    int x1, y1, x2, y2;
    to_dots(l, s1, c1, &x1, &y1);
    to_dots(l, s2, c2, &x2, &y2);
    braille_line(c, x1, y1, x2, y2, color);
}

static void mark(braille_canvas *c, const layout *l, double sand, double clay, unsigned char color)
{
    int x, y;
    to_dots(l, sand, clay, &x, &y);
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++) braille_set(c, x + dx, y + dy, color);
}

/* The search box's edges, dotted, only where they lie inside the triangle. */
static void search_box(braille_canvas *c, const layout *l, double sand, double clay, const double box[2])
{
    double s0 = sand - box[0], s1 = sand + box[0], c0 = clay - box[1], c1 = clay + box[1];
    for (int i = 0; i <= 40; i += 2) {
        double t = i / 40.0, points[4][2] = {{s0 + t * (s1 - s0), c0}, {s0 + t * (s1 - s0), c1}, {s0, c0 + t * (c1 - c0)}, {s1, c0 + t * (c1 - c0)}};
        for (int k = 0; k < 4; k++)
            if (points[k][0] >= 0 && points[k][1] >= 0 && points[k][0] + points[k][1] <= 100) {
                int x, y;
                to_dots(l, points[k][0], points[k][1], &x, &y);
                braille_set(c, x, y, BOX);
            }
    }
}

/* Gridlines every 20 % of sand, clay and silt, sparsely dotted so the class boundaries stand out. */
static void gridlines(braille_canvas *c, const layout *l)
{
    for (int k = 20; k < 100; k += 20) {
        double lines[3][4] = {{100 - k, k, 0, k}, {k, 0, k, 100 - k}, {100 - k, 0, 0, 100 - k}}; /* clay, sand, silt = k */
        for (int i = 0; i < 3; i++)
            for (int step = 0; step <= 60; step += 3) {
                double t = step / 60.0;
                int x, y;
                to_dots(l, lines[i][0] + t * (lines[i][2] - lines[i][0]), lines[i][1] + t * (lines[i][3] - lines[i][1]), &x, &y);
                braille_set(c, x, y, BOX);
            }
    }
}

/* Each class's abbreviation (S, LS, SL, L, SiL, Si, SCL, CL, SiCL, SC, SiC, C) at a point inside
 * it, where it does not overlap another label. */
static void class_labels(const layout *l, int top, int left, int width, int rows)
{
    static const char *const abbreviations[TEXTURE_CLASS_COUNT] = {"S", "LS", "SL", "L", "SiL", "Si", "SCL", "CL", "SiCL", "SC", "SiC", "C"};
    int taken_y[TEXTURE_CLASS_COUNT], taken_x[TEXTURE_CLASS_COUNT], taken_n[TEXTURE_CLASS_COUNT], count = 0;
    for (int c = 0; c < TEXTURE_CLASS_COUNT; c++) {
        double sand, clay;
        if (!texture_label_point((texture_class)c, &sand, &clay)) continue;
        int x, y, n = (int)strlen(abbreviations[c]);
        to_dots(l, sand, clay, &x, &y);
        int row = y / 4, col = x / 2 - n / 2, clash = row < 0 || row >= rows || col < 0 || col + n > width;
        for (int i = 0; i < count && !clash; i++)
            clash = taken_y[i] == row && col < taken_x[i] + taken_n[i] + 1 && taken_x[i] < col + n + 1;
        if (clash) continue;
        taken_y[count] = row, taken_x[count] = col, taken_n[count] = n, count++;
        attron(A_DIM);
        screen_text(top + row, left + col, n, "%s", abbreviations[c]);
        attroff(A_DIM);
    }
}

/* A bold letter at a screen cell, in the series' colour. */
static void letter(int y, int x, char c, int series, int color)
{
    attron(A_BOLD | (color ? COLOR_PAIR(TRIANGLE_PAIR + series) : 0));
    mvaddch(y, x, (chtype)c);
    attroff(A_BOLD | (color ? COLOR_PAIR(TRIANGLE_PAIR + series) : 0));
}

void triangle_panel_draw(const cell_report *r, const double box[2], int top, int left, int width, int height, int color)
{
    int rows = height - 3;
    if (width < 20 || rows < 6) return;
    braille_canvas canvas;
    braille_init(&canvas, width, rows);
    layout l;
    l.scale = fmin(2.0 * width - 1.0, (4.0 * rows - 1.0) / 0.8660254037844386);
    l.bottom = 4 * rows - 1;
    segment(&canvas, &l, 100, 0, 0, 0, OUTLINE);
    segment(&canvas, &l, 0, 0, 0, 100, OUTLINE);
    segment(&canvas, &l, 0, 100, 100, 0, OUTLINE);
    int count;
    const texture_segment *s = texture_boundaries(&count);
    for (int i = 0; i < count; i++) segment(&canvas, &l, s[i].sand1, s[i].clay1, s[i].sand2, s[i].clay2, OUTLINE);
    gridlines(&canvas, &l);
    const calib_result *cal = &r->calibration;
    int have_base = r->has_soil && !isnan(r->target.baseline[0]) && !isnan(r->target.baseline[1]);
    if (have_base) {
        search_box(&canvas, &l, r->target.baseline[0], r->target.baseline[1], box);
        if (cal->sceua.evaluations) {
            segment(&canvas, &l, r->target.baseline[0], r->target.baseline[1], cal->optimised[0], cal->optimised[1], OPTIMISED);
            mark(&canvas, &l, cal->optimised[0], cal->optimised[1], OPTIMISED);
        }
        mark(&canvas, &l, r->target.baseline[0], r->target.baseline[1], BASELINE);
    }
    attron(A_BOLD);
    screen_text(top, left, width, "%s", "Texture triangle (Tab: next panel)");
    attroff(A_BOLD);
    braille_view_draw(&canvas, top + 1, left, TRIANGLE_PAIR, color);
    braille_free(&canvas);
    class_labels(&l, top + 1, left, width, rows);
    if (have_base) { /* letters over the dots: the two textures read apart without colour */
        int bx, by, ox, oy;
        to_dots(&l, r->target.baseline[0], r->target.baseline[1], &bx, &by);
        letter(top + 1 + by / 4, left + bx / 2, 'B', BASELINE, color);
        if (cal->sceua.evaluations) {
            to_dots(&l, cal->optimised[0], cal->optimised[1], &ox, &oy);
            int same = oy / 4 == by / 4 && ox / 2 == bx / 2; /* one character: the optimised beside it */
            letter(top + 1 + oy / 4, left + ox / 2 + same, 'O', OPTIMISED, color);
        }
    }
    screen_text(top + 1 + rows, left, width, "%s", "clay ↑   sand ↙   silt ↘   grid: 20 %");
    if (!have_base) screen_text(top + 2 + rows, left, width, "%s", "no baseline soil (--soil)");
    else screen_text(top + 2 + rows, left, width, "B baseline %.0f/%.0f  O optimised %.0f/%.0f  ⠂ box",
                     r->target.baseline[0], r->target.baseline[1], cal->optimised[0], cal->optimised[1]);
}
