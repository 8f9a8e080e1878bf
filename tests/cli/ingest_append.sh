#!/bin/sh
# drytex ingest --append on copies of the real ESA CCI v05.2 piece in tests/data (dates moved by
# tests/bench/bench_ingest_global --make-only): a cube of 20 days plus 6 later files (4 days missing
# between) is bitwise the cube of all 26 files ingested at once, still chunked every day × 4 × 4, in
# memory or spilled; a grid, variable or dates that do not match are refused, naming the file, and
# leave the cube as it was; a killed append continues with --resume, bitwise.
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
expect_status 0 "--append --resume with nothing to resume: an append"
"$NCTOOL" equal "$WORK/all.nc" "$WORK/keep.nc" sm time lat lon && pass || fail "--append --resume without a journal differs"
cp "$WORK/cube20.nc" "$WORK/keep.nc"
run ingest --append -o "$WORK/none.nc" $later
expect_status 1 "--append to a cube that does not exist"
cmp -s "$WORK/cube20.nc" "$WORK/keep.nc" && pass || fail "a refused append changed the cube"
[ ! -e "$WORK/keep.nc.partial" ] && pass || fail "a refused append left a partial cube"

# Killed once it has journaled some blocks, then --append --resume: the cube it extends is untouched
# by the kill, and the resumed append is bitwise one ingest of every file (global days in the real
# layout, values tiled from the piece: 180 blocks of cells). An append whose cube has changed since
# the kill (it is one of the inputs fingerprinted) is refused, naming it.
"$BENCH_INGEST_GLOBAL" --make-only --tiled --days 40 --source "$PIECE" --dir "$WORK/global" || { echo "making the global days failed"; exit 99; }
gfirst=$(ls "$WORK"/global/ESACCI-*.nc | head -28)
glater=$(ls "$WORK"/global/ESACCI-*.nc | tail -12)
run ingest -j 2 -o "$WORK/gall.nc" $gfirst $glater
expect_status 0 "ingest of 40 global days"
run ingest -j 2 -o "$WORK/g28.nc" $gfirst
expect_status 0 "ingest of the first 28 global days"
killed_append() { # killed_append CUBE → appends $glater to CUBE, killed once 32 blocks are journaled
    kill_when_journaled "$1.partial.journal" 32 0 "$DRYTEX" ingest --append -j 2 -o "$1" $glater
    echo "# blocks journaled before the kill: ${journaled:-0} of 180"
    [ -e "$1.partial.journal" ] && [ "${journaled:-0}" -ge 32 ] && pass || fail "the append was not killed midway (journal: ${journaled:-none})"
}
cp "$WORK/g28.nc" "$WORK/gappend.nc"
killed_append "$WORK/gappend.nc"
cmp -s "$WORK/g28.nc" "$WORK/gappend.nc" && pass || fail "a killed append changed the cube it extends"
run ingest --append --resume -j 2 -o "$WORK/gappend.nc" $glater
expect_status 0 "--append --resume after a kill"
expect_err "blocks of cells verified in $WORK/gappend.nc.partial and kept" "the resumed append says what it kept"
"$NCTOOL" equal "$WORK/gall.nc" "$WORK/gappend.nc" sm time lat lon && pass || fail "killed + resumed append differs from one ingest"
[ ! -e "$WORK/gappend.nc.partial" ] && [ ! -e "$WORK/gappend.nc.partial.journal" ] && pass || fail "the resumed append left its partial files"

cp "$WORK/g28.nc" "$WORK/gchanged.nc"
killed_append "$WORK/gchanged.nc"
run ingest -j 2 --keep-flagged -o "$WORK/gother.nc" $gfirst
expect_status 0 "another cube of the same days (other values)"
cp "$WORK/gother.nc" "$WORK/gchanged.nc"
run ingest --append --resume -j 2 -o "$WORK/gchanged.nc" $glater
expect_status 1 "--append --resume when the cube changed since the kill"
expect_err "$WORK/gchanged.nc" "the refusal names the changed cube"

finish
