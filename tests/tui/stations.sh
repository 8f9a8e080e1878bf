#!/bin/sh
# In-situ stations in the explorer (issue 13, item 2's last part), on the real ISMN files of
# tests/data (ismn.README) placed in a demo world that holds one of them: MAQU CST-01 (33.883°N
# 102.133°E, hourly 2008–2010) lies in the demo's 30…40°N, 95…110°E, in cell 24,28; SCAN Abrams
# (Oklahoma) lies outside it; COSMOS ARM-1 (0–0.19 m) has no layer within 0–0.05 m and is left out.
# The world starts in 2008 so that its satellite series and CST-01 overlap. Checked: the markers
# (▲, distinct from the selected cell's ◆; S in ASCII) at the station's cell in 256 colours, 8
# colours, mono and LANG=C, their key, :station with completion, the station's name and depth in the
# panel, its agreement with the satellite equal to an independent reading (awk over the .stm file
# and ncks over the cube), its series on the plot with its own legend, the stations of a project
# file, and the demo's synthetic stations.csv.
. "$TEST_LIB"
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed: skipped"; exit 77; }
command -v ncks >/dev/null 2>&1 || { echo "ncks (NCO) is not installed: skipped"; exit 77; }

"$DRYTEX" demo --rows 26 --cols 30 --first-year 2008 --years 3 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cst_name='MAQU_MAQU_CST-01_sm_0.050000_0.050000_ECH20-EC-TM_20070101_20131231.stm'
mkdir -p "$WORK/ismn/SCAN/Abrams" "$WORK/ismn/MAQU/CST-01" "$WORK/ismn/COSMOS/ARM-1"
cst=$WORK/ismn/MAQU/CST-01/$cst_name
gzip -dc "$TEST_DATA/ismn_cst01.stm.gz" >"$cst"
gzip -dc "$TEST_DATA/ismn_abrams.stm.gz" \
    >"$WORK/ismn/SCAN/Abrams/SCAN_SCAN_Abrams_sm_0.050800_0.050800_Hydraprobe-Analog-(2.5-Volt)_20070101_20131231.stm"
gzip -dc "$TEST_DATA/ismn_arm1.stm.gz" >"$WORK/ismn/COSMOS/ARM-1/COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm"
cp "$TEST_DATA/ismn_arm1_static_variables.csv" "$WORK/ismn/COSMOS/ARM-1/COSMOS_COSMOS_ARM-1_static_variables.csv"

# ---- the command line ----------------------------------------------------------------------------
run "$WORK/w" --stations "$WORK/ismn" </dev/null
expect_err "$WORK/ismn: 1 ISMN station without a layer within the depth or a day of enough kept hours left out" "ARM-1 (0–0.19 m) is left out, and said"
run "$WORK/w" --stations "$WORK/none.csv" </dev/null
expect_status 1 "a missing stations file"
expect_one_line_error "a missing stations file"
expect_err "none.csv" "the error names the stations file"
run "$WORK/w" --stations "$WORK/ismn" --depth deep </dev/null
expect_status 2 "--depth deep"
expect_err "--depth: 'deep' is not a depth" "--depth deep says why"
"$DRYTEX" explore --help | grep -q -- "--stations FILE" && pass || fail "drytex explore --help lacks --stations"

# ---- the independent reading: R, ubRMSE, bias (satellite − in situ) and common days ---------------
# CST-01's daily means of the hours flagged G or U on days with >= 12 of them (as tests/cli/ismn.sh),
# as days since 1970-01-01, and the cube's cell 24,28 (day i: 2008-01-01 + i; "_" is a fill value).
tr '\r' '\n' <"$cst" | awk 'NF >= 4 && $1 ~ /^[0-9][0-9][0-9][0-9]\/[0-9][0-9]\/[0-9][0-9]$/ {
    if ($4 == "G" || $4 == "U") { sum[$1] += $3; n[$1]++ } }
    function days(y, m, d) { y -= m <= 2; era = int(y / 400); yoe = y - era * 400
        doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1; doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
        return era * 146097 + doe - 719468 }
    END { for (k in n) if (n[k] >= 12) { split(k, p, "/"); printf "%d %.6f\n", days(p[1] + 0, p[2] + 0, p[3] + 0), sum[k] / n[k] } }' \
    | sort -n >"$WORK/cst.daily"
