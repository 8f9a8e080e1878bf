#!/bin/sh
# first_frame.sh — the explorer's first frame on a fresh cache (issue 15 item 12: ≤ 2 s), median of
# RUNS (5): each run starts `drytex` (the bundled demo) in tmux with an empty XDG_CACHE_HOME and
# times it from the explorer's start to the screen showing the first frame's status line. Between
# runs it waits for the background writer (DIR/PENDING) to finish, so runs do not overlap, and says
# how long that took and the demo's size. It prints the load average before and after: the figure
# means little on a busy machine. A benchmark: it prints, it asserts nothing.
# Usage: DRYTEX=src/drytex sh tests/bench/first_frame.sh [RUNS]
set -u
: "${DRYTEX:?DRYTEX=path/to/drytex}"
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed"; exit 77; }
runs=${1:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/drytex-first-frame.XXXXXX")
export TMUX_TMPDIR=$work
session=first$$
trap 'tmux kill-server 2>/dev/null; rm -rf "$work"' EXIT
now() { date +%s%N; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ "$i" -le "$runs" ]; do
    cache=$work/cache$i
    mkdir -p "$cache"
    tmux new-session -d -s "$session" -x 120 -y 40 \
        "trap : INT; date +%s%N >'$work/start$i'; XDG_CACHE_HOME='$cache' XDG_CONFIG_HOME='$work/none' XDG_STATE_HOME='$work/state' '$DRYTEX'; sleep 30"
    shown=''
    n=0
    while [ $n -lt 12000 ]; do # 10 ms a look, 120 s at most
        if tmux capture-pane -p -t "$session" 2>/dev/null | grep -q "row 20 col 30"; then shown=$(now); break; fi
        sleep 0.01
        n=$((n + 1))
    done
    start=$(cat "$work/start$i" 2>/dev/null || echo 0)
    if [ -z "$shown" ] || [ "$start" = 0 ]; then echo "run $i: no first frame within 120 s"; exit 1; fi
    ms=$(((shown - start) / 1000000))
    echo "$ms" >>"$work/times"
    tmux send-keys -t "$session" q
    wait_from=$(now)
    n=0
    while [ -e "$cache/drytex/demo/PENDING" ] && [ $n -lt 3000 ]; do sleep 0.1; n=$((n + 1)); done
    rest=$((($(now) - wait_from) / 1000000))
    echo "run $i: first frame $ms ms; the background rest done $rest ms after it; demo $(du -sm "$cache/drytex/demo" | cut -f1) MB"
    tmux kill-session -t "$session" 2>/dev/null
    rm -rf "$cache"
    i=$((i + 1))
done
# The CPU time of the first run's writing (drytex without a terminal writes the cache, then
# refuses): a figure the load changes much less than the wall time above.
cache=$work/cpu
mkdir -p "$cache"
if command -v /usr/bin/time >/dev/null 2>&1; then
    XDG_CACHE_HOME=$cache /usr/bin/time -f "%U %S" -o "$work/cpu.txt" "$DRYTEX" </dev/null >/dev/null 2>&1
    read -r user sys <<EOF
$(tail -n 1 "$work/cpu.txt")
EOF
    echo "the first run's writing before the explorer starts: $user s user + $sys s system CPU"
    n=0
    while [ -e "$cache/drytex/demo/PENDING" ] && [ $n -lt 3000 ]; do sleep 0.1; n=$((n + 1)); done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "first frame on a fresh cache, median of $runs: $(sort -n "$work/times" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }') ms"
