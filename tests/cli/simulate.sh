#!/bin/sh
# drytex simulate on a small demo world: the whole chain drydowns → calibrate → simulate, outputs
# with units and the comparison metrics, bitwise-identical results for 1 and 2 threads and after a
# SIGKILL + --resume, and clear errors for bad inputs.
. "$TEST_LIB"

"$DRYTEX" demo --rows 6 --cols 8 --years 3 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cd "$WORK/w" || exit 99
GSDE="--soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc"
REFS="--reference satellite=sm_cube.nc --reference insitu=reference_sm.nc"
SIM="sm_baseline sm_optimised sand_baseline sand_optimised clay_optimised soc_optimised et_baseline et_optimised
     runoff_optimised drainage_optimised rmse_baseline_satellite rmse_optimised_satellite r_optimised_insitu
     jja_difference_optimised_insitu rmse_change_satellite spinup_loops status"

run drydowns --sm sm_cube.nc -o thr.nc
expect_status 0 "drydowns"
run calibrate --thresholds thr.nc $GSDE --experiment opti_exp1 -o opt1.nc
expect_status 0 "calibrate opti_exp1"

run simulate --forcing forcing.nc $GSDE --optimised opt1.nc $REFS -o sim1.nc --threads 1 --stations stations.csv
expect_status 0 "simulate, 1 thread"
expect_err "stations: half-monthly RMSE improved at" "simulate summarises the stations"
expect_err "48 cells: 48 simulated, 48 with both textures" "simulate summary counts"
expect_err "against satellite" "simulate summary per reference"
[ "$("$NCTOOL" count sim1.nc status 0)" -eq 48 ] && pass || fail "not every cell has both runs"
"$NCTOOL" stats sim1.nc sm_optimised | grep -q "^valid 52608 " && pass || fail "daily SM is not 1096 days × 48 cells"
ncdump -h sim1.nc >header.txt
grep -q 'sm_baseline(time, lat, lon)' header.txt && pass || fail "daily SM lacks its (time, lat, lon) dimensions"
grep -q 'sm_baseline:units = "m3 m-3"' header.txt && pass || fail "daily SM lacks units"
grep -q 'et_optimised:units = "mm d-1"' header.txt && pass || fail "ET lacks units"
grep -q 'time:units = "days since 1970-01-01' header.txt && pass || fail "no CF time axis"
grep -q 'drytex_engine = "Noah-MP soil hydrology with a PET-based ET closure"' header.txt && pass || fail "the engine is not named honestly"
grep -q 'drytex_improved_satellite = ' header.txt && pass || fail "no improvement summary in the file"
grep -q ':history = ' header.txt && pass || fail "no history"
grep -q 'station = 12 ;' header.txt && pass || fail "the 12 demo stations are not in the output"
grep -q 'float station_rmse_optimised(station)' header.txt && pass || fail "no station RMSE"
"$NCTOOL" stats sim1.nc station_rmse_baseline | grep -q "^valid 12 " && pass || fail "not every station was compared"
awk "BEGIN { exit !($("$NCTOOL" stats sim1.nc et_baseline | cut -d' ' -f4) > 0.3) }" && pass || fail "no evapotranspiration"

# The optimised texture is the calibration's on the same grid (baseline + increment).
[ "$("$NCTOOL" mae sim1.nc sand_optimised opt1.nc sand | cut -d' ' -f1)" = "0.000000" ] && pass || fail "optimised sand differs from the calibration's"
base=$("$NCTOOL" stats sim1.nc rmse_baseline_satellite | cut -d' ' -f4)
opt=$("$NCTOOL" stats sim1.nc rmse_optimised_satellite | cut -d' ' -f4)
improved=$(sed -n 's/.*against satellite *RMSE improved in \([0-9]*\) of.*/\1/p' "$WORK/stderr")
echo "# opti_exp1: mean RMSE vs satellite $base → $opt, improved in $improved of 48 cells"
awk "BEGIN { exit !($opt < $base) }" && pass || fail "the optimised texture does not lower the mean RMSE ($base → $opt)"

# drytex cell --forcing runs the same column: its baseline RMSE is the domain job's for that cell.
value_at() { ncdump -v "$2" "$1" | sed -n "/^ $2 =/,/;/p" | tr -d ' ;\n' | sed "s/^$2=//" | tr ',' '\n' | sed -n "$(($3 + 1))p"; }
run cell --sm sm_cube.nc $GSDE --cell 2,3 --forcing forcing.nc --json
expect_status 0 "cell with forcing"
expect_out '"engine": "Noah-MP soil hydrology with a PET-based ET closure"' "cell JSON names the engine"
cell_rmse=$(printf '%s' "$out" | tr -d '\n' | sed -n 's/.*"baseline": {"jja_sm[^}]*"rmse": \([0-9.e-]*\).*/\1/p')
map_rmse=$(value_at sim1.nc rmse_baseline_satellite 19)
echo "# cell (2,3) baseline RMSE vs satellite: cell $cell_rmse, simulate $map_rmse"
awk "BEGIN { d = $cell_rmse - $map_rmse; exit !(d < 1e-5 && d > -1e-5) }" && pass || fail "cell and simulate disagree on the baseline RMSE ($cell_rmse vs $map_rmse)"
run cell --sm sm_cube.nc $GSDE --cell 2,3 --forcing forcing.nc
expect_out "optimised" "cell text shows the optimised run"
run cell --sm sm_cube.nc --cell 2,3 --forcing forcing.nc
expect_status 2 "cell --forcing without soil"

