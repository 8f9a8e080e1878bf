/* job_output.c — a domain job's output: OUT.partial with per-tile done flags, resumable, turned
 * into OUT when complete. A finished tile's values are written before its flag and the file is
 * synced after the flag, so a crash can lose at most the tiles in hand. The partial file is
 * netCDF-3: its layout is fixed at definition and later writes only change data in place, which
 * HDF5 cannot promise for compressed chunks (a chunk rewritten after the last flush can leave
 * metadata describing the old one — seen here as a whole map garbled after a SIGKILL). */
#include "job_output.h"

#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_mpi.h"
#include "ncfile.h"

static char *with_suffix(const char *path, const char *suffix)
{
    size_t length = strlen(path) + strlen(suffix) + 1;
    char *joined = dt_malloc(length);
    snprintf(joined, length, "%s%s", path, suffix);
    return joined;
}

static int define_fresh(job_output *o, const grid *g, const job_config *config, const char *title,
                        const char *history, const char *signature, job_output_define define,
                        void *context, dt_error *err)
{
    if (cfwrite_create_classic(&o->out, o->partial_path, g, title, history, err) != DT_OK) return err->code;
    int dim, status;
    if ((status = nc_def_dim(o->out.ncid, "tile", o->tile_count, &dim)) != NC_NOERR ||
        (status = nc_def_var(o->out.ncid, "tile_done", NC_BYTE, 1, &dim, &o->tile_done_varid)) != NC_NOERR)
        return ncfile_error(err, DT_ERR_IO, status, o->partial_path, "tile_done", "cannot be defined");
    if (cfwrite_text(&o->out, o->tile_done_varid, "long_name", "1 when the tile's cells are written (resume)", err) ||
        cfwrite_number(&o->out, o->tile_done_varid, "tile_rows", (double)config->tile_rows, err) ||
        cfwrite_number(&o->out, o->tile_done_varid, "tile_cols", (double)config->tile_cols, err) ||
        cfwrite_text(&o->out, NC_GLOBAL, "drytex_job", signature, err) ||
        define(&o->out, context, err) || cfwrite_end_define(&o->out, err))
        return err->code;
    return DT_OK;
}

static int check_partial(job_output *o, const grid *g, const job_config *config, const char *signature,
                         dt_error *err)
{
    int ncid = o->out.ncid;
    char stored[4096];
    if (ncfile_text_attribute(ncid, NC_GLOBAL, "drytex_job", stored, sizeof stored) != DT_OK)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: not a drytex job output (no drytex_job attribute)", o->partial_path);
    if (strcmp(stored, signature) != 0)
        return dt_error_set(err, DT_ERR_VALUE, "%s: was started with other settings (%s); run without --resume to start again",
                            o->partial_path, stored);
    size_t tiles = 0, rows = 0, cols = 0;
    int dim;
    double tile_rows = 0, tile_cols = 0;
    if (nc_inq_varid(ncid, "tile_done", &o->tile_done_varid) != NC_NOERR ||
        nc_inq_dimid(ncid, "tile", &dim) != NC_NOERR || nc_inq_dimlen(ncid, dim, &tiles) != NC_NOERR)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: tile_done: missing, cannot resume", o->partial_path);
    ncfile_number_attribute(ncid, o->tile_done_varid, "tile_rows", &tile_rows);
    ncfile_number_attribute(ncid, o->tile_done_varid, "tile_cols", &tile_cols);
    nc_inq_dimlen(ncid, o->out.dim_y, &rows);
    nc_inq_dimlen(ncid, o->out.dim_x, &cols);
    if (tiles != o->tile_count || rows != grid_rows(g) || cols != grid_cols(g) ||
        (size_t)tile_rows != config->tile_rows || (size_t)tile_cols != config->tile_cols)
        return dt_error_set(err, DT_ERR_VALUE, "%s: grid or tiling differs from this run, cannot resume", o->partial_path);
    return DT_OK;
}

