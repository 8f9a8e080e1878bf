/* explorer_job_outputs.c — where the explorer's jobs write (beside the data, else the cache),
 * what their outputs are named (after the settings that make them, so a run resumes or reuses only
 * its own kind) and whether an output is current (complete and newer than its inputs), in which
 * case it is loaded instead of being computed again. */
#include "explorer_job_outputs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netcdf.h>

#include "ncfile.h"

/* Outputs go beside the data when that directory is writable, else to $XDG_CACHE_HOME/drytex/jobs. */
static void output_path(const explorer *e, const char *name, char *path, size_t size)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", e->dataset);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    else snprintf(dir, sizeof dir, ".");
    if (access(dir, W_OK) != 0) {
        const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
        if (cache && *cache) snprintf(dir, sizeof dir, "%s/drytex", cache);
        else snprintf(dir, sizeof dir, "%s/.cache/drytex", home && *home ? home : "/tmp");
        mkdir(dir, 0755);
        strncat(dir, "/jobs", sizeof dir - strlen(dir) - 1);
        mkdir(dir, 0755);
    }
    snprintf(path, size, "%s/%s", dir, name);
}

/* An output is current when it is complete (not OUT.partial) and newer than every input it was
 * made from: a job of the same settings would only write it again. */
static int output_current(const char *output, const char *const *inputs, size_t count)
{
    struct stat out, in;
    if (stat(output, &out) != 0 || !S_ISREG(out.st_mode)) return 0;
    for (size_t i = 0; i < count; i++) {
        if (!inputs[i] || stat(inputs[i], &in) != 0) return 0;
        if (in.st_mtim.tv_sec > out.st_mtim.tv_sec ||
            (in.st_mtim.tv_sec == out.st_mtim.tv_sec && in.st_mtim.tv_nsec > out.st_mtim.tv_nsec))
            return 0;
    }
    return 1;
}

/* The PTF a calibration used (its drytex_ptf attribute), so the simulation runs the optimised
 * texture through the same PTF; the explorer's own setting when the file does not say. */
const char *explorer_calibration_ptf(const explorer *e, const char *calibrated, char *name, size_t size)
{
    int ncid;
    size_t length;
    dt_error err;
    snprintf(name, size, "%s", ptf_name(e->inputs.calib.ptf.scheme));
    if (ncfile_open(calibrated, &ncid, &err) != DT_OK) return name;
    if (nc_inq_attlen(ncid, NC_GLOBAL, "drytex_ptf", &length) == NC_NOERR && length > 0 && length < size &&
        nc_get_att_text(ncid, NC_GLOBAL, "drytex_ptf", name) == NC_NOERR)
        name[length] = '\0';
    ncfile_close(ncid);
    return name;
}

/* The preset's own min-points, or the override of :set min-points. */
static size_t preset_min_points(const explorer *e)
{
    drydown_options preset;
    dt_error err;
    return drydown_preset_parse(e->preset, &preset, &err) == DT_OK ? preset.min_points : 0;
}

thresholds_estimator explorer_preset_estimator(const char *preset)
{
    return strcmp(preset, "drytex") == 0 ? THRESHOLDS_DEFAULT : THRESHOLDS_MEDIAN;
}

/* The name carries the rules and the estimator (the preset, and min-points, the estimator and
 * min-events where they differ from the preset's and the defaults), so an earlier output is reused
 * or resumed only by a run of the same settings; the default settings keep their plain name. */
void explorer_drydowns_output(const explorer *e, char *output, size_t size)
{
    char name[160], part[48];
    thresholds_options defaults;
    thresholds_default_options(&defaults);
    const thresholds_options *t = &e->inputs.thresholds;
    snprintf(name, sizeof name, "drydowns-%s", e->preset);
    if (e->inputs.drydown.min_points != preset_min_points(e)) {
        snprintf(part, sizeof part, "-min%zu", e->inputs.drydown.min_points);
        strncat(name, part, sizeof name - strlen(name) - 1);
    }
    if (t->estimator != explorer_preset_estimator(e->preset)) {
        snprintf(part, sizeof part, "-%s", thresholds_estimator_name(t->estimator));
        strncat(name, part, sizeof name - strlen(name) - 1);
    }
    if (t->estimator != THRESHOLDS_MEDIAN && t->min_events != defaults.min_events) {
        snprintf(part, sizeof part, "-events%zu", t->min_events);
        strncat(name, part, sizeof name - strlen(name) - 1);
    }
    strncat(name, ".nc", sizeof name - strlen(name) - 1);
    output_path(e, name, output, size);
}

