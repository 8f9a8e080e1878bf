/* demo_bands.h — the demo world's daily series made a band of rows at a time by worker threads, so
 * that a writer takes them band by band: a world's series never sit in memory whole, and a band's
 * cells are scattered into arrays that stay in the cache (the whole-world arrays of day × cell
 * were written a day apart, a cache miss a value, and took longer than making the series). */
#ifndef DRYTEX_DEMO_BANDS_H
#define DRYTEX_DEMO_BANDS_H

#include <stddef.h>

#include "demo_world.h"

/* Rows a band: the cube's chunk edge, so a band fills whole chunks. */
enum { DEMO_BAND_ROWS = 4 };

/* The series a band can hold. */
enum { DEMO_SATELLITE, DEMO_TRUTH, DEMO_PRECIP, DEMO_PET, DEMO_SERIES_KINDS };

typedef struct {
    size_t row0, nrows, cols, ndays;
    float *values[DEMO_SERIES_KINDS]; /* [ndays][nrows][cols] each (NULL: not asked for): m3 m-3, mm d-1 */
} demo_band;

/* The number of bands of the world's rows. */
size_t demo_band_count(const demo_settings *settings);

/* Makes band number index (rows index·DEMO_BAND_ROWS …) of the kinds with wanted[k] set, on the
 * default number of threads (demo_cell_series: each cell its own random stream, so the values do
 * not depend on the threads). band's arrays are (re)allocated as needed; free them with
 * demo_band_free. */
void demo_band_make(const demo_world *world, size_t index, const int wanted[DEMO_SERIES_KINDS], demo_band *band);
/* The same in the background: the band is being made by worker threads until demo_band_wait (so a
 * writer compresses one band while the next is made); band must not be touched before. */
typedef struct demo_band_job demo_band_job;
demo_band_job *demo_band_start(const demo_world *world, size_t index, const int wanted[DEMO_SERIES_KINDS], demo_band *band);
void demo_band_wait(demo_band_job *job);
void demo_band_free(demo_band *band);

#endif
