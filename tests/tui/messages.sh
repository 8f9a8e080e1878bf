#!/bin/sh
# The message log (issue 15 item 10): :messages shows the recent messages whole (wrapped, not cut
# at the screen's edge), newest at the bottom, scrolling when longer than the screen; a later
# start-up command no longer hides an earlier config error: the status line says there are more.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
mkdir -p "$WORK/config/drytex"
printf 'set ptf nope\nlayer clay\n' >"$WORK/config/drytex/config"
# the screen as one line of words (a wrapped message joined again)
joined() { screen | tr -s ' \n' '  '; }
check_joined() { i=0; while ! joined | grep -qF -- "$1" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    joined | grep -qF -- "$1" && pass || { fail "$2: the screen lacks '$1'"; screen >&2; }; }

for size in "80 24" "120 40"; do
    set -- $size
    tmux new-session -d -s "$session" -x "$1" -y "$2" "XDG_CONFIG_HOME='$WORK/config' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w' -c 'goto 35.5,101.2; zoom 1'; echo EXITED \$?; sleep 5"
    check_screen "row 18 col 24" "$1 × $2: start"
    check_screen "-c, command 2: zoom: 1 × 1 cells per map cell [+1 :messages]" "$1 × $2: the last start-up message says an earlier one waits"
    tmux send-keys -t "$session" : messages Enter
    check_screen "messages (oldest first)" "$1 × $2: :messages"
    check_joined "config, command 1: set: unknown PTF 'nope' (choose sr06, sr06-noahmp, ch78 or noah-table)" "$1 × $2: the config error, whole, in the log"
    check_joined "-c, command 2: zoom: 1 × 1 cells per map cell" "$1 × $2: the later message after it"
    tmux send-keys -t "$session" x
    check_screen "row 18 col 24" "$1 × $2: any key closes the log"
    screen | grep -q "+1 :messages" && fail "$1 × $2: the count stays after a key" || pass
    # many messages: the log opens at its end and scrolls back to the first
    i=0; while [ $i -lt 60 ]; do tmux send-keys -t "$session" : "zoom $((i % 2 + 1))" Enter; i=$((i + 1)); done
    tmux send-keys -t "$session" : "set lambda -1" Enter
    check_screen "not a number >= 0" "$1 × $2: the last message"
    tmux send-keys -t "$session" : messages Enter
    check_screen "↓ j space, ↑ k scroll" "$1 × $2: a long log says it scrolls"
    check_joined "set: lambda: '-1' is not a number >= 0" "$1 × $2: the log opens at its newest message"
    tmux send-keys -t "$session" PPage PPage PPage PPage PPage PPage
    check_joined "unknown PTF 'nope'" "$1 × $2: scrolled back to the oldest message"
    tmux send-keys -t "$session" j
    sleep 0.2
    tmux send-keys -t "$session" q
    check_screen "row 18 col 24" "$1 × $2: q closes the log"
    tmux send-keys -t "$session" q
    check_screen "EXITED 0" "$1 × $2: q quits"
    tmux kill-session -t "$session" 2>/dev/null
done

# at 40 × 12 a message is cut on the status line; the log has it whole
tmux new-session -d -s "$session" -x 40 -y 12 "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
check_screen "r20 c30" "40 × 12: start"
tmux send-keys -t "$session" : "export map $WORK/w/sm_cube.nc" Enter
check_screen "export: not replaced" "40 × 12: the message, cut"
tmux send-keys -t "$session" : messages Enter
check_joined "is an input of the open data set (its soil-moisture data)" "40 × 12: the log has the message whole"
tmux send-keys -t "$session" q
sleep 0.2
tmux send-keys -t "$session" q
check_screen "EXITED 0" "40 × 12: q quits"
tmux kill-session -t "$session" 2>/dev/null
finish
