#!/bin/sh
# drytex ingest --append on copies of the real ESA CCI v05.2 piece in tests/data (dates moved by
# tests/bench/bench_ingest_global --make-only): a cube of 20 days plus 6 later files (4 days missing
# between) is bitwise the cube of all 26 files ingested at once, still chunked every day × 4 × 4, in
# memory or spilled; a grid, variable or dates that do not match are refused, naming the file, and
# leave the cube as it was.
. "$TEST_LIB"

: "${BENCH_INGEST_GLOBAL:?run through make check}"
PIECE="$TEST_DATA/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc"
"$BENCH_INGEST_GLOBAL" --make-only --days 30 --source "$PIECE" --dir "$WORK/days" || { echo "making the days failed"; exit 99; }
first=$(ls "$WORK"/days/ESACCI-*.nc | head -20)
later=$(ls "$WORK"/days/ESACCI-*.nc | tail -6)

run ingest -o "$WORK/all.nc" $first $later
expect_status 0 "ingest of all 26 files"
run ingest -o "$WORK/cube.nc" $first
expect_status 0 "ingest of the first 20 days"
cp "$WORK/cube.nc" "$WORK/cube20.nc"
run ingest --append -o "$WORK/cube.nc" $later
expect_status 0 "--append of 6 later days"
expect_err "appended 10 days to $WORK/cube.nc (6 files): now 30 days" "append summary"
"$NCTOOL" equal "$WORK/all.nc" "$WORK/cube.nc" sm time lat lon && pass || fail "appended cube differs from one ingest of all files"
chunks=$(ncdump -hs "$WORK/cube.nc" | grep 'sm:_ChunkSizes' | tr -d ' \t;')
[ "$chunks" = "sm:_ChunkSizes=30,4,4" ] && pass || fail "appended cube chunking is '$chunks'"
cp "$WORK/cube20.nc" "$WORK/spilled.nc"
run ingest --append --memory 0.1 -o "$WORK/spilled.nc" $later
expect_status 0 "--append spilled to disk"
"$NCTOOL" equal "$WORK/all.nc" "$WORK/spilled.nc" sm time lat lon && pass || fail "spilled append differs"

# Refusals leave the cube untouched.
cp "$WORK/cube20.nc" "$WORK/keep.nc"
run ingest --append -o "$WORK/keep.nc" $(ls "$WORK"/days/ESACCI-*.nc | sed -n '20,22p')
expect_status 1 "--append of days the cube has"
expect_err "is not after the cube $WORK/keep.nc's last day 2016-06-26 (the dates overlap)" "overlap message"
sed -e "s/time = 16436 ;/time = 17100 ;/" "$TEST_DATA/esacci_sm.cdl" >"$WORK/day.cdl"
"$NCGEN" -k nc4 -o "$WORK/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20161024000000-fv08.1.nc" "$WORK/day.cdl"
run ingest --append -o "$WORK/keep.nc" "$WORK/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20161024000000-fv08.1.nc"
expect_status 1 "--append of another grid"
expect_err "its 4 × 6 grid is not the cube $WORK/keep.nc's 40 × 40" "grid message"
run ingest --append --variable sm_uncertainty -o "$WORK/keep.nc" $later
expect_status 1 "--append of another variable"
expect_err "variable sm_uncertainty, the cube $WORK/keep.nc holds sm" "variable message"
run ingest --append --resume -o "$WORK/keep.nc" $later
expect_status 2 "--append --resume"
run ingest --append -o "$WORK/none.nc" $later
expect_status 1 "--append to a cube that does not exist"
cmp -s "$WORK/cube20.nc" "$WORK/keep.nc" && pass || fail "a refused append changed the cube"
[ ! -e "$WORK/keep.nc.partial" ] && pass || fail "a refused append left a partial cube"

finish
