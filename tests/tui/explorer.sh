#!/bin/sh
# The explorer driven through tmux: the map appears, the cursor moves the status line, :goto lands
# on the right cell, :set changes the calibration, a too-small terminal says so and recovers,
# NO_COLOR shows no colour, q quits and restores the terminal.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }

tmux new-session -d -s "$session" -x 110 -y 34 "XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
check_screen "drytex — satellite drydowns" "title"
check_screen "row 20 col 30" "the cursor starts in the middle"
check_screen "Cell 20, 30" "the cell panel"
check_screen "mean: 0.099 … 0.322 m3 m-3" "the mean layer, read piece by piece after the first frame, completes"
check_screen "row 20 col 30  34.875°N 102.625°E  mean 0.215" "the status line shows the cell's mean"
check_screen "▀" "the half-block map"
check_screen "2020-01-01 … 2020-12-31" "the series plot shows the last calendar year"
check_screen "fitted drydowns" "the plot's legend"
tmux send-keys -t "$session" "["
check_screen "2019-01-01 … 2019-12-31" "[ moves the plot a calendar year back"
tmux send-keys -t "$session" l l j
check_screen "row 21 col 32" "moving the cursor changes the status line"
# the map's part of the fourth line, with its colours (up to its last half-block: the panel
# beside it follows the cursor): the map's levels are cached between frames, so a layer or zoom
# change must show new colours and the way back the old ones
map_line() { tmux capture-pane -e -p -t "$session" | sed -n '4s/\(.*▀\).*/\1/p'; }
unzoomed=$(map_line)
# zoom out: 2 × 2 cells per map cell, the map half as wide, moves of two cells; zoom back in
tmux send-keys -t "$session" -- -
check_screen "zoom: 2 × 2 cells per map cell" "- zooms out"
[ "$(screen | sed -n 3p | grep -o '▀' | wc -l)" -eq 30 ] && pass || fail "the zoomed-out map is not 30 characters wide: $(screen | sed -n 3p)"
tmux send-keys -t "$session" l
check_screen "row 21 col 34" "a move at zoom 2 is two cells"
tmux send-keys -t "$session" +
check_screen "zoom: 1 × 1 cells per map cell" "+ zooms back in"
[ "$(map_line)" = "$unzoomed" ] && pass || fail "zoomed back in, the map's line differs: $(map_line)"
tmux send-keys -t "$session" h h
check_screen "row 21 col 32" "moves of one cell again"
tmux send-keys -t "$session" / "31.1,96.4" Enter
check_screen "row 35 col 5  31.125°N 96.375°E" "/ goes to lat,lon"
tmux set-option -t "$session" set-clipboard on
tmux send-keys -t "$session" y
check_screen "copied (OSC 52): row=35 col=5" "y copies the cell"
tmux show-buffer 2>/dev/null | grep -q "^row=35 col=5 lat=31.1250 lon=96.3750 mean=0\." && pass || fail "y did not reach the clipboard through OSC 52: $(tmux show-buffer 2>&1 | head -c 200)"
# a mouse click (X10 encoding: button, column + 33, row + 33) selects the cell under it; a second
# click on the same character takes its lower cell; m turns the mouse off
click() {
    position="$(printf '%b%b' "\\0$(printf %o $(($1 + 33)))" "\\0$(printf %o $(($2 + 33)))")"
    tmux send-keys -t "$session" -l "$(printf '\033[M ')$position$(printf '\033[M#')$position" # press, release
}
click 10 5
check_screen "row 8 col 10" "a click selects the cell under it"
click 10 5
check_screen "row 9 col 10" "a second click takes the half-block's lower cell"
tmux send-keys -t "$session" m
check_screen "mouse off" "m turns the mouse off"
click 20 5
sleep 0.5
screen | grep -q "row 9 col 10" && pass || fail "a click with the mouse off moved the cursor"
tmux send-keys -t "$session" m
tmux send-keys -t "$session" : "goto 35.5,101.2" Enter
check_screen "row 18 col 24  35.375°N 101.125°E" ":goto lat,lon"
mean_line=$(map_line)
tmux send-keys -t "$session" : "layer class" Enter
check_screen "class: " "the texture-class layer"
screen | grep -qE "^class: .*(Loam|Sandy loam|Clay loam|Sandy clay loam|L|SL|CL|SCL)( |$)" && pass || fail "the class layer's key names no class: $(screen | grep '^class:')"
[ "$(map_line)" != "$mean_line" ] && pass || fail "the class layer's map shows the mean layer's colours"
check_screen "row 18 col 24  35.375°N 101.125°E  class Loam" "the status line names the cell's class"
tmux send-keys -t "$session" : "layer mean" Enter
check_screen "mean: 0.099 … 0.322 m3 m-3" "back to the mean layer"
[ "$(map_line)" = "$mean_line" ] && pass || fail "back on the mean layer, the map's line differs: $(map_line)"
# the panel's thresholds are those drytex cell prints for the same cell
cell_w=$("$DRYTEX" cell --sm "$WORK/w/sm_cube.nc" --cell 18,24 | sed -n 's/^thresholds: θw \([0-9.]*\) .*/\1/p')
check_screen "θw $cell_w" "the panel's θw equals drytex cell's ($cell_w)"
tmux send-keys -t "$session" Tab
check_screen "Texture triangle (Tab: next panel)" "Tab shows the texture triangle"
check_screen "B baseline" "the triangle's legend"
tmux send-keys -t "$session" Tab
check_screen "SCE-UA convergence" "Tab again shows the SCE-UA trace"
check_screen "loop evals  best" "the trace table"
tmux send-keys -t "$session" Tab
check_screen "Noah-MP comparison" "Tab then shows the Noah-MP comparison (the demo has a forcing)"
tmux send-keys -t "$session" Tab
check_screen "θw estimator: pooled decay" "Tab then shows the θw estimator"
tmux send-keys -t "$session" Tab
check_screen "Texture (sr06" "Tab comes back to the text panel"
tmux send-keys -t "$session" : "set ptf ch78" Enter
check_screen "Texture (ch78" ":set ptf ch78"
# the twin's settings (README): the panel follows drytex cell given the same options
tmux send-keys -t "$session" : "set ptf sr06" Enter : "set preset araki" Enter : "set min-points 8" Enter
twin=$("$DRYTEX" cell --sm "$WORK/w/sm_cube.nc" --cell 18,24 --preset araki --min-points 8)
kept=$(printf '%s\n' "$twin" | sed -n 's/^events (\([0-9]*\) found, \([0-9]*\) kept.*/\1 found, \2 kept/p')
check_screen "drydowns $kept" ":set min-points 8 keeps the events drytex cell --min-points 8 keeps ($kept)"
cell_w=$(printf '%s\n' "$twin" | sed -n 's/^thresholds: θw \([0-9.]*\) .*/\1/p')
check_screen "θw $cell_w" "with --min-points 8 the panel's θw is drytex cell's ($cell_w)"
tmux send-keys -t "$session" : "set cost seed" Enter : "set sigma 0.005" Enter
check_screen "sigma weighs only the regularised cost" ":set sigma under the seed cost says it does not count"
tmux send-keys -t "$session" : "set cost regularised" Enter : "set lambda 1" Enter
sand=$("$DRYTEX" cell --sm "$WORK/w/sm_cube.nc" --cell 18,24 --preset araki --min-points 8 --soil "$WORK/w/soil/SAND1.nc" \
    --soil "$WORK/w/soil/CLAY1.nc" --soil "$WORK/w/soil/OC1.nc" --cost regularised --sigma 0.005 --lambda 1 |
    sed -n 's/^  optimised *\([0-9.]*\) *\([0-9.]*\) .*/\1  \2/p' | tr -s ' ')
