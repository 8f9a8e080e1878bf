#!/bin/sh
# drytex ingest on MPI ranks, on copies of the real ESA CCI v05.2 pieces in tests/data (dates moved
# by tests/bench/bench_ingest_global --make-only, one day missing): 3 ranks (each with 1 or 2
# workers, blocks of whole bands or narrower under a small --memory) write the cube of one process,
# bitwise; killed on ranks and resumed (on as many ranks or more), bitwise. Skipped (77) without MPI.
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
one_counts=$(printf '%s\n' "$err" | grep -o '[0-9]* chunks written, [0-9]* all missing')
mpi 3 ingest -j 1 -o "$WORK/three.nc" "$@"
expect_status 0 "ingest on 3 ranks"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/three.nc" sm time lat lon && pass || fail "3 ranks' cube differs from one process's"
[ "$(printf '%s\n' "$err" | grep -c 'drytex: wrote')" -eq 1 ] && pass || fail "3 ranks: not one 'wrote' line: $err"
[ ! -e "$WORK/three.nc.partial" ] && [ ! -e "$WORK/three.nc.partial.spill" ] && pass || fail "3 ranks left partial files"
mpi 3 ingest -j 2 --memory 0.1 -o "$WORK/three_small.nc" "$@"
expect_status 0 "ingest on 3 ranks, 2 workers each, a small budget"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/three_small.nc" sm time lat lon && pass || fail "3 ranks with small blocks differ"
# rank 0 reports every rank's chunks, the all-missing ones too (it counted only its own blocks')
three_counts=$(printf '%s\n' "$err" | grep -o '[0-9]* chunks written, [0-9]* all missing')
[ -n "$one_counts" ] && [ "$three_counts" = "$one_counts" ] && pass ||
    fail "3 ranks, small blocks: '$three_counts', one process: '$one_counts'"
mpi 2 ingest -j 1 -o "$WORK/two.nc" "$@"
expect_status 0 "ingest on 2 ranks"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/two.nc" sm time lat lon && pass || fail "2 ranks' cube differs from one process's"

mpi 3 ingest --resume -o "$WORK/resume.nc" "$@"
expect_status 0 "--resume on ranks with nothing to resume: an ingest"
"$NCTOOL" equal "$WORK/one.nc" "$WORK/resume.nc" sm time lat lon && pass || fail "--resume on ranks without a journal differs"

# Killed once rank 0 has journaled a round of blocks, then --resume on ranks: the cube of one process,
# bitwise, the journaled blocks verified and kept (60 global days in the real layout, values tiled
# from the piece; --memory 24 spills them and makes 11 blocks, 6 rounds on 2 ranks). A resume with
# other settings (another --memory: other blocks) is refused, naming the journal.
"$BENCH_INGEST_GLOBAL" --make-only --tiled --days 60 --source "$PIECE" --dir "$WORK/global" || { echo "making the global days failed"; exit 99; }
set -- "$WORK"/global/ESACCI-*.nc
run ingest -j 1 -o "$WORK/global_one.nc" "$@"
expect_status 0 "60 global days, one process"
killed_ranks() { # killed_ranks N OUT → ingest on N ranks into OUT, every process killed once a block is journaled
    kill_when_journaled "$2.partial.journal" 1 1 \
        "$MPIRUN" $MPI_FLAGS -n "$1" "$DRYTEX" ingest -j 1 --memory 24 -o "$2" "$WORK"/global/ESACCI-*.nc
    echo "# blocks journaled before the kill: ${journaled:-0} of 11"
    [ ! -e "$2" ] && [ "${journaled:-0}" -ge 1 ] && pass || fail "the ingest on ranks was not killed midway (journal: ${journaled:-none})"
}
killed_ranks 2 "$WORK/killed.nc"
mpi 2 ingest -j 1 --memory 24 --resume -o "$WORK/killed.nc" "$@"
expect_status 0 "--resume on 2 ranks after a kill"
expect_err "blocks of cells verified in $WORK/killed.nc.partial and kept" "the resume on ranks says what it kept"
"$NCTOOL" equal "$WORK/global_one.nc" "$WORK/killed.nc" sm time lat lon && pass || fail "killed + resumed on ranks differs from one process"
[ ! -e "$WORK/killed.nc.partial" ] && [ ! -e "$WORK/killed.nc.partial.journal" ] && [ ! -e "$WORK/killed.nc.partial.spill" ] \
    && pass || fail "the resume on ranks left its partial files"

killed_ranks 2 "$WORK/killed3.nc"
mpi 3 ingest -j 1 --memory 24 --resume -o "$WORK/killed3.nc" "$@"
expect_status 0 "killed on 2 ranks, resumed on 3"
"$NCTOOL" equal "$WORK/global_one.nc" "$WORK/killed3.nc" sm time lat lon && pass || fail "resumed on 3 ranks differs"

killed_ranks 2 "$WORK/other.nc"
mpi 2 ingest -j 1 --memory 48 --resume -o "$WORK/other.nc" "$@"
expect_status 1 "--resume on ranks with another --memory"
expect_err "$WORK/other.nc.partial.journal" "the refusal names the journal"
[ "$(printf '%s\n' "$err" | grep -c '^drytex: ')" -eq 1 ] && pass || fail "--resume refused on ranks: not one message: $err"

# An input changed since the kill, in the second rank's share of the inputs (each rank checks its
# own): refused, naming it, and the partial files kept.
killed_ranks 2 "$WORK/changed.nc"
late="$WORK/global/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160726000000-fv05.2.nc"
cp "$late" "$WORK/day50"
cp "$WORK/global/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160727000000-fv05.2.nc" "$late"
mpi 2 ingest -j 1 --memory 24 --resume -o "$WORK/changed.nc" "$@"
expect_status 1 "--resume on ranks with an input changed since the kill"
expect_err "20160726000000-fv05.2.nc: changed since the job began" "the changed input is named"
[ -e "$WORK/changed.nc.partial.journal" ] && pass || fail "a refused resume on ranks removed the journal"
mv "$WORK/day50" "$late"
mpi 2 ingest -j 1 --memory 24 --resume -o "$WORK/changed.nc" "$@"
expect_status 0 "--resume on ranks once the input is back"
"$NCTOOL" equal "$WORK/global_one.nc" "$WORK/changed.nc" sm time lat lon && pass || fail "resumed after the refusal differs"

finish
