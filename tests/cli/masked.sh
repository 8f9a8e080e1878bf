#!/bin/sh
# Physical validation at the door (issue 14): soil moisture outside 0 … 1 m3 m-3 (after ÷ 100 for
# percent) is masked, not used, and counted — in info, in each domain job's summary and in the
# outputs' global attribute drytex_sm_masked_outside_0_1 (the ingest cube, the drydowns and
# calibrate outputs, simulate's for its references), a resumed job's count included. On a crafted
# cube (1.56, −0.43, 1.02), on a real ESA CCI file with two values made impossible, and on the
# real files as they are (nothing to mask).
. "$TEST_LIB"

attribute() { ncdump -h "$1" | sed -n 's/.*:drytex_sm_masked_outside_0_1 = \([0-9.]*\) ;/\1/p' | sed 's/\.$//'; }

# A crafted cube: 1.56 and −0.43 on day 1, 1.02 on day 3; 2.0 on day 2 is flagged (the flag masks it).
for kind in sm_impossible sm_impossible_percent; do
    nc=$(fixture $kind.cdl nc4)
    run info "$nc"
    expect_out "values: 4 of 6 cells valid in the first map" "info $kind: the impossible values are not valid"
    expect_out "impossible: 2 more cells hold a value outside" "info $kind: counts the two impossible values"
    expect_out "flagged: 0 more cells" "info $kind: the flag marks nothing on day 1"
    run ingest -o "$WORK/$kind-cube.nc" "$nc"
    expect_status 0 "ingest $kind"
    [ "$(attribute "$WORK/$kind-cube.nc")" = 3 ] && pass || fail "ingest $kind: drytex_sm_masked_outside_0_1 is not 3: $(attribute "$WORK/$kind-cube.nc")"
    "$NCTOOL" stats "$WORK/$kind-cube.nc" sm | grep -q "^valid 13 .* min 0.000000 max 1.000000" && pass ||
        fail "ingest $kind: the cube is not the 13 possible values 0 … 1: $("$NCTOOL" stats "$WORK/$kind-cube.nc" sm)"
done
run info "$WORK/sm_impossible-cube.nc"
expect_out "impossible: 0 more cells" "info on the ingested cube: nothing left to mask"
run info --keep-flagged "$(fixture sm_impossible.cdl nc4 kept.nc)"
expect_out "impossible: 2 more cells" "--keep-flagged does not keep impossible values"

# A real ESA CCI v05.2 day with two valid, unflagged values made impossible. Its valid_range 0 … 1
# masks them first (the file declares them missing: not counted); without it, the check does.
real=ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc
cp "$TEST_DATA/$real" "$WORK/$real" && chmod u+w "$WORK/$real"
ncdump -v sm,flag "$TEST_DATA/$real" | sed -n '/^ sm =/,/^ flag =/p;/^ flag =/,/;/p' | tr -d ' ;' | tr ',' '\n' |
    sed -e 's/^sm=//' -e 's/^flag=//' | grep . >"$WORK/values.txt"