ncks -H -C -v sm -d lat,24 -d lon,28 -s '%.9g\n' "$WORK/w/sm_cube.nc" | grep . | awk '{ printf "%d %s\n", 13879 + NR - 1, $1 }' >"$WORK/sat.daily"
[ "$(wc -l <"$WORK/sat.daily")" -eq 1096 ] && [ "$(wc -l <"$WORK/cst.daily")" -eq 397 ] && pass ||
    fail "the independent reading: $(wc -l <"$WORK/sat.daily") satellite days (1096), $(wc -l <"$WORK/cst.daily") CST-01 days (397)"
expected=$(awk 'NR == FNR { s[$1] = $2; next } ($1 in s) && s[$1] != "_" {
        x = s[$1]; y = $2; n++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; sd += x - y; sdd += (x - y) ^ 2 }
    END { bias = sd / n; ub = sqrt(sdd / n - bias * bias); r = (n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * syy - sy * sy))
          printf "vs in situ: R %.2f ubRMSE %.3f bias %+.3f, %d d", r, ub, bias, n }' "$WORK/sat.daily" "$WORK/cst.daily")
case "$expected" in *", "[1-9]*" d") pass ;; *) fail "the independent reading found no common day: $expected" ;; esac

# the character at screen line LINE (0 = the title), column COL
char_at() { screen | python3 -c "import sys; lines = sys.stdin.read().split('\n'); line = lines[$1] if $1 < len(lines) else ''; print(line[$2] if $2 < len(line) else '')"; }
start() { # COLS LINES ENV ARGS…
    x=$1 y=$2 env=$3
    shift 3
    tmux new-session -d -s "$session" -x "$x" -y "$y" "trap : INT; $env XDG_CONFIG_HOME='$WORK/none' XDG_STATE_HOME='$WORK/state' '$DRYTEX' $*; echo EXITED \$?; sleep 5"
}
stop() {
    tmux send-keys -t "$session" q
    check_screen "EXITED 0" "$1: q quits"
    tmux kill-session -t "$session" 2>/dev/null
}

# ---- 256 colours: markers, key, :station, the panel, the plot ----------------------------------------
start 120 40 "TERM=xterm-256color" "'$WORK/w'" --stations "'$WORK/ismn'"
check_screen "row 13 col 15" "start"
check_screen "▲ station: 1 on the map, 1 outside" "the key says what ▲ is and how many stations are on the map"
# half-blocks: two data rows a line, the map from line 1: row 24 is on line 13, column 28
[ "$(char_at 13 28)" = "▲" ] && pass || fail "no ▲ at CST-01's cell (line 13, column 28): '$(char_at 13 28)'"
[ "$(screen | grep -o "▲" | wc -l)" -eq 2 ] && pass || fail "one station on the map should give one ▲ (and one in the key): $(screen | grep -c "▲")"
screen | grep -q "in situ" && fail "the plot names an in-situ series at a cell without a station" || pass
tmux send-keys -t "$session" : "station CS" Tab
check_screen ":station CST_01" ":station completes a station's name"
tmux send-keys -t "$session" Enter
check_screen "row 24 col 28" ":station CST_01 goes to the station's cell"
check_screen "▲ MAQU CST_01, 0.05 m" "the panel names the station and its depth"
check_screen "$expected" "the agreement equals the independent reading ($expected)"
check_screen "┄ in situ" "the plot's legend names the in-situ series"
[ "$(char_at 13 28)" = "◆" ] && pass || fail "the selected station's cell shows the selection's ◆: '$(char_at 13 28)'"
tmux send-keys -t "$session" l
check_screen "row 24 col 29" "a move off the station"
[ "$(char_at 13 28)" = "▲" ] && pass || fail "the ▲ is back once the selection moved on: '$(char_at 13 28)'"
screen | grep -q "┄ in situ" && fail "the plot keeps the in-situ series off the station's cell" || pass
tmux send-keys -t "$session" : "station" Enter
check_screen "station: 2: MAQU CST_01 (cell 24,28); SCAN Abrams (outside)" ":station alone lists the stations"
tmux send-keys -t "$session" : "station abrams" Enter
check_screen "SCAN Abrams at 37.133°N 97.083°W is outside the grid" ":station names a station outside the grid"
tmux send-keys -t "$session" : "station nowhere" Enter
check_screen "none of the 2 stations is called 'nowhere'" ":station with an unknown name"
tmux send-keys -t "$session" : "write-config $WORK/project" Enter
check_screen "wrote the project" ":write-config"
i=0; while [ $i -lt 100 ] && ! grep -q "^stations " "$WORK/project" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
grep -qx "stations $WORK/ismn" "$WORK/project" && pass || fail "the project file lacks the stations line: $(cat "$WORK/project" 2>&1)"
stop "256 colours"

