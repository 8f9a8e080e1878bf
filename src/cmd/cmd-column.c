/* cmd-column.c — `drytex column --fluxes F.csv`: one Noah-MP soil column → θ per layer as CSV. */
#include <getopt.h>
#include <netcdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cftime.h"
#include "cmd.h"
#include "ncfile.h"
#include "closure.h"
#include "column.h"
#include "field.h"
#include "pet.h"
#include "ptf.h"

static const char help_text[] =
    "Runs the Noah-MP soil-water column (4 layers of 0.1/0.3/0.6/1.0 m; Schaake infiltration, free\n"
    "drainage) driven by its boundary fluxes and prints, per step, θ of every layer and the step's\n"
    "infiltration, surface runoff and drainage (mm).\n\n"
    "The fluxes CSV has a header naming at least qinsur (water input at the surface), qseva (soil\n"
    "evaporation) and etrani1…etraniN (transpiration per layer), all in m s-1, one row per step; a\n"
    "'time' column is copied to the output; lines starting with '#' are skipped. When the file also\n"
    "has soil_w1…soil_wN, its first row is the initial state (as in Noah-MP's own output).\n\n"
    "With --forcing the column is driven by meteorology instead — \"Noah-MP soil hydrology with a\n"
    "PET-based ET closure\": a single-point netCDF file with tas (K), huss (kg kg-1), ps (Pa),\n"
    "sfcWind (m s-1, at 10 m), rsds, rlds (W m-2) and pr (kg m-2 s-1) on a CF time axis; FAO-56\n"
    "PET, transpiration f_veg·PET·BTRAN over the root layers, Noah soil evaporation.\n\n"
    "Options:\n"
    "      --fluxes FILE       the boundary fluxes, or\n"
    "      --forcing FILE      meteorological forcing (step length from its time axis)\n"
    "      --veg-fraction F    vegetation fraction for --forcing (0.5)\n"
    "      --root-layers N     root layers for --forcing (3)\n"
    "      --dt SECONDS        step length (default 1800)\n"
    "  -p, --ptf P --sand S --clay C [--soc X]   the soil through a PTF, the same in every layer, or\n"
    "      --param k=v,…       explicit Noah-MP parameters: smcmax, smcref, smcwlt, smcdry, bexp,\n"
    "                          psisat (m), dksat (m/s), dwsat (m2/s) [, quartz]\n"
    "      --kdt-ks K          Ks [m/s] for the infiltration coefficient KDT (default: layer 1's own;\n"
    "                          Noah-MP soil option 3 uses its class table's)\n"
    "      --initial a,b,c,d   initial θ per layer (default: the file's first row, else θref)\n";

#define COLUMN_FLUX_LIMIT 0.01 /* [m s-1] the largest boundary flux taken from a CSV */

typedef struct {
    const char *fluxes, *forcing, *param;
    double veg_fraction;
    size_t root_layers;
    double dt, sand, clay, soc, kdt_ks;
    double initial[COLUMN_MAX_LAYERS];
    int have_initial;
    ptf_options ptf;
} column_arguments;

static int parse_params(const char *text, ptf_hydraulics *h)
{
    static const char *const names[] = {"smcmax", "smcref", "smcwlt", "smcdry", "bexp", "psisat", "dksat", "dwsat", "quartz"};
    double *fields[] = {&h->theta_s, &h->theta_ref, &h->theta_wlt, &h->theta_dry, &h->b, &h->psi_s, &h->k_s, &h->d_sat, &h->quartz};
    int seen = 0;
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", text);
    for (char *item = strtok(copy, ","); item; item = strtok(NULL, ",")) {
        char *equals = strchr(item, '=');
        if (!equals) return -1;
        *equals = '\0';
        int known = 0;
        for (int k = 0; k < 9; k++)
            if (strcmp(item, names[k]) == 0) {
                if (cmd_parse_double(equals + 1, fields[k])) return -1;
                seen |= 1 << k;
                known = 1;
            }
        if (!known) return -1;
    }
    return (seen & 0xff) == 0xff ? 0 : -1; /* all but quartz are needed */
}

