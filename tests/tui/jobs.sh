#!/bin/sh
# Background jobs in the explorer, through tmux on the demo world: :calibrate all runs drydowns
# then calibrate while the cursor still moves, the jobs line shows tiles and rate, the outputs
# become layers, :jobs lists them, :cancel leaves OUT.partial, a killed or failing job is reported
# and the explorer stays, q asks while jobs run, a detached job is picked up by the next session.
# A job whose transient state is checked is held (SIGSTOP, lib.sh hold_job) while the test looks,
# so a slow explorer (valgrind) sees what a fast one does.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
jobs_dir="$WORK/state/drytex/jobs"
explore() {
    tmux new-session -d -s "$session" -x 120 -y 34 \
        "XDG_STATE_HOME='$WORK/state' XDG_CACHE_HOME='$WORK/cache' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 10"
}

mkdir -p "$jobs_dir"
: >"$jobs_dir/1-1-1.log"; touch -d "8 days ago" "$jobs_dir/1-1-1.log"; : >"$jobs_dir/1-1-2.log"
explore
check_screen "row 20 col 30" "start"
[ ! -e "$jobs_dir/1-1-1.log" ] && [ -e "$jobs_dir/1-1-2.log" ] && pass || fail "failed jobs' logs are kept a week, not less, not more"
rm -f "$jobs_dir/1-1-2.log"
tmux send-keys -t "$session" : "calib" Tab
check_screen ":calibrate" "Tab completes the new commands"
tmux send-keys -t "$session" Escape
tmux send-keys -t "$session" : "set threads 1" Enter
check_screen "jobs started from now use 1" ":set threads"
tmux send-keys -t "$session" : "set threads many" Enter
check_screen "set: threads: 'many' is not a whole number 0…1024" "a wrong :set threads is refused, not ignored"
tmux send-keys -t "$session" : "calibrate all" Enter
check_screen "job 1: drydowns first (no thresholds yet), then calibrate" ":calibrate all without thresholds chains drydowns"
# held (SIGSTOP) while the test looks: a few seconds of drydowns could end before a slow explorer drew them
check_hold drydowns-drytex.nc "the chained drydowns"
check_tiles 1 drydowns "the jobs line shows the drydowns' tiles"
tmux send-keys -t "$session" l
# the cursor moves while the job runs: both on one screen
if wait_for "row 20 col 31" && screen | grep -Eq "job 1 drydowns [0-9]+/[0-9]+ tiles( [0-9.]+/(s|min|h) ETA|, the first of this run)"; then pass
else fail "the cursor did not move during the job, or the jobs line lacks tiles/rate/ETA"; screen >&2; fi
release_job
check_screen "job 2 calibrate done" "the chained calibration finishes" 60
tmux send-keys -t "$session" : "layer optimised_sand" Enter
check_screen "optimised_sand: " "the calibrated layer appears"
tmux send-keys -t "$session" : "layer theta_w" Enter
check_screen "theta_w: 0." "the drydowns' layer appears"
[ -f "$WORK/w/calibrated-drytex-sr06-regularised-s0.005-l1-3000.nc" ] && [ -f "$WORK/w/drydowns-drytex.nc" ] && pass || fail "the outputs are not beside the data"
[ -z "$(ls "$jobs_dir")" ] && pass || fail "finished jobs left files in $jobs_dir: $(ls "$jobs_dir")"
tmux send-keys -t "$session" : "jobs" Enter
check_screen "job 1 drydowns done  40/40 tiles" ":jobs lists the drydowns"
check_screen "calibrated-drytex-sr06-regularised-s0.005-l1-3000.nc" ":jobs shows the output path"
tmux send-keys -t "$session" x

# :cancel: drydowns on one thread (a few seconds) stop at the tiles in hand and keep OUT.partial
tmux send-keys -t "$session" : "set preset araki" Enter : "drydowns all" Enter
check_hold drydowns-araki.nc "drydowns to cancel"
check_tiles 3 drydowns "drydowns start again"
tmux send-keys -t "$session" : "cancel" Enter
term_pending && pass || fail ":cancel did not send the job SIGTERM"
release_job
check_screen "job 3 drydowns cancelled" ":cancel stops the job" 30
[ -f "$WORK/w/drydowns-araki.nc.partial" ] && [ ! -e "$WORK/w/drydowns-araki.nc" ] && pass ||
    fail ":cancel did not leave OUT.partial alone"
