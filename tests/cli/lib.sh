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

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
    exit $?
}
