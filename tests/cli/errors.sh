#!/bin/sh
# Every bad input gets one clear line naming the file (and variable), a runtime exit status, no crash.
. "$TEST_LIB"

run info "$WORK/does-not-exist.nc"
expect_status 1 "missing file"
expect_err "does-not-exist.nc: cannot open: No such file or directory" "missing file message"
expect_one_line_error "missing file"

printf 'this is not netCDF\n' >"$WORK/text.nc"
run info "$WORK/text.nc"
expect_status 1 "not netCDF"
expect_err "text.nc: not a netCDF or HDF5 file" "not netCDF message"
expect_one_line_error "not netCDF"

esa=$(fixture esacci_sm.cdl nc4 esa4.nc)
size=$(wc -c <"$esa")
head -c $((size / 2)) "$esa" >"$WORK/truncated.nc"
run info "$WORK/truncated.nc"
expect_status 1 "truncated file"
expect_err "truncated.nc: " "truncated file names the file"
expect_one_line_error "truncated file"

run info --variable no_such_var "$esa"
expect_status 1 "absent variable"
expect_err "esa4.nc: no_such_var: no such variable" "absent variable message"

nocoord=$(fixture no_coordinates.cdl)
run info --variable sm "$nocoord"
expect_status 1 "no coordinates"
expect_err "no_coordinates.nc: sm: no usable coordinates" "no coordinates message"
expect_one_line_error "no coordinates"

badtime=$(fixture bad_time_units.cdl)
run info --variable sm "$badtime"
expect_status 1 "bad time units"
expect_err "bad_time_units.nc" "bad time units names the file"
expect_err "fortnights since 2000-01-01" "bad time units names the units"
expect_one_line_error "bad time units"

allfill=$(fixture all_fill.cdl)
run ingest -o "$WORK/cube.nc" "$allfill"
expect_status 1 "all-fill ingest"
expect_err "all_fill.nc: sm: every value is missing" "all-fill message"
[ ! -e "$WORK/cube.nc" ] && [ ! -e "$WORK/cube.nc.partial" ] && pass || fail "all-fill ingest left a file behind"

run ingest -o "$WORK/no/such/dir/cube.nc" "$esa"
expect_status 1 "unwritable output"
expect_err "cube.nc.partial" "unwritable output names the file"

# An output that is an input is refused before anything is written: the input survives.
before=$(cksum <"$esa")
run drydowns --sm "$esa" -o "$WORK/../$(basename "$WORK")/esa4.nc"
expect_status 2 "drydowns output = input"
expect_err "is the same file as --sm" "drydowns output = input message"
run drydowns --sm "$esa" -o "$WORK/thr.nc" --events "$esa"
expect_status 2 "drydowns events = input"
run drydowns --sm "$esa" -o "$WORK/thr.nc" --events "$WORK/thr.nc.partial"
expect_status 2 "drydowns events = output.partial"
expect_err "--output $WORK/thr.nc is the same file as --events" "drydowns events = output message"
run ingest -o "$esa" "$esa"
expect_status 2 "ingest output = input"
run calibrate --thresholds "$esa" --soil "$esa" -o "$esa"
expect_status 2 "calibrate output = input"
run simulate --forcing "$esa" --soil "$WORK/soil.nc" -o "$esa"
expect_status 2 "simulate output = input"
[ "$(cksum <"$esa")" = "$before" ] && pass || fail "an output = input run changed the input"
[ ! -e "$WORK/thr.nc" ] && [ ! -e "$WORK/thr.nc.partial" ] && pass || fail "an output = input run left a file behind"

run info
expect_status 2 "info without a file"
run frobnicate
expect_status 2 "unknown command"
run info --layer zero "$esa"
expect_status 2 "bad option value"
expect_err "--layer: 'zero'" "bad option value message"

