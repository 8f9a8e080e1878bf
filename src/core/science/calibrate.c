/* calibrate.c — per-cell texture calibration (science.md §4; the seed's Opti_exp1–3).
 * Parameters: sand, clay (and SOC when the PTF uses it) in a box of baseline ± (20, 10, 5) %w;
 * the optimum is masked when it leaves the absolute validity range (sand 6–98, clay 3–58,
 * SOC 0–15 %w), as the seed does. */
#include "calibrate.h"

#include <math.h>
#include <string.h>

void calib_default_options(calib_options *o)
{
    ptf_default_options(&o->ptf);
    /* the settings that recover the demo twins' truth best (BENCHMARKS.md): the regularised cost,
     * the thresholds weighed by their own intervals where the map has them (else σ 0.005, the
     * median thresholds' error on the twins), and the baseline's one-sigma error as the scales */
    o->cost = CALIB_COST_REGULARISED;
    o->sigma = 0.005;
    o->lambda = 1.0;
    const double box[] = {20.0, 10.0, 5.0}, low[] = {6.0, 3.0, 0.0}, high[] = {98.0, 58.0, 15.0};
    /* Regularisation scales. θ1500 and θ33 cannot separate SOC from texture (a whole ridge fits,
     * science.md §4), so the regularised cost keeps SOC within ~0.5 %w of the baseline unless the
     * thresholds demand more, and lets sand and clay move on the scale of map errors (10, 5 %w).
     * Twin test: 96 % of cells recover sand and clay within 2 %w when the baseline SOC is right,
     * 71 % with an SOC scale of 1 %w; about half when the baseline SOC is off by up to 1 %w. */
    const double scale[] = {10.0, 5.0, 0.5};
    memcpy(o->scale, scale, sizeof scale);
    memcpy(o->box, box, sizeof box);
    memcpy(o->valid_min, low, sizeof low);
    memcpy(o->valid_max, high, sizeof high);
    sceua_default_options(&o->sceua, 3);
    o->sceua.maxn = 3000;
    o->seed = 1;
}

static const char *const experiment_names[] = {"none", "opti_exp1", "opti_exp2", "opti_exp3"};

int calib_experiment_parse(const char *name, calib_experiment *experiment, dt_error *err)
{
    for (int e = OPTI_EXP1; e <= OPTI_EXP3; e++)
        if (strcmp(name, experiment_names[e]) == 0) {
            *experiment = (calib_experiment)e;
            return DT_OK;
        }
    return dt_error_set(err, DT_ERR_USAGE, "unknown experiment '%s' (opti_exp1, opti_exp2, opti_exp3)", name);
}

const char *calib_experiment_name(calib_experiment experiment)
{
    return experiment <= OPTI_EXP3 ? experiment_names[experiment] : "unknown";
}

void calib_apply_experiment(calib_options *o, calib_experiment experiment)
{
    if (experiment == OPTI_EXP1) o->ptf.scheme = PTF_SR06;
    if (experiment == OPTI_EXP2 || experiment == OPTI_EXP3) o->ptf.scheme = PTF_CH78;
}

int calib_cost_parse(const char *name, calib_cost_kind *cost, dt_error *err)
{
    if (strcmp(name, "seed") == 0) *cost = CALIB_COST_SEED;
    else if (strcmp(name, "regularised") == 0 || strcmp(name, "regularized") == 0) *cost = CALIB_COST_REGULARISED;
    else return dt_error_set(err, DT_ERR_USAGE, "unknown cost '%s' (seed, regularised)", name);
    return DT_OK;
}

const char *calib_cost_name(calib_cost_kind cost)
{
    return cost == CALIB_COST_SEED ? "seed" : "regularised";
}

const char *calib_status_name(calib_status status)
{
    static const char *const names[] = {"ok", "optimum outside the validity range", "no thresholds",
                                        "no soil data", "baseline is not a texture",
                                        "too few drydowns: baseline kept"};
    return status < CALIB_STATUS_COUNT ? names[status] : "unknown";
}

int calib_parameter_count(const calib_options *o)
{
    return ptf_uses_soc(o->ptf.scheme) ? 3 : 2;
}

typedef struct {
    const calib_options *options;
    const calib_input *input;
    int n;
} cost_context;

