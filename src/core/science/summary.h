/* summary.h — domain summaries: before/after distributions (the seed's Figure 9 as histograms)
 * and the mean change over arid versus humid cells. */
#ifndef DRYTEX_SUMMARY_H
#define DRYTEX_SUMMARY_H

#include <stddef.h>

#include "status.h"

enum { SUMMARY_BINS = 20, SUMMARY_MAX_QUANTITIES = 8 };

typedef struct {
    char name[32];               /* e.g. "sand" */
    char units[16];
    double low, high;            /* histogram range; values outside go to the end bins */
    long before[SUMMARY_BINS];   /* counts of the baseline (or satellite) values */
    long after[SUMMARY_BINS];    /* counts of the optimised (or PTF) values */
    size_t count;                /* cells counted */
    double mean_before, mean_after;
    double arid_change, humid_change; /* mean (after − before) over the drier / wetter half */
} summary_quantity;

typedef struct {
    int count;
    summary_quantity quantity[SUMMARY_MAX_QUANTITIES];
    double split_sm;             /* [m3 m-3] median long-term mean SM separating arid from humid */
    size_t arid_cells, humid_cells;
    double sm_masked;            /* soil-moisture values masked as physically impossible where the job's
                                    inputs were made (the jobs set it after summary_init); −1: not recorded */
} domain_summary;

/* Starts a summary; split_sm is the median of mean_sm over the cells with a value. */
void summary_init(domain_summary *s, const float *mean_sm, size_t n);

/* Adds a quantity over cells where both before and after are valid (and use[i] != 0 if given). */
void summary_add(domain_summary *s, const char *name, const char *units, double low, double high,
                 const float *before, const float *after, const float *mean_sm,
                 const unsigned char *use, size_t n);

#endif
