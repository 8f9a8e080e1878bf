#!/bin/sh
# ISMN station files as ISMN delivers them (tests/data/ismn.README): both formats, CR/LF/CRLF line
# ends, the NETWORK/STATION tree, quality flags, daily means of days with >= 12 kept hours, the
# static variables; `drytex cell --sm` runs the whole story on them, and the daily means equal an
# independent awk reading of the files.
. "$TEST_LIB"

abrams_name='SCAN_SCAN_Abrams_sm_0.050800_0.050800_Hydraprobe-Analog-(2.5-Volt)_20070101_20131231.stm'
cst_name='MAQU_MAQU_CST-01_sm_0.050000_0.050000_ECH20-EC-TM_20070101_20131231.stm'
arm_name='COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm'
mkdir -p "$WORK/ismn/SCAN/Abrams" "$WORK/ismn/MAQU/CST-01" "$WORK/ismn/COSMOS/ARM-1"
abrams=$WORK/ismn/SCAN/Abrams/$abrams_name
cst=$WORK/ismn/MAQU/CST-01/$cst_name
arm=$WORK/ismn/COSMOS/ARM-1/$arm_name
gzip -dc "$TEST_DATA/ismn_abrams.stm.gz" >"$abrams"
gzip -dc "$TEST_DATA/ismn_cst01.stm.gz" >"$cst"
gzip -dc "$TEST_DATA/ismn_arm1.stm.gz" >"$arm"
cp "$TEST_DATA/ismn_arm1_static_variables.csv" "$WORK/ismn/COSMOS/ARM-1/COSMOS_COSMOS_ARM-1_static_variables.csv"
[ "$(head -c 2000 "$abrams" | tr -cd '\r' | wc -c)" -gt 10 ] && [ "$(head -c 2000 "$abrams" | tr -cd '\n' | wc -c)" -eq 0 ] &&
    pass || fail "the Abrams copy lost its CR line ends"

# The independent reading: daily means of the values flagged G or U on days with >= 12 of them,
# "DATE MEAN" a line; then count, minimum and 2nd percentile (linear between order statistics).
awk_daily() {
    tr '\r' '\n' <"$1" | awk -v ceop="${2:-0}" 'NF >= 4 {
        if (ceop) { day = $1; value = $(NF - 2); flag = $(NF - 1) } else { day = $1; value = $3; flag = $4 }
        if (day !~ /^[0-9][0-9][0-9][0-9]\/[0-9][0-9]\/[0-9][0-9]$/) next
        if (flag == "G" || flag == "U") { sum[day] += value; n[day]++ }
    } END { for (d in n) if (n[d] >= 12) printf "%s %.6f\n", d, sum[d] / n[d] }' | sort
}
summary() {
    awk '{ print $2 }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
        r = 0.02 * (NR - 1); lo = int(r); p = v[lo + 1] + (r - lo) * (v[lo + 2] - v[lo + 1])
        printf "%d valid days, minimum %.3f, 2nd percentile %.3f", NR, v[1], p }'
}

for station in abrams cst; do
    eval file=\$$station
    awk_daily "$file" >"$WORK/$station.daily"
    theirs=$(summary "$WORK/$station.daily")
    case $station in
    abrams) expected="1962 valid days, minimum 0.054, 2nd percentile 0.065"; days=2557 ;;
    cst) expected="397 valid days, minimum 0.209, 2nd percentile 0.216"; days=761 ;;
    esac
    [ "$theirs" = "$expected" ] && pass || fail "$station: the awk reading gives '$theirs', the reference README '$expected'"
    run cell --sm "$file"
    expect_status 0 "cell --sm $station"
    expect_out "daily means: ${expected%%valid days*}valid days of $days, ${expected#*valid days, } m3 m-3" "$station daily means"
    expect_out "thresholds: θw" "$station drydown thresholds"
    expect_out "events (" "$station drydown events"
    # every daily mean equals the awk reading (through a 1 × 1 cube written by ingest)
    run ingest -o "$WORK/$station.nc" "$file"
    expect_status 0 "ingest $station"
    ncdump -v time,sm "$WORK/$station.nc" >"$WORK/$station.cdl"
    first=$(ncdump -v time "$WORK/$station.nc" | sed -n '/^ time =/s/^ time = \([0-9]*\).*/\1/p')
    sed -n '/^ sm =/,/;/p' "$WORK/$station.cdl" | tr -d ' ;\n' | sed 's/sm=//' | tr ',' '\n' |
        awk -v first="$first" '$1 != "_" { d = first + NR - 1; printf "%d %.6f\n", d, $1 }' >"$WORK/$station.ours"
    awk '{ split($1, p, "/"); y = p[1]; m = p[2]; dd = p[3]
           a = int((14 - m) / 12); yy = y + 4800 - a; mm = m + 12 * a - 3
           jdn = dd + int((153 * mm + 2) / 5) + 365 * yy + int(yy / 4) - int(yy / 100) + int(yy / 400) - 32045
           printf "%d %.6f\n", jdn - 2440588, $2 }' "$WORK/$station.daily" | sort -n >"$WORK/$station.theirs"
    paste -d' ' "$WORK/$station.theirs" "$WORK/$station.ours" |
        awk 'NF != 4 || $1 != $3 || ($2 - $4) > 5e-6 || ($4 - $2) > 5e-6 { bad++ } END { exit bad > 0 }' &&
        [ "$(wc -l <"$WORK/$station.theirs")" = "$(wc -l <"$WORK/$station.ours")" ] &&
        pass || fail "$station: the daily means differ from the awk reading"