n=$(($(wc -l <"$WORK/values.txt") / 2))
picks=$(awk -v n="$n" 'NR <= n { sm[NR - 1] = $1 } NR > n { if (sm[NR - 1 - n] != "_" && $1 == "0" && k < 2) { print NR - 1 - n; k++ } }' "$WORK/values.txt")
set -- $picks
[ $# -eq 2 ] || { echo "no two valid, unflagged cells found in $real"; exit 99; }
"$NCTOOL" set "$WORK/$real" sm "$1" 1.56 && "$NCTOOL" set "$WORK/$real" sm "$2" -0.43 || exit 99
run info "$TEST_DATA/$real"
expect_out "values: 1392 of 1600 cells valid in the first map" "real ESA CCI: as before"
expect_out "impossible: 0 more cells" "real ESA CCI: nothing impossible in the real file"
run info "$WORK/$real"
expect_out "values: 1390 of 1600 cells valid in the first map" "real ESA CCI with 1.56 and -0.43: both masked"
expect_out "impossible: 0 more cells" "real ESA CCI with 1.56 and -0.43: its valid_range masks them"
"$NCTOOL" del-att "$WORK/$real" sm valid_range || exit 99
run info "$WORK/$real"
expect_out "values: 1390 of 1600 cells valid in the first map" "real ESA CCI without valid_range: both masked"
expect_out "impossible: 2 more cells hold a value outside 0 … 1 m3 m-3" "real ESA CCI without valid_range: counted"
next=ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160608000000-fv05.2.nc
run ingest -o "$WORK/real.nc" "$WORK/$real" "$TEST_DATA/$next"
expect_status 0 "ingest the real days"
[ "$(attribute "$WORK/real.nc")" = 2 ] && pass || fail "ingest real: the count is not 2: $(attribute "$WORK/real.nc")"
run ingest -o "$WORK/real0.nc" "$TEST_DATA/$real" "$TEST_DATA/$next"
[ "$(attribute "$WORK/real0.nc")" = 0 ] && pass || fail "ingest the real files as they are: the count is not 0"

# A real ISMN station (SCAN Abrams): nothing impossible after its flags.
gzip -dc "$TEST_DATA/ismn_abrams.stm.gz" >"$WORK/SCAN_SCAN_Abrams_sm_0.050800_0.050800_Hydraprobe-Analog-(2.5-Volt)_20070101_20131231.stm"
run ingest -o "$WORK/abrams.nc" "$WORK/SCAN_SCAN_Abrams_sm_0.050800_0.050800_Hydraprobe-Analog-(2.5-Volt)_20070101_20131231.stm"
expect_status 0 "ingest ISMN Abrams"
[ "$(attribute "$WORK/abrams.nc")" = 0 ] && pass || fail "ingest ISMN: the count is not 0"
# a date,sm CSV with one impossible day (negative values were already missing there)
printf 'date,sm\n2020-01-01,0.2\n2020-01-02,1.56\n2020-01-03,0.18\n' >"$WORK/point.csv"
run ingest -o "$WORK/point.nc" "$WORK/point.csv"
[ "$(attribute "$WORK/point.nc")" = 1 ] && pass || fail "ingest CSV point: the count is not 1"

# The domain jobs on a demo world whose cube holds the three impossible values.
"$DRYTEX" demo --rows 6 --cols 8 --years 3 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cd "$WORK/w" || exit 99
cp sm_cube.nc bad.nc
# sm(time, lat, lon) of 6 × 8: day 10 cell (0,0), day 20 cell (0,1), day 30 cell (5,7)
"$NCTOOL" set bad.nc sm 480 1.56 && "$NCTOOL" set bad.nc sm 961 -0.43 && "$NCTOOL" set bad.nc sm 1487 1.02 || exit 99
run drydowns --sm bad.nc -o thr.nc --threads 1 --tile 1
expect_status 0 "drydowns on the cube"
expect_err "soil moisture: 3 values outside 0 … 1 m3 m-3 (or of saturation) masked as impossible, not used" "drydowns summary"
[ "$(attribute thr.nc)" = 3 ] && pass || fail "drydowns: the count in thr.nc is not 3: $(attribute thr.nc)"
run drydowns --sm sm_cube.nc -o clean.nc
expect_err "soil moisture: 0 values outside" "drydowns summary on the clean cube"
[ "$(attribute clean.nc)" = 0 ] && pass || fail "drydowns clean: the count is not 0"
# the impossible values are not used: mean_sm of cell (0,0) is the mean without day 10
"$NCTOOL" equal thr.nc clean.nc mean_sm >/dev/null 2>&1 && fail "drydowns used the impossible values (mean_sm unchanged)" || pass

# Killed after some tiles and resumed: the count of the tiles done before the kill survives.
"$DRYTEX" drydowns --sm bad.nc -o thr2.nc --threads 1 --tile 1 --progress=3 >/dev/null 2>&1 3>progress.txt &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
    n=$(sed -n 's/^progress [a-z]* \([0-9]*\) .*/\1/p' progress.txt | tail -n 1)
    [ "${n:-0}" -ge 8 ] && break
    sleep 0.002
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
run drydowns --sm bad.nc -o thr2.nc --threads 1 --tile 1 --resume
expect_status 0 "drydowns --resume"
[ "$(attribute thr2.nc)" = 3 ] && pass || fail "drydowns resumed: the count is not 3: $(attribute thr2.nc)"
"$NCTOOL" equal thr.nc thr2.nc theta_w theta_c mean_sm && pass || fail "drydowns resumed: results differ"

SOIL="--soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc"
run calibrate --thresholds thr.nc $SOIL --experiment opti_exp1 -o cal.nc
expect_status 0 "calibrate"
expect_err "soil moisture: 3 values outside 0 … 1 m3 m-3 (or of saturation) masked as impossible, not used when the thresholds were found" "calibrate summary"
[ "$(attribute cal.nc)" = 3 ] && pass || fail "calibrate: the drydowns' count is not carried into cal.nc: $(attribute cal.nc)"

run simulate --forcing forcing.nc $SOIL --optimised cal.nc --reference satellite=bad.nc --reference insitu=reference_sm.nc -o sim.nc
expect_status 0 "simulate"
expect_err "soil moisture: 3 values outside 0 … 1 m3 m-3 (or of saturation) masked as impossible, not used in the references" "simulate summary"
[ "$(attribute sim.nc)" = 3 ] && pass || fail "simulate: the count is not 3: $(attribute sim.nc)"
finish
