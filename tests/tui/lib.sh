# lib.sh — helpers of the tmux-driven explorer tests (sourced after tests/cli/lib.sh).
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }
before_kill_session() { :; }
# tmux: a new session whose server dies as it starts ("server exited unexpectedly", seen on busy
# shared machines before the explorer even ran) is started once more; kill-session first lets
# explorers under valgrind end.
tmux() {
    case "${1:-}" in
    new-session)
        command tmux "$@" && return 0
        echo "# tmux new-session failed: starting the session once more" >&2
        sleep 1
        command tmux kill-session -t "$session" 2>/dev/null
        command tmux "$@"
        ;;
    kill-session) before_kill_session; command tmux "$@" ;;
    *) command tmux "$@" ;;
    esac
}
export TMUX_TMPDIR="$WORK"
session=drytex$$
timeout_scale=1
screen() { command tmux capture-pane -p -t "$session"; }
# session_gone — the test's session (or its tmux server) has ended: every wait stops at once
session_gone() {
    command tmux has-session -t "$session" 2>/dev/null && return 1
    echo "# tmux: the session $session is gone (its server exited)" >&2
    return 0
}
# wait_for TEXT [SECONDS] — until the screen shows TEXT (10 s unless told: the machine may be busy)
wait_for() {
    i=0
    limit=$((${2:-10} * 20 * timeout_scale))
    while [ $i -lt $limit ]; do
        screen 2>/dev/null | grep -qF -- "$1" && return 0
        [ $((i % 20)) -eq 19 ] && session_gone && return 1
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
# wait_for_tiles N LABEL [SECONDS] — until the jobs line shows job N's tiles ("job N LABEL D/T tiles")
wait_for_tiles() {
    i=0
    limit=$((${3:-20} * 20 * timeout_scale))
    while [ $i -lt $limit ]; do
        screen 2>/dev/null | grep -qE -- "job $1 $2 [0-9]+/[0-9]+ tiles" && return 0
        [ $((i % 20)) -eq 19 ] && session_gone && return 1
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
check_tiles() { if wait_for_tiles "$1" "$2"; then pass; else fail "$3: no tiles of job $1 $2 on the screen"; screen >&2; fi; }

# A job's tiles are on the jobs line only while it runs, and a fast job can end before a slow
# explorer (valgrind) draws them. hold_job OUTPUT [start] — stops (SIGSTOP) the running job whose
# record in $jobs_dir names OUTPUT once its first progress line is written (with "start": as soon
# as its record is there, for a job of a fraction of a second), so that its state stays on the
# screen for as long as the test needs; $held is its pid. release_job lets it go on.
# term_pending — until the held job has a SIGTERM waiting (the explorer asked it to stop).
hold_job() {
    held=
    i=0
    nap=0.02 limit=$((20 * 50 * timeout_scale)) # 20 s (× the scale)
    [ "${2:-}" = start ] && nap=0.002 limit=$((20 * 500 * timeout_scale))
    while [ $i -lt $limit ]; do
        for record in "$jobs_dir"/*.job; do
            [ -f "$record" ] && grep -q "^output=.*/$1\$" "$record" || continue
            pid=$(sed -n 's/^pid=//p' "$record")
            progress=$(sed -n 's/^progress=//p' "$record")
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { [ "${2:-}" = start ] || grep -q '^progress ' "$progress" 2>/dev/null; }; then
                kill -STOP "$pid" 2>/dev/null && held=$pid && return 0
            fi
        done
        sleep $nap
        i=$((i + 1))
        [ $((i % 200)) -eq 199 ] && session_gone && return 1
    done
    return 1
}
check_hold() { if hold_job "$1" "${3:-}"; then pass; else fail "$2: no running job writing $1 to hold"; fi; }
release_job() { [ -n "${held:-}" ] && kill -CONT "$held" 2>/dev/null; held=; }
term_pending() {
    i=0
    while [ $i -lt $((20 * 20 * timeout_scale)) ]; do
        for mask in $(sed -n 's/^S[hi][dg]Pnd:[[:space:]]*//p' "/proc/$held/status" 2>/dev/null); do
            [ $((0x$mask & 0x4000)) -ne 0 ] && return 0 # bit 15 − 1: SIGTERM
        done
        sleep 0.05
        i=$((i + 1))
        [ $((i % 20)) -eq 19 ] && session_gone && return 1
    done
    return 1
}
# check_screen TEXT WHAT [SECONDS]
check_screen() { if wait_for "$1" "${3:-10}"; then pass; else fail "$2: the screen lacks '$1'"; screen >&2; fi; }

# DRYTEX_TUI_VALGRIND=1 (make check-tui-valgrind): every explorer the tests start runs under
# valgrind (the other commands as they are), each with its own log; an error or a definite leak in
# any of them fails the test, and so does a test in which no explorer ran under valgrind. Waits are
# ten times longer; tmux kill-session first lets the explorers finish (their leak check included).
if [ -n "${DRYTEX_TUI_VALGRIND:-}" ]; then
    valgrind=${VALGRIND:-valgrind}
    command -v "$valgrind" >/dev/null 2>&1 || { echo "valgrind is not installed: skipped"; exit 77; }
    mkdir -p "$WORK/valgrind"
    {
        echo '#!/bin/sh'
        echo 'case "${1:-}" in'
        echo "demo | info | ingest | drydowns | ptf | calibrate | simulate | column | cell) exec '$DRYTEX' \"\$@\" ;;"
        echo 'esac'
        echo "echo \$\$ >>'$WORK/valgrind/pids'"
        echo "exec '$valgrind' --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\"
        echo "    --show-leak-kinds=definite --log-file='$WORK/valgrind/%p.log' '$DRYTEX' \"\$@\""
    } >"$WORK/drytex-valgrind"
    chmod +x "$WORK/drytex-valgrind"
    DRYTEX="$WORK/drytex-valgrind"
    timeout_scale=10
    # valgrind_wait SECONDS — until every explorer under valgrind has ended
    valgrind_wait() {
        i=0
        while [ $i -lt $(($1 * 10)) ]; do
            alive=0
            for p in $(cat "$WORK/valgrind/pids" 2>/dev/null); do kill -0 "$p" 2>/dev/null && alive=1; done
            [ $alive = 0 ] && return 0
            sleep 0.1
            i=$((i + 1))
        done
    }
    before_kill_session() { valgrind_wait 60; }
    finish() {
        valgrind_wait 120
        [ -s "$WORK/valgrind/pids" ] && pass || fail "valgrind: no explorer ran under it"
        for log in "$WORK"/valgrind/*.log; do
            [ -s "$log" ] || continue
            fail "valgrind: $(basename "$log" .log): $(head -c 4000 "$log")"
        done
        echo "$checks checks, $failures failed ($(wc -l <"$WORK/valgrind/pids" 2>/dev/null || echo 0) explorers under valgrind)"
        [ "$failures" -eq 0 ]
        exit $?
    }
fi

# DRYTEX_TUI_SANITIZE=1 (.ci/sanitize, in its ASan+UBSan build): every drytex the tests start writes
# any sanitizer report (an error, or a leak at exit) to its own file in $WORK/sanitizer, and a test
# with a report fails, even when the explorer's death or exit went unseen on the screen; so does a
# test in which no explorer ran. Waits are three times longer.
if [ -n "${DRYTEX_TUI_SANITIZE:-}" ]; then
    mkdir -p "$WORK/sanitizer"
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:log_path=$WORK/sanitizer/asan"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:log_path=$WORK/sanitizer/ubsan"
    {
        echo '#!/bin/sh'
        echo "echo \$\$ >>'$WORK/sanitizer-pids'"
        echo "exec '$DRYTEX' \"\$@\""
    } >"$WORK/drytex-sanitized"
    chmod +x "$WORK/drytex-sanitized"
    DRYTEX="$WORK/drytex-sanitized"
    timeout_scale=3
    finish() {
        command tmux kill-server 2>/dev/null
        i=0 # until every drytex started has ended (its leak check included), at most 60 s
        while [ $i -lt 600 ]; do
            alive=0
            for p in $(cat "$WORK/sanitizer-pids" 2>/dev/null); do kill -0 "$p" 2>/dev/null && alive=1; done
            [ $alive = 0 ] && break
            sleep 0.1
            i=$((i + 1))
        done
        [ -s "$WORK/sanitizer-pids" ] && pass || fail "sanitizer: no drytex ran in this test"
        for log in "$WORK"/sanitizer/*; do
            [ -s "$log" ] || continue
            fail "sanitizer: $(basename "$log"): $(head -c 4000 "$log")"
        done
        echo "$checks checks, $failures failed (sanitizer build, $(wc -l <"$WORK/sanitizer-pids" 2>/dev/null || echo 0) drytex runs)"
        [ "$failures" -eq 0 ]
        exit $?
    }
fi
