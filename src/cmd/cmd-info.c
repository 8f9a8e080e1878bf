/* cmd-info.c — `drytex info FILE...`: what drytex sees in a file. */
#include <getopt.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell_print.h"
#include "cftime.h"
#include "cmd.h"
#include "field.h"
#include "grid.h"
#include "ncfile.h"
#include "series.h"
#include "series_point.h"
#include "smvar.h"

static const char help_text[] =
    "Prints, for every gridded variable of each file: its type, dimensions, units and fill value,\n"
    "the grid (regular lat/lon or EASE-Grid 2.0) and CRS, the time range and step, the layers,\n"
    "and how many cells of the first map hold a value; which variable is the soil moisture, what its\n"
    "units mean, and what is masked in it and why (fill, valid range, the product's quality flag).\n\n"
    "Options:\n"
    "  -v, --variable NAME   only this variable (a name or Group/name)\n"
    "  -l, --layer N         report the values of layer N (1 = top; default 1)\n"
    "      --keep-flagged    keep the soil-moisture values the product's quality flag marks\n"
    "An ISMN station (a .stm file, its directory, a download's zip or a part of it) or a date,sm CSV:\n"
    "where, which layer, the hourly values kept and the daily means.\n"
    CMD_STATION_HELP;

static const char *type_name(nc_type type)
{
    switch (type) {
    case NC_BYTE: return "byte";
    case NC_UBYTE: return "ubyte";
    case NC_CHAR: return "char";
    case NC_SHORT: return "short";
    case NC_USHORT: return "ushort";
    case NC_INT: return "int";
    case NC_UINT: return "uint";
    case NC_INT64: return "int64";
    case NC_UINT64: return "uint64";
    case NC_FLOAT: return "float";
    case NC_DOUBLE: return "double";
    case NC_STRING: return "string";
    }
    return "compound";
}

static void print_date(long epoch_day)
{
    int year, month, day;
    calendar_civil_from_days(epoch_day, &year, &month, &day);
    printf("%04d-%02d-%02d", year, month, day);
}

static void print_time(const field *f)
{
    printf("    time: ");
    if (!f->epoch_days) {
        printf("%zu step%s, no dates (no CF time units and no date in the file name)\n", f->ntime,
               f->ntime == 1 ? "" : "s");
        return;
    }
    printf("%zu step%s, ", f->ntime, f->ntime == 1 ? "" : "s");
    print_date(f->epoch_days[0]);
    if (f->ntime > 1) {
        printf(" … ");
        print_date(f->epoch_days[f->ntime - 1]);
        double step = (double)(f->epoch_days[f->ntime - 1] - f->epoch_days[0]) / (double)(f->ntime - 1);
        if (f->time_values && f->ntime > 1) {
            cf_time_units units;
            if (cftime_parse_units(f->time_units, f->calendar[0] ? f->calendar : NULL, &units, NULL) == DT_OK)
                step = (f->time_values[f->ntime - 1] - f->time_values[0]) * units.seconds_per_unit /
                       86400.0 / (double)(f->ntime - 1);
        }
        if (fabs(step - 1.0) < 1e-6) printf(", daily");
        else printf(", step %.4g days", step);
    }
    size_t sharing = 0, most = 1, run = 1, repeated = 0;
    for (size_t i = 1; i < f->ntime; i++) { /* what series_open averages or refuses, shown here too */
        run = f->epoch_days[i] == f->epoch_days[i - 1] ? run + 1 : 1;
        sharing += run > 1;
        most = run > most ? run : most;
        repeated += f->time_values && f->time_values[i] == f->time_values[i - 1];
    }
    if (sharing) printf(", sub-daily (up to %zu steps a day; read as daily means)", most);
    if (repeated) printf(", %zu repeated time value%s (refused when read)", repeated, repeated == 1 ? "" : "s");
    if (f->time_units[0])
        printf(" (%s, %s)", f->time_units, f->calendar[0] ? f->calendar : "standard");
    else
        printf(" (date from the file name)");
    printf("\n");
}

/* The soil-moisture variable's physically possible range (series.h), as the values are read. */
static void set_physical_range(field *f)
{
    double scale = 1.0;
    smvar_units kind = smvar_classify_units(f->units, f->long_name, f->standard_name, &scale);
    if (kind != SMVAR_NOT_SOIL_MOISTURE) f->range_max = f->extra_scale / scale; /* 1 m3 m-3, 100 %, … */
}

