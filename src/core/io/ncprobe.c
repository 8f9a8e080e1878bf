/* ncprobe.c — a netCDF-4/HDF5 file is first opened in a child process (see ncprobe.h).
 *
 * Why: HDF5 1.10.8 has faults drytex cannot check for without re-implementing HDF5 — object
 * headers, B-trees and heaps whose checksums are valid but whose contents make it overlap a
 * memcpy, free an invalid pointer on close or loop forever (issue 14, hdf5_*.nc). The superblock is
 * checked by ncheader; the rest is tried here in a process of its own, with a time limit, and
 * the program opens the file itself only when that child opened, walked and closed it cleanly.
 * The cost is one fork and one extra open of the metadata per netCDF-4 file opened. */
#include "ncprobe.h"

#include <errno.h>
#include <fcntl.h>
#include <netcdf.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The child writes one int, netCDF's status (NC_NOERR when open, walk and close all worked), and
 * exits 0; a child that ends without writing it crashed. The report, not the exit status, is
 * trusted: waitpid loses the status when SIGCHLD is ignored. */

/* Attributes longer than this are not read by the probe (the program reads them into the heap
 * with its own limit). */
#define PROBE_ATTRIBUTE_BYTES (1u << 24)

int ncprobe_seconds(void)
{
    const char *text = getenv("DRYTEX_OPEN_TIMEOUT");
    if (!text || !*text) return NCPROBE_DEFAULT_SECONDS;
    char *end;
    long seconds = strtol(text, &end, 10);
    if (*end || seconds < 0 || seconds > 86400) return NCPROBE_DEFAULT_SECONDS;
    return (int)seconds;
}

static int walk_attributes(int group, int varid, int count)
{
    for (int a = 0; a < count; a++) {
        char name[NC_MAX_NAME + 1];
        nc_type type;
        size_t length, size;
        int status = nc_inq_attname(group, varid, a, name);
        if (status == NC_NOERR) status = nc_inq_att(group, varid, name, &type, &length);
        if (status == NC_NOERR) status = nc_inq_type(group, type, NULL, &size);
        if (status != NC_NOERR) return status;
        if (length == 0 || type > NC_STRING || size == 0 || length > PROBE_ATTRIBUTE_BYTES / size) continue;
        void *values = malloc(length * size);
        if (!values) continue;
        status = nc_get_att(group, varid, name, values);
        if (status == NC_NOERR && type == NC_STRING) nc_free_string(length, values);
        free(values);
        if (status != NC_NOERR) return status;
    }
    return NC_NOERR;
}

static int walk_group(int group, int depth)
{
    int ndims, nvars, natts, status;
    if (depth > 64) return NC_EINVAL;
    if ((status = nc_inq(group, &ndims, &nvars, &natts, NULL)) != NC_NOERR) return status;
    if ((status = walk_attributes(group, NC_GLOBAL, natts)) != NC_NOERR) return status;
    int count = 0;
    if ((status = nc_inq_dimids(group, &count, NULL, 0)) != NC_NOERR) return status;
    int *ids = malloc((size_t)(count > 0 ? count : 1) * sizeof *ids);
    if (!ids) return NC_ENOMEM;
    status = nc_inq_dimids(group, &count, ids, 0);
    for (int d = 0; d < count && status == NC_NOERR; d++) {
        char name[NC_MAX_NAME + 1];
        size_t length;
        status = nc_inq_dim(group, ids[d], name, &length);
    }
    free(ids);
    if (status == NC_NOERR) status = nc_inq_varids(group, &count, NULL);
    ids = malloc((size_t)(count > 0 ? count : 1) * sizeof *ids);
    if (!ids) return NC_ENOMEM;
    if (status == NC_NOERR) status = nc_inq_varids(group, &count, ids);
    for (int v = 0; v < count && status == NC_NOERR; v++) {
        char name[NC_MAX_NAME + 1];
        nc_type type;
        int var_ndims, var_natts, dims[NC_MAX_VAR_DIMS];
        status = nc_inq_var(group, ids[v], name, &type, &var_ndims, NULL, &var_natts);
        if (status == NC_NOERR && var_ndims <= NC_MAX_VAR_DIMS) status = nc_inq_vardimid(group, ids[v], dims);
        if (status == NC_NOERR) status = walk_attributes(group, ids[v], var_natts);
        (void)type; /* no value is read: a chunk's decompression per variable made the probe as slow
                       as the read itself on SMAP-sized files, and HDF5's faults met so far are in
                       the metadata */
    }
    free(ids);
    if (status == NC_NOERR) status = nc_inq_grps(group, &count, NULL);
    if (status != NC_NOERR || count == 0) return status;
    ids = malloc((size_t)count * sizeof *ids);
    if (!ids) return NC_ENOMEM;
    status = nc_inq_grps(group, NULL, ids);
    for (int g = 0; g < count && status == NC_NOERR; g++) status = walk_group(ids[g], depth + 1);
    free(ids);
    return status;
}