/* The seed's cost: squared misfit of the PTF's θwlt and θref to the satellite's θw and θc. */
static double seed_cost(const calib_options *o, const calib_input *in, const double *x, int n,
                        double *wlt, double *ref)
{
    double soc = n == 3 ? x[CALIB_SOC] : (isnan(in->baseline[CALIB_SOC]) ? 0.0 : in->baseline[CALIB_SOC]);
    ptf_thresholds(&o->ptf, x[CALIB_SAND], x[CALIB_CLAY], soc, wlt, ref);
    double dw = *wlt - in->theta_w, dc = *ref - in->theta_c;
    if (isnan(in->theta_w) && in->theta_w_upper > 0) dw = fmax(0.0, *wlt - in->theta_w_upper); /* one-sided */
    return dw * dw + dc * dc;
}

/* The threshold misfit weighed by each threshold's own σ (the cell's, else the options'). */
static double weighted_misfit(const calib_options *o, const calib_input *in, const double *x, int n)
{
    double wlt, ref, j = seed_cost(o, in, x, n, &wlt, &ref);
    if (!(in->sigma_w > 0) && !(in->sigma_c > 0)) return j / (o->sigma * o->sigma); /* as before, to the bit */
    double sw = in->sigma_w > 0 ? in->sigma_w : o->sigma, sc = in->sigma_c > 0 ? in->sigma_c : o->sigma;
    double dw = isnan(in->theta_w) ? fmax(0.0, wlt - in->theta_w_upper) : wlt - in->theta_w, dc = ref - in->theta_c;
    return dw * dw / (sw * sw) + dc * dc / (sc * sc);
}

static double cost_function(const double *x, void *context)
{
    const cost_context *c = context;
    double excess = x[CALIB_SAND] + x[CALIB_CLAY] - 100.0;
    if (excess > 0) return 1e6 * (1.0 + excess); /* not a texture: worse than any texture */
    if (c->options->cost == CALIB_COST_SEED) {
        double wlt, ref;
        return seed_cost(c->options, c->input, x, c->n, &wlt, &ref);
    }
    const calib_options *o = c->options;
    double distance = 0.0;
    for (int k = 0; k < c->n; k++) {
        double d = (x[k] - c->input->baseline[k]) / o->scale[k];
        distance += d * d;
    }
    return weighted_misfit(o, c->input, x, c->n) + o->lambda * distance;
}

static void search_box(const calib_options *o, const calib_input *in, int n, calib_result *r)
{
    for (int k = 0; k < n; k++) {
        r->lower[k] = fmax(0.0, in->baseline[k] - o->box[k]);
        r->upper[k] = in->baseline[k] + o->box[k];
        if (k != CALIB_SOC) r->upper[k] = fmin(100.0, r->upper[k]);
    }
}

static calib_status check_input(const calib_options *o, const calib_input *in, int n)
{
    if ((isnan(in->theta_w) && !(in->theta_w_upper > 0)) || isnan(in->theta_c)) return CALIB_NO_THRESHOLDS;
    for (int k = 0; k < n; k++)
        if (isnan(in->baseline[k])) return CALIB_NO_SOIL;
    if (in->baseline[CALIB_SAND] < 0 || in->baseline[CALIB_CLAY] < 0 ||
        in->baseline[CALIB_SAND] + in->baseline[CALIB_CLAY] > 100.0 || (n == 3 && in->baseline[CALIB_SOC] < 0))
        return CALIB_BAD_BASELINE;
    (void)o;
    return CALIB_OK;
}

static int validate_options(const calib_options *o, dt_error *err)
{
    if (o->ptf.scheme == PTF_NOAH_TABLE)
        return dt_error_set(err, DT_ERR_USAGE, "ptf noah-table is piecewise constant in texture and "
                            "cannot be calibrated (use sr06, sr06-noahmp or ch78)");
    if (!(o->sigma > 0) || !(o->lambda >= 0))
        return dt_error_set(err, DT_ERR_USAGE, "regularisation sigma %g must be > 0 and lambda %g >= 0",
                            o->sigma, o->lambda);
    for (int k = 0; k < CALIB_PARAMETERS; k++)
        if (!(o->box[k] > 0) || !(o->scale[k] > 0))
            return dt_error_set(err, DT_ERR_USAGE, "search box half-width %g and regularisation scale %g must be > 0",
                                o->box[k], o->scale[k]);
    return DT_OK;
}

int calib_check_thresholds(double theta_w, double theta_c, dt_error *err)
{
    const char *what = NULL;
    if ((!isnan(theta_w) && !(theta_w >= 0 && theta_w <= 1)) || (!isnan(theta_c) && !(theta_c >= 0 && theta_c <= 1)))
        what = "outside 0…1 m3 m-3";
    else if (!isnan(theta_w) && !isnan(theta_c) && !(theta_w < theta_c))
        what = "θw not below θc";
    if (!what) return DT_OK;
    return dt_error_set(err, DT_ERR_VALUE, "thresholds θw %g, θc %g are outside physics (%s)", theta_w, theta_c, what);
}

