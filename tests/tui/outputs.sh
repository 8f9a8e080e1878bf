#!/bin/sh
# :export and :write-config never replace an input of the open data set (not even with --force,
# and under another spelling of its path) nor, without --force, any existing file; each refusal
# says why in words (issue 15 item 1: :export map DATA/soil/SAND1.nc once replaced the soil file).
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
sums() { cksum "$WORK/w/sm_cube.nc" "$WORK/w/soil/SAND1.nc" "$WORK/w/soil/CLAY1.nc" "$WORK/w/forcing.nc"; }
before=$(sums)
say() { tmux send-keys -t "$session" : "$1" Enter; }

tmux new-session -d -s "$session" -x 120 -y 40 "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/w'; echo EXITED \$?; sleep 5"
check_screen "row 20 col 30" "start"
say "export map $WORK/w/soil/SAND1.nc"
check_screen "SAND1.nc is an input of the open data set (its baseline soil)" ":export map onto the soil file is refused, naming it"
say "export map $WORK/w/soil/SAND1.nc --force"
check_screen "not replaced, even with --force: SAND1.nc is an input" ":export map --force onto the soil file is refused"
say "export map $WORK/w/../w/soil/CLAY1.nc --force"
check_screen "CLAY1.nc is an input of the open data set" "another spelling of the soil file's path is caught"
say "export map $WORK/w/sm_cube.nc --force"
check_screen "sm_cube.nc is an input of the open data set (its soil-moisture data)" ":export map onto the open cube names it"
screen | grep -q "Permission denied" && fail "the refusal still says 'Permission denied'" || pass
say "export cell $WORK/w/forcing.nc --force"
check_screen "export: a cell is written as FILE.json" "a cell export onto the forcing's name is not even tried"
say "write-config $WORK/w/forcing.nc --force"
check_screen "forcing.nc is an input of the open data set (its forcing)" ":write-config onto the forcing is refused"
[ "$(sums)" = "$before" ] && pass || fail "an input of the data set changed: $before / $(sums)"

# any other existing file: only with --force
say "export map $WORK/layer.nc"
check_screen "exported the mean layer to $WORK/layer.nc" "a new map is written"
say "export map $WORK/layer.nc"
check_screen "layer.nc exists: not replaced (add --force to replace it)" "an existing map is not replaced"
say "layer sand"
check_screen "sand: " "the sand layer"
say "export map $WORK/layer.nc --force"
check_screen "exported the sand layer to $WORK/layer.nc" "--force replaces it"
"$NCTOOL" mae "$WORK/layer.nc" sand "$WORK/w/soil/SAND1.nc" T_SAND >/dev/null 2>&1 || true
echo "keep" >"$WORK/cell.json"
say "export cell $WORK/cell.json"
check_screen "cell.json exists: not replaced" "an existing cell report is not replaced"
[ "$(cat "$WORK/cell.json")" = keep ] && pass || fail "the existing cell.json was replaced"
say "export cell --force $WORK/cell.json"
check_screen "exported cell 20,30 (report) to $WORK/cell.json" "--force before the file name works too"
say "write-config $WORK/p.drytex"
check_screen "wrote the project $WORK/p.drytex" ":write-config writes a new project"
say "write-config $WORK/p.drytex"
check_screen "p.drytex exists: not replaced (add --force" ":write-config does not replace a project without --force"
say "write-config $WORK/p.drytex --force"
check_screen "wrote the project $WORK/p.drytex" ":write-config --force replaces it"
mkdir "$WORK/d.json"
say "export cell $WORK/d.json --force"
check_screen "is a directory: give a file name" "a directory is refused as such"
tmux send-keys -t "$session" q
check_screen "EXITED 0" "q quits"
tmux kill-session -t "$session" 2>/dev/null

# the data set still opens
tmux new-session -d -s "$session" -x 80 -y 24 "XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' '$WORK/p.drytex'; sleep 5"
check_screen "row 20 col 30" "the data set and the written project still open"
tmux send-keys -t "$session" q
tmux kill-session -t "$session" 2>/dev/null
finish
