#!/bin/sh
# The map's key for every layer (issue 15 item 3): the class layer lists its classes by name (or
# USDA abbreviation when narrow) with a colour each, and zoomed out shows only those colours (the
# modal class, never a mean of class numbers); a diverging layer says which side is better; a cell
# without a value is the terminal's background, never a data colour, and the key names it.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
esc=$(printf '\033')
escapes() { tmux capture-pane -e -p -t "$session"; }
# the distinct 256-colour numbers of kind 38 (foreground) or 48 (background) on lines FROM … TO
colours() { escapes | sed -n "$2,$3p" | grep -oE "$1;5;[0-9]+" | sed 's/.*;//' | sort -un | tr '\n' ' '; }
start() { # WIDTH HEIGHT ENV ARGUMENTS…
    w=$1 h=$2 env=$3
    shift 3
    tmux new-session -d -s "$session" -x "$w" -y "$h" "$env XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' $*; echo EXITED \$?; sleep 5"
}
stop() { tmux send-keys -t "$session" q; check_screen "EXITED 0" "$1: q quits"; tmux kill-session -t "$session" 2>/dev/null; }
names='Sand|Loamy sand|Sandy loam|Loam|Silt loam|Silt|Sandy clay loam|Clay loam|Silty clay loam|Sandy clay|Silty clay|Clay'
abbreviations='S|LS|SL|L|SiL|Si|SCL|CL|SiCL|SC|SiC|C'

for size in "80 24" "120 40"; do
    set -- $size
    start "$1" "$2" "TERM=xterm-256color" "'$WORK/w'"
    check_screen "row 20 col 30" "$1 × $2: start"
    tmux send-keys -t "$session" : "layer class" Enter
    check_screen "class: " "$1 × $2: the class layer's key"
    key=$(screen | sed -n "$(($2 - 1))p")
    # every word group of the key after "class:" is a class name (or abbreviation), then "· no value"
    items=$(printf '%s' "$key" | sed 's/^class: *//; s/ *· no value.*//' | sed 's/  */\n/g' | grep -v '^$')
    [ -n "$items" ] && pass || fail "$1 × $2: the class key lists no classes: $key"
    bad=$(printf '%s\n' "$items" | tr '\n' '|' | tr -s ' ' | sed 's/|$//')
    printf '%s' "$key" | sed 's/^class: *//; s/ *· no value.*//' | grep -qE "^(($names|$abbreviations)( +|$))+$" && pass ||
        fail "$1 × $2: the class key holds something else than class names: '$bad'"
    printf '%s' "$key" | grep -q "· no value" && pass || fail "$1 × $2: the class key does not name the no-value look: $key"
    n_classes=$(printf '%s' "$key" | sed 's/^class: *//; s/ *· no value.*//' | grep -oE "($names|$abbreviations)" | wc -l)
    key_colours=$(colours 48 "$(($2 - 1))" "$(($2 - 1))")
    [ "$(echo "$key_colours" | wc -w)" -eq "$n_classes" ] && pass ||
        fail "$1 × $2: $n_classes classes but the key's colours are: $key_colours"
    # zoomed out 8 × 8: the map holds the key's colours only (a mean of class numbers made others)
    tmux send-keys -t "$session" - - -
    check_screen "zoom: 8 × 8" "$1 × $2: zoomed out"
    sleep 0.3
    map_colours="$(colours 38 2 8) $(colours 48 2 8)"
    extra=""
    for c in $map_colours; do echo " $key_colours " | grep -q " $c " || extra="$extra $c"; done
    [ -n "$(echo $map_colours)" ] && [ -z "$extra" ] && pass || fail "$1 × $2: zoomed out, the map has colours not in the key:$extra (key: $key_colours)"
    stop "$1 × $2"
done

# a diverging layer says which side is better; on 8 colours too, and in mono
"$DRYTEX" demo --rows 2 --cols 3 --years 1 "$WORK/t" >/dev/null 2>&1 || { echo "small demo failed"; exit 99; }
soil="--soil $WORK/t/soil/SAND1.nc --soil $WORK/t/soil/CLAY1.nc --soil $WORK/t/soil/OC1.nc"
"$DRYTEX" drydowns --sm "$WORK/t/sm_cube.nc" -o "$WORK/t/thr.nc" >/dev/null 2>&1 &&
    "$DRYTEX" calibrate --thresholds "$WORK/t/thr.nc" $soil --ptf sr06 -o "$WORK/t/opt.nc" >/dev/null 2>&1 &&
    "$DRYTEX" simulate --forcing "$WORK/t/forcing.nc" $soil --optimised "$WORK/t/opt.nc" --reference "$WORK/t/sm_cube.nc" \
        -o "$WORK/t/sim.nc" >/dev/null 2>&1 || { echo "the jobs of the small demo failed"; exit 99; }
for case in "80 24 TERM=xterm-256color" "120 40 TERM=xterm" "80 24 NO_COLOR=1"; do
    set -- $case
    start "$1" "$2" "$3" --sm "'$WORK/t/sm_cube.nc'" $soil --calibrated "'$WORK/t/opt.nc'" --simulated "'$WORK/t/sim.nc'"
    check_screen "row 1 col 1" "$3 $1 × $2: start"
    tmux send-keys -t "$session" : "layer rmse_change" Enter
    check_screen "rmse_change: " "$3 $1 × $2: the RMSE change"
    check_screen "← optimised better" "$3 $1 × $2: the RMSE change's key says which side is better"
    check_screen "worse →" "$3 $1 × $2: … and which is worse"
    tmux send-keys -t "$session" : "layer bias_optimised" Enter
    check_screen "← model too dry" "$3 $1 × $2: the bias key names its sides"
    check_screen "0 best" "$3 $1 × $2: … and where it is best"
    tmux send-keys -t "$session" : "layer sand_change" Enter
    check_screen "← optimised lower" "$3 $1 × $2: a texture change's key says which way is which"
    stop "$3 $1 × $2"
done

# real ESA CCI days with cells without a value: drawn on the terminal's background (▄ or ▀ half
# on it, a dot where both halves lack one), never in a colour of its own (grey 237 looked like data)
real="'$TEST_DATA/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc' '$TEST_DATA/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160608000000-fv05.2.nc'"
for case in "120 40 TERM=xterm-256color 38;5;[0-9]+ 48;5;" "120 40 TERM=xterm 3[0-7] 4[0-7]"; do
    set -- $case
    start "$1" "$2" "$3" "$real"
    check_screen "mean: 0.059 … 0.401 m3 m-3" "$3 $1 × $2: real ESA CCI days, their mean complete"
    check_screen "· no value" "$3 $1 × $2: the key names how a cell without a value looks"
    sleep 0.3
    halves=$(escapes | sed -n "2,$(($2 - 4))p" | grep -oE "($esc\[[0-9;]*m)*▄" | head -n 5)
    [ -n "$halves" ] && pass || fail "$3 $1 × $2: no half-cell without a value on the map"
    printf '%s\n' "$halves" | grep -qE "\[([0-9]*;)*$5[0-9]*(;[0-9]*)*m▄" && fail "$3 $1 × $2: a missing half has a background colour: $(printf '%s' "$halves" | cat -v)" || pass
    printf '%s\n' "$halves" | grep -qE "$4" && pass || fail "$3 $1 × $2: the valid half beside a missing one has no colour: $(printf '%s' "$halves" | cat -v)"
    escapes | grep -qE "48;5;237m" && fail "$3 $1 × $2: the old grey 237 is still drawn" || pass
    stop "$3 $1 × $2"
done
finish
