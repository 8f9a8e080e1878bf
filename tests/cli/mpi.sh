#!/bin/sh
# MPI: the job engine's protocol (tests/unit/test_job_mpi), then on the demo world drydowns (with its events) and calibrate on 3 ranks (oversubscribed)
# give outputs bitwise identical to one process; 1 rank under mpirun too; every rank killed
# halfway, then --resume on 2 ranks, equals the uninterrupted run (the events byte for byte); the
# output's lock and the input checks hold on ranks; ranks given different inputs
# or options, or failing to read theirs, end all ranks with one message naming the rank and
# leave no output; a task of srun without MPI refuses to run the whole job as a copy. Skipped (77) when drytex was built without MPI or mpirun is missing.
. "$TEST_LIB"

if [ -z "${MPIRUN:-}" ] || [ "$MPIRUN" = no ]; then
    echo "SKIP: drytex was configured without --with-mpi"
    exit 77
fi
command -v "$MPIRUN" >/dev/null 2>&1 || { echo "SKIP: $MPIRUN not found"; exit 77; }

# A container without a network or ssh, running as root (as CI does), on fewer cores than ranks.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_plm=isolated OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
MPI_FLAGS=""
"$MPIRUN" --version 2>/dev/null | grep -q "Open MPI" && MPI_FLAGS="--oversubscribe --allow-run-as-root"

# mpi N ARGS... → runs drytex ARGS on N ranks; sets $out, $err, $status like run
mpi() {
    n=$1
    shift
    "$MPIRUN" $MPI_FLAGS -n "$n" "$DRYTEX" "$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
    status=$?
    out=$(cat "$WORK/stdout")
    err=$(cat "$WORK/stderr")
}

# The engine itself: results, a failure on rank 1 during the run, a stop on rank 2, resume.
if [ -x "${TEST_JOB_MPI:-}" ]; then
    "$MPIRUN" $MPI_FLAGS -n 3 "$TEST_JOB_MPI" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
    status=$?
    err=$(cat "$WORK/stderr")
    expect_status 0 "test_job_mpi on 3 ranks"
else
    fail "test_job_mpi was not built"
fi