# An output that cannot become a regular file is refused up front: a directory made the finished
# job fail at the rename (w.tmp and w.partial left behind), and a device (as root) was replaced.
mkdir "$WORK/outdir"
run drydowns --sm "$esa" -o "$WORK/outdir"
expect_status 2 "drydowns output is a directory"
expect_err "--output $WORK/outdir: is a directory" "output directory message"
[ ! -e "$WORK/outdir.tmp" ] && [ ! -e "$WORK/outdir.partial" ] && pass || fail "output directory left a file behind"
run ingest -o "" "$esa"
expect_status 2 "empty output name"
expect_err "--output: the file name is empty" "empty output name message"
run calibrate --thresholds "$esa" --soil "$esa" -o /dev/null
expect_status 2 "output is a device"
expect_err "exists and is not a regular file" "output device message"
[ -c /dev/null ] && pass || fail "/dev/null is no longer a device"

# A time step at 9e9 days is a bad value, not a 25-million-year series: it was reported as "out of
# memory (asked for 2303995792640 bytes)" by drydowns and as "Bad chunk sizes" by ingest.
cat >"$WORK/far_step.cdl" <<'EOF'
netcdf far_step {
dimensions: time = 3 ; lat = 2 ; lon = 2 ;
variables:
	float lat(lat) ; lat:units = "degrees_north" ;
	float lon(lon) ; lon:units = "degrees_east" ;
	double time(time) ; time:units = "days since 1970-01-01" ;
	float sm(time, lat, lon) ; sm:units = "m3 m-3" ; sm:_FillValue = -9999.f ;
data:
 lat = 35.125, 34.875 ; lon = 100.125, 100.375 ; time = 16436, 16437, 9e9 ;
 sm = 0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4 ;
}
EOF
"$NCGEN" -o "$WORK/far_step.nc" "$WORK/far_step.cdl" || { echo "FAIL: ncgen far_step" >&2; exit 99; }
for command in drydowns ingest; do
    if [ $command = drydowns ]; then run drydowns --sm "$WORK/far_step.nc" -o "$WORK/far.nc"; else run ingest -o "$WORK/far.nc" "$WORK/far_step.nc"; fi
    expect_status 1 "$command far time step"
    expect_err "far_step.nc: time: the steps span 2015-01-01 … " "$command far time step message"
    expect_one_line_error "$command far time step"
done
[ ! -e "$WORK/far.nc" ] && [ ! -e "$WORK/far.nc.partial" ] && pass || fail "a far time step left a file behind"

# Daily netCDF-4 files are read in the job's worker threads: HDF5's own error stacks (netCDF probes
# attributes that are absent) were printed there as dozens of HDF5-DIAG lines per file.
run drydowns --sm "$esa" -o "$WORK/daily_thr.nc" -j 2
expect_status 0 "drydowns on a daily netCDF-4 file"
[ "$(printf '%s\n' "$err" | grep -v '^  soil moisture: 0 values outside')" = "drytex: wrote $WORK/daily_thr.nc" ] && pass ||
    fail "drydowns on a daily file printed more than its summary: $(printf '%s' "$err" | head -3)"

# A date that is not in the calendar is refused, not rolled over (2011-02-30 ran as 2011-03-02).
run simulate --forcing "$esa" --soil "$esa" -o "$WORK/compare.nc" --start 2011-02-30
expect_status 2 "simulate --start 2011-02-30"
expect_err "--start: '2011-02-30' is not YYYY-MM-DD" "simulate --start 2011-02-30 message"

