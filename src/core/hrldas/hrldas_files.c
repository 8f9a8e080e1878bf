/* hrldas_files.c — HRLDAS's input files (see hrldas_files.h). The layouts follow what HRLDAS 5.2
 * reads (module_hrldas_netcdf_io.F: read_hrldas_hdrinfo, readland_hrldas, readinit_hrldas,
 * read_3d_soil, READFORC_HRLDAS): netCDF classic files, C dimension order (Time, [layer,]
 * south_north, west_east), which is Fortran's (west_east, south_north, …). */
#include "hrldas_files.h"

#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ncfile.h"

const double hrldas_layer_thickness[HRLDAS_LAYERS] = {0.10, 0.30, 0.60, 1.00};

/* A netCDF file being written: the first failure is kept, later calls do nothing. */
typedef struct {
    const char *path;
    int ncid, status, open;
    const char *what;        /* the variable or attribute of the failure */
} writer;

static void w_check(writer *w, int status, const char *what)
{
    if (w->status == NC_NOERR && status != NC_NOERR) w->status = status, w->what = what;
}

static int w_create(writer *w, const char *path)
{
    *w = (writer){.path = path};
    w_check(w, nc_create(path, NC_CLOBBER, &w->ncid), "cannot be created");
    w->open = w->status == NC_NOERR;
    return w->status;
}

static int w_def(writer *w, const char *name, nc_type type, int ndims, const int *dims, const char *description,
                 const char *units)
{
    int varid = -1;
    if (w->status != NC_NOERR) return -1;
    w_check(w, nc_def_var(w->ncid, name, type, ndims, dims, &varid), name);
    if (w->status == NC_NOERR && description)
        w_check(w, nc_put_att_text(w->ncid, varid, "description", strlen(description), description), name);
    if (w->status == NC_NOERR && units) w_check(w, nc_put_att_text(w->ncid, varid, "units", strlen(units), units), name);
    return varid;
}

static void w_text(writer *w, const char *name, const char *value)
{
    if (w->status == NC_NOERR) w_check(w, nc_put_att_text(w->ncid, NC_GLOBAL, name, strlen(value), value), name);
}

static void w_int_attribute(writer *w, const char *name, int value)
{
    if (w->status == NC_NOERR) w_check(w, nc_put_att_int(w->ncid, NC_GLOBAL, name, NC_INT, 1, &value), name);
}

static void w_float_attribute(writer *w, const char *name, float value)
{
    if (w->status == NC_NOERR) w_check(w, nc_put_att_float(w->ncid, NC_GLOBAL, name, NC_FLOAT, 1, &value), name);
}

/* The whole variable, one record along Time (nc_put_var would write the current record count:
 * none, in a new file). */
static void w_extent(writer *w, int varid, size_t *start, size_t *count, const char *name)
{
    int ndims, dims[NC_MAX_VAR_DIMS], unlimited = -1;
    w_check(w, nc_inq_varndims(w->ncid, varid, &ndims), name);
    w_check(w, nc_inq_vardimid(w->ncid, varid, dims), name);
    w_check(w, nc_inq_unlimdim(w->ncid, &unlimited), name);
    for (int k = 0; k < ndims && w->status == NC_NOERR; k++) {
        start[k] = 0;
        count[k] = 1;
        if (dims[k] != unlimited) w_check(w, nc_inq_dimlen(w->ncid, dims[k], &count[k]), name);
    }
}

static void w_put_float(writer *w, int varid, const float *values, const char *name)
{
    size_t start[NC_MAX_VAR_DIMS], count[NC_MAX_VAR_DIMS];
    if (w->status == NC_NOERR) w_extent(w, varid, start, count, name);
    if (w->status == NC_NOERR) w_check(w, nc_put_vara_float(w->ncid, varid, start, count, values), name);
}

static void w_put_int(writer *w, int varid, const int *values, const char *name)
{
    size_t start[NC_MAX_VAR_DIMS], count[NC_MAX_VAR_DIMS];
    if (w->status == NC_NOERR) w_extent(w, varid, start, count, name);
    if (w->status == NC_NOERR) w_check(w, nc_put_vara_int(w->ncid, varid, start, count, values), name);
}

static void w_enddef(writer *w)
{
    if (w->status == NC_NOERR) w_check(w, nc_enddef(w->ncid), "cannot be defined");
}

