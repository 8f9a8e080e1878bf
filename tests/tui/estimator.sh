#!/bin/sh
# The explorer's θw-estimator panel (issue 16 item 4): Tab's fifth panel draws the selected cell's
# drydowns with the asymptote they share (the pooled decay, the default) and its interval, and says
# the status in the words `drytex cell` prints for the same cell: identified at the demo's middle
# cell, censored ("never dried below …") in its wettest corner; :drydowns all then computes the
# layers with the panel's estimator.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
# cell_words ROW,COL → what drytex cell says of the estimate, without the interval
cell_words() { "$DRYTEX" cell --sm "$WORK/w/sm_cube.nc" --cell "$1" | sed -n '1,/^pooled decay: /s/^pooled decay: //p' | sed 's/ (90 %.*//; s/ (the minimum.*//'; }

tmux new-session -d -s "$session" -x 120 -y 40 "XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
check_screen "row 20 col 30" "the explorer starts in the middle"
tmux send-keys -t "$session" Tab Tab Tab Tab
check_screen "θw estimator: pooled decay (Tab: next panel)" "the fifth panel is the θw estimator"
words=$(cell_words 20,30)
echo "# cell 20,30: $words"
case "$words" in identified:*) pass ;; *) fail "drytex cell does not call the middle cell identified: $words" ;; esac
check_screen "$words" "the panel says what drytex cell says of cell 20,30"
check_screen "─ θw they share, ┄ its 90 % interval" "the picture's caption names the shared asymptote and its interval"
check_screen "median of" "the panel gives θc, from the wettings"
# Braille dots (U+2801…U+28FF, UTF-8 E2 A0…A3) beside the map, above the series plot: the events
braille=$(printf '\342\240[\201-\277]\|\342[\241-\243]')
screen | sed -n '2,20p' | LC_ALL=C grep -q "$braille" && pass || fail "no Braille dots in the panel"
# the wettest corner: never dried near its asymptote
tmux send-keys -t "$session" / "30.125,109.875" Enter
check_screen "row 39 col 59" "/ goes to the wettest corner"
words=$(cell_words 39,59)
echo "# cell 39,59: $words"
case "$words" in censored:*) pass ;; *) fail "drytex cell does not call the wettest corner censored: $words" ;; esac
check_screen "$words" "the panel says what drytex cell says of cell 39,59"
check_screen "┄ the bound θw lies below" "a censored cell's picture shows its bound"
# the loss function's picture: its scatter and broken line, in the words drytex cell --estimator loss prints
tmux send-keys -t "$session" / "34.875,102.625" Enter : "set estimator loss" Enter
check_screen "θw estimator: loss function (Tab: next panel)" ":set estimator loss draws the loss function"
loss=$("$DRYTEX" cell --sm "$WORK/w/sm_cube.nc" --cell 20,30 --estimator loss | sed -n 's/^loss function: \(identified: the soil dried down to θw [0-9.]*\).*/\1/p' | head -n 1)
echo "# cell 20,30, loss: $loss"
[ -n "$loss" ] && pass || fail "drytex cell --estimator loss does not identify cell 20,30"
check_screen "$loss" "the loss panel says what drytex cell --estimator loss says"
check_screen "─ the fit: 0 below θw" "the loss picture's caption names the broken line"
# :drydowns all computes the layers the panel shows: with the explorer's estimator (loss here), into
# an output named after it (the default settings' drydowns-drytex.nc holds the pooled decay's)
tmux send-keys -t "$session" : "drydowns all" Enter
check_screen "job 1 drydowns done" "the loss function's drydowns job finishes" 120
[ -f "$WORK/w/drydowns-drytex-loss.nc" ] && pass || fail ":drydowns all did not name its output after the estimator: $(ls "$WORK/w")"
estimator=$(ncdump -h "$WORK/w/drydowns-drytex-loss.nc" 2>/dev/null | sed -n 's/^.*:drytex_estimator = "\(.*\)" ;/\1/p')
[ "$estimator" = loss ] && pass || fail "the job's output was made with the estimator '$estimator', not the explorer's loss"
ncdump -h "$WORK/w/drydowns-drytex-loss.nc" | grep -q "float theta_star(" && pass || fail "the job's output lacks the loss function's theta_star"
[ ! -e "$WORK/w/drydowns-drytex.nc" ] && pass || fail "the loss function's job wrote the default settings' output"
tmux send-keys -t "$session" Tab
check_screen "Cell 20, 30" "Tab comes back to the text panel"
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits cleanly"
tmux kill-session -t "$session" 2>/dev/null
finish
