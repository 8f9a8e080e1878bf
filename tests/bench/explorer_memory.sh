#!/bin/sh
# explorer_memory.sh — the explorer on a global 964 × 406 × 7000-day cube (tests/bench/bench_big_cube:
# ingest's layout, 11 GB of floats before compression) in a 200 × 60 tmux window: the time to the
# first frame, key → panel latencies at several cells (while the mean layer is still being read and
# after), panels, moves, the time until the mean layer is complete, and the explorer's peak
# resident memory (VmHWM of /proc/PID/status). Prints figures; asserts nothing about time.
#
#   BIG_CUBE=PATH DRYTEX=… BENCH_BIG_CUBE=… sh tests/bench/explorer_memory.sh
#
# The cube is written when PATH does not exist and removed at the end (KEEP_CUBE=1 keeps it).
set -u
: "${BIG_CUBE:?}" "${DRYTEX:?}" "${BENCH_BIG_CUBE:?}"
command -v tmux >/dev/null 2>&1 || { echo "explorer_memory: tmux is not installed"; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drytex-bench-memory.XXXXXX")
export TMUX_TMPDIR="$WORK"
session=drytexmem$$
cleanup() {
    tmux kill-session -t "$session" 2>/dev/null
    [ "${KEEP_CUBE:-0}" = 1 ] || rm -f "$BIG_CUBE"
    rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.3f", $1 - $2 }'; }
screen() { tmux capture-pane -p -t "$session"; }
# wait_for TEXT SECONDS — polls the screen without pausing (the latency is the figure)
wait_for() {
    limit=$(echo "$(now) $2" | awk '{ printf "%.3f", $1 + $2 }')
    while :; do
        screen | grep -qF -- "$1" && return 0
        [ "$(echo "$(now) $limit" | awk '{ print ($1 > $2) }')" = 1 ] && return 1
    done
}
memory() { grep -E "^$1:" "/proc/$pid/status" | awk '{ print $2 / 1024 }'; } # [MiB]

if [ ! -f "$BIG_CUBE" ]; then
    echo "writing $BIG_CUBE …"
    "$BENCH_BIG_CUBE" "$BIG_CUBE" 7000 2>/dev/null || { echo "explorer_memory: bench_big_cube failed"; exit 1; }
fi
echo "cube: $(du -h "$BIG_CUBE" | cut -f1) on disk ($(ls -l "$BIG_CUBE" | awk '{ printf "%.2f GB", $5 / 1e9 }'))"

start=$(now)
tmux new-session -d -s "$session" -x 200 -y 60 \
    "XDG_STATE_HOME='$WORK/state' XDG_CONFIG_HOME='$WORK/config' exec '$DRYTEX' --no-config '$BIG_CUBE'"
pid=$(tmux display-message -p -t "$session" '#{pane_pid}')
wait_for "row 203 col 482" 120 || { echo "explorer_memory: no first frame"; screen; exit 1; }
echo "first frame: $(since "$start") s after the start (the middle cell's series read and fitted); RSS $(memory VmRSS) MiB"
screen | grep -o "(reading the cube: [0-9]* %)" | head -n 1 | sed 's/^/  the mean layer then: /'

# key → panel: :goto a cell, until its panel shows it
goto() {
    t=$(now)
    tmux send-keys -t "$session" : "goto $1,$2" Enter
    if wait_for "Cell $1, $2 " 60; then echo "  :goto $1,$2 → its panel: $(since "$t") s"; else echo "  :goto $1,$2: no panel"; fi
}
move() { # KEY ROW COL — one key, until the status line shows the cell
    t=$(now)
    tmux send-keys -t "$session" "$1"
    if wait_for "row $2 col $3 " 60; then echo "  key $1 → row $2 col $3: $(since "$t") s"; else echo "  key $1: the status line did not reach row $2 col $3"; fi
}
echo "while the mean layer is being read:"
goto 100 200
goto 300 900
goto 50 10
move l 50 11
move j 51 11
move L 51 21
move J 61 21
for i in 1 2 3 4; do tmux send-keys -t "$session" Tab; sleep 0.3; done # the panels, and back to the text
echo "  RSS $(memory VmRSS) MiB, peak $(memory VmHWM) MiB"

t=$(now)
limit=3600
while screen | grep -q "(reading the cube:"; do
    sleep 1
    [ "$(since "$t" | cut -d. -f1)" -lt "$limit" ] || { echo "explorer_memory: the mean layer did not complete in $limit s"; break; }
    rss=$(memory VmRSS)
    echo "$rss" >>"$WORK/rss"
done
echo "the mean layer complete $(since "$start") s after the start; RSS while it was read: $(sort -n "$WORK/rss" 2>/dev/null | sed -n '1p;$p' | tr '\n' ' ' | sed 's/ $//; s/ / … /') MiB"
screen | grep -o "mean: [0-9.]* … [0-9.]* m3 m-3" | head -n 1 | sed 's/^/  /'
echo "after it:"
goto 200 480
goto 10 960
goto 405 0
move l 405 1
move k 404 1
echo "peak RSS (VmHWM): $(memory VmHWM) MiB; RSS now $(memory VmRSS) MiB"
tmux send-keys -t "$session" q
sleep 1
