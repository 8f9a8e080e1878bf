/* ncfile.c — thin, error-reporting helpers over netCDF-C (open, find, attributes). */
#include "ncfile.h"

#include "ncheader.h"
#include "ncprobe.h"

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_HDF5
#include <hdf5.h>
#endif

int ncfile_same_text(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

int ncfile_error(dt_error *err, dt_status code, int nc_status, const char *path,
                 const char *variable, const char *what)
{
    if (variable && *variable)
        return dt_error_set(err, code, "%s: %s: %s (%s)", path, variable, what, nc_strerror(nc_status));
    return dt_error_set(err, code, "%s: %s (%s)", path, what, nc_strerror(nc_status));
}

void ncfile_quiet_thread(void)
{
#ifdef HAVE_HDF5
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
#endif
}

int ncfile_open(const char *path, int *ncid, dt_error *err)
{
    return ncfile_open_flags(path, 0, ncid, err);
}

int ncfile_open_flags(const char *path, int flags, int *ncid, dt_error *err)
{
    ncfile_quiet_thread();
    /* netCDF-C trusts what a file says about itself: its header is checked against the file's
     * length first (ncheader), and a netCDF-4/HDF5 file is opened once in a child process
     * (ncprobe), so that what would crash or hang the libraries is refused with a message. */
    ncheader_kind kind;
    if (ncheader_check(path, &kind, err) != DT_OK) return err->code;
    if (kind == NCHEADER_HDF5 && !(flags & NCFILE_CHECKED) && ncprobe_file(path, err) != DT_OK) return err->code;
    int status = nc_open(path, NC_NOWRITE, ncid);
    if (status == NC_NOERR) return DT_OK;
    if (status == NC_ENOTNC)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: not a netCDF or HDF5 file", path);
    if (status == NC_EHDFERR || status == NC_ENOTBUILT || status == NC_EINVAL ||
        status == NC_ETRUNC || status == NC_ECANTREAD || status == NC_EDIMSIZE)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: truncated or corrupt netCDF file (%s)",
                            path, nc_strerror(status));
    if (status == NC_EPERM || status == EACCES)
        return dt_error_set(err, DT_ERR_IO, "%s: permission denied", path);
    return ncfile_error(err, DT_ERR_FORMAT, status, path, NULL, "cannot be read as netCDF");
}

void ncfile_close(int ncid)
{
    nc_close(ncid);
}

const char *ncfile_format_name(int ncid)
{
    int format = 0, mode = 0;
    if (nc_inq_format_extended(ncid, &format, &mode) != NC_NOERR) return "unknown";
    if (format == NC_FORMATX_NC_HDF5) {
        int classic = 0;
        nc_inq_format(ncid, &classic);
        return classic == NC_FORMAT_NETCDF4_CLASSIC ? "netCDF-4 classic model (HDF5)" : "netCDF-4/HDF5";
    }
    if (format == NC_FORMATX_NC3) {
        if (mode & NC_64BIT_DATA) return "netCDF-3 64-bit data (CDF5)";
        if (mode & NC_64BIT_OFFSET) return "netCDF-3 64-bit offset";
        return "netCDF-3 classic";
    }
    if (format == NC_FORMATX_NC_HDF4) return "HDF4";
    return "other";
}

static int find_in_group(int group_id, const char *name, int *found_group, int *varid)
{
    if (nc_inq_varid(group_id, name, varid) == NC_NOERR) {
        *found_group = group_id;
        return DT_OK;
    }
    int count = 0, status = DT_ERR_MISSING;
    if (nc_inq_grps(group_id, &count, NULL) != NC_NOERR || count <= 0) return DT_ERR_MISSING;
    int *groups = dt_malloc((size_t)count * sizeof *groups); /* heap: the count is the file's */
    if (nc_inq_grps(group_id, NULL, groups) == NC_NOERR)
        for (int i = 0; i < count && status != DT_OK; i++) status = find_in_group(groups[i], name, found_group, varid);
    free(groups);
    return status;
}

int ncfile_find_variable(int ncid, const char *name, int *group_id, int *varid)
{
    const char *slash = strrchr(name, '/');
    if (!slash) return find_in_group(ncid, name, group_id, varid);
    char group_path[512];
    size_t length = (size_t)(slash - name);
    if (length >= sizeof group_path) return DT_ERR_MISSING;
    memcpy(group_path, name, length);
    group_path[length] = '\0';
    int group = ncid;
    const char *path = group_path[0] == '/' ? group_path + 1 : group_path;
    if (*path && nc_inq_grp_full_ncid(ncid, path, &group) != NC_NOERR) {
        char absolute[514];
        snprintf(absolute, sizeof absolute, "/%s", path);
        if (nc_inq_grp_full_ncid(ncid, absolute, &group) != NC_NOERR) return DT_ERR_MISSING;
    }
    if (nc_inq_varid(group, slash + 1, varid) != NC_NOERR) return DT_ERR_MISSING;
    *group_id = group;
    return DT_OK;
}

int ncfile_text_attribute(int group_id, int varid, const char *name, char *buffer, size_t size)
{
    nc_type type;
    size_t length;
    if (size == 0) return DT_ERR_USAGE;
    buffer[0] = '\0';
    if (nc_inq_att(group_id, varid, name, &type, &length) != NC_NOERR) return DT_ERR_MISSING;
    if (length > NCFILE_MAX_ATTRIBUTE_VALUES) return DT_ERR_VALUE;
    /* heap, not stack: the length is the file's (a 10 MB units attribute overflowed the stack) */
    if (type == NC_CHAR) {
        char *text = dt_malloc(length + 1);
        int status = nc_get_att_text(group_id, varid, name, text);
        text[status == NC_NOERR ? length : 0] = '\0';
        snprintf(buffer, size, "%s", text);
        free(text);
        if (status != NC_NOERR) return DT_ERR_MISSING;
    } else if (type == NC_STRING && length >= 1) {
        char **strings = dt_calloc(length, sizeof *strings);
        int status = nc_get_att_string(group_id, varid, name, strings);
        if (status == NC_NOERR) {
            snprintf(buffer, size, "%s", strings[0] ? strings[0] : "");
            nc_free_string(length, strings);
        }
        free(strings);
        if (status != NC_NOERR) return DT_ERR_MISSING;
    } else {
        return DT_ERR_MISSING;
    }
    size_t end = strlen(buffer);
    while (end > 0 && (isspace((unsigned char)buffer[end - 1]) || buffer[end - 1] == '\0')) buffer[--end] = '\0';
    size_t start = 0;
    while (buffer[start] && isspace((unsigned char)buffer[start])) start++;
    if (start) memmove(buffer, buffer + start, end - start + 1);
    return DT_OK;
}

int ncfile_number_attribute(int group_id, int varid, const char *name, double *value)
{
    nc_type type;
    size_t length;
    if (nc_inq_att(group_id, varid, name, &type, &length) != NC_NOERR || length == 0)
        return DT_ERR_MISSING;
    if (type == NC_CHAR || type == NC_STRING) return DT_ERR_MISSING;
    if (length > NCFILE_MAX_ATTRIBUTE_VALUES) return DT_ERR_VALUE;
    double *values = dt_malloc(length * sizeof *values); /* heap: a 2-million-value scale_factor */
    int status = nc_get_att_double(group_id, varid, name, values);
    if (status == NC_NOERR) *value = values[0];
    free(values);
    return status == NC_NOERR ? DT_OK : DT_ERR_MISSING;
}
