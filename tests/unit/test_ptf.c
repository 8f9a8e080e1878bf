/* test_ptf.c — pedotransfer functions against published vectors: Saxton & Rawls 2006 Table 3,
 * Noah-MP's SR2006 (the real model's parameters for sand 85 / clay 5), the Noah REDPRM derivation
 * reproducing SOILPARM.TBL, the table lookup, and bad inputs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "ptf.h"
#include "soil_table.h"
#include "texture_class.h"

/* Saxton & Rawls 2006 Table 3 (OM 2.5 %w): sand, clay, θ1500, θ33, θs in %v, Ks in mm/h. */
static const double table3[12][6] = {
    {88, 5, 5, 10, 46, 108.1},  {80, 5, 5, 12, 46, 96.7},   {65, 10, 8, 18, 45, 50.3},
    {40, 20, 14, 28, 46, 15.5}, {20, 15, 11, 31, 48, 16.1}, {10, 5, 6, 30, 48, 22.0},
    {60, 25, 17, 27, 43, 11.3}, {30, 35, 22, 36, 48, 4.3},  {10, 35, 22, 38, 51, 5.7},
    {10, 45, 27, 41, 52, 3.7},  {50, 40, 25, 36, 44, 1.4},  {25, 50, 30, 42, 50, 1.1},
};

static void test_saxton_rawls_table3(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    for (int i = 0; i < 12; i++) {
        ptf_hydraulics h;
        dt_error err;
        assert_int_equal(ptf_eval(&o, table3[i][0], table3[i][1], 2.5 / o.om_factor, &h, &err), DT_OK);
        assert_int_equal((int)lround(100 * h.theta_wlt), (int)table3[i][2]);
        assert_int_equal((int)lround(100 * h.theta_ref), (int)table3[i][3]);
        assert_int_equal((int)lround(100 * h.theta_s), (int)table3[i][4]);
        double ks = h.k_s * 3.6e6;
        assert_true(fabs(ks - table3[i][5]) <= 0.01 * table3[i][5] + 0.05); /* 1 %, or the printed digit */
        double wlt, ref;
        ptf_thresholds(&o, table3[i][0], table3[i][1], 2.5 / o.om_factor, &wlt, &ref);
        assert_true(wlt == h.theta_wlt && ref == h.theta_ref);
    }
}

static void test_saxton_rawls_unrounded(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    const double expected[3][5] = {{88, 5, 0.0500, 0.1028, 0.4620}, {40, 20, 0.1370, 0.2796, 0.4593}, {25, 50, 0.2980, 0.4209, 0.4983}};
    for (int i = 0; i < 3; i++) {
        ptf_hydraulics h;
        assert_int_equal(ptf_eval(&o, expected[i][0], expected[i][1], 2.5 / 1.724, &h, NULL), DT_OK);
        assert_true(fabs(h.theta_wlt - expected[i][2]) < 5e-4);
        assert_true(fabs(h.theta_ref - expected[i][3]) < 5e-4);
        assert_true(fabs(h.theta_s - expected[i][4]) < 5e-4);
    }
}

/* The parameters real Noah-MP computed for sand 85 %, clay 5 %, OM 0 (the reference run's header). */
static void test_noahmp_sr2006_clamps(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    o.scheme = PTF_SR06_NOAHMP;
    ptf_hydraulics h;
    assert_int_equal(ptf_eval(&o, 85, 5, 0, &h, NULL), DT_OK);
    assert_true(fabs(h.theta_s - 0.4035191) < 1e-6);
    assert_true(fabs(h.theta_ref - 0.17) < 1e-9);
    assert_true(fabs(h.theta_wlt - 0.0231376) < 1e-6 && h.theta_dry == h.theta_wlt);
    assert_true(fabs(h.b - 3.298323) < 1e-5);
    assert_true(fabs(h.psi_s - 0.03) < 1e-9);
    assert_true(fabs(h.k_s - 1e-5) < 1e-12);
    assert_true(fabs(h.d_sat - 2.246518e-6) < 1e-11);
    assert_true(fabs(h.quartz - 0.85) < 1e-12);
    /* a clay: θs clamps to 0.50 at most, b within [2.5, 12] */
    assert_int_equal(ptf_eval(&o, 5, 60, 0, &h, NULL), DT_OK);
    assert_true(h.theta_s <= 0.50 && h.b <= 12.0 && h.b >= 2.5 && h.theta_wlt <= h.theta_ref);
}

/* The Noah derivation applied to the table's own BB/MAXSMC/SATPSI/SATDK gives its REFSMC, WLTSMC. */
static void test_noah_derivation_reproduces_table(void **state)
{
    (void)state;
    for (int c = 1; c <= 13; c++) {
        const soil_table_row *row = soil_table_row_of(c);
        double wlt, ref;
        ptf_noah_thresholds(row->bb, row->maxsmc, row->satpsi, row->satdk, &wlt, &ref);
        assert_true(fabs(ref - row->refsmc) <= 0.001 + 1e-9);
        assert_true(fabs(wlt - row->wltsmc) <= 0.001 + 1e-9);
    }
    assert_null(soil_table_row_of(0));
    assert_null(soil_table_row_of(14));
}

