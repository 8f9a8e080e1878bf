/* ptf.c — pedotransfer functions (science.md §2, noahmp.md §1.8):
 *   sr06        Saxton & Rawls 2006 (SSSAJ 70:1569) Table 1 regressions with OM = om_factor × SOC;
 *   sr06-noahmp the same with Noah-MP's input substitution, floors and clamps (NCAR/noahmp
 *               drivers/hrldas/PedoTransferSR2006Mod.F90, coefficients in NoahmpTable.TBL
 *               &noahmp_soil_sr2006_parameters);
 *   ch78        Clapp & Hornberger 1978 (WRR 14:601) retention with the Cosby et al. 1984
 *               (WRR 20:682) Table 4 multivariate parameters, θref and θwlt the Noah way;
 *   noah-table  USDA class → Noah-MP STAS row (soil_table.c), as Noah-MP soil option 1. */
#include "ptf.h"

#include <math.h>
#include <string.h>

#include "soil_table.h"
#include "texture_class.h"

static const double kpa_to_m = 0.101997;           /* [m kPa-1] Noah-MP PedoTransferSR2006 */
static const double ln_1500_over_33 = 3.816712826; /* ln(1500/33), S&R 2006 eq. 15 */
static const double psi_e_floor = 0.1;              /* [kPa] Noah-MP's floor on ψe */
static const double in_per_h_to_m_per_s = 0.0254 / 3600.0;

void ptf_default_options(ptf_options *options)
{
    options->scheme = PTF_SR06;
    options->om_factor = 1.724; /* van Bemmelen factor, science.md §2.1 */
}

static const char *const scheme_names[PTF_SCHEME_COUNT] = {"sr06", "sr06-noahmp", "ch78", "noah-table"};

int ptf_parse_name(const char *name, ptf_scheme *scheme, dt_error *err)
{
    for (int s = 0; name && s < PTF_SCHEME_COUNT; s++)
        if (strcmp(name, scheme_names[s]) == 0) {
            *scheme = (ptf_scheme)s;
            return DT_OK;
        }
    return dt_error_set(err, DT_ERR_USAGE, "unknown PTF '%s' (choose sr06, sr06-noahmp, ch78 or noah-table)",
                        name ? name : "(null)");
}

const char *ptf_name(ptf_scheme scheme)
{
    return (int)scheme >= 0 && scheme < PTF_SCHEME_COUNT ? scheme_names[scheme] : "unknown";
}

int ptf_uses_soc(ptf_scheme scheme)
{
    return scheme == PTF_SR06 || scheme == PTF_SR06_NOAHMP;
}

static double clamp(double x, double low, double high)
{
    return x < low ? low : x > high ? high : x;
}

/* Quartz for the texture-continuous schemes: the sand fraction in [0.05, 0.95], as Noah-MP's
 * SR2006 does (PedoTransferSR2006Mod.F90). The STAS QTZ column tracks the classes' sand content
 * the same way (sand 0.92, loamy sand 0.82, sandy clay 0.52; Peters-Lidard et al. 1998). */
static double quartz_of_sand(double s)
{
    return clamp(s, 0.05, 0.95);
}

/* ---- Saxton & Rawls 2006 (S, C fractions; OM in %w) ---------------------------------------- */

/* Table 1, eqs. 1 (θ1500) and 2 (θ33, with 1.283 as printed in the paper and in NoahmpTable). */
static inline void sr06_points(double s, double c, double om, double *theta_1500, double *theta_33)
{
    double t1500 = -0.024 * s + 0.487 * c + 0.006 * om + 0.005 * s * om - 0.013 * c * om + 0.068 * s * c + 0.031;
    double t33 = -0.251 * s + 0.195 * c + 0.011 * om + 0.006 * s * om - 0.027 * c * om + 0.452 * s * c + 0.299;
    *theta_1500 = t1500 + (0.14 * t1500 - 0.02);
    *theta_33 = t33 + (1.283 * t33 * t33 - 0.374 * t33 - 0.015);
}

/* Table 1, eq. 3: θ(S−33), the moisture between saturation and 33 kPa [m3 m-3]. */
static inline double sr06_theta_s33(double s, double c, double om)
{
    double t = 0.278 * s + 0.034 * c + 0.022 * om - 0.018 * s * om - 0.027 * c * om - 0.584 * s * c + 0.078;
    return t + (0.636 * t - 0.107);
}

