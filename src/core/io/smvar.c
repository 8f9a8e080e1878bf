/* smvar.c — which variable of a product is the soil moisture, and what its units mean.
 * Products as published: ESA CCI SM (t0, sm, sm_uncertainty, flag, … — t0 first), SMAP L3
 * SPL3SMP (Soil_Moisture_Retrieval_Data_AM/soil_moisture, …_PM/soil_moisture_pm, with errors,
 * quality flags and 2-D latitude/longitude beside them), NNSM, ERA5-like files. */
#include "smvar.h"

#include <ctype.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ncfile.h"

typedef struct {
    char name[NC_MAX_NAME * 2 + 2]; /* "Group/name" */
    char units[96], long_name[256], standard_name[128];
    int excluded;
} smvar_candidate;

typedef struct {
    smvar_candidate *items;
    size_t count;
} smvar_list;

/* CF standard names of a soil water content (CF standard name table v84). */
static const char *const soil_standard_names[] = {
    "volume_fraction_of_condensed_water_in_soil", "soil_moisture_content",
    "moisture_content_of_soil_layer", "mass_content_of_water_in_soil_layer",
    "mass_content_of_water_in_soil", NULL};

/* Names products give their soil moisture. */
static const char *const soil_names[] = {
    "sm", "soil_moisture", "soil_moisture_am", "soil_moisture_pm", "sm_am", "sm_pm", "ssm",
    "surface_soil_moisture", "soilmoisture", "soil_moist", "vsm", "swvl1", "sm_combined", NULL};

/* Words (between underscores) of a name that is not the soil moisture itself. */
static const char *const other_words[] = {
    "uncertainty", "error", "err", "errors", "flag", "flags", "qual", "quality", "qc", "count",
    "counts", "num", "nobs", "std", "stdev", "sd", "var", "variance", "noise", "t0", "time",
    "sensor", "mode", "freqband", "freqbandid", "dnflag", "lat", "lon", "latitude", "longitude",
    NULL};

/* Phrases of a long_name that is not the soil moisture itself. */
static const char *const other_phrases[] = {
    "uncertainty", "error", "flag", "quality", "count", "number of", "standard deviation",
    "timestamp", "time", NULL};

static int contains_word(const char *name, const char *const *words)
{
    char copy[NC_MAX_NAME * 2 + 2];
    snprintf(copy, sizeof copy, "%s", name);
    for (char *p = copy; *p; p++) *p = (char)tolower((unsigned char)*p);
    char *save = NULL;
    for (char *word = strtok_r(copy, "_-. ", &save); word; word = strtok_r(NULL, "_-. ", &save))
        for (const char *const *w = words; *w; w++)
            if (strcmp(word, *w) == 0) return 1;
    return 0;
}

static int contains_phrase(const char *text, const char *const *phrases)
{
    char lower[256];
    snprintf(lower, sizeof lower, "%s", text);
    for (char *p = lower; *p; p++) *p = (char)tolower((unsigned char)*p);
    for (const char *const *phrase = phrases; *phrase; phrase++)
        if (strstr(lower, *phrase)) return 1;
    return 0;
}

static int in_list(const char *text, const char *const *list)
{
    for (; *list; list++)
        if (ncfile_same_text(text, *list)) return 1;
    return 0;
}

static int is_excluded(int group, int varid, const smvar_candidate *c)
{
    nc_type type;
    size_t length;
    if (strstr(c->units, " since ")) return 1; /* a timestamp (CF §4.4), as ESA CCI's t0 */
    if (nc_inq_att(group, varid, "flag_values", &type, &length) == NC_NOERR ||
        nc_inq_att(group, varid, "flag_masks", &type, &length) == NC_NOERR ||
        nc_inq_att(group, varid, "flag_meanings", &type, &length) == NC_NOERR)
        return 1; /* a flag (CF §3.5) */
    if (ncfile_same_text(c->standard_name, "latitude") || ncfile_same_text(c->standard_name, "longitude") ||
        strstr(c->units, "degree"))
        return 1;
    if (strstr(c->standard_name, " standard_error") || strstr(c->standard_name, " status_flag") ||
        strstr(c->standard_name, "number_of_observations"))
        return 1; /* CF standard name modifiers (CF Appendix C) */
    const char *base = strrchr(c->name, '/');
    base = base ? base + 1 : c->name;
    return contains_word(base, other_words) || contains_phrase(c->long_name, other_phrases);
}

