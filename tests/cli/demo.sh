#!/bin/sh
# drytex demo: the twin world in real-product layouts, deterministic for a seed, readable by info.
. "$TEST_LIB"

run demo "$WORK/demo"
expect_status 0 "demo"
expect_out "wrote the demo world to $WORK/demo" "demo message"
for f in sm_cube.nc truth.nc forcing.nc reference_sm.nc README.txt soil/SAND1.nc soil/CLAY1.nc \
         soil/OC1.nc soil/T_SAND.nc4 soil/T_CLAY.nc4 soil/T_OC.nc4; do
    [ -s "$WORK/demo/$f" ] && pass || fail "demo lacks $f"
done
days=$(ls "$WORK/demo/sm" | wc -l)
[ "$days" -eq 3653 ] && pass || fail "demo has $days daily files, expected 3653"

run info "$WORK/demo/sm_cube.nc"
expect_out "grid: regular lat/lon 0.25° × 0.25°, 40 × 60" "demo cube grid"
expect_out "3653 steps, 2011-01-01 … 2020-12-31, daily" "demo cube time"
run info "$WORK/demo/sm/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20150101000000-fv08.1.nc"
expect_out "time: 1 step, 2015-01-01" "demo daily file time"
run info "$WORK/demo/soil/OC1.nc"
expect_out "read ×0.01 (units say so)" "demo GSDE OC scaling"
expect_out "layers: 4 along 'depth'" "demo GSDE layers"
run info "$WORK/demo/soil/T_SAND.nc4"
expect_out "south→north" "demo HWSD latitude ascending"

# The cube equals the daily files, ingested.
run ingest -o "$WORK/reingested.nc" "$WORK/demo/sm/"*.nc
expect_status 0 "ingest the demo's daily files"
"$NCTOOL" equal "$WORK/demo/sm_cube.nc" "$WORK/reingested.nc" sm time lat lon && pass || fail "sm_cube.nc differs from the ingested daily files"

# Deterministic: the same seed writes the same truth.
run demo "$WORK/demo2"
"$NCTOOL" equal "$WORK/demo/truth.nc" "$WORK/demo2/truth.nc" sand clay soc theta_w theta_c && pass || fail "demo truth is not deterministic"
"$NCTOOL" equal "$WORK/demo/sm_cube.nc" "$WORK/demo2/sm_cube.nc" sm && pass || fail "demo series are not deterministic"

run demo --truth-ptf nonsense "$WORK/demo3"
expect_status 2 "demo with an unknown PTF"
finish