check_screen "regularised" ":set cost regularised"
echo "# twin texture at 18,24: $sand"
[ -n "$sand" ] && screen | grep "optimised" | tr -s ' ' | grep -qF "optimised $sand" && pass ||
    fail "the optimised sand, clay under σ 0.005, λ 1 differ from drytex cell's ($sand): $(screen | grep optimised)"
tmux send-keys -t "$session" : "set lambda -1" Enter
check_screen "lambda: '-1' is not a number >= 0" "a negative lambda is refused"
tmux send-keys -t "$session" : "set cost seed" Enter : "set preset seed" Enter
tmux send-keys -t "$session" : "goto cell 99,99" Enter
check_screen "goto: cell 99,99 is outside" "a wrong :goto is reported"
tmux send-keys -t "$session" : "layer theta_w" Enter
check_screen "layer theta_w needs drydown thresholds" "a layer without its file is explained"
tmux send-keys -t "$session" : "frobnicate" Enter
check_screen "unknown command 'frobnicate'" "an unknown command is reported"
tmux send-keys -t "$session" : "layer nope" Enter
check_screen "layer: one of mean, sand, clay, soc, class, theta_w" "a wrong :layer lists every layer, class included"
tmux send-keys -t "$session" : "cancel 5" Enter
check_screen "cancel: no jobs yet" ":cancel N without jobs says there are none"
tmux send-keys -t "$session" "?"
check_screen "drytex explorer — what the screen shows" "help screen"
tmux send-keys -t "$session" x
check_screen "row 18 col 24" "any key leaves the help"
tmux resize-window -t "$session" -x 30 -y 10
check_screen "terminal too small" "too-small screen"
tmux resize-window -t "$session" -x 110 -y 34
check_screen "row 18 col 24" "the map comes back after resizing"
# on 80 columns the plot's legend and the SCE-UA panel's lines are cut at the edge, not wrapped
# onto the next line (the blank one above the legend line, the map's next line)
tmux resize-window -t "$session" -x 80 -y 40
# the first frame at 80 columns (only there is the 60-column map cropped): under load the explorer
# may still show a 110-column frame, whose help wraps elsewhere (issue 14 item 11)
check_screen "cropped map: cols 0–32/60" "the explorer redrawn at 80 × 40"
check_screen "satellite  ─ fitted drydowns" "the plot at 80 × 40"
screen | sed -n 39p | grep -q "^mean: " && pass || fail "the plot's legend wrapped onto the next line: $(screen | sed -n 38,39p)"
# the help on 80 columns: no line cut at the edge, and what does not fit scrolls into view; the
# waits are for words without blanks (a phrase may be wrapped anywhere) or for the phrase with the
# screen's lines joined
joined() { screen | tr -s ' \n' '  '; }
tmux send-keys -t "$session" "?"
check_screen "more: ↓ j space" "the help says it goes on"
i=0; while ! joined | grep -qF "copy the cell's values (OSC 52)" && [ $i -lt 40 ]; do tmux send-keys -t "$session" j; sleep 0.2; i=$((i + 1)); done
joined | grep -qF "copy the cell's values (OSC 52)" && pass || fail "the help's lines are not wrapped whole: $(screen | grep -i osc)"
i=0; while ! screen | grep -qF "end: ↑ k back" && [ $i -lt 30 ]; do tmux send-keys -t "$session" " "; sleep 0.3; i=$((i + 1)); done
check_screen "end: ↑ k back" "space scrolls the help to its end"
check_screen "light|mono" "the help's last lines"
check_screen ":quit" "the help's last command"
tmux send-keys -t "$session" x
check_screen "satellite  ─ fitted drydowns" "any other key closes the help"
# a message too long for the rest of the status line is shown whole on the line above it
tmux send-keys -t "$session" : "set lambda -1" Enter
check_screen "set: lambda: '-1' is not a number >= 0" "a long message on 80 columns is shown whole"
tmux resize-window -t "$session" -x 40 -y 12
tmux send-keys -t "$session" : "goto cell 99,99" Enter
check_screen "goto: cell 99,99 is outside 40 × 60" "a message at 40 × 12 is shown"
# the ':' line: longer than the screen it scrolls with the cursor; the cursor counts columns, not bytes
tmux send-keys -t "$session" : ; tmux send-keys -t "$session" -l "export cell $WORK/a/path/longer/than/the/screen/end.json"
check_screen "screen/end.json" "a long ':' line scrolls to show what is typed"
tmux send-keys -t "$session" Escape : ; tmux send-keys -t "$session" -l "goto θθθθ"
check_screen ":goto θθθθ" "UTF-8 on the ':' line"
[ "$(tmux display -p -t "$session" '#{cursor_x}')" = 10 ] && pass || fail "the cursor after ':goto θθθθ' is at column $(tmux display -p -t "$session" '#{cursor_x}'), not 10"
tmux send-keys -t "$session" Escape
tmux resize-window -t "$session" -x 67 -y 24
tmux send-keys -t "$session" Tab Tab
check_screen "SCE-UA convergence" "the SCE-UA panel at 67 × 24"
wrapped() { screen | sed -n '2,15{/^[▀←]/d;p}'; } # the map's lines (the plot below them from line 17); ← marks a cropped map
i=0; while [ -n "$(wrapped)" ] && [ $i -lt 40 ]; do sleep 0.1; i=$((i + 1)); done # a frame of before the resize
[ -z "$(wrapped)" ] && pass || fail "a panel line wrapped over the map: $(wrapped)"
tmux send-keys -t "$session" Tab Tab Tab
check_screen "Texture (" "back to the text panel"
tmux resize-window -t "$session" -x 110 -y 34
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits with status 0"
[ -s "$WORK/state/drytex/history" ] && grep -q "goto 35.5,101.2" "$WORK/state/drytex/history" && pass || fail "the command history was not saved"
tmux kill-session -t "$session" 2>/dev/null

