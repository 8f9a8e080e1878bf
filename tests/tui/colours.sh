#!/bin/sh
# What ncview gives, the terminal way (issue 15): :range MIN MAX fixes the colours' range (values
# outside take the end colours) and :range auto takes it from the data again; :colours NAME picks
# the colour map (viridis, grey, brbg, puor), refused where the terminal cannot show it; the light
# theme (projectors) is black on white and no ramp colour is the background's white, on 8 and 256
# colours.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
esc=$(printf '\033')
escapes() { tmux capture-pane -e -p -t "$session"; }
key() { screen | sed -n "$(($1 - 1))p"; }
start() { # WIDTH HEIGHT ENV
    tmux new-session -d -s "$session" -x "$1" -y "$2" "$3 XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "row 20 col 30" "$1 × $2 $3: start"
}
stop() { tmux send-keys -t "$session" q; check_screen "EXITED 0" "$1: q quits"; tmux kill-session -t "$session" 2>/dev/null; }

start 120 40 TERM=xterm-256color
check_screen "mean: 0.099 … 0.322 m3 m-3" "the mean layer complete"
tmux send-keys -t "$session" : "range 0.15 0.25" Enter
check_screen "mean: 0.150 … 0.250 m3 m-3" ":range fixes the key's range"
tmux send-keys -t "$session" l # a move clears the message from the key's line
check_screen "row 20 col 31" "a move"
tmux send-keys -t "$session" h
check_screen "row 20 col 30" "back on the cell"
key 40 | grep -qE "0\.150 +0\.161 +0\.172" && pass || fail ":range: the key's values do not follow: $(key 40)"
tmux send-keys -t "$session" : "range 0.3 0.1" Enter
check_screen "range: MIN 0.3 must be below MAX 0.1" ":range refuses MIN above MAX"
tmux send-keys -t "$session" : "range wet dry" Enter
check_screen "range: give MIN MAX (numbers, in m3 m-3) or auto" ":range refuses words"
tmux send-keys -t "$session" : "range auto" Enter
check_screen "mean: 0.099 … 0.322 m3 m-3" ":range auto: from the data again"
tmux send-keys -t "$session" : "layer class" Enter : "range 1 3" Enter
check_screen "range: the class layer's colours are its classes" ":range refuses the class layer"
tmux send-keys -t "$session" : "layer mean" Enter : "colours grey" Enter
check_screen "colours: grey for the sequential layers" ":colours grey"
sleep 0.3
escapes | sed -n 39p | grep -qE "48;5;23[5-9]m" && pass || fail ":colours grey: the key is not grey: $(escapes | sed -n 39p | cat -v | cut -c1-200)"
escapes | sed -n '2,20p' | grep -qE "38;5;(54|61|25)m" && fail ":colours grey: viridis still on the map" || pass
tmux send-keys -t "$session" : "colours nope" Enter
check_screen "colours: 'nope' is not a colour map: one of viridis, grey, brbg, puor" ":colours names the maps"
tmux send-keys -t "$session" : "colours viridis" Enter
check_screen "colours: viridis for the sequential layers" ":colours viridis"
# magnification above 1:1 (projectors): + past 1:1, :magnify N; the map then shows fewer cells
tmux send-keys -t "$session" +
check_screen "zoom: each cell drawn as 2 × 2 half-blocks" "+ at 1:1 magnifies"
tmux send-keys -t "$session" : "magnify 8" Enter
check_screen "magnify: each cell drawn as 8 × 8 half-blocks" ":magnify 8"
span=$(screen | head -n 1 | sed -n 's/.*cropped map: cols \([0-9]*\)–\([0-9]*\)\/60.*/\1 \2/p')
set -- $span
[ -n "$span" ] && [ $(($2 - $1 + 1)) -le 10 ] && [ "$1" -le 30 ] && [ "$2" -ge 30 ] && pass || fail ":magnify 8: the title's columns '$span' are not a few around column 30: $(screen | head -n 1)"
screen | grep -q "◆" && pass || fail ":magnify 8: no marker on the selected cell"
tmux send-keys -t "$session" : "magnify 3" Enter
check_screen "magnify: give 1, 2, 4 or 8" ":magnify 3 is refused"
tmux send-keys -t "$session" - - - -
check_screen "zoom: 2 × 2 cells per map cell" "- back through 4, 2, 1 to zooming out"
stop "256 colours"

# 8 colours: grey cannot be shown; the light theme is black on white and the map has no white
for size in "80 24" "120 40"; do
    set -- $size
    start "$1" "$2" TERM=xterm
    tmux send-keys -t "$session" : "colours grey" Enter
    check_screen "colours: grey needs more colours than this terminal's 8 colours" "$1 × $2: grey refused on 8 colours"
    tmux send-keys -t "$session" : "set theme light" Enter
    check_screen "theme light" "$1 × $2: :set theme light"
    sleep 0.3
    escapes | sed -n 1p | grep -qE "\[([0-9]*;)*30(;[0-9]*)*m.*\[([0-9]*;)*47(;[0-9]*)*m|\[([0-9]*;)*47(;[0-9]*)*m.*\[([0-9]*;)*30(;[0-9]*)*m" && pass ||
        fail "$1 × $2: the light theme's title is not black on white: $(escapes | sed -n 1p | cat -v | cut -c1-80)"
    # the map's colours (the selected cell's white-on-black marker aside): no white, the background's colour
    white=$(escapes | sed -n "2,12p" | sed "s/$esc\[1m$esc\[37m$esc\[40m◆//" | grep -cE "\[([0-9]*;)*(37|47)(;[0-9]*)*m▀")
    [ "$white" -eq 0 ] && pass || fail "$1 × $2: the light theme's map has white cells on $white lines"
    tmux send-keys -t "$session" : "set theme color" Enter
    check_screen "theme color" "$1 × $2: back to the dark theme"
    stop "$1 × $2 light"
done
finish