/* Table 1, eq. 5: θs [m3 m-3]. */
static inline double sr06_theta_s(double s, double theta_33, double theta_s33)
{
    return theta_33 + theta_s33 - 0.097 * s + 0.043;
}

/* Table 1, eq. 4: air-entry tension ψe [kPa] (negative for many sands). */
static double sr06_psi_e(double s, double c, double theta_s33)
{
    double t = -21.67 * s - 27.93 * c - 81.97 * theta_s33 + 71.12 * s * theta_s33 + 8.29 * c * theta_s33 +
               14.05 * s * c + 27.16;
    return t + (0.02 * t * t - 0.113 * t - 0.70);
}

/* B (eq. 15), Ks (eq. 16: 1930 (θs − θ33)^(3 − λ) mm h-1, λ = 1/B) and ψs, Dsat as Noah-MP derives
 * them (ψs = max(0.1 kPa, ψe) in metres; Dsat = Ks ψs B / θs); θs, θ33, θ1500 as given. */
static void sr06_fill(double s, double c, double theta_1500, double theta_33, double theta_s33,
                      ptf_hydraulics *h)
{
    h->theta_s = sr06_theta_s(s, theta_33, theta_s33);
    h->theta_ref = theta_33;
    h->theta_wlt = theta_1500;
    h->theta_dry = theta_1500;
    h->b = ln_1500_over_33 / (log(theta_33) - log(theta_1500));
    h->k_s = 1930.0 * pow(h->theta_s - theta_33, 3.0 - 1.0 / h->b) / 3.6e6;
    h->psi_s = fmax(sr06_psi_e(s, c, theta_s33), psi_e_floor) * kpa_to_m;
    h->d_sat = h->k_s * h->psi_s * h->b / h->theta_s;
    h->quartz = quartz_of_sand(s);
}

/* Unclamped: the regressions as published. Only ψe gets Noah-MP's 0.1 kPa floor (eq. 4 turns
 * negative for sands, and the Campbell curve needs ψs > 0). Textures where the regressions leave
 * 0 < θ1500 < θ33 < θs ≤ 1 (clay < ~2 % with much sand, or high clay with high OM) are refused. */
static int sr06_eval(double s, double c, double om, ptf_hydraulics *h, dt_error *err)
{
    double t1500, t33;
    sr06_points(s, c, om, &t1500, &t33);
    double ts33 = sr06_theta_s33(s, c, om);
    double theta_s = sr06_theta_s(s, t33, ts33);
    if (!(t1500 > 0 && t33 > t1500 && theta_s > t33 && theta_s <= 1))
        return dt_error_set(err, DT_ERR_VALUE,
                            "sr06: sand %g %%, clay %g %%, OM %g %%w give theta_1500 %.4f, theta_33 %.4f, "
                            "theta_s %.4f, violating 0 < theta_1500 < theta_33 < theta_s <= 1 (outside "
                            "Saxton & Rawls 2006's range; sr06-noahmp clamps)",
                            100 * s, 100 * c, om, t1500, t33, theta_s);
    sr06_fill(s, c, t1500, t33, ts33, h);
    return DT_OK;
}

/* Noah-MP replaces a texture with sand or clay ≤ 0 by 41 % sand, 18 % clay. */
static inline void noahmp_inputs(double *s, double *c)
{
    if (*s <= 0 || *c <= 0) {
        *s = 0.41;
        *c = 0.18;
    }
}

/* Noah-MP's floors "for numerical stability", θ33 ≥ 1e-3 and θ1500 ≥ 1e-5. */
static inline void noahmp_points(double s, double c, double om, double *theta_1500, double *theta_33)
{
    sr06_points(s, c, om, theta_1500, theta_33);
    *theta_33 = fmax(*theta_33, 1e-3);
    *theta_1500 = fmax(*theta_1500, 1e-5);
}

/* Noah-MP's limits; Ks and Dsat are computed from the unclamped θs, B, ψs first. */
static void noahmp_clamp(ptf_hydraulics *h)
{
    h->theta_s = clamp(h->theta_s, 0.32, 0.50);
    h->theta_ref = clamp(h->theta_ref, 0.17, h->theta_s);
    h->theta_wlt = clamp(h->theta_wlt, 0.01, h->theta_ref);
    h->theta_dry = clamp(h->theta_dry, 0.01, h->theta_ref);
    h->b = clamp(h->b, 2.5, 12.0);
    h->psi_s = clamp(h->psi_s, 0.03, 1.0);
    h->k_s = clamp(h->k_s, 5e-7, 1e-5);
    h->d_sat = clamp(h->d_sat, 1e-6, 3e-5);
}

