/* simulate_output.c — the simulate job's output variables: each run's daily layer-1 soil moisture,
 * its maps (texture, ET terms, runoff, drainage, JJA mean), its metrics against each reference,
 * the RMSE changes, the spin-up and the status, with the run's settings as global attributes. */
#include "simulate_job_private.h"

#include <netcdf.h>
#include <stdio.h>
#include <string.h>

#include "ncfile.h"

typedef struct {
    const char *name, *units, *long_name;
} quantity_spec;

static const quantity_spec map_specs[MAP_COUNT] = {
    {"sand", "%", "sand content of the run"},
    {"clay", "%", "clay content of the run"},
    {"soc", "%", "soil organic carbon of the run"},
    {"evaporation", "mm d-1", "mean soil evaporation"},
    {"transpiration", "mm d-1", "mean transpiration"},
    {"et", "mm d-1", "mean evapotranspiration (soil evaporation + transpiration)"},
    {"runoff", "mm d-1", "mean surface runoff (infiltration and saturation excess)"},
    {"drainage", "mm d-1", "mean free drainage at the bottom of the column"},
    {"jja_sm", "m3 m-3", "June-August mean simulated layer-1 soil moisture"},
};

static const quantity_spec metric_specs[METRIC_COUNT] = {
    {"bias", "m3 m-3", "mean of simulated minus reference layer-1 soil moisture"},
    {"rmse", "m3 m-3", "root-mean-square difference from the reference"},
    {"ubrmse", "m3 m-3", "unbiased root-mean-square difference from the reference"},
    {"r", "1", "Pearson correlation with the reference"},
    {"jja_difference", "m3 m-3", "June-August mean of simulated minus reference soil moisture"},
};

const char *const simulate_run_names[RUNS] = {"baseline", "optimised"};

static const char status_meanings[] =
    "ok baseline_only no_soil_data incomplete_forcing texture_outside_ptf_range";

typedef int (*output_visitor)(simulate_job *j, const cf_variable *spec, int *varid, void *context, dt_error *err);

/* Calls visit for every output variable, in one fixed order (define and find share it). */
static int for_each_output(simulate_job *j, output_visitor visit, void *context, dt_error *err)
{
    char name[160], long_name[320];
    cf_variable spec = {.name = name, .type = NC_FLOAT, .long_name = long_name, .fill = -9999};
    for (int run = 0; run < RUNS; run++) {
        snprintf(name, sizeof name, "sm_%s", simulate_run_names[run]);
        snprintf(long_name, sizeof long_name, "simulated layer-1 (0-10 cm) soil moisture, daily mean, %s texture", simulate_run_names[run]);
        spec.units = "m3 m-3";
        spec.with_time = 1;
        if (visit(j, &spec, &j->var_daily[run], context, err) != DT_OK) return err->code;
        spec.with_time = 0;
        for (int m = 0; m < MAP_COUNT; m++) {
            snprintf(name, sizeof name, "%s_%s", map_specs[m].name, simulate_run_names[run]);
            snprintf(long_name, sizeof long_name, "%s, %s texture", map_specs[m].long_name, simulate_run_names[run]);
            spec.units = map_specs[m].units;
            if (visit(j, &spec, &j->var_map[run][m], context, err) != DT_OK) return err->code;
        }
        for (size_t k = 0; k < j->in.nreferences; k++) {
            for (int m = 0; m < METRIC_COUNT; m++) {
                snprintf(name, sizeof name, "%s_%s_%s", metric_specs[m].name, simulate_run_names[run], j->in.reference[k].spec.name);
                snprintf(long_name, sizeof long_name, "%s %s, %s texture", metric_specs[m].long_name,
                         j->in.reference[k].spec.name, simulate_run_names[run]);
                spec.units = metric_specs[m].units;
                if (visit(j, &spec, &j->var_metric[k][run][m], context, err) != DT_OK) return err->code;
            }
        }
    }
    for (size_t k = 0; k < j->in.nreferences; k++) {
        snprintf(name, sizeof name, "rmse_change_%s", j->in.reference[k].spec.name);
        snprintf(long_name, sizeof long_name, "RMSE against %s, optimised minus baseline (negative: improved)",
                 j->in.reference[k].spec.name);
        spec.units = "m3 m-3";
        if (visit(j, &spec, &j->var_rmse_change[k], context, err) != DT_OK) return err->code;
    }
    cf_variable spinup = {.name = "spinup_loops", .type = NC_SHORT, .units = "1", .fill = -1,
                          .long_name = j->options->engine == SIMULATE_ENGINE_HRLDAS
                                           ? "HRLDAS spin-up loops (runs of the whole period before the one kept)"
                                           : "spin-up loops of the first year until no layer changed by more than the tolerance"};
    cf_variable status = {.name = "status", .type = NC_BYTE, .units = "1", .fill = -1,
                          .long_name = "simulation status of the cell"};
    if (visit(j, &spinup, &j->var_spinup, context, err) != DT_OK) return err->code;
    return visit(j, &status, &j->var_status, context, err);
}