done

# info on a station says where, which layer, and its daily means.
run info "$cst"
expect_status 0 "info on an ISMN file"
expect_out "a point series at latitude 33.8833, longitude 102.1333" "info station location"
expect_out "daily means: 397 valid days of 761, minimum 0.209, 2nd percentile 0.216" "info station daily means"

# Any line ends: the same file with LF and with CRLF reads the same.
tr '\r' '\n' <"$cst" >"$WORK/lf_$cst_name"
sed 's/$/\r/' "$WORK/lf_$cst_name" >"$WORK/crlf_$cst_name"
for variant in lf crlf; do
    run cell --sm "$WORK/${variant}_$cst_name" --events 0
    expect_out "daily means: 397 valid days of 761, minimum 0.209, 2nd percentile 0.216" "CST-01 with $variant line ends"
done

# The tree: a station's directory, a network's; several stations are refused in one line.
run cell --sm "$WORK/ismn/SCAN" --events 0
expect_status 0 "cell --sm NETWORK directory"
expect_out "ISMN SCAN Abrams, 0.050–0.050 m" "the station found in the tree"
run cell --sm "$WORK/ismn" --events 0
expect_status 2 "several stations"
expect_one_line_error "several stations"
expect_err "holds several stations" "several stations message"

# The download's zip, as ISMN delivers it: a station (or a part) inside it is read without
# unpacking, deflated or stored.
zip_tree() { # zip_tree DIR ZIP [LEVEL]: DIR's contents as ZIP (zip, else python3's zipfile)
    if command -v zip >/dev/null 2>&1; then (cd "$1" && zip -q -r ${3:+-$3} "$2" .)
    else python3 -c 'import sys, os, zipfile
d, z, stored = sys.argv[1], sys.argv[2], len(sys.argv) > 3
with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as f:
    for root, _, names in os.walk(d):
        for n in names: f.write(os.path.join(root, n), os.path.relpath(os.path.join(root, n), d))' "$1" "$2" ${3:+stored}
    fi
}
zip_tree "$WORK/ismn" "$WORK/download.zip"
zip_tree "$WORK/ismn" "$WORK/stored.zip" 0
for z in download stored; do
    run cell --sm "$WORK/$z.zip/SCAN/Abrams" --events 0
    expect_status 0 "cell --sm $z.zip/SCAN/Abrams"
    expect_out "daily means: 1962 valid days of 2557, minimum 0.054, 2nd percentile 0.065" "Abrams from $z.zip"
done
run cell --sm "$WORK/download.zip/COSMOS" --depth 0 --events 0 -e 100
expect_out "baseline    36.0   23.0   1.27" "the static variables from the zip"
run info "$WORK/download.zip/MAQU/CST-01/$cst_name"
expect_out "daily means: 397 valid days of 761, minimum 0.209, 2nd percentile 0.216" "one file inside the zip"
run cell --sm "$WORK/download.zip" --events 0
expect_status 2 "a zip of several stations"
expect_one_line_error "a zip of several stations"
printf 'not a zip' >"$WORK/broken.zip"
run cell --sm "$WORK/broken.zip/SCAN" --events 0
expect_status 1 "a broken zip"
expect_one_line_error "a broken zip"

# Quality flags and the minimum count are options.
run cell --sm "$abrams" --flags GUD --events 0
expect_out "hourly values kept (flags GUD)" "--flags GUD"
run cell --sm "$abrams" --min-hours 24 --events 0
expect_out "days with >= 24" "--min-hours 24"

