/* job_text.c — per-tile text beside a job's output. Why a side file with byte ranges in the
 * netCDF partial, rather than rows appended to the final CSV: tiles finish out of order on
 * threads and ranks, so an appended CSV depends on timing; and a kill between the rows and the
 * tile's done flag leaves rows that the resumed job writes again. Here the flag is the only
 * commitment: the ranges of done tiles say which bytes of TEXT.partial count, everything after
 * them is cut on resume, and TEXT is assembled from the ranges in tile order. Ranges are
 * doubles: netCDF-3 (64-bit offset) has no 64-bit integer, and a double is exact to 2^53. */
#include "config.h"

#include "job_text.h"

#include <errno.h>
#include <fcntl.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "ncfile.h"

static char *suffixed(const char *path, const char *suffix)
{
    size_t length = strlen(path) + strlen(suffix) + 1;
    char *joined = dt_malloc(length);
    snprintf(joined, length, "%s%s", path, suffix);
    return joined;
}

int job_text_define(job_text *t, int ncid, const char *partial, dt_error *err)
{
    int dim, status = nc_inq_dimid(ncid, "tile", &dim);
    if (status == NC_NOERR) status = nc_def_var(ncid, "tile_text_offset", NC_DOUBLE, 1, &dim, &t->var_offset);
    if (status == NC_NOERR) status = nc_def_var(ncid, "tile_text_length", NC_DOUBLE, 1, &dim, &t->var_length);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, partial, "tile_text_offset", "cannot be defined");
    return DT_OK;
}

/* On resume: the end of the done tiles' text; a done tile whose text is missing runs again. */
static int find_end(job_text *t, unsigned char *done, size_t tiles, const char *partial, dt_error *err)
{
    struct stat st;
    if (fstat(t->fd, &st) != 0) return dt_error_set(err, DT_ERR_IO, "%s: %s", t->partial_path, strerror(errno));
    double *offset = dt_malloc((tiles ? tiles : 1) * sizeof *offset), *length = dt_malloc((tiles ? tiles : 1) * sizeof *length);
    int status = nc_get_var_double(t->ncid, t->var_offset, offset);
    if (status == NC_NOERR) status = nc_get_var_double(t->ncid, t->var_length, length);
    t->end = 0;
    for (size_t i = 0; i < tiles && status == NC_NOERR; i++) {
        if (!done[i]) continue;
        double stop = offset[i] + length[i];
        if (!(offset[i] >= 0 && length[i] >= 0 && stop <= (double)st.st_size)) {
            done[i] = 0; /* recorded, but its text did not reach the file: do the tile again */
            continue;
        }
        if (stop > (double)t->end) t->end = (unsigned long long)stop;
    }
    free(offset);
    free(length);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_FORMAT, status, partial, "tile_text_offset", "cannot be read, cannot resume");
    if (ftruncate(t->fd, (off_t)t->end) != 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be cut to its finished tiles: %s", t->partial_path, strerror(errno));
    return DT_OK;
}

int job_text_open(job_text *t, const char *path, const char *header, int ncid, int resumed, unsigned char *done,
                  size_t tiles, const char *partial, dt_error *err)
{
    t->path = dt_strdup(path);
    t->partial_path = suffixed(path, ".partial");
    t->header = header;
    t->ncid = ncid;
    t->output_partial = partial;
    t->end = 0;
    if (resumed && (nc_inq_varid(ncid, "tile_text_offset", &t->var_offset) != NC_NOERR ||
                    nc_inq_varid(ncid, "tile_text_length", &t->var_length) != NC_NOERR))
        return dt_error_set(err, DT_ERR_FORMAT, "%s: has no per-tile text (was it started without --events?), cannot resume", partial);
    t->fd = open(t->partial_path, O_RDWR | O_CREAT | O_CLOEXEC | (resumed ? 0 : O_TRUNC), 0644);
    if (t->fd < 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", t->partial_path, strerror(errno));
    return resumed ? find_end(t, done, tiles, partial, err) : DT_OK;
}

int job_text_put(job_text *t, size_t tile, const char *data, size_t length, dt_error *err)
{
    int error = fdio_pwrite_all(t->fd, data, length, t->end);
    if (error) return dt_error_set(err, DT_ERR_IO, "%s: write failed: %s", t->partial_path, strerror(error));
    double offset = (double)t->end, bytes = (double)length;
    int status = nc_put_var1_double(t->ncid, t->var_offset, &tile, &offset);
    if (status == NC_NOERR) status = nc_put_var1_double(t->ncid, t->var_length, &tile, &bytes);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, t->output_partial, "tile_text_offset", "write failed");
    t->end += length;
    return DT_OK;
}

int job_text_assemble(job_text *t, size_t tiles, dt_error *err)
{
    t->temporary_path = suffixed(t->path, ".tmp");
    int out = open(t->temporary_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot be created: %s", t->temporary_path, strerror(errno));
    double *offset = dt_malloc((tiles ? tiles : 1) * sizeof *offset), *length = dt_malloc((tiles ? tiles : 1) * sizeof *length);
    int status = nc_get_var_double(t->ncid, t->var_offset, offset);
    if (status == NC_NOERR) status = nc_get_var_double(t->ncid, t->var_length, length);
    int error = 0;
    unsigned long long at = strlen(t->header) + 1;
    char *line = suffixed(t->header, "\n"), *buffer = NULL;
    if (status == NC_NOERR) error = fdio_pwrite_all(out, line, at, 0);
    size_t capacity = 0;
    for (size_t i = 0; i < tiles && status == NC_NOERR && !error; i++) {
        size_t n = (size_t)length[i];
        if (n == 0) continue;
        if (n > capacity) buffer = dt_realloc(buffer, capacity = n);
        error = fdio_pread_all(t->fd, buffer, n, (unsigned long long)offset[i]);
        if (error < 0) error = EIO; /* shorter than its recorded length */
        if (!error) error = fdio_pwrite_all(out, buffer, n, at);
        at += n;
    }
    if (!error && status == NC_NOERR && fsync(out) != 0) error = errno;
    if (close(out) != 0 && !error) error = errno;
    free(line);
    free(buffer);
    free(offset);
    free(length);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_FORMAT, status, t->output_partial, "tile_text_offset", "cannot be read");
    if (error) return dt_error_set(err, DT_ERR_IO, "%s: write failed: %s", t->temporary_path, strerror(error));
    return DT_OK;
}

int job_text_commit(job_text *t, dt_error *err)
{
    if (!t->temporary_path) return DT_OK;
    if (rename(t->temporary_path, t->path) != 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place: %s", t->path, t->temporary_path, strerror(errno));
    free(t->temporary_path);
    t->temporary_path = NULL;
    return DT_OK;
}

void job_text_remove_partial(job_text *t)
{
    if (t->partial_path) remove(t->partial_path);
}

void job_text_close(job_text *t)
{
    if (t->fd >= 0) close(t->fd);
    if (t->temporary_path) remove(t->temporary_path);
    free(t->temporary_path);
    free(t->path);
    free(t->partial_path);
    memset(t, 0, sizeof *t);
    t->fd = -1;
}