run simulate --forcing forcing.nc $GSDE --optimised opt1.nc $REFS -o sim2.nc --threads 2 --tile 3
expect_status 0 "simulate, 2 threads"
"$NCTOOL" equal sim1.nc sim2.nc $SIM && pass || fail "simulate differs between 1 and 2 threads / tile sizes"

# SIGKILL halfway, then --resume: identical to the uninterrupted run.
"$DRYTEX" simulate --forcing forcing.nc $GSDE --optimised opt1.nc $REFS -o sim3.nc --threads 1 --tile 1 --progress=3 >/dev/null 2>&1 3>progress.txt &
pid=$!
i=0
while [ $i -lt 600 ]; do
    done_now=$(sed -n 's/^progress simulate \([0-9]*\) .*/\1/p' progress.txt | tail -n 1)
    [ "${done_now:-0}" -ge 10 ] && break
    sleep 0.02
    i=$((i + 1))
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
[ ! -e sim3.nc ] && [ -e sim3.nc.partial ] && pass || fail "a killed simulate left no partial output (or a complete-looking one)"
echo "# tiles done before the kill: $("$NCTOOL" count sim3.nc.partial tile_done 1) of 48"
run simulate --forcing forcing.nc $GSDE --optimised opt1.nc $REFS -o sim3.nc --threads 2 --tile 1 --resume
expect_status 0 "simulate --resume"
"$NCTOOL" equal sim1.nc sim3.nc $SIM && pass || fail "killed + resumed simulate differs from an uninterrupted run"

# A sub-period, only the baseline, the seed's experiment names.
run simulate --forcing forcing.nc --soil soil/SAND1.nc --soil soil/CLAY1.nc --experiment exp3 --start 2012-06-01 --end 2012-08-31 -o base.nc --reference sm_cube.nc
expect_status 0 "baseline-only simulate over one summer"
expect_err "48 simulated, 0 with both textures" "baseline-only summary"
[ "$("$NCTOOL" count base.nc status 1)" -eq 48 ] && pass || fail "baseline-only cells are not flagged"
"$NCTOOL" stats base.nc rmse_baseline_ref1 | grep -q "^valid 48 " && pass || fail "the default reference name is not ref1"
"$NCTOOL" stats base.nc sm_baseline | grep -q "^valid 4416 " && pass || fail "one summer is not 92 days"

