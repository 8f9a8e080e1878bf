#!/bin/sh
# Teaching (issue 15): ? explains the screen in words before the keys (θw, θc, τ, IQR, the PTF's
# thresholds, SCE-UA's stop reasons), and :tour walks the selected cell from its series to its
# texture step by step with its own numbers: → n space on, ← p back, q ends, and → after the
# last step ends it cleanly, back on the map; at 80 × 24, 120 × 40 and in ASCII (LANG=C).
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
joined() { screen | tr -s ' \n' '  '; }
check_joined() { # TEXT WHAT — TEXT on the screen, its lines joined (wrapped anywhere)
    i=0; while ! joined | grep -qF -- "$1" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    joined | grep -qF -- "$1" && pass || { fail "$2: the screen lacks '$1'"; screen >&2; }
}
check_help() { # TEXT WHAT — TEXT in the help, scrolling it down (j) until it shows
    i=0; while ! joined | grep -qF -- "$1" && [ $i -lt 40 ]; do tmux send-keys -t "$session" j; sleep 0.2; i=$((i + 1)); done
    joined | grep -qF -- "$1" && pass || { fail "$2: the help lacks '$1'"; screen >&2; }
}
start() { # WIDTH HEIGHT ENV
    tmux new-session -d -s "$session" -x "$1" -y "$2" "$3 XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "row 20 col 30" "$1 × $2 $3: start"
}
stop() { tmux send-keys -t "$session" q; check_screen "EXITED 0" "$1: q quits"; tmux kill-session -t "$session" 2>/dev/null; }
kept=$("$DRYTEX" cell --sm "$WORK/w/sm_cube.nc" --cell 20,30 | sed -n 's/^events ([0-9]* found, \([0-9]*\) kept).*/\1/p')

for case in "80 24 " "120 40 " "80 24 LANG=C"; do
    set -- $case
    w=$1 h=$2 env=${3:-}
    if [ -n "$env" ]; then start "$w" "$h" "$env LC_ALL=C"; theta=th; arrow='->'; dash='-'; else start "$w" "$h" ""; theta=θ; arrow='→'; dash='—'; fi
    tmux send-keys -t "$session" "?"
    check_screen "what the screen shows" "$w × $h $env: ? starts with the screen in words"
    check_help "wilting point [m3 m-3]" "$w × $h $env: ? says what ${theta}w is"
    check_help "inter-quartile range" "$w × $h $env: ? says what IQR is"
    check_help "\"no improvement\"" "$w × $h $env: ? names SCE-UA's stop reasons"
    tmux send-keys -t "$session" x
    check_screen "row 20 col 30" "$w × $h $env: the help closes"
    tmux send-keys -t "$session" : tour Enter
    check_screen "step 1 of 7" "$w × $h $env: :tour starts"
    check_joined "on 2584 of the 3653 days" "$w × $h $env: the tour's numbers are the cell's"
    tmux send-keys -t "$session" n
    check_screen "step 2 of 7: Drydowns" "$w × $h $env: n goes on"
    [ -n "$kept" ] && check_joined "$kept are kept" "$w × $h $env: as many kept drydowns as drytex cell ($kept)"
    tmux send-keys -t "$session" Right Right
    check_screen "step 4 of 7" "$w × $h $env: → goes on"
    check_joined "${theta}w is their median" "$w × $h $env: step 4 explains the median"
    tmux send-keys -t "$session" p
    check_screen "step 3 of 7: Fitting a drydown" "$w × $h $env: p goes back"
    tmux send-keys -t "$session" " " " " " "
    check_screen "step 6 of 7" "$w × $h $env: space goes on"
    check_joined "and stopped with \"" "$w × $h $env: the stop reason"
    joined | grep -qE "stopped with \"(maximum evaluations|no improvement|parameters converged)\": (the budget|the best cost|the population)" && pass ||
        fail "$w × $h $env: the stop reason is not explained: $(joined | grep -o 'stopped with.\{0,80\}')"
    tmux send-keys -t "$session" n
    check_screen "step 7 of 7" "$w × $h $env: the last step"
    check_screen "$arrow n space: end the tour" "$w × $h $env: the last step says → ends the tour"
    tmux send-keys -t "$session" n
    check_screen "row 20 col 30" "$w × $h $env: → after the last step ends the tour, back on the map"
    screen | grep -q "step 7 of 7" && fail "$w × $h $env: the tour is still shown" || pass
    tmux send-keys -t "$session" : tour Enter
    check_screen "step 1 of 7" "$w × $h $env: :tour again"
    tmux send-keys -t "$session" q
    check_screen "row 20 col 30" "$w × $h $env: q ends the tour"
    stop "$w × $h $env"
done
finish
