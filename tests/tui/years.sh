#!/bin/sh
# The series plot shows calendar years (issue 15 item 9): 1 January … 31 December (they were
# 365-day windows counted back from the last day), [ and ] step a year and stop at the record's
# ends, and the θ axis is the whole record's, the same for every year, so that years compare; the
# Noah-MP panel shows the same year.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
axis() { screen | grep -o "θ 0\.[0-9]*–0\.[0-9]* all years" | head -n 1; }

for size in "80 40" "120 40"; do
    set -- $size
    tmux new-session -d -s "$session" -x "$1" -y "$2" "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "2020-01-01 … 2020-12-31" "$1 × $2: the record's last calendar year"
    last=$(axis)
    tmux send-keys -t "$session" "["
    check_screen "2019-01-01 … 2019-12-31" "$1 × $2: [ goes a calendar year back"
    [ -n "$last" ] && [ "$(axis)" = "$last" ] && pass || fail "$1 × $2: the θ axis changed with the year: '$last', then '$(axis)'"
    tmux send-keys -t "$session" "[" "[" "[" "[" "[" "[" "[" "[" "[" "[" "["
    check_screen "2011-01-01 … 2011-12-31" "$1 × $2: [ stops at the record's first year"
    [ "$(axis)" = "$last" ] && pass || fail "$1 × $2: the θ axis of 2011 differs: '$last', then '$(axis)'"
    tmux send-keys -t "$session" "]"
    check_screen "2012-01-01 … 2012-12-31" "$1 × $2: ] goes a year on"
    tmux send-keys -t "$session" Tab Tab Tab
    check_screen "(all years)" "$1 × $2: the Noah-MP panel's axis"
    screen | grep "(all years)" | grep -q "2012-01-01…2012-12-31" && pass || fail "$1 × $2: the Noah-MP panel does not show 2012: $(screen | grep '(all years)')"
    tmux send-keys -t "$session" Tab "]" "]" "]" "]" "]" "]" "]" "]" "]" "]" "]" "]"
    check_screen "2020-01-01 … 2020-12-31" "$1 × $2: ] stops at the last year"
    tmux send-keys -t "$session" q
    check_screen "EXITED 0" "$1 × $2: q quits"
    tmux kill-session -t "$session" 2>/dev/null
done
finish
