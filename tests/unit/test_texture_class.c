/* test_texture_class.c — the USDA rules tile the triangle, Saxton & Rawls 2006 Table 3 textures
 * fall in their own classes, the STAS mapping agrees with the table's row names, the boundary
 * segments are the rules' boundaries, and the Clapp & Hornberger 1978 class means. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "soil_table.h"
#include "texture_class.h"

/* On a 0.25 % grid over the whole triangle, exactly one of the 12 rules holds at every point. */
static void test_rules_tile_the_triangle(void **state)
{
    (void)state;
    long points = 0, per_class[TEXTURE_CLASS_COUNT] = {0};
    for (int s = 0; s <= 400; s++)
        for (int c = 0; s + c <= 400; c++) {
            double sand = s * 0.25, clay = c * 0.25;
            int hits = 0;
            texture_class found = TEXTURE_NONE;
            for (int k = 0; k < TEXTURE_CLASS_COUNT; k++)
                if (texture_rule((texture_class)k, sand, clay)) hits++, found = (texture_class)k;
            assert_int_equal(hits, 1);
            assert_int_equal(texture_classify(sand, clay), found);
            per_class[found]++;
            points++;
        }
    assert_int_equal(points, 401L * 402 / 2);
    for (int k = 0; k < TEXTURE_CLASS_COUNT; k++) assert_true(per_class[k] > 100);
}

/* Saxton & Rawls 2006 Table 3 names each row's class. */
static void test_table3_textures(void **state)
{
    (void)state;
    const struct {
        double sand, clay;
        texture_class expected;
    } rows[12] = {{88, 5, TEXTURE_SAND},           {80, 5, TEXTURE_LOAMY_SAND},
                  {65, 10, TEXTURE_SANDY_LOAM},    {40, 20, TEXTURE_LOAM},
                  {20, 15, TEXTURE_SILT_LOAM},     {10, 5, TEXTURE_SILT},
                  {60, 25, TEXTURE_SANDY_CLAY_LOAM}, {30, 35, TEXTURE_CLAY_LOAM},
                  {10, 35, TEXTURE_SILTY_CLAY_LOAM}, {10, 45, TEXTURE_SILTY_CLAY},
                  {50, 40, TEXTURE_SANDY_CLAY},    {25, 50, TEXTURE_CLAY}};
    for (int i = 0; i < 12; i++) assert_int_equal(texture_classify(rows[i].sand, rows[i].clay), rows[i].expected);
}

static void test_off_the_triangle(void **state)
{
    (void)state;
    assert_int_equal(texture_classify(70, 40), TEXTURE_NONE);
    assert_int_equal(texture_classify(-1, 10), TEXTURE_NONE);
    assert_int_equal(texture_classify(10, -0.5), TEXTURE_NONE);
    assert_int_equal(texture_classify(NAN, 10), TEXTURE_NONE);
    assert_int_equal(texture_classify(10, NAN), TEXTURE_NONE);
    assert_int_equal(texture_classify(100, 0), TEXTURE_SAND);
    assert_int_equal(texture_classify(0, 100), TEXTURE_CLAY);
    assert_int_equal(texture_classify(0, 0), TEXTURE_SILT);
    assert_int_equal(texture_rule(TEXTURE_NONE, 40, 20), 0);
    assert_string_equal(texture_class_name(TEXTURE_NONE), "none");
    assert_string_equal(texture_class_short_name(TEXTURE_CLASS_COUNT), "none");
    assert_int_equal(texture_stas_class(TEXTURE_NONE), 0);
    double sand = -7, clay = -7;
    assert_int_equal(texture_label_point(TEXTURE_NONE, &sand, &clay), 0);
    assert_true(sand == -7 && clay == -7);
}

/* Names are distinct; the STAS numbers are 1…12 once each, and the STAS row of each class carries
 * the class's own name in soil_table.c (transcribed from NoahmpTable.TBL's comments). */
static void test_names_and_stas(void **state)
{
    (void)state;
    int seen[SOIL_TABLE_TEXTURES + 1] = {0};
    for (int k = 0; k < TEXTURE_CLASS_COUNT; k++) {
        texture_class c = (texture_class)k;
        int stas = texture_stas_class(c);
        assert_true(stas >= 1 && stas <= SOIL_TABLE_TEXTURES);
        seen[stas]++;
        assert_string_equal(soil_table_row_of(stas)->name, texture_class_name(c));
        for (int j = 0; j < k; j++) {
            assert_string_not_equal(texture_class_name(c), texture_class_name((texture_class)j));
            assert_string_not_equal(texture_class_short_name(c), texture_class_short_name((texture_class)j));
        }
        double sand, clay;
        assert_int_equal(texture_label_point(c, &sand, &clay), 1);
        assert_int_equal(texture_classify(sand, clay), c);
    }
    for (int stas = 1; stas <= SOIL_TABLE_TEXTURES; stas++) assert_int_equal(seen[stas], 1);
    assert_string_equal(texture_class_short_name(TEXTURE_SILTY_CLAY_LOAM), "silty-clay-loam");
    assert_int_equal(texture_stas_class(TEXTURE_LOAM), 6);
    assert_int_equal(texture_stas_class(TEXTURE_SILT_LOAM), 4);
}

