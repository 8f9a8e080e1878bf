#!/bin/sh
# calibrate_seeds.sh — issue 16's calibration acceptance, over seeds: the 20 × 30 twins of
# tests/cli/demo_truth.sh (SR06 truth; CH78 truth), `drytex drydowns` with its defaults, then
# `drytex calibrate` with its defaults for each of the seed's three experiments and each of SEEDS
# (default 10) seeds; prints, per experiment and seed, the baseline's and the optimum's MAE against
# the truth (%w) and the optimum's MAE against seed 1's (the spread over seeds). A benchmark of
# accuracy, not of speed: it prints, it asserts nothing (demo_truth.sh asserts one seed).
# Usage: DRYTEX=src/drytex NCTOOL=tests/tools/nctool sh tests/bench/calibrate_seeds.sh [SEEDS]
set -u
: "${DRYTEX:?DRYTEX=path/to/drytex}" "${NCTOOL:?NCTOOL=path/to/tests/tools/nctool}"
seeds=${1:-10}
case $DRYTEX in /*) ;; *) DRYTEX=$(pwd)/$DRYTEX ;; esac # the runs below change directory
case $NCTOOL in /*) ;; *) NCTOOL=$(pwd)/$NCTOOL ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/drytex-calibrate-seeds.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$DRYTEX" demo --rows 20 --cols 30 "$work/sr06" >/dev/null 2>&1 || { echo "demo failed"; exit 1; }
"$DRYTEX" demo --rows 20 --cols 30 --truth-ptf ch78 "$work/ch78" >/dev/null 2>&1 || { echo "demo --truth-ptf ch78 failed"; exit 1; }
for world in sr06 ch78; do
    (cd "$work/$world" && "$DRYTEX" drydowns --sm sm_cube.nc -o thresholds.nc >/dev/null 2>&1) || { echo "drydowns failed"; exit 1; }
done
mae() { "$NCTOOL" mae "$1" "$2" "$3" "$4" | cut -d' ' -f1; }
experiment() {
    world=$1 name=$2
    shift 2
    soil=""
    for f in "$@"; do soil="$soil --soil soil/$f"; done
    cd "$work/$world" || exit 1
    s=1
    while [ "$s" -le "$seeds" ]; do
        # shellcheck disable=SC2086 # $soil is a list of options
        "$DRYTEX" calibrate --thresholds thresholds.nc $soil --experiment "$name" --seed "$s" -o "$name-$s.nc" \
            >/dev/null 2>&1 || { echo "$name: calibrate --seed $s failed"; exit 1; }
        line="$name ($world truth) seed $s:"
        for v in sand clay soc; do
            [ $v = soc ] && [ $# -lt 3 ] && continue # CH78 has no SOC
            line="$line $v $(mae "$name-$s.nc" "${v}_baseline" truth.nc $v) → $(mae "$name-$s.nc" $v truth.nc $v)"
            [ "$s" -gt 1 ] && line="$line (seed 1 ± $(mae "$name-$s.nc" $v "$name-1.nc" $v))"
        done
        echo "$line; cells calibrated $(( $("$NCTOOL" count "$name-$s.nc" status 0) + $("$NCTOOL" count "$name-$s.nc" status 5) ))"
        s=$((s + 1))
    done
}
experiment sr06 opti_exp1 SAND1.nc CLAY1.nc OC1.nc
experiment ch78 opti_exp2 SAND1.nc CLAY1.nc
experiment ch78 opti_exp3 T_SAND.nc4 T_CLAY.nc4