int calib_check_texture(const double baseline[CALIB_PARAMETERS], dt_error *err)
{
    static const char *const names[CALIB_PARAMETERS] = {"sand", "clay", "soc"};
    for (int k = 0; k < CALIB_PARAMETERS; k++)
        if (!isnan(baseline[k]) && !(baseline[k] >= 0 && baseline[k] <= 100))
            return dt_error_set(err, DT_ERR_VALUE, "baseline %s %g %%w is outside physics (0…100)", names[k], baseline[k]);
    return DT_OK;
}

int calib_cell(const calib_options *o, const calib_input *in, uint64_t cell_index, int record_trace,
               sceua_workspace *workspace, calib_result *r, dt_error *err)
{
    memset(r, 0, sizeof *r);
    r->status = CALIB_NO_THRESHOLDS; /* never 'ok' on an early error return */
    int status = validate_options(o, err);
    if (status != DT_OK) return status;
    /* θw 1.56 or −0.43, θw above θc, a sand of 150 %w: nothing to calibrate against, and an 'ok' with
     * an infinite cost was the result; the caller names the cell. */
    if ((status = calib_check_thresholds(in->theta_w, in->theta_c, err)) != DT_OK) return status;
    if ((status = calib_check_texture(in->baseline, err)) != DT_OK) return status;
    int n = calib_parameter_count(o);
    for (int k = 0; k < CALIB_PARAMETERS; k++) r->optimised[k] = in->baseline[k];
    r->wlt_before = r->ref_before = r->wlt_after = r->ref_after = r->cost = NAN;
    r->sceua.best_f = NAN;
    r->status = check_input(o, in, n);
    if (r->status == CALIB_NO_SOIL || r->status == CALIB_BAD_BASELINE) return DT_OK;
    double base_soc = isnan(in->baseline[CALIB_SOC]) ? 0.0 : in->baseline[CALIB_SOC];
    ptf_thresholds(&o->ptf, in->baseline[CALIB_SAND], in->baseline[CALIB_CLAY], base_soc,
                   &r->wlt_before, &r->ref_before);
    if (r->status == CALIB_NO_THRESHOLDS && in->too_few && o->cost == CALIB_COST_REGULARISED) {
        r->status = CALIB_BASELINE_KEPT; /* no threshold term: J_λ is least at the baseline itself */
        r->wlt_after = r->wlt_before, r->ref_after = r->ref_before;
        return DT_OK;
    }
    if (r->status != CALIB_OK) return DT_OK;
    search_box(o, in, n, r);
    sceua_options sce = o->sceua;
    sceua_default_options(&sce, n); /* complex sizes follow n; keep the user's budget and tests */
    sce.ngs = o->sceua.ngs;
    sce.maxn = o->sceua.maxn;
    sce.kstop = o->sceua.kstop;
    sce.pcento = o->sceua.pcento;
    sce.peps = o->sceua.peps;
    sce.mutation = o->sceua.mutation;
    sce.seed = o->seed;
    sce.stream = cell_index;
    sce.x0 = in->baseline;
    sce.record_trace = record_trace != 0;
    cost_context context = {o, in, n};
    status = sceua_run(n, r->lower, r->upper, cost_function, &context, &sce, workspace, &r->sceua, err);
    if (status != DT_OK) return status;
    for (int k = 0; k < n; k++) r->optimised[k] = r->sceua.best_x[k];
    r->cost = seed_cost(o, in, r->optimised, n, &r->wlt_after, &r->ref_after);
    if (!isfinite(r->cost)) { /* the PTF gave no finite θ there: never an 'ok' */
        r->status = CALIB_OUTSIDE_RANGE;
        return dt_error_set(err, DT_ERR_VALUE, "the calibration's cost is %g at sand %g, clay %g, soc %g %%w", r->cost,
                            r->optimised[CALIB_SAND], r->optimised[CALIB_CLAY], r->optimised[CALIB_SOC]);
    }
    for (int k = 0; k < n; k++)
        if (r->optimised[k] < o->valid_min[k] || r->optimised[k] > o->valid_max[k]) r->status = CALIB_OUTSIDE_RANGE;
    return DT_OK;
}

void calib_result_free(calib_result *r)
{
    sceua_result_free(&r->sceua);
}
