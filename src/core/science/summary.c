/* summary.c — domain summaries: before/after histograms and arid versus humid mean changes. */
#include "summary.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ncfile.h"

static int compare_floats(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

void summary_init(domain_summary *s, const float *mean_sm, size_t n)
{
    memset(s, 0, sizeof *s);
    float *valid = dt_malloc((n ? n : 1) * sizeof *valid);
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (mean_sm && !isnan(mean_sm[i])) valid[count++] = mean_sm[i];
    qsort(valid, count, sizeof *valid, compare_floats);
    s->split_sm = count ? (count % 2 ? valid[count / 2] : 0.5 * (valid[count / 2 - 1] + valid[count / 2])) : NAN;
    free(valid);
}

static int bin_of(double value, double low, double high)
{
    int bin = (int)floor((value - low) / (high - low) * SUMMARY_BINS);
    return bin < 0 ? 0 : bin >= SUMMARY_BINS ? SUMMARY_BINS - 1 : bin;
}

void summary_add(domain_summary *s, const char *name, const char *units, double low, double high,
                 const float *before, const float *after, const float *mean_sm,
                 const unsigned char *use, size_t n)
{
    if (s->count >= SUMMARY_MAX_QUANTITIES) return;
    summary_quantity *q = &s->quantity[s->count++];
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "%s", name);
    snprintf(q->units, sizeof q->units, "%s", units);
    q->low = low;
    q->high = high;
    double sum_before = 0, sum_after = 0, arid = 0, humid = 0;
    size_t arid_n = 0, humid_n = 0;
    for (size_t i = 0; i < n; i++) {
        if ((use && !use[i]) || isnan(before[i]) || isnan(after[i])) continue;
        q->before[bin_of(before[i], low, high)]++;
        q->after[bin_of(after[i], low, high)]++;
        q->count++;
        sum_before += before[i];
        sum_after += after[i];
        if (mean_sm && !isnan(mean_sm[i]) && !isnan(s->split_sm)) {
            if (mean_sm[i] < s->split_sm) arid += after[i] - before[i], arid_n++;
            else humid += after[i] - before[i], humid_n++;
        }
    }
    q->mean_before = q->count ? sum_before / q->count : NAN;
    q->mean_after = q->count ? sum_after / q->count : NAN;
    q->arid_change = arid_n ? arid / arid_n : NAN;
    q->humid_change = humid_n ? humid / humid_n : NAN;
    if (arid_n > s->arid_cells) s->arid_cells = arid_n;
    if (humid_n > s->humid_cells) s->humid_cells = humid_n;
}

static int write_quantity(int ncid, int bin_dim, const summary_quantity *q, const char *path, dt_error *err)
{
    char name[64];
    int before, after, status;
    long counts[2][SUMMARY_BINS];
    memcpy(counts[0], q->before, sizeof q->before);
    memcpy(counts[1], q->after, sizeof q->after);
    snprintf(name, sizeof name, "histogram_%s_before", q->name);
    if ((status = nc_def_var(ncid, name, NC_INT, 1, &bin_dim, &before))) goto fail;
    snprintf(name, sizeof name, "histogram_%s_after", q->name);
    if ((status = nc_def_var(ncid, name, NC_INT, 1, &bin_dim, &after))) goto fail;
    double range[2] = {q->low, q->high}, values[4] = {q->mean_before, q->mean_after, q->arid_change, q->humid_change};
    const char *labels[4] = {"mean_before", "mean_after", "mean_change_arid", "mean_change_humid"};
    for (int v = 0; v < 2; v++) {
        int var = v ? after : before;
        if ((status = nc_put_att_double(ncid, var, "range", NC_DOUBLE, 2, range)) ||
            (status = nc_put_att_text(ncid, var, "units", strlen(q->units), q->units)) ||
            (status = nc_put_att_text(ncid, var, "long_name", strlen(q->name), q->name)))
            goto fail;
        for (int k = 0; k < 4; k++)
            if ((status = nc_put_att_double(ncid, var, labels[k], NC_DOUBLE, 1, &values[k]))) goto fail;
    }
    if ((status = nc_enddef(ncid)) && status != NC_ENOTINDEFINE) goto fail;
    int data[2][SUMMARY_BINS];
    for (int v = 0; v < 2; v++)
        for (int b = 0; b < SUMMARY_BINS; b++) data[v][b] = (int)counts[v][b];
    if ((status = nc_put_var_int(ncid, before, data[0])) || (status = nc_put_var_int(ncid, after, data[1]))) goto fail;
    if ((status = nc_redef(ncid))) goto fail;
    return DT_OK;
fail:
    return ncfile_error(err, DT_ERR_IO, status, path, q->name, "summary cannot be written");
}

int summary_write(int ncid, const char *path, const domain_summary *s, dt_error *err)
{
    int status = nc_redef(ncid);
    if (status != NC_NOERR && status != NC_EINDEFINE)
        return ncfile_error(err, DT_ERR_IO, status, path, NULL, "summary cannot be added");
    int bin_dim;
    if ((status = nc_inq_dimid(ncid, "bin", &bin_dim)) != NC_NOERR &&
        (status = nc_def_dim(ncid, "bin", SUMMARY_BINS, &bin_dim)) != NC_NOERR)
        return ncfile_error(err, DT_ERR_IO, status, path, "bin", "cannot be defined");
    double split = s->split_sm;
    nc_put_att_double(ncid, NC_GLOBAL, "drytex_summary_arid_humid_split_sm", NC_DOUBLE, 1, &split);
    for (int i = 0; i < s->count; i++) {
        char name[64];
        int varid;
        snprintf(name, sizeof name, "histogram_%s_before", s->quantity[i].name);
        if (nc_inq_varid(ncid, name, &varid) == NC_NOERR) continue; /* resumed run wrote it */
        if (write_quantity(ncid, bin_dim, &s->quantity[i], path, err) != DT_OK) return err->code;
    }
    status = nc_enddef(ncid);
    if (status != NC_NOERR && status != NC_ENOTINDEFINE)
        return ncfile_error(err, DT_ERR_IO, status, path, NULL, "summary cannot be written");
    return DT_OK;
}
