#!/bin/sh
# drytex ingest on MPI ranks, on copies of the real ESA CCI v05.2 pieces in tests/data (dates moved
# by tests/bench/bench_ingest_global --make-only, one day missing): 3 ranks (each with 1 or 2
# workers, blocks of whole bands or narrower under a small --memory) write the cube of one process,
# bitwise; --resume is refused on ranks, once. Skipped (77) without MPI.
. "$TEST_LIB"

if [ -z "${MPIRUN:-}" ] || [ "$MPIRUN" = no ]; then
    echo "SKIP: drytex was configured without --with-mpi"
    exit 77
fi
command -v "$MPIRUN" >/dev/null 2>&1 || { echo "SKIP: $MPIRUN not found"; exit 77; }
: "${BENCH_INGEST_GLOBAL:?run through make check}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_plm=isolated OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
MPI_FLAGS=""
"$MPIRUN" --version 2>/dev/null | grep -q "Open MPI" && MPI_FLAGS="--oversubscribe --allow-run-as-root"
mpi() { # mpi N ARGS... → drytex ARGS on N ranks; sets $status, $err
    n=$1
    shift
    "$MPIRUN" $MPI_FLAGS -n "$n" "$DRYTEX" "$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
    status=$?
    err=$(cat "$WORK/stderr")
}

PIECE="$TEST_DATA/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc"
"$BENCH_INGEST_GLOBAL" --make-only --days 31 --source "$PIECE" --dir "$WORK/days" || { echo "making the days failed"; exit 99; }
rm "$WORK/days/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160620000000-fv05.2.nc"
set -- "$WORK"/days/ESACCI-*.nc

run ingest -j 1 -o "$WORK/one.nc" "$@"
expect_status 0 "ingest, one process"
mpi 3 ingest -j 1 -o "$WORK/three.nc" "$@"
expect_status 0 "ingest on 3 ranks"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/three.nc" sm time lat lon && pass || fail "3 ranks' cube differs from one process's"
[ "$(printf '%s\n' "$err" | grep -c 'drytex: wrote')" -eq 1 ] && pass || fail "3 ranks: not one 'wrote' line: $err"
[ ! -e "$WORK/three.nc.partial" ] && [ ! -e "$WORK/three.nc.partial.spill" ] && pass || fail "3 ranks left partial files"
mpi 3 ingest -j 2 --memory 0.1 -o "$WORK/three_small.nc" "$@"
expect_status 0 "ingest on 3 ranks, 2 workers each, a small budget"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/three_small.nc" sm time lat lon && pass || fail "3 ranks with small blocks differ"
mpi 2 ingest -j 1 -o "$WORK/two.nc" "$@"
expect_status 0 "ingest on 2 ranks"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/two.nc" sm time lat lon && pass || fail "2 ranks' cube differs from one process's"

mpi 3 ingest --resume -o "$WORK/resume.nc" "$@"
expect_status 2 "--resume on ranks"
expect_err "an ingest on MPI ranks cannot be resumed" "--resume on ranks says why"
[ "$(printf '%s\n' "$err" | grep -c '^drytex: ')" -eq 1 ] && pass || fail "--resume on ranks: not one message: $err"

finish
