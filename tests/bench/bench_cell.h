/* bench_cell.h — the 20-year daily cell the drydown benchmarks time (bench_science, bench_drydown_cell). */
#ifndef DRYTEX_BENCH_CELL_H
#define DRYTEX_BENCH_CELL_H

#include <stddef.h>

#define BENCH_CELL_DAYS 7305

/* A cell shaped like the demo's: rain pulses to 0.3, decay to θw 0.1 (τ 6 d), σ 0.004 noise,
 * 30 % of days missing (NaN); the same values on every call. Returns a malloc'd [BENCH_CELL_DAYS]. */
float *bench_cell_series(void);

#endif