# descendants PID → the process ids below PID (Linux /proc children lists; pgrep where missing)
descendants() {
    if [ -e "/proc/$1/task/$1/children" ]; then
        children=$(cat /proc/"$1"/task/*/children 2>/dev/null)
    else
        children=$(pgrep -P "$1" 2>/dev/null)
    fi
    for child in $children; do
        echo "$child"
        descendants "$child"
    done
}

"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cd "$WORK/w" || exit 99
THR="theta_w theta_c theta_w_q25 theta_w_q75 theta_c_q25 theta_c_q75 tau events_found events_kept mean_sm valid_days status"
CAL="sand clay soc sand_baseline clay_baseline soc_baseline soil_count theta_wlt_before theta_ref_before theta_wlt_after theta_ref_after cost evaluations stop_reason status"
HIST="histogram_sand_before histogram_sand_after histogram_clay_after histogram_theta_c_vs_ref_after_after"
SOIL="--soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc --experiment opti_exp1"

run drydowns --sm sm_cube.nc -o thr1.nc --threads 2 --events events1.csv
expect_status 0 "drydowns, one process"
mpi 3 drydowns --sm sm_cube.nc -o thr3.nc --threads 1 --tile 5 --events events3.csv
expect_status 0 "drydowns on 3 ranks"
"$NCTOOL" equal thr1.nc thr3.nc $THR && pass || fail "drydowns differ between 1 process and 3 ranks"
[ "$(printf '%s\n' "$err" | grep -c 'wrote thr3.nc')" -eq 1 ] && pass || fail "3 ranks: not exactly one 'wrote' line: $err"
[ ! -e thr3.nc.partial ] && pass || fail "3 ranks left the partial file"
sort events1.csv >sorted1.csv
sort events3.csv >sorted3.csv
cmp -s sorted1.csv sorted3.csv && pass || fail "the events of 3 ranks differ from one process's"
[ "$(grep -c '^row,col' events3.csv)" -eq 1 ] && pass || fail "3 ranks: the events header is not there once"
mpi 3 drydowns --sm sm_cube.nc -o thr3b.nc --threads 1 --events events3b.csv
expect_status 0 "drydowns on 3 ranks, one process's tiles"
cmp -s events1.csv events3b.csv && pass || fail "the events of 3 ranks are not byte-identical to one process's (same tiles)"

run calibrate --thresholds thr1.nc $SOIL -o cal1.nc --threads 2
expect_status 0 "calibrate, one process"
summary1=$(printf '%s\n' "$err" | grep -v wrote)
mpi 3 calibrate --thresholds thr1.nc $SOIL -o cal3.nc --threads 1 --tile 7
expect_status 0 "calibrate on 3 ranks"
"$NCTOOL" equal cal1.nc cal3.nc $CAL $HIST && pass || fail "calibrate differs between 1 process and 3 ranks"
[ "$(printf '%s\n' "$err" | grep -v wrote)" = "$summary1" ] && pass || fail "3 ranks: the summary is not one process's: $err"
mpi 1 calibrate --thresholds thr1.nc $SOIL -o cal1r.nc --threads 2
expect_status 0 "calibrate on 1 rank"
"$NCTOOL" equal cal1.nc cal1r.nc $CAL && pass || fail "calibrate differs between 1 process and 1 rank"

# Every rank SIGKILLed once some tiles are written, then --resume on 2 ranks: the same maps.
"$DRYTEX" drydowns --sm sm_cube.nc -o thrk1.nc --threads 2 --tile 2 --events eventsk1.csv >/dev/null 2>&1 || fail "drydowns --tile 2"
"$MPIRUN" $MPI_FLAGS -n 3 "$DRYTEX" drydowns --sm sm_cube.nc -o thrk.nc --threads 1 --tile 2 --events eventsk.csv >/dev/null 2>&1 </dev/null &
pid=$!
i=0
while [ $i -lt 1000 ]; do
    done_now=$("$NCTOOL" count thrk.nc.partial tile_done 1 2>/dev/null)
    [ "${done_now:-0}" -ge 60 ] && break
    sleep 0.02
    i=$((i + 1))
done
ranks=$(descendants $pid)
[ -n "$ranks" ] && kill -9 $ranks 2>/dev/null
wait $pid 2>/dev/null
[ ! -e thrk.nc ] && [ -e thrk.nc.partial ] && pass || fail "killed ranks left no partial output (or a complete-looking one)"
done_before=$("$NCTOOL" count thrk.nc.partial tile_done 1)
echo "# tiles done before the kill: $done_before of 600"
[ "$done_before" -lt 600 ] && pass || fail "the run finished before it could be killed"
mpi 2 drydowns --sm sm_cube.nc -o thrk.nc --threads 1 --tile 2 --events eventsk.csv --resume
expect_status 0 "drydowns --resume on 2 ranks"
"$NCTOOL" equal thr1.nc thrk.nc $THR && pass || fail "killed + resumed on other ranks differs from an uninterrupted run"
cmp -s eventsk1.csv eventsk.csv && pass || fail "killed + resumed on other ranks: the events differ from an uninterrupted run"

# The lock and the input checks on 3 ranks (rank 0 alone locks, fingerprints and writes): a
# second job on the output is refused once, naming the first; after the first is killed, a
# changed input is refused by --resume, and the unchanged one resumes.
cp thr1.nc thr_in.nc
"$MPIRUN" $MPI_FLAGS -n 3 "$DRYTEX" calibrate --thresholds thr_in.nc $SOIL -o calk.nc --threads 1 --tile 4 >/dev/null 2>&1 </dev/null &
pid=$!
i=0
while [ ! -e calk.nc.partial ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i + 1)); done
ranks=$(descendants $pid)
[ -n "$ranks" ] && kill -STOP $ranks 2>/dev/null # frozen, holding the lock
mpi 3 calibrate --thresholds thr1.nc $SOIL --ptf ch78 -o calk.nc --threads 1
expect_status 1 "a second job on the same output, 3 ranks each"
expect_err "calk.nc.partial: another job is writing this output: pid " "the refusal on ranks names the holder"
[ "$(printf '%s\n' "$err" | grep -c '^drytex: ')" -eq 1 ] && pass || fail "the refusal on ranks is not one message: $err"
[ -n "$ranks" ] && kill -9 $ranks 2>/dev/null
wait $pid 2>/dev/null
cp thr3.nc thr_in.nc
mpi 3 calibrate --thresholds thr_in.nc $SOIL -o calk.nc --threads 1 --tile 4 --resume
expect_status 1 "--resume on 3 ranks with a changed input"
expect_err "thr_in.nc: changed since the job began" "a changed input on ranks is named"
cp thr1.nc thr_in.nc
mpi 3 calibrate --thresholds thr_in.nc $SOIL -o calk.nc --threads 1 --tile 4 --resume
expect_status 0 "--resume on 3 ranks after the lock holder was killed"
"$NCTOOL" equal cal1.nc calk.nc $CAL && pass || fail "killed + resumed calibrate on ranks differs from one process"

# Ranks that disagree, or fail on their inputs: every rank ends, rank 0 tells which, no output.
"$MPIRUN" $MPI_FLAGS -n 2 "$DRYTEX" calibrate --thresholds thr1.nc $SOIL -o bad.nc --threads 1 : \
    -n 1 "$DRYTEX" calibrate --thresholds thr1.nc $SOIL -o bad.nc --threads 1 --evaluations 500 \
    >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
status=$?
err=$(cat "$WORK/stderr")
[ $status -ne 0 ] && pass || fail "ranks with different options: exit 0"
expect_err "drytex: MPI rank 2 of 3: its job differs from rank 0's: evaluations=500 where rank 0 has evaluations=3000" \
    "different options message"
[ "$(printf '%s\n' "$err" | grep -c '^drytex: ')" -eq 1 ] && pass || fail "different options: not one message: $err"
"$MPIRUN" $MPI_FLAGS -n 1 "$DRYTEX" calibrate --thresholds thr1.nc $SOIL -o bad.nc --threads 1 : \
    -n 2 "$DRYTEX" calibrate --thresholds missing.nc $SOIL -o bad.nc --threads 1 \
    >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
status=$?
err=$(cat "$WORK/stderr")
[ $status -ne 0 ] && pass || fail "a rank without its inputs: exit 0"
expect_err "drytex: MPI rank 1 of 3: missing.nc: cannot open" "a rank without its inputs: message"
[ ! -e bad.nc ] && [ ! -e bad.nc.partial ] && pass || fail "a failed MPI calibrate left a file"
SLURM_STEP_NUM_TASKS=4 SLURM_PROCID=2 "$DRYTEX" calibrate --thresholds thr1.nc $SOIL -o bad.nc >"$WORK/stdout" 2>"$WORK/stderr"
status=$?
err=$(cat "$WORK/stderr")
expect_status 2 "a task of srun without MPI"
expect_err "started by srun as task 2 of 4 without MPI" "a task of srun without MPI: message"
[ ! -e bad.nc ] && [ ! -e bad.nc.partial ] && pass || fail "a task of srun without MPI left a file"
mpi 3 calibrate --thresholds thr1.nc $SOIL -o no/such/dir/bad.nc --threads 1
[ $status -ne 0 ] && pass || fail "unwritable output on 3 ranks: exit 0"
expect_err "drytex: no/such/dir/bad.nc.partial: cannot be created" "unwritable output on 3 ranks: message"

# simulate on a small world: 3 ranks give the output of one process, stations and summary included.
"$DRYTEX" demo --rows 4 --cols 6 --years 2 "$WORK/small" >/dev/null 2>&1 || { echo "small demo failed"; exit 99; }
cd "$WORK/small" || exit 99
GSDE="--soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc"
"$DRYTEX" drydowns --sm sm_cube.nc -o thr.nc >/dev/null 2>&1 && "$DRYTEX" calibrate --thresholds thr.nc $GSDE -o opt.nc >/dev/null 2>&1 || { echo "small calibration failed"; exit 99; }
SIMARGS="--forcing forcing.nc $GSDE --optimised opt.nc --reference satellite=sm_cube.nc --stations stations.csv --tile 2"
run simulate $SIMARGS -o sim1.nc
expect_status 0 "simulate, one process"
mpi 3 simulate $SIMARGS -o sim3.nc --threads 1
expect_status 0 "simulate on 3 ranks"
expect_err "stations: half-monthly RMSE improved" "simulate on ranks prints the summary once"
[ "$(printf '%s\n' "$err" | grep -c 'drytex: wrote sim3.nc')" -eq 1 ] && pass || fail "simulate on ranks: the summary is not printed once: $err"
"$NCTOOL" equal sim1.nc sim3.nc sm_baseline sm_optimised et_optimised rmse_baseline_satellite rmse_optimised_satellite \
    jja_difference_optimised_satellite spinup_loops status station_rmse_baseline station_rmse_optimised && pass ||
    fail "simulate differs between one process and 3 ranks"

# --engine hrldas is one HRLDAS run per texture: on ranks it refuses, once, before running anything
# (any executable passes the option check; the refusal comes first).
mkdir fake && printf '#!/bin/sh\nexit 0\n' >fake/hrldas.exe && chmod +x fake/hrldas.exe && : >fake/NoahmpTable.TBL
mpi 2 simulate --forcing forcing.nc $GSDE -o simh.nc --engine hrldas --hrldas-exe fake/hrldas.exe --threads 1
expect_status 2 "simulate --engine hrldas on 2 ranks (a usage error)"
expect_err "--engine hrldas runs the domain as one HRLDAS run per texture: start it without mpirun" "hrldas under MPI names why"
[ "$(printf '%s\n' "$err" | grep -c "start it without mpirun")" -eq 1 ] && pass || fail "the MPI refusal is not printed once: $err"
[ ! -e simh.nc ] && [ ! -e simh.nc.partial ] && [ ! -d simh.nc.hrldas ] && pass || fail "hrldas under MPI left files"

finish
