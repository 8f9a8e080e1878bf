/* test_student_t.c — student_t.h against the printed tables: Student's t quantiles for 1 to 120
 * degrees of freedom (Abramowitz & Stegun Table 26.10, to its 4 decimals as every statistics text
 * prints them), the normal quantiles, and the joint of the exact and the expanded method at 30/31. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "student_t.h"

static void test_published_t_quantiles(void **state)
{
    (void)state;
    static const struct {
        size_t nu;
        double q95, q975;
    } table[] = {
        {1, 6.3138, 12.7062}, {2, 2.9200, 4.3027}, {3, 2.3534, 3.1824}, {4, 2.1318, 2.7764},
        {5, 2.0150, 2.5706},  {6, 1.9432, 2.4469}, {7, 1.8946, 2.3646}, {8, 1.8595, 2.3060},
        {9, 1.8331, 2.2622},  {10, 1.8125, 2.2281}, {15, 1.7531, 2.1314}, {20, 1.7247, 2.0860},
        {25, 1.7081, 2.0595}, {30, 1.6973, 2.0423}, {40, 1.6839, 2.0211}, {60, 1.6706, 2.0003},
        {120, 1.6577, 1.9799},
    };
    for (size_t k = 0; k < sizeof table / sizeof table[0]; k++) {
        assert_true(fabs(student_t_quantile(0.95, table[k].nu) - table[k].q95) <= 0.00005 + 1e-9);
        assert_true(fabs(student_t_quantile(0.975, table[k].nu) - table[k].q975) <= 0.00005 + 1e-9);
    }
}

static void test_normal_and_limits(void **state)
{
    (void)state;
    assert_true(fabs(normal_quantile(0.95) - 1.6448536270) < 1e-9);
    assert_true(fabs(normal_quantile(0.975) - 1.9599639845) < 1e-9);
    assert_true(fabs(normal_quantile(0.025) + 1.9599639845) < 1e-9);
    assert_true(fabs(student_t_quantile(0.95, 100000) - normal_quantile(0.95)) < 1e-4);
    /* decreasing in nu, the exact method (≤ 30) joining the expansion (> 30) without a step */
    double before = INFINITY;
    for (size_t nu = 1; nu <= 200; nu++) {
        double q = student_t_quantile(0.95, nu);
        assert_true(q < before);
        before = q;
    }
    double step = student_t_quantile(0.95, 30) - student_t_quantile(0.95, 31);
    double next = student_t_quantile(0.95, 31) - student_t_quantile(0.95, 32);
    assert_true(step > next && step < 1.2 * next);
    assert_true(isnan(student_t_quantile(0.4, 5)));
    assert_true(isnan(student_t_quantile(1.0, 5)));
    assert_true(isnan(student_t_quantile(0.95, 0)));
    assert_true(isnan(normal_quantile(0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_t_quantiles),
        cmocka_unit_test(test_normal_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
