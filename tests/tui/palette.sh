#!/bin/sh
# The palette follows the terminal's colours (issue 15 item 2): on 8-colour terminals (TERM=xterm,
# screen, linux: 64 colour pairs) the map's whole ramp shows — its wettest third was drawn black
# on black from pairs above 63 — and the panels keep colours of their own; on 256 colours the
# viridis cube colours; under LANG=C with TERM=linux the map is the ramp's characters in colour.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }

escapes() { tmux capture-pane -e -p -t "$session"; }
esc=$(printf '\033')
# the distinct SGR foreground colours 30–37 on lines FROM … TO
foregrounds() { escapes | sed -n "$1,$2p" | grep -oE "$esc\[[0-9;]*m" | tr -d "$esc[m" | tr ';' '\n' | grep -E '^3[0-7]$' | sort -u | tr '\n' ' '; }
start() { # TERM WIDTH HEIGHT [ENV]
    tmux new-session -d -s "$session" -x "$2" -y "$3" "TERM=$1 ${4:-} XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
}
stop() { tmux send-keys -t "$session" q; check_screen "EXITED 0" "$1: q quits"; tmux kill-session -t "$session" 2>/dev/null; }

for term in xterm screen; do
    for size in "80 24" "120 40"; do
        set -- $size
        start "$term" "$1" "$2"
        check_screen "mean: 0.099 … 0.322 m3 m-3" "TERM=$term $1 × $2: the mean layer complete"
        escapes | grep -qE "$esc\[([0-9]*;)*[34]8;5;" && fail "TERM=$term: 256-colour escapes on an 8-colour terminal" || pass
        map=$(foregrounds 2 12)
        # the ramp's top: green, yellow, white (the wettest cells; black on black before)
        n=$(echo "$map" | wc -w)
        [ "$n" -ge 5 ] && pass || fail "TERM=$term $1 × $2: the map shows $n colours ($map), not the ramp's 6"
        echo "$map" | grep -qE '33|37' && pass || fail "TERM=$term $1 × $2: the map's wettest levels (yellow, white) are missing ($map)"
        n=$(escapes | sed -n "$(($2 - 1))p" | grep -oE "$esc\[[0-9;]*m" | tr -d "$esc[m" | tr ';' '\n' | grep -E '^4[0-7]$' | sort -u | wc -l)
        [ "$n" -ge 5 ] && pass || fail "TERM=$term $1 × $2: the colour key shows $n colours"
        tmux send-keys -t "$session" Tab
        check_screen "Texture triangle" "TERM=$term: the triangle"
        sleep 0.3
        panel=$(escapes | sed -n '2,20p' | sed "s/.*▀//" | grep -oE "$esc\[[0-9;]*m" | tr -d "$esc[m" | tr ';' '\n' | grep -E '^3[0-7]$' | sort -u | tr '\n' ' ')
        [ "$(echo "$panel" | wc -w)" -ge 2 ] && pass || fail "TERM=$term $1 × $2: the triangle's baseline and optimised have no colours of their own ($panel)"
        tmux send-keys -t "$session" Tab
        stop "TERM=$term"
    done
done

# the colour key on the legend line: a swatch (background colour) per level with its value, and the
# colour of a cell without a value (issue 15 item 3, in part)
start xterm-256color 120 40
check_screen "mean: 0.099 … 0.322 m3 m-3" "TERM=xterm-256color: the mean layer complete"
check_screen "no value" "TERM=xterm-256color: the colour key names the missing-value colour"
n=$(escapes | sed -n 39p | grep -oE "48;5;[0-9]+" | sort -u | wc -l)
[ "$n" -ge 9 ] && pass || fail "TERM=xterm-256color: the colour key shows $n colours, not the ramp's 9 and the missing one"
screen | sed -n 39p | grep -qE "mean: .* 0\.099 +0\.124 +0\.149" && pass || fail "TERM=xterm-256color: the colour key's values: $(screen | sed -n 39p)"
escapes | grep -qE "$esc\[([0-9]*;)*38;5;(54|61|25|31|37|36|71|149|190)m" && pass || fail "TERM=xterm-256color: no viridis colour on the map"
stop "TERM=xterm-256color"

# the Linux console has 8 colours and, here, no UTF-8: the ramp's characters, coloured
start linux 100 30 "LANG=C LC_ALL=C"
check_screen "row 20 col 30" "TERM=linux LANG=C start"
screen | sed -n '2,12p' | cut -c1-60 | grep -qE '^[ .:=+*#%@-]+$' && pass || fail "TERM=linux: the map is not the ramp's characters"
n=$(foregrounds 2 12 | wc -w)
[ "$n" -ge 4 ] && pass || fail "TERM=linux: the ramp's characters are not in colour ($n colours)"
stop "TERM=linux"
finish