static int define_one(simulate_job *j, const cf_variable *spec, int *varid, void *context, dt_error *err)
{
    (void)j;
    return cfwrite_define(context, spec, varid, err);
}

static int find_one(simulate_job *j, const cf_variable *spec, int *varid, void *context, dt_error *err)
{
    (void)j;
    if (nc_inq_varid(*(int *)context, spec->name, varid) != NC_NOERR)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: missing, cannot resume", spec->name);
    return DT_OK;
}

static int define_column_attributes(const simulate_job *j, cf_output *out, dt_error *err);
static int define_hrldas_attributes(const simulate_job *j, cf_output *out, dt_error *err);

static const char column_engine[] = "Noah-MP soil hydrology with a PET-based ET closure";
static const char hrldas_engine[] =
    "Noah-MP (HRLDAS hrldas.exe, the full land model with its energy balance; SOIL_DATA_OPTION 4 soil parameters from the drytex PTF)";

const char *simulate_engine_name(const simulate_job *j)
{
    return j->options->engine == SIMULATE_ENGINE_HRLDAS ? hrldas_engine : column_engine;
}

int simulate_define_outputs(cf_output *out, void *context, dt_error *err)
{
    simulate_job *j = context;
    if (cfwrite_time_axis(out, j->in.first_day, j->in.ndays, err) != DT_OK ||
        for_each_output(j, define_one, out, err) != DT_OK)
        return err->code;
    signed char values[CELL_STATUS_COUNT];
    for (int s = 0; s < CELL_STATUS_COUNT; s++) values[s] = (signed char)s;
    int status = nc_put_att_schar(out->ncid, j->var_status, "flag_values", NC_BYTE, CELL_STATUS_COUNT, values);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, out->path, "status", "cannot be defined");
    const simulate_job_options *o = j->options;
    if (cfwrite_text(out, j->var_status, "flag_meanings", status_meanings, err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_engine", simulate_engine_name(j), err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_ptf", ptf_name(o->ptf.scheme), err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_experiment", simulate_experiment_name(o->experiment), err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_soil_sand", j->in.soil.source[SOIL_SAND], err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_soil_clay", j->in.soil.source[SOIL_CLAY], err))
        return err->code;
    return o->engine == SIMULATE_ENGINE_HRLDAS ? define_hrldas_attributes(j, out, err) : define_column_attributes(j, out, err);
}

static int define_column_attributes(const simulate_job *j, cf_output *out, dt_error *err)
{
    const closure_options *c = &j->options->simulation.closure;
    if (cfwrite_text(out, NC_GLOBAL, "drytex_pet", j->in.pet ? "from the forcing" : "FAO-56 Penman-Monteith (daily) from the forcing's meteorology", err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_veg_fraction", c->veg_fraction, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_root_layers", c->root_layers, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_btran_option", c->btran_option, err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_soil_evaporation", c->evaporation == EVAPORATION_NOAH ? "noah" : "resistance", err))
        return err->code;
    return DT_OK;
}

/* What the HRLDAS engine ran with, and how its outputs map onto the column's. */
static int define_hrldas_attributes(const simulate_job *j, cf_output *out, dt_error *err)
{
    const hrldas_options *h = &j->options->hrldas;
    static const char note[] =
        "sm_*: daily means of LDASOUT SOIL_M layer 1 (hourly or forcing-step outputs); evaporation_*, transpiration_*: "
        "means of LDASOUT EDIR, ETRAN (instantaneous at each output); et_* = their sum (canopy evaporation ECAN not "
        "included); runoff_*, drainage_*: accumulated SFCRNOFF, UGDRNOFF over the run; initial soil moisture at the "
        "PTF's reference point, soil temperature at the mean air temperature; spinup_loops: HRLDAS SPINUP_LOOPS "
        "(whole-period repetitions before the one kept)";
    if (cfwrite_text(out, NC_GLOBAL, "drytex_hrldas_exe", h->exe, err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_hrldas_workdir", h->workdir, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_hrldas_forcing_step", j->hrldas_step, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_hrldas_vegetation_type", h->vegetation_type, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_hrldas_shdmax", h->shdmax, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_hrldas_shdmin", h->shdmin, err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_hrldas_outputs", note, err))
        return err->code;
    return DT_OK;
}

int simulate_find_outputs(int ncid, void *context, dt_error *err)
{
    return for_each_output(context, find_one, &ncid, err);
}
