/* student_t.c — Student's t and normal quantiles (student_t.h). */
#include "student_t.h"

#include <math.h>

/* P(T ≤ t) for an integer nu, t ≥ 0: with θ = atan(t / √nu), P(|T| ≤ t) is a finite sum of powers of
 * cos θ (A&S 26.7.3 for odd nu, 26.7.4 for even). */
static double t_distribution(double t, size_t nu)
{
    double theta = atan(t / sqrt((double)nu)), s = sin(theta), c2 = cos(theta) * cos(theta), within;
    if (nu % 2 == 0) {
        double term = 1, sum = 1;
        for (size_t k = 2; k < nu; k += 2) { /* (1·3·…(k−1)) / (2·4·…k) cos^k θ */
            term *= c2 * (double)(k - 1) / (double)k;
            sum += term;
        }
        within = s * sum;
    } else {
        double c = cos(theta), term = c, sum = nu > 1 ? c : 0;
        for (size_t k = 3; k < nu; k += 2) { /* (2·4·…(k−1)) / (1·3·…k) cos^k θ */
            term *= c2 * (double)(k - 1) / (double)k;
            sum += term;
        }
        within = 2.0 / M_PI * (theta + s * sum);
    }
    return 0.5 + 0.5 * within;
}

/* The root of an increasing function's value = p, bisected between 0 and a bound that doubles until
 * it is beyond the root. */
static double bisect(double (*f)(double, size_t), size_t nu, double p)
{
    double low = 0, high = 1;
    while (f(high, nu) < p && high < 1e12) low = high, high *= 2;
    for (int k = 0; k < 200 && high - low > 1e-13 * high; k++) {
        double middle = 0.5 * (low + high);
        if (f(middle, nu) < p) low = middle;
        else high = middle;
    }
    return 0.5 * (low + high);
}

static double normal_distribution(double z, size_t unused)
{
    (void)unused;
    return 0.5 * erfc(-z / M_SQRT2);
}

double normal_quantile(double p)
{
    if (!(p > 0 && p < 1)) return NAN;
    if (p < 0.5) return -normal_quantile(1 - p);
    return bisect(normal_distribution, 0, p);
}

double student_t_quantile(double p, size_t nu)
{
    if (!(p > 0.5 && p < 1) || nu < 1) return NAN;
    if (nu <= 30) return bisect(t_distribution, nu, p);
    double z = normal_quantile(p), z2 = z * z, n = (double)nu;
    double g1 = z * (z2 + 1) / 4;
    double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
    double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
    double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
    return z + (g1 + (g2 + (g3 + g4 / n) / n) / n) / n;
}