# CEOP-separated format with the static variables: the 0–19 cm probe is not within 0–5 cm unless
# --depth says so; the baseline texture is HWSD's from the static CSV.
run cell --sm "$WORK/ismn/COSMOS/ARM-1" --events 0
expect_status 1 "ARM-1 without --depth"
expect_one_line_error "ARM-1 without --depth"
expect_err "no soil-moisture layer within 0–0.05 m (it has 0.000–0.190 m): give --depth" "ARM-1 depth message"
run cell --sm "$WORK/ismn/COSMOS/ARM-1" --depth 0 --events 0 -e 200
expect_status 0 "ARM-1 --depth 0"
expect_out "ISMN COSMOS ARM-1, 0.000–0.190 m" "ARM-1 station"
awk_daily "$arm" 1 >"$WORK/arm.daily"
expect_out "daily means: $(wc -l <"$WORK/arm.daily") valid days" "ARM-1 daily means as the awk reading"
expect_out "baseline    36.0   23.0   1.27" "ARM-1 baseline texture from the static variables"
run info "$arm"
expect_out "static variables: sand 36.0, clay 23.0, organic carbon 1.27 % weight" "info ARM-1 static variables"
run cell --sm "$arm" --sand 60 --clay 10 --events 0 -e 200
expect_out "baseline    60.0   10.0" "--sand/--clay override"

# A CSV of date,sm runs the same story.
{ echo "date,sm"; sed 's|/|-|g; s/ /,/' "$WORK/abrams.daily"; } >"$WORK/abrams.csv"
run cell --sm "$WORK/abrams.csv" --events 0
expect_status 0 "cell --sm CSV"
expect_out "daily means: 1962 valid days of 2553, minimum 0.054, 2nd percentile 0.065" "CSV daily means (2553: its first and last valid days)"

# drydowns on a station.
run drydowns --sm "$cst" -o "$WORK/cst_thresholds.nc"
expect_status 0 "drydowns on an ISMN file"

# simulate --stations takes ISMN data as well as the CSV: the demo's stations written as an ISMN
# tree ("header + values", 12 hourly values a day, CR line ends) give the same station RMSEs.
"$DRYTEX" demo --rows 4 --cols 5 --years 1 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
awk -F, -v root="$WORK/w/ismn/DEMO" 'NR > 1 {
    dir = root "/" $1
    file = dir "/DEMO_DEMO_" $1 "_sm_0.050000_0.050000_Probe_20110101_20111231.stm"
    if (!(file in seen)) {
        seen[file] = 1
        system("mkdir -p \"" dir "\"")
        printf "DEMO       DEMO       %s  %.5f  %.5f  100.00  0.05  0.05  Probe \r", $1, $2, $3 > file
    }
    split($4, d, "-")
    for (h = 0; h < 12; h++) printf "%s/%s/%s %02d:00   %.4f U M \r", d[1], d[2], d[3], h, $5 > file
}' "$WORK/w/stations.csv"
GSDE_W="--soil $WORK/w/soil/SAND1.nc --soil $WORK/w/soil/CLAY1.nc --soil $WORK/w/soil/OC1.nc"
run simulate --forcing "$WORK/w/forcing.nc" $GSDE_W --stations "$WORK/w/stations.csv" -o "$WORK/sim_csv.nc"
expect_status 0 "simulate --stations CSV"
run simulate --forcing "$WORK/w/forcing.nc" $GSDE_W --stations "$WORK/w/ismn" -o "$WORK/sim_ismn.nc"
expect_status 0 "simulate --stations ISMN tree"
zip_tree "$WORK/w/ismn" "$WORK/w/ismn.zip"
run simulate --forcing "$WORK/w/forcing.nc" $GSDE_W --stations "$WORK/w/ismn.zip" -o "$WORK/sim_zip.nc"
expect_status 0 "simulate --stations ISMN zip"
rmses() { ncdump -v station_rmse_baseline "$1" | sed -n '/^ station_rmse_baseline =/,/;/p' | tr -d ' ;\n' | sed 's/.*=//' | tr ',' '\n' | sort; }
[ -n "$(rmses "$WORK/sim_csv.nc")" ] && [ "$(rmses "$WORK/sim_csv.nc")" = "$(rmses "$WORK/sim_ismn.nc")" ] && pass ||
    fail "simulate: the ISMN tree's station RMSEs differ from the CSV's: $(rmses "$WORK/sim_csv.nc" | tr '\n' ' ') / $(rmses "$WORK/sim_ismn.nc" | tr '\n' ' ')"
[ "$(rmses "$WORK/sim_csv.nc")" = "$(rmses "$WORK/sim_zip.nc")" ] && pass || fail "simulate: the ISMN zip's station RMSEs differ from the CSV's"

finish
