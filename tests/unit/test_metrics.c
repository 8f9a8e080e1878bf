/* test_metrics.c — bias, RMSE, ubRMSE and R on hand-computed cases. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "metrics.h"

static void test_known_values(void **state)
{
    (void)state;
    const float s[] = {0.2f, 0.3f, NAN, 0.4f, 0.5f}, r[] = {0.1f, 0.2f, 0.9f, 0.3f, NAN};
    metrics m;
    metrics_compare(s, r, 5, &m);
    assert_int_equal(m.count, 3);
    assert_true(fabs(m.bias - 0.1) < 1e-6 && fabs(m.rmse - 0.1) < 1e-6);
    assert_true(m.ubrmse < 1e-6);   /* a pure offset has no unbiased error */
    assert_true(fabs(m.r - 1.0) < 1e-6);
    const float a[] = {1, 2, 3, 4}, b[] = {4, 3, 2, 1};
    metrics_compare(a, b, 4, &m);
    assert_true(fabs(m.r + 1.0) < 1e-12 && fabs(m.bias) < 1e-12 && fabs(m.rmse - sqrt(5.0)) < 1e-12);
    assert_true(fabs(m.ubrmse - m.rmse) < 1e-12);
    const float none[] = {NAN, NAN};
    metrics_compare(none, none, 2, &m);
    assert_int_equal(m.count, 0);
    assert_true(isnan(m.bias) && isnan(m.r));
    const float flat[] = {0.2f, 0.2f, 0.2f};
    metrics_compare(flat, a, 3, &m);
    assert_true(isnan(m.r) && m.count == 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_known_values)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
