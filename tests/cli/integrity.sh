#!/bin/sh
# Output integrity of the domain jobs (issue 14): SIGKILLs at chosen moments of drydowns (with its
# events) and calibrate, each followed by --resume, give outputs and events identical to an
# uninterrupted run; a second job on the same output is refused naming the first, and a killed
# job's lock never blocks --resume; --resume refuses an input whose contents changed; a full
# disk (a file-size limit) fails with a message, no SIGSEGV, no output, and resumes identically;
# ingest and demo on a full disk fail the same way.
. "$TEST_LIB"

"$DRYTEX" demo --rows 8 --cols 12 --years 3 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cd "$WORK/w" || exit 99
SOIL="--soil ../soil/SAND1.nc --soil ../soil/CLAY1.nc --soil ../soil/OC1.nc"
# the same arguments everywhere, so that an output resumed from a partial file keeps the same
# history as the reference and can be compared byte for byte
DRY="drydowns --sm ../sm_cube.nc -o thr.nc --events events.csv --threads 1 --tile 1 --progress=3"
CAL="calibrate --thresholds ../ref/thr.nc $SOIL --experiment opti_exp1 -o cal.nc --threads 1 --tile 1 --progress=3"
mkdir ref && cd ref || exit 99
"$DRYTEX" $DRY 3>/dev/null 2>/dev/null && "$DRYTEX" $CAL 3>/dev/null 2>/dev/null || { echo "reference runs failed"; exit 99; }
cd .. || exit 99

identical=0
history_only=0
# same_output A B WHAT: byte-identical, or (when the first attempt was killed before its partial
# file existed, so that the --resume run started it and wrote its own command line into history)
# identical but for the history attribute
same_output() {
    if cmp -s "$1" "$2"; then
        identical=$((identical + 1))
        pass
    elif ncdump "$1" | sed -e 1d -e '/:history = /d' >"$WORK/a.cdl" && ncdump "$2" | sed -e 1d -e '/:history = /d' >"$WORK/b.cdl" &&
        cmp -s "$WORK/a.cdl" "$WORK/b.cdl"; then
        history_only=$((history_only + 1))
        pass
    else
        fail "$3: $1 differs from the uninterrupted $2"
    fi
}

# start ARGS...: drydowns/calibrate in the background, progress lines into progress.txt
start() {
    "$DRYTEX" "$@" >/dev/null 2>&1 3>progress.txt &
    pid=$!
}
# at_file FILE: returns the instant FILE exists (or the job has ended)
at_file() {
    while [ ! -e "$1" ] && kill -0 "$pid" 2>/dev/null; do :; done
}
# at_tiles N: returns once N tiles are reported done (or the job has ended)
at_tiles() {
    while kill -0 "$pid" 2>/dev/null; do
        n=$(sed -n 's/^progress [a-z]* \([0-9]*\) .*/\1/p' progress.txt | tail -n 1)
        [ "${n:-0}" -ge "$1" ] && break
        sleep 0.002
    done
}
# stop_hard: SIGKILL; $killed is 1 when the kill came before the job ended by itself
stop_hard() {
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ $? -eq 137 ] && killed=1 || killed=0
}
missed=0

# 4 kills per job: as the partial file is being built, the instant OUT.partial appears, after 5
# tiles, and the instant the finished OUT.tmp appears.
for job in drydowns calibrate; do
    if [ $job = drydowns ]; then args=$DRY target=thr.nc; else args=$CAL target=cal.nc; fi
    for moment in new partial tiles tmp; do
        d=$job-$moment
        mkdir "$d" && cd "$d" || exit 99
        start $args
        case $moment in
        new) at_file $target.partial.new ;;
        partial) at_file $target.partial ;;
        tiles) at_tiles 5 ;;
        tmp) at_file $target.tmp ;;
        esac
        stop_hard
        if [ $killed -eq 1 ]; then
            [ ! -e $target ] && pass || fail "$d: a killed job left $target"
        else
            missed=$((missed + 1)) # a loaded machine let the job pass the moment: resumed all the same
        fi
        run $args --resume 3>/dev/null
        expect_status 0 "$d: --resume"
        same_output $target ../ref/$target "$d"
        if [ $job = drydowns ]; then
            cmp -s events.csv ../ref/events.csv && pass || fail "$d: events.csv differs from the uninterrupted run"
        fi
        [ ! -e $target.partial ] && [ ! -e $target.partial.lock ] && pass || fail "$d: the partial or its lock stayed"
        cd .. || exit 99
    done
done
echo "# killed + resumed: $identical byte-identical, $history_only identical but for history (killed before OUT.partial existed), $missed finished before their kill"

