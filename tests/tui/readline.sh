#!/bin/sh
# The readline line (issue 15 item 6): Home, End and Delete edit (curses' key codes above 255 were
# dropped), Alt bindings (Esc and a key: M-b, M-d) work instead of discarding the line, Tab twice
# lists the candidates above the line, completion offers only the layers that are loaded, and the
# '/' line keeps a history of its own.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cursor_x() { tmux display -p -t "$session" '#{cursor_x}'; }
# cursor_settles_at X: the cursor at column X on two samples in a row, 0.05 s apart (one sample can
# fall in the middle of a redraw, whose drawing moves the cursor: the check failed once so)
cursor_settles_at() {
    i=0 seen=0
    while [ $i -lt $((200 * timeout_scale)) ]; do
        if [ "$(cursor_x)" = "$1" ]; then seen=$((seen + 1)); [ $seen -ge 2 ] && return 0; else seen=0; fi
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
last_line() { screen | tail -n 1; }

for size in "80 24" "120 40"; do
    set -- $size
    rm -rf "$WORK/state"
    tmux new-session -d -s "$session" -x "$1" -y "$2" "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "row 20 col 30" "$1 × $2: start"
    tmux send-keys -t "$session" : "goto 1,2 xyz" Home
    check_screen ":goto 1,2 xyz" "$1 × $2: the typed line"
    cursor_settles_at 1 && pass || fail "$1 × $2: Home does not go to the line's start (cursor at $(cursor_x))"
    tmux send-keys -t "$session" Delete Delete Delete Delete
    check_screen ": 1,2 xyz" "$1 × $2: Delete removes the characters under the cursor"
    tmux send-keys -t "$session" "layer" End
    cursor_settles_at 14 && pass || fail "$1 × $2: End does not go to the line's end (cursor at $(cursor_x))"
    tmux send-keys -t "$session" M-b M-d
    i=0; while [ "$(last_line)" != ":layer 1,2" ] && [ $i -lt $((200 * timeout_scale)) ]; do sleep 0.05; i=$((i + 1)); done
    [ "$(last_line)" = ":layer 1,2" ] && pass || fail "$1 × $2: M-b M-d did not delete the last word: '$(last_line)'"
    tmux send-keys -t "$session" M-b M-b
    tmux send-keys -t "$session" -l "X"
    check_screen ":layer X1,2" "$1 × $2: M-b moves back a word at a time (the line is kept)"
    # Tab twice lists the candidates, the loaded layers only
    tmux send-keys -t "$session" End C-u "layer " Tab Tab
    check_screen "5 candidates: class clay mean sand soc" "$1 × $2: Tab Tab lists the layers above the line"
    screen | grep "candidates:" | grep -q "theta_w\|optimised" && fail "$1 × $2: completion offers layers that are not loaded: $(screen | grep candidates:)" || pass
    tmux send-keys -t "$session" "cl" Tab Tab
    check_screen "2 candidates: class clay" "$1 × $2: Tab on a prefix completes what they share and lists them"
    check_screen ":layer cla" "$1 × $2: Tab inserts the shared part"
    tmux send-keys -t "$session" "s" Tab Enter
    check_screen "34.875°N 102.625°E  class Loam" "$1 × $2: :layer cla<Tab> completes to class"
    # the '/' line's own history
    tmux send-keys -t "$session" / "35.5,101.2" Enter
    check_screen "row 18 col 24" "$1 × $2: / goes there"
    tmux send-keys -t "$session" : "goto cell 5,6" Enter
    check_screen "row 5 col 6 " "$1 × $2: :goto cell 5,6"
    tmux send-keys -t "$session" / Up
    check_screen "/35.5,101.2" "$1 × $2: Up on the '/' line recalls the last search"
    last_line | grep -q "goto" && fail "$1 × $2: the '/' line recalls ':' commands: $(last_line)" || pass
    tmux send-keys -t "$session" Escape
    check_screen " row 5 col 6 " "$1 × $2: Esc leaves the '/' line"
    tmux send-keys -t "$session" : Up
    check_screen ":goto cell 5,6" "$1 × $2: Up on the ':' line recalls the last command"
    tmux send-keys -t "$session" Up
    check_screen ":layer class" "$1 × $2: and the one before it, not the search"
    tmux send-keys -t "$session" Escape
    # the status line back: the line is closed (a q right behind Esc would be Alt-q)
    check_screen " row 5 col 6 " "$1 × $2: Esc leaves the line"
    tmux send-keys -t "$session" q
    check_screen "EXITED 0" "$1 × $2: q quits"
    tmux kill-session -t "$session" 2>/dev/null
    grep -qx "35.5,101.2" "$WORK/state/drytex/search-history" && pass || fail "$1 × $2: the search history was not saved"
    grep -q "35.5,101.2" "$WORK/state/drytex/history" && fail "$1 × $2: the search landed in the command history" || pass
done
finish
