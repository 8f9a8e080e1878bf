/* nctool.c — small netCDF checks for the command-line tests (not installed).
 *   nctool equal A B VAR...           exit 0 when every VAR is bitwise identical in A and B
 *   nctool mae A VAR_A B VAR_B        prints the mean absolute difference over cells valid in both
 *   nctool count A VAR VALUE          prints how many values equal VALUE
 *   nctool stats A VAR                prints "valid N mean M min L max H" (fill ignored)
 *   nctool huge-grid OUT ROWS COLS DAYS  writes a small netCDF-4 file declaring that grid (all fill)
 *   nctool set A VAR INDEX VALUE      writes VALUE at the INDEX-th value of VAR (flat, C order),
 *                                     unpacked: as stored, no scale_factor applied
 *   nctool del-att A VAR ATT          removes attribute ATT of VAR */
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int open_var(const char *path, const char *name, int *ncid, int *varid, size_t *n)
{
    int ndims, dims[NC_MAX_VAR_DIMS];
    if (nc_open(path, NC_NOWRITE, ncid) != NC_NOERR) {
        fprintf(stderr, "nctool: %s: cannot open\n", path);
        return -1;
    }
    if (nc_inq_varid(*ncid, name, varid) != NC_NOERR) {
        fprintf(stderr, "nctool: %s: %s: no such variable\n", path, name);
        return -1;
    }
    nc_inq_varndims(*ncid, *varid, &ndims);
    nc_inq_vardimid(*ncid, *varid, dims);
    *n = 1;
    for (int d = 0; d < ndims; d++) {
        size_t length;
        nc_inq_dimlen(*ncid, dims[d], &length);
        *n *= length;
    }
    return 0;
}

static double *read_values(const char *path, const char *name, size_t *n)
{
    int ncid, varid;
    if (open_var(path, name, &ncid, &varid, n)) exit(2);
    double *v = malloc(*n * sizeof *v), fill = NAN;
    nc_get_var_double(ncid, varid, v);
    if (nc_get_att_double(ncid, varid, "_FillValue", &fill) == NC_NOERR)
        for (size_t i = 0; i < *n; i++)
            if (v[i] == fill) v[i] = NAN;
    nc_close(ncid);
    return v;
}

static int equal(const char *a, const char *b, char **vars, int count)
{
    int differ = 0;
    for (int k = 0; k < count; k++) {
        int ia, va, ib, vb;
        size_t na, nb;
        if (open_var(a, vars[k], &ia, &va, &na) || open_var(b, vars[k], &ib, &vb, &nb)) return 2;
        nc_type type;
        size_t size;
        nc_inq_vartype(ia, va, &type);
        nc_inq_type(ia, type, NULL, &size);
        unsigned char *x = malloc(na * size), *y = malloc(nb * size);
        nc_get_var(ia, va, x);
        nc_get_var(ib, vb, y);
        if (na != nb || memcmp(x, y, na * size) != 0) {
            printf("%s differs\n", vars[k]);
            differ = 1;
        }
        free(x);
        free(y);
        nc_close(ia);
        nc_close(ib);
    }
    return differ;
}

/* A netCDF-4 file declaring a rows × cols lat/lon grid over days daily steps, its coordinates
 * written and its soil moisture never (all fill, chunked and compressed, so the file stays small). */
static int huge_grid(const char *path, size_t rows, size_t cols, size_t days)
{
    int ncid, dims[3], lat, lon, time, sm;
    if (nc_create(path, NC_CLOBBER | NC_NETCDF4, &ncid) != NC_NOERR) return 1;
    nc_def_dim(ncid, "time", days, &dims[0]);
    nc_def_dim(ncid, "lat", rows, &dims[1]);
    nc_def_dim(ncid, "lon", cols, &dims[2]);
    nc_def_var(ncid, "time", NC_DOUBLE, 1, &dims[0], &time);
    nc_put_att_text(ncid, time, "units", 30, "days since 2000-01-01 00:00:00");
    nc_def_var(ncid, "lat", NC_DOUBLE, 1, &dims[1], &lat);
    nc_put_att_text(ncid, lat, "units", 13, "degrees_north");
    nc_def_var(ncid, "lon", NC_DOUBLE, 1, &dims[2], &lon);
    nc_put_att_text(ncid, lon, "units", 12, "degrees_east");
    nc_def_var_deflate(ncid, lat, 1, 1, 9);
    nc_def_var_deflate(ncid, lon, 1, 1, 9);
    nc_def_var(ncid, "sm", NC_FLOAT, 3, dims, &sm);
    size_t chunks[3] = {1, rows < 1000 ? rows : 1000, cols < 1000 ? cols : 1000};
    nc_def_var_chunking(ncid, sm, NC_CHUNKED, chunks);
    nc_def_var_deflate(ncid, sm, 1, 1, 9);
    nc_put_att_text(ncid, sm, "units", 6, "m3 m-3");
    if (nc_enddef(ncid) != NC_NOERR) return 1;
    double *values = malloc((rows > cols ? rows : cols) * sizeof *values);
    for (size_t i = 0; i < rows; i++) values[i] = -60.0 + 120.0 * ((double)i + 0.5) / (double)rows;
    nc_put_var_double(ncid, lat, values);
    for (size_t i = 0; i < cols; i++) values[i] = -180.0 + 360.0 * ((double)i + 0.5) / (double)cols;
    nc_put_var_double(ncid, lon, values);
    for (size_t i = 0; i < days; i++) values[i] = (double)i;
    nc_put_var_double(ncid, time, values);
    free(values);
    return nc_close(ncid) == NC_NOERR ? 0 : 1;
}