/* Closes the file; on failure removes it, so no half-written input is left for HRLDAS. */
static int w_finish(writer *w, dt_error *err)
{
    if (w->open) w_check(w, nc_close(w->ncid), "cannot be closed");
    if (w->status == NC_NOERR) return DT_OK;
    remove(w->path);
    return ncfile_error(err, DT_ERR_IO, w->status, w->path, NULL, w->what);
}

/* The 2-D map dimensions (Time, south_north, west_east) and the soil-layer dimension. */
static void w_dims(writer *w, size_t rows, size_t cols, int with_time, int *time, int *south_north, int *west_east,
                   int *layers)
{
    if (with_time) w_check(w, nc_def_dim(w->ncid, "Time", NC_UNLIMITED, time), "Time");
    w_check(w, nc_def_dim(w->ncid, "south_north", rows, south_north), "south_north");
    w_check(w, nc_def_dim(w->ncid, "west_east", cols, west_east), "west_east");
    if (layers) w_check(w, nc_def_dim(w->ncid, "soil_layers_stag", HRLDAS_LAYERS, layers), "soil_layers_stag");
}

/* ---- setup file -------------------------------------------------------------------------------- */

enum { SETUP_XLAT, SETUP_XLONG, SETUP_HGT, SETUP_TMN, SETUP_SEAICE, SETUP_SHDMAX, SETUP_SHDMIN, SETUP_LAI,
       SETUP_SNOW, SETUP_SNODEP, SETUP_CANWAT, SETUP_TSK, SETUP_FLOAT_COUNT };

static const struct { const char *name, *description, *units; } setup_floats[SETUP_FLOAT_COUNT] = {
    {"XLAT", "latitude", "degrees_north"},        {"XLONG", "longitude", "degrees_east"},
    {"HGT", "elevation", "m"},                    {"TMN", "soil temperature lower boundary", "K"},
    {"SEAICE", "sea ice fraction", "-"},          {"SHDMAX", "maximum annual vegetation cover", "%"},
    {"SHDMIN", "minimum annual vegetation cover", "%"}, {"LAI", "leaf area index", "m2/m2"},
    {"SNOW", "snow water equivalent", "mm"},      {"SNODEP", "snow depth", "m"},
    {"CANWAT", "canopy surface water", "mm"},     {"TSK", "surface skin temperature", "K"},
};

static void fill_floats(float *out, size_t n, float value)
{
    for (size_t i = 0; i < n; i++) out[i] = value;
}

