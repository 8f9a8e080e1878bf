/* texture_class.h — the 12 USDA soil texture classes (science.md §2.3), their Noah-MP STAS class
 * numbers, the triangle's class boundaries and the Clapp & Hornberger 1978 class means. */
#ifndef DRYTEX_TEXTURE_CLASS_H
#define DRYTEX_TEXTURE_CLASS_H

typedef enum {
    TEXTURE_SAND, TEXTURE_LOAMY_SAND, TEXTURE_SANDY_LOAM, TEXTURE_LOAM, TEXTURE_SILT_LOAM,
    TEXTURE_SILT, TEXTURE_SANDY_CLAY_LOAM, TEXTURE_CLAY_LOAM, TEXTURE_SILTY_CLAY_LOAM,
    TEXTURE_SANDY_CLAY, TEXTURE_SILTY_CLAY, TEXTURE_CLAY, TEXTURE_CLASS_COUNT,
    TEXTURE_NONE = -1 /* not a texture (NaN, negative, sand + clay > 100) */
} texture_class;

/* The class of (sand, clay) in %w; silt = 100 − sand − clay. TEXTURE_NONE off the triangle. */
texture_class texture_classify(double sand, double clay);

/* One class's rule on its own, without the range checks of texture_classify (for tests that
 * check the rules tile the triangle). 0 for an unknown class. */
int texture_rule(texture_class c, double sand, double clay);

const char *texture_class_name(texture_class c);       /* "Sandy clay loam"; "none" */
const char *texture_class_short_name(texture_class c); /* "sandy-clay-loam"; "none" */

/* The Noah-MP STAS soil class (1 sand, 2 loamy sand, 3 sandy loam, 4 silt loam, 5 silt, 6 loam,
 * 7 sandy clay loam, 8 silty clay loam, 9 clay loam, 10 sandy clay, 11 silty clay, 12 clay) of a
 * USDA class; 0 for TEXTURE_NONE. */
int texture_stas_class(texture_class c);

/* A point well inside the class, in %w, where a drawing can put the class's label. Returns 0 (and
 * leaves the outputs alone) for TEXTURE_NONE. */
int texture_label_point(texture_class c, double *sand, double *clay);

/* A straight piece of a class boundary from (sand1, clay1) to (sand2, clay2), in %w. */
typedef struct {
    double sand1, clay1, sand2, clay2; /* [%w] */
} texture_segment;

/* The interior class boundaries of the texture triangle (the outline sand = 0, clay = 0,
 * sand + clay = 100 is not included): a static array of *count segments. */
const texture_segment *texture_boundaries(int *count);

/* Clapp & Hornberger 1978 (WRR 14:601) Table 2 class means, converted to SI. */
typedef struct {
    double b;       /* [-] retention exponent */
    double psi_s;   /* [m] saturated suction, positive */
    double theta_s; /* [m3 m-3] porosity */
    double k_s;     /* [m s-1] saturated hydraulic conductivity */
} texture_ch78_mean;

/* Fills *out and returns 1 for the 11 classes of Clapp & Hornberger's table; returns 0 for silt
 * (not in their table) and TEXTURE_NONE. */
int texture_ch78_class_mean(texture_class c, texture_ch78_mean *out);

#endif