static void collect(int group, const char *prefix, smvar_list *list)
{
    int nvars = 0;
    nc_inq_varids(group, &nvars, NULL);
    int varids[nvars > 0 ? nvars : 1];
    nc_inq_varids(group, &nvars, varids);
    for (int i = 0; i < nvars; i++) {
        char name[NC_MAX_NAME + 1];
        int ndims, dims[NC_MAX_VAR_DIMS];
        nc_type type;
        nc_inq_var(group, varids[i], name, &type, &ndims, dims, NULL);
        if (ndims < 2 || type == NC_CHAR || type == NC_STRING || type > NC_STRING) continue;
        char first_dim[NC_MAX_NAME + 1];
        nc_inq_dimname(group, dims[0], first_dim);
        if (strcmp(first_dim, name) == 0) continue;
        list->items = dt_realloc(list->items, (list->count + 1) * sizeof *list->items);
        smvar_candidate *c = &list->items[list->count++];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name, "%s%s%s", prefix, *prefix ? "/" : "", name);
        ncfile_text_attribute(group, varids[i], "units", c->units, sizeof c->units);
        ncfile_text_attribute(group, varids[i], "long_name", c->long_name, sizeof c->long_name);
        ncfile_text_attribute(group, varids[i], "standard_name", c->standard_name, sizeof c->standard_name);
        c->excluded = is_excluded(group, varids[i], c);
    }
    int ngroups = 0;
    nc_inq_grps(group, &ngroups, NULL);
    int groups[ngroups > 0 ? ngroups : 1];
    nc_inq_grps(group, &ngroups, groups);
    for (int i = 0; i < ngroups; i++) {
        char name[NC_MAX_NAME + 1], path[NC_MAX_NAME * 2 + 2];
        nc_inq_grpname(groups[i], name);
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "/" : "", name);
        collect(groups[i], path, list);
    }
}

typedef enum { BY_STANDARD_NAME, BY_NAME, BY_UNITS, BY_LONG_NAME, BY_ELIMINATION, STEP_COUNT } smvar_step;

static const char *const step_label[STEP_COUNT] = {"a soil-moisture standard_name", "a well-known name",
                                                   "soil-moisture units", "a soil-moisture long_name", "no other"};

static int matches(const smvar_candidate *c, smvar_step step)
{
    const char *base = strrchr(c->name, '/');
    base = base ? base + 1 : c->name;
    double scale;
    switch (step) {
    case BY_STANDARD_NAME: return in_list(c->standard_name, soil_standard_names);
    case BY_NAME: return in_list(base, soil_names);
    case BY_UNITS: {
        smvar_units kind = smvar_classify_units(c->units, c->long_name, c->standard_name, &scale);
        return kind != SMVAR_NOT_SOIL_MOISTURE && kind != SMVAR_NO_UNITS && strcmp(c->units, "1") != 0;
    }
    case BY_LONG_NAME: {
        static const char *const phrases[] = {"soil moisture", "soil water", "soil_moisture", NULL};
        return contains_phrase(c->long_name, phrases);
    }
    default: return 1;
    }
}

static int refuse(const char *path, const smvar_list *list, smvar_step step, dt_error *err)
{
    char names[DT_ERROR_TEXT] = "";
    size_t used = 0;
    for (size_t i = 0; i < list->count; i++) {
        const smvar_candidate *c = &list->items[i];
        if (c->excluded || !matches(c, step) || used >= sizeof names) continue;
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s%s%s%s", used ? ", " : "", c->name,
                                 c->units[0] ? " (" : "", c->units, c->units[0] ? ")" : "");
    }
    return dt_error_set(err, DT_ERR_VALUE, "%s: not certain which variable is the soil moisture: %s each have %s; "
                        "give one with --variable", path, names, step_label[step]);
}

