/* summary_write.c — a domain summary into a job's netCDF output: one histogram variable per
 * quantity and state (dimension "bin"), its means and arid/humid changes as attributes. */
#include "summary_write.h"

#include <netcdf.h>
#include <stdio.h>
#include <string.h>

#include "ncfile.h"
#include "series.h"

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

int summary_write_masked(cf_output *out, double count, dt_error *err)
{
    int status = nc_redef(out->ncid);
    if (status != NC_NOERR && status != NC_EINDEFINE)
        return ncfile_error(err, DT_ERR_IO, status, out->path, SERIES_MASKED_ATTRIBUTE, "cannot be added");
    if (cfwrite_number(out, NC_GLOBAL, SERIES_MASKED_ATTRIBUTE, count, err) != DT_OK) return err->code;
    status = nc_enddef(out->ncid);
    if (status != NC_NOERR && status != NC_ENOTINDEFINE)
        return ncfile_error(err, DT_ERR_IO, status, out->path, SERIES_MASKED_ATTRIBUTE, "cannot be written");
    return DT_OK;
}
