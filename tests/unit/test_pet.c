/* test_pet.c — FAO-56 Penman–Monteith against the paper's worked example and physical limits. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "pet.h"

/* FAO-56 Example 18 (Uccle, Brussels, 6 July): Tmax 21.5, Tmin 12.3 °C, RHmax 84, RHmin 63 %,
 * u2 2.078 m/s, Rn 13.28 MJ m-2 d-1, G 0, altitude 100 m (P 100.1 kPa): ET0 = 3.9 mm/day. */
static void test_fao56_example_18(void **state)
{
    (void)state;
    double es = 0.5 * (pet_saturation_vapour_pressure(21.5) + pet_saturation_vapour_pressure(12.3));
    double ea = 0.5 * (pet_saturation_vapour_pressure(12.3) * 0.84 + pet_saturation_vapour_pressure(21.5) * 0.63);
    assert_true(fabs(es - 1.997) < 0.002);
    assert_true(fabs(ea - 1.409) < 0.002);
    double et0 = pet_fao56(16.9, es, ea, 100.1, 2.078, 13.28, 0.0, 0);
    printf("# FAO-56 example 18: ET0 %.3f mm/day (paper 3.9)\n", et0);
    assert_true(fabs(et0 - 3.9) < 0.05);
}

static void test_helpers(void **state)
{
    (void)state;
    assert_true(fabs(pet_saturation_vapour_pressure(25.0) - 3.168) < 0.001); /* FAO-56 Annex 2 table */
    assert_true(fabs(pet_wind_at_2m(3.2, 10.0) - 2.4) < 0.01);              /* FAO-56 Example 14 */
    double q = 0.01, p = 100.0, e = pet_vapour_pressure_from_q(q, p);
    assert_true(fabs(0.622 * e / (p - 0.378 * e) - q) < 1e-12);               /* inverts q = εe/(p − (1−ε)e) */
}

static void test_forcing_limits(void **state)
{
    (void)state;
    pet_forcing noon = {303.15, 0.010, 100000.0, 3.0, 10.0, 800.0, 380.0};
    pet_forcing night = {293.15, 0.012, 100000.0, 1.0, 10.0, 0.0, 330.0};
    double day = pet_from_forcing(&noon, 3600.0), dark = pet_from_forcing(&night, 3600.0);
    printf("# summer noon hour %.3f mm, night hour %.3f mm\n", day, dark);
    assert_true(day > 0.4 && day < 1.0);
    assert_true(dark >= 0 && dark < 0.1);
    pet_forcing saturated = noon;
    saturated.q = 0.0275; /* ≈ saturation at 30 °C */
    assert_true(pet_from_forcing(&saturated, 3600.0) < day);
    assert_true(fabs(pet_from_forcing(&noon, 1800.0) - 0.5 * day) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fao56_example_18),
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_forcing_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
