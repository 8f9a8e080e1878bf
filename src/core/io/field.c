/* field.c — one gridded netCDF variable: its grid, time axis, layers and CF unpacking.
 * Coordinates are recognised as the CF conventions 1.8 §4 describe: by units
 * (degrees_north/degrees_east, "X since DATE"), standard_name or axis, never by name alone. */
#include "field.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cftime.h"
#include "field_values.h"
#include "ncfile.h"
#include "smvar.h"

void field_default_options(field_options *options)
{
    options->variable = NULL;
    options->layer = 0;
    options->extra_scale = 0.0;
    options->checked = 0;
    options->soil_moisture = 0;
    options->keep_flagged = 0;
    options->volumetric_only = 0;
    options->porosity = 0.0;
    options->porosity_file = NULL;
    ismn_default_options(&options->station);
    options->min_steps_per_day = 0;
    options->range_max = 0.0;
}

/* ---- coordinate recognition ------------------------------------------------------------- */

typedef enum { COORD_NONE, COORD_LAT, COORD_LON, COORD_TIME, COORD_PROJ_Y, COORD_PROJ_X, COORD_LAYER } coord_kind;

static int text_in(const char *text, const char *const *choices)
{
    for (; *choices; choices++)
        if (ncfile_same_text(text, *choices)) return 1;
    return 0;
}

static coord_kind classify_coordinate(int group, int varid)
{
    static const char *const north[] = {"degrees_north", "degree_north", "degree_N", "degrees_N",
                                        "degreeN", "degreesN", NULL};
    static const char *const east[] = {"degrees_east", "degree_east", "degree_E", "degrees_E",
                                       "degreeE", "degreesE", NULL};
    static const char *const metres[] = {"m", "meter", "meters", "metre", "metres", "km", NULL};
    char units[96] = "", standard[96] = "", axis[16] = "";
    ncfile_text_attribute(group, varid, "units", units, sizeof units);
    ncfile_text_attribute(group, varid, "standard_name", standard, sizeof standard);
    ncfile_text_attribute(group, varid, "axis", axis, sizeof axis);
    if (text_in(units, north) || ncfile_same_text(standard, "latitude")) return COORD_LAT;
    if (text_in(units, east) || ncfile_same_text(standard, "longitude")) return COORD_LON;
    if (strstr(units, " since ") || ncfile_same_text(standard, "time") || ncfile_same_text(axis, "T"))
        return COORD_TIME;
    if (ncfile_same_text(standard, "projection_y_coordinate") ||
        (ncfile_same_text(axis, "Y") && text_in(units, metres)))
        return COORD_PROJ_Y;
    if (ncfile_same_text(standard, "projection_x_coordinate") ||
        (ncfile_same_text(axis, "X") && text_in(units, metres)))
        return COORD_PROJ_X;
    return COORD_LAYER;
}

/* The coordinate variable of dimension dimid: a 1-D variable with the dimension's name. */
static int coordinate_variable(int group, int dimid, int *coord_group, int *coord_varid)
{
    char name[NC_MAX_NAME + 1];
    if (nc_inq_dimname(group, dimid, name) != NC_NOERR) return DT_ERR_MISSING;
    for (int g = group;;) {
        int varid, ndims, dims[NC_MAX_VAR_DIMS];
        if (nc_inq_varid(g, name, &varid) == NC_NOERR &&
            nc_inq_varndims(g, varid, &ndims) == NC_NOERR && ndims == 1 &&
            nc_inq_vardimid(g, varid, dims) == NC_NOERR && dims[0] == dimid) {
            *coord_group = g;
            *coord_varid = varid;
            return DT_OK;
        }
        int parent;
        if (nc_inq_grp_parent(g, &parent) != NC_NOERR) break;
        g = parent;
    }
    return DT_ERR_MISSING;
}

static int read_coordinate(int group, int varid, size_t length, double **values)
{
    *values = dt_malloc(length * sizeof **values);
    if (nc_get_var_double(group, varid, *values) != NC_NOERR) {
        free(*values);
        *values = NULL;
        return DT_ERR_FORMAT;
    }
    double scale = 1.0, offset = 0.0;
    ncfile_number_attribute(group, varid, "scale_factor", &scale);
    ncfile_number_attribute(group, varid, "add_offset", &offset);
    for (size_t i = 0; i < length; i++) (*values)[i] = (*values)[i] * scale + offset;
    return DT_OK;
}