int hrldas_write_setup(const char *path, const hrldas_domain *d, dt_error *err)
{
    size_t cells = d->rows * d->cols;
    if (cells == 0) return dt_error_set(err, DT_ERR_USAGE, "%s: an empty domain", path);
    writer w;
    int time, sn, we, layers, varid[SETUP_FLOAT_COUNT];
    w_create(&w, path);
    w_dims(&w, d->rows, d->cols, 1, &time, &sn, &we, &layers);
    int map[3] = {time, sn, we}, profile[2] = {time, layers}, volume[4] = {time, layers, sn, we};
    for (int k = 0; k < SETUP_FLOAT_COUNT; k++)
        varid[k] = w_def(&w, setup_floats[k].name, NC_FLOAT, 3, map, setup_floats[k].description, setup_floats[k].units);
    int xland = w_def(&w, "XLAND", NC_INT, 3, map, "land mask: 1=land/ice", "-");
    int ivgtyp = w_def(&w, "IVGTYP", NC_INT, 3, map, "vegetation type", "-");
    int isltyp = w_def(&w, "ISLTYP", NC_INT, 3, map, "soil texture type", "-");
    int dzs = w_def(&w, "DZS", NC_FLOAT, 2, profile, "soil layer thicknesses", "m");
    int zs = w_def(&w, "ZS", NC_FLOAT, 2, profile, "soil node depths", "m");
    int tslb = w_def(&w, "TSLB", NC_FLOAT, 4, volume, "soil temperature", "K");
    int smois = w_def(&w, "SMOIS", NC_FLOAT, 4, volume, "volumetric soil moisture", "m3/m3");
    w_int_attribute(&w, "GRID_ID", 1);
    w_int_attribute(&w, "ISWATER", HRLDAS_MODIS_WATER);
    w_int_attribute(&w, "ISLAKE", -1);
    w_int_attribute(&w, "ISURBAN", HRLDAS_MODIS_URBAN);
    w_int_attribute(&w, "ISICE", HRLDAS_MODIS_ICE);
    w_text(&w, "MMINLU", "MODIFIED_IGBP_MODIS_NOAH");
    w_float_attribute(&w, "DX", 0.0f);
    w_float_attribute(&w, "DY", 0.0f);
    w_float_attribute(&w, "TRUELAT1", 0.0f);
    w_float_attribute(&w, "TRUELAT2", 0.0f);
    w_float_attribute(&w, "STAND_LON", 0.0f);
    w_int_attribute(&w, "MAP_PROJ", 0);
    w_text(&w, "TITLE", "drytex: HRLDAS setup file (drytex simulate --engine hrldas)");
    w_enddef(&w);

    float *plane = dt_malloc(cells * HRLDAS_LAYERS * sizeof *plane);
    const float values[SETUP_FLOAT_COUNT] = {0, 0, 0.0f, 0, 0.0f, d->shdmax, d->shdmin, d->lai, 0.0f, 0.0f, 0.0f, 0};
    const float *given[SETUP_FLOAT_COUNT] = {[SETUP_XLAT] = d->lat, [SETUP_XLONG] = d->lon,
                                             [SETUP_TMN] = d->deep_temperature, [SETUP_TSK] = d->skin_temperature};
    for (int k = 0; k < SETUP_FLOAT_COUNT; k++) {
        const float *source = given[k];
        if (!source) fill_floats(plane, cells, values[k]);
        w_put_float(&w, varid[k], source ? source : plane, setup_floats[k].name);
    }
    int *classes = dt_malloc(cells * sizeof *classes);
    for (size_t i = 0; i < cells; i++) classes[i] = d->vegetation[i] == HRLDAS_MODIS_WATER ? 2 : 1;
    w_put_int(&w, xland, classes, "XLAND");
    w_put_int(&w, ivgtyp, d->vegetation, "IVGTYP");
    w_put_int(&w, isltyp, d->soil_class, "ISLTYP");
    free(classes);
    float thickness[HRLDAS_LAYERS], nodes[HRLDAS_LAYERS], top = 0.0f;
    for (int k = 0; k < HRLDAS_LAYERS; k++) {
        thickness[k] = (float)hrldas_layer_thickness[k];
        nodes[k] = top + thickness[k] / 2;
        top += thickness[k];
    }
    w_put_float(&w, dzs, thickness, "DZS");
    w_put_float(&w, zs, nodes, "ZS");
    for (int k = 0; k < HRLDAS_LAYERS; k++) memcpy(plane + k * cells, d->deep_temperature, cells * sizeof *plane);
    w_put_float(&w, tslb, plane, "TSLB");
    for (int k = 0; k < HRLDAS_LAYERS; k++) /* [cell][layer] → [layer][cell] */
        for (size_t i = 0; i < cells; i++) plane[k * cells + i] = d->theta[i * HRLDAS_LAYERS + k];
    w_put_float(&w, smois, plane, "SMOIS");
    free(plane);
    return w_finish(&w, err);
}

/* ---- soil parameters (SOIL_DATA_OPTION = 4) ---------------------------------------------------- */

enum { SOIL_PARAMETERS = 9 };

static double parameter(const ptf_hydraulics *h, int k)
{
    const double values[SOIL_PARAMETERS] = {h->b, h->theta_dry, h->theta_wlt, h->theta_ref, h->theta_s,
                                            h->k_s, h->d_sat, h->psi_s, h->quartz};
    return values[k];
}