static int parse_list(const char *text, double *values, int count)
{
    char *end;
    const char *p = text;
    for (int k = 0; k < count; k++) {
        values[k] = strtod(p, &end);
        if (end == p) return -1;
        p = end;
        if (k < count - 1) {
            if (*p != ',') return -1;
            p++;
        }
    }
    return *p ? -1 : 0;
}

/* Column positions of the named fields in a CSV header (−1 when absent). */
typedef struct {
    int time, qinsur, qseva, etrani[COLUMN_MAX_LAYERS], soil_w[COLUMN_MAX_LAYERS];
} csv_columns;

static void find_columns(char *header, csv_columns *c, int layers)
{
    memset(c, -1, sizeof *c);
    int index = 0;
    for (char *name = strtok(header, ",\r\n"); name; name = strtok(NULL, ",\r\n"), index++) {
        if (strcmp(name, "time") == 0) c->time = index;
        if (strcmp(name, "qinsur") == 0) c->qinsur = index;
        if (strcmp(name, "qseva") == 0) c->qseva = index;
        for (int k = 0; k < layers; k++) {
            char want[32];
            snprintf(want, sizeof want, "etrani%d", k + 1);
            if (strcmp(name, want) == 0) c->etrani[k] = index;
            snprintf(want, sizeof want, "soil_w%d", k + 1);
            if (strcmp(name, want) == 0) c->soil_w[k] = index;
        }
    }
}

static int split(char *line, char **fields, int capacity)
{
    int count = 0;
    for (char *p = line; count < capacity;) {
        fields[count++] = p;
        char *comma = strchr(p, ',');
        if (!comma) break;
        *comma = '\0';
        p = comma + 1;
    }
    return count;
}

/* Field INDEX of a row as a finite number; the error names the line, the column and the text (atof
 * took "abc" as 0, and a short row was read past its last field). */
static int row_value(const column_arguments *a, long number, char **fields, int n, int index, const char *name,
                     double *value)
{
    if (index >= n) {
        fprintf(stderr, "drytex: %s: line %ld: too few fields (no %s)\n", a->fluxes, number, name);
        return -1;
    }
    char *end;
    *value = strtod(fields[index], &end);
    if (end == fields[index] || *end || !isfinite(*value)) {
        fprintf(stderr, "drytex: %s: line %ld: %s '%s' is not a number\n", a->fluxes, number, name, fields[index]);
        return -1;
    }
    /* Finite is not enough: 1e300 m s-1 ran the column into nonsense without a word. A flux beyond
     * 0.01 m s-1 (36 m of water an hour) or a water content outside [0, 1] is no forcing at all. */
    int is_state = strncmp(name, "soil_w", 6) == 0;
    if (is_state ? !(*value >= 0 && *value <= 1) : fabs(*value) > COLUMN_FLUX_LIMIT) {
        fprintf(stderr, "drytex: %s: line %ld: %s %s is outside physics (%s)\n", a->fluxes, number, name,
                fields[index], is_state ? "a water content is 0 to 1 m3 m-3" : "a flux is at most 0.01 m s-1");
        return -1;
    }
    return 0;
}