/* ---- opening ---------------------------------------------------------------------------- */

static int first_gridded_variable(field *f, dt_error *err)
{
    int nvars = 0;
    nc_inq_nvars(f->ncid, &nvars);
    for (int varid = 0; varid < nvars; varid++) {
        int ndims, dims[NC_MAX_VAR_DIMS];
        nc_type type;
        char name[NC_MAX_NAME + 1];
        nc_inq_var(f->ncid, varid, name, &type, &ndims, dims, NULL);
        if (ndims < 2 || type == NC_CHAR || type == NC_STRING) continue;
        int is_coordinate = 0;
        for (int d = 0; d < ndims; d++) {
            char dimname[NC_MAX_NAME + 1];
            nc_inq_dimname(f->ncid, dims[d], dimname);
            if (strcmp(dimname, name) == 0) is_coordinate = 1;
        }
        char standard[64] = "";
        ncfile_text_attribute(f->ncid, varid, "standard_name", standard, sizeof standard);
        if (is_coordinate || ncfile_same_text(standard, "latitude") ||
            ncfile_same_text(standard, "longitude"))
            continue;
        f->group = f->ncid;
        f->varid = varid;
        f->variable = dt_strdup(name);
        return DT_OK;
    }
    return dt_error_set(err, DT_ERR_MISSING, "%s: no gridded data variable (give one by name)", f->path);
}

static int find_variable(field *f, const field_options *options, dt_error *err)
{
    const char *name = options->variable;
    if (!name && options->soil_moisture) {
        char *chosen;
        int status = smvar_choose(f->ncid, f->path, &chosen, err);
        if (status != DT_OK) return status;
        status = ncfile_find_variable(f->ncid, chosen, &f->group, &f->varid);
        f->variable = chosen;
        return status == DT_OK ? DT_OK : dt_error_set(err, DT_ERR_MISSING, "%s: %s: no such variable", f->path, chosen);
    }
    if (!name) return first_gridded_variable(f, err);
    if (ncfile_find_variable(f->ncid, name, &f->group, &f->varid) != DT_OK)
        return dt_error_set(err, DT_ERR_MISSING, "%s: %s: no such variable", f->path, name);
    f->variable = dt_strdup(name);
    return DT_OK;
}

static int setup_time(field *f, int coord_group, int coord_varid, size_t length, dt_error *err)
{
    cf_time_units units;
    ncfile_text_attribute(coord_group, coord_varid, "units", f->time_units, sizeof f->time_units);
    ncfile_text_attribute(coord_group, coord_varid, "calendar", f->calendar, sizeof f->calendar);
    if (cftime_parse_units(f->time_units, f->calendar[0] ? f->calendar : NULL, &units, err) != DT_OK)
        return dt_error_prefix(err, f->path);
    if (read_coordinate(coord_group, coord_varid, length, &f->time_values) != DT_OK)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: time: cannot read the time coordinate", f->path);
    f->epoch_days = dt_malloc(length * sizeof *f->epoch_days);
    for (size_t i = 0; i < length; i++) {
        if (!isfinite(f->time_values[i]) ||
            cftime_to_epoch_day(&units, f->time_values[i], &f->epoch_days[i]) != DT_OK)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: time: value %g cannot be converted with '%s'",
                                f->path, f->time_values[i], f->time_units);
    }
    return DT_OK;
}

/* Without a time dimension: a scalar time variable, else a date in the file name. */
static void setup_single_time(field *f)
{
    int varid;
    f->ntime = 1;
    free(f->time_values);
    f->time_values = NULL;
    if (nc_inq_varid(f->ncid, "time", &varid) == NC_NOERR) {
        int ndims = 0;
        nc_inq_varndims(f->ncid, varid, &ndims);
        dt_error ignored;
        if (ndims == 0 && setup_time(f, f->ncid, varid, 1, &ignored) == DT_OK) return;
        free(f->time_values);
        free(f->epoch_days);
        f->time_values = NULL;
        f->epoch_days = NULL;
    }
    long day;
    if (cftime_date_from_filename(f->path, &day) == DT_OK) {
        f->epoch_days = dt_malloc(sizeof *f->epoch_days);
        f->epoch_days[0] = day;
    }
}

