#!/bin/sh
# integrity-kills.sh — issue 14's acceptance by hand: N SIGKILLs (default 20) at random moments of
# drydowns (with --events) and of calibrate — the first at the instant OUT.partial appears, the
# second the instant OUT.tmp appears (the final copy), the others once a random number of tiles
# is done (counted from --progress, so that a loaded machine does not push the kills past the
# end of the job) — each followed by --resume; every final output must be byte-identical to an uninterrupted run (or,
# when the kill came before OUT.partial existed so that the resuming command wrote history,
# identical but for the history attribute), the events CSV byte-identical.
# Usage: tests/tools/integrity-kills.sh [DRYTEX [KILLS [SEED]]]   (a few minutes on the demo world)
set -u
DRYTEX=$(cd "$(dirname "${1:-src/drytex}")" && pwd)/$(basename "${1:-src/drytex}")
KILLS=${2:-20}
SEED=${3:-14}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drytex-kills.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
"$DRYTEX" demo "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 1; }
cd "$WORK/w" || exit 1
SOIL="--soil ../soil/SAND1.nc --soil ../soil/CLAY1.nc --soil ../soil/OC1.nc"
DRY="drydowns --sm ../sm_cube.nc -o thr.nc --events events.csv --threads 2 --tile 2 --progress=3"
CAL="calibrate --thresholds ../ref/thr.nc $SOIL --experiment opti_exp1 -o cal.nc --threads 2 --tile 2 --progress=3"
now() { date +%s.%N; }
mkdir ref && cd ref || exit 1
t0=$(now); "$DRYTEX" $DRY 2>/dev/null 3>/dev/null || exit 1; t1=$(now)
"$DRYTEX" $CAL 2>/dev/null 3>/dev/null || exit 1; t2=$(now)
cd .. || exit 1
dry_time=$(echo "$t1 - $t0" | bc); cal_time=$(echo "$t2 - $t1" | bc)
echo "uninterrupted: drydowns ${dry_time} s, calibrate ${cal_time} s"
failures=0; identical=0; history_only=0; finished=0
for job in drydowns calibrate; do
    if [ $job = drydowns ]; then args=$DRY target=thr.nc; else args=$CAL target=cal.nc; fi
    k=1
    while [ $k -le "$KILLS" ]; do
        d=$job-$k
        mkdir "$d" && cd "$d" || exit 1
        tiles_at=$(awk -v s="$SEED$k$job" 'BEGIN { n = 0; for (i = 1; i <= length(s); i++) n = n * 31 + index("abcdefghijklmnopqrstuvwxyz0123456789", substr(s, i, 1)); srand(n % 2147483647); printf "%d", 1 + rand() * 598 }')
        "$DRYTEX" $args >/dev/null 2>&1 3>progress.txt &
        pid=$!
        if [ $k -eq 1 ]; then
            while [ ! -e $target.partial ] && kill -0 $pid 2>/dev/null; do :; done
            delay="the instant $target.partial appeared"
        elif [ $k -eq 2 ]; then
            while [ ! -e $target.tmp ] && kill -0 $pid 2>/dev/null; do :; done
            delay="the instant $target.tmp appeared"
        else
            while kill -0 $pid 2>/dev/null; do
                n=$(sed -n 's/^progress [a-z]* \([0-9]*\) .*/\1/p' progress.txt 2>/dev/null | tail -n 1)
                [ "${n:-0}" -ge "$tiles_at" ] && break
                sleep 0.005
            done
            delay="$tiles_at of 600 tiles done"
        fi
        kill -9 $pid 2>/dev/null || finished=$((finished + 1))
        wait $pid 2>/dev/null
        tiles=$(ls $target.partial >/dev/null 2>&1 && ncdump -v tile_done $target.partial 2>/dev/null | sed -n '/tile_done =/,$p' | grep -o '\b1\b' | wc -l)
        if [ -e $target ] && [ ! -e $target.partial ]; then note="finished before the kill"; else note="killed (${tiles:-0} tiles done)"; fi
        "$DRYTEX" $args --resume >/dev/null 2>"$WORK/err" 3>/dev/null; status=$?
        verdict=ok
        if [ $status -ne 0 ]; then verdict="resume exit $status: $(cat "$WORK/err")"
        elif cmp -s $target ../ref/$target; then identical=$((identical + 1))
        elif [ "$(ncdump $target | sed -e 1d -e '/:history = /d' | cksum)" = "$(ncdump ../ref/$target | sed -e 1d -e '/:history = /d' | cksum)" ]; then
            history_only=$((history_only + 1)); verdict="ok (history differs)"
        else verdict="OUTPUT DIFFERS"; fi
        if [ $job = drydowns ] && ! cmp -s events.csv ../ref/events.csv; then verdict="$verdict; EVENTS DIFFER"; fi
        case $verdict in ok*) ;; *) failures=$((failures + 1)) ;; esac
        echo "$job kill $k at $delay: $note → $verdict"
        cd .. && rm -rf "$d"
        k=$((k + 1))
    done
done
echo "$((2 * KILLS)) kills: $identical byte-identical, $history_only identical but for history, $failures failed ($finished jobs had finished before their kill)"
[ $failures -eq 0 ]
