/* order.h — sorting and selection of doubles, for the per-cell statistics of the thresholds (the
 * noise's median, the quantile of the drydowns' values, the wetting levels' product-limit estimate).
 * Both compare with < directly (no comparator call per comparison, as qsort makes): on a 20-year
 * cell they ran in 7 % of the domain job's time with qsort and the previous quickselect. Values
 * must not be NaN; ±∞ are ordered as usual. */
#ifndef DRYTEX_ORDER_H
#define DRYTEX_ORDER_H

#include <stddef.h>

/* Sorts a[n] ascending in place (introsort: quicksort with a median-of-three pivot, insertion sort
 * for short runs, heapsort where the partitions go badly). */
void order_sort(double *a, size_t n);

/* The k-th smallest (0-based, k < n) of a[n], which it reorders: Floyd and Rivest's SELECT (CACM
 * 18:165, 1975), whose pivots from a sample take about n + min(k, n − k) comparisons, where a
 * median-of-three quickselect takes about 3.4 n for a median. */
double order_select(double *a, size_t n, size_t k);

#endif
