#!/bin/bash
# same-outputs.sh BEFORE AFTER [WORKDIR] — runs the demo pipeline (demo, info, ingest, drydowns
# with two presets and --events, calibrate, simulate, cell --json, column, ptf) with two drytex
# binaries and compares every file they wrote byte for byte. For refactors that must not change
# behaviour (the src/core rooms move was checked with it). Exit 0 when every file is identical.
set -u
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_BINARY AFTER_BINARY [WORKDIR]" >&2; exit 2; }
before=$(readlink -f "$1") after=$(readlink -f "$2")
work=${3:-$(mktemp -d "${TMPDIR:-/tmp}/drytex-same.XXXXXX")}
fluxes=$(cd "$(dirname "$0")/../data" && pwd)/bondville1998_sand85clay5_optsoil4.csv

pipeline() { # BINARY DIR
    local B=$1
    rm -rf "$2" && mkdir -p "$2" && cd "$2" || return 1
    $B demo --rows 8 --cols 12 --years 3 world >/dev/null &&
    $B info world/sm_cube.nc >info.txt &&
    $B ingest world/sm/*.nc -o ingested.nc 2>/dev/null &&
    $B drydowns --sm world/sm_cube.nc -o thr.nc --events events.csv --threads 2 2>/dev/null &&
    $B drydowns --sm world/sm_cube.nc --preset araki --min-points 8 -o thr_araki.nc --threads 2 2>/dev/null &&
    $B calibrate --thresholds thr.nc --soil world/soil/SAND1.nc --soil world/soil/CLAY1.nc --soil world/soil/OC1.nc \
        --experiment opti_exp1 -o opt.nc --threads 2 2>/dev/null &&
    $B simulate --forcing world/forcing.nc --soil world/soil/SAND1.nc --soil world/soil/CLAY1.nc \
        --soil world/soil/OC1.nc --optimised opt.nc --reference satellite=world/sm_cube.nc -o compare.nc --threads 2 2>/dev/null &&
    $B cell --sm world/sm_cube.nc --soil world/soil/SAND1.nc --soil world/soil/CLAY1.nc --soil world/soil/OC1.nc \
        --cell 3,5 --json >cell.json &&
    $B column --fluxes "$fluxes" --ptf sr06-noahmp --sand 85 --clay 5 >column.csv &&
    echo 40,20,1.5 | $B ptf --ptf sr06-noahmp >ptf.csv
}
pipeline "$before" "$work/before" || { echo "the pipeline failed with $before" >&2; exit 1; }
pipeline "$after" "$work/after" || { echo "the pipeline failed with $after" >&2; exit 1; }
cd "$work" || exit 1
# A job output records its inputs' modification times and hashes (drytex_inputs, for --resume):
# two runs of any binary differ there (a job output's hash follows from its bytes), so a netCDF file
# that differs in bytes is compared once more as ncdump text with those masked, and counted apart
# (every input file itself is compared byte for byte).
masked() { ncdump "$1" | sed 's/mtime=[^ ]*/mtime=…/g; s/hash=[0-9a-f]*/hash=…/g'; }
same=0 differ=0 mtimes=0
while IFS= read -r f; do
    if cmp -s "before/$f" "after/$f"; then same=$((same + 1))
    elif case "$f" in *.nc) command -v ncdump >/dev/null && cmp -s <(masked "before/$f") <(masked "after/$f") ;; *) false ;; esac; then
        mtimes=$((mtimes + 1)); echo "same but for the recorded input times and hashes: $f"
    else differ=$((differ + 1)); echo "differs: $f"; fi
done < <(cd after && find . -type f | sort)
same=$((same + mtimes))
[ "$(cd before && find . -type f | wc -l)" -eq $((same + differ)) ] || { echo "the two runs wrote different sets of files"; differ=$((differ + 1)); }
echo "$same files identical ($mtimes of them but for the input record of job outputs), $differ differ ($work)"
[ "$differ" -eq 0 ]