/* The name carries the settings and the thresholds' name, so a run resumes only its own kind. */
void explorer_calibrate_output(const explorer *e, const char *thresholds, char *output, size_t size)
{
    const calib_options *c = &e->inputs.calib;
    char stem[64], name[160];
    const char *base = strrchr(thresholds, '/') ? strrchr(thresholds, '/') + 1 : thresholds;
    if (strncmp(base, "drydowns-", 9) == 0) base += 9;
    snprintf(stem, sizeof stem, "%s", base);
    if (strlen(stem) > 3 && strcmp(stem + strlen(stem) - 3, ".nc") == 0) stem[strlen(stem) - 3] = '\0';
    char cost[64];
    if (c->cost == CALIB_COST_REGULARISED) snprintf(cost, sizeof cost, "%s-s%g-l%g", calib_cost_name(c->cost), c->sigma, c->lambda);
    else snprintf(cost, sizeof cost, "%s", calib_cost_name(c->cost));
    snprintf(name, sizeof name, "calibrated-%s-%s-%s-%ld.nc", stem, ptf_name(c->ptf.scheme), cost, c->sceua.maxn);
    output_path(e, name, output, size);
}

/* The comparison of both textures against the explorer's soil moisture (a single cube: it is
 * the reference "satellite"), on the data set's forcing, from the calibration at hand. */
void explorer_simulate_output(const explorer *e, const char *calibrated, char *output, size_t size)
{
    const char *base = strrchr(calibrated, '/') ? strrchr(calibrated, '/') + 1 : calibrated;
    if (strncmp(base, "calibrated-", 11) == 0) base += 11;
    char name[200];
    snprintf(name, sizeof name, "simulated-%s", base);
    output_path(e, name, output, size);
}

/* The inputs each output is made from, for output_current. */
static size_t drydowns_inputs(const explorer *e, const char **inputs, size_t room)
{
    size_t n = 0;
    for (size_t i = 0; i < e->options->nsm && n < room; i++) inputs[n++] = e->options->sm[i];
    return n;
}

static size_t calibrate_inputs(const explorer *e, const char *thresholds, const char **inputs, size_t room)
{
    size_t n = 0;
    inputs[n++] = thresholds;
    for (size_t i = 0; i < e->options->nsoil && n < room; i++) inputs[n++] = e->options->soil[i];
    return n;
}

static size_t simulate_inputs(const explorer *e, const char *calibrated, const char **inputs, size_t room)
{
    size_t n = 0;
    inputs[n++] = calibrated;
    inputs[n++] = e->options->forcing;
    if (e->options->nsm == 1) inputs[n++] = e->options->sm[0];
    for (size_t i = 0; i < e->options->nsoil && n < room; i++) inputs[n++] = e->options->soil[i];
    return n;
}

enum { MAX_INPUTS = 64 };

/* The output a job of the current settings would write, when it is there and current: loaded as
 * the job's layers would be, instead of spending the job's minutes on writing it again. */
int explorer_load_current_drydowns(explorer *e)
{
    char output[PATH_MAX];
    const char *inputs[MAX_INPUTS];
    dt_error err;
    explorer_drydowns_output(e, output, sizeof output);
    return output_current(output, inputs, drydowns_inputs(e, inputs, MAX_INPUTS)) &&
           explorer_load_thresholds(e, output, &err) == DT_OK;
}

int explorer_load_current_calibration(explorer *e)
{
    char output[PATH_MAX];
    const char *inputs[MAX_INPUTS];
    dt_error err;
    if (!e->thresholds_path || !e->options->nsoil) return 0;
    explorer_calibrate_output(e, e->thresholds_path, output, sizeof output);
    return output_current(output, inputs, calibrate_inputs(e, e->thresholds_path, inputs, MAX_INPUTS)) &&
           explorer_load_calibrated(e, output, &err) == DT_OK;
}

int explorer_load_current_simulation(explorer *e)
{
    char output[PATH_MAX];
    const char *inputs[MAX_INPUTS];
    dt_error err;
    if (!e->calibrated_path || !e->options->forcing || !e->options->nsoil) return 0;
    explorer_simulate_output(e, e->calibrated_path, output, sizeof output);
    return output_current(output, inputs, simulate_inputs(e, e->calibrated_path, inputs, MAX_INPUTS)) &&
           explorer_load_simulated(e, output, &err) == DT_OK;
}

/* At start: the results of earlier jobs of these settings beside the data (the explorer used to
 * open without them, so the next session's :simulate all ran minutes of work again). */
void explorer_load_current_outputs(explorer *e)
{
    char loaded[160] = "";
    if (!e->thresholds_path && explorer_load_current_drydowns(e)) strcat(loaded, "θw, θc, events");
    if (!e->calibrated_path && explorer_load_current_calibration(e)) strcat(loaded, loaded[0] ? "; optimised texture" : "optimised texture");
    if (!e->simulated_path && explorer_load_current_simulation(e)) strcat(loaded, loaded[0] ? "; Noah-MP comparison" : "Noah-MP comparison");
    if (loaded[0]) explorer_message(e, "layers of earlier jobs loaded: %s (:layer; :drydowns all --again reruns)", loaded);
}

