/* job_output.c — a domain job's output: OUT.partial with per-tile done flags, resumable, turned
 * into OUT when complete. A finished tile's values are written before its flag and the file is
 * synced after the flag, so a crash can lose at most the tiles in hand. The partial file is
 * netCDF-3: its layout is fixed at definition and later writes only change data in place, which
 * HDF5 cannot promise for compressed chunks (a chunk rewritten after the last flush can leave
 * metadata describing the old one — seen here as a whole map garbled after a SIGKILL). */
#include "config.h"

#include "job_output_private.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "job_inputs.h"
#include "job_mpi.h"
#include "ncfile.h"

void job_output_process_start(void)
{
    H5dont_atexit();
}

char *job_output_suffixed(const char *path, const char *suffix)
{
    size_t length = strlen(path) + strlen(suffix) + 1;
    char *joined = dt_malloc(length);
    snprintf(joined, length, "%s%s", path, suffix);
    return joined;
}

int job_output_fsync(const char *path, int directory, dt_error *err)
{
    char *name = dt_strdup(path);
    if (directory) {
        char *slash = strrchr(name, '/');
        if (!slash) strcpy(name, ".");
        else if (slash == name) name[1] = '\0';
        else *slash = '\0';
    }
    int fd = open(name, O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    int error = fd < 0 ? errno : 0;
    if (fd >= 0 && fsync(fd) != 0 && errno != EINVAL) error = errno; /* EINVAL: cannot be synced, nothing to wait for */
    if (fd >= 0) close(fd);
    int status = DT_OK;
    if (error) status = dt_error_set(err, DT_ERR_IO, "%s: cannot be synced to disk: %s", name, strerror(error));
    free(name);
    return status;
}

int job_output_nc_error(dt_error *err, int status, int saved_errno, const char *path, const char *what)
{
    ncfile_error(err, DT_ERR_IO, status, path, NULL, what);
    if (status == NC_EHDFERR && (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG))
        dt_error_set(err, DT_ERR_IO, "%s: %s (%s)", path, what, strerror(saved_errno));
    return DT_ERR_IO;
}

static int is_coordinate(const char *name)
{
    static const char *const names[] = {"lat", "lon", "y", "x", "time"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0) return 1;
    return 0;
}

int job_output_coordinates_complete(int ncid, const char *path, dt_error *err)
{
    int nvars = 0;
    nc_inq_nvars(ncid, &nvars);
    for (int v = 0; v < nvars; v++) {
        char name[NC_MAX_NAME + 1];
        int nd, dims[NC_MAX_VAR_DIMS];
        if (nc_inq_var(ncid, v, name, NULL, &nd, dims, NULL) != NC_NOERR || !is_coordinate(name)) continue;
        size_t count = 1;
        for (int d = 0; d < nd; d++) {
            size_t length = 0;
            nc_inq_dimlen(ncid, dims[d], &length);
            count *= length;
        }
        double *values = dt_malloc((count ? count : 1) * sizeof *values), fill = NC_FILL_DOUBLE;
        int status = nc_get_var_double(ncid, v, values);
        nc_type type = NC_DOUBLE;
        if (nc_get_att_double(ncid, v, "_FillValue", &fill) != NC_NOERR && nc_inq_vartype(ncid, v, &type) == NC_NOERR &&
            type == NC_FLOAT)
            fill = NC_FILL_FLOAT; /* the default fill of a float read as a double */
        size_t bad = count;
        for (size_t i = 0; i < count && bad == count && status == NC_NOERR; i++)
            if (!isfinite(values[i]) || values[i] == fill || fabs(values[i]) >= 1e30 ||
                (nd == 1 && i >= 2 && (values[i] - values[i - 1]) * (values[1] - values[0]) <= 0) ||
                (nd == 1 && i == 1 && values[1] == values[0]))
                bad = i;
        free(values);
        if (status != NC_NOERR) return ncfile_error(err, DT_ERR_FORMAT, status, path, name, "cannot be read");
        if (bad < count)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: value %zu of %zu is missing or out of order", path, name, bad, count);
    }
    return DT_OK;
}

/* Builds a fresh partial output as OUT.partial.new and renames it OUT.partial only once its
 * variables are defined, its coordinates written and all of it synced: the name OUT.partial
 * then always means a file whose non-tile parts are complete, whenever a kill comes. */
static int define_fresh(job_output *o, const grid *g, const job_config *config, const job_output_spec *spec,
                        const char *inputs, dt_error *err)
{
    char *building = job_output_suffixed(o->partial_path, ".new");
    remove(building);
    int status = cfwrite_create_classic(&o->out, building, g, spec->title, spec->history, err);
    if (status != DT_OK) {
        free(building);
        return status;
    }
    int dim, nc;
    if ((nc = nc_def_dim(o->out.ncid, "tile", o->tile_count, &dim)) != NC_NOERR ||
        (nc = nc_def_var(o->out.ncid, "tile_done", NC_BYTE, 1, &dim, &o->tile_done_varid)) != NC_NOERR ||
        (nc = nc_def_var(o->out.ncid, "tile_masked_sm", NC_DOUBLE, 1, &dim, &o->tile_masked_varid)) != NC_NOERR)
        status = ncfile_error(err, DT_ERR_IO, nc, building, "tile_done", "cannot be defined");
    if (status == DT_OK &&
        (cfwrite_text(&o->out, o->tile_done_varid, "long_name", "1 when the tile's cells are written (resume)", err) ||
         cfwrite_number(&o->out, o->tile_done_varid, "tile_rows", (double)config->tile_rows, err) ||
         cfwrite_number(&o->out, o->tile_done_varid, "tile_cols", (double)config->tile_cols, err) ||
         cfwrite_text(&o->out, o->tile_masked_varid, "long_name",
                      "soil-moisture values the tile's reads masked as outside the physical range (resume)", err) ||
         cfwrite_text(&o->out, NC_GLOBAL, "drytex_job", spec->signature, err) ||
         cfwrite_text(&o->out, NC_GLOBAL, "drytex_inputs", inputs, err) ||
         (o->has_text && job_text_define(&o->text, o->out.ncid, building, err)) ||
         spec->define(&o->out, spec->context, err) || cfwrite_end_define(&o->out, err)))
        status = err->code;
    errno = 0;
    if (status == DT_OK && (nc = nc_sync(o->out.ncid)) != NC_NOERR)
        status = job_output_nc_error(err, nc, errno, building, "cannot be synced");
    if (status == DT_OK) status = job_output_fsync(building, 0, err);
    if (status == DT_OK && rename(building, o->partial_path) != 0) /* e.g. a directory of that name */
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be created: %s", o->partial_path, strerror(errno));
    if (status == DT_OK) status = job_output_fsync(o->partial_path, 1, err);
    if (status != DT_OK) {
        dt_error ignored;
        cfwrite_close(&o->out, &ignored);
        remove(building);
    } else {
        free(o->out.path); /* netCDF keeps the open file under its new name */
        o->out.path = dt_strdup(o->partial_path);
    }
    free(building);
    return status;
}

static int check_partial(job_output *o, const grid *g, const job_config *config, const job_output_spec *spec,
                         dt_error *err)
{
    int ncid = o->out.ncid;
    size_t length = 0; /* a simulate signature can be longer than any fixed buffer */
    if (nc_inq_attlen(ncid, NC_GLOBAL, "drytex_job", &length) != NC_NOERR)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: not a drytex job output (no drytex_job attribute)", o->partial_path);
    char *stored = dt_malloc(length + 1);
    int status = ncfile_text_attribute(ncid, NC_GLOBAL, "drytex_job", stored, length + 1);
    if (status == DT_OK && strcmp(stored, spec->signature) != 0)
        dt_error_set(err, DT_ERR_VALUE, "%s: was started with other settings (%s); run without --resume to start again",
                     o->partial_path, stored);
    if (status != DT_OK)
        dt_error_set(err, DT_ERR_FORMAT, "%s: not a drytex job output (no drytex_job attribute)", o->partial_path);
    int same = status == DT_OK && strcmp(stored, spec->signature) == 0;
    free(stored);
    if (!same) return err->code;
    size_t tiles = 0, rows = 0, cols = 0;
    int dim;
    double tile_rows = 0, tile_cols = 0;
    if (nc_inq_varid(ncid, "tile_done", &o->tile_done_varid) != NC_NOERR ||
        nc_inq_dimid(ncid, "tile", &dim) != NC_NOERR || nc_inq_dimlen(ncid, dim, &tiles) != NC_NOERR)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: tile_done: missing, cannot resume", o->partial_path);
    if (nc_inq_varid(ncid, "tile_masked_sm", &o->tile_masked_varid) != NC_NOERR)
        return dt_error_set(err, DT_ERR_VALUE, "%s: records no per-tile count of masked soil moisture (an older drytex "
                            "wrote it), cannot resume; run without --resume", o->partial_path);
    ncfile_number_attribute(ncid, o->tile_done_varid, "tile_rows", &tile_rows);
    ncfile_number_attribute(ncid, o->tile_done_varid, "tile_cols", &tile_cols);
    nc_inq_dimlen(ncid, o->out.dim_y, &rows);
    nc_inq_dimlen(ncid, o->out.dim_x, &cols);
    if (tiles != o->tile_count || rows != grid_rows(g) || cols != grid_cols(g) ||
        (size_t)tile_rows != config->tile_rows || (size_t)tile_cols != config->tile_cols)
        return dt_error_set(err, DT_ERR_VALUE, "%s: grid or tiling differs from this run, cannot resume", o->partial_path);
    return DT_OK;
}

/* The inputs now against the fingerprints the partial output recorded when the job began. */
static int check_inputs(job_output *o, const job_output_spec *spec, dt_error *err)
{
    size_t length = 0;
    if (nc_inq_attlen(o->out.ncid, NC_GLOBAL, "drytex_inputs", &length) != NC_NOERR)
        return dt_error_set(err, DT_ERR_VALUE, "%s: records no fingerprints of its inputs (an older drytex wrote it), "
                            "cannot resume safely; run without --resume", o->partial_path);
    char *recorded = dt_malloc(length + 1);
    int status = nc_get_att_text(o->out.ncid, NC_GLOBAL, "drytex_inputs", recorded);
    recorded[status == NC_NOERR ? length : 0] = '\0';
    status = job_inputs_check(recorded, spec->inputs, spec->ninputs, err);
    free(recorded);
    if (status != DT_OK) dt_error_prefix(err, o->partial_path);
    return status;
}

/* On resume: coordinates that are not all there are written again (and synced) before any tile. */
static int complete_coordinates(job_output *o, dt_error *err)
{
    if (job_output_coordinates_complete(o->out.ncid, o->partial_path, err) == DT_OK) return DT_OK;
    errno = 0;
    int status = cfwrite_put_coordinates(&o->out, err);
    if (status == DT_OK && (status = nc_sync(o->out.ncid)) != NC_NOERR)
        status = job_output_nc_error(err, status, errno, o->partial_path, "cannot be synced");
    if (status == DT_OK) status = job_output_coordinates_complete(o->out.ncid, o->partial_path, err);
    if (status != DT_OK) return dt_error_prefix(err, "cannot resume");
    return DT_OK;
}

static int reopen_partial(job_output *o, const grid *g, const job_config *config, const job_output_spec *spec,
                          dt_error *err)
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
    if (check_partial(o, g, config, spec, err) != DT_OK || check_inputs(o, spec, err) != DT_OK ||
        complete_coordinates(o, err) != DT_OK)
        return err->code;
    signed char *flags = dt_malloc(o->tile_count);
    status = nc_get_var_schar(o->out.ncid, o->tile_done_varid, flags);
    for (size_t i = 0; i < o->tile_count; i++) o->done[i] = flags[i] == 1; /* fill (never written) → 0 */
    free(flags);
    if (status != NC_NOERR)
        return ncfile_error(err, DT_ERR_FORMAT, status, o->partial_path, "tile_done", "cannot be read, cannot resume");
    if (spec->find(o->out.ncid, spec->context, err) != DT_OK) return dt_error_prefix(err, o->partial_path);
    o->resumed = 1;
    return DT_OK;
}

