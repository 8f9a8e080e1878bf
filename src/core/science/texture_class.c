/* texture_class.c — USDA texture classes. The rules are those of the USDA Soil Survey Manual
 * (Soil Survey Division Staff 1993, ch. 3, "Soil texture"), in the form tabulated in science.md
 * §2.3, which tiles the triangle with no gap or overlap (test_texture_class.c checks it). */
#include "texture_class.h"

#include <math.h>
#include <stddef.h>

int texture_rule(texture_class c, double sand, double clay)
{
    double silt = 100.0 - sand - clay;
    switch (c) {
    case TEXTURE_SAND: return silt + 1.5 * clay < 15;
    case TEXTURE_LOAMY_SAND: return silt + 1.5 * clay >= 15 && silt + 2 * clay < 30;
    case TEXTURE_SANDY_LOAM:
        return (clay >= 7 && clay < 20 && sand > 52 && silt + 2 * clay >= 30) ||
               (clay < 7 && silt < 50 && silt + 2 * clay >= 30);
    case TEXTURE_LOAM: return clay >= 7 && clay < 27 && silt >= 28 && silt < 50 && sand <= 52;
    case TEXTURE_SILT_LOAM:
        return (silt >= 50 && clay >= 12 && clay < 27) || (silt >= 50 && silt < 80 && clay < 12);
    case TEXTURE_SILT: return silt >= 80 && clay < 12;
    case TEXTURE_SANDY_CLAY_LOAM: return clay >= 20 && clay < 35 && silt < 28 && sand > 45;
    case TEXTURE_CLAY_LOAM: return clay >= 27 && clay < 40 && sand > 20 && sand <= 45;
    case TEXTURE_SILTY_CLAY_LOAM: return clay >= 27 && clay < 40 && sand <= 20;
    case TEXTURE_SANDY_CLAY: return clay >= 35 && sand > 45;
    case TEXTURE_SILTY_CLAY: return clay >= 40 && silt >= 40;
    case TEXTURE_CLAY: return clay >= 40 && sand <= 45 && silt < 40;
    default: return 0;
    }
}

texture_class texture_classify(double sand, double clay)
{
    if (!(sand >= 0 && clay >= 0 && sand + clay <= 100.0 + 1e-9)) return TEXTURE_NONE; /* NaN too */
    for (int c = 0; c < TEXTURE_CLASS_COUNT; c++)
        if (texture_rule((texture_class)c, sand, clay)) return (texture_class)c;
    return TEXTURE_NONE;
}

static int valid(texture_class c)
{
    return c >= 0 && c < TEXTURE_CLASS_COUNT;
}

static const char *const names[TEXTURE_CLASS_COUNT] = {
    "Sand", "Loamy sand", "Sandy loam", "Loam", "Silt loam", "Silt", "Sandy clay loam",
    "Clay loam", "Silty clay loam", "Sandy clay", "Silty clay", "Clay"};
static const char *const short_names[TEXTURE_CLASS_COUNT] = {
    "sand", "loamy-sand", "sandy-loam", "loam", "silt-loam", "silt", "sandy-clay-loam",
    "clay-loam", "silty-clay-loam", "sandy-clay", "silty-clay", "clay"};

const char *texture_class_name(texture_class c)
{
    return valid(c) ? names[c] : "none";
}

const char *texture_class_short_name(texture_class c)
{
    return valid(c) ? short_names[c] : "none";
}

int texture_stas_class(texture_class c)
{
    /* STAS numbering of NoahmpTable.TBL &noahmp_soil_stas_parameters, in this enum's order */
    static const int stas[TEXTURE_CLASS_COUNT] = {1, 2, 3, 6, 4, 5, 7, 9, 8, 10, 11, 12};
    return valid(c) ? stas[c] : 0;
}

int texture_label_point(texture_class c, double *sand, double *clay)
{
    static const double points[TEXTURE_CLASS_COUNT][2] = {
        {92, 3}, {82, 6}, {65, 10}, {40, 18}, {22, 14}, {6, 5},
        {60, 27}, {32, 33}, {10, 33}, {52, 42}, {8, 47}, {20, 60}};
    if (!valid(c)) return 0;
    *sand = points[c][0];
    *clay = points[c][1];
    return 1;
}

/* The boundary lines of the rules above, clipped to the triangle (sand, clay in %w). */
static const texture_segment boundaries[] = {
    {85, 0, 90, 10},  /* sand | loamy sand: silt + 1.5 clay = 15 */
    {70, 0, 85, 15},  /* loamy sand | sandy loam: silt + 2 clay = 30 */
    {80, 20, 52, 20}, /* sandy loam | sandy clay loam: clay = 20 */
    {52, 7, 52, 20},  /* sandy loam | loam: sand = 52 */
    {52, 7, 43, 7},   /* sandy loam | loam: clay = 7 */
    {50, 0, 43, 7},   /* sandy loam | silt loam: silt = 50 */
    {43, 7, 23, 27},  /* loam | silt loam: silt = 50 */
    {20, 0, 8, 12},   /* silt loam | silt: silt = 80 */
    {8, 12, 0, 12},   /* silt loam | silt: clay = 12 */
    {52, 20, 45, 27}, /* loam | sandy clay loam: silt = 28 */
    {45, 27, 0, 27},  /* loam, silt loam | clay loam, silty clay loam: clay = 27 */
    {65, 35, 45, 35}, /* sandy clay loam | sandy clay: clay = 35 */
    {45, 27, 45, 55}, /* sandy clay loam, sandy clay | clay loam, clay: sand = 45 */
    {20, 27, 20, 40}, /* clay loam | silty clay loam: sand = 20 */
    {45, 40, 0, 40},  /* clay loam, silty clay loam | clay, silty clay: clay = 40 */
    {20, 40, 0, 60},  /* clay | silty clay: silt = 40 */
};

const texture_segment *texture_boundaries(int *count)
{
    *count = (int)(sizeof boundaries / sizeof *boundaries);
    return boundaries;
}

int texture_ch78_class_mean(texture_class c, texture_ch78_mean *out)
{
    /* Clapp & Hornberger 1978 Table 2: b, ψs [cm], θs, Ks [cm min-1] (as quoted in science.md
     * §2.2); silt has no row (NAN). */
    static const double table[TEXTURE_CLASS_COUNT][4] = {
        {4.05, 12.1, 0.395, 1.056},   {4.38, 9.0, 0.410, 0.938},    {4.90, 21.8, 0.435, 0.208},
        {5.39, 47.8, 0.451, 0.0417},  {5.30, 78.6, 0.485, 0.0432},  {NAN, NAN, NAN, NAN},
        {7.12, 29.9, 0.420, 0.0378},  {8.52, 63.0, 0.476, 0.0147},  {7.75, 35.6, 0.477, 0.0102},
        {10.4, 15.3, 0.426, 0.0130},  {10.4, 49.0, 0.492, 0.0062},  {11.4, 40.5, 0.482, 0.0077}};
    if (!valid(c) || isnan(table[c][0])) return 0;
    out->b = table[c][0];
    out->psi_s = table[c][1] / 100.0;   /* cm → m */
    out->theta_s = table[c][2];
    out->k_s = table[c][3] / 100.0 / 60.0; /* cm min-1 → m s-1 */
    return 1;
}