tmux send-keys -t "$session" : "drydowns all" Enter
check_screen "job 4: drydowns (resuming)" "the same job again resumes"

# a job killed under the explorer: a message, and the explorer goes on
check_hold drydowns-araki.nc "the resumed drydowns"
check_tiles 4 drydowns "the resumed job runs"
pid=$held
held=
kill -9 "$pid" 2>/dev/null && pass || fail "no job process to kill ($pid)"
check_screen "job 4 drydowns failed: died (signal 9" "a killed job is reported"
tmux send-keys -t "$session" h
check_screen "row 20 col 30" "the explorer stays after a job died"

# a job that fails on its own: its last error in :jobs
mkdir "$WORK/w/drydowns-mccoll2017.nc.partial"
tmux send-keys -t "$session" : "set preset mccoll2017" Enter : "drydowns all" Enter
check_screen "job 5 drydowns failed: " "a failing job is reported" 20
tmux send-keys -t "$session" : "jobs" Enter
check_screen "drydowns-mccoll2017.nc.partial: cannot be created" ":jobs shows the job's own error"
check_screen "log: $jobs_dir/" ":jobs shows where the failed job's log is"
tmux send-keys -t "$session" x
rmdir "$WORK/w/drydowns-mccoll2017.nc.partial"

# q while a job runs asks; n stays, d leaves it running for the next session
tmux send-keys -t "$session" : "set preset seed" Enter : "drydowns all --again" Enter
check_hold drydowns-seed.nc "a job to leave running"
check_tiles 6 drydowns "a job to leave running"
tmux send-keys -t "$session" q
check_screen "jobs running: quit and cancel (y), detach (d), stay (n)?" "q asks while jobs run"
tmux send-keys -t "$session" n
check_screen "the jobs go on" "n stays"
tmux send-keys -t "$session" q
check_screen "detach (d)" "q asks again"
tmux send-keys -t "$session" d
check_screen "EXITED 0" "d quits"
tmux kill-session -t "$session" 2>/dev/null
ls "$jobs_dir"/*.job >/dev/null 2>&1 && pass || fail "the detached job has no record"
release_job
explore
check_screen "job 1 drydowns done" "the next session picks the detached job up and loads it" 60
tmux send-keys -t "$session" : "jobs" Enter
check_screen "(picked up)" ":jobs shows the job as picked up"
tmux send-keys -t "$session" x
tmux send-keys -t "$session" : "layer events" Enter
check_screen "events: " "its layer is there"

# a job started with --detach is left running at q without a question
tmux send-keys -t "$session" : "set threads 1" Enter : "drydowns all --detach --again" Enter
check_hold drydowns-drytex.nc "a --detach job"
check_tiles 2 drydowns "a --detach job runs"
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q leaves a --detach job running without asking"
tmux kill-session -t "$session" 2>/dev/null
kill -0 "$held" 2>/dev/null && pass || fail "the --detach job did not outlive the explorer"
release_job
explore
check_screen "job 1 drydowns done" "the next session loads the --detach job's output" 60

# q, y: the running job is cancelled before the explorer leaves
tmux send-keys -t "$session" : "set threads 1" Enter : "set preset mccoll2017" Enter : "drydowns all" Enter
check_hold drydowns-mccoll2017.nc "another job"
check_tiles 2 drydowns "another job"
pid=$held
tmux send-keys -t "$session" q
check_screen "jobs running: quit and cancel (y)" "q asks while the job runs"
tmux send-keys -t "$session" y
term_pending && pass || fail "quit and cancel did not send the job SIGTERM"
release_job
check_screen "EXITED 0" "q, y quits"
kill -0 "$pid" 2>/dev/null && fail "the job still runs after quit and cancel" || pass
[ -f "$WORK/w/drydowns-mccoll2017.nc.partial" ] && pass || fail "quit and cancel lost the partial output"
[ -z "$(ls "$jobs_dir"/*.job 2>/dev/null)" ] && pass || fail "a cancelled job left its record"
tmux kill-session -t "$session" 2>/dev/null
finish
