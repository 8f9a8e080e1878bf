#!/bin/sh
# The explorer's first run on the bundled demo (issue 15 item 12): it opens on what the first frame
# needs while the rest is written in the background; the demo's stations are shown; the Noah-MP
# panel says the forcing is on its way and opens it once it is there; a first run stopped by Ctrl-C
# leaves no demo.partial-* behind once drytex starts again. (Timing: tests/bench/first_frame.sh.)
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
start() { # CACHE
    tmux new-session -d -s "$session" -x 120 -y 40 \
        "trap : INT; XDG_CACHE_HOME='$1' XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX'; echo EXITED \$?; sleep 30"
}
pending_done() { # DEMO — until the background writer is done (180 s at most)
    i=0
    while [ -e "$1/PENDING" ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i + 1)); done
    [ ! -e "$1/PENDING" ]
}

start "$WORK/cache"
check_screen "row 20 col 30" "the first frame on a fresh cache" 120
check_screen "▲ station (12 on the map)" "the bundled demo shows its stations"
tmux send-keys -t "$session" Tab Tab Tab
check_screen "Noah-MP comparison" "the Noah-MP panel"
if screen | sed "s/^.*[▀▲·]//" | tr -s "\n " "  " | grep -q "being written in the background"; then pass; echo "# the forcing was on its way"
else check_screen "baseline" "the Noah-MP panel: the forcing already there"; fi
pending_done "$WORK/cache/drytex/demo" && pass || fail "the background writer has not finished"
tmux send-keys -t "$session" l
check_screen "row 20 col 31" "a move once the rest is written"
check_screen "baseline " "the Noah-MP panel opens the forcing once it is there"
screen | sed "s/^.*[▀▲·]//" | tr -s "\n " "  " | grep -q "being written in the background" && fail "the panel still says the forcing is on its way" || pass
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits"
tmux kill-session -t "$session" 2>/dev/null

# Ctrl-C while the first run writes: nothing half-written survives the next start
start "$WORK/cache2"
check_screen "writing the demo world" "the first run says it writes the demo" 60
tmux send-keys -t "$session" C-c
check_screen "EXITED" "Ctrl-C stops the first run" 60
tmux kill-session -t "$session" 2>/dev/null
start "$WORK/cache2"
check_screen "row 20 col 30" "the next start opens the explorer" 120
leftovers=$(ls -d "$WORK"/cache2/drytex/demo.partial-* 2>/dev/null)
[ -z "$leftovers" ] && pass || fail "a stopped first run left $leftovers"
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits after the second start"
tmux kill-session -t "$session" 2>/dev/null
pending_done "$WORK/cache2/drytex/demo" && pass || fail "the second start's background writer has not finished"
finish