# ---- the project opens with its stations --------------------------------------------------------------
start 120 40 "TERM=xterm-256color" "'$WORK/project'"
check_screen "▲ station: 1 on the map, 1 outside" "a project's stations line opens the stations"
stop "project"

# ---- 8 colours, mono, LANG=C ----------------------------------------------------------------------------
start 120 40 "TERM=xterm" "'$WORK/w'" --stations "'$WORK/ismn'" -c "'station CST_01; goto cell 24,29'"
check_screen "row 24 col 29" "TERM=xterm: start at the station's neighbour"
check_screen "▲ station: 1 on the map, 1 outside" "TERM=xterm: the key"
[ "$(char_at 13 28)" = "▲" ] && pass || fail "TERM=xterm: no ▲ at the station's cell: '$(char_at 13 28)'"
stop "TERM=xterm"
# mono: a character a cell (the density ramp), so row 24 is on line 25
start 120 40 "TERM=xterm-256color" "'$WORK/w'" --stations "'$WORK/ismn'" --theme mono -c "'goto cell 24,29'"
check_screen "row 24 col 29" "mono: start"
check_screen "▲ station: 1 on the map, 1 outside" "mono: the key"
[ "$(char_at 25 28)" = "▲" ] && pass || fail "mono: no ▲ at the station's cell (line 25, column 28): '$(char_at 25 28)'"
stop "mono"
start 120 40 "LANG=C LC_ALL=C TERM=xterm-256color" "'$WORK/w'" --stations "'$WORK/ismn'" -c "'station CST'"
check_screen "row 24 col 28" "LANG=C: :station CST goes to CST_01"
check_screen "S station: 1 on the map, 1 outside" "LANG=C: the key's glyph is S"
check_screen "S MAQU CST_01, 0.05 m" "LANG=C: the panel"
tmux send-keys -t "$session" l
check_screen "row 24 col 29" "LANG=C: a move off the station"
[ "$(char_at 25 28)" = "S" ] && pass || fail "LANG=C: no S at the station's cell: '$(char_at 25 28)'"
stop "LANG=C"

# ---- the demo's synthetic probes (stations.csv: station,lat,lon,date,sm) ---------------------------------
start 120 40 "TERM=xterm-256color" "'$WORK/w'"
check_screen "row 13 col 15" "a data directory without --stations"
screen | grep -q "station" && fail "a data directory's stations.csv is shown without --stations" || pass
stop "no stations"
start 120 40 "TERM=xterm-256color" "'$WORK/w'" --stations "'$WORK/w/stations.csv'"
check_screen "▲ station (12 on the map)" "the demo's stations.csv"
tmux send-keys -t "$session" : "station S07" Enter
check_screen "▲ S07, depth not given" "a CSV station in the panel"
check_screen "vs in situ: R 0." "a CSV station's agreement"
stop "stations.csv"
finish
