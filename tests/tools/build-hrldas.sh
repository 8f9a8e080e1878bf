#!/bin/sh
# build-hrldas.sh: build a serial gfortran hrldas.exe from the user's own HRLDAS and Noah-MP
# checkouts, for `drytex simulate --engine hrldas` and the tests (./configure --with-hrldas-exe).
#
#   tests/tools/build-hrldas.sh HRLDAS_DIR NOAHMP_DIR OUT_DIR
#
# HRLDAS_DIR  a checkout of https://github.com/NCAR/hrldas (the directory holding hrldas/ and urban/)
# NOAHMP_DIR  a checkout of https://github.com/NCAR/noahmp (the submodule; drytex was tested with
#             commit 014a7a3)
# OUT_DIR     where the build happens (a copy of both trees in OUT_DIR/src, so the checkouts stay
#             clean) and where hrldas.exe and its run-time tables end up
#
# Needs gfortran, netCDF-Fortran (nf-config) and perl: on Debian/Ubuntu
# `apt-get install gfortran libnetcdff-dev`. HRLDAS's own configure (option 6, "gfortran serial")
# writes user_build_options; this script only points it at the netCDF that nf-config reports and
# replaces the debug flags (-g -fbounds-check) by -O2. Only the model is built, not the forcing
# preprocessor (HRLDAS_forcing/, which needs jasper): drytex writes the forcing files itself.
set -eu

usage() {
	echo "usage: build-hrldas.sh HRLDAS_DIR NOAHMP_DIR OUT_DIR" >&2
	exit 2
}
[ $# -eq 3 ] || usage
hrldas_dir=$1
noahmp_dir=$2
out_dir=$3

die() {
	echo "build-hrldas.sh: $*" >&2
	exit 1
}
[ -f "$hrldas_dir/hrldas/configure" ] ||
	die "$hrldas_dir: no hrldas/configure (give the top of an NCAR/hrldas checkout)"
[ -d "$hrldas_dir/urban" ] || die "$hrldas_dir: no urban/ directory (an incomplete HRLDAS checkout?)"
[ -f "$noahmp_dir/drivers/hrldas/Makefile" ] ||
	die "$noahmp_dir: no drivers/hrldas/Makefile (give the top of an NCAR/noahmp checkout)"
[ -f "$noahmp_dir/parameters/NoahmpTable.TBL" ] || die "$noahmp_dir: no parameters/NoahmpTable.TBL"
command -v gfortran >/dev/null || die "gfortran not found (apt-get install gfortran)"
command -v nf-config >/dev/null || die "nf-config not found (apt-get install libnetcdff-dev)"
command -v perl >/dev/null || die "perl not found (HRLDAS's configure is a perl script)"

mkdir -p "$out_dir/src"
out=$(cd "$out_dir" && pwd)
src=$out/src
rm -rf "$src/hrldas" "$src/urban" "$src/noahmp"
cp -R "$hrldas_dir/hrldas" "$hrldas_dir/urban" "$src/"
cp -R "$noahmp_dir" "$src/noahmp"

cd "$src/hrldas"
./configure 6 >/dev/null 2>&1
fflags=$(nf-config --fflags)
flibs=$(nf-config --flibs)
# user_build_options is a make include: rewrite the netCDF paths and the optimisation flags.
sed -e "s|^ *NETCDFMOD *=.*| NETCDFMOD = $fflags|" \
	-e "s|^ *NETCDFLIB *=.*| NETCDFLIB = $flibs|" \
	-e "s|^ *F90FLAGS *=.*| F90FLAGS = -O2 -fconvert=big-endian -fno-range-check -fallow-argument-mismatch|" \
	user_build_options >user_build_options.new
mv user_build_options.new user_build_options

log="$src/build.log"
: >"$log"
# The top Makefile's "all" target without HRLDAS_forcing (the forcing preprocessor, which needs
# jasper and GRIB libraries drytex does not use): the model and its driver only.
for dir in Utility_routines ../noahmp/utility ../noahmp/src ../noahmp/drivers/hrldas ../urban/wrf IO_code run; do
	if ! (cd "$dir" && make) >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "make in $dir failed; the whole log is $log"
	fi
done
[ -x run/hrldas.exe ] || die "make finished but run/hrldas.exe is missing; see $log"

cp run/hrldas.exe "$out/hrldas.exe"
# hrldas.exe reads its parameter table from the run directory; drytex copies it from beside the exe.
cp "$src/noahmp/parameters/NoahmpTable.TBL" "$out/NoahmpTable.TBL"
echo "$out/hrldas.exe"