static int reopen_partial(job_output *o, const grid *g, const job_config *config, const char *signature,
                          job_output_find find, void *context, dt_error *err)
{
    memset(&o->out, 0, sizeof o->out);
    o->out.grid = g;
    o->out.dim_time = o->out.var_time = -1;
    o->out.path = dt_strdup(o->partial_path);
    int status = nc_open(o->partial_path, NC_WRITE, &o->out.ncid);
    if (status != NC_NOERR) {
        o->out.ncid = -1;
        return dt_error_set(err, DT_ERR_FORMAT, "%s: cannot be resumed: %s (remove it, or run without --resume)",
                            o->partial_path, nc_strerror(status));
    }
    const char *y = grid_kind_of(g) == GRID_EASE2 ? "y" : "lat", *x = grid_kind_of(g) == GRID_EASE2 ? "x" : "lon";
    if (nc_inq_dimid(o->out.ncid, y, &o->out.dim_y) != NC_NOERR || nc_inq_dimid(o->out.ncid, x, &o->out.dim_x) != NC_NOERR)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: no %s/%s dimensions, cannot resume", o->partial_path, y, x);
    if (check_partial(o, g, config, signature, err) != DT_OK) return err->code;
    signed char *flags = dt_malloc(o->tile_count);
    status = nc_get_var_schar(o->out.ncid, o->tile_done_varid, flags);
    for (size_t i = 0; i < o->tile_count; i++) o->done[i] = flags[i] == 1; /* fill (never written) → 0 */
    free(flags);
    if (status != NC_NOERR)
        return ncfile_error(err, DT_ERR_FORMAT, status, o->partial_path, "tile_done", "cannot be read, cannot resume");
    if (find(o->out.ncid, context, err) != DT_OK) return dt_error_prefix(err, o->partial_path);
    o->resumed = 1;
    return DT_OK;
}

/* Frees the paths and flags and leaves o empty (no open file). */
static void release(job_output *o)
{
    free(o->final_temporary);
    free(o->final_path);
    free(o->partial_path);
    free(o->done);
    memset(o, 0, sizeof *o);
    o->out.ncid = -1;
}

/* Opens (or on resume reopens) the partial file; on failure leaves o empty. */
static int open_file(job_output *o, const grid *g, const job_config *config, const char *title,
                     const char *history, const char *signature, int resume, job_output_define define,
                     job_output_find find, void *context, dt_error *err)
{
    FILE *existing = resume ? fopen(o->partial_path, "rb") : NULL;
    int status;
    if (existing) {
        fclose(existing);
        status = reopen_partial(o, g, config, signature, find, context, err);
    } else {
        status = define_fresh(o, g, config, title, history, signature, define, context, err);
    }
    if (status != DT_OK) {
        dt_error ignored;
        int had_file = o->out.ncid >= 0;
        if (had_file) cfwrite_close(&o->out, &ignored);
        free(o->out.path);
        o->out.path = NULL;
        if (!existing && had_file) remove(o->partial_path);
        release(o);
    }
    return status;
}

/* The first space-separated setting in which two job descriptions differ, into err. */
static int name_difference(const char *mine, const char *first, dt_error *err)
{
    while (*mine && *mine == *first) {
        size_t a = strcspn(mine, " "), b = strcspn(first, " ");
        if (a != b || strncmp(mine, first, a) != 0) break;
        mine += a + (mine[a] == ' ');
        first += b + (first[b] == ' ');
    }
    int a = (int)strcspn(mine, " "), b = (int)strcspn(first, " ");
    return dt_error_set(err, DT_ERR_USAGE, "its job differs from rank 0's: %.*s where rank 0 has %.*s "
                        "(every rank must be given the same inputs and options)", a, mine, b, first);
}

/* With MPI ranks: every rank's settings, grid and tiling must be rank 0's, or rank 0 would write
 * tiles computed from something else (collective). */
static int check_same_job(const grid *g, const job_config *config, const char *signature, dt_error *err)
{
    if (job_group_size(config->group) < 2) return DT_OK;
    size_t length = strlen(signature) + 128;
    char *mine = dt_malloc(length);
    snprintf(mine, length, "%s grid=%zux%zu tiles=%zux%zu", signature, grid_rows(g), grid_cols(g),
             config->tile_rows, config->tile_cols);
    size_t first_length = strlen(mine) + 1;
    job_group_broadcast(config->group, &first_length, sizeof first_length);
    char *first = dt_malloc(first_length);
    if (job_group_rank(config->group) == 0) memcpy(first, mine, first_length);
    job_group_broadcast(config->group, first, first_length);
    first[first_length - 1] = '\0';
    int status = strcmp(mine, first) == 0 ? DT_OK : name_difference(mine, first, err);
    free(mine);
    free(first);
    return job_group_agree(config->group, status, err);
}