/* The child: never returns; _exit, so no handler of the parent's (HDF5's atexit closing the
 * parent's open files among them) runs here. */
static void probe_child(const char *path, int report)
{
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    int ncid, status = nc_open(path, NC_NOWRITE, &ncid);
    if (status == NC_NOERR) {
        status = walk_group(ncid, 0);
        int closed = nc_close(ncid);
        if (status == NC_NOERR) status = closed;
    }
    ssize_t written = write(report, &status, sizeof status);
    _exit(written == sizeof status ? 0 : 1);
}

static long milliseconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000L + now.tv_nsec / 1000000L;
}

/* Waits for the child's report (or its end) for at most seconds; 1 when it ended in time, with
 * *reported set when its status arrived. */
static int wait_report(int report, int seconds, int *nc_status, int *reported)
{
    *reported = 0;
    long deadline = milliseconds_now() + seconds * 1000L;
    for (;;) {
        long left = deadline - milliseconds_now();
        if (left <= 0) return 0;
        struct pollfd wait = {report, POLLIN, 0};
        int ready = poll(&wait, 1, (int)left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return ready == 0 ? 0 : 1;
        ssize_t got = read(report, nc_status, sizeof *nc_status);
        if (got < 0 && errno == EINTR) continue;
        *reported = got == (ssize_t)sizeof *nc_status;
        return 1; /* a status, or end of file: the child has finished either way */
    }
}

int ncprobe_file(const char *path, dt_error *err)
{
    int seconds = ncprobe_seconds();
    if (seconds == 0) return DT_OK;
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot check the file: %s", path, strerror(errno));
    pid_t child = fork();
    if (child < 0) {
        close(pipe_ends[0]);
        close(pipe_ends[1]);
        return dt_error_set(err, DT_ERR_IO, "%s: cannot check the file: %s", path, strerror(errno));
    }
    if (child == 0) {
        close(pipe_ends[0]);
        probe_child(path, pipe_ends[1]);
    }
    close(pipe_ends[1]);
    int nc_status = NC_NOERR, wait_status = 0, reported;
    int finished = wait_report(pipe_ends[0], seconds, &nc_status, &reported);
    close(pipe_ends[0]);
    if (!finished) kill(child, SIGKILL);
    while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) continue;
    if (!finished)
        return dt_error_set(err, DT_ERR_FORMAT,
                            "%s: corrupt netCDF-4/HDF5 file: its metadata could not be read within %d s (HDF5 loops on "
                            "some corrupt files; DRYTEX_OPEN_TIMEOUT sets the limit)", path, seconds);
    if (reported && nc_status == NC_NOERR) return DT_OK;
    if (reported)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: truncated or corrupt netCDF-4/HDF5 file (%s)", path,
                            nc_strerror(nc_status));
    if (WIFSIGNALED(wait_status))
        return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt netCDF-4/HDF5 file: reading its metadata crashes the HDF5 "
                            "library (signal %d); refused", path, WTERMSIG(wait_status));
    return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt netCDF-4/HDF5 file: reading its metadata ends the checking "
                        "process inside the netCDF/HDF5 libraries without a result; refused", path);
}
