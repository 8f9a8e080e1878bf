#!/bin/sh
# The explorer's first run (issue 15 item 12): the cached demo's first-frame files are written at
# once with their size stated, the rest (forcing, truth, the HWSD-like soils, the cube compressed)
# by a background process that outlives the command, each file appearing whole; a stale
# demo.partial-PID of a process that is gone is removed; the finished demo is at most 50 MB and
# holds the same cube as `drytex demo` writes. `drytex` without a terminal writes the cache, then
# refuses (exit 2), which is what this test uses.
. "$TEST_LIB"
cache=$WORK/cache
mkdir -p "$cache/drytex"
# a first run stopped by Ctrl-C left this: a pid that names no process
sh -c 'exit 0' & dead=$!
wait "$dead"
mkdir "$cache/drytex/demo.partial-$dead"
echo "half a cube" >"$cache/drytex/demo.partial-$dead/sm_cube.nc"

XDG_CACHE_HOME=$cache "$DRYTEX" </dev/null >"$WORK/stdout" 2>"$WORK/stderr"
status=$? err=$(cat "$WORK/stderr")
expect_status 2 "the first run without a terminal writes the cache, then refuses"
expect_err "writing the demo world to $cache/drytex/demo (first run; 40 × 60 cells, 3653 days: about 41 MB)" "the first run states the demo's size"
expect_err "the cube and soils now, the forcing and the rest in the background" "the first run says what comes later"
expect_err "the explorer needs a terminal" "then the refusal"
[ -d "$cache/drytex/demo.partial-$dead" ] && fail "the stale demo.partial-$dead is still there" || pass
demo=$cache/drytex/demo
for f in sm_cube.nc soil/SAND1.nc soil/CLAY1.nc soil/OC1.nc stations.csv README.txt VERSION; do
    [ -s "$demo/$f" ] && pass || fail "the first frame's $f is missing"
done
run info "$demo/sm_cube.nc"
expect_status 0 "the first run's cube reads"
expect_out "3653" "the first run's cube holds 3653 days"

# the background writer: PENDING until it is done (at most 3 minutes on a busy machine)
i=0
while [ -e "$demo/PENDING" ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$demo/PENDING" ] && fail "the background writer has not finished in 180 s" || pass
for f in forcing.nc truth.nc soil/T_SAND.nc4 soil/T_CLAY.nc4 soil/T_OC.nc4; do
    [ -s "$demo/$f" ] && pass || fail "the background's $f is missing"
done
leftovers=$(find "$demo" -name '*.partial-*')
[ -z "$leftovers" ] && pass || fail "partial files left: $leftovers"
size=$(du -sm "$demo" | cut -f1)
[ "$size" -le 50 ] && pass || fail "the cached demo takes $size MB, more than 50"
echo "# the cached demo: $size MB"

# the same cube (now compressed) and forcing as the whole demo's
"$DRYTEX" demo "$WORK/whole" >/dev/null 2>&1 || fail "drytex demo"
"$NCTOOL" equal "$demo/sm_cube.nc" "$WORK/whole/sm_cube.nc" sm && pass || fail "the cached cube differs from drytex demo's"
"$NCTOOL" equal "$demo/forcing.nc" "$WORK/whole/forcing.nc" pr pet && pass || fail "the cached forcing differs from drytex demo's"
cmp -s "$demo/stations.csv" "$WORK/whole/stations.csv" && pass || fail "the cached stations differ from drytex demo's"

# a second run reuses it: no writing, nothing pending
XDG_CACHE_HOME=$cache "$DRYTEX" </dev/null >"$WORK/stdout" 2>"$WORK/stderr"
status=$? err=$(cat "$WORK/stderr")
expect_status 2 "the second run"
case "$err" in *"writing the demo world"*) fail "the second run writes the demo again: $err" ;; *) pass ;; esac
[ -e "$demo/PENDING" ] && fail "the second run left a PENDING" || pass
finish
