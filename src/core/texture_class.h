/* texture_class.h — the 12 USDA soil texture classes (science.md §2.3) and their Noah-MP
 * STAS class numbers. */
#ifndef DRYTEX_TEXTURE_CLASS_H
#define DRYTEX_TEXTURE_CLASS_H

typedef enum {
    TEXTURE_SAND, TEXTURE_LOAMY_SAND, TEXTURE_SANDY_LOAM, TEXTURE_LOAM, TEXTURE_SILT_LOAM,
    TEXTURE_SILT, TEXTURE_SANDY_CLAY_LOAM, TEXTURE_CLAY_LOAM, TEXTURE_SILTY_CLAY_LOAM,
    TEXTURE_SANDY_CLAY, TEXTURE_SILTY_CLAY, TEXTURE_CLAY, TEXTURE_CLASS_COUNT,
    TEXTURE_NONE = -1 /* not a texture (NaN, negative, sand + clay > 100) */
} texture_class;

/* The class of (sand, clay) in %w; silt = 100 − sand − clay. */
texture_class texture_classify(double sand, double clay);

/* Each rule on its own (for tests that check the rules tile the triangle). */
int texture_rule(texture_class c, double sand, double clay);

const char *texture_class_name(texture_class c);       /* "Sandy clay loam" */
const char *texture_class_short_name(texture_class c); /* "sandy-clay-loam"; "none" */

/* The Noah-MP STAS soil class (1 sand … 12 clay) of a USDA class. */
int texture_stas_class(texture_class c);

/* Class boundaries as segments in (sand, clay) %w, for drawing the texture triangle. */
typedef struct {
    double sand1, clay1, sand2, clay2;
} texture_segment;
const texture_segment *texture_boundaries(int *count);

#endif