# column --fluxes: a row shorter than the header crashed (soil_w read past the last field, SIGSEGV),
# and a field that is not a number was read as 0.
header=time,qinsur,qseva,etrani1,etrani2,etrani3,etrani4,soil_w1,soil_w2,soil_w3,soil_w4
printf '%s\n1998-05-01_00:00:00,0,3e-09,5e-11\n' "$header" >"$WORK/short_row.csv"
run column --fluxes "$WORK/short_row.csv" --ptf sr06 --sand 85 --clay 5
expect_status 1 "column short row"
expect_err "short_row.csv: line 2: too few fields (no etrani2)" "column short row message"
printf '%s\n1998-05-01_00:00:00,abc,0,0,0,0,0,0.2,0.2,0.2,0.2\n' "$header" >"$WORK/text_field.csv"
run column --fluxes "$WORK/text_field.csv" --ptf sr06 --sand 85 --clay 5
expect_status 1 "column text field"
expect_err "text_field.csv: line 2: qinsur 'abc' is not a number" "column text field message"
# … and a row longer than the line buffer was split, its rest read as a row of its own.
{ printf '%s\n' "$header"; printf '1998-05-01_00:00:00,0,0,0,0,0,0,0.2,0.2,0.2,0.2'; head -c 5000 /dev/zero | tr '\0' ' '; printf '\n'; } >"$WORK/long_row.csv"
run column --fluxes "$WORK/long_row.csv" --ptf sr06 --sand 85 --clay 5
expect_status 1 "column long row"
expect_err "long_row.csv: line 2: longer than 4094 characters" "column long row message"

# nan and inf pass every "< 0" or "> 1" range check; they are refused as numbers.
run calibrate --thresholds "$esa" --soil "$esa" -o "$WORK/opt.nc" --cost regularised --lambda nan
expect_status 2 "--lambda nan"
expect_err "--lambda: 'nan'" "--lambda nan message"
run simulate --forcing "$esa" --soil "$esa" -o "$WORK/compare.nc" --veg-fraction nan
expect_status 2 "--veg-fraction nan"
run cell --sm "$esa" --lat nan --lon 10
expect_status 2 "--lat nan"
expect_err "--lat: 'nan'" "--lat nan message"
run ptf --om-factor inf </dev/null
expect_status 2 "--om-factor inf"
expect_err "--om-factor: 'inf'" "--om-factor inf message"
run drydowns --sm "$esa" -o "$WORK/thr.nc" --r2-min -inf
expect_status 2 "--r2-min -inf"
expect_err "--r2-min: '-inf'" "a rule's error names the rule"
run cell --sm "$esa" --cell 99999999999999999999,0
expect_status 2 "--cell out of range"
expect_err "--cell: '99999999999999999999,0' is not ROW,COL" "--cell out of range message"
[ ! -e "$WORK/opt.nc" ] && [ ! -e "$WORK/compare.nc" ] && [ ! -e "$WORK/thr.nc" ] && pass || fail "a nan option left a file behind"

# A line longer than any buffer is one line: its end is not parsed as a line of its own, its start
# not as a shorter number (1016 spaces then 40,20,15 once gave a row for SOC 1 and an error of line 2).
awk 'BEGIN { s = sprintf("%1016s", ""); print s "40,20,15"; print "40,20,1.5," s "7" }' >"$WORK/long.csv"
"$DRYTEX" ptf --ptf sr06-noahmp <"$WORK/long.csv" >"$WORK/stdout" 2>"$WORK/stderr"
status=$? out=$(cat "$WORK/stdout") err=$(cat "$WORK/stderr")
expect_status 1 "ptf long lines"
expect_out "40,20,15," "ptf long line read whole"
expect_err "line 2: '40,20,1.5," "ptf long bad line numbered as one line"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && pass ||
    fail "ptf long lines: expected one row and one error (stdout: $out; stderr: $err)"

# Output that does not reach stdout (a full disk) is a failure, not exit 0.
if [ -w /dev/full ]; then
    echo 40,20,1 | "$DRYTEX" ptf >/dev/full 2>"$WORK/stderr"
    status=$?
    err=$(cat "$WORK/stderr")
    expect_status 1 "ptf to a full disk"
    expect_err "drytex: stdout: write failed" "ptf to a full disk message"
    "$DRYTEX" info "$esa" >/dev/full 2>/dev/null
    status=$? err=
    expect_status 1 "info to a full disk"
fi

finish
