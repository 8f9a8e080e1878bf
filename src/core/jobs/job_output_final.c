/* job_output_final.c — a job's finished output: OUT.partial (netCDF-3) copied into a compressed
 * netCDF-4 OUT.tmp, which is synced and checked against OUT.partial before it becomes OUT. The
 * check reads both files back, so what is renamed is what the job computed, whatever the
 * library, the disk or a kill did in between. */
#include "config.h"

#include "job_output_private.h"

#include <errno.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ncfile.h"

static int copy_attributes(int from, int from_var, int to, int to_var)
{
    int count = 0, status = nc_inq_varnatts(from, from_var, &count);
    if (from_var == NC_GLOBAL) status = nc_inq_natts(from, &count);
    for (int i = 0; i < count && status == NC_NOERR; i++) {
        char name[NC_MAX_NAME + 1];
        status = nc_inq_attname(from, from_var, i, name);
        if (status == NC_NOERR) status = nc_copy_att(from, from_var, name, to, to_var);
    }
    return status;
}

static int define_copy(int from, int to, int tile_dim, int *copied, int *ids)
{
    int ndims, nvars, status = copy_attributes(from, NC_GLOBAL, to, NC_GLOBAL);
    nc_inq_ndims(from, &ndims);
    nc_inq_nvars(from, &nvars);
    int dim_map[NC_MAX_DIMS];
    for (int d = 0; d < ndims && status == NC_NOERR; d++) {
        char name[NC_MAX_NAME + 1];
        size_t length;
        nc_inq_dim(from, d, name, &length);
        if (d != tile_dim) status = nc_def_dim(to, name, length, &dim_map[d]);
    }
    for (int v = 0; v < nvars && status == NC_NOERR; v++) {
        char name[NC_MAX_NAME + 1];
        nc_type type;
        int nd, dims[NC_MAX_VAR_DIMS], skip = 0;
        nc_inq_var(from, v, name, &type, &nd, dims, NULL);
        for (int d = 0; d < nd; d++) {
            if (dims[d] == tile_dim) skip = 1;
            dims[d] = dim_map[dims[d]];
        }
        copied[v] = !skip;
        if (skip) continue;
        status = nc_def_var(to, name, type, nd, dims, &ids[v]);
        if (status == NC_NOERR && nd >= 2) status = nc_def_var_deflate(to, ids[v], 1, 1, 1);
        if (status == NC_NOERR) status = copy_attributes(from, v, to, ids[v]);
    }
    return status;
}

/* A variable's values as bytes (free() them); *bytes says how many. */
static int read_raw(int ncid, int varid, void **data, size_t *bytes)
{
    nc_type type;
    int nd, dims[NC_MAX_VAR_DIMS];
    size_t count = 1, size;
    int status = nc_inq_var(ncid, varid, NULL, &type, &nd, dims, NULL);
    for (int d = 0; d < nd && status == NC_NOERR; d++) {
        size_t length;
        status = nc_inq_dimlen(ncid, dims[d], &length);
        count *= length;
    }
    if (status == NC_NOERR) status = nc_inq_type(ncid, type, NULL, &size);
    *data = NULL;
    *bytes = 0;
    if (status != NC_NOERR) return status;
    *bytes = count * size;
    *data = dt_malloc(*bytes ? *bytes : 1);
    return nc_get_var(ncid, varid, *data);
}

static int copy_data(int from, int to, const int *copied, const int *ids)
{
    int nvars, status = NC_NOERR;
    nc_inq_nvars(from, &nvars);
    for (int v = 0; v < nvars && status == NC_NOERR; v++) {
        if (!copied[v]) continue;
        void *buffer;
        size_t bytes;
        status = read_raw(from, v, &buffer, &bytes);
        if (status == NC_NOERR) status = nc_put_var(to, ids[v], buffer);
        free(buffer);
    }
    return status;
}

int job_output_finish(job_output *o, dt_error *err)
{
    if (!o->writer) return DT_OK;
    if (job_output_flush_done(o, err) != DT_OK) return err->code;
    if (o->has_text && job_text_assemble(&o->text, o->tile_count, err) != DT_OK) return err->code;
    int from = o->out.ncid, to, tile_dim = -1, nvars = 0;
    nc_inq_dimid(from, "tile", &tile_dim);
    nc_inq_nvars(from, &nvars);
    o->final_temporary = job_output_suffixed(o->final_path, ".tmp");
    errno = 0;
    int status = nc_create(o->final_temporary, NC_CLOBBER | NC_NETCDF4, &to);
    if (status != NC_NOERR) return job_output_nc_error(err, status, errno, o->final_temporary, "cannot be created");
    int *copied = dt_calloc((size_t)nvars + 1, sizeof *copied), *ids = dt_calloc((size_t)nvars + 1, sizeof *ids);
    errno = 0;
    status = define_copy(from, to, tile_dim, copied, ids);
    if (status == NC_NOERR) status = nc_enddef(to);
    if (status == NC_NOERR) status = copy_data(from, to, copied, ids);
    if (status == NC_NOERR) status = nc_sync(to); /* a full disk fails here, while the file is whole */
    int saved = errno;
    free(copied);
    free(ids);
    if (status != NC_NOERR) {
        nc_close(to);
        remove(o->final_temporary);
        return job_output_nc_error(err, status, saved, o->final_temporary, "cannot be written");
    }
    dt_error ignored;
    cfwrite_close(&o->out, &ignored); /* the partial file: read only from here on */
    o->out.ncid = to;
    o->out.path = dt_strdup(o->final_temporary);
    o->out.netcdf4 = 1;
    return DT_OK;
}

