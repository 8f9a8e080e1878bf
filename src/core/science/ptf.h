/* ptf.h — pedotransfer functions: soil texture (sand, clay, SOC) → hydraulic parameters. */
#ifndef DRYTEX_PTF_H
#define DRYTEX_PTF_H

#include "status.h"

/* The schemes of science.md §2. */
typedef enum {
    PTF_SR06,         /* Saxton & Rawls 2006 with organic matter, unclamped (calibration default) */
    PTF_SR06_NOAHMP,  /* the same with Noah-MP's clamps (soil option 3, pedotransfer option 1) */
    PTF_CH78,         /* Clapp & Hornberger 1978 retention, Cosby et al. 1984 parameters, no SOC */
    PTF_NOAH_TABLE,   /* USDA class → Noah-MP SOILPARM.TBL (STAS) row, piecewise constant */
    PTF_SCHEME_COUNT
} ptf_scheme;

/* One hydraulic set — the numbers both the calibration and the Noah-MP column use. */
typedef struct {
    double theta_s;   /* [m3 m-3] porosity, Noah-MP SMCMAX */
    double theta_ref; /* [m3 m-3] critical / field-capacity point, SMCREF */
    double theta_wlt; /* [m3 m-3] wilting point, SMCWLT */
    double theta_dry; /* [m3 m-3] air-dry water content, SMCDRY */
    double b;         /* [-] Clapp–Hornberger exponent, BEXP */
    double psi_s;     /* [m] air-entry (saturated) suction, positive, PSISAT */
    double k_s;       /* [m s-1] saturated hydraulic conductivity, DKSAT */
    double d_sat;     /* [m2 s-1] saturated hydraulic diffusivity, DWSAT */
    double quartz;    /* [-] quartz fraction, QTZ */
} ptf_hydraulics;

typedef struct {
    ptf_scheme scheme;
    double om_factor; /* [-] organic matter = om_factor × SOC; van Bemmelen 1.724 by default */
} ptf_options;

void ptf_default_options(ptf_options *options); /* sr06, om_factor 1.724 */

/* "sr06", "sr06-noahmp", "ch78", "noah-table" ↔ scheme. Parse returns DT_ERR_USAGE and names the
 * valid choices when the name is unknown. */
int ptf_parse_name(const char *name, ptf_scheme *scheme, dt_error *err);
const char *ptf_name(ptf_scheme scheme);
int ptf_uses_soc(ptf_scheme scheme); /* 1 when SOC changes the result */

/* The full hydraulic set for sand, clay, soc in %w (silt = 100 − sand − clay). Returns
 * DT_ERR_VALUE, naming the value, when the texture is outside 0..100 or sand + clay > 100 or
 * soc < 0 (soc is checked only by the schemes that use it); DT_ERR_VALUE too where a regression
 * leaves its physical range (sr06: not 0 < θ1500 < θ33 < θs ≤ 1, i.e. clay < 2 % with much sand or
 * clay > 60 % with OM; sr06-noahmp: θs < θ33 with OM); DT_ERR_USAGE for an unknown scheme or an
 * om_factor that is not positive. */
int ptf_eval(const ptf_options *options, double sand, double clay, double soc,
             ptf_hydraulics *out, dt_error *err);

/* Noah REDPRM's critical and wilting points from Clapp–Hornberger parameters (science.md §2.2). */
void ptf_noah_thresholds(double b, double theta_s, double psi_s, double k_s, double *theta_wlt,
                         double *theta_ref);

/* The calibration's hot path: only θwlt and θref, no validation (sr06 returns the raw, possibly
 * unphysical regression values; noah-table returns NaN off the triangle). */
void ptf_thresholds(const ptf_options *options, double sand, double clay, double soc,
                    double *theta_wlt, double *theta_ref);

#endif