typedef struct {
    double *lat, *lon, *y, *x;
    size_t nlat, nlon, ny, nx;
} grid_coordinates;

/* The role a coordinate of this kind gives its dimension (DIM_OTHER for a layer or none). */
static field_dim_role role_of(coord_kind kind)
{
    switch (kind) {
    case COORD_LAT: case COORD_PROJ_Y: return DIM_Y;
    case COORD_LON: case COORD_PROJ_X: return DIM_X;
    case COORD_TIME: return DIM_TIME;
    default: return DIM_OTHER;
    }
}

static const char *role_name(coord_kind kind)
{
    field_dim_role role = role_of(kind);
    return role == DIM_Y ? "y (latitude)" : role == DIM_X ? "x (longitude)" : "time";
}

/* The earlier dimension of f's variable that already has the time, y or x role a coordinate of this
 * kind would give dimension d, or −1. */
static int role_repeated(const field *f, int d, coord_kind kind)
{
    field_dim_role role = role_of(kind);
    if (role == DIM_OTHER) return -1;
    for (int e = 0; e < d; e++)
        if (f->dim_role[e] == role) return e;
    return -1;
}

static int classify_dimensions(field *f, grid_coordinates *c, dt_error *err)
{
    int dims[NC_MAX_VAR_DIMS];
    nc_inq_varndims(f->group, f->varid, &f->ndims);
    if (f->ndims > FIELD_MAX_DIMS)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: %d dimensions (at most %d supported)",
                            f->path, f->variable, f->ndims, FIELD_MAX_DIMS);
    nc_inq_vardimid(f->group, f->varid, dims);
    for (int d = 0; d < f->ndims; d++) {
        nc_inq_dim(f->group, dims[d], f->dim_name[d], &f->dim_length[d]);
        if (f->dim_length[d] == 0) /* a 0-record time axis has no value to read (its "date" was garbage) */
            return dt_error_set(err, DT_ERR_NODATA, "%s: %s: dimension '%s' has length 0 (no %s)", f->path,
                                f->variable, f->dim_name[d], d == 0 ? "time step or record" : "value");
        int cg, cv;
        coord_kind kind = COORD_NONE;
        if (coordinate_variable(f->group, dims[d], &cg, &cv) == DT_OK) kind = classify_coordinate(cg, cv);
        int repeated = role_repeated(f, d, kind);
        if (repeated >= 0) /* one axis twice (a fuzzed flag(time, lat, time)): no field of it can be read */
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: dimensions '%s' and '%s' are both its %s axis", f->path,
                                f->variable, f->dim_name[repeated], f->dim_name[d], role_name(kind));
        f->dim_role[d] = DIM_OTHER;
        size_t n = f->dim_length[d];
        int status = DT_OK;
        switch (kind) {
        case COORD_LAT: f->dim_role[d] = DIM_Y; c->nlat = n; status = read_coordinate(cg, cv, n, &c->lat); break;
        case COORD_LON: f->dim_role[d] = DIM_X; c->nlon = n; status = read_coordinate(cg, cv, n, &c->lon); break;
        case COORD_PROJ_Y: f->dim_role[d] = DIM_Y; c->ny = n; status = read_coordinate(cg, cv, n, &c->y); break;
        case COORD_PROJ_X: f->dim_role[d] = DIM_X; c->nx = n; status = read_coordinate(cg, cv, n, &c->x); break;
        case COORD_TIME:
            f->dim_role[d] = DIM_TIME;
            f->ntime = n;
            status = setup_time(f, cg, cv, n, err);
            if (status != DT_OK) return status;
            break;
        case COORD_LAYER: f->dim_role[d] = DIM_LAYER; break;
        case COORD_NONE:
            if (ncfile_same_text(f->dim_name[d], "time")) { /* a time dimension without values */
                f->dim_role[d] = DIM_TIME;
                f->ntime = n;
            }
            break;
        }
        if (status != DT_OK)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: cannot read coordinate '%s'", f->path,
                                f->variable, f->dim_name[d]);
    }
    return DT_OK;
}