/* Every tile of the partial file is marked done. */
static int all_tiles_done(int ncid, const char *path, dt_error *err)
{
    int varid, dim;
    size_t tiles = 0;
    if (nc_inq_varid(ncid, "tile_done", &varid) != NC_NOERR || nc_inq_dimid(ncid, "tile", &dim) != NC_NOERR ||
        nc_inq_dimlen(ncid, dim, &tiles) != NC_NOERR)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: tile_done: missing", path);
    signed char *flags = dt_malloc(tiles ? tiles : 1);
    int status = nc_get_var_schar(ncid, varid, flags);
    size_t missing = tiles;
    for (size_t i = 0; i < tiles && status == NC_NOERR && missing == tiles; i++)
        if (flags[i] != 1) missing = i;
    free(flags);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_FORMAT, status, path, "tile_done", "cannot be read");
    if (missing < tiles) return dt_error_set(err, DT_ERR_FORMAT, "%s: tile %zu is not done", path, missing);
    return DT_OK;
}

/* Every variable of the partial file except the tile bookkeeping is in the final one, same
 * type, same bytes. */
static int same_contents(int partial, const char *partial_path, int final, const char *final_path, dt_error *err)
{
    int nvars = 0, tile_dim = -1;
    nc_inq_nvars(partial, &nvars);
    nc_inq_dimid(partial, "tile", &tile_dim);
    for (int v = 0; v < nvars; v++) {
        char name[NC_MAX_NAME + 1];
        int nd, dims[NC_MAX_VAR_DIMS], skip = 0, fv;
        nc_type type, final_type;
        nc_inq_var(partial, v, name, &type, &nd, dims, NULL);
        for (int d = 0; d < nd; d++) skip |= dims[d] == tile_dim;
        if (skip) continue;
        if (nc_inq_varid(final, name, &fv) != NC_NOERR || nc_inq_vartype(final, fv, &final_type) != NC_NOERR ||
            final_type != type)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: missing after the copy from %s", final_path, name, partial_path);
        void *a, *b;
        size_t na, nb;
        int sa = read_raw(partial, v, &a, &na), sb = read_raw(final, fv, &b, &nb);
        int same = sa == NC_NOERR && sb == NC_NOERR && na == nb && memcmp(a, b, na) == 0;
        free(a);
        free(b);
        if (sa != NC_NOERR) return ncfile_error(err, DT_ERR_FORMAT, sa, partial_path, name, "cannot be read back");
        if (sb != NC_NOERR) return ncfile_error(err, DT_ERR_FORMAT, sb, final_path, name, "cannot be read back");
        if (!same) return dt_error_set(err, DT_ERR_FORMAT, "%s: %s differs from %s after the copy", final_path, name, partial_path);
    }
    return DT_OK;
}

/* Before the rename: OUT.tmp on stable storage, and complete — every tile done in OUT.partial,
 * coordinates in both, every value copied. */
static int verify_final(job_output *o, dt_error *err)
{
    if (job_output_fsync(o->final_temporary, 0, err) != DT_OK) return err->code;
    int partial, final;
    int status = nc_open(o->partial_path, NC_NOWRITE, &partial);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, o->partial_path, NULL, "cannot be read back");
    status = nc_open(o->final_temporary, NC_NOWRITE, &final);
    if (status != NC_NOERR) {
        nc_close(partial);
        return ncfile_error(err, DT_ERR_IO, status, o->final_temporary, NULL, "cannot be read back");
    }
    int result = all_tiles_done(partial, o->partial_path, err);
    if (result == DT_OK) result = job_output_coordinates_complete(partial, o->partial_path, err);
    if (result == DT_OK) result = job_output_coordinates_complete(final, o->final_temporary, err);
    if (result == DT_OK) result = same_contents(partial, o->partial_path, final, o->final_temporary, err);
    nc_close(final);
    nc_close(partial);
    if (result != DT_OK) dt_error_prefix(err, "the finished output failed its check, nothing was renamed");
    return result;
}

int job_output_close(job_output *o, dt_error *err)
{
    int status = DT_OK;
    /* an interrupted or failed job: the tiles written and waiting for their flags keep them, so
     * that --resume need not redo them (when that sync fails too, it does) */
    if (!o->final_temporary && o->out.ncid >= 0) {
        dt_error ignored;
        job_output_flush_done(o, &ignored);
    }
    if (o->out.ncid >= 0) {
        errno = 0;
        int closed = nc_close(o->out.ncid);
        if (closed != NC_NOERR) status = job_output_nc_error(err, closed, errno, o->out.path, "close failed");
        o->out.ncid = -1;
    }
    free(o->out.path);
    o->out.path = NULL;
    int complete = o->final_temporary && status == DT_OK;
    if (complete) status = verify_final(o, err);
    if (complete && status == DT_OK && o->has_text) status = job_text_commit(&o->text, err);
    if (complete && status == DT_OK) {
        if (rename(o->final_temporary, o->final_path) != 0)
            status = dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place: %s", o->final_path, o->final_temporary,
                                  strerror(errno));
        else if (job_output_fsync(o->final_path, 1, err) != DT_OK)
            status = err->code;
        if (status == DT_OK) { /* OUT (and TEXT) are in place: the partial files have served */
            remove(o->partial_path);
            if (o->has_text) job_text_remove_partial(&o->text);
        }
    }
    if (o->final_temporary && status != DT_OK) remove(o->final_temporary);
    if (o->has_text) job_text_close(&o->text);
    if (o->sync_fd >= 0) close(o->sync_fd);
    job_lock_release(&o->lock);
    free(o->pending);
    free(o->final_temporary);
    free(o->final_path);
    free(o->partial_path);
    free(o->done);
    memset(o, 0, sizeof *o);
    o->out.ncid = -1;
    o->lock.fd = o->text.fd = o->sync_fd = -1;
    return status;
}
