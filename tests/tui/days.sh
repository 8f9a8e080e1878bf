#!/bin/sh
# The cube's days as maps (issue 15, ncview's time stepping): . and , step a day (from the record's
# last), > and < a month, :day DATE shows a day and :day mean goes back to the per-cell mean; the
# key names the day and keeps one colour range for the days read together, so they compare; a
# date outside the record is refused with the record's span. At 80 × 24, 120 × 40 and LANG=C.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
key() { screen | tail -n 2 | head -n 1; }
# check_key DATE WHAT [SECONDS] — until the key line names DATE with its range
check_key() {
    i=0; limit=$((${3:-10} * 10 * timeout_scale))
    while ! key | grep -qE "^day $1: [0-9]" && [ $i -lt $limit ]; do sleep 0.1; i=$((i + 1)); done
    key | grep -qE "^day $1: [0-9]" && pass || { fail "$2: the key does not name $1: $(key)"; screen >&2; }
}
value() { screen | tail -n 1 | grep -oE "day 0\.[0-9]{3}|day no value" | head -n 1; }
range() { key | grep -oE "^day [0-9-]+: [0-9.]+ (…|\.\.\.) [0-9.]+" | sed 's/^day [0-9-]*: //'; }
start() { # WIDTH HEIGHT ENV
    tmux new-session -d -s "$session" -x "$1" -y "$2" "$3 XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "row 20 col 30" "$1 × $2 $3: start"
}
stop() { tmux send-keys -t "$session" q; check_screen "EXITED 0" "$1: q quits"; tmux kill-session -t "$session" 2>/dev/null; }

for case in "80 24 " "120 40 " "80 24 LANG=C"; do
    set -- $case
    w=$1 h=$2 env=${3:-}
    start "$w" "$h" "${env:+$env LC_ALL=C}"
    tmux send-keys -t "$session" .
    check_key 2020-12-31 "$w × $h $env: . shows the record's last day" 30
    tmux send-keys -t "$session" ,
    check_key 2020-12-30 "$w × $h $env: , a day back"
    tmux send-keys -t "$session" "<"
    check_key 2020-11-30 "$w × $h $env: < a month back"
    tmux send-keys -t "$session" ">"
    check_key 2020-12-30 "$w × $h $env: > a month on"
    tmux send-keys -t "$session" : "day 2015-07-01" Enter
    check_key 2015-07-01 "$w × $h $env: :day DATE" 30
    first_range=$(range) first_value=$(value)
    tmux send-keys -t "$session" ">"
    check_key 2015-08-01 "$w × $h $env: > from a chosen day"
    [ -n "$first_range" ] && [ "$(range)" = "$first_range" ] && pass || fail "$w × $h $env: the days read together have other ranges: '$first_range', '$(range)'"
    [ -n "$first_value" ] && [ "$(value)" != "$first_value" ] && pass || fail "$w × $h $env: the cell's value did not change with the day ('$first_value', '$(value)')"
    tmux send-keys -t "$session" : "day 2030-01-01" Enter
    check_screen "is outside the record, 2011-01-01" "$w × $h $env: a day outside the record"
    tmux send-keys -t "$session" : "day June" Enter
    check_screen "day: 'June' is not a date YYYY-MM-DD" "$w × $h $env: a word is not a date"
    tmux send-keys -t "$session" : "day mean" Enter
    check_screen "mean: 0.099 " "$w × $h $env: :day mean goes back to the mean"
    stop "$w × $h $env"
done
finish
