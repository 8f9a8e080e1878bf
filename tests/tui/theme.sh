#!/bin/sh
# The mono theme through tmux: :set theme (its values completed), --theme mono and the config file
# show the map as a density ramp without a single colour escape, with a legend that names each
# character's values and the selected cell in reverse video; --theme color overrides NO_COLOR; a
# wrong theme is refused.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }

escapes() { tmux capture-pane -e -p -t "$session"; }
# SGR colours: 30–38/40–48 (and 38;5;N, 48;5;N), 90–97/100–107; 39 and 49 are the default colours
colours() { escapes | grep -cE "$(printf '\033')\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m"; }
check_no_colours() { n=$(colours); [ "$n" -eq 0 ] && pass || { fail "$1: $n lines with colour escapes"; escapes | cat -v | head -n 5 >&2; }; }
# the map's lines (2 … up to the legend) hold only the ramp's characters (and blanks)
check_ramp() {
    lines=$(screen | sed -n '2,20p' | cut -c1-60 | grep -cvE '^[ .:=+*#%@-]+$')
    [ "$lines" -eq 0 ] && pass || { fail "$1: $lines map lines hold other characters than the ramp"; screen >&2; }
}
legend='\. 0\.[0-9]{3} : 0\.[0-9]{3} - 0\.[0-9]{3} = 0\.[0-9]{3} \+ 0\.[0-9]{3} \* 0\.[0-9]{3} # 0\.[0-9]{3} % 0\.[0-9]{3} @ 0\.[0-9]{3}'
check_legend() { screen | grep -qE "^mean: 0\.[0-9]+ … 0\.[0-9]+ m3 m-3 +$legend" && pass || { fail "$1: no legend of the ramp"; screen | tail -n 3 >&2; }; }
# the selected cell in reverse video: on its map line (screen line row + 2 while the map starts at row 0), and only there
check_cursor() {
    reverse="$(printf '\033')\[([0-9]*;)*7(;[0-9]*)*m"
    on=$(escapes | sed -n "$1p" | grep -cE "$reverse")
    others=$(escapes | sed -n "2,$(($1 - 1))p" | grep -cE "$reverse")
    [ "$on" -eq 1 ] && [ "$others" -eq 0 ] && pass || { fail "$2: the selected cell is not in reverse video on line $1 alone ($on, $others above)"; escapes | cat -v | sed -n "$1p" >&2; }
}

tmux new-session -d -s "$session" -x 110 -y 34 "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
check_screen "row 20 col 30" "start in colour"
check_screen "mean: 0.099 … 0.322 m3 m-3" "the mean layer complete"
[ "$(colours)" -gt 10 ] && pass || fail "the colour theme shows no colours (this test could not tell mono from it)"
# :set them<Tab> mo<Tab> completes to :set theme mono
tmux send-keys -t "$session" : "set them" Tab
check_screen ":set theme" "Tab completes the setting"
tmux send-keys -t "$session" "mo" Tab
check_screen ":set theme mono" "Tab completes the setting's value"
tmux send-keys -t "$session" Enter
check_screen "m3 m-3  theme mono" ":set theme mono (its message, not the typed line)"
check_no_colours ":set theme mono"
check_ramp ":set theme mono"
check_legend ":set theme mono"
check_cursor 22 "mono, cell 20,30"
tmux send-keys -t "$session" j
check_screen "row 21 col 30" "a move in mono"
check_cursor 23 "mono, cell 21,30"
tmux send-keys -t "$session" : "set theme purple" Enter
check_screen "theme: 'purple' is not color, light or mono" "a wrong theme is refused"
tmux send-keys -t "$session" : "write-config $WORK/project" Enter
check_screen "wrote the project" ":write-config"
grep -qx "set theme mono" "$WORK/project" && pass || fail "the project does not keep the theme: $(cat "$WORK/project")"
tmux send-keys -t "$session" : "set theme color" Enter
check_screen "m3 m-3  theme color" ":set theme color (its message, not the typed line)"
i=0; while [ "$(colours)" -le 10 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(colours)" -gt 10 ] && pass || fail ":set theme color brings no colours back"
screen | grep -q "▀" && pass || fail "the half-blocks are back in colour"
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits"
tmux kill-session -t "$session" 2>/dev/null

# --theme mono at start; the config file's set theme mono; --theme color over NO_COLOR
tmux new-session -d -s "$session" -x 110 -y 34 "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' --theme mono '$WORK/w'; sleep 5"
check_screen "row 20 col 30" "--theme mono start"
check_screen "mean: 0.099 … 0.322 m3 m-3" "--theme mono: the mean layer complete"
check_no_colours "--theme mono"
check_legend "--theme mono"
check_cursor 22 "--theme mono"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null

mkdir -p "$WORK/config/drytex"
printf 'set theme mono\n' >"$WORK/config/drytex/config"
tmux new-session -d -s "$session" -x 110 -y 34 "XDG_CONFIG_HOME='$WORK/config' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; sleep 5"
check_screen "row 20 col 30" "config start"
check_screen "mean: 0.099 … 0.322 m3 m-3" "config: the mean layer complete"
check_no_colours "set theme mono in the config file"
check_ramp "set theme mono in the config file"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null

tmux new-session -d -s "$session" -x 110 -y 34 "NO_COLOR=1 XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' --theme color '$WORK/w'; sleep 5"
check_screen "row 20 col 30" "NO_COLOR --theme color start"
check_screen "▀" "--theme color over NO_COLOR: half-blocks"
[ "$(colours)" -gt 10 ] && pass || fail "--theme color over NO_COLOR shows no colours"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null

run --theme purple "$WORK/w"
expect_status 2 "--theme purple"
expect_err "--theme: 'purple' is not color, light or mono" "--theme purple says why"
finish
