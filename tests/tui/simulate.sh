#!/bin/sh
# The Noah-MP comparison panel and :simulate all in the explorer, through tmux on a small demo
# world: the panel (Tab) runs the cell's two columns and shows their metrics; without a calibration :simulate all says
# what to do first; while :calibrate all runs it waits for it; then it runs the Noah-MP column
# with both textures as a background job and its rmse_change and bias layers appear.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo --rows 6 --cols 8 --years 2 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
tmux new-session -d -s "$session" -x 120 -y 34 \
    "XDG_STATE_HOME='$WORK/state' XDG_CACHE_HOME='$WORK/cache' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 10"
check_screen "row 3 col 4" "start"
tmux send-keys -t "$session" Tab Tab Tab
check_screen "Noah-MP comparison" "Tab reaches the comparison panel"
check_screen "vs satellite" "the comparison panel shows the metrics against the satellite"
if wait_for "baseline   " && screen | grep -qE "optimised  [+-]0\.[0-9]{4}  0\.[0-9]{4}"; then pass
else fail "the comparison panel lacks the baseline and optimised runs' metrics"; screen >&2; fi
tmux send-keys -t "$session" l
check_screen "row 3 col 5" "the cursor moves with the comparison panel shown"
tmux send-keys -t "$session" Tab
tmux send-keys -t "$session" : "simu" Tab
check_screen ":simulate" "Tab completes :simulate"
tmux send-keys -t "$session" Escape
tmux send-keys -t "$session" : "simulate all" Enter
check_screen "simulate: no calibration yet" ":simulate all before any calibration says what to do"
tmux send-keys -t "$session" : "layer rmse_change" Enter
check_screen "layer rmse_change needs a simulation" "the comparison layer needs a simulation"
# :simulate all asked while the calibration is still on its way (the chained drydowns held, so a
# slow explorer cannot take the command only after the calibration): jobs 1 (the drydowns
# :calibrate all chains), 2 (calibrate) and then 3 (the queued simulate) run in turn
jobs_dir="$WORK/state/drytex/jobs"
tmux send-keys -t "$session" : "calibrate all" Enter
check_hold drydowns-drytex.nc "the drydowns :calibrate all chains" start
tmux send-keys -t "$session" : "simulate all" Enter
check_screen "simulate: starts when calibrate has finished" ":simulate all waits for the calibration on its way"
release_job
check_screen "job 3 simulate done" ":simulate all waits for the chained drydowns and calibration, then runs" 180
tmux send-keys -t "$session" : "layer sand_change" Enter
if wait_for "sand_change: -" && screen | grep -qE "sand_change: -([0-9.]+) … \1 %"; then pass
else fail "the sand_change layer is not shown on a range symmetric around 0"; screen >&2; fi
tmux send-keys -t "$session" : "layer rmse_change" Enter
check_screen "rmse_change: " "the RMSE-change layer appears"
tmux send-keys -t "$session" : "layer bias_optimised" Enter
check_screen "bias_optimised: " "the bias layer appears"
ls "$WORK/w"/simulated-*.nc >/dev/null 2>&1 && pass || fail "the simulation output is not beside the data"
# :write-config records the data sets (job outputs included) and settings; drytex PROJECT reopens them
printf 'not a project\n' >"$WORK/notes.txt"
tmux send-keys -t "$session" : "write-config $WORK/notes.txt" Enter
check_screen "notes.txt exists: not replaced (add --force" ":write-config refuses to overwrite another file"
tmux send-keys -t "$session" : "set ptf sr06-noahmp" Enter
tmux send-keys -t "$session" : "goto cell 2,3" Enter
tmux send-keys -t "$session" : "write-config $WORK/demo.drytex" Enter
check_screen "wrote the project $WORK/demo.drytex" ":write-config writes the project"
[ "$(cat "$WORK/notes.txt")" = "not a project" ] && pass || fail "write-config touched another file"
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits cleanly"
tmux kill-session -t "$session" 2>/dev/null
grep -q "^simulated $WORK/w/simulated-" "$WORK/demo.drytex" && grep -q "^set ptf sr06-noahmp" "$WORK/demo.drytex" && pass || fail "the project lacks the simulation or the settings: $(cat "$WORK/demo.drytex")"
cd "$WORK" || exit 99
tmux new-session -d -s "$session" -x 120 -y 34 "XDG_STATE_HOME='$WORK/state' '$DRYTEX' demo.drytex; echo EXITED \$?; sleep 10"
check_screen "row 2 col 3" "the project reopens at its cell"
check_screen "Texture (sr06-noahmp" "the project's settings come back"
tmux send-keys -t "$session" : "layer rmse_change" Enter
check_screen "rmse_change: " "the project's simulation layers come back"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null
# a project written before ':goto 35,101' meant a place holds its cell as "goto ROW,COL"
sed 's/^goto cell \([0-9]*\),\([0-9]*\)$/goto \1,\2/' "$WORK/demo.drytex" >"$WORK/old.drytex"
grep -q '^goto 2,3$' "$WORK/old.drytex" && pass || fail "could not make an old-style project: $(cat "$WORK/old.drytex")"
tmux new-session -d -s "$session" -x 120 -y 34 "XDG_STATE_HOME='$WORK/state' '$DRYTEX' old.drytex; echo EXITED \$?; sleep 10"
check_screen "row 2 col 3" "an older project's 'goto ROW,COL' still opens at its cell"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null
printf '# drytex project\nset ptf ch78\n' >"$WORK/empty.drytex"
"$DRYTEX" "$WORK/empty.drytex" </dev/null >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "empty.drytex: a project without a soil-moisture line" "$WORK/err" && pass || fail "a project without data: $(cat "$WORK/err")"
finish
