/* demo_write.h — writes the demo world to disk in real-product layouts. */
#ifndef DRYTEX_DEMO_WRITE_H
#define DRYTEX_DEMO_WRITE_H

#include "demo_world.h"
#include "status.h"

/* Progress: called with (done, total) in steps: a file, or a band of rows of the series files
 * (demo_write_step_count). */
typedef void (*demo_progress)(size_t done, size_t total, void *context);

/* What is written, in parts (a demo_contents is a set of them):
 *   DEMO_PART_FIRST  what the explorer's first frame needs: sm_cube.nc and the GSDE-like soils, and
 *                    stations.csv and README.txt
 *                    (the first part alone writes the cube uncompressed: fast, 35 instead of 25 MB)
 *   DEMO_PART_REST   the rest of what the explorer opens: forcing.nc (the Noah-MP panel, :simulate),
 *                    truth.nc, the HWSD-like soils, and (written alone) the cube again, compressed;
 *                    written alone (into a directory an explorer may have open) each file is written
 *                    as NAME.partial-PID and renamed when whole
 *   DEMO_PART_DAILY  the daily files (sm/) and reference_sm.nc, which `ingest` and
 *                    `simulate --reference` demonstrate: most of the size (86 and 25 of 150 MB) */
enum { DEMO_PART_FIRST = 1, DEMO_PART_REST = 2, DEMO_PART_DAILY = 4 };
typedef unsigned demo_contents;
#define DEMO_CONTENTS_EXPLORER (DEMO_PART_FIRST | DEMO_PART_REST)
#define DEMO_CONTENTS_ALL (DEMO_PART_FIRST | DEMO_PART_REST | DEMO_PART_DAILY)

/* The number of steps demo_write_contents reports (the progress total). */
size_t demo_write_step_count(const demo_settings *settings, demo_contents contents);

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
/* The same, of the given contents, in the order the explorer's first frame needs them. */
int demo_write_contents(const demo_world *world, const char *dir, demo_contents contents, demo_progress progress,
                        void *context, dt_error *err);

#endif