# A partial output whose coordinates were lost (as an older drytex could leave it when killed the
# instant OUT.partial appeared): --resume writes them again before any tile, and the result is
# the uninterrupted run's.
mkdir coords && cd coords || exit 99
start $DRY
at_tiles 5
stop_hard
ncdump -p 9,17 thr.nc.partial | awk '/^ lat = / { print " lat = _, _, _, _, _, _, _, _ ;"; skip = !/;/; next }
    skip { skip = !/;/; next } { print }' >lost.cdl
"$NCGEN" -k '64-bit offset' -o thr.nc.partial lost.cdl || { echo "ncgen failed"; exit 99; }
[ "$(ncdump -v lat thr.nc.partial | grep -c ' lat = _, _')" -eq 1 ] && pass || fail "the coordinates could not be blanked"
run $DRY --resume 3>/dev/null
expect_status 0 "--resume of a partial output without coordinates"
same_output thr.nc ../ref/thr.nc "coordinates written again on resume"
cmp -s events.csv ../ref/events.csv && pass || fail "coordinates lost: events.csv differs from the uninterrupted run"
cd .. || exit 99

# Two jobs on one output: the second is refused with one line naming the first; the first's
# lock goes with it, and --resume then works.
mkdir two && cd two || exit 99
start $CAL
at_file cal.nc.partial
kill -STOP "$pid" # the first job holds its lock, frozen, whatever the machine's speed
run calibrate --thresholds ../ref/thr.nc $SOIL --ptf ch78 -o cal.nc
expect_status 1 "a second job on the same output"
expect_err "cal.nc.partial: another job is writing this output: pid $pid on host" "the refusal names the holder"
expect_err "--experiment opti_exp1" "the refusal gives the holder's command"
expect_one_line_error "second job"
[ -e cal.nc.partial ] && [ ! -e cal.nc ] && pass || fail "the refused second job touched the first one's output"
stop_hard
run $CAL --resume 3>/dev/null
expect_status 0 "--resume after the lock holder was killed"
same_output cal.nc ../ref/cal.nc "resumed after a refused second job"
cd .. || exit 99

# simulate --engine hrldas runs HRLDAS under the output's name before the output opens: the lock
# is taken first, so a second job is refused while the first one's HRLDAS runs.
mkdir hrldas && cd hrldas || exit 99
mkdir fake && printf '#!/bin/sh\n: >"$HRLDAS_MARK"\nwhile [ ! -e "$HRLDAS_RELEASE" ]; do sleep 0.05; done\n' >fake/hrldas.exe &&
    chmod +x fake/hrldas.exe && : >fake/NoahmpTable.TBL