static int set_value(const char *path, const char *name, size_t index, double value)
{
    int ncid, varid, ndims, dims[NC_MAX_VAR_DIMS];
    if (nc_open(path, NC_WRITE, &ncid) != NC_NOERR || nc_inq_varid(ncid, name, &varid) != NC_NOERR) {
        fprintf(stderr, "nctool: %s: %s: cannot open it for writing\n", path, name);
        return 1;
    }
    nc_inq_varndims(ncid, varid, &ndims);
    nc_inq_vardimid(ncid, varid, dims);
    size_t at[NC_MAX_VAR_DIMS], rest = index;
    for (int d = ndims - 1; d >= 0; d--) {
        size_t length;
        nc_inq_dimlen(ncid, dims[d], &length);
        at[d] = rest % length;
        rest /= length;
    }
    int status = rest ? NC_EINVALCOORDS : nc_put_var1_double(ncid, varid, at, &value);
    if (status != NC_NOERR) fprintf(stderr, "nctool: %s: %s: value %zu: %s\n", path, name, index, nc_strerror(status));
    return nc_close(ncid) == NC_NOERR && status == NC_NOERR ? 0 : 1;
}

static int delete_attribute(const char *path, const char *name, const char *attribute)
{
    int ncid, varid, status = nc_open(path, NC_WRITE, &ncid);
    if (status == NC_NOERR && (status = nc_inq_varid(ncid, name, &varid)) == NC_NOERR &&
        (status = nc_redef(ncid)) == NC_NOERR && (status = nc_del_att(ncid, varid, attribute)) == NC_NOERR)
        status = nc_enddef(ncid);
    if (status != NC_NOERR) fprintf(stderr, "nctool: %s: %s:%s: %s\n", path, name, attribute, nc_strerror(status));
    nc_close(ncid);
    return status == NC_NOERR ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "del-att") == 0) return delete_attribute(argv[2], argv[3], argv[4]);
    if (argc == 6 && strcmp(argv[1], "set") == 0) return set_value(argv[2], argv[3], strtoul(argv[4], NULL, 10), atof(argv[5]));
    if (argc == 6 && strcmp(argv[1], "huge-grid") == 0)
        return huge_grid(argv[2], strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10));
    if (argc >= 5 && strcmp(argv[1], "equal") == 0) return equal(argv[2], argv[3], argv + 4, argc - 4);
    if (argc == 6 && strcmp(argv[1], "mae") == 0) {
        size_t na, nb, used = 0;
        double *a = read_values(argv[2], argv[3], &na), *b = read_values(argv[4], argv[5], &nb), sum = 0;
        for (size_t i = 0; i < na && i < nb; i++)
            if (!isnan(a[i]) && !isnan(b[i])) sum += fabs(a[i] - b[i]), used++;
        printf("%.6f %zu\n", used ? sum / used : NAN, used);
        free(a);
        free(b);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "count") == 0) {
        size_t n, hits = 0;
        double *a = read_values(argv[2], argv[3], &n), value = atof(argv[4]);
        for (size_t i = 0; i < n; i++) hits += a[i] == value;
        printf("%zu\n", hits);
        free(a);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "stats") == 0) {
        size_t n, valid = 0;
        double *a = read_values(argv[2], argv[3], &n), sum = 0, low = INFINITY, high = -INFINITY;
        for (size_t i = 0; i < n; i++)
            if (!isnan(a[i])) valid++, sum += a[i], low = fmin(low, a[i]), high = fmax(high, a[i]);
        printf("valid %zu mean %.6f min %.6f max %.6f\n", valid, valid ? sum / valid : NAN, low, high);
        free(a);
        return 0;
    }
    fprintf(stderr, "usage: nctool equal A B VAR... | mae A VAR B VAR | count A VAR VALUE | stats A VAR | set A VAR INDEX VALUE | del-att A VAR ATT\n");
    return 2;
}