static double distance_to_segment(const texture_segment *g, double sand, double clay)
{
    double dx = g->sand2 - g->sand1, dy = g->clay2 - g->clay1;
    double t = ((sand - g->sand1) * dx + (clay - g->clay1) * dy) / (dx * dx + dy * dy);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(sand - (g->sand1 + t * dx), clay - (g->clay1 + t * dy));
}

/* Each segment lies in the triangle and separates two classes along its whole length. */
static void test_segments_are_boundaries(void **state)
{
    (void)state;
    int count;
    const texture_segment *segments = texture_boundaries(&count);
    assert_int_equal(count, 16);
    for (int i = 0; i < count; i++) {
        const texture_segment *g = &segments[i];
        assert_true(g->sand1 >= 0 && g->clay1 >= 0 && g->sand1 + g->clay1 <= 100);
        assert_true(g->sand2 >= 0 && g->clay2 >= 0 && g->sand2 + g->clay2 <= 100);
        double length = hypot(g->sand2 - g->sand1, g->clay2 - g->clay1);
        double nx = -(g->clay2 - g->clay1) / length, ny = (g->sand2 - g->sand1) / length;
        for (double t = 0.1; t < 0.95; t += 0.2) {
            double sand = g->sand1 + t * (g->sand2 - g->sand1), clay = g->clay1 + t * (g->clay2 - g->clay1);
            texture_class a = texture_classify(sand + 0.05 * nx, clay + 0.05 * ny);
            texture_class b = texture_classify(sand - 0.05 * nx, clay - 0.05 * ny);
            assert_true(a != TEXTURE_NONE && b != TEXTURE_NONE && a != b);
        }
    }
}

/* …and together they are all the boundaries: wherever two neighbours on the 0.25 % grid differ in
 * class, a segment passes within 0.125 % of the midpoint between them. */
static void test_segments_cover_every_class_change(void **state)
{
    (void)state;
    int count;
    const texture_segment *segments = texture_boundaries(&count);
    long changes = 0;
    for (int s = 0; s <= 400; s++)
        for (int c = 0; s + c <= 400; c++) {
            double sand = s * 0.25, clay = c * 0.25;
            texture_class here = texture_classify(sand, clay);
            const double steps[2][2] = {{0.25, 0}, {0, 0.25}};
            for (int d = 0; d < 2; d++) {
                double sand2 = sand + steps[d][0], clay2 = clay + steps[d][1];
                texture_class there = texture_classify(sand2, clay2);
                if (there == TEXTURE_NONE || there == here) continue;
                double best = INFINITY;
                for (int i = 0; i < count; i++)
                    best = fmin(best, distance_to_segment(&segments[i], 0.5 * (sand + sand2), 0.5 * (clay + clay2)));
                assert_true(best <= 0.125 + 1e-9);
                changes++;
            }
        }
    assert_true(changes > 1000);
}

/* Clapp & Hornberger 1978 Table 2, converted: ψs cm → m, Ks cm/min → m/s; no silt row. */
static void test_ch78_class_means(void **state)
{
    (void)state;
    texture_ch78_mean m;
    assert_int_equal(texture_ch78_class_mean(TEXTURE_SAND, &m), 1);
    assert_true(m.b == 4.05 && fabs(m.psi_s - 0.121) < 1e-12 && m.theta_s == 0.395);
    assert_true(fabs(m.k_s - 1.76e-4) < 1e-12); /* 1.056 cm/min */
    assert_int_equal(texture_ch78_class_mean(TEXTURE_CLAY, &m), 1);
    assert_true(m.b == 11.4 && fabs(m.psi_s - 0.405) < 1e-12 && fabs(m.k_s - 0.0077 / 6000) < 1e-15);
    assert_int_equal(texture_ch78_class_mean(TEXTURE_SILT, &m), 0);
    assert_int_equal(texture_ch78_class_mean(TEXTURE_NONE, &m), 0);
    int available = 0;
    double sand_b = 0, clay_b = 0;
    for (int k = 0; k < TEXTURE_CLASS_COUNT; k++) {
        if (!texture_ch78_class_mean((texture_class)k, &m)) continue;
        available++;
        assert_true(m.b > 4 && m.b < 12 && m.theta_s > 0.39 && m.theta_s < 0.5);
        assert_true(m.psi_s > 0.08 && m.psi_s < 0.8 && m.k_s > 1e-6 && m.k_s < 2e-4);
        if (k == TEXTURE_SAND) sand_b = m.b;
        if (k == TEXTURE_CLAY) clay_b = m.b;
    }
    assert_int_equal(available, 11);
    assert_true(sand_b < clay_b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_tile_the_triangle),
        cmocka_unit_test(test_table3_textures),
        cmocka_unit_test(test_off_the_triangle),
        cmocka_unit_test(test_names_and_stas),
        cmocka_unit_test(test_segments_are_boundaries),
        cmocka_unit_test(test_segments_cover_every_class_change),
        cmocka_unit_test(test_ch78_class_means),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