static const char *physical_range_text(const field *f)
{
    double scale = 1.0;
    smvar_units kind = smvar_classify_units(f->units, f->long_name, f->standard_name, &scale);
    if (kind == SMVAR_SATURATION) return scale == 1.0 ? "0 … 1 of saturation" : "0 … 100 % of saturation";
    return kind == SMVAR_VOLUMETRIC_PERCENT ? "0 … 100 % (0 … 1 m3 m-3)" : "0 … 1 m3 m-3";
}

/* Valid count and range of the first map, read a band of rows at a time (global 1 km maps do not
 * fit in memory whole). */
static void print_value_summary(field *f)
{
    size_t rows = grid_rows(f->grid), cols = grid_cols(f->grid), band = 256, valid = 0, flagged = 0, impossible = 0;
    float *map = dt_malloc(band * cols * sizeof *map);
    double low = INFINITY, high = -INFINITY, sum = 0.0;
    dt_error err;
    for (size_t row0 = 0; row0 < rows; row0 += band) {
        size_t nrows = row0 + band <= rows ? band : rows - row0;
        if (field_read(f, 0, 1, row0, nrows, 0, cols, map, &err) != DT_OK) {
            printf("    values: cannot be read: %s\n", err.text);
            free(map);
            return;
        }
        flagged += f->flagged;
        impossible += f->out_of_range;
        for (size_t i = 0; i < nrows * cols; i++) {
            if (isnan(map[i])) continue;
            valid++;
            sum += map[i];
            if (map[i] < low) low = map[i];
            if (map[i] > high) high = map[i];
        }
    }
    if (valid == 0)
        printf("    values: none valid in the first map (all fill)\n");
    else
        printf("    values: %zu of %zu cells valid in the first map, range %g … %g, mean %.5g\n", valid, rows * cols,
               low, high, sum / (double)valid);
    if (f->quality)
        printf("    flagged: %zu more cells hold a value the quality flag '%s' marks (%s), masked (--keep-flagged keeps them)\n",
               flagged, f->quality->variable, f->quality_bits ? "bit 0" : "≠ 0");
    if (f->range_max > 0)
        printf("    impossible: %zu more cells hold a value outside %s, masked (not used; the jobs and ingest "
               "count them in %s)\n", impossible, physical_range_text(f), SERIES_MASKED_ATTRIBUTE);
    free(map);
}

/* What is masked and why: CF fill and missing values, the valid range (packed or physical
 * units, CF §8.1), the product's quality flag. */
static void print_masks(const field *f)
{
    printf("    masked:");
    if (f->has_fill) printf(" _FillValue %g", f->fill);
    if (f->has_missing) printf(", missing_value %g", f->missing);
    if (f->has_valid_min || f->has_valid_max) {
        printf(", outside the valid range ");
        if (f->has_valid_min) printf("%g", f->valid_min); else printf("−∞");
        printf(" … ");
        if (f->has_valid_max) printf("%g", f->valid_max); else printf("∞");
        if (f->scale != 1.0 || f->offset != 0.0)
            printf(f->valid_physical ? " (physical units: its type is not the packed type)" : " (packed units)");
    }
    if (f->quality) printf(", quality flag '%s' %s", f->quality->variable, f->quality_bits ? "bit 0 set (not recommended)" : "≠ 0");
    if (f->range_max > 0) printf(", outside %s (physically impossible)", physical_range_text(f));
    printf("\n");
}

static void print_field(field *f)
{
    printf("  variable %s: %s(", f->variable, type_name(f->type));
    for (int d = 0; d < f->ndims; d++) printf("%s%s", d ? ", " : "", f->dim_name[d]);
    printf(")");
    if (f->units[0]) printf(", units \"%s\"", f->units);
    if (f->has_fill) printf(", fill %g", f->fill);
    if (f->has_missing) printf(", missing %g", f->missing);
    if (f->scale != 1.0 || f->offset != 0.0) printf(", scale_factor %g, add_offset %g", f->scale, f->offset);
    if (f->extra_scale != 1.0) printf(", read ×%g (units say so)", f->extra_scale);
    printf("\n");
    if (f->long_name[0]) printf("    long_name: %s\n", f->long_name);
    print_masks(f);
    char description[256];
    printf("    grid: %s\n", grid_describe(f->grid, description, sizeof description));
    printf("    crs: %s\n", grid_crs_wkt_or_proj(f->grid));
    print_time(f);
    if (f->nlayer > 1) printf("    layers: %zu along '%s' (reading layer %zu)\n", f->nlayer, f->layer_name, f->layer + 1);
    else printf("    layers: none\n");
    print_value_summary(f);
}

