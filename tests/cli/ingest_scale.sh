#!/bin/sh
# drytex ingest at scale, on copies of the real ESA CCI v05.2 pieces in tests/data (made here with
# their name, time and t0 moved day by day, by tests/bench/bench_ingest_global --make-only): two
# worker processes give the cube of one, bitwise; a --memory too small for the days spills them to
# disk and still gives that cube; on 40 global days (the real layout, values tiled from a piece) the
# peak memory of all ingest's processes stays within --memory + 64 MB where drytex before this
# change held 1.87 × --memory (956 MB for 512 MB, issue 17).
. "$TEST_LIB"

: "${BENCH_INGEST_GLOBAL:?run through make check}"
PIECE="$TEST_DATA/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc"
"$BENCH_INGEST_GLOBAL" --make-only --days 45 --source "$PIECE" --dir "$WORK/days" || { echo "making the days failed"; exit 99; }
# a gap: day 11 is missing (NaN in the cube)
rm "$WORK/days/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160617000000-fv05.2.nc"
set -- "$WORK"/days/ESACCI-*.nc
[ $# -eq 44 ] && pass || fail "44 daily files expected, $# made"

run ingest -j 1 -o "$WORK/one.nc" "$@"
expect_status 0 "ingest on one worker"
expect_err "wrote $WORK/one.nc: 45 days, 40 × 40 cells" "one worker: summary"
run ingest -j 2 -o "$WORK/two.nc" "$@"
expect_status 0 "ingest on two workers"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/two.nc" sm time lat lon && pass || fail "two workers' cube differs from one's"
run ingest -j 3 --memory 0.1 -o "$WORK/spilled.nc" "$@"
expect_status 0 "ingest spilled to disk"
expect_err "spilled" "the summary says the days were spilled"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/spilled.nc" sm time lat lon && pass || fail "the spilled cube differs from the in-memory one"
[ ! -e "$WORK/spilled.nc.partial.spill" ] && pass || fail "the spill file was left behind"

# The cube's days are the files' (day 1 as the first file reads, flag-masked), the gap is missing.
run info "$WORK/one.nc"
expect_out "45 steps, 2016-06-07 … 2016-07-21, daily" "the cube's time axis"
values=$(ncdump -v sm "$WORK/one.nc" | tr -d ' \n' | sed 's/.*sm=//; s/;.*//')
day1=$(printf '%s' "$values" | awk -F, '{n = 0; for (i = 1; i <= 1600; i++) n += $i != "_"; print n}')
gap=$(printf '%s' "$values" | awk -F, '{n = 0; for (i = 10 * 1600 + 1; i <= 11 * 1600; i++) n += $i != "_"; print n}')
[ "$gap" = 0 ] && pass || fail "the missing day has $gap values in the cube"
[ "${day1:-0}" -gt 1000 ] && [ "${day1:-0}" -le 1392 ] && pass || fail "the first day holds $day1 valid values (CDO: 1392 before the flag)"

run ingest -j 2 --memory 0.01 -o "$WORK/tiny.nc" "$@"
expect_status 2 "a budget below one reader's maps"
expect_err "cannot hold one reader" "the budget refusal says why"
[ ! -e "$WORK/tiny.nc" ] && [ ! -e "$WORK/tiny.nc.partial" ] && pass || fail "a refused ingest left a file"

# Peak memory on 40 global days (160 MB of values) under --memory 96: spilled, within the budget.
"$BENCH_INGEST_GLOBAL" --make-only --tiled --days 40 --source "$PIECE" --dir "$WORK/global" || { echo "making the global days failed"; exit 99; }
"$BENCH_INGEST_GLOBAL" --measure "$DRYTEX" ingest -j 2 --memory 96 -o "$WORK/global.nc" "$WORK"/global/ESACCI-*.nc >"$WORK/measure"
measured=$(cat "$WORK/measure")
echo "# 40 global days, --memory 96: $measured"
set -- $measured
[ "$8" = 0 ] && pass || fail "global ingest failed: $measured"
# (not in the sanitizer build, .ci/sanitize: ASan's shadow memory and quarantine are not drytex's)
if [ -z "${DRYTEX_SANITIZED:-}" ]; then
    [ "$6" -le $(((96 + 64) * 1024)) ] && pass || fail "all processes together held $6 kB, more than --memory 96 + 64 MB"
    [ "$4" -le $(((96 + 64) * 1024)) ] && pass || fail "the largest process held $4 kB, more than --memory 96 + 64 MB"
fi
"$BENCH_INGEST_GLOBAL" --measure "$DRYTEX" ingest -j 2 -o "$WORK/global_memory.nc" "$WORK"/global/ESACCI-*.nc >"$WORK/measure"
"$NCTOOL" equal "$WORK/global.nc" "$WORK/global_memory.nc" sm && pass || fail "global: spilled and in-memory cubes differ"

# Killed once it has journaled some blocks, then --resume: the same cube, bitwise; the blocks
# journaled are verified in the partial cube and kept. A partial cube the kill left damaged (here
# cut in half) is not trusted: its blocks fail their checksums and are written again.
killed_run() { # killed_run OUT → starts ingest of the global days into OUT, kills it once 40 blocks are journaled
    # its workers end with it (PR_SET_PDEATHSIG) but not at the same instant: until they have, they
    # hold the output's lock (slow in the sanitizer build, whose processes take long to tear down)
    kill_when_journaled "$1.partial.journal" 40 0 "$DRYTEX" ingest -j 2 -o "$1" "$WORK"/global/ESACCI-*.nc
    echo "# the killed ingest's workers: ${watched:-none}"
    [ -z "$outlived" ] && pass || fail "the killed ingest's workers outlived it by 10 s:$outlived"
}
killed_run "$WORK/resumed.nc"
[ ! -e "$WORK/resumed.nc" ] && [ -e "$WORK/resumed.nc.partial" ] && pass || fail "the killed ingest left no partial cube (or a finished one)"
journaled=$(grep -c '^block ' "$WORK/resumed.nc.partial.journal")
echo "# blocks journaled before the kill: $journaled of 180"
run ingest -j 2 --resume -o "$WORK/resumed.nc" "$WORK"/global/ESACCI-*.nc
expect_status 0 "ingest --resume after a kill"
expect_err "blocks of cells verified in $WORK/resumed.nc.partial and kept" "resume says what it kept"
"$NCTOOL" equal "$WORK/global.nc" "$WORK/resumed.nc" sm time lat lon && pass || fail "killed + resumed cube differs"
[ ! -e "$WORK/resumed.nc.partial" ] && [ ! -e "$WORK/resumed.nc.partial.journal" ] && pass || fail "resume left its partial files"

killed_run "$WORK/damaged.nc"
size=$(wc -c <"$WORK/damaged.nc.partial")
head -c $((size / 2)) "$WORK/damaged.nc.partial" >"$WORK/half" && mv "$WORK/half" "$WORK/damaged.nc.partial"
run ingest -j 2 --resume -o "$WORK/damaged.nc" "$WORK"/global/ESACCI-*.nc
expect_status 0 "ingest --resume from a damaged partial cube"
"$NCTOOL" equal "$WORK/global.nc" "$WORK/damaged.nc" sm time lat lon && pass || fail "resumed from a damaged partial: the cube differs"

killed_run "$WORK/changed.nc"
cp "$WORK/global/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160610000000-fv05.2.nc" "$WORK/day4"
cp "$WORK/global/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160611000000-fv05.2.nc" \
    "$WORK/global/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160610000000-fv05.2.nc"
run ingest -j 2 --resume -o "$WORK/changed.nc" "$WORK"/global/ESACCI-*.nc
expect_status 1 "--resume with an input changed since the kill"
expect_err "20160610000000-fv05.2.nc: changed since the job began" "the changed input is named"
mv "$WORK/day4" "$WORK/global/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160610000000-fv05.2.nc"
run ingest -j 1 --memory 64 --resume -o "$WORK/changed.nc" "$WORK"/global/ESACCI-*.nc
expect_status 1 "--resume with other settings (another --memory, so other blocks)"
expect_err "changed.nc.partial.journal: was started with other settings" "other settings are refused"

finish
