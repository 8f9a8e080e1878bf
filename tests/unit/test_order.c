/* test_order.c — order_sort sorts as qsort does and order_select finds the k-th smallest, on random
 * arrays with ties and infinities and on the patterns that break naive quicksorts and selections:
 * sorted, reversed, all equal, organ pipe, few distinct values; sizes around the insertion-sort and
 * the Floyd–Rivest sampling thresholds. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "order.h"
#include "rng.h"

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { PATTERNS = 7 };

static void fill(double *a, size_t n, int pattern, rng_state *rng)
{
    for (size_t i = 0; i < n; i++) {
        switch (pattern) {
        case 0: a[i] = rng_uniform(rng); break;                                   /* distinct */
        case 1: a[i] = floor(rng_uniform(rng) * 7.0) / 7.0; break;                /* few values, many ties */
        case 2: a[i] = (double)i; break;                                          /* sorted */
        case 3: a[i] = (double)(n - i); break;                                    /* reversed */
        case 4: a[i] = 0.25; break;                                               /* all equal */
        case 5: a[i] = (double)(i < n / 2 ? i : n - i); break;                    /* organ pipe */
        default: a[i] = rng_uniform(rng) < 0.05 ? INFINITY : rng_normal(rng); break; /* with +∞ and negatives */
        }
    }
}

static const size_t sizes[] = {1, 2, 3, 4, 15, 16, 17, 33, 100, 599, 600, 601, 602, 1000, 2500, 7305, 40000};

static void test_sort_equals_qsort(void **state)
{
    (void)state;
    rng_state rng;
    rng_seed(&rng, 17, 1);
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int pattern = 0; pattern < PATTERNS; pattern++) {
            size_t n = sizes[s];
            double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
            fill(a, n, pattern, &rng);
            memcpy(b, a, n * sizeof *a);
            order_sort(a, n);
            qsort(b, n, sizeof *b, by_value);
            assert_memory_equal(a, b, n * sizeof *a);
            free(a);
            free(b);
        }
    order_sort(NULL, 0); /* nothing to sort: nothing is touched */
}

static void test_select_is_kth_smallest(void **state)
{
    (void)state;
    rng_state rng;
    rng_seed(&rng, 23, 1);
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int pattern = 0; pattern < PATTERNS; pattern++) {
            size_t n = sizes[s];
            double *a = malloc(n * sizeof *a), *sorted = malloc(n * sizeof *a), *work = malloc(n * sizeof *a);
            fill(a, n, pattern, &rng);
            memcpy(sorted, a, n * sizeof *a);
            qsort(sorted, n, sizeof *sorted, by_value);
            size_t ks[] = {0, n / 50, n / 2, n - 1 - n / 3, n - 1};
            for (size_t q = 0; q < sizeof ks / sizeof *ks; q++) {
                memcpy(work, a, n * sizeof *a);
                double got = order_select(work, n, ks[q]);
                assert_true(got == sorted[ks[q]]);
                /* it reorders: a permutation, with a[k] in its sorted place */
                assert_true(work[ks[q]] == sorted[ks[q]]);
                for (size_t i = 0; i < ks[q]; i++) assert_true(work[i] <= got);
                for (size_t i = ks[q] + 1; i < n; i++) assert_true(work[i] >= got);
                qsort(work, n, sizeof *work, by_value);
                assert_memory_equal(work, sorted, n * sizeof *a);
            }
            free(a);
            free(sorted);
            free(work);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_equals_qsort),
        cmocka_unit_test(test_select_is_kth_smallest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
