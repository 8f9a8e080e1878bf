#!/bin/sh
# Baseline and optimised read apart without colour and without red–green (issue 15 items 7, 8):
# the triangle marks them with the letters B and O, the Noah-MP and SCE-UA panels draw the second
# series dashed, the colours are orange and blue; the selected cell's marker is white on black
# (it was drawn in its own cell's colours); the plot's θw and θc lines carry their names.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
esc=$(printf '\033')
escapes() { tmux capture-pane -e -p -t "$session"; }
# the panels' part of lines 2 … 22 (after the map's last half-block), with their escapes
panel_escapes() { escapes | sed -n '2,22p' | sed 's/.*▀//'; }
# lines holding Braille cells and LETTER (a letter among the dots, not in the panel's text)
on_canvas() { screen | grep '⠀' | grep -c -- "$1"; }
start() { # WIDTH HEIGHT ENV
    tmux new-session -d -s "$session" -x "$1" -y "$2" "$3 XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "row 20 col 30" "$1 × $2 $3: start"
}
stop() { tmux send-keys -t "$session" q; check_screen "EXITED 0" "$1: q quits"; tmux kill-session -t "$session" 2>/dev/null; }

for size in "80 24" "120 40"; do
    set -- $size
    start "$1" "$2" ""
    # the selected cell: ◆ white (97 or 37) on black (40), bold
    marker=$(escapes | grep -oE "($esc\[[0-9;]*m)+◆" | head -n 1)
    printf '%s' "$marker" | grep -qE "\[(40|[0-9;]*;40)m|48;5;16" && printf '%s' "$marker" | grep -qE "\[(97|37)m|;(97|37)[;m]" && pass ||
        fail "$1 × $2: the selected cell's marker is not white on black: $(printf '%s' "$marker" | cat -v)"
    tmux send-keys -t "$session" Tab
    check_screen "B baseline" "$1 × $2: the triangle's legend names the letters"
    [ "$(on_canvas B)" -ge 1 ] && [ "$(on_canvas O)" -ge 1 ] && pass || fail "$1 × $2: no B and O on the triangle: $(screen | grep '⠀' | head -n 3)"
    panel_escapes | grep -q "38;5;208m" && panel_escapes | grep -q "38;5;33m" && pass || fail "$1 × $2: the triangle is not orange and blue"
    panel_escapes | grep -qE "38;5;(46|196|203|42|209)m" && fail "$1 × $2: the triangle still uses red or green" || pass
    tmux send-keys -t "$session" Tab
    check_screen "best, ┄ worst" "$1 × $2: the SCE-UA panel says which line is which"
    tmux send-keys -t "$session" Tab
    check_screen "─ baseline  ┄ optimised" "$1 × $2: the Noah-MP legend: baseline solid, optimised dashed"
    tmux send-keys -t "$session" Tab
    if [ "$2" -ge 40 ]; then
        [ "$(on_canvas θw)" -ge 1 ] && [ "$(on_canvas θc)" -ge 1 ] && pass || fail "$1 × $2: the plot's θw, θc lines carry no names"
    fi
    stop "$1 × $2"
done

# without colour: the letters alone tell the textures apart
start 120 40 "NO_COLOR=1"
tmux send-keys -t "$session" Tab
check_screen "B baseline" "NO_COLOR: the triangle"
[ "$(on_canvas B)" -ge 1 ] && [ "$(on_canvas O)" -ge 1 ] && pass || fail "NO_COLOR: no B and O on the triangle"
stop "NO_COLOR"

# 8 colours: yellow against cyan, not red against green
start 120 40 "TERM=xterm"
tmux send-keys -t "$session" Tab
check_screen "B baseline" "TERM=xterm: the triangle"
sleep 0.3
panel_escapes | grep -qE "\[([0-9;]*;)?33[;m]" && panel_escapes | grep -qE "\[([0-9;]*;)?36[;m]" && pass || fail "TERM=xterm: the triangle is not yellow and cyan"
panel_escapes | grep -qE "\[([0-9;]*;)?3[12][;m]" && fail "TERM=xterm: the triangle uses red or green" || pass
stop "TERM=xterm"
finish
