/* student_t.h — quantiles of Student's t distribution, for intervals estimated from few independent
 * groups: the pooled θw's event-clustered sandwich has the cell's E drydowns as its groups, and with
 * few of them its standard error is itself uncertain, so its interval takes t with E − 1 degrees of
 * freedom in place of the normal quantile (Cameron & Miller 2015, J. Human Resources 50:317, §VI). */
#ifndef DRYTEX_STUDENT_T_H
#define DRYTEX_STUDENT_T_H

#include <stddef.h>

/* The p-quantile (0.5 < p < 1) of t with nu ≥ 1 degrees of freedom: exact (to about 1e-12) for
 * nu ≤ 30, from the closed-form distribution of an integer nu (Abramowitz & Stegun 26.7.3–4); above,
 * the Cornish–Fisher expansion in 1/nu to its fourth term (A&S 26.7.5, error below 1e-6). NaN for p
 * or nu out of range. */
double student_t_quantile(double p, size_t nu);

/* The standard normal p-quantile (0 < p < 1), from C's erfc to about 1e-12. NaN out of range. */
double normal_quantile(double p);

#endif
