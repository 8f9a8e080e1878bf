#!/bin/sh
# The map and the plots say what they show (issue 15 items 4 and 8): the map has longitude ticks
# under it and, when the screen has room, latitude ticks right of it; the series plot has month ticks along the bottom,
# θ ticks at the left and its θw/θc lines named; the texture triangle names its classes and has
# gridlines; no number is cut in the middle at 80 × 24 (the Noah-MP table's JJA "0.2" for 0.228):
# values are formatted to fit or whole columns dropped; the metrics over the whole record beside a
# one-year plot say "all years".
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
# lines holding Braille cells and TEXT (a label among the dots, not in a panel's text)
on_canvas() { screen | grep '⠀' | grep -c -- "$1"; }
start() { # WIDTH HEIGHT ENV
    tmux new-session -d -s "$session" -x "$1" -y "$2" "$3 XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "row 20 col 30" "$1 × $2 $3: start"
}
stop() { tmux send-keys -t "$session" q; check_screen "EXITED 0" "$1: q quits"; tmux kill-session -t "$session" 2>/dev/null; }
# the Noah-MP table's rows: every number whole (3 or 4 decimals), none cut ("0.2")
check_table() {
    check_screen "Noah-MP comparison" "$1: the Noah-MP panel"
    i=0; while ! screen | grep -qE "optimised +[+-]0\." && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done # the column runs
    screen | grep -qE "^.*all years +bias" && pass || fail "$1: the Noah-MP metrics do not say they are over all years"
    for run in baseline optimised; do
        row=$(screen | grep -oE "$run +[+-]0\.[0-9].*" | head -n 1)
        [ -n "$row" ] && pass || { fail "$1: no $run row in the Noah-MP table"; screen >&2; continue; }
        cut=$(printf '%s' "$row" | sed "s/^$run *//" | tr -s ' ' '\n' | grep -vE '^[+-]?[0-9]+\.[0-9]{3,4}$' | head -n 1)
        [ -z "$cut" ] && pass || fail "$1: the $run row holds a cut value '$cut': $row"
    done
}

for case in "80 24 TERM=xterm" "130 40 TERM=xterm-256color"; do
    set -- $case
    start "$1" "$2" "$3"
    check_screen "╵100°E" "$1 × $2: longitude ticks under the map"
    if [ "$1" -ge 120 ]; then
        n=$(screen | grep -cE "[▀▄·] ┤3[0-9]°N") # (· where the mean layer is still being read)
        [ "$n" -ge 2 ] && pass || fail "$1 × $2: $n latitude ticks right of the map"
        check_screen "╵105°E" "$1 × $2: … every 5° on the whole map"
    else
        check_screen "╵96°E   ╵98°E" "$1 × $2: … every 2° on the cropped map's columns 0-32"
    fi
    check_screen "╵Jan" "$1 × $2: month ticks under the plot"
    check_screen "╵Dec" "$1 × $2: … to December"
    n=$(screen | grep -cE "^0\.[0-9]{2}┤")
    [ "$n" -ge 2 ] && pass || fail "$1 × $2: $n θ ticks at the plot's left (2 or more)"
    [ "$(on_canvas θw)" -ge 1 ] && [ "$(on_canvas θc)" -ge 1 ] && pass || fail "$1 × $2: the plot's θw, θc lines carry no names"
    screen | grep -qE "θ 0\.[0-9]{2}–0\.[0-9]{2} all years" && pass || fail "$1 × $2: the plot's θ axis is not whole"
    tmux send-keys -t "$session" Tab
    check_screen "grid: 20 %" "$1 × $2: the triangle says its gridlines' step"
    n=0
    for class in SiC CL SL Si; do [ "$(on_canvas "$class")" -ge 1 ] && n=$((n + 1)); done
    [ "$n" -ge 3 ] && pass || fail "$1 × $2: the triangle names only $n of SiC, CL, SL, Si"
    tmux send-keys -t "$session" Tab Tab
    check_table "$1 × $2 $3"
    tmux send-keys -t "$session" Tab
    stop "$1 × $2"
done

# without UTF-8 the table is the same numbers, whole
start 80 24 "LANG=C LC_ALL=C"
check_screen "|96degE" "80 × 24 LANG=C: the longitude ticks in ASCII"
tmux send-keys -t "$session" Tab Tab Tab
check_table "80 × 24 LANG=C"
stop "LANG=C"
finish