HRLDAS_MARK=$PWD/running HRLDAS_RELEASE=$PWD/release
export HRLDAS_MARK HRLDAS_RELEASE
# 10 days of the 3-hourly meteorology HRLDAS needs, on 2 × 3 cells (after tests/cli/simulate.sh)
awk 'BEGIN {
    n = 80
    print "netcdf met {\ndimensions:\n time = " n " ; lat = 2 ; lon = 3 ;\nvariables:"
    print " double time(time) ; time:units = \"hours since 2011-01-01\" ; time:calendar = \"standard\" ;"
    print " double lat(lat) ; lat:units = \"degrees_north\" ; double lon(lon) ; lon:units = \"degrees_east\" ;"
    split("pr kg_m-2_s-1 283 tas K 283 huss kg_kg-1 0.006 ps Pa 85000 sfcWind m_s-1 2.5 rsds W_m-2 180 rlds W_m-2 300", spec, " ")
    for (k = 1; k <= 21; k += 3) { u = spec[k + 1]; gsub("_", " ", u); print " float " spec[k] "(time, lat, lon) ; " spec[k] ":units = \"" u "\" ;" }
    print "data:\n lat = 39.875, 39.625 ;\n lon = 95.125, 95.375, 95.625 ;"
    printf " time ="; for (d = 0; d < n; d++) printf "%s %d", d ? "," : "", 3 * d; print " ;"
    for (k = 1; k <= 21; k += 3) {
        printf " %s =", spec[k]
        for (i = 0; i < 6 * n; i++) printf "%s %s", i ? "," : "", k == 1 ? (i % 4 ? 0 : 0.0001) : spec[k + 2]
        print " ;"
    }
    print "}"
}' >met.cdl && "$NCGEN" -k nc4 -o met.nc met.cdl || { echo "ncgen of the met forcing failed"; exit 99; }
SIMH="simulate --forcing met.nc $SOIL -o simh.nc --engine hrldas --hrldas-exe fake/hrldas.exe --threads 1"
start $SIMH
i=0
while [ ! -e running ] && [ $i -lt 2000 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.01; i=$((i + 1)); done
(sleep 30; : >release) >/dev/null 2>&1 </dev/null & # without the lock the second job would wait too
watchdog=$!
run $SIMH
kill "$watchdog" 2>/dev/null
expect_status 1 "a second simulate --engine hrldas while the first one's HRLDAS runs"
expect_err "simh.nc.partial: another job is writing this output: pid $pid" "the hrldas refusal names the holder"
: >release
wait "$pid" 2>/dev/null
cd .. || exit 99

# An input changed between the kill and --resume is refused, naming it; one only touched is not.
mkdir changed && cd changed || exit 99
cp ../ref/thr.nc thr_in.nc
CHG="calibrate --thresholds thr_in.nc $SOIL --experiment opti_exp1 -o cal.nc --threads 1 --tile 1 --progress=3"
start $CHG
at_tiles 3
stop_hard
"$DRYTEX" drydowns --sm ../sm_cube.nc -o thr_in.nc --threads 2 --tile 3 2>/dev/null # the same maps, another file
run $CHG --resume 3>/dev/null
expect_status 1 "--resume with a changed input"
expect_err "thr_in.nc: changed since the job began" "the changed input is named"
expect_one_line_error "changed input"
[ -e cal.nc.partial ] && [ ! -e cal.nc ] && pass || fail "a refused resume changed the partial output"
cp ../ref/thr.nc thr_in.nc
touch thr_in.nc
run $CHG --resume 3>/dev/null
expect_status 0 "--resume with the same contents under a new modification time"
cd .. || exit 99

# A full disk: a file-size limit (SIGXFSZ ignored, so writes fail with EFBIG) lets OUT.partial be
# written but not the netCDF-4 OUT.tmp; the job fails with the file named, no crash, no output.
mkdir full && cd full || exit 99
FULL="drydowns --sm ../sm_cube.nc -o thr.nc --threads 1 --tile 1 --progress=3"
(trap '' XFSZ; ulimit -f 40; exec "$DRYTEX" $FULL) 3>/dev/null >"$WORK/stdout" 2>"$WORK/stderr"
status=$?
err=$(cat "$WORK/stderr")
expect_status 1 "drydowns on a full disk (the final write)"
expect_err "thr.nc.tmp" "the full-disk error names the file"
[ ! -e thr.nc ] && [ ! -e thr.nc.tmp ] && [ -e thr.nc.partial ] && pass || fail "a failed final write left a wrong set of files"
run $FULL --resume 3>/dev/null
expect_status 0 "--resume after a full disk"
cd .. || exit 99
# the events on a full disk: the tiles' rows fail to be written part way; --resume completes them
mkdir full-events && cd full-events || exit 99
(trap '' XFSZ; ulimit -f 40; exec "$DRYTEX" $DRY) 3>/dev/null >"$WORK/stdout" 2>"$WORK/stderr"
status=$?
err=$(cat "$WORK/stderr")
expect_status 1 "drydowns --events on a full disk"
run $DRY --resume 3>/dev/null
expect_status 0 "--resume of the events after a full disk"
same_output thr.nc ../ref/thr.nc "full disk, resumed"
cmp -s events.csv ../ref/events.csv && pass || fail "events.csv after a full disk and --resume differs from the uninterrupted run"
cd .. || exit 99

# The other commands that write netCDF-4 on a full disk: one message naming the file, exit 1, no
# SIGSEGV in HDF5's exit handler (exit 139 before), nothing left that looks complete.
mkdir full-others && cd full-others || exit 99
for limit in 20 100; do
    (trap '' XFSZ; ulimit -f $limit; exec "$DRYTEX" ingest -o cube.nc ../sm_cube.nc) >"$WORK/stdout" 2>"$WORK/stderr"
    status=$?
    err=$(cat "$WORK/stderr")
    expect_status 1 "ingest on a full disk (limit $limit)"
    expect_err "cube.nc.partial" "ingest's full-disk error names the file"
    [ ! -e cube.nc ] && [ ! -e cube.nc.partial ] && pass || fail "ingest on a full disk left $(ls)"
    (trap '' XFSZ; ulimit -f $limit; exec "$DRYTEX" demo --rows 6 --cols 8 --years 3 demo$limit) >"$WORK/stdout" 2>"$WORK/stderr"
    status=$?
    err=$(cat "$WORK/stderr")
    expect_status 1 "demo on a full disk (limit $limit)"
    expect_err "demo$limit/" "demo's full-disk error names the file"
done
cd .. || exit 99

finish
