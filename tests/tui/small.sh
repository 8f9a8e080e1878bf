#!/bin/sh
# Small terminals (issue 15 item 13): at 40 × 12 the status line keeps the layer's value (it was
# cut after the coordinates); a map larger than its area says which part is shown, in the title
# and with arrows at the edges it goes on beyond; at 80 × 24 the map is shortened so that the
# series plot shows (there was none); "terminal too small" says the current and the needed size;
# at 120 × 40 the whole map shows under the title.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
status_line() { screen | tail -n 1; }

tmux new-session -d -s "$session" -x 40 -y 12 "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
check_screen "mean: 0.099 … 0.322" "40 × 12: the mean layer complete"
check_screen " mean 0.215 m3 m-3  r20 c30" "40 × 12: the status line keeps the value"
check_screen "cropped map: cols 0–39/60" "40 × 12: the cropped map says so"
tmux send-keys -t "$session" : "layer sand" Enter
check_screen " sand " "40 × 12: the sand layer"
status_line | grep -qE "^ sand [0-9.]+ %" && pass || fail "40 × 12: the sand value is not on the status line: $(status_line)"
tmux send-keys -t "$session" : "layer mean" Enter
tmux resize-window -t "$session" -x 80 -y 24
check_screen "cropped map: cols 0–32/60, rows 5–32/40 (- zooms out)" "80 × 24: the cropped map says which rows and columns show (scrolled at 40 × 12)"
check_screen "row 20 col 30  34.875°N 102.625°E  mean 0.215 m3 m-3" "80 × 24: the full status line"
# the plot below the shortened map: month ticks, θ ticks, its legend
check_screen "╵Jan" "80 × 24: the plot's month ticks"
screen | grep -qE "^0\.[0-9]{2}┤" && pass || fail "80 × 24: no θ tick at the plot's left"
check_screen "all years" "80 × 24: the plot's legend"
screen | grep -qE "θ 0\.[0-9]{2}–0\.[0-9]{2} all years" && pass || fail "80 × 24: the plot's θ axis is not whole"
# arrows where the map goes on: right of its last column and under its middle
[ "$(screen | sed -n '2,15p' | grep -c '▀→')" -ge 2 ] && pass || fail "80 × 24: no → at the cropped map's right edge: $(screen | sed -n 3p)"
screen | sed -n 2p | grep -q "↑" && screen | sed -n 15p | grep -q "↓" && pass || fail "80 × 24: no ↑ over and ↓ under the cropped map: $(screen | sed -n 15p)"
tmux send-keys -t "$session" L L L
check_screen "row 20 col 59" "80 × 24: to the map's east edge"
[ "$(screen | sed -n '2,15p' | grep -c '^←▀')" -ge 2 ] && pass || fail "80 × 24: no ← at the left edge once scrolled east: $(screen | sed -n 3p)"
tmux send-keys -t "$session" H H H
check_screen "row 20 col 29" "80 × 24: back west"
tmux send-keys -t "$session" -- -
check_screen "drytex — satellite drydowns → soil texture" "80 × 24 zoomed out: the whole map, the title"
tmux send-keys -t "$session" +
tmux resize-window -t "$session" -x 120 -y 40
check_screen "drytex — satellite drydowns → soil texture" "120 × 40: the whole map, the title"
screen | grep -q "cropped" && fail "120 × 40: a whole map said to be cropped" || pass
screen | sed -n '2,21p' | grep -qE "▀→|^←|[↑↓]" && fail "120 × 40: arrows on a whole map" || pass
check_screen "╵Jan" "120 × 40: the plot's month ticks"
tmux resize-window -t "$session" -x 30 -y 10
check_screen "30 × 10, needs 40 × 12" "30 × 10: too small, with both sizes"
tmux resize-window -t "$session" -x 39 -y 24
check_screen "39 × 24, needs 40 × 12" "39 × 24: too narrow, with both sizes"
tmux resize-window -t "$session" -x 80 -y 24
check_screen "row 20 col 29" "80 × 24: back"
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits"
tmux kill-session -t "$session" 2>/dev/null
finish
