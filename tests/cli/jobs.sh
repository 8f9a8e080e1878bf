#!/bin/sh
# Domain jobs on the demo world: drydowns and calibrate give bitwise-identical outputs for 1 and 2
# threads and after a SIGKILL + --resume; bad inputs get clear errors and never a false output.
. "$TEST_LIB"

"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cd "$WORK/w" || exit 99
THR="theta_w theta_c theta_w_q25 theta_w_q75 theta_c_q25 theta_c_q75 tau events_found events_kept mean_sm valid_days status"
CAL="sand clay soc sand_baseline clay_baseline soc_baseline soil_count theta_wlt_before theta_ref_before theta_wlt_after theta_ref_after cost evaluations stop_reason status"

run drydowns --sm sm_cube.nc -o thr1.nc --threads 1 --events events.csv
expect_status 0 "drydowns, 1 thread"
run drydowns --sm sm_cube.nc -o thr2.nc --threads 2
expect_status 0 "drydowns, 2 threads"
"$NCTOOL" equal thr1.nc thr2.nc $THR && pass || fail "drydowns differ between 1 and 2 threads"
# 7 × 7 tiles straddle the cube's 4 × 4 chunks: each tile is read in pieces of several shapes
run drydowns --sm sm_cube.nc -o thr7.nc --threads 2 --tile 7
expect_status 0 "drydowns, 7 × 7 tiles"
"$NCTOOL" equal thr1.nc thr7.nc $THR && pass || fail "drydowns differ between 8 × 8 and 7 × 7 tiles"
[ "$(head -n 1 events.csv)" = "row,col,lat,lon,start,end,points,theta_c,delta,tau,theta_w,r2,kept,reason" ] && pass || fail "events header"
[ "$(wc -l <events.csv)" -gt 10000 ] && pass || fail "events file has few lines"
mae=$("$NCTOOL" mae thr1.nc theta_w truth.nc theta_w | cut -d' ' -f1)
echo "# theta_w MAE vs truth: $mae"
awk "BEGIN { exit !($mae < 0.03) }" && pass || fail "theta_w far from the truth: MAE $mae"

# SIGKILL halfway, then --resume: identical to the uninterrupted run, finished tiles kept.
"$DRYTEX" drydowns --sm sm_cube.nc -o thr3.nc --threads 1 --tile 2 --progress=3 >/dev/null 2>&1 3>progress.txt &
pid=$!
i=0
while [ $i -lt 400 ]; do
    done_now=$(sed -n 's/^progress drydowns \([0-9]*\) .*/\1/p' progress.txt | tail -n 1)
    [ "${done_now:-0}" -ge 20 ] && break
    sleep 0.02
    i=$((i + 1))
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
[ ! -e thr3.nc ] && [ -e thr3.nc.partial ] && pass || fail "a killed run left no partial output (or a complete-looking one)"
done_before=$("$NCTOOL" count thr3.nc.partial tile_done 1)
echo "# tiles done before the kill: $done_before of 600"
run drydowns --sm sm_cube.nc -o thr3.nc --threads 2 --tile 2 --resume
expect_status 0 "drydowns --resume"
[ ! -e thr3.nc.partial ] && pass || fail "resume left the partial file"
"$NCTOOL" equal thr1.nc thr3.nc $THR && pass || fail "killed + resumed drydowns differ from an uninterrupted run"

