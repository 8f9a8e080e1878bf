#!/bin/sh
# tests/fuzz/run-background.sh HARNESS SECONDS — fuzzes one harness on one core (nice) for SECONDS in
# total, restarting after each crash (the crash input is kept as an artifact), and logs libFuzzer's
# final statistics of every run to tests/fuzz/work/HARNESS.log.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
harness=$1 budget=$2
work="$here/tests/fuzz/work"
mkdir -p "$work/$harness"
# From the work directory: a probe child that crashes inside HDF5 (ncprobe.c) leaves its sanitizer
# report there as .PID, not in the source tree.
cd "$work" || exit 1
start=$(date +%s)
while :; do
    left=$(( budget - ($(date +%s) - start) ))
    [ "$left" -gt 5 ] || break
    nice -n 19 "$here/tests/fuzz/$harness" -max_total_time="$left" -close_fd_mask=3 -timeout=20 -rss_limit_mb=3072 \
        -print_final_stats=1 -artifact_prefix="$work/$harness-" "$work/$harness" "$here/tests/fuzz/corpus/$harness" \
        >>"$work/$harness.log" 2>&1
    echo "== run ended with status $? after $(( $(date +%s) - start )) s" >>"$work/$harness.log"
done
