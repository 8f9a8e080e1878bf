/* ptf.c — pedotransfer functions (science.md §2): Saxton & Rawls 2006 (SSSAJ 70:1569, eqs. 1–3,
 * 5, 15–16 and Table 1), with Noah-MP's clamps (NCAR/noahmp PedoTransferSR2006Mod.F90), and
 * Clapp & Hornberger 1978 (WRR 14:601) with the Cosby et al. 1984 (WRR 20:682, Table 4)
 * multivariate parameters and the Noah REDPRM critical and wilting points. */
#include "ptf.h"

#include <math.h>
#include <string.h>

#include "soil_table.h"
#include "texture_class.h"

static const double kpa_to_m = 0.101997;       /* [m kPa-1] of water */
static const double ln_1500_over_33 = 3.816712826;

void ptf_default_options(ptf_options *options)
{
    options->scheme = PTF_SR06;
    options->om_factor = 1.724;
}

static const char *const scheme_names[PTF_SCHEME_COUNT] = {"sr06", "sr06-noahmp", "ch78", "noah-table"};

int ptf_parse_name(const char *name, ptf_scheme *scheme, dt_error *err)
{
    for (int s = 0; s < PTF_SCHEME_COUNT; s++)
        if (strcmp(name, scheme_names[s]) == 0) {
            *scheme = (ptf_scheme)s;
            return DT_OK;
        }
    return dt_error_set(err, DT_ERR_USAGE, "unknown PTF '%s' (sr06, sr06-noahmp, ch78, noah-table)", name);
}

const char *ptf_name(ptf_scheme scheme)
{
    return scheme < PTF_SCHEME_COUNT ? scheme_names[scheme] : "unknown";
}

int ptf_uses_soc(ptf_scheme scheme)
{
    return scheme == PTF_SR06 || scheme == PTF_SR06_NOAHMP;
}

/* ---- Saxton & Rawls 2006 ------------------------------------------------------------------ */

typedef struct {
    double theta_1500, theta_33, theta_s33, psi_e; /* [m3 m-3], [kPa] */
} sr06_moments;

/* S, C fractions; om in %w. Eqs. 1–3 (θ1500, θ33, θ(S−33)) of Saxton & Rawls 2006. */
static void sr06_thresholds(double s, double c, double om, double *theta_1500, double *theta_33)
{
    double t1500 = -0.024 * s + 0.487 * c + 0.006 * om + 0.005 * s * om - 0.013 * c * om + 0.068 * s * c + 0.031;
    double t33 = -0.251 * s + 0.195 * c + 0.011 * om + 0.006 * s * om - 0.027 * c * om + 0.452 * s * c + 0.299;
    *theta_1500 = t1500 + (0.14 * t1500 - 0.02);
    *theta_33 = t33 + (1.283 * t33 * t33 - 0.374 * t33 - 0.015);
}

static void sr06_all(double s, double c, double om, sr06_moments *m)
{
    sr06_thresholds(s, c, om, &m->theta_1500, &m->theta_33);
    double ts33 = 0.278 * s + 0.034 * c + 0.022 * om - 0.018 * s * om - 0.027 * c * om - 0.584 * s * c + 0.078;
    m->theta_s33 = ts33 + (0.636 * ts33 - 0.107);
    double psi_et = -21.67 * s - 27.93 * c - 81.97 * m->theta_s33 + 71.12 * s * m->theta_s33 +
                    8.29 * c * m->theta_s33 + 14.05 * s * c + 27.16; /* eq. 4 */
    m->psi_e = psi_et + (0.02 * psi_et * psi_et - 0.113 * psi_et - 0.70);
}

static double clamp(double x, double low, double high)
{
    return x < low ? low : x > high ? high : x;
}

static void sr06_eval(double s, double c, double om, int noahmp, ptf_hydraulics *h)
{
    sr06_moments m;
    sr06_all(s, c, om, &m);
    double theta_s = m.theta_33 + m.theta_s33 - 0.097 * s + 0.043;                  /* eq. 5 */
    double b = ln_1500_over_33 / (log(m.theta_33) - log(m.theta_1500));             /* eq. 15 */
    double k_s = 1930.0 * pow(theta_s - m.theta_33, 3.0 - 1.0 / b) / 3.6e6;         /* eq. 16, mm/h → m/s */
    double psi_s = (noahmp ? fmax(0.1, m.psi_e) : m.psi_e) * kpa_to_m;
    double d_sat = k_s * psi_s * b / theta_s;
    if (!noahmp) {
        *h = (ptf_hydraulics){theta_s, m.theta_33, m.theta_1500, m.theta_1500, b, psi_s, k_s, d_sat, s};
        return;
    }
    h->theta_s = clamp(theta_s, 0.32, 0.50);
    h->theta_ref = clamp(m.theta_33, 0.17, h->theta_s);
    h->theta_wlt = clamp(m.theta_1500, 0.01, h->theta_ref);
    h->theta_dry = h->theta_wlt;
    h->b = clamp(b, 2.5, 12.0);
    h->psi_s = clamp(psi_s, 0.03, 1.0);
    h->k_s = clamp(k_s, 5e-7, 1e-5);
    h->d_sat = clamp(d_sat, 1e-6, 3e-5);
    h->quartz = clamp(s, 0.05, 0.95);
}