static int sr06_noahmp_eval(double s, double c, double om, ptf_hydraulics *h, dt_error *err)
{
    noahmp_inputs(&s, &c);
    double t1500, t33;
    noahmp_points(s, c, om, &t1500, &t33);
    sr06_fill(s, c, t1500, t33, sr06_theta_s33(s, c, om), h);
    if (!isfinite(h->k_s) || !isfinite(h->d_sat))
        return dt_error_set(err, DT_ERR_VALUE,
                            "sr06-noahmp: sand %g %%, clay %g %%, OM %g %%w give theta_s %.4f <= theta_33 "
                            "%.4f, so Noah-MP's K_s is undefined", 100 * s, 100 * c, om, h->theta_s, t33);
    noahmp_clamp(h);
    return DT_OK;
}

static void sr06_noahmp_thresholds(double s, double c, double om, double *theta_wlt, double *theta_ref)
{
    noahmp_inputs(&s, &c);
    double t1500, t33;
    noahmp_points(s, c, om, &t1500, &t33);
    double theta_s = clamp(sr06_theta_s(s, t33, sr06_theta_s33(s, c, om)), 0.32, 0.50);
    *theta_ref = clamp(t33, 0.17, theta_s);
    *theta_wlt = clamp(t1500, 0.01, *theta_ref);
}

/* ---- Noah thresholds, Clapp & Hornberger / Cosby ----------------------------------------------- */

void ptf_noah_thresholds(double b, double theta_s, double psi_s, double k_s, double *theta_wlt,
                         double *theta_ref)
{
    /* Noah (the SOILPARM.TBL notes; NASA-LIS/LISF noah.2.7.1/noah271_main.F90): θref1 = θs
     * (5.79e-9 / Ks)^(1/(2b+3)), where Clapp–Hornberger K(θ) = 5.79e-9 m s-1 (0.5 mm/day);
     * θref = θref1 + (θs − θref1)/3; θwlt = 0.5 θs (200 / ψs)^(−1/b), half the content at 200 m
     * suction (Wetzel & Chang 1987). Noah 2.6+ code that derives them at run time divides by
     * SMHIGH = 6 instead of 3; the STAS table's REFSMC follows 3, which is what this reproduces. */
    double ref1 = theta_s * pow(5.79e-9 / k_s, 1.0 / (2.0 * b + 3.0));
    *theta_ref = ref1 + (theta_s - ref1) / 3.0;
    *theta_wlt = 0.5 * theta_s * pow(200.0 / psi_s, -1.0 / b);
}

/* Cosby et al. 1984 Table 4 (S, C, Si in %): θs, b, log10 ψs [cm], log10 Ks [in h-1]. */
typedef struct {
    double theta_s, b, log10_psi_cm, log10_k_in_h;
} cosby_parameters;

static inline cosby_parameters cosby(double sand, double clay)
{
    double silt = 100.0 - sand - clay;
    return (cosby_parameters){0.505 - 0.00142 * sand - 0.00037 * clay, 3.10 + 0.157 * clay - 0.003 * sand,
                              1.54 - 0.0095 * sand + 0.0063 * silt, -0.60 + 0.0126 * sand - 0.0064 * clay};
}

static void ch78_eval(double sand, double clay, ptf_hydraulics *h)
{
    cosby_parameters p = cosby(sand, clay);
    h->theta_s = p.theta_s;
    h->b = p.b;
    h->psi_s = 0.01 * pow(10.0, p.log10_psi_cm);
    h->k_s = in_per_h_to_m_per_s * pow(10.0, p.log10_k_in_h);
    ptf_noah_thresholds(h->b, h->theta_s, h->psi_s, h->k_s, &h->theta_wlt, &h->theta_ref);
    h->theta_dry = h->theta_wlt;                      /* Noah: SMCDRY = SMCWLT */
    h->d_sat = h->b * h->k_s * h->psi_s / h->theta_s; /* Noah: DWSAT = BB·SATDK·SATPSI/MAXSMC */
    h->quartz = quartz_of_sand(0.01 * sand);
}