run calibrate --thresholds thr1.nc --soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc --experiment opti_exp1 -o cal1.nc --threads 1
expect_status 0 "calibrate opti_exp1, 1 thread"
expect_err "arid/humid split" "calibrate prints the summary"
run calibrate --thresholds thr1.nc --soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc --experiment opti_exp1 -o cal2.nc --threads 2 --tile 7
expect_status 0 "calibrate opti_exp1, 2 threads"
"$NCTOOL" equal cal1.nc cal2.nc $CAL && pass || fail "calibrate differs between 1 and 2 threads / tile sizes"
for e in opti_exp2:soil/SAND1.nc:soil/CLAY1.nc opti_exp3:soil/T_SAND.nc4:soil/T_CLAY.nc4; do
    name=${e%%:*}; rest=${e#*:}; sand=${rest%%:*}; clay=${rest#*:}
    run calibrate --thresholds thr1.nc --soil "$sand" --soil "$clay" --experiment "$name" -o "$name.nc"
    expect_status 0 "calibrate $name"
    for v in sand clay; do
        echo "# $name $v MAE vs truth: baseline $("$NCTOOL" mae "$name.nc" ${v}_baseline truth.nc $v) optimised $("$NCTOOL" mae "$name.nc" $v truth.nc $v)"
    done
done
"$NCTOOL" stats cal1.nc histogram_sand_after >/dev/null && pass || fail "calibrate output lacks the summary histograms"

# One cell, the same pipeline: its thresholds equal the drydowns map's, and it runs on the demo.
run cell --sm sm_cube.nc --soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc --lat 35.5 --lon 101.2
expect_status 0 "cell by coordinates"
expect_out "cell row 18, col 24 at 35.3750°N, 101.1250°E" "cell location"
expect_out "SCE-UA:" "cell shows the SCE-UA trace"
run cell --sm sm_cube.nc --cell 18,24 --json
expect_status 0 "cell JSON without soil"
expect_out '"cell": {"row": 18, "col": 24' "cell JSON location"
expect_out '"status": "no soil data"' "cell JSON says there is no soil"
run cell --sm sm_cube.nc --lat -10 --lon 101
expect_status 1 "cell outside the grid"
expect_err "-10, 101 is outside the grid" "cell outside message"

# Bad inputs.
sed -e 's/lat = 35.425, 35.475, 35.525, 35.575 ;/lat = -35.425, -35.475, -35.525, -35.575 ;/' "$TEST_DATA/hwsd_T_SAND.cdl" >far.cdl
"$NCGEN" -k nc4 -o far.nc4 far.cdl
sed -e 's/T_SAND/T_CLAY/g' far.cdl >farclay.cdl
"$NCGEN" -k nc4 -o farclay.nc4 farclay.cdl
run calibrate --thresholds thr1.nc --soil far.nc4 --soil farclay.nc4 --ptf ch78 -o bad.nc
expect_status 1 "soil that does not overlap"
expect_err "far.nc4: T_SAND: does not overlap" "non-overlap message"
expect_one_line_error "non-overlap"
[ ! -e bad.nc ] && [ ! -e bad.nc.partial ] && pass || fail "a failed calibrate left a file"
run calibrate --thresholds thr1.nc --soil soil/SAND1.nc --soil soil/CLAY1.nc --clay-variable NOPE --ptf ch78 -o bad.nc
expect_status 1 "missing soil variable"
expect_err "NOPE: no such variable" "missing variable message"
run calibrate --thresholds soil/SAND1.nc --soil soil/SAND1.nc --ptf ch78 -o bad.nc
expect_status 1 "thresholds without theta_w"
expect_err "SAND1.nc: theta_w: no such variable" "thresholds message"
run drydowns --sm sm_cube.nc -o no/such/dir/thr.nc
expect_status 1 "unwritable output"
expect_err "thr.nc.partial" "unwritable output names the file"
printf 'not a netCDF file' >thr4.nc.partial
run drydowns --sm sm_cube.nc -o thr4.nc --resume
expect_status 1 "corrupt partial output"
expect_err "thr4.nc.partial: cannot be resumed" "corrupt partial message"
expect_one_line_error "corrupt partial"
cp thr3.nc thr5.nc.partial
run drydowns --sm sm_cube.nc -o thr5.nc --resume --preset araki
expect_status 1 "partial output of other settings"
expect_err "was started with other settings" "other settings message"
[ "$(cat thr4.nc.partial)" = "not a netCDF file" ] && pass || fail "a refused resume rewrote the partial file"
run calibrate --thresholds thr1.nc --soil soil/SAND1.nc --ptf noah-table -o bad.nc
expect_status 2 "noah-table cannot be calibrated"

finish