# Job outputs as layers.
"$DRYTEX" drydowns --sm "$WORK/w/sm_cube.nc" -o "$WORK/w/thr.nc" >/dev/null 2>&1
"$DRYTEX" calibrate --thresholds "$WORK/w/thr.nc" --soil "$WORK/w/soil/SAND1.nc" --soil "$WORK/w/soil/CLAY1.nc" \
    --soil "$WORK/w/soil/OC1.nc" -o "$WORK/w/opt.nc" >/dev/null 2>&1
tmux new-session -d -s "$session" -x 110 -y 34 "'$DRYTEX' '$WORK/w' --thresholds '$WORK/w/thr.nc' --calibrated '$WORK/w/opt.nc'; sleep 5"
check_screen "row 20 col 30" "start with job outputs"
tmux send-keys -t "$session" : "layer theta_w" Enter
check_screen "theta_w: 0." "the θw layer from the drydowns output"
tmux send-keys -t "$session" : "layer optimised_sand" Enter
check_screen "optimised_sand: " "the optimised sand layer from the calibration"
# :export: the cell's report as JSON, its events as CSV, the shown layer as netCDF
tmux send-keys -t "$session" : "export cell $WORK/cell.json" Enter
check_screen "exported cell 20,30 (report)" ":export cell FILE.json"
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['cell']['row'] == 20 and d['drydowns']['found'] > 0 else 1)" "$WORK/cell.json" && pass || fail "the exported JSON is not the cell's report"
fi
tmux send-keys -t "$session" : "export cell $WORK/events.csv" Enter
check_screen "exported cell 20,30 (events)" ":export cell FILE.csv"
[ "$(head -n 1 "$WORK/events.csv")" = "start,days,points,theta_c,delta,tau,theta_w,r2,kept,reason" ] && [ "$(wc -l <"$WORK/events.csv")" -gt 10 ] && pass || fail "the exported events CSV"
tmux send-keys -t "$session" : "export map $WORK/layer.nc" Enter
check_screen "exported the optimised_sand layer" ":export map FILE.nc"
"$NCTOOL" mae "$WORK/layer.nc" optimised_sand "$WORK/w/opt.nc" sand | grep -q "^0.000000 " && pass || fail "the exported map is not the layer"
tmux send-keys -t "$session" : "export map /nonexistent/dir/x.nc" Enter
check_screen "export: /nonexistent/dir/x.nc" "an unwritable export says so"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null

