#!/bin/sh
# The rooms of src/core are enforced by the build (Makefile.am, HACKING.md): each room is compiled
# with the include paths of the rooms it may use. Compiles small sources with each room's own
# flags (ROOM_CC and the ROOM_*_CPPFLAGS that make check passes on): the room's real modules
# compile; a netCDF include in science/ or model/, a curses include anywhere in the core, and a
# header of a room that may not be used each stop the build.
. "$TEST_LIB"
: "${ROOM_CC:?run through make check}"
src=$(cd "$(dirname "$0")/../.." && pwd)/src/core

# compiles ROOM FILE.c → $status, $err
compile() {
    case "$1" in
    science) flags=$ROOM_SCIENCE_CPPFLAGS ;;
    model) flags=$ROOM_MODEL_CPPFLAGS ;;
    io) flags=$ROOM_IO_CPPFLAGS ;;
    jobs) flags=$ROOM_JOBS_CPPFLAGS ;;
    esac
    # shellcheck disable=SC2086
    $ROOM_CC -std=c11 $flags -fsyntax-only "$2" 2>"$WORK/cc.err"
    status=$?
    err=$(cat "$WORK/cc.err")
}
# a copy of a real module of ROOM with LINE put before its first line
with_line() { { printf '%s\n' "$3"; cat "$src/$1/$2"; } >"$WORK/$2"; printf '%s\n' "$WORK/$2"; }

compile science "$src/science/drydown.c"
expect_status 0 "science/drydown.c compiles with science/'s flags"
compile model "$src/model/simulate.c"
expect_status 0 "model/simulate.c compiles with model/'s flags"
compile io "$src/io/field.c"
expect_status 0 "io/field.c compiles with io/'s flags"

compile science "$(with_line science metrics.c '#include <netcdf.h>')"
[ "$status" -ne 0 ] && pass || fail "a netCDF include in science/metrics.c compiled"
expect_err "science/ and model/ read and write no file" "the rule is named for science/"
compile model "$(with_line model column.c '#include <netcdf.h>')"
[ "$status" -ne 0 ] && pass || fail "a netCDF include in model/column.c compiled"
compile science "$(with_line science ptf.c '#include <hdf5.h>')"
[ "$status" -ne 0 ] && pass || fail "an HDF5 include in science/ptf.c compiled"
compile science "$(with_line science sceua.c '#include "ncfile.h"')"
[ "$status" -ne 0 ] && pass || fail "science/ could include io/'s ncfile.h"
compile model "$(with_line model simulate.c '#include "job.h"')"
[ "$status" -ne 0 ] && pass || fail "model/ could include jobs/' job.h"
compile io "$(with_line io soil.c '#include "drydown.h"')"
[ "$status" -ne 0 ] && pass || fail "io/ could include science/'s drydown.h"
compile io "$(with_line io cube.c '#include <curses.h>')"
[ "$status" -ne 0 ] && pass || fail "a curses include in io/cube.c compiled"
expect_err "src/core never includes curses or readline" "the rule is named for curses"
compile jobs "$(with_line jobs cell.c '#include <readline/readline.h>')"
[ "$status" -ne 0 ] && pass || fail "a readline include in jobs/cell.c compiled"
finish
