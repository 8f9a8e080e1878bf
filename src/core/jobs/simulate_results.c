/* simulate_results.c — the simulate job's results over the finished output: per reference the
 * cells the optimised texture improved, and the seed's station check (half-monthly RMSE of both
 * runs at each station's cell). */
#include "simulate_job_private.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "ncfile.h"

static int read_back(const simulate_job *j, int varid, float fill, float *values)
{
    int status = nc_get_var_float(j->output.out.ncid, varid, values);
    for (size_t i = 0; i < j->in.rows * j->in.cols && status == NC_NOERR; i++)
        if (values[i] == fill) values[i] = NAN;
    return status;
}

int simulate_summarise(const simulate_job *j, simulate_summary *s, dt_error *err)
{
    size_t n = j->in.rows * j->in.cols;
    float *status = dt_malloc(n * sizeof *status), *base = dt_malloc(n * sizeof *base), *opt = dt_malloc(n * sizeof *opt);
    double hrldas_seconds = s->hrldas_seconds;
    memset(s, 0, sizeof *s);
    s->hrldas_seconds = hrldas_seconds;
    s->cells = n;
    s->references = j->in.nreferences;
    int rc = read_back(j, j->var_status, -1.0f, status);
    for (size_t i = 0; i < n && rc == NC_NOERR; i++) {
        s->simulated += status[i] == CELL_OK || status[i] == CELL_BASELINE_ONLY;
        s->calibrated += status[i] == CELL_OK;
    }
    for (size_t k = 0; k < j->in.nreferences && rc == NC_NOERR; k++) {
        simulate_reference_summary *r = &s->reference[k];
        snprintf(r->name, sizeof r->name, "%s", j->in.reference[k].spec.name);
        rc = read_back(j, j->var_metric[k][RUN_BASELINE][METRIC_RMSE], -9999.0f, base);
        if (rc == NC_NOERR) rc = read_back(j, j->var_metric[k][RUN_OPTIMISED][METRIC_RMSE], -9999.0f, opt);
        double sum_base = 0, sum_opt = 0;
        for (size_t i = 0; i < n && rc == NC_NOERR; i++) {
            if (status[i] != CELL_OK || isnan(base[i]) || isnan(opt[i])) continue;
            r->compared++;
            r->improved += opt[i] < base[i];
            sum_base += base[i];
            sum_opt += opt[i];
        }
        r->rmse_baseline = r->compared ? sum_base / (double)r->compared : NAN;
        r->rmse_optimised = r->compared ? sum_opt / (double)r->compared : NAN;
    }
    free(status);
    free(base);
    free(opt);
    if (rc != NC_NOERR) return ncfile_error(err, DT_ERR_IO, rc, j->output.partial_path, NULL, "cannot be read back");
    return DT_OK;
}

int simulate_write_summary(const simulate_job *j, const simulate_summary *s, dt_error *err)
{
    int ncid = j->output.out.ncid, status = nc_redef(ncid);
    if (status != NC_NOERR && status != NC_EINDEFINE)
        return ncfile_error(err, DT_ERR_IO, status, j->output.out.path, NULL, "summary cannot be added");
    for (size_t k = 0; k < s->references && status == NC_NOERR; k++) {
        const simulate_reference_summary *r = &s->reference[k];
        char name[96], text[160];
        snprintf(name, sizeof name, "drytex_improved_%s", r->name);
        snprintf(text, sizeof text, "%zu of %zu cells: RMSE optimised < baseline (mean RMSE %.4f -> %.4f m3 m-3)",
                 r->improved, r->compared, r->rmse_baseline, r->rmse_optimised);
        status = nc_put_att_text(ncid, NC_GLOBAL, name, strlen(text), text);
    }
    if (status == NC_NOERR && s->stations) {
        char text[160];
        snprintf(text, sizeof text, "%zu of %zu stations: half-monthly RMSE optimised < baseline (%zu outside the grid or without data)",
                 s->stations_improved, s->stations_compared, s->stations - s->stations_compared);
        status = nc_put_att_text(ncid, NC_GLOBAL, "drytex_improved_stations", strlen(text), text);
    }
    int end = nc_enddef(ncid);
    if (status == NC_NOERR && end != NC_ENOTINDEFINE) status = end;
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, j->output.out.path, NULL, "summary cannot be written");
    return DT_OK;
}

static int read_cell_series(const simulate_job *j, int varid, int row, int col, float *out)
{
    size_t start[3] = {0, (size_t)row, (size_t)col}, count[3] = {j->in.ndays, 1, 1};
    int status = nc_get_vara_float(j->output.out.ncid, varid, start, count, out);
    for (size_t d = 0; d < j->in.ndays && status == NC_NOERR; d++)
        if (out[d] == -9999.0f) out[d] = NAN;
    return status;
}

