/* demo_write.h — writes the demo world to disk in real-product layouts. */
#ifndef DRYTEX_DEMO_WRITE_H
#define DRYTEX_DEMO_WRITE_H

#include "demo_world.h"
#include "status.h"

/* Progress: called with (done, total) in files written (demo_write_file_count). */
typedef void (*demo_progress)(size_t done, size_t total, void *context);

/* What is written: the whole world, or what the explorer opens (the bundled demo in the user's
 * cache): no daily files (sm/) and no reference_sm.nc — the two that `ingest` and
 * `simulate --reference` demonstrate, and most of the size (86 and 25 of 150 MB by default). */
typedef enum { DEMO_CONTENTS_ALL, DEMO_CONTENTS_EXPLORER } demo_contents;

/* The number of files demo_write_contents writes (the progress total). */
size_t demo_write_file_count(const demo_settings *settings, demo_contents contents);

/* Writes into directory dir (created if needed):
 *   sm/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-YYYYMMDD000000-fv08.1.nc  daily satellite SM
 *       (ESA CCI SM v08 layout: time=1, lat north→south, lon, float sm, fill −9999, flag)
 *   sm_cube.nc             the same series ingested into one per-cell-chunked cube
 *   soil/SAND1.nc, CLAY1.nc, OC1.nc   GSDE-like baseline, 0.05°, (depth=4, lat, lon), OC in 0.01 %
 *   soil/T_SAND.nc4, T_CLAY.nc4, T_OC.nc4  HWSD v1.2-like baseline, 0.05°, double, fill −1, lat ascending
 *   truth.nc               the true texture and thresholds on the satellite grid
 *   forcing.nc             daily precipitation and potential ET on the satellite grid
 *   reference_sm.nc        a reference SM: the true series (no retrieval noise, no gaps)
 *   README.txt             what is true, what is biased, how the series were made */
int demo_write(const demo_world *world, const char *dir, demo_progress progress, void *context,
               dt_error *err);
/* The same, of the given contents; the explorer's set is written in the order its first frame needs. */
int demo_write_contents(const demo_world *world, const char *dir, demo_contents contents, demo_progress progress,
                        void *context, dt_error *err);

#endif