/* Frees the paths and flags and leaves o empty (no open file, no lock). */
static void release(job_output *o)
{
    if (o->sync_fd >= 0) close(o->sync_fd);
    if (o->has_text) job_text_close(&o->text);
    job_lock_release(&o->lock);
    free(o->final_temporary);
    free(o->final_path);
    free(o->partial_path);
    free(o->done);
    free(o->pending);
    memset(o, 0, sizeof *o);
    o->out.ncid = -1;
    o->lock.fd = o->text.fd = o->sync_fd = -1;
}

int job_output_lock(job_lock *lock, const char *path, const char *who, dt_error *err)
{
    char *lock_path = job_output_suffixed(path, ".partial.lock");
    int status = job_lock_take(lock, lock_path, who, err);
    free(lock_path);
    return status;
}

/* Locks, then opens (or on resume reopens) the partial file and its text; on failure leaves o
 * empty and unlocked. */
static int open_file(job_output *o, const grid *g, const job_config *config, const job_output_spec *spec, dt_error *err)
{
    int status = DT_OK;
    if (spec->held && spec->held->fd >= 0) { /* taken over: released with the output */
        o->lock = *spec->held;
        spec->held->fd = -1;
        spec->held->path = NULL;
    } else {
        status = job_output_lock(&o->lock, o->final_path, spec->history, err);
    }
    FILE *existing = status == DT_OK && spec->resume ? fopen(o->partial_path, "rb") : NULL;
    if (existing) {
        fclose(existing);
        status = reopen_partial(o, g, config, spec, err);
    } else if (status == DT_OK) {
        char *inputs = NULL;
        status = job_inputs_describe(spec->inputs, spec->ninputs, &inputs, err);
        if (status == DT_OK) status = define_fresh(o, g, config, spec, inputs, err);
        free(inputs);
    }
    if (status == DT_OK && o->has_text)
        status = job_text_open(&o->text, spec->text_path, spec->text_header, o->out.ncid, o->resumed, o->done,
                               o->tile_count, o->partial_path, err);
    if (status == DT_OK && (o->sync_fd = open(o->partial_path, O_RDONLY | O_CLOEXEC)) < 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be opened to sync it: %s", o->partial_path, strerror(errno));
    if (status != DT_OK) {
        dt_error ignored;
        if (o->out.ncid >= 0) cfwrite_close(&o->out, &ignored);
        free(o->out.path);
        o->out.path = NULL;
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
                    const job_output_spec *spec, dt_error *err)
{
    memset(o, 0, sizeof *o);
    o->out.ncid = -1;
    o->lock.fd = o->text.fd = o->sync_fd = -1;
    int status = check_same_job(g, config, spec->signature, err);
    if (status != DT_OK) return status;
    o->final_path = dt_strdup(path);
    o->partial_path = job_output_suffixed(path, ".partial");
    o->tile_count = job_tile_count(config);
    o->done = dt_calloc(o->tile_count ? o->tile_count : 1, 1);
    o->sync_interval = JOB_OUTPUT_SYNC_SECONDS;
    o->writer = job_group_rank(config->group) == 0;
    o->has_text = spec->text_path != NULL;
    if (o->writer) status = open_file(o, g, config, spec, err);
    status = job_group_agree(config->group, status, err); /* only rank 0 can have failed */
    if (status != DT_OK && !o->writer) release(o);
    return status;
}

int job_output_put_text(job_output *o, const job_tile *tile, const char *text, size_t length, dt_error *err)
{
    if (!o->writer || !o->has_text) return DT_OK;
    return job_text_put(&o->text, tile->index, text, length, err);
}

int job_output_put_masked(job_output *o, const job_tile *tile, double count, dt_error *err)
{
    if (!o->writer) return DT_OK;
    size_t index = tile->index;
    errno = 0;
    int status = nc_put_var1_double(o->out.ncid, o->tile_masked_varid, &index, &count);
    if (status != NC_NOERR) return job_output_nc_error(err, status, errno, o->partial_path, "tile_masked_sm: write failed");
    return DT_OK;
}

int job_output_masked_total(job_output *o, double *total, dt_error *err)
{
    *total = 0;
    if (!o->writer || o->out.ncid < 0) return DT_OK;
    if (job_output_flush_done(o, err) != DT_OK) return err->code;
    double *counts = dt_malloc((o->tile_count ? o->tile_count : 1) * sizeof *counts);
    int status = nc_get_var_double(o->out.ncid, o->tile_masked_varid, counts);
    for (size_t i = 0; i < o->tile_count && status == NC_NOERR; i++)
        if (o->done[i] && counts[i] > 0 && counts[i] < NC_FILL_DOUBLE) *total += counts[i]; /* fill: none put */
    free(counts);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, o->partial_path, "tile_masked_sm", "cannot be read");
    return DT_OK;
}

/* What netCDF has written of OUT.partial (nc_sync) onto stable storage. */
static int sync_partial(job_output *o, const char *what, dt_error *err)
{
    errno = 0;
    int status = nc_sync(o->out.ncid);
    if (status != NC_NOERR) return job_output_nc_error(err, status, errno, o->partial_path, what);
    if (fdatasync(o->sync_fd) != 0 && errno != EINVAL) /* EINVAL: a file that cannot be synced */
        return dt_error_set(err, DT_ERR_IO, "%s: %s: %s", o->partial_path, what, strerror(errno));
    return DT_OK;
}

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

int job_output_flush_done(job_output *o, dt_error *err)
{
    if (!o->writer || o->npending == 0) return DT_OK;
    /* the data first, durably, before any flag is written at all: the system and the disk may
     * write pages in any order, so a flag sent with its data could reach the disk first */
    if (sync_partial(o, "the tiles' values cannot be synced", err) != DT_OK) return err->code;
    if (o->has_text && fdatasync(o->text.fd) != 0 && errno != EINVAL)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be synced: %s", o->text.partial_path, strerror(errno));
    o->last_sync = seconds_now();
    /* the flags go to the system (a kill cannot lose them); the next sync, or the final copy,
     * puts them on disk — a flag lost to a power cut only makes --resume redo the tile */
    signed char one = 1;
    int status = NC_NOERR;
    errno = 0;
    for (size_t k = 0; k < o->npending && status == NC_NOERR; k++)
        status = nc_put_var1_schar(o->out.ncid, o->tile_done_varid, &o->pending[k], &one);
    if (status == NC_NOERR) status = nc_sync(o->out.ncid);
    if (status != NC_NOERR) return job_output_nc_error(err, status, errno, o->partial_path, "tile_done: write failed");
    for (size_t k = 0; k < o->npending; k++) o->done[o->pending[k]] = 1;
    o->npending = 0;
    return DT_OK;
}

int job_output_mark_done(job_output *o, const job_tile *tile, dt_error *err)
{
    if (!o->pending) o->pending = dt_malloc((o->tile_count ? o->tile_count : 1) * sizeof *o->pending);
    if (o->npending < o->tile_count) o->pending[o->npending++] = tile->index;
    if (o->last_sync > 0 && seconds_now() - o->last_sync < o->sync_interval) return DT_OK; /* waits */
    return job_output_flush_done(o, err);
}