/* Dimensions without coordinate variables: the last two unclassified dimensions may form a
 * global EASE-Grid 2.0 (e.g. SMAP L3: 406 × 964 with phony dimension names). */
static int ease2_from_shape(field *f, dt_error *err)
{
    int y = -1, x = -1;
    for (int d = 0; d < f->ndims; d++)
        if (f->dim_role[d] == DIM_OTHER) { y = x; x = d; }
    ease2_resolution resolution;
    if (y < 0 || !grid_detect_ease2(f->dim_length[y], f->dim_length[x], &resolution))
        return dt_error_set(err, DT_ERR_FORMAT,
                            "%s: %s: no usable coordinates (need CF latitude/longitude, projected "
                            "x/y, or a global EASE-Grid 2.0 shape)", f->path, f->variable);
    f->dim_role[y] = DIM_Y;
    f->dim_role[x] = DIM_X;
    return grid_new_ease2(&f->grid, resolution, err);
}

static int build_grid(field *f, grid_coordinates *c, dt_error *err)
{
    int status;
    if (c->lat && c->lon) {
        status = grid_new_latlon_from_coords(&f->grid, c->lat, c->nlat, c->lon, c->nlon, err);
    } else if (c->y && c->x) {
        status = grid_ease2_from_xy(&f->grid, c->x, c->nx, c->y, c->ny, err);
    } else if (c->lat || c->lon || c->y || c->x) {
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: has %s but no matching %s coordinate",
                            f->path, f->variable, c->lat || c->y ? "a y/latitude" : "an x/longitude",
                            c->lat || c->y ? "x/longitude" : "y/latitude");
    } else {
        return ease2_from_shape(f, err);
    }
    return status == DT_OK ? DT_OK : dt_error_prefix(err, f->path);
}

static void setup_layers(field *f)
{
    f->nlayer = 1;
    for (int d = 0; d < f->ndims; d++) {
        if (f->dim_role[d] == DIM_OTHER && f->dim_length[d] > 1) f->dim_role[d] = DIM_LAYER;
        if (f->dim_role[d] == DIM_LAYER && f->nlayer == 1) {
            f->nlayer = f->dim_length[d];
            snprintf(f->layer_name, sizeof f->layer_name, "%s", f->dim_name[d]);
        } else if (f->dim_role[d] == DIM_LAYER) {
            f->dim_role[d] = DIM_OTHER; /* a second layer-like dimension: index 0 */
        }
    }
}