int smvar_choose(int ncid, const char *path, char **name, dt_error *err)
{
    smvar_list list = {0};
    collect(ncid, "", &list);
    int status = DT_ERR_MISSING;
    for (int step = 0; step < STEP_COUNT && status == DT_ERR_MISSING; step++) {
        size_t found = 0, chosen = 0;
        for (size_t i = 0; i < list.count; i++)
            if (!list.items[i].excluded && matches(&list.items[i], (smvar_step)step)) {
                found++;
                chosen = i;
            }
        if (found == 1) {
            *name = dt_strdup(list.items[chosen].name);
            status = DT_OK;
        } else if (found > 1) {
            status = refuse(path, &list, (smvar_step)step, err);
        }
    }
    if (status == DT_ERR_MISSING) {
        char names[256] = "";
        size_t used = 0;
        for (size_t i = 0; i < list.count && used < sizeof names; i++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", list.items[i].name);
        dt_error_set(err, DT_ERR_MISSING, "%s: no soil-moisture variable (%s%s); give one with --variable", path,
                     list.count ? "only timestamps, flags, uncertainties or counts: " : "no gridded variable",
                     names);
    }
    free(list.items);
    return status;
}

/* Units without spaces, '*', '^' and '.', in lower case: "m^3*m^-3" → "m3m-3". */
static void normalise_units(const char *units, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = units; *p && n + 1 < size; p++)
        if (!strchr(" *^.\t", *p)) out[n++] = (char)tolower((unsigned char)*p);
    out[n] = '\0';
}

smvar_units smvar_classify_units(const char *units, const char *long_name, const char *standard_name,
                                 double *scale)
{
    static const char *const volumetric[] = {"m3m-3", "m3/m3", "cm3cm-3", "cm3/cm3", "mm-1", "m/m", "1",
                                             "fraction", "volumetricfraction", "v/v", "vol/vol",
                                             "m3water/m3soil", "m3m-3(volumetric)", NULL};
    static const char *const percent[] = {"%", "percent", "%vol", "vol%", "%(v/v)", "percentvolume",
                                          "%volume", "volumetricpercent", "%volumetric", "vol-%", NULL};
    static const char *const saturation_phrases[] = {"saturation", NULL};
    char u[96];
    normalise_units(units, u, sizeof u);
    *scale = 1.0;
    int says_saturation = contains_phrase(long_name, saturation_phrases) ||
                          contains_phrase(standard_name, saturation_phrases);
    if (!units[0]) return SMVAR_NO_UNITS;
    if (strstr(u, "saturation")) { /* "percent of saturation", "% saturation", "degree of saturation" */
        *scale = strstr(u, "%") || strstr(u, "percent") ? 0.01 : 1.0;
        return SMVAR_SATURATION;
    }
    for (const char *const *p = percent; *p; p++)
        if (strcmp(u, *p) == 0) {
            *scale = 0.01;
            return says_saturation ? SMVAR_SATURATION : SMVAR_VOLUMETRIC_PERCENT;
        }
    for (const char *const *v = volumetric; *v; v++)
        if (strcmp(u, *v) == 0) return says_saturation ? SMVAR_SATURATION : SMVAR_VOLUMETRIC;
    return SMVAR_NOT_SOIL_MOISTURE;
}

const char *smvar_units_description(smvar_units kind)
{
    switch (kind) {
    case SMVAR_VOLUMETRIC: return "volumetric (m3 m-3)";
    case SMVAR_VOLUMETRIC_PERCENT: return "volumetric percent, read ÷ 100 as m3 m-3";
    case SMVAR_SATURATION: return "degree of saturation, not volumetric: drydowns, calibrate and cell need --porosity";
    case SMVAR_NO_UNITS: return "no units attribute: read as m3 m-3";
    case SMVAR_NOT_SOIL_MOISTURE: return "not a soil-moisture content";
    }
    return "";
}