int hrldas_write_soil(const char *path, size_t rows, size_t cols, const ptf_hydraulics *soil, dt_error *err)
{
    static const struct { const char *name, *description, *units; } params[SOIL_PARAMETERS] = {
        {"bexp", "Clapp-Hornberger b parameter", "1"},   {"smcdry", "dry soil moisture threshold", "m3/m3"},
        {"smcwlt", "wilting point soil moisture", "m3/m3"}, {"smcref", "reference (field capacity) soil moisture", "m3/m3"},
        {"smcmax", "porosity (saturated soil moisture)", "m3/m3"}, {"dksat", "saturated hydraulic conductivity", "m/s"},
        {"dwsat", "saturated soil water diffusivity", "m2/s"}, {"psisat", "saturated soil matric potential", "m"},
        {"quartz", "soil quartz content", "1"}};
    /* The reader stops without any of these; neutral values: their options are off (noahmp.md §1.8). */
    static const struct { const char *name; float value; } neutral[] = {
        {"refdk", 2.0e-6f}, {"refkdt", 3.0f}, {"IRR_FRAC", 0}, {"IRR_HAR", 0}, {"IRR_LAI", 0}, {"IRR_MAD", 0},
        {"FILOSS", 0}, {"SPRIR_RATE", 0}, {"MICIR_RATE", 0}, {"FIRTFAC", 0}, {"IR_RAIN", 0}, {"BVIC", 0.1f},
        {"AXAJ", 0.01f}, {"BXAJ", 0.01f}, {"XXAJ", 0.01f}, {"BDVIC", 0.1f}, {"GDVIC", 0.1f}, {"BBVIC", 0.1f},
        {"KLAT_FAC", 1}, {"TDSMC_FAC", 1}, {"TD_DC", 0}, {"TD_DCOEF", 0}, {"TD_DDRAIN", 0}, {"TD_RADI", 0},
        {"TD_SPAC", 0}};
    enum { NEUTRAL = sizeof neutral / sizeof *neutral };
    size_t cells = rows * cols;
    if (cells == 0) return dt_error_set(err, DT_ERR_USAGE, "%s: an empty domain", path);
    writer w;
    int sn, we, layers, varid[SOIL_PARAMETERS], neutral_id[NEUTRAL];
    w_create(&w, path);
    w_dims(&w, rows, cols, 0, NULL, &sn, &we, &layers);
    int volume[3] = {layers, sn, we}, map[2] = {sn, we};
    for (int k = 0; k < SOIL_PARAMETERS; k++)
        varid[k] = w_def(&w, params[k].name, NC_FLOAT, 3, volume, params[k].description, params[k].units);
    for (size_t k = 0; k < NEUTRAL; k++) neutral_id[k] = w_def(&w, neutral[k].name, NC_FLOAT, 2, map, NULL, NULL);
    w_text(&w, "TITLE", "drytex: HRLDAS SOIL_DATA_OPTION 4 soil parameters from a drytex PTF");
    w_enddef(&w);
    float *plane = dt_malloc(cells * HRLDAS_LAYERS * sizeof *plane);
    for (int k = 0; k < SOIL_PARAMETERS; k++) {
        for (int layer = 0; layer < HRLDAS_LAYERS; layer++)
            for (size_t i = 0; i < cells; i++) plane[layer * cells + i] = (float)parameter(&soil[i], k);
        w_put_float(&w, varid[k], plane, params[k].name);
    }
    for (size_t k = 0; k < NEUTRAL; k++) {
        fill_floats(plane, cells, neutral[k].value);
        w_put_float(&w, neutral_id[k], plane, neutral[k].name);
    }
    free(plane);
    return w_finish(&w, err);
}

/* ---- forcing ------------------------------------------------------------------------------------ */

void hrldas_forcing_name(char *buffer, size_t size, int year, int month, int day, int hour, int minute,
                         int with_minutes)
{
    if (with_minutes) snprintf(buffer, size, "%04d%02d%02d%02d%02d.LDASIN_DOMAIN1", year, month, day, hour, minute);
    else snprintf(buffer, size, "%04d%02d%02d%02d.LDASIN_DOMAIN1", year, month, day, hour);
}

int hrldas_write_forcing(const char *path, size_t rows, size_t cols, const hrldas_forcing_step *s, dt_error *err)
{
    static const struct { const char *name, *description, *units; } vars[8] = {
        {"T2D", "temperature", "K"},           {"Q2D", "specific humidity", "kg/kg"},
        {"PSFC", "surface pressure", "Pa"},    {"U2D", "zonal wind", "m/s"},
        {"V2D", "meridional wind", "m/s"},     {"SWDOWN", "downward shortwave radiation", "W/m2"},
        {"LWDOWN", "downward longwave radiation", "W/m2"}, {"RAINRATE", "precipitation rate", "mm/s"}};
    const float *values[8] = {s->t2d, s->q2d, s->psfc, s->u2d, s->v2d, s->swdown, s->lwdown, s->rainrate};
    writer w;
    int time, sn, we, varid[8];
    w_create(&w, path);
    w_dims(&w, rows, cols, 1, &time, &sn, &we, NULL);
    int map[3] = {time, sn, we};
    for (int k = 0; k < 8; k++) varid[k] = w_def(&w, vars[k].name, NC_FLOAT, 3, map, vars[k].description, vars[k].units);
    w_enddef(&w);
    for (int k = 0; k < 8 && w.status == NC_NOERR; k++) {
        size_t start[3] = {0, 0, 0}, count[3] = {1, rows, cols};
        w_check(&w, nc_put_vara_float(w.ncid, varid[k], start, count, values[k]), vars[k].name);
    }
    return w_finish(&w, err);
}

/* ---- namelist ------------------------------------------------------------------------------------ */