/* Every variable with two or more dimensions that is not a coordinate, in every group. */
static void collect_variables(int group, const char *prefix, char ***names, size_t *count)
{
    int nvars = 0;
    nc_inq_varids(group, &nvars, NULL);
    int *varids = dt_malloc((size_t)(nvars > 0 ? nvars : 1) * sizeof *varids); /* heap: counts are the file's */
    if (nc_inq_varids(group, &nvars, varids) != NC_NOERR) nvars = 0;
    for (int i = 0; i < nvars; i++) {
        char name[NC_MAX_NAME + 1];
        int ndims = 0, dims[NC_MAX_VAR_DIMS];
        if (nc_inq_varname(group, varids[i], name) != NC_NOERR || nc_inq_varndims(group, varids[i], &ndims) != NC_NOERR ||
            ndims < 2 || ndims > NC_MAX_VAR_DIMS)
            continue;
        nc_inq_vardimid(group, varids[i], dims);
        char first_dim[NC_MAX_NAME + 1];
        nc_inq_dimname(group, dims[0], first_dim);
        if (strcmp(first_dim, name) == 0) continue;
        *names = dt_realloc(*names, (*count + 1) * sizeof **names);
        size_t length = strlen(prefix) + strlen(name) + 2;
        char *full = dt_malloc(length);
        snprintf(full, length, "%s%s%s", prefix, *prefix ? "/" : "", name);
        (*names)[(*count)++] = full;
    }
    free(varids);
    int ngroups = 0;
    nc_inq_grps(group, &ngroups, NULL);
    int *groups = dt_malloc((size_t)(ngroups > 0 ? ngroups : 1) * sizeof *groups);
    if (nc_inq_grps(group, &ngroups, groups) != NC_NOERR) ngroups = 0;
    for (int i = 0; i < ngroups; i++) {
        char name[NC_MAX_NAME + 1], path[1024];
        nc_inq_grpname(groups[i], name);
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "/" : "", name);
        collect_variables(groups[i], path, names, count);
    }
    free(groups);
}

static void print_dimensions(int ncid)
{
    int ndims = 0;
    nc_inq_dimids(ncid, &ndims, NULL, 1);
    int *dims = dt_malloc((size_t)(ndims > 0 ? ndims : 1) * sizeof *dims); /* heap: 2 294 014 overflowed the stack */
    if (nc_inq_dimids(ncid, &ndims, dims, 1) != NC_NOERR) ndims = 0;
    printf("  dimensions:");
    for (int i = 0; i < ndims; i++) {
        char name[NC_MAX_NAME + 1];
        size_t length;
        nc_inq_dim(ncid, dims[i], name, &length);
        printf("%s %s = %zu", i ? "," : "", name, length);
    }
    free(dims);
    printf("\n");
}

/* Which variable drytex takes as the soil moisture, and what its units mean (smvar.h). */
static char *print_soil_moisture(int ncid, const char *path, const char *only_variable)
{
    char *name = NULL;
    dt_error err;
    if (only_variable) name = dt_strdup(only_variable);
    else if (smvar_choose(ncid, path, &name, &err) != DT_OK) {
        const char *reason = strstr(err.text, path) == err.text ? err.text + strlen(path) + 2 : err.text;
        printf("  soil moisture: %s\n", reason);
        return NULL;
    }
    int group, varid;
    char units[96] = "", long_name[256] = "", standard_name[128] = "";
    if (ncfile_find_variable(ncid, name, &group, &varid) == DT_OK) {
        ncfile_text_attribute(group, varid, "units", units, sizeof units);
        ncfile_text_attribute(group, varid, "long_name", long_name, sizeof long_name);
        ncfile_text_attribute(group, varid, "standard_name", standard_name, sizeof standard_name);
        double scale;
        smvar_units kind = smvar_classify_units(units, long_name, standard_name, &scale);
        printf("  soil moisture: %s, units \"%s\": %s\n", name, units, smvar_units_description(kind));
    }
    return name;
}

