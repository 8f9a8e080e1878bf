/* texture_class.c — USDA texture classes (Soil Survey Staff; the rules as tabulated in
 * science.md §2.3, which tile the triangle with no gap or overlap). */
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
    case TEXTURE_SILT_LOAM: return (silt >= 50 && clay >= 12 && clay < 27) || (silt >= 50 && silt < 80 && clay < 12);
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
    if (isnan(sand) || isnan(clay) || sand < 0 || clay < 0 || sand + clay > 100.0 + 1e-9) return TEXTURE_NONE;
    for (int c = 0; c < TEXTURE_CLASS_COUNT; c++)
        if (texture_rule((texture_class)c, sand, clay)) return (texture_class)c;
    return TEXTURE_NONE;
}

static const char *const names[TEXTURE_CLASS_COUNT] = {
    "Sand", "Loamy sand", "Sandy loam", "Loam", "Silt loam", "Silt", "Sandy clay loam",
    "Clay loam", "Silty clay loam", "Sandy clay", "Silty clay", "Clay"};
static const char *const short_names[TEXTURE_CLASS_COUNT] = {
    "sand", "loamy-sand", "sandy-loam", "loam", "silt-loam", "silt", "sandy-clay-loam",
    "clay-loam", "silty-clay-loam", "sandy-clay", "silty-clay", "clay"};

const char *texture_class_name(texture_class c)
{
    return c >= 0 && c < TEXTURE_CLASS_COUNT ? names[c] : "none";
}

const char *texture_class_short_name(texture_class c)
{
    return c >= 0 && c < TEXTURE_CLASS_COUNT ? short_names[c] : "none";
}

int texture_stas_class(texture_class c)
{
    /* STAS: 1 sand, 2 loamy sand, 3 sandy loam, 4 silt loam, 5 silt, 6 loam, 7 sandy clay loam,
     * 8 silty clay loam, 9 clay loam, 10 sandy clay, 11 silty clay, 12 clay */
    static const int stas[TEXTURE_CLASS_COUNT] = {1, 2, 3, 6, 4, 5, 7, 9, 8, 10, 11, 12};
    return c >= 0 && c < TEXTURE_CLASS_COUNT ? stas[c] : 0;
}

/* The boundary lines of the rules above, clipped to the triangle (sand, clay in %w). */
static const texture_segment boundaries[] = {
    {85, 0, 90, 10},     /* sand | loamy sand: silt + 1.5 clay = 15 */
    {70, 0, 85, 15},     /* loamy sand | sandy loam: silt + 2 clay = 30 */
    {52, 7, 52, 20},     /* sandy loam | loam (sand = 52) */
    {50, 0, 43, 7},      /* sandy loam | silt loam (silt = 50, clay < 7) */
    {43, 7, 52, 7},      /* sandy loam | loam (clay = 7) */
    {80, 20, 52, 20},    /* sandy loam | sandy clay loam (clay = 20) */
    {20, 0, 8, 12},      /* silt loam | silt (silt = 80) */
    {8, 12, 0, 12},      /* silt (clay = 12) */
    {50, 0, 23, 27},     /* loam | silt loam (silt = 50) */
    {45, 27, 0, 27},     /* loam, silt loam | clay loam, silty clay loam (clay = 27) */
    {52, 20, 45, 27},    /* loam | sandy clay loam (silt = 28) */
    {65, 35, 45, 35},    /* sandy clay loam | sandy clay (clay = 35) */
    {45, 27, 45, 55},    /* sand = 45 */
    {20, 27, 20, 40},    /* clay loam | silty clay loam (sand = 20) */
    {45, 40, 0, 40},     /* clay = 40 */
    {20, 40, 0, 60},     /* clay | silty clay (silt = 40) */
};

const texture_segment *texture_boundaries(int *count)
{
    *count = (int)(sizeof boundaries / sizeof *boundaries);
    return boundaries;
}
