#!/bin/sh
# :goto and / read places as LAT,LON (issue 15 item 5): "35,101" is 35°N 101°E (it was row 35,
# col 101), "35.5, 101.2", "35.5 101.2", "35.5N 101.2E" and hemisphere letters in either order are
# accepted, a cell is asked for by name ("cell 18,24"), and a place outside the grid is told the
# grid's extent. The cells are those drytex cell --lat --lon picks.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
# the row and column drytex cell gives for LAT LON: "row R col C"
cell_of() { "$DRYTEX" cell --sm "$WORK/w/sm_cube.nc" --lat "$1" --lon "$2" | sed -n 's/^cell row \([0-9]*\), col \([0-9]*\) .*/row \1 col \2/p'; }
expected=$(cell_of 35 101)
other=$(cell_of 35.5 101.2)
[ -n "$expected" ] && [ "$expected" != "$other" ] && pass || fail "drytex cell gave no cell for 35,101 ($expected, $other)"
go() { tmux send-keys -t "$session" : "goto $1" Enter; }

for size in "80 24" "120 40"; do
    set -- $size
    tmux new-session -d -s "$session" -x "$1" -y "$2" "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
    check_screen "row 20 col 30" "$1 × $2: start"
    go "35,101"
    check_screen " $expected " "$1 × $2: :goto 35,101 is 35°N 101°E ($expected), not row 35 col 101"
    go "cell 5,6"
    check_screen " row 5 col 6 " "$1 × $2: :goto cell 5,6 goes to row 5, column 6"
    go "35.5, 101.2"
    check_screen " $other " "$1 × $2: :goto 35.5, 101.2 (a blank after the comma)"
    go "cell 5 6"
    check_screen " row 5 col 6 " "$1 × $2: :goto cell 5 6"
    go "35.5 101.2"
    check_screen " $other " "$1 × $2: :goto 35.5 101.2 (a blank between)"
    go "cell 5,6"
    check_screen " row 5 col 6 " "$1 × $2: back to cell 5,6"
    go "35.5N 101.2E"
    check_screen " $other " "$1 × $2: :goto 35.5N 101.2E"
    go "cell 5,6"
    check_screen " row 5 col 6 " "$1 × $2: back to cell 5,6"
    go "101.2E 35.5N"
    check_screen " $other " "$1 × $2: :goto 101.2E 35.5N (the letters say which is which)"
    tmux send-keys -t "$session" / "35,101" Enter
    check_screen " $expected " "$1 × $2: /35,101 is 35°N 101°E"
    tmux send-keys -t "$session" / "cell 18 24" Enter
    check_screen " row 18 col 24 " "$1 × $2: /cell 18 24"
    go "35.5S 101.2W"
    check_screen "is outside the grid: 30.00…40.00°N, 95.00…110.00°E" "$1 × $2: a place outside the grid says the grid's extent"
    go "cell 99,99"
    check_screen "cell 99,99 is outside 40 × 60" "$1 × $2: a cell outside the grid says the grid's size"
    go "95,101"
    check_screen "latitude 95 is beyond 90" "$1 × $2: a latitude beyond 90 is refused"
    go "35N 101N"
    check_screen "one latitude (N or S) and one longitude (E or W)" "$1 × $2: two latitudes are refused"
    go "here"
    check_screen "goto: give LAT,LON" "$1 × $2: a wrong place says what to give"
    tmux send-keys -t "$session" q
    check_screen "EXITED 0" "$1 × $2: q quits"
    tmux kill-session -t "$session" 2>/dev/null
done
finish