static void read_packing(field *f)
{
    int g = f->group, v = f->varid;
    nc_type type;
    nc_inq_vartype(g, v, &type);
    f->type = type;
    f->scale = 1.0;
    f->offset = 0.0;
    ncfile_number_attribute(g, v, "scale_factor", &f->scale);
    ncfile_number_attribute(g, v, "add_offset", &f->offset);
    f->has_fill = ncfile_number_attribute(g, v, "_FillValue", &f->fill) == DT_OK;
    f->has_missing = ncfile_number_attribute(g, v, "missing_value", &f->missing) == DT_OK;
    f->has_valid_min = ncfile_number_attribute(g, v, "valid_min", &f->valid_min) == DT_OK;
    f->has_valid_max = ncfile_number_attribute(g, v, "valid_max", &f->valid_max) == DT_OK;
    double range[2];
    size_t length = 0;
    nc_type range_type = NC_NAT;
    if (nc_inq_attlen(g, v, "valid_range", &length) == NC_NOERR && length == 2 &&
        nc_get_att_double(g, v, "valid_range", range) == NC_NOERR) {
        f->has_valid_min = f->has_valid_max = 1;
        f->valid_min = range[0];
        f->valid_max = range[1];
        nc_inq_atttype(g, v, "valid_range", &range_type);
    } else if (nc_inq_atttype(g, v, "valid_min", &range_type) != NC_NOERR) {
        nc_inq_atttype(g, v, "valid_max", &range_type);
    }
    /* CF §8.1 and the NetCDF User Guide: valid_range/min/max are in packed units, of the packed
     * type; a packed variable whose range has another type (ESA CCI v02: short sm, float
     * valid_range 0…1 beside a float scale_factor) states it in physical units, as CDO and xarray
     * read it. */
    nc_type scale_type = NC_NAT;
    int packed = nc_inq_atttype(g, v, "scale_factor", &scale_type) == NC_NOERR ||
                 nc_inq_atttype(g, v, "add_offset", &scale_type) == NC_NOERR;
    f->valid_physical = packed && range_type != NC_NAT && range_type != type;
    if (!f->has_fill) { /* netCDF's default fill marks never-written values */
        f->has_fill = 1;
        switch (type) {
        case NC_BYTE: f->fill = NC_FILL_BYTE; break;
        case NC_UBYTE: f->fill = NC_FILL_UBYTE; break;
        case NC_SHORT: f->fill = NC_FILL_SHORT; break;
        case NC_USHORT: f->fill = NC_FILL_USHORT; break;
        case NC_INT: f->fill = NC_FILL_INT; break;
        case NC_UINT: f->fill = NC_FILL_UINT; break;
        case NC_DOUBLE: f->fill = NC_FILL_DOUBLE; break;
        default: f->fill = NC_FILL_FLOAT; break;
        }
    }
    ncfile_text_attribute(g, v, "units", f->units, sizeof f->units);
    ncfile_text_attribute(g, v, "long_name", f->long_name, sizeof f->long_name);
    ncfile_text_attribute(g, v, "standard_name", f->standard_name, sizeof f->standard_name);
}

/* Organic carbon stored as hundredths of a percent (GSDE) says so in its units. */
static double scale_from_units(const char *units)
{
    static const char *const hundredths[] = {"0.01 %", "0.01%", "% x 100", "%x100", "percent x 100",
                                             "0.01 percent", "0.01 % of weight", NULL};
    for (const char *const *u = hundredths; *u; u++)
        if (strstr(units, *u)) return 0.01;
    return 1.0;
}

/* A grid or time axis larger than drytex can hold is refused by name and size here, before any map
 * or series of it is allocated (a 14 KB file declaring 100 000 × 100 000 cells asked for 40 GB). */
static int check_size(const field *f, dt_error *err)
{
    size_t rows = grid_rows(f->grid), cols = grid_cols(f->grid);
    if (rows > FIELD_MAX_CELLS / (cols ? cols : 1))
        return dt_error_set(err, DT_ERR_VALUE, "%s: %s: a %zu × %zu grid (%.3g cells, %.3g GB a map) is larger than "
                            "drytex takes (%zu cells)", f->path, f->variable, rows, cols, (double)rows * (double)cols,
                            (double)rows * (double)cols * 4e-9, FIELD_MAX_CELLS);
    if (f->ntime > FIELD_MAX_STEPS)
        return dt_error_set(err, DT_ERR_VALUE, "%s: %s: %zu time steps are more than drytex takes (%zu)", f->path,
                            f->variable, f->ntime, FIELD_MAX_STEPS);
    return DT_OK;
}

/* The product's quality flag beside the soil moisture (same group, same dimensions, CF flags):
 *  ESA CCI `flag` (flag_values): 0 = no inconsistency detected; 1 snow or frozen soil, 2 dense
 *    vegetation, 4 no convergence, 8 beyond the physical range, 16 weight of measurement below
 *    threshold and their sums (ESA CCI SM Product User Guide v05.2 §5): every value ≠ 0 masks;
 *  SMAP L3 `retrieval_qual_flag` (`_pm` beside soil_moisture_pm; flag_masks): bit 0 set = the
 *    retrieval is not of recommended quality (SPL3SMP Product Specification, data field
 *    retrieval_qual_flag): that bit masks. */
static int open_field(field **out, const char *path, int ncid, const field_options *options, dt_error *err);

