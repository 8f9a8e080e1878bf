/* demo_cache.h — the bundled demo, written once into the user's cache and reused.
 *
 * BASE/demo holds the demo of this drytex's DEMO_WORLD_VERSION, stamped in BASE/demo/VERSION. It
 * is written into BASE/demo.partial-PID and renamed into place only when complete, so an
 * interrupted first run never leaves a half-written demo that a later run would take as whole. A
 * demo of another version (or one without a stamp) is kept, renamed BASE/demo.old-VERSION with the
 * job outputs the explorer may have written beside it, and a new one is written. The cached demo is
 * what the explorer opens (demo_write.h, DEMO_CONTENTS_EXPLORER: no daily files, no reference
 * series: 41 MB by default); partial demos of processes that are gone are removed. */
#ifndef DRYTEX_DEMO_CACHE_H
#define DRYTEX_DEMO_CACHE_H

#include <stddef.h>

#include "demo_world.h"
#include "status.h"

/* The cache base: $XDG_CACHE_HOME/drytex, else $HOME/.cache/drytex (created when missing). */
int demo_cache_base(char *base, size_t size, dt_error *err);

/* Makes sure BASE/demo holds a complete demo of this version written with SETTINGS (written now
 * when it does not, with its size and progress on stderr) and puts its path in DIR. */
int demo_cache_open(const char *base, const demo_settings *settings, char *dir, size_t size, dt_error *err);
/* The same for the explorer's first frame (≤ 2 s): a demo not there yet gets what the first frame
 * needs (the cube, the GSDE-like soils, the stations) now and the rest (the forcing, truth.nc, the
 * HWSD-like soils) from a background process, each file appearing whole; DIR/PENDING exists until
 * it is done, and a writer that died is followed by a new one at the next call. */
int demo_cache_open_first(const char *base, const demo_settings *settings, char *dir, size_t size, dt_error *err);
/* 1 while DIR's rest is still to be written (DIR/PENDING), with its writer's pid in *pid (may be
 * NULL; 0 when not known). */
int demo_cache_pending(const char *dir, long *pid);
/* The cached demo's size [MB] for these settings (the default world's: 41 MB). */
double demo_cache_megabytes(const demo_settings *settings);

#endif