int simulate_evaluate_stations(const simulate_job *j, station_result *results, simulate_summary *summary, dt_error *err)
{
    size_t n = j->in.ndays;
    float *observed = dt_malloc(n * sizeof *observed), *simulated = dt_malloc(n * sizeof *simulated);
    int status = NC_NOERR;
    summary->stations = j->stations.count;
    for (size_t i = 0; i < j->stations.count && status == NC_NOERR; i++) {
        const station *st = &j->stations.items[i];
        station_result *r = &results[i];
        size_t row, col;
        *r = (station_result){.row = -1, .col = -1, .rmse = {NAN, NAN}};
        if (grid_locate(j->in.grid, st->lat, st->lon, &row, &col) != DT_OK) continue;
        r->row = (int)row;
        r->col = (int)col;
        station_daily(st, j->in.first_day, n, observed);
        for (int run = 0; run < RUNS && status == NC_NOERR; run++) {
            size_t halves = 0;
            status = read_cell_series(j, j->var_daily[run], r->row, r->col, simulated);
            if (status == NC_NOERR) r->rmse[run] = (float)stations_half_monthly_rmse(simulated, observed, j->in.first_day, n, &halves);
            r->half_months = (int)halves;
        }
        if (!isnan(r->rmse[RUN_BASELINE]) && !isnan(r->rmse[RUN_OPTIMISED])) {
            summary->stations_compared++;
            summary->stations_improved += r->rmse[RUN_OPTIMISED] < r->rmse[RUN_BASELINE];
        }
    }
    free(observed);
    free(simulated);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, j->output.out.path, "sm_baseline", "cannot be read back");
    return DT_OK;
}

int simulate_write_stations(const simulate_job *j, const station_result *results, dt_error *err)
{
    int ncid = j->output.out.ncid, dims[2], ids[7], status = nc_redef(ncid);
    size_t n = j->stations.count;
    if (status == NC_EINDEFINE) status = NC_NOERR;
    static const char *const names[7] = {"station_name", "station_lat", "station_lon", "station_row", "station_col",
                                         "station_rmse_baseline", "station_rmse_optimised"};
    static const char *const long_names[7] = {
        "station", "station latitude", "station longitude", "row of the station's cell (-1: outside)",
        "column of the station's cell (-1: outside)", "RMSE of half-monthly means against the station, baseline texture",
        "RMSE of half-monthly means against the station, optimised texture"};
    static const char *const units[7] = {NULL, "degrees_north", "degrees_east", NULL, NULL, "m3 m-3", "m3 m-3"};
    const nc_type types[7] = {NC_CHAR, NC_DOUBLE, NC_DOUBLE, NC_INT, NC_INT, NC_FLOAT, NC_FLOAT};
    if (status == NC_NOERR) status = nc_def_dim(ncid, "station", n, &dims[0]);
    if (status == NC_NOERR) status = nc_def_dim(ncid, "name_length", 64, &dims[1]);
    for (int k = 0; k < 7 && status == NC_NOERR; k++) {
        status = nc_def_var(ncid, names[k], types[k], k == 0 ? 2 : 1, dims, &ids[k]);
        if (status == NC_NOERR) status = nc_put_att_text(ncid, ids[k], "long_name", strlen(long_names[k]), long_names[k]);
        if (status == NC_NOERR && units[k]) status = nc_put_att_text(ncid, ids[k], "units", strlen(units[k]), units[k]);
    }
    if (status == NC_NOERR) status = nc_enddef(ncid);
    for (size_t i = 0; i < n && status == NC_NOERR; i++) {
        const station *st = &j->stations.items[i];
        const station_result *r = &results[i];
        size_t start[2] = {i, 0}, count[2] = {1, 64};
        char name[64] = {0};
        memcpy(name, st->name, strnlen(st->name, sizeof name - 1));
        status = nc_put_vara_text(ncid, ids[0], start, count, name);
        if (status == NC_NOERR) status = nc_put_var1_double(ncid, ids[1], &i, &st->lat);
        if (status == NC_NOERR) status = nc_put_var1_double(ncid, ids[2], &i, &st->lon);
        if (status == NC_NOERR) status = nc_put_var1_int(ncid, ids[3], &i, &r->row);
        if (status == NC_NOERR) status = nc_put_var1_int(ncid, ids[4], &i, &r->col);
        if (status == NC_NOERR) status = nc_put_var1_float(ncid, ids[5], &i, &r->rmse[RUN_BASELINE]);
        if (status == NC_NOERR) status = nc_put_var1_float(ncid, ids[6], &i, &r->rmse[RUN_OPTIMISED]);
    }
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, j->output.out.path, "station", "cannot be written");
    return DT_OK;
}