static int open_quality_flag(field *f, dt_error *err)
{
    const char *base = strrchr(f->variable, '/');
    base = base ? base + 1 : f->variable;
    size_t length = strlen(base);
    int pm = length > 3 && strcmp(base + length - 3, "_pm") == 0;
    static const struct { const char *name, *attribute; unsigned bits; } flags[] = {
        {"flag", "flag_values", 0}, {"retrieval_qual_flag", "flag_masks", 1}, {"retrieval_qual_flag_pm", "flag_masks", 1}};
    for (size_t k = 0; k < sizeof flags / sizeof *flags; k++) {
        int varid, ndims, dims[NC_MAX_VAR_DIMS], sm_dims[NC_MAX_VAR_DIMS], same = 1;
        nc_type type;
        size_t count;
        if (k > 0 && pm != (k == 2)) continue;
        if (nc_inq_varid(f->group, flags[k].name, &varid) != NC_NOERR || varid == f->varid) continue;
        if (nc_inq_varndims(f->group, varid, &ndims) != NC_NOERR || ndims != f->ndims) continue;
        if (nc_inq_att(f->group, varid, flags[k].attribute, &type, &count) != NC_NOERR) continue;
        nc_inq_vardimid(f->group, varid, dims);
        nc_inq_vardimid(f->group, f->varid, sm_dims);
        for (int d = 0; d < ndims; d++) same &= dims[d] == sm_dims[d];
        if (!same) continue;
        char name[NC_MAX_NAME * 2 + 2];
        snprintf(name, sizeof name, "%.*s%s", (int)(base - f->variable), f->variable, flags[k].name);
        field_options options;
        field_default_options(&options);
        options.variable = name;
        f->quality_bits = flags[k].bits;
        return open_field(&f->quality, f->path, f->ncid, &options, err); /* the file already open: no second open */
    }
    return DT_OK;
}

/* Opens path, or (ncid ≥ 0) uses that open file without owning it: a quality flag beside its variable. */
static int open_field(field **out, const char *path, int ncid, const field_options *options, dt_error *err)
{
    field_options defaults;
    if (!options) {
        field_default_options(&defaults);
        options = &defaults;
    }
    field *f = dt_calloc(1, sizeof *f);
    f->path = dt_strdup(path);
    f->ncid = -1;
    grid_coordinates coords = {0};
    int status = ncid >= 0 ? (f->ncid = ncid, DT_OK) : ncfile_open_flags(path, options->checked ? NCFILE_CHECKED : 0, &f->ncid, err);
    if (status == DT_OK) status = find_variable(f, options, err);
    if (status == DT_OK) status = classify_dimensions(f, &coords, err);
    if (status == DT_OK) status = build_grid(f, &coords, err);
    if (status == DT_OK) status = check_size(f, err);
    free(coords.lat);
    free(coords.lon);
    free(coords.y);
    free(coords.x);
    if (status == DT_OK) {
        if (!f->epoch_days && f->ntime <= 1) setup_single_time(f);
        setup_layers(f);
        read_packing(f);
        f->layer = options->layer;
        f->extra_scale = options->extra_scale != 0.0 ? options->extra_scale : scale_from_units(f->units);
        f->range_max = options->range_max;
        if (f->layer >= f->nlayer)
            status = dt_error_set(err, DT_ERR_USAGE, "%s: %s: layer %zu asked, the variable has %zu",
                                  path, f->variable, f->layer + 1, f->nlayer);
        if (status == DT_OK && options->soil_moisture && !options->keep_flagged) status = open_quality_flag(f, err);
    }
    if (status != DT_OK) {
        if (ncid >= 0) f->ncid = -1; /* not its own */
        field_close(f);
        return status;
    }
    *out = f;
    return DT_OK;
}

int field_open(field **out, const char *path, const field_options *options, dt_error *err)
{
    return open_field(out, path, -1, options, err);
}

void field_close(field *f)
{
    if (!f) return;
    if (f->quality) f->quality->ncid = -1; /* the quality flag uses f's open file */
    if (f->ncid >= 0) ncfile_close(f->ncid);
    field_close(f->quality);
    grid_free(f->grid);
    free(f->epoch_days);
    free(f->time_values);
    free(f->variable);
    free(f->path);
    free(f);
}

