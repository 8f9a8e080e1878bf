# lib.sh — shared helpers of the command-line tests (sourced; needs DRYTEX, NCGEN, TEST_DATA).
set -u
: "${DRYTEX:?run through make check}" "${TEST_DATA:?run through make check}"
NCGEN=${NCGEN:-ncgen}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drytex-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failures=0
checks=0

# fixture NAME.cdl [KIND] → prints the path of the netCDF file built from tests/data/NAME.cdl
fixture() {
    out="$WORK/${3:-${1%.cdl}.nc}"
    "$NCGEN" ${2:+-k "$2"} -o "$out" "$TEST_DATA/$1" || { echo "FAIL: ncgen $1" >&2; exit 99; }
    printf '%s\n' "$out"
}

# run CMD... → runs drytex with the arguments; sets $out, $err, $status
run() {
    "$DRYTEX" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
    status=$?
    out=$(cat "$WORK/stdout")
    err=$(cat "$WORK/stderr")
}

pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*" >&2; }

# expect_status N WHAT
expect_status() {
    if [ "$status" -eq "$1" ]; then pass; else fail "$2: exit $status, expected $1 (stderr: $err)"; fi
}
# expect_out TEXT WHAT — stdout contains TEXT (fixed string)
expect_out() {
    if printf '%s' "$out" | grep -qF -- "$1"; then pass; else fail "$2: stdout lacks '$1'"; printf '%s\n' "$out" >&2; fi
}
# expect_err TEXT WHAT — stderr contains TEXT
expect_err() {
    if printf '%s' "$err" | grep -qF -- "$1"; then pass; else fail "$2: stderr lacks '$1' (stderr: $err)"; fi
}
# expect_one_line_error WHAT — stderr is one line starting with "drytex: "
expect_one_line_error() {
    lines=$(printf '%s\n' "$err" | grep -c .)
    case "$err" in
    "drytex: "*) [ "$lines" -eq 1 ] && pass || fail "$1: error has $lines lines: $err" ;;
    *) fail "$1: error does not start with 'drytex: ': $err" ;;
    esac
}

# kill_when_journaled JOURNAL BLOCKS DEPTH COMMAND... — runs COMMAND in the background and kills it
# (kill -9) once JOURNAL records BLOCKS blocks, or when COMMAND ends first; DEPTH 0 kills COMMAND's
# process alone (its workers must end with it: PR_SET_PDEATHSIG), 1 its children too (mpirun's
# ranks). Then waits up to 10 s for its children and theirs to end: an ingest's workers hold the
# output's lock until they have. Sets journaled (the blocks seen before the kill), watched (the
# processes waited for) and outlived (those still alive after 10 s, or "").
kill_when_journaled() {
    journal=$1 want=$2 depth=$3
    shift 3
    "$@" >/dev/null 2>&1 </dev/null &
    pid=$!
    i=0
    while [ $i -lt 3000 ]; do
        journaled=$(grep -c '^block ' "$journal" 2>/dev/null)
        [ "${journaled:-0}" -ge "$want" ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.02
        i=$((i + 1))
    done
    children=$(awk -v p=$pid '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null)
    watched=$children
    for c in $children; do watched="$watched $(awk -v p="$c" '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null)"; done
    if [ "$depth" -ge 1 ]; then kill -9 $children $pid 2>/dev/null; else kill -9 $pid 2>/dev/null; fi
    wait $pid 2>/dev/null
    i=0
    while [ $i -lt 500 ]; do
        outlived=""
        for w in $watched; do kill -0 "$w" 2>/dev/null && outlived="$outlived $w"; done
        [ -z "$outlived" ] && break
        sleep 0.02
        i=$((i + 1))
    done
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
    exit $?
}