# The config file's commands, then -c's, run at start; a wrong one says where it came from.
mkdir -p "$WORK/config/drytex"
printf '# my defaults\nset ptf ch78\nlayer clay\n' >"$WORK/config/drytex/config"
tmux new-session -d -s "$session" -x 110 -y 34 \
    "XDG_CONFIG_HOME='$WORK/config' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w' -c 'goto 35.5,101.2; layer nope'; sleep 5"
check_screen "Texture (ch78" "the config file's :set ran at start"
check_screen "row 18 col 24  35.375°N 101.125°E  clay" "the config's layer and -c's goto ran at start"
check_screen "-c, command 2: layer: one of" "a wrong -c command says where it came from"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null
[ "$(cat "$WORK/config/drytex/config")" = "$(printf '# my defaults\nset ptf ch78\nlayer clay')" ] && pass || fail "the config file was rewritten"

tmux new-session -d -s "$session" -x 100 -y 30 "NO_COLOR=1 '$DRYTEX' '$WORK/w'; sleep 5"
check_screen "row 20 col 30" "NO_COLOR start"
if tmux capture-pane -e -p -t "$session" | grep -q '38;5;'; then fail "NO_COLOR still shows colours"; else pass; fi
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null

"$DRYTEX" "$WORK/w" </dev/null >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "needs a terminal" "$WORK/err" && pass || fail "without a terminal the explorer must refuse clearly"
finish
