#!/bin/sh
# Issue 14's hostile files (tests/data/bad): every command that reads them stops within 10 s with
# one error line naming the file and exit 1 — no crash, no hang, no sanitizer report.
. "$TEST_LIB"

# check NAME FILE CMD... → runs drytex CMD... under a 10 s limit and checks the outcome
check() {
    name=$1 file=$2
    shift 2
    timeout 10 "$DRYTEX" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
    status=$?
    err=$(cat "$WORK/stderr")
    expect_status 1 "$name"
    expect_err "$file" "$name names the file"
    expect_one_line_error "$name"
    case "$err" in *Sanitizer*|*"runtime error"*) fail "$name: sanitizer report: $err" ;; esac
}

for path in "$TEST_DATA"/bad/*.nc; do
    file=$(basename "$path")
    check "info $file" "$file" info "$path"
    check "ingest $file" "$file" ingest -o "$WORK/cube.nc" "$path"
    check "drydowns $file" "$file" drydowns --sm "$path" -o "$WORK/thresholds.nc"
    check "cell $file" "$file" cell --sm "$path" --cell 1,1
    check "column --forcing $file" "$file" column --forcing "$path" --ptf sr06 --sand 40 --clay 20
    [ ! -e "$WORK/cube.nc" ] && [ ! -e "$WORK/thresholds.nc" ] && pass || fail "$file: an output was written"
done

# What each refusal says (the cause, not only that something failed).
run info "$TEST_DATA/bad/trunc3_half.nc"
expect_err "trunc3_half.nc: truncated or corrupt netCDF-3 file: sm's data ends at byte 219604, the file has 109802 bytes" "truncated classic file"
run info "$TEST_DATA/bad/hdr3_numrecs_huge.nc"
expect_err "2147483632 records" "numrecs beyond the file"
run info "$TEST_DATA/bad/netcdf3_2294014_dims.nc"
expect_err "2294014 dimensions cannot fit" "dimension count beyond the file"
run info "$TEST_DATA/bad/netcdf3_dimname_8307.nc"
expect_err "a dimension name of 8307 bytes" "over-long name"
run ingest -o "$WORK/cube.nc" "$TEST_DATA/bad/netcdf3_zero_records.nc"
expect_err "netcdf3_zero_records.nc: sm: dimension 'time' has length 0" "0-record time axis"
run info "$TEST_DATA/bad/hdf5_memcpy_overlap.nc"
expect_err "crashes the HDF5 library" "HDF5 crash refused"
run column --forcing "$TEST_DATA/bad/forcing_char_tas.nc" --ptf sr06 --sand 40 --clay 20
expect_err "forcing_char_tas.nc: tas: text, not numbers" "char forcing"
run column --forcing "$TEST_DATA/bad/forcing_time_longer.nc" --ptf sr06 --sand 40 --clay 20
expect_err "forcing_time_longer.nc: time: 5000 steps, tas has 4" "time longer than tas"
run column --forcing "$TEST_DATA/bad/forcing_time_shorter.nc" --ptf sr06 --sand 40 --clay 20
expect_err "forcing_time_shorter.nc: time: 1 steps, tas has 48" "time shorter than tas"

# A small file declaring a grid no machine could hold is refused by name and size, at once.
"$NCTOOL" huge-grid "$WORK/huge.nc" 100000 100000 2 || fail "nctool huge-grid"
for command in "cell --cell 5,5 --sm" "drydowns -o $WORK/thresholds.nc --sm" "ingest -o $WORK/cube.nc"; do
    check "$command huge grid" "huge.nc: sm: a 100000 × 100000 grid (1e+10 cells, 40 GB a map) is larger than drytex takes" $command "$WORK/huge.nc"
done
run info "$WORK/huge.nc"
expect_status 1 "info huge grid"
expect_out "a 100000 × 100000 grid" "info says why the huge grid is not read"

# With SIGCHLD ignored (inherited from a parent shell), waitpid cannot tell how the probe ended:
# its report says, and a crash is still refused.
(trap '' CHLD; "$DRYTEX" info "$TEST_DATA/bad/hdf5_memcpy_overlap.nc" >"$WORK/stdout" 2>"$WORK/stderr")
status=$?; err=$(cat "$WORK/stderr")
expect_status 1 "probe with SIGCHLD ignored"
expect_err "hdf5_memcpy_overlap.nc: corrupt netCDF-4/HDF5 file" "probe with SIGCHLD ignored refuses"

# The hang is bounded by the probe's limit, which DRYTEX_OPEN_TIMEOUT sets.
DRYTEX_OPEN_TIMEOUT=1 run info "$TEST_DATA/bad/hdf5_hang.nc"
expect_err "could not be read within 1 s" "HDF5 hang bounded"

# In a collection, ingest's reader processes are the files' probes (ingest_workers.h): the file HDF5
# hangs on is named within the same limit, and nothing is left behind.
mkdir -p "$WORK/hang"
cp "$TEST_DATA/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc" "$WORK/hang/"
cp "$TEST_DATA/bad/hdf5_hang.nc" "$WORK/hang/hang_20160608.nc"
DRYTEX_OPEN_TIMEOUT=1 run ingest -j 2 -o "$WORK/hang.nc" "$WORK/hang"/*.nc
expect_status 1 "ingest of a collection with a file HDF5 hangs on"
expect_err "hang_20160608.nc: corrupt netCDF-4/HDF5 file: not read within 1 s" "ingest names the file it hung on"
expect_one_line_error "ingest hang"
[ ! -e "$WORK/hang.nc" ] && [ ! -e "$WORK/hang.nc.partial" ] && pass || fail "ingest hang: a cube or partial was left"

# calibrate: thresholds and textures outside physics are refused, naming the file and the cell.
# thresholds CDL: a 2 × 2 lat/lon grid; THETA_W/THETA_C/SAND are substituted per case
thresholds_cdl() {
    cat <<CDL
netcdf thresholds {
dimensions: lat = 2 ; lon = 2 ;
variables:
  double lat(lat) ; lat:units = "degrees_north" ;
  double lon(lon) ; lon:units = "degrees_east" ;
  float theta_w(lat, lon) ; theta_w:units = "m3 m-3" ; theta_w:_FillValue = -9999.f ;
  float theta_c(lat, lon) ; theta_c:units = "m3 m-3" ; theta_c:_FillValue = -9999.f ;
  float sand(lat, lon) ; sand:units = "%" ; sand:_FillValue = -9999.f ;
  float clay(lat, lon) ; clay:units = "%" ; clay:_FillValue = -9999.f ;
data:
  lat = 35.0, 35.5 ; lon = 100.0, 100.5 ;
  theta_w = 0.08, 0.1, 0.1, $1 ;
  theta_c = 0.25, 0.3, 0.3, $2 ;
  sand = 40, 40, 40, $3 ;
  clay = 20, 20, 20, 20 ;
}
CDL
}
calibrate_case() { # NAME THETA_W THETA_C SAND EXPECTED-MESSAGE
    thresholds_cdl "$2" "$3" "$4" >"$WORK/thr.cdl"
    "$NCGEN" -o "$WORK/thr.nc" "$WORK/thr.cdl" || fail "ncgen $1"
    run calibrate --thresholds "$WORK/thr.nc" --soil "$WORK/thr.nc" --ptf ch78 --evaluations 200 -o "$WORK/cal.nc"
    expect_status "${6:-1}" "calibrate $1"
    [ -n "$5" ] && expect_err "$5" "calibrate $1 message"
    [ "${6:-1}" = 1 ] && expect_one_line_error "calibrate $1"
}
calibrate_case "θw above 1" 1.56 1.8 40 "thr.nc: cell row 1, col 1: thresholds θw 1.56, θc 1.8 are outside physics"
calibrate_case "θw negative" -0.43 0.2 40 "thr.nc: cell row 1, col 1: thresholds θw -0.43, θc 0.2 are outside physics"
calibrate_case "θw above θc" 0.3 0.2 40 "cell row 1, col 1: thresholds θw 0.3, θc 0.2 are outside physics (θw not below θc)"
calibrate_case "θc infinite" 0.1 1e39 40 "cell row 1, col 1: thresholds"
calibrate_case "sand 150" 0.1 0.3 150 "cell row 1, col 1: baseline sand 150 %w is outside physics"
calibrate_case "within physics" 0.1 0.3 40 "" 0
if [ -f "$WORK/cal.nc" ]; then
    "$NCTOOL" stats "$WORK/cal.nc" cost >"$WORK/cost" && grep -q "^valid 4 " "$WORK/cost" && pass || fail "calibrate costs: $(cat "$WORK/cost")"
fi

# A sub-daily cube is averaged to days, and said so; a repeated time step is refused (the later
# one used to win in silence).
cube_cdl() { # TIME-VALUES
    cat <<CDL
netcdf hourly {
dimensions: time = 4 ; lat = 2 ; lon = 2 ;
variables:
  double time(time) ; time:units = "hours since 2015-06-01 00:00" ;
  double lat(lat) ; lat:units = "degrees_north" ;
  double lon(lon) ; lon:units = "degrees_east" ;
  float sm(time, lat, lon) ; sm:units = "m3 m-3" ;
data:
  time = $1 ; lat = 35.0, 35.5 ; lon = 100.0, 100.5 ;
  sm = 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2 ;
}
CDL
}
cube_cdl "0, 1, 2, 24" >"$WORK/hourly.cdl" && "$NCGEN" -o "$WORK/hourly.nc" "$WORK/hourly.cdl" || fail "ncgen hourly"
run cell --sm "$WORK/hourly.nc" --cell 0,0
expect_status 0 "cell on a sub-daily cube"
expect_err "hourly.nc: sm: a sub-daily series (up to 3 steps a day, 2 sharing a day with another): each day is the mean of its steps" "sub-daily said"
run info "$WORK/hourly.nc"
expect_out "sub-daily (up to 3 steps a day" "info says sub-daily"
cube_cdl "0, 1, 1, 24" >"$WORK/repeat.cdl" && "$NCGEN" -o "$WORK/repeat.nc" "$WORK/repeat.cdl" || fail "ncgen repeat"
for command in "cell --cell 0,0 --sm" "drydowns -o $WORK/thresholds.nc --sm" "ingest -o $WORK/cube.nc"; do
    check "$command repeated step" "repeat.nc: time: step 2 repeats step 1 (1 hours since 2015-06-01 00:00)" $command "$WORK/repeat.nc"
done
run info "$WORK/repeat.nc"
expect_out "1 repeated time value (refused when read)" "info shows the repeated step"

# column --fluxes: a number is not enough, it must be a flux or a water content.
for value in 1e300 -1e300 0.5 nan inf; do
    printf 'time,qinsur,qseva,etrani1\n0,%s,0,0\n' "$value" >"$WORK/fluxes.csv"
    run column --fluxes "$WORK/fluxes.csv" --ptf sr06 --sand 40 --clay 20
    expect_status 1 "column qinsur $value"
    expect_err "fluxes.csv: line 2: qinsur" "column qinsur $value names the line and column"
    expect_one_line_error "column qinsur $value"
done
printf 'time,qinsur,qseva,etrani1,soil_w1,soil_w2,soil_w3,soil_w4\n0,0,0,0,1.56,0.2,0.2,0.2\n' >"$WORK/fluxes.csv"
run column --fluxes "$WORK/fluxes.csv" --ptf sr06 --sand 40 --clay 20
expect_err "soil_w1 1.56 is outside physics" "column initial water content above 1"
printf 'time,qinsur,qseva,etrani1\n0,1e-5,-1e-7,2e-8\n1,0,0,0\n' >"$WORK/fluxes.csv"
run column --fluxes "$WORK/fluxes.csv" --ptf sr06 --sand 40 --clay 20
expect_status 0 "column with real fluxes"

# ptf: a UTF-8 BOM is not part of the header; a NUL byte does not cut a line short unnoticed; a
# bad line is quoted with its control bytes escaped, never sent raw to the terminal.
printf '\357\273\277sand,clay,soc\n40,20,1\n' | "$DRYTEX" ptf >"$WORK/stdout" 2>"$WORK/stderr"
status=$?; err=$(cat "$WORK/stderr"); out=$(cat "$WORK/stdout")
expect_status 0 "ptf after a BOM"
expect_out "40,20,1,loam," "ptf after a BOM reads the first row"
printf 'sand,clay\n40,20\000,99\n' | "$DRYTEX" ptf >"$WORK/stdout" 2>"$WORK/stderr"
status=$?; err=$(cat "$WORK/stderr")
expect_status 1 "ptf NUL byte"
expect_err "line 2: '40,20\x00,99' holds a NUL byte" "ptf NUL byte message"
printf 'sand,clay\n30,\033[31mred\n' | "$DRYTEX" ptf >"$WORK/stdout" 2>"$WORK/stderr"
status=$?; err=$(cat "$WORK/stderr")
expect_status 1 "ptf escape byte"
expect_err "line 2: '30,\x1b[31mred' is not" "ptf escape shown escaped"
if grep -q "$(printf '\033')" "$WORK/stderr"; then fail "ptf echoed a raw ESC"; else pass; fi

# A classic file whose header and data are whole still opens (the checks refuse no valid file):
# every fixture as classic, 64-bit offset and CDF-5, with and without a record dimension.
for kind in classic 64-bit-offset cdf5; do
    for cdl in esacci_sm.cdl hwsd_T_SAND.cdl gsde_OC1.cdl ease2_m36_cube.cdl; do
        f=$(fixture "$cdl" "$kind" "$kind-$cdl.nc")
        run info "$f"
        expect_status 0 "$kind $cdl opens"
    done
done
finish
