/* summary.c — domain summaries: before/after histograms and arid versus humid mean changes. */
#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare_floats(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

void summary_init(domain_summary *s, const float *mean_sm, size_t n)
{
    memset(s, 0, sizeof *s);
    float *valid = dt_malloc((n ? n : 1) * sizeof *valid);
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (mean_sm && !isnan(mean_sm[i])) valid[count++] = mean_sm[i];
    qsort(valid, count, sizeof *valid, compare_floats);
    s->split_sm = count ? (count % 2 ? valid[count / 2] : 0.5 * (valid[count / 2 - 1] + valid[count / 2])) : NAN;
    free(valid);
}

static int bin_of(double value, double low, double high)
{
    int bin = (int)floor((value - low) / (high - low) * SUMMARY_BINS);
    return bin < 0 ? 0 : bin >= SUMMARY_BINS ? SUMMARY_BINS - 1 : bin;
}

void summary_add(domain_summary *s, const char *name, const char *units, double low, double high,
                 const float *before, const float *after, const float *mean_sm,
                 const unsigned char *use, size_t n)
{
    if (s->count >= SUMMARY_MAX_QUANTITIES) return;
    summary_quantity *q = &s->quantity[s->count++];
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "%s", name);
    snprintf(q->units, sizeof q->units, "%s", units);
    q->low = low;
    q->high = high;
    double sum_before = 0, sum_after = 0, arid = 0, humid = 0;
    size_t arid_n = 0, humid_n = 0;
    for (size_t i = 0; i < n; i++) {
        if ((use && !use[i]) || isnan(before[i]) || isnan(after[i])) continue;
        q->before[bin_of(before[i], low, high)]++;
        q->after[bin_of(after[i], low, high)]++;
        q->count++;
        sum_before += before[i];
        sum_after += after[i];
        if (mean_sm && !isnan(mean_sm[i]) && !isnan(s->split_sm)) {
            if (mean_sm[i] < s->split_sm) arid += after[i] - before[i], arid_n++;
            else humid += after[i] - before[i], humid_n++;
        }
    }
    q->mean_before = q->count ? sum_before / q->count : NAN;
    q->mean_after = q->count ? sum_after / q->count : NAN;
    q->arid_change = arid_n ? arid / arid_n : NAN;
    q->humid_change = humid_n ? humid / humid_n : NAN;
    if (arid_n > s->arid_cells) s->arid_cells = arid_n;
    if (humid_n > s->humid_cells) s->humid_cells = humid_n;
}