/* An ISMN station or a date,sm CSV: where, which layer and sensor, and its daily means. */
static int info_point(const char *path, const ismn_options *station)
{
    field_options options;
    field_default_options(&options);
    options.soil_moisture = 1;
    options.station = *station;
    series_source *source;
    dt_error err;
    char *const paths[1] = {(char *)path};
    if (series_open(&source, paths, 1, &options, &err) != DT_OK) return cmd_fail(&err);
    printf("%s: a point series at latitude %.4f, longitude %.4f\n", path, source->point_lat, source->point_lon);
    cell_print_point(stdout, source);
    if (source->has_station_texture)
        printf("static variables: sand %.1f, clay %.1f, organic carbon %.2f %% weight (HWSD, 0–0.30 m)\n",
               source->station_sand, source->station_clay, source->station_soc);
    series_close(source);
    return EXIT_OK;
}

static int info_file(const char *path, const char *only_variable, size_t layer, int keep_flagged,
                     const ismn_options *station)
{
    if (series_point_is_path(path)) return info_point(path, station);
    dt_error err;
    int ncid;
    if (ncfile_open(path, &ncid, &err) != DT_OK) return cmd_fail(&err);
    printf("%s: %s\n", path, ncfile_format_name(ncid));
    print_dimensions(ncid);
    char *soil_moisture = print_soil_moisture(ncid, path, only_variable);
    char **names = NULL;
    size_t count = 0;
    if (only_variable) {
        names = dt_malloc(sizeof *names);
        names[count++] = dt_strdup(only_variable);
    } else {
        collect_variables(ncid, "", &names, &count);
    }
    ncfile_close(ncid);
    int status = EXIT_OK, shown = 0;
    for (size_t i = 0; i < count; i++) {
        field_options options;
        field_default_options(&options);
        options.variable = names[i];
        options.layer = layer;
        options.soil_moisture = soil_moisture && strcmp(soil_moisture, names[i]) == 0; /* its quality flag */
        options.keep_flagged = keep_flagged;
        field *f;
        if (field_open(&f, path, &options, &err) == DT_OK) {
            if (options.soil_moisture) set_physical_range(f);
            print_field(f);
            field_close(f);
            shown++;
        } else if (only_variable) {
            status = cmd_fail(&err);
        } else {
            printf("  variable %s: not gridded: %s\n", names[i], err.text);
        }
        free(names[i]);
    }
    free(names);
    free(soil_moisture);
    if (!only_variable && shown == 0) {
        fprintf(stderr, "drytex: %s: no gridded variable found\n", path);
        status = EXIT_RUNTIME;
    }
    return status;
}

int cmd_info(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"variable", required_argument, NULL, 'v'}, {"layer", required_argument, NULL, 'l'},
        {"keep-flagged", no_argument, NULL, 'K'}, CMD_STATION_LONG_OPTIONS,
        {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    const char *variable = NULL;
    int keep_flagged = 0;
    ismn_options station;
    ismn_default_options(&station);
    size_t layer = 1;
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "v:l:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'v': variable = optarg; break;
        case 'K': keep_flagged = 1; break;
        case CMD_OPTION_DEPTH: case CMD_OPTION_FLAGS: case CMD_OPTION_MIN_HOURS:
            if (cmd_station_option("info", option, optarg, &station) != 1) return EXIT_USAGE;
            break;
        case 'l':
            if (cmd_parse_size(optarg, &layer) != DT_OK || layer == 0)
                return cmd_usage_error("info", "--layer: '%s' is not a layer number (1, 2, …)", optarg);
            break;
        case 'h': cmd_print_help("info", help_text); return EXIT_OK;
        case 'V': cmd_print_version(); return EXIT_OK;
        default: return cmd_usage_error("info", "unknown option");
        }
    }
    if (optind >= argc) return cmd_usage_error("info", "no file given");
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        int file_status = info_file(argv[i], variable, layer - 1, keep_flagged, &station);
        if (file_status > status) status = file_status;
    }
    return status;
}