size_t field_map_size(const field *f)
{
    return grid_rows(f->grid) * grid_cols(f->grid);
}

/* ---- reading ---------------------------------------------------------------------------- */

/* Values the quality flag marks (≠ 0) become NaN; a flag at its fill value marks nothing. */
static int mask_flagged(field *f, size_t t0, size_t nt, size_t row0, size_t nrows, size_t col0, size_t ncols,
                        float *out, dt_error *err)
{
    size_t total = nt * nrows * ncols;
    f->flagged = 0;
    if (!f->quality) return DT_OK;
    float *flag = dt_malloc(total * sizeof *flag);
    int status = field_read(f->quality, t0, nt, row0, nrows, col0, ncols, flag, err);
    for (size_t i = 0; status == DT_OK && i < total; i++)
        if (!isnan(flag[i]) && (f->quality_bits ? ((unsigned)flag[i] & f->quality_bits) != 0 : flag[i] != 0.0f) &&
            !isnan(out[i])) {
            out[i] = NAN;
            f->flagged++;
        }
    free(flag);
    return status;
}

int field_read(field *f, size_t t0, size_t nt, size_t row0, size_t nrows, size_t col0,
               size_t ncols, float *out, dt_error *err)
{
    f->flagged = f->out_of_range = 0;
    if (t0 + nt > f->ntime || row0 + nrows > grid_rows(f->grid) || col0 + ncols > grid_cols(f->grid))
        return dt_error_set(err, DT_ERR_USAGE, "%s: %s: read outside the variable (time %zu+%zu of %zu, "
                            "rows %zu+%zu, cols %zu+%zu)", f->path, f->variable, t0, nt, f->ntime,
                            row0, nrows, col0, ncols);
    size_t start[FIELD_MAX_DIMS], count[FIELD_MAX_DIMS];
    ptrdiff_t out_stride[FIELD_MAX_DIMS]; /* stride in out of each file dimension */
    size_t total = nt * nrows * ncols;
    for (int d = 0; d < f->ndims; d++) {
        switch (f->dim_role[d]) {
        case DIM_TIME: start[d] = t0; count[d] = nt; out_stride[d] = (ptrdiff_t)(nrows * ncols); break;
        case DIM_Y: start[d] = row0; count[d] = nrows; out_stride[d] = (ptrdiff_t)ncols; break;
        case DIM_X: start[d] = col0; count[d] = ncols; out_stride[d] = 1; break;
        case DIM_LAYER: start[d] = f->layer; count[d] = 1; out_stride[d] = 0; break;
        default: start[d] = 0; count[d] = 1; out_stride[d] = 0; break;
        }
    }
    if (total == 0) return DT_OK;
    /* netCDF delivers file order; when that is not [time][y][x], permute through a buffer. */
    int file_order_matches = 1;
    ptrdiff_t expected = 1;
    for (int d = f->ndims - 1; d >= 0; d--) {
        if (count[d] == 1) continue;
        if (out_stride[d] != expected) file_order_matches = 0;
        expected *= (ptrdiff_t)count[d];
    }
    float *buffer = file_order_matches ? out : dt_malloc(total * sizeof *buffer);
    int status = nc_get_vara_float(f->group, f->varid, start, count, buffer);
    if (status != NC_NOERR) {
        if (buffer != out) free(buffer);
        return ncfile_error(err, DT_ERR_IO, status, f->path, f->variable, "read failed");
    }
    if (buffer != out) {
        size_t index[FIELD_MAX_DIMS] = {0};
        for (size_t i = 0; i < total; i++) {
            ptrdiff_t target = 0;
            for (int d = 0; d < f->ndims; d++) target += (ptrdiff_t)index[d] * out_stride[d];
            out[target] = buffer[i];
            for (int d = f->ndims - 1; d >= 0; d--) {
                if (++index[d] < count[d]) break;
                index[d] = 0;
            }
        }
        free(buffer);
    }
    field_unpack(f, out, total);
    status = mask_flagged(f, t0, nt, row0, nrows, col0, ncols, out, err);
    if (status == DT_OK && f->range_max > 0) f->out_of_range = field_mask_outside(out, total, f->range_max);
    return status;
}