int job_output_open(job_output *o, const char *path, const grid *g, const job_config *config,
                    const char *title, const char *history, const char *signature, int resume,
                    job_output_define define, job_output_find find, void *context, dt_error *err)
{
    memset(o, 0, sizeof *o);
    o->out.ncid = -1;
    int status = check_same_job(g, config, signature, err);
    if (status != DT_OK) return status;
    o->final_path = dt_strdup(path);
    o->partial_path = with_suffix(path, ".partial");
    o->tile_count = job_tile_count(config);
    o->done = dt_calloc(o->tile_count ? o->tile_count : 1, 1);
    o->writer = job_group_rank(config->group) == 0;
    if (o->writer)
        status = open_file(o, g, config, title, history, signature, resume, define, find, context, err);
    status = job_group_agree(config->group, status, err); /* only rank 0 can have failed */
    if (status != DT_OK && !o->writer) release(o);
    return status;
}

int job_output_mark_done(job_output *o, const job_tile *tile, dt_error *err)
{
    signed char one = 1;
    size_t index = tile->index;
    int status = nc_put_var1_schar(o->out.ncid, o->tile_done_varid, &index, &one);
    if (status == NC_NOERR) status = nc_sync(o->out.ncid);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, o->partial_path, "tile_done", "write failed");
    o->done[index] = 1;
    return DT_OK;
}

/* ---- the finished output: netCDF-3 partial → compressed netCDF-4 -------------------------- */

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

static int copy_data(int from, int to, const int *copied, const int *ids)
{
    int nvars, status = NC_NOERR;
    nc_inq_nvars(from, &nvars);
    for (int v = 0; v < nvars && status == NC_NOERR; v++) {
        if (!copied[v]) continue;
        nc_type type;
        int nd, dims[NC_MAX_VAR_DIMS];
        size_t count = 1, size;
        nc_inq_var(from, v, NULL, &type, &nd, dims, NULL);
        for (int d = 0; d < nd; d++) {
            size_t length;
            nc_inq_dimlen(from, dims[d], &length);
            count *= length;
        }
        nc_inq_type(from, type, NULL, &size);
        void *buffer = dt_malloc(count * size);
        status = nc_get_var(from, v, buffer);
        if (status == NC_NOERR) status = nc_put_var(to, ids[v], buffer);
        free(buffer);
    }
    return status;
}

int job_output_finish(job_output *o, dt_error *err)
{
    if (!o->writer) return DT_OK;
    int from = o->out.ncid, to, tile_dim = -1, nvars = 0;
    nc_inq_dimid(from, "tile", &tile_dim);
    nc_inq_nvars(from, &nvars);
    o->final_temporary = with_suffix(o->final_path, ".tmp");
    int status = nc_create(o->final_temporary, NC_CLOBBER | NC_NETCDF4, &to);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, o->final_temporary, NULL, "cannot be created");
    int *copied = dt_calloc((size_t)nvars + 1, sizeof *copied), *ids = dt_calloc((size_t)nvars + 1, sizeof *ids);
    status = define_copy(from, to, tile_dim, copied, ids);
    if (status == NC_NOERR) status = nc_enddef(to);
    if (status == NC_NOERR) status = copy_data(from, to, copied, ids);
    free(copied);
    free(ids);
    if (status != NC_NOERR) {
        nc_close(to);
        remove(o->final_temporary);
        return ncfile_error(err, DT_ERR_IO, status, o->final_temporary, NULL, "cannot be written");
    }
    dt_error ignored;
    cfwrite_close(&o->out, &ignored); /* the partial file: read only from here on */
    o->out.ncid = to;
    o->out.path = dt_strdup(o->final_temporary);
    o->out.netcdf4 = 1;
    return DT_OK;
}

int job_output_close(job_output *o, dt_error *err)
{
    int status = DT_OK;
    if (o->out.ncid >= 0) status = cfwrite_close(&o->out, err);
    if (o->final_temporary && status == DT_OK) {
        if (rename(o->final_temporary, o->final_path) != 0)
            status = dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place", o->final_path, o->final_temporary);
        else
            remove(o->partial_path);
    } else if (o->final_temporary) {
        remove(o->final_temporary);
    }
    release(o);
    return status;
}