/* ptf_noah_thresholds on Cosby's parameters with the logarithms taken analytically: two exp()
 * instead of four pow(). */
static void ch78_thresholds(double sand, double clay, double *theta_wlt, double *theta_ref)
{
    static const double ln10 = 2.302585092994046;
    static const double ln_ref_k = -7.10543831595966;   /* ln(5.79e-9 / (0.0254 / 3600)) */
    static const double ln_wilt_psi = 9.903487552536127; /* ln(200 m / 0.01 m) */
    cosby_parameters p = cosby(sand, clay);
    double ref1 = p.theta_s * exp((ln_ref_k - ln10 * p.log10_k_in_h) / (2.0 * p.b + 3.0));
    *theta_ref = ref1 + (p.theta_s - ref1) / 3.0;
    *theta_wlt = 0.5 * p.theta_s * exp(-(ln_wilt_psi - ln10 * p.log10_psi_cm) / p.b);
}

/* ---- entry points ------------------------------------------------------------------------------ */

static int table_eval(double sand, double clay, ptf_hydraulics *h, dt_error *err)
{
    const soil_table_row *row = soil_table_row_of(texture_stas_class(texture_classify(sand, clay)));
    if (!row) return dt_error_set(err, DT_ERR_VALUE, "sand %g %%, clay %g %% is no USDA texture class", sand, clay);
    soil_table_hydraulics(row, h);
    return DT_OK;
}

static int check_inputs(const ptf_options *o, double sand, double clay, double soc, dt_error *err)
{
    if ((int)o->scheme < 0 || o->scheme >= PTF_SCHEME_COUNT)
        return dt_error_set(err, DT_ERR_USAGE, "unknown PTF scheme number %d", (int)o->scheme);
    if (ptf_uses_soc(o->scheme) && !(isfinite(o->om_factor) && o->om_factor > 0))
        return dt_error_set(err, DT_ERR_USAGE, "om_factor %g is not a positive number", o->om_factor);
    if (!(sand >= 0 && sand <= 100)) return dt_error_set(err, DT_ERR_VALUE, "sand %g %% is outside 0..100", sand);
    if (!(clay >= 0 && clay <= 100)) return dt_error_set(err, DT_ERR_VALUE, "clay %g %% is outside 0..100", clay);
    if (sand + clay > 100.0 + 1e-9)
        return dt_error_set(err, DT_ERR_VALUE, "sand %g %% + clay %g %% exceed 100 %%", sand, clay);
    if (ptf_uses_soc(o->scheme) && !(soc >= 0 && soc <= 100))
        return dt_error_set(err, DT_ERR_VALUE, "SOC %g %% is outside 0..100", soc);
    return DT_OK;
}

int ptf_eval(const ptf_options *o, double sand, double clay, double soc, ptf_hydraulics *out, dt_error *err)
{
    int status = check_inputs(o, sand, clay, soc, err);
    if (status != DT_OK) return status;
    switch (o->scheme) {
    case PTF_SR06: return sr06_eval(0.01 * sand, 0.01 * clay, o->om_factor * soc, out, err);
    case PTF_SR06_NOAHMP: return sr06_noahmp_eval(0.01 * sand, 0.01 * clay, o->om_factor * soc, out, err);
    case PTF_CH78: ch78_eval(sand, clay, out); return DT_OK;
    default: return table_eval(sand, clay, out, err);
    }
}

void ptf_thresholds(const ptf_options *o, double sand, double clay, double soc, double *theta_wlt, double *theta_ref)
{
    switch (o->scheme) {
    case PTF_SR06: sr06_points(0.01 * sand, 0.01 * clay, o->om_factor * soc, theta_wlt, theta_ref); return;
    case PTF_SR06_NOAHMP:
        sr06_noahmp_thresholds(0.01 * sand, 0.01 * clay, o->om_factor * soc, theta_wlt, theta_ref);
        return;
    case PTF_CH78: ch78_thresholds(sand, clay, theta_wlt, theta_ref); return;
    default: {
        const soil_table_row *row = soil_table_row_of(texture_stas_class(texture_classify(sand, clay)));
        *theta_wlt = row ? row->wltsmc : NAN;
        *theta_ref = row ? row->refsmc : NAN;
    }
    }
}
