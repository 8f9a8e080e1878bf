#!/bin/sh
# The explorer's jobs over sessions (issue 15, item 11): a job whose output is already there and
# newer than its inputs is not run again (--again runs it), the next session opens with the
# layers of earlier jobs, :simulate runs the calibration's PTF, Ctrl-C asks as q does (and quits
# with status 0 when nothing runs), leaving jobs running says which, and a job left cancelling at
# quit is reported cancelled by the next session, not failed; a resume refused because an input
# changed is said so, with :drydowns all --restart to start again.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo --rows 8 --cols 12 --years 3 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
jobs_dir="$WORK/state/drytex/jobs"
explore() {
    tmux new-session -d -s "$session" -x 120 -y 34 \
        "trap : INT; XDG_STATE_HOME='$WORK/state' XDG_CACHE_HOME='$WORK/cache' '$DRYTEX' --no-config '$WORK/w'; echo EXITED \$?; sleep 30"
}
attribute() { ncdump -h "$1" 2>/dev/null | sed -n "s/^.*:$2 = \"\\(.*\\)\" ;/\\1/p"; }

explore
check_screen "row 4 col 6" "start"
tmux send-keys -t "$session" : "drydowns all" Enter
check_screen "job 1 drydowns done" "the first drydowns run" 60
tmux send-keys -t "$session" : "drydowns all" Enter
check_screen "drydowns-drytex.nc is newer than its inputs: loaded, not run again" "the same job again loads its output"
tmux send-keys -t "$session" : "jobs" Enter
if screen | grep -q "job 2 "; then fail "a second drydowns job was started"; screen >&2; else pass; fi
tmux send-keys -t "$session" x
tmux send-keys -t "$session" : "drydowns all --again" Enter
check_screen "job 2 drydowns done" "--again runs it" 60
touch "$WORK/w/sm_cube.nc"
tmux send-keys -t "$session" : "drydowns all" Enter
check_screen "job 3 drydowns done" "an input newer than the output: the job runs" 60

# :simulate runs the calibration's PTF (it ran sr06 whatever :set ptf said)
tmux send-keys -t "$session" : "set ptf ch78" Enter : "calibrate all" Enter
check_screen "job 4 calibrate done" "a ch78 calibration" 120
tmux send-keys -t "$session" : "simulate all" Enter
check_screen "job 5 simulate done" "its simulation" 180
sim=$(ls "$WORK"/w/simulated-*ch78*.nc 2>/dev/null | head -n 1)
[ -n "$sim" ] && [ "$(attribute "$sim" drytex_ptf)" = ch78 ] && pass ||
    fail ":simulate after :set ptf ch78 did not run ch78 ($sim: $(attribute "$sim" drytex_ptf))"
tmux send-keys -t "$session" : "simulate all" Enter
check_screen "is newer than its inputs: loaded, not run again" "an identical :simulate all is not run again"

# Ctrl-C with nothing running quits with status 0 (the shell around it keeps running, as a
# user's interactive shell does: there Ctrl-C reaches only the foreground job)
tmux send-keys -t "$session" C-c
check_screen "EXITED 0" "Ctrl-C quits cleanly when no job runs"
tmux kill-session -t "$session" 2>/dev/null

# the next session opens with the earlier jobs' layers (the ch78 ones are not the current settings)
explore
check_screen "layers of earlier jobs loaded: θw, θc, events" "the next session loads the outputs beside the data"
tmux send-keys -t "$session" : "layer theta_w" Enter
check_screen "theta_w: 0." "the loaded layer is there without a job"

# Ctrl-C while a job runs asks as q does; d leaves it running and says so after the screen closes
tmux send-keys -t "$session" : "set ptf ch78" Enter : "calibrate all" Enter
check_screen "calibrate: calibrated-drytex-ch78-regularised-s0.005-l1-3000.nc is newer than its inputs: loaded" "the ch78 calibration is loaded, not run"
tmux send-keys -t "$session" : "simulate all --again" Enter
check_screen "job 1 simulate" "a simulation (tens of seconds) runs"
tmux send-keys -t "$session" C-c
check_screen "jobs running: quit and cancel (y), detach (d), stay (n)?" "Ctrl-C asks while a job runs"
tmux send-keys -t "$session" n
check_screen "the jobs go on" "n stays"
tmux send-keys -t "$session" C-c
check_screen "detach (d)" "Ctrl-C asks again"
tmux send-keys -t "$session" d
check_screen "drytex: job 1 simulate left running (pid" "leaving a job running says so"
check_screen "EXITED 0" "d quits"
tmux kill-session -t "$session" 2>/dev/null

# picked up, then quit and cancel: if it outlives the explorer's wait, the next session says cancelled
explore
check_screen "following 1 job left running by an earlier session" "the job is picked up"
tmux send-keys -t "$session" q
check_screen "detach (d)" "q asks about the picked-up job"
tmux send-keys -t "$session" y
check_screen "EXITED 0" "y quits"
tmux kill-session -t "$session" 2>/dev/null
if ls "$jobs_dir"/*.job >/dev/null 2>&1; then
    grep -q '^cancelled=1' "$jobs_dir"/*.job && pass || fail "the record of a job left cancelling does not say so"
    explore
    check_screen "job 1 simulate cancelled" "a job left cancelling is reported cancelled, not failed" 120
    tmux kill-session -t "$session" 2>/dev/null
else
    pass # it stopped within the explorer's wait: nothing left to report
fi

# A resume refused because an input changed (issue 14): the explorer says so and offers to start
# again, and :drydowns all --restart does. The interrupted run: the explorer's own arguments, its
# final write stopped by a file-size limit, so OUT.partial holds every tile; then the cube changes.
(trap '' XFSZ; ulimit -f 40; exec "$DRYTEX" drydowns --sm "$WORK/w/sm_cube.nc" -o "$WORK/w/drydowns-mccoll2017.nc" \
    --preset mccoll2017) >/dev/null 2>&1
[ -f "$WORK/w/drydowns-mccoll2017.nc.partial" ] && [ ! -e "$WORK/w/drydowns-mccoll2017.nc" ] && pass ||
    fail "no interrupted drydowns-mccoll2017 run to resume"
"$NCTOOL" set "$WORK/w/sm_cube.nc" sm 0 0.25 || exit 99
explore
check_screen "row 4 col 6" "a session for the refused resume"
tmux send-keys -t "$session" : "set preset mccoll2017" Enter : "drydowns all" Enter
check_screen "job 1 drydowns cannot resume; :drydowns all --restart starts it again" "a refused resume offers to start again" 60
tmux send-keys -t "$session" : "messages" Enter
check_screen "changed since the job began" "the message log says which input changed"
tmux send-keys -t "$session" x
tmux send-keys -t "$session" : "drydowns all --restart" Enter
check_screen "job 2: drydowns (starting again)" ":drydowns all --restart starts again" 30
check_screen "job 2 drydowns done" "the restarted job finishes" 60
[ -f "$WORK/w/drydowns-mccoll2017.nc" ] && [ ! -e "$WORK/w/drydowns-mccoll2017.nc.partial" ] && pass ||
    fail "the restarted job did not replace the interrupted run"
tmux kill-session -t "$session" 2>/dev/null
finish