static int run_file(FILE *file, const column_arguments *a, const column_config *config)
{
    char line[4096], *fields[64];
    csv_columns col;
    int layers = config->layers, have_header = 0, have_state = 0;
    long number = 0;
    column_state state;
    dt_error err;
    while (fgets(line, sizeof line, file)) {
        number++;
        if (!strchr(line, '\n') && !feof(file)) { /* the rest would be read as a row of its own */
            fprintf(stderr, "drytex: %s: line %ld: longer than %zu characters\n", a->fluxes, number, sizeof line - 2);
            return EXIT_RUNTIME;
        }
        if (line[0] == '#' || line[0] == '\n') continue;
        if (!have_header) {
            find_columns(line, &col, layers);
            if (col.qinsur < 0 || col.qseva < 0 || col.etrani[0] < 0) {
                fprintf(stderr, "drytex: %s: the header lacks qinsur, qseva or etrani1\n", a->fluxes);
                return EXIT_RUNTIME;
            }
            have_header = 1;
            printf("time");
            for (int k = 0; k < layers; k++) printf(",theta%d", k + 1);
            printf(",infiltration_mm,surface_runoff_mm,drainage_mm\n");
            continue;
        }
        line[strcspn(line, "\r\n")] = '\0';
        int n = split(line, fields, 64);
        double v[COLUMN_MAX_LAYERS + 2];
        column_forcing f = {0};
        char name[32];
        if (row_value(a, number, fields, n, col.qinsur, "qinsur", &f.water_input) ||
            row_value(a, number, fields, n, col.qseva, "qseva", &f.soil_evaporation))
            return EXIT_RUNTIME;
        for (int k = 0; k < layers; k++) {
            snprintf(name, sizeof name, "etrani%d", k + 1);
            if (col.etrani[k] >= 0 && row_value(a, number, fields, n, col.etrani[k], name, &f.transpiration[k]))
                return EXIT_RUNTIME;
        }
        if (!have_state) {
            int from_row = !a->have_initial && col.soil_w[layers - 1] >= 0;
            for (int k = 0; k < layers; k++) {
                snprintf(name, sizeof name, "soil_w%d", k + 1);
                if (a->have_initial) v[k] = a->initial[k];
                else if (!from_row) v[k] = config->soil[k].theta_ref;
                else if (col.soil_w[k] < 0) {
                    fprintf(stderr, "drytex: %s: the header has soil_w%d but no %s\n", a->fluxes, layers, name);
                    return EXIT_RUNTIME;
                } else if (row_value(a, number, fields, n, col.soil_w[k], name, &v[k]))
                    return EXIT_RUNTIME;
            }
            if (column_init(&state, config, v, &err) != DT_OK) return cmd_fail(&err);
            have_state = 1;
            if (from_row) continue; /* that row is the initial state */
        }
        column_fluxes out;
        column_step(&state, a->dt, &f, &out);
        printf("%s", col.time >= 0 && col.time < n ? fields[col.time] : "");
        for (int k = 0; k < layers; k++) printf(",%.6f", state.theta[k]);
        printf(",%.4f,%.4f,%.4f\n", 1e3 * out.infiltration, 1e3 * out.surface_runoff, 1e3 * out.drainage);
    }
    if (!have_header) {
        fprintf(stderr, "drytex: %s: empty, no header\n", a->fluxes);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

/* A 1-D numeric variable's length; the type and shape are checked because the values are read
 * as numbers into an array of that length (a char tas was read as garbage, a time longer than
 * tas overflowed the heap). */
static int forcing_length(const char *path, int ncid, int varid, const char *name, size_t *n, dt_error *err)
{
    int ndims = 0, dim;
    nc_type type;
    if (nc_inq_varndims(ncid, varid, &ndims) != NC_NOERR || ndims != 1)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: a single point (time) series is needed", path, name);
    if (nc_inq_vartype(ncid, varid, &type) != NC_NOERR || type == NC_CHAR || type == NC_STRING || type > NC_UINT64)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: %s, not numbers", path, name,
                            type == NC_CHAR || type == NC_STRING ? "text" : "a compound or user-defined type");
    if (nc_inq_vardimid(ncid, varid, &dim) != NC_NOERR || nc_inq_dimlen(ncid, dim, n) != NC_NOERR)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: its dimension cannot be read", path, name);
    return DT_OK;
}

/* One forcing variable as a series (the file is a single point: every value is the cell's). With
 * minutes, the time axis too, which must have the variable's length. */
static int read_forcing_variable(const char *path, const char *name, float **values, size_t *n, double **minutes,
                                 dt_error *err)
{
    int ncid, varid, time_var;
    int status = ncfile_open(path, &ncid, err);
    if (status != DT_OK) return status;
    if (nc_inq_varid(ncid, name, &varid) != NC_NOERR)
        status = dt_error_set(err, DT_ERR_MISSING, "%s: %s: no such variable", path, name);
    if (status == DT_OK) status = forcing_length(path, ncid, varid, name, n, err);
    if (status == DT_OK) {
        *values = dt_malloc((*n ? *n : 1) * sizeof **values);
        if (*n && nc_get_var_float(ncid, varid, *values) != NC_NOERR)
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: %s: its values cannot be read", path, name);
    }
    if (status == DT_OK && minutes) {
        char units[96] = "", calendar[32] = "";
        cf_time_units tu;
        size_t time_length = 0;
        if (nc_inq_varid(ncid, "time", &time_var) != NC_NOERR ||
            ncfile_text_attribute(ncid, time_var, "units", units, sizeof units) != DT_OK ||
            cftime_parse_units(units, ncfile_text_attribute(ncid, time_var, "calendar", calendar, sizeof calendar) == DT_OK ? calendar : NULL, &tu, err) != DT_OK)
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: time: no CF time axis", path);
        if (status == DT_OK) status = forcing_length(path, ncid, time_var, "time", &time_length, err);
        if (status == DT_OK && time_length != *n)
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: time: %zu steps, %s has %zu", path, time_length, name, *n);
        if (status == DT_OK) {
            *minutes = dt_malloc((*n ? *n : 1) * sizeof **minutes);
            if (*n && nc_get_var_double(ncid, time_var, *minutes) != NC_NOERR)
                status = dt_error_set(err, DT_ERR_FORMAT, "%s: time: its values cannot be read", path);
            for (size_t i = 0; status == DT_OK && i < *n; i++) (*minutes)[i] *= tu.seconds_per_unit / 60.0;
        }
    }
    ncfile_close(ncid);
    return status;
}

static int run_forcing(const column_arguments *a, const column_config *config)
{
    const char *names[7] = {"tas", "huss", "ps", "sfcWind", "rsds", "rlds", "pr"};
    float *v[7] = {0};
    double *minutes = NULL;
    size_t n = 0, length;
    dt_error err;
    int status = DT_OK;
    for (int k = 0; k < 7 && status == DT_OK; k++) {
        status = read_forcing_variable(a->forcing, names[k], &v[k], &length, k == 0 ? &minutes : NULL, &err);
        if (status == DT_OK && k > 0 && length != n)
            status = dt_error_set(&err, DT_ERR_FORMAT, "%s: %s: %zu steps, tas has %zu", a->forcing, names[k], length, n);
        n = length;
    }
    if (status == DT_OK && n < 2) status = dt_error_set(&err, DT_ERR_NODATA, "%s: fewer than two time steps", a->forcing);
    double dt = status == DT_OK ? (minutes[1] - minutes[0]) * 60.0 : 0;
    if (status == DT_OK && !(dt > 0 && dt <= 86400))
        status = dt_error_set(&err, DT_ERR_FORMAT, "%s: time: step %g s (need 0 < step ≤ 1 day)", a->forcing, dt);
    column_state state;
    double initial[COLUMN_MAX_LAYERS];
    for (int k = 0; k < config->layers; k++) initial[k] = a->have_initial ? a->initial[k] : config->soil[k].theta_ref;
    if (status == DT_OK) status = column_init(&state, config, initial, &err);
    if (status != DT_OK) {
        for (int k = 0; k < 7; k++) free(v[k]);
        free(minutes);
        return cmd_fail(&err);
    }
    closure_options co;
    closure_default_options(&co);
    co.veg_fraction = a->veg_fraction;
    co.root_layers = (int)a->root_layers;
    printf("minutes");
    for (int k = 0; k < config->layers; k++) printf(",theta%d", k + 1);
    printf(",pet_mm,infiltration_mm,surface_runoff_mm,drainage_mm,evaporation_mm,transpiration_mm\n");
    for (size_t i = 0; i < n; i++) {
        pet_forcing f = {v[0][i], v[1][i], v[2][i], v[3][i], 10.0, v[4][i], v[5][i]};
        double pet_mm = pet_from_forcing(&f, dt);
        column_forcing cf;
        closure_fluxes(&co, &state, v[6][i] / 1000.0, pet_mm / 1000.0 / dt, &cf);
        column_fluxes out;
        column_step(&state, dt, &cf, &out);
        printf("%.0f", minutes[i]);
        for (int k = 0; k < config->layers; k++) printf(",%.6f", state.theta[k]);
        printf(",%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n", pet_mm, 1e3 * out.infiltration, 1e3 * out.surface_runoff,
               1e3 * out.drainage, 1e3 * out.evaporation, 1e3 * out.transpiration);
    }
    for (int k = 0; k < 7; k++) free(v[k]);
    free(minutes);
    return EXIT_OK;
}

int cmd_column(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"fluxes", required_argument, NULL, 'f'}, {"dt", required_argument, NULL, 't'},
        {"forcing", required_argument, NULL, 'F'}, {"veg-fraction", required_argument, NULL, 'g'},
        {"root-layers", required_argument, NULL, 'r'},
        {"ptf", required_argument, NULL, 'p'},    {"sand", required_argument, NULL, 's'},
        {"clay", required_argument, NULL, 'c'},   {"soc", required_argument, NULL, 'o'},
        {"param", required_argument, NULL, 'P'},  {"kdt-ks", required_argument, NULL, 'k'},
        {"initial", required_argument, NULL, 'i'}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0}};
    column_arguments a = {.dt = 1800, .sand = -1, .clay = -1, .soc = 0, .kdt_ks = 0, .veg_fraction = 0.5, .root_layers = 3};
    ptf_default_options(&a.ptf);
    dt_error err;
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "p:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'f': a.fluxes = optarg; break;
        case 'F': a.forcing = optarg; break;
        case 'g': if (cmd_parse_double(optarg, &a.veg_fraction) || a.veg_fraction < 0 || a.veg_fraction > 1) return cmd_usage_error("column", "--veg-fraction: '%s' is not 0…1", optarg); break;
        case 'r': if (cmd_parse_size(optarg, &a.root_layers) || a.root_layers < 1 || a.root_layers > 4) return cmd_usage_error("column", "--root-layers: '%s' is not 1…4", optarg); break;
        case 't': if (cmd_parse_double(optarg, &a.dt) || !(a.dt > 0) || a.dt > 86400) return cmd_usage_error("column", "--dt: '%s' is not 0 < seconds ≤ 86400", optarg); break;
        case 'p': if (ptf_parse_name(optarg, &a.ptf.scheme, &err)) return cmd_usage_error("column", "--ptf: %s", err.text); break;
        case 's': if (cmd_parse_double(optarg, &a.sand)) return cmd_usage_error("column", "--sand: '%s' is not a number", optarg); break;
        case 'c': if (cmd_parse_double(optarg, &a.clay)) return cmd_usage_error("column", "--clay: '%s' is not a number", optarg); break;
        case 'o': if (cmd_parse_double(optarg, &a.soc)) return cmd_usage_error("column", "--soc: '%s' is not a number", optarg); break;
        case 'P': a.param = optarg; break;
        case 'k': if (cmd_parse_double(optarg, &a.kdt_ks) || !(a.kdt_ks > 0)) return cmd_usage_error("column", "--kdt-ks: '%s' is not a positive number", optarg); break;
        case 'i': if (parse_list(optarg, a.initial, 4)) return cmd_usage_error("column", "--initial: '%s' is not four numbers", optarg); a.have_initial = 1; break;
        case 'h': cmd_print_help("column", help_text); return EXIT_OK;
        case 'V': cmd_print_version(); return EXIT_OK;
        default: return cmd_usage_error("column", "unknown option");
        }
    }
    if (optind < argc) return cmd_usage_error("column", "unexpected argument '%s'", argv[optind]);
    if (!a.fluxes == !a.forcing) return cmd_usage_error("column", "give --fluxes FILE or --forcing FILE");
    ptf_hydraulics soil;
    if (a.param) {
        if (parse_params(a.param, &soil)) return cmd_usage_error("column", "--param: give smcmax, smcref, smcwlt, smcdry, bexp, psisat, dksat, dwsat as k=v,…");
    } else {
        if (a.sand < 0 || a.clay < 0) return cmd_usage_error("column", "give --sand and --clay (with --ptf), or --param");
        if (ptf_eval(&a.ptf, a.sand, a.clay, a.soc, &soil, &err) != DT_OK) return cmd_usage_error("column", "%s", err.text);
    }
    column_config config;
    column_default_config(&config, &soil);
    if (a.kdt_ks > 0) config.kdt_ks = a.kdt_ks;
    if (a.forcing) return run_forcing(&a, &config);
    FILE *file = fopen(a.fluxes, "r");
    if (!file) {
        dt_error_set(&err, DT_ERR_IO, "%s: cannot be read", a.fluxes);
        return cmd_fail(&err);
    }
    int status = run_file(file, &a, &config);
    fclose(file);
    return status;
}
