/* test_hrldas_files.c — the HRLDAS input writers read back: the namelist's keys and values, the
 * SOIL_DATA_OPTION 4 file (names, dimension order, every layer = the PTF's parameters of its cell),
 * the setup file's initial state in HRLDAS's layout, LDASIN names and fields, and the log tail
 * quoted in error messages, and a fake LDASOUT read back (layer 1, the last spin-up loop, a run that
 * stopped early). No hrldas.exe needed. */
#include <math.h>
#include <netcdf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "hrldas_files.h"
#include "hrldas_run.h"
#include "ptf.h"

static char directory[] = "/tmp/drytex-hrldas-XXXXXX";

static void path_in(char *buffer, size_t size, const char *name)
{
    snprintf(buffer, size, "%s/%s", directory, name);
}

static void test_namelist_text(void **state)
{
    (void)state;
    hrldas_namelist n = {"/w/baseline/setup.nc", "/w/baseline/soil.nc", "/w/forcing", "/w/baseline/out",
                         1998, 1, 2, 0, 30, 5808, 1800, 1800, 3600, 0};
    char text[8192];
    int length = hrldas_namelist_text(text, sizeof text, &n);
    assert_true(length > 0 && (size_t)length < sizeof text);
    assert_int_equal(hrldas_namelist_text(NULL, 0, &n), length);
    assert_non_null(strstr(text, "&NOAHLSM_OFFLINE\n"));
    assert_non_null(strstr(text, " HRLDAS_SETUP_FILE = \"/w/baseline/setup.nc\"\n"));
    assert_non_null(strstr(text, " SPATIAL_FILENAME = \"/w/baseline/soil.nc\"\n"));
    assert_non_null(strstr(text, " INDIR = \"/w/forcing\"\n"));
    assert_non_null(strstr(text, " OUTDIR = \"/w/baseline/out\"\n"));
    assert_non_null(strstr(text, " START_YEAR = 1998\n START_MONTH = 01\n START_DAY = 02\n START_HOUR = 00\n START_MIN = 30\n"));
    assert_non_null(strstr(text, " KHOUR = 5808\n"));
    assert_non_null(strstr(text, " SOIL_DATA_OPTION = 4\n"));
    assert_non_null(strstr(text, " SURFACE_RUNOFF_OPTION = 3\n"));
    assert_non_null(strstr(text, " FORCING_TIMESTEP = 1800\n NOAH_TIMESTEP = 1800\n OUTPUT_TIMESTEP = 3600\n"));
    assert_non_null(strstr(text, " SPLIT_OUTPUT_COUNT = 0\n"));
    assert_non_null(strstr(text, " NSOIL = 4\n soil_thick_input(1) = 0.10\n soil_thick_input(2) = 0.30\n"
                                 " soil_thick_input(3) = 0.60\n soil_thick_input(4) = 1.00\n"));
    assert_string_equal(text + length - 3, "\n/\n");

    char path[256];
    dt_error err;
    path_in(path, sizeof path, "namelist.hrldas");
    assert_int_equal(hrldas_write_namelist(path, &n, &err), DT_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char back[8192];
    size_t got = fread(back, 1, sizeof back - 1, f);
    fclose(f);
    back[got] = '\0';
    assert_string_equal(back, text);

    char long_path[300];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    n.output_dir = long_path;
    assert_int_equal(hrldas_write_namelist(path, &n, &err), DT_ERR_USAGE);
    assert_non_null(strstr(err.text, "HRLDAS cannot take this path"));
}

static float read_float(int ncid, const char *name, const size_t *index)
{
    int varid;
    float value = NAN;
    assert_int_equal(nc_inq_varid(ncid, name, &varid), NC_NOERR);
    assert_int_equal(nc_get_var1_float(ncid, varid, index, &value), NC_NOERR);
    return value;
}

static void dims_of(int ncid, const char *name, int ndims, const char *const *expected)
{
    int varid, count, dims[NC_MAX_VAR_DIMS];
    assert_int_equal(nc_inq_varid(ncid, name, &varid), NC_NOERR);
    assert_int_equal(nc_inq_varndims(ncid, varid, &count), NC_NOERR);
    assert_int_equal(count, ndims);
    assert_int_equal(nc_inq_vardimid(ncid, varid, dims), NC_NOERR);
    for (int k = 0; k < ndims; k++) {
        char dim[NC_MAX_NAME + 1];
        assert_int_equal(nc_inq_dimname(ncid, dims[k], dim), NC_NOERR);
        assert_string_equal(dim, expected[k]);
    }
}

static void test_soil_file(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    o.scheme = PTF_SR06_NOAHMP;
    ptf_hydraulics soil[3];
    const double texture[3][3] = {{85, 5, 0}, {30, 35, 0}, {10, 10, 1.5}};
    dt_error err;
    for (int i = 0; i < 3; i++) assert_int_equal(ptf_eval(&o, texture[i][0], texture[i][1], texture[i][2], &soil[i], &err), DT_OK);
    char path[256];
    path_in(path, sizeof path, "soil.nc");
    assert_int_equal(hrldas_write_soil(path, 1, 3, soil, &err), DT_OK);
    int ncid;
    assert_int_equal(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
    static const char *const volume[3] = {"soil_layers_stag", "south_north", "west_east"};
    static const char *const map[2] = {"south_north", "west_east"};
    static const char *const names[9] = {"bexp", "smcdry", "smcwlt", "smcref", "smcmax", "dksat", "dwsat", "psisat", "quartz"};
    for (int k = 0; k < 9; k++) dims_of(ncid, names[k], 3, volume);
    static const char *const required[] = {"refdk", "refkdt", "IRR_FRAC", "IRR_HAR", "IRR_LAI", "IRR_MAD", "FILOSS",
                                           "SPRIR_RATE", "MICIR_RATE", "FIRTFAC", "IR_RAIN", "BVIC", "AXAJ", "BXAJ", "XXAJ",
                                           "BDVIC", "GDVIC", "BBVIC", "KLAT_FAC", "TDSMC_FAC", "TD_DC", "TD_DCOEF",
                                           "TD_DDRAIN", "TD_RADI", "TD_SPAC"};
    for (size_t k = 0; k < sizeof required / sizeof *required; k++) dims_of(ncid, required[k], 2, map);
    for (size_t layer = 0; layer < HRLDAS_LAYERS; layer++) {
        for (size_t i = 0; i < 3; i++) {
            size_t at[3] = {layer, 0, i};
            const double expected[9] = {soil[i].b, soil[i].theta_dry, soil[i].theta_wlt, soil[i].theta_ref, soil[i].theta_s,
                                        soil[i].k_s, soil[i].d_sat, soil[i].psi_s, soil[i].quartz};
            for (int k = 0; k < 9; k++) assert_float_equal(read_float(ncid, names[k], at), expected[k], 1e-6 * fabs(expected[k]));
        }
    }
    size_t at[2] = {0, 2};
    assert_float_equal(read_float(ncid, "refdk", at), 2.0e-6, 1e-12);
    assert_float_equal(read_float(ncid, "refkdt", at), 3.0, 1e-6);
    assert_int_equal(nc_close(ncid), NC_NOERR);
    /* the sand drains faster and holds less than the clay loam */
    assert_true(soil[0].k_s > soil[1].k_s && soil[0].theta_ref < soil[1].theta_ref);
}

static void test_setup_file(void **state)
{
    (void)state;
    const float lat[2] = {40.01f, 40.11f}, lon[2] = {-88.37f, -88.37f}, tmn[2] = {285, 286}, tsk[2] = {263, 264};
    const int vegetation[2] = {12, HRLDAS_MODIS_WATER}, soil_class[2] = {2, 14};
    const float theta[2 * HRLDAS_LAYERS] = {0.10f, 0.11f, 0.12f, 0.13f, 0.30f, 0.31f, 0.32f, 0.33f};
    hrldas_domain d = {2, 1, lat, lon, vegetation, soil_class, theta, 96, 1, 2, tmn, tsk};
    char path[256];
    dt_error err;
    path_in(path, sizeof path, "setup.nc");
    assert_int_equal(hrldas_write_setup(path, &d, &err), DT_OK);
    int ncid, value;
    assert_int_equal(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
    static const char *const map[3] = {"Time", "south_north", "west_east"};
    static const char *const volume[4] = {"Time", "soil_layers_stag", "south_north", "west_east"};
    static const char *const maps[] = {"XLAT", "XLONG", "HGT", "TMN", "SEAICE", "SHDMAX", "SHDMIN", "LAI", "SNOW",
                                       "SNODEP", "CANWAT", "TSK", "XLAND", "IVGTYP", "ISLTYP"};
    for (size_t k = 0; k < sizeof maps / sizeof *maps; k++) dims_of(ncid, maps[k], 3, map);
    dims_of(ncid, "SMOIS", 4, volume);
    dims_of(ncid, "TSLB", 4, volume);
    size_t cell1[3] = {0, 1, 0}, layer3_cell1[4] = {0, 2, 1, 0}, layer0_cell0[4] = {0, 0, 0, 0}, z[2] = {0, 3};
    assert_float_equal(read_float(ncid, "XLAT", cell1), 40.11, 1e-5);
    assert_float_equal(read_float(ncid, "SMOIS", layer3_cell1), 0.32, 1e-6);
    assert_float_equal(read_float(ncid, "SMOIS", layer0_cell0), 0.10, 1e-6);
    assert_float_equal(read_float(ncid, "TSLB", layer3_cell1), 286, 1e-4);
    assert_float_equal(read_float(ncid, "TMN", cell1), 286, 1e-4);
    assert_float_equal(read_float(ncid, "SHDMAX", cell1), 96, 1e-4);
    assert_float_equal(read_float(ncid, "ZS", z), 1.5, 1e-6);
    int varid;
    assert_int_equal(nc_inq_varid(ncid, "XLAND", &varid), NC_NOERR);
    assert_int_equal(nc_get_var1_int(ncid, varid, cell1, &value), NC_NOERR);
    assert_int_equal(value, 2); /* water */
    assert_int_equal(nc_get_att_int(ncid, NC_GLOBAL, "ISWATER", &value), NC_NOERR);
    assert_int_equal(value, HRLDAS_MODIS_WATER);
    char text[64] = {0};
    assert_int_equal(nc_get_att_text(ncid, NC_GLOBAL, "MMINLU", text), NC_NOERR);
    assert_string_equal(text, "MODIFIED_IGBP_MODIS_NOAH");
    static const char *const attributes[] = {"GRID_ID", "ISURBAN", "ISICE", "MAP_PROJ", "DX", "DY", "TRUELAT1", "TRUELAT2", "STAND_LON"};
    for (size_t k = 0; k < sizeof attributes / sizeof *attributes; k++) {
        size_t length;
        assert_int_equal(nc_inq_attlen(ncid, NC_GLOBAL, attributes[k], &length), NC_NOERR);
    }
    assert_int_equal(nc_close(ncid), NC_NOERR);

    assert_int_equal(hrldas_write_setup("/nonexistent-dir/setup.nc", &d, &err), DT_ERR_IO);
    assert_non_null(strstr(err.text, "/nonexistent-dir/setup.nc"));
}

static void test_forcing_file(void **state)
{
    (void)state;
    char name[64];
    hrldas_forcing_name(name, sizeof name, 1998, 1, 2, 5, 30, 1);
    assert_string_equal(name, "199801020530.LDASIN_DOMAIN1");
    hrldas_forcing_name(name, sizeof name, 1998, 12, 31, 23, 0, 0);
    assert_string_equal(name, "1998123123.LDASIN_DOMAIN1");
    const float t[2] = {280, 281}, q[2] = {0.005f, 0.006f}, p[2] = {99000, 99100}, u[2] = {3, 4}, v[2] = {0, 0},
                sw[2] = {500, 510}, lw[2] = {300, 310}, pr[2] = {1e-4f, 0};
    hrldas_forcing_step step = {t, q, p, u, v, sw, lw, pr};
    char path[256];
    dt_error err;
    path_in(path, sizeof path, name);
    assert_int_equal(hrldas_write_forcing(path, 1, 2, &step, &err), DT_OK);
    int ncid;
    assert_int_equal(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
    static const char *const names[8] = {"T2D", "Q2D", "PSFC", "U2D", "V2D", "SWDOWN", "LWDOWN", "RAINRATE"};
    const float *values[8] = {t, q, p, u, v, sw, lw, pr};
    static const char *const map[3] = {"Time", "south_north", "west_east"};
    for (int k = 0; k < 8; k++) {
        dims_of(ncid, names[k], 3, map);
        size_t at[3] = {0, 0, 1};
        assert_float_equal(read_float(ncid, names[k], at), values[k][1], 1e-6 * fabs(values[k][1]) + 1e-12);
    }
    assert_int_equal(nc_close(ncid), NC_NOERR);
}

static void test_log_tail(void **state)
{
    (void)state;
    char path[256], tail[120];
    path_in(path, sizeof path, "hrldas.log");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("one\ntwo\n\n   three\nfour  and\tmore\n  five  \n\n", f);
    fclose(f);
    hrldas_log_tail(path, tail, sizeof tail);
    assert_string_equal(tail, "two | three | four and more | five");
    hrldas_log_tail("/nonexistent.log", tail, sizeof tail);
    assert_string_equal(tail, "");
    dt_error err;
    assert_int_equal(hrldas_check_exe("/nonexistent/hrldas.exe", &err), DT_ERR_USAGE);
    assert_non_null(strstr(err.text, "/nonexistent/hrldas.exe: hrldas.exe not found"));
    assert_int_equal(hrldas_check_exe(path, &err), DT_ERR_USAGE); /* not executable */
    assert_non_null(strstr(err.text, "not an executable file"));
}

/* A fake LDASOUT file on a 1 × 2 grid: times (hours after 1998-01-02 00:00) as given, SOIL_M layer k
 * of cell c at time t = 0.1 k + 0.01 c + 0.001 t, EDIR 1e-5, ETRAN 2e-5 mm/s, SFCRNOFF t mm, UGDRNOFF
 * 2t mm. */
static void write_ldasout(const char *path, const int *hours, size_t n)
{
    int ncid, time, chars, sn, we, layers, times, soil_m, flat[4];
    assert_int_equal(nc_create(path, NC_CLOBBER, &ncid), NC_NOERR);
    nc_def_dim(ncid, "Time", NC_UNLIMITED, &time);
    nc_def_dim(ncid, "DateStrLen", 19, &chars);
    nc_def_dim(ncid, "west_east", 2, &we);
    nc_def_dim(ncid, "south_north", 1, &sn);
    nc_def_dim(ncid, "soil_layers_stag", 4, &layers);
    int text_dims[2] = {time, chars}, volume[4] = {time, sn, layers, we}, map[3] = {time, sn, we};
    nc_def_var(ncid, "Times", NC_CHAR, 2, text_dims, &times);
    nc_def_var(ncid, "SOIL_M", NC_FLOAT, 4, volume, &soil_m);
    static const char *const names[4] = {"EDIR", "ETRAN", "SFCRNOFF", "UGDRNOFF"};
    for (int k = 0; k < 4; k++) nc_def_var(ncid, names[k], NC_FLOAT, 3, map, &flat[k]);
    assert_int_equal(nc_enddef(ncid), NC_NOERR);
    for (size_t t = 0; t < n; t++) {
        char stamp[32];
        snprintf(stamp, sizeof stamp, "1998-01-%02d_%02d:00:00", (2 + hours[t] / 24) % 100, hours[t] % 24);
        size_t start[4] = {t, 0, 0, 0}, count_text[2] = {1, 19}, count_volume[4] = {1, 1, 4, 2}, count_map[3] = {1, 1, 2};
        assert_int_equal(nc_put_vara_text(ncid, times, start, count_text, stamp), NC_NOERR);
        float v[8], m[4][2];
        for (int k = 0; k < 4; k++)
            for (int c = 0; c < 2; c++) v[k * 2 + c] = 0.1f * (float)k + 0.01f * (float)c + 0.001f * (float)t;
        assert_int_equal(nc_put_vara_float(ncid, soil_m, start, count_volume, v), NC_NOERR);
        for (int c = 0; c < 2; c++) m[0][c] = 1e-5f, m[1][c] = 2e-5f, m[2][c] = (float)t, m[3][c] = 2.0f * (float)t;
        for (int k = 0; k < 4; k++) assert_int_equal(nc_put_vara_float(ncid, flat[k], start, count_map, m[k]), NC_NOERR);
    }
    assert_int_equal(nc_close(ncid), NC_NOERR);
}

/* What the scan visited, in order. */
typedef struct {
    size_t count;
    double seconds[16];
    float soil_m1[16][2], etran[16], ugdrnoff[16][2];
} visited;

static void remember(void *context, const hrldas_output_step *step)
{
    visited *v = context;
    assert_true(v->count < 16);
    v->seconds[v->count] = step->seconds;
    for (int c = 0; c < 2; c++) v->soil_m1[v->count][c] = step->soil_m1[c], v->ugdrnoff[v->count][c] = step->ugdrnoff[c];
    v->etran[v->count] = step->etran[0];
    v->count++;
}

static void test_read_output(void **state)
{
    (void)state;
    char out_dir[256], path[512];
    path_in(out_dir, sizeof out_dir, "out");
    assert_int_equal(mkdir(out_dir, 0755), 0);
    /* two spin-up loops of 0…3 h appended in one file, as HRLDAS does with SPINUP_LOOPS = 1 */
    const int hours[8] = {0, 1, 2, 3, 1, 2, 3, 4};
    snprintf(path, sizeof path, "%s/1998010200.LDASOUT_DOMAIN1.loop0000", out_dir);
    write_ldasout(path, hours, 8);
    visited v = {0};
    hrldas_output_span span;
    dt_error err;
    assert_int_equal(hrldas_scan_output(out_dir, 1, 2, remember, &v, &span, &err), DT_OK);
    assert_int_equal(v.count, 4); /* the last loop */
    assert_int_equal(span.ntimes, 4);
    double day = 86400.0 * 10228; /* 1998-01-02 */
    assert_float_equal(v.seconds[0], day + 3600, 1e-6);
    assert_float_equal(span.first, day + 3600, 1e-6);
    assert_float_equal(span.last, day + 4 * 3600, 1e-6);
    assert_float_equal(v.soil_m1[0][1], 0.01 + 0.004, 1e-6); /* file step 4, layer 1, cell 1 */
    assert_float_equal(v.soil_m1[3][0], 0.007, 1e-6);
    assert_float_equal(v.ugdrnoff[3][1], 14.0, 1e-6);
    assert_float_equal(v.etran[0], 2e-5, 1e-10);
    hrldas_process p = {.pid = 0};
    snprintf(p.log, sizeof p.log, "%s/none.log", out_dir);
    assert_int_equal(hrldas_check_complete(&p, &span, day + 4 * 3600, &err), DT_OK);
    assert_int_equal(hrldas_check_complete(&p, &span, day + 5 * 3600, &err), DT_ERR_IO);
    assert_non_null(strstr(err.text, "stopped before the end of the run (last output 1998-01-02)"));
    assert_int_equal(hrldas_scan_output(out_dir, 2, 1, remember, &v, &span, &err), DT_ERR_FORMAT); /* another grid */
    assert_non_null(strstr(err.text, "a 1 × 2 grid, the run has 2 × 1"));
    unlink(path);
    assert_int_equal(hrldas_scan_output(out_dir, 1, 2, remember, &v, &span, &err), DT_ERR_MISSING);
    assert_non_null(strstr(err.text, "hrldas.exe wrote no *.LDASOUT_DOMAIN1 file"));
    assert_int_equal(rmdir(out_dir), 0);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(directory) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const files[] = {"namelist.hrldas", "soil.nc", "setup.nc", "1998123123.LDASIN_DOMAIN1", "hrldas.log"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        char path[256];
        path_in(path, sizeof path, files[k]);
        unlink(path);
    }
    return rmdir(directory);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_namelist_text), cmocka_unit_test(test_soil_file), cmocka_unit_test(test_setup_file),
        cmocka_unit_test(test_forcing_file), cmocka_unit_test(test_log_tail), cmocka_unit_test(test_read_output),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