int hrldas_namelist_text(char *buffer, size_t size, const hrldas_namelist *n)
{
    return snprintf(buffer, size,
        "&NOAHLSM_OFFLINE\n"
        " ! written by drytex simulate --engine hrldas\n"
        " HRLDAS_SETUP_FILE = \"%s\"\n"
        " SPATIAL_FILENAME = \"%s\"\n"
        " INDIR = \"%s\"\n"
        " OUTDIR = \"%s\"\n"
        " START_YEAR = %04d\n START_MONTH = %02d\n START_DAY = %02d\n START_HOUR = %02d\n START_MIN = %02d\n"
        " KHOUR = %ld\n"
        " SPINUP_LOOPS = %d\n"
        " FORCING_NAME_T = \"T2D\"\n FORCING_NAME_Q = \"Q2D\"\n FORCING_NAME_U = \"U2D\"\n FORCING_NAME_V = \"V2D\"\n"
        " FORCING_NAME_P = \"PSFC\"\n FORCING_NAME_LW = \"LWDOWN\"\n FORCING_NAME_SW = \"SWDOWN\"\n FORCING_NAME_PR = \"RAINRATE\"\n"
        " DYNAMIC_VEG_OPTION = 4\n CANOPY_STOMATAL_RESISTANCE_OPTION = 1\n BTR_OPTION = 1\n"
        " SURFACE_RUNOFF_OPTION = 3\n SUBSURFACE_RUNOFF_OPTION = 3\n DVIC_INFILTRATION_OPTION = 1\n"
        " SURFACE_DRAG_OPTION = 1\n FROZEN_SOIL_OPTION = 1\n SUPERCOOLED_WATER_OPTION = 1\n"
        " RADIATIVE_TRANSFER_OPTION = 3\n SNOW_COMPACTION_OPTION = 2\n SNOW_ALBEDO_OPTION = 1\n SNOW_COVER_OPTION = 1\n"
        " PCP_PARTITION_OPTION = 1\n SNOW_THERMAL_CONDUCTIVITY = 1\n TBOT_OPTION = 2\n TEMP_TIME_SCHEME_OPTION = 3\n"
        " GLACIER_OPTION = 1\n SURFACE_RESISTANCE_OPTION = 4\n"
        " SOIL_DATA_OPTION = 4\n PEDOTRANSFER_OPTION = 1\n"
        " CROP_OPTION = 0\n IRRIGATION_OPTION = 0\n IRRIGATION_METHOD = 0\n TILE_DRAINAGE_OPTION = 0\n WETLAND_OPTION = 0\n"
        " FORCING_TIMESTEP = %d\n NOAH_TIMESTEP = %d\n OUTPUT_TIMESTEP = %d\n"
        " SPLIT_OUTPUT_COUNT = 0\n SKIP_FIRST_OUTPUT = .false.\n RESTART_FREQUENCY_HOURS = 0\n"
        " NSOIL = %d\n"
        " soil_thick_input(1) = %.2f\n soil_thick_input(2) = %.2f\n soil_thick_input(3) = %.2f\n soil_thick_input(4) = %.2f\n"
        " ZLVL = 10.0\n"
        " SF_URBAN_PHYSICS = 0\n USE_WUDAPT_LCZ = 0\n"
        "/\n",
        n->setup_file, n->soil_file, n->forcing_dir, n->output_dir, n->year, n->month, n->day, n->hour, n->minute,
        n->hours, n->spinup_loops, n->forcing_step, n->model_step, n->output_step, HRLDAS_LAYERS,
        hrldas_layer_thickness[0], hrldas_layer_thickness[1], hrldas_layer_thickness[2], hrldas_layer_thickness[3]);
}

int hrldas_write_namelist(const char *path, const hrldas_namelist *n, dt_error *err)
{
    const char *paths[4] = {n->setup_file, n->soil_file, n->forcing_dir, n->output_dir};
    for (int k = 0; k < 4; k++) /* HRLDAS keeps them in character(len=256) */
        if (strlen(paths[k]) > 250 || strchr(paths[k], '"'))
            return dt_error_set(err, DT_ERR_USAGE, "%s: HRLDAS cannot take this path (over 250 characters or a '\"'): "
                                "give a shorter --hrldas-workdir", paths[k]);
    int length = hrldas_namelist_text(NULL, 0, n);
    char *text = dt_malloc((size_t)length + 1);
    hrldas_namelist_text(text, (size_t)length + 1, n);
    FILE *f = fopen(path, "w");
    int ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0) ok = 0;
    free(text);
    if (!ok) {
        remove(path);
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be written", path);
    }
    return DT_OK;
}