# Meteorological forcing without PET (CMIP names, rain in kg m-2 s-1): PET by daily FAO-56. The
# same forcing with pressure in hPa gives the same result.
met_cdl() { # $1: pressure units, $2: pressure scale
    awk -v punits="$1" -v pscale="$2" 'BEGIN {
        n = 730; pi = 3.14159265
        print "netcdf met {\ndimensions:\n time = " n " ; lat = 2 ; lon = 3 ;\nvariables:"
        print " double time(time) ; time:units = \"days since 2011-01-01\" ; time:calendar = \"standard\" ;"
        print " double lat(lat) ; lat:units = \"degrees_north\" ; double lon(lon) ; lon:units = \"degrees_east\" ;"
        split("pr kg_m-2_s-1 tas K huss kg_kg-1 ps " punits " sfcWind m_s-1 rsds W_m-2 rlds W_m-2", spec, " ")
        for (k = 1; k <= 14; k += 2) { u = spec[k + 1]; gsub("_", " ", u); print " float " spec[k] "(time, lat, lon) ; " spec[k] ":units = \"" u "\" ;" }
        print "data:\n lat = 39.875, 39.625 ;\n lon = 95.125, 95.375, 95.625 ;"
        printf " time ="; for (d = 0; d < n; d++) printf "%s %d", d ? "," : "", d; print " ;"
        for (k = 1; k <= 14; k += 2) {
            printf " %s =", spec[k]
            for (d = 0; d < n; d++) {
                season = sin(2 * pi * (d - 105) / 365.25)
                for (c = 0; c < 6; c++) {
                    if (k == 1) v = (d % 4 == 0) ? (6 + 4 * season + c) / 86400 : 0
                    if (k == 3) v = 283 + 12 * season
                    if (k == 5) v = 0.006 + 0.003 * season
                    if (k == 7) v = 85000 / pscale
                    if (k == 9) v = 2.5
                    if (k == 11) v = 180 + 110 * season
                    if (k == 13) v = 300 + 40 * season
                    printf "%s %.8g", (d || c) ? "," : "", v
                }
            }
            print " ;"
        }
        print "}"
    }'
}
met_cdl Pa 1 >met.cdl && "$NCGEN" -k nc4 -o met.nc met.cdl || fail "ncgen of the met forcing"
met_cdl hPa 100 >met_hpa.cdl && "$NCGEN" -k nc4 -o met_hpa.nc met_hpa.cdl || fail "ncgen of the hPa met forcing"
run simulate --forcing met.nc $GSDE -o met_sim.nc
expect_status 0 "simulate from meteorology"
expect_err "6 cells: 6 simulated" "meteorology: every cell simulated"
grep -q 'FAO-56' header.txt && fail "the P+PET run says FAO-56" || pass
ncdump -h met_sim.nc | grep -q 'drytex_pet = "FAO-56 Penman-Monteith (daily)' && pass || fail "the met run does not say where PET came from"
et=$("$NCTOOL" stats met_sim.nc et_baseline | cut -d' ' -f4)
echo "# meteorology: mean ET $et mm/d"
awk "BEGIN { exit !($et > 0.5 && $et < 4.0) }" && pass || fail "ET from the meteorology is off: $et mm/d"
run simulate --forcing met_hpa.nc $GSDE -o met_hpa_sim.nc
expect_status 0 "simulate from meteorology, pressure in hPa"
"$NCTOOL" equal met_sim.nc met_hpa_sim.nc sm_baseline et_baseline && pass || fail "hPa and Pa forcings differ"
sed -e 's/tas:units = "K"/tas:units = "degC"/' met.cdl >met_c.cdl && "$NCGEN" -k nc4 -o met_c.nc met_c.cdl
run simulate --forcing met_c.nc $GSDE -o bad.nc
expect_status 1 "temperature not in K"
expect_err "met_c.nc: tas: units 'degC', expected K" "temperature units message"
run simulate --forcing met.nc $GSDE --met-variables tas,huss,ps,NOPE,rsds,rlds -o bad.nc
expect_status 1 "a missing meteorological variable"
expect_err "nor is there the meteorology for FAO-56 PET" "missing meteorology message"
run simulate --forcing met.nc $GSDE --met-variables tas,huss -o bad.nc
expect_status 2 "too few meteorological names"

# Bad inputs: each a one-line error, no output left behind.
run simulate --forcing forcing.nc $GSDE --precip-variable NOPE -o bad.nc
expect_status 1 "missing forcing variable"
expect_err "forcing.nc: NOPE: no such variable" "missing forcing variable message"
expect_one_line_error "missing forcing variable"
run simulate --forcing reference_sm.nc --precip-variable sm --pet-variable sm $GSDE -o bad.nc
expect_status 1 "forcing that is not a rate"
expect_err "units 'm3 m-3' are not a daily rate" "forcing units message"
run simulate --forcing forcing.nc $GSDE --optimised thr.nc -o bad.nc
expect_status 1 "optimised file that is not a calibration"
expect_err "thr.nc" "not-a-calibration names the file"
run simulate --forcing forcing.nc $GSDE --optimised opt1.nc --ptf ch78 -o bad.nc
expect_status 1 "PTF other than the calibration's"
expect_err "calibrated with --ptf sr06" "PTF mismatch message"
run simulate --forcing forcing.nc $GSDE --reference a=sm_cube.nc --reference a=reference_sm.nc -o bad.nc
expect_status 2 "duplicate reference names"
expect_err "reference name 'a' given twice" "duplicate reference message"
run simulate --forcing forcing.nc $GSDE --start 2030-01-01 -o bad.nc
expect_status 1 "a period without forcing"
expect_err "no forcing day" "empty period message"
run simulate --forcing forcing.nc $GSDE --start 2012-13-01 -o bad.nc
expect_status 2 "a bad date"
run simulate --forcing forcing.nc $GSDE --start 2012-06-01 --end 2012-05-31 -o bad.nc
expect_status 2 "an end before the start"
printf 'station,lat,lon,date,sm\nS1,39.1,95.2,2012-01-01,1.5\n' >bad_stations.csv
run simulate --forcing forcing.nc $GSDE --stations bad_stations.csv -o bad.nc
expect_status 1 "a bad station file"
expect_err "bad_stations.csv: line 2: sm '1.5' is not 0…1 m3 m-3" "bad station message"
run simulate --forcing forcing.nc -o bad.nc
expect_status 2 "no soil"
[ ! -e bad.nc ] && [ ! -e bad.nc.partial ] && pass || fail "a failed simulate left a file"

finish
