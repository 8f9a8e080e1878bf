#!/bin/sh
# Terminals without UTF-8 or without cursor addressing (issue 15 item 4): under LANG=C every panel,
# the help and the messages are ASCII (θw → thw, τ → tau, → → ->, ° → deg, – → -, Braille → . ' :),
# not raw UTF-8 bytes; TERM=dumb (and an unknown TERM) is refused in one line on stderr pointing to
# drytex cell, exit 1; vt100 (no colours) opens in mono.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }

# lines of the screen with a character beyond ASCII (tmux shows raw bytes as such, or as '_')
# (or as curses' M-x or ~@ spelling of a byte above 127: what raw UTF-8 became under LANG=C)
non_ascii() { screen | LC_ALL=C grep -nE '[^ -~]|M-[^ ]|~@'; }
check_ascii() {
    bad=$(non_ascii)
    [ -z "$bad" ] && pass || { fail "$1: characters beyond ASCII under LANG=C: $(printf '%s' "$bad" | head -n 3)"; }
}
start() { # WIDTH HEIGHT ENV
    tmux new-session -d -s "$session" -x "$1" -y "$2" "$3 XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
}

for size in "80 24" "120 40"; do
    set -- $size
    start "$1" "$2" "LANG=C LC_ALL=C"
    check_screen "mean: 0.099 ... 0.322 m3 m-3" "LANG=C $1 × $2: the legend in ASCII"
    check_screen "drytex - cropped map: cols 0-" "LANG=C: the title in ASCII"
    check_screen " -> " "LANG=C: arrows as ->"
    check_screen "34.875degN 102.625degE" "LANG=C: degrees as deg"
    if [ "$2" -ge 30 ]; then
        check_screen "thw 0." "LANG=C: θw as thw"
        check_screen "tau  " "LANG=C: τ as tau"
    fi
    check_ascii "LANG=C $1 × $2: the first frame"
    for panel in "Texture triangle" "SCE-UA convergence" "Noah-MP comparison"; do
        tmux send-keys -t "$session" Tab
        [ "$1" -ge 100 ] && check_screen "$panel" "LANG=C: the $panel panel"
        sleep 0.5
        check_ascii "LANG=C $1 × $2: the $panel panel"
    done
    tmux send-keys -t "$session" Tab "?"
    check_screen "drytex explorer - what the screen shows" "LANG=C: the help in ASCII"
    check_ascii "LANG=C $1 × $2: the help"
    tmux send-keys -t "$session" x : "set lambda -1" Enter
    check_screen "is not a number >= 0" "LANG=C: a message in ASCII"
    check_ascii "LANG=C $1 × $2: a message"
    tmux send-keys -t "$session" q
    check_screen "EXITED 0" "LANG=C: q quits"
    tmux kill-session -t "$session" 2>/dev/null
done

# NO_COLOR under LANG=C: the ramp, in ASCII
start 80 24 "NO_COLOR=1 LANG=C LC_ALL=C"
check_screen "row 20 col 30" "NO_COLOR LANG=C start"
check_ascii "NO_COLOR LANG=C"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null

# vt100: cursor addressing, no colours — the mono theme
start 80 24 "TERM=vt100"
check_screen "row 20 col 30" "TERM=vt100 opens"
tmux capture-pane -e -p -t "$session" | grep -qE "$(printf '\033')\[([0-9]*;)*(3[0-7]|4[0-7])m" && fail "TERM=vt100: colour escapes" || pass
tmux send-keys -t "$session" q
check_screen "EXITED 0" "TERM=vt100: q quits"
tmux kill-session -t "$session" 2>/dev/null

# TERM=dumb and an unknown terminal: a one-line refusal on stderr, exit 1, before any drawing
for term in dumb no-such-terminal; do
    tmux new-session -d -s "$session" -x 100 -y 10 "TERM=$term '$DRYTEX' '$WORK/w' 2>'$WORK/err'; echo EXITED \$?; sleep 5"
    check_screen "EXITED 1" "TERM=$term: exit 1"
    [ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -q "^drytex: the explorer needs a terminal that can place the cursor" "$WORK/err" &&
        grep -q "drytex cell" "$WORK/err" && pass || fail "TERM=$term: not a one-line refusal pointing to drytex cell: $(cat "$WORK/err")"
    tmux kill-session -t "$session" 2>/dev/null
done
finish
