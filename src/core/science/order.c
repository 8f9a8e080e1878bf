/* order.c — sorting and selection of doubles (see order.h). */
#include "order.h"

#include <math.h>
#include <stddef.h>

enum { SHORT_RUN = 16 }; /* runs this short are sorted by insertion */

static void insertion_sort(double *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double v = a[i];
        size_t j = i;
        for (; j > 0 && v < a[j - 1]; j--) a[j] = a[j - 1];
        a[j] = v;
    }
}

static void sift_down(double *a, size_t root, size_t n)
{
    double v = a[root];
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && a[child] < a[child + 1]) child++;
        if (!(v < a[child])) break;
        a[root] = a[child];
    }
    a[root] = v;
}

static void heap_sort(double *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;) sift_down(a, i, n);
    for (size_t end = n; end-- > 1;) {
        double top = a[0];
        a[0] = a[end], a[end] = top;
        sift_down(a, 0, end);
    }
}

static void swap(double *a, size_t i, size_t j)
{
    double t = a[i];
    a[i] = a[j], a[j] = t;
}

/* Hoare's partition of a[0..n−1] (n ≥ 3) around the median of its first, middle and last values,
 * which are put in order first and bound the scans: the index where the right part begins. */
static size_t partition(double *a, size_t n)
{
    size_t mid = n / 2, last = n - 1;
    if (a[mid] < a[0]) swap(a, mid, 0);
    if (a[last] < a[mid]) {
        swap(a, last, mid);
        if (a[mid] < a[0]) swap(a, mid, 0);
    }
    double pivot = a[mid];
    size_t i = 0, j = last;
    for (;;) {
        do i++; while (a[i] < pivot);
        do j--; while (pivot < a[j]);
        if (i >= j) return i;
        swap(a, i, j);
    }
}

static void introsort(double *a, size_t n, int depth)
{
    while (n > SHORT_RUN) {
        if (depth-- == 0) {
            heap_sort(a, n);
            return;
        }
        size_t split = partition(a, n);
        /* the smaller part by recursion, the larger by the loop: the stack stays O(log n) */
        if (split < n - split) {
            introsort(a, split, depth);
            a += split, n -= split;
        } else {
            introsort(a + split, n - split, depth);
            n = split;
        }
    }
    insertion_sort(a, n);
}

void order_sort(double *a, size_t n)
{
    int depth = 0;
    for (size_t m = n; m > 1; m >>= 1) depth += 2;
    introsort(a, n, depth);
}

/* Floyd–Rivest: on a large range, first narrow it to one that holds the k-th smallest with high
 * probability, by selecting recursively in a sample around k; then partition around a[k]. Signed
 * indices: j may step to left − 1. */
static void select_range(double *a, ptrdiff_t left, ptrdiff_t right, ptrdiff_t k)
{
    while (right > left) {
        if (right - left > 600) {
            double n = (double)(right - left + 1), i = (double)(k - left + 1), z = log(n);
            double s = 0.5 * exp(2.0 * z / 3.0), sd = 0.5 * sqrt(z * s * (n - s) / n) * (i < n / 2 ? -1 : 1);
            double low = floor((double)k - i * s / n + sd), high = floor((double)k + (n - i) * s / n + sd);
            select_range(a, low > (double)left ? (ptrdiff_t)low : left, high < (double)right ? (ptrdiff_t)high : right, k);
        }
        double pivot = a[k];
        ptrdiff_t i = left, j = right;
        swap(a, (size_t)left, (size_t)k);
        if (pivot < a[right]) swap(a, (size_t)right, (size_t)left);
        /* a[left] and a[right] are the pivot and a value on its side: they stop both scans */
        while (i < j) {
            swap(a, (size_t)i, (size_t)j);
            i++, j--;
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
        }
        if (a[left] == pivot) swap(a, (size_t)left, (size_t)j);
        else {
            j++;
            swap(a, (size_t)j, (size_t)right);
        }
        /* a[j] is the pivot in its sorted place */
        if (j <= k) left = j + 1;
        if (k <= j) right = j - 1;
    }
}

double order_select(double *a, size_t n, size_t k)
{
    select_range(a, 0, (ptrdiff_t)n - 1, (ptrdiff_t)k);
    return a[k];
}