static void test_ch78_cosby(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    o.scheme = PTF_CH78;
    ptf_hydraulics h;
    assert_int_equal(ptf_eval(&o, 40, 20, 99, &h, NULL), DT_OK); /* SOC is ignored */
    assert_true(fabs(h.theta_s - (0.505 - 0.0568 - 0.0074)) < 1e-12);
    assert_true(fabs(h.b - (3.10 + 3.14 - 0.12)) < 1e-12);
    assert_true(fabs(h.psi_s - 0.01 * pow(10, 1.54 - 0.38 + 0.252)) < 1e-12);
    assert_true(fabs(h.k_s - 7.0556e-6 * pow(10, -0.6 + 0.504 - 0.128)) < 1e-15);
    assert_true(h.theta_wlt < h.theta_ref && h.theta_ref < h.theta_s);
    assert_false(ptf_uses_soc(PTF_CH78));
    /* sandier → drier thresholds, more clay → wetter */
    ptf_hydraulics sandy, clayey;
    ptf_eval(&o, 80, 5, 0, &sandy, NULL);
    ptf_eval(&o, 20, 45, 0, &clayey, NULL);
    assert_true(sandy.theta_wlt < h.theta_wlt && h.theta_wlt < clayey.theta_wlt);
    assert_true(sandy.theta_ref < h.theta_ref && h.theta_ref < clayey.theta_ref);
}

static void test_noah_table_lookup(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    o.scheme = PTF_NOAH_TABLE;
    const double textures[12][2] = {{92, 3}, {82, 6}, {65, 10}, {40, 20}, {20, 15}, {7, 5},
                                    {60, 25}, {30, 35}, {10, 35}, {50, 40}, {7, 45}, {25, 50}};
    for (int i = 0; i < 12; i++) {
        ptf_hydraulics h;
        assert_int_equal(ptf_eval(&o, textures[i][0], textures[i][1], 0, &h, NULL), DT_OK);
        const soil_table_row *row = soil_table_row_of(texture_stas_class(texture_classify(textures[i][0], textures[i][1])));
        assert_non_null(row);
        assert_true(h.theta_s == row->maxsmc && h.theta_ref == row->refsmc && h.b == row->bb);
    }
    ptf_hydraulics loam;
    ptf_eval(&o, 40, 20, 0, &loam, NULL);
    assert_true(loam.theta_s == 0.439 && fabs(loam.d_sat - 1.43e-5) < 0.01e-5); /* STAS loam row */
}

static void test_bad_inputs(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    ptf_hydraulics h;
    dt_error err;
    assert_int_equal(ptf_eval(&o, 120, 5, 1, &h, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, "sand 120"));
    assert_int_equal(ptf_eval(&o, 40, -1, 1, &h, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, "clay -1"));
    assert_int_equal(ptf_eval(&o, 70, 40, 1, &h, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, "exceed 100"));
    assert_int_equal(ptf_eval(&o, 40, 20, -1, &h, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, "SOC -1"));
    assert_int_equal(ptf_eval(&o, NAN, 20, 1, &h, &err), DT_ERR_VALUE);
    ptf_scheme scheme;
    assert_int_equal(ptf_parse_name("rosetta", &scheme, &err), DT_ERR_USAGE);
    assert_non_null(strstr(err.text, "rosetta"));
    assert_int_equal(ptf_parse_name("sr06-noahmp", &scheme, &err), DT_OK);
    assert_int_equal(scheme, PTF_SR06_NOAHMP);
    assert_string_equal(ptf_name(PTF_CH78), "ch78");
}

static void test_texture_classes_tile_the_triangle(void **state)
{
    (void)state;
    long points = 0;
    for (int s = 0; s <= 400; s++)
        for (int c = 0; s + c <= 400; c++) {
            double sand = s * 0.25, clay = c * 0.25;
            int hits = 0;
            texture_class found = TEXTURE_NONE;
            for (int k = 0; k < TEXTURE_CLASS_COUNT; k++)
                if (texture_rule((texture_class)k, sand, clay)) hits++, found = (texture_class)k;
            assert_int_equal(hits, 1);
            assert_int_equal(texture_classify(sand, clay), found);
            points++;
        }
    assert_int_equal(points, 401L * 402 / 2);
    const texture_class expected[12] = {TEXTURE_SAND, TEXTURE_LOAMY_SAND, TEXTURE_SANDY_LOAM, TEXTURE_LOAM,
                                        TEXTURE_SILT_LOAM, TEXTURE_SILT, TEXTURE_SANDY_CLAY_LOAM, TEXTURE_CLAY_LOAM,
                                        TEXTURE_SILTY_CLAY_LOAM, TEXTURE_SILTY_CLAY, TEXTURE_SANDY_CLAY, TEXTURE_CLAY};
    for (int i = 0; i < 12; i++) assert_int_equal(texture_classify(table3[i][0], table3[i][1]), expected[i]);
    assert_int_equal(texture_classify(70, 40), TEXTURE_NONE);
    assert_string_equal(texture_class_name(TEXTURE_SILTY_CLAY_LOAM), "Silty clay loam");
    assert_int_equal(texture_stas_class(TEXTURE_LOAM), 6);
    int count;
    const texture_segment *segments = texture_boundaries(&count);
    assert_true(count > 10);
    for (int i = 0; i < count; i++) assert_true(segments[i].sand1 + segments[i].clay1 <= 100 && segments[i].sand2 + segments[i].clay2 <= 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_saxton_rawls_table3),
        cmocka_unit_test(test_saxton_rawls_unrounded),
        cmocka_unit_test(test_noahmp_sr2006_clamps),
        cmocka_unit_test(test_noah_derivation_reproduces_table),
        cmocka_unit_test(test_ch78_cosby),
        cmocka_unit_test(test_noah_table_lookup),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_texture_classes_tile_the_triangle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