/* ---- Clapp & Hornberger / Cosby, Noah thresholds ------------------------------------------ */

void ptf_noah_thresholds(double b, double theta_s, double psi_s, double k_s, double *theta_wlt,
                         double *theta_ref)
{
    /* Noah REDPRM: θref where K = 5.79e-9 m/s (0.5 mm/d), raised a third of the way to θs;
     * θwlt half the water content at 200 m suction. */
    double ref1 = theta_s * pow(5.79e-9 / k_s, 1.0 / (2.0 * b + 3.0));
    *theta_ref = ref1 + (theta_s - ref1) / 3.0;
    *theta_wlt = 0.5 * theta_s * pow(200.0 / psi_s, -1.0 / b);
}

static void ch78_eval(double sand, double clay, ptf_hydraulics *h)
{
    double silt = 100.0 - sand - clay;
    h->theta_s = 0.505 - 0.00142 * sand - 0.00037 * clay;
    h->b = 3.10 + 0.157 * clay - 0.003 * sand;
    h->psi_s = 0.01 * pow(10.0, 1.54 - 0.0095 * sand + 0.0063 * silt);
    h->k_s = 7.0556e-6 * pow(10.0, -0.60 + 0.0126 * sand - 0.0064 * clay);
    ptf_noah_thresholds(h->b, h->theta_s, h->psi_s, h->k_s, &h->theta_wlt, &h->theta_ref);
    h->theta_dry = h->theta_wlt;
    h->d_sat = h->b * h->k_s * h->psi_s / h->theta_s; /* Noah REDPRM: DWSAT = BB·SATDK·SATPSI/MAXSMC */
    h->quartz = sand / 100.0;                        /* quartz ≈ sand fraction (Peters-Lidard et al. 1998) */
}

/* ---- entry points --------------------------------------------------------------------------- */

static void eval_unchecked(const ptf_options *o, double sand, double clay, double soc, ptf_hydraulics *h)
{
    double om = o->om_factor * soc;
    switch (o->scheme) {
    case PTF_SR06: sr06_eval(sand / 100.0, clay / 100.0, om, 0, h); break;
    case PTF_SR06_NOAHMP: sr06_eval(sand / 100.0, clay / 100.0, om, 1, h); break;
    case PTF_CH78: ch78_eval(sand, clay, h); break;
    default: soil_table_hydraulics(soil_table_row_of(texture_stas_class(texture_classify(sand, clay))), h); break;
    }
}

int ptf_eval(const ptf_options *o, double sand, double clay, double soc, ptf_hydraulics *out, dt_error *err)
{
    if (!(sand >= 0 && sand <= 100)) return dt_error_set(err, DT_ERR_VALUE, "sand %g %% is outside 0…100", sand);
    if (!(clay >= 0 && clay <= 100)) return dt_error_set(err, DT_ERR_VALUE, "clay %g %% is outside 0…100", clay);
    if (sand + clay > 100.0 + 1e-9)
        return dt_error_set(err, DT_ERR_VALUE, "sand %g %% + clay %g %% exceed 100 %%", sand, clay);
    if (ptf_uses_soc(o->scheme) && !(soc >= 0 && soc <= 100))
        return dt_error_set(err, DT_ERR_VALUE, "SOC %g %% is outside 0…100", soc);
    if ((int)o->scheme < 0 || o->scheme >= PTF_SCHEME_COUNT)
        return dt_error_set(err, DT_ERR_USAGE, "unknown PTF scheme %d", (int)o->scheme);
    eval_unchecked(o, sand, clay, ptf_uses_soc(o->scheme) ? soc : 0.0, out);
    return DT_OK;
}

void ptf_thresholds(const ptf_options *o, double sand, double clay, double soc, double *theta_wlt, double *theta_ref)
{
    if (o->scheme == PTF_SR06) {
        sr06_thresholds(sand / 100.0, clay / 100.0, o->om_factor * soc, theta_wlt, theta_ref);
        return;
    }
    ptf_hydraulics h;
    eval_unchecked(o, sand, clay, soc, &h);
    *theta_wlt = h.theta_wlt;
    *theta_ref = h.theta_ref;
}
