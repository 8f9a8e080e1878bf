#!/bin/sh
# drytex ingest: daily ESA CCI-like files (dated by name, one day missing) → one cube whose
# per-cell series hold the right values on a contiguous daily axis.
. "$TEST_LIB"

make_day() { # make_day YYYYMMDD EPOCH_DAY FIRST_VALUE
    sed -e "s/time = 16436 ;/time = $2 ;/" -e "s/ sm = 0.1, / sm = $3, /" "$TEST_DATA/esacci_sm.cdl" >"$WORK/day.cdl"
    "$NCGEN" -k nc4 -o "$WORK/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-${1}000000-fv08.1.nc" "$WORK/day.cdl"
}
make_day 20150101 16436 0.31
make_day 20150102 16437 0.32
make_day 20150104 16439 0.34

run ingest -o "$WORK/cube.nc" "$WORK"/ESACCI-*.nc
expect_status 0 "ingest three daily files"
expect_err "wrote $WORK/cube.nc: 4 days, 4 × 6 cells" "ingest summary"
[ ! -e "$WORK/cube.nc.partial" ] && pass || fail "ingest left the partial file"

run info "$WORK/cube.nc"
expect_status 0 "info on the cube"
expect_out "4 steps, 2015-01-01 … 2015-01-04, daily" "cube time axis"
expect_out "grid: regular lat/lon 0.25° × 0.25°, 4 × 6" "cube grid"
expect_out "north→south" "cube keeps the orientation"

# Cell (0, 0) over the four days: 0.31, 0.32, missing (no file), 0.34.
series=$(ncdump -v sm "$WORK/cube.nc" | sed -n '/^ sm =/,/;/p' | tr -d ' \n' | sed 's/sm=//; s/;//')
first_cells=$(printf '%s' "$series" | awk -F, '{print $1, $25, $49, $73}')
[ "$first_cells" = "0.31 0.32 _ 0.34" ] && pass || fail "cube cell (0,0) series is '$first_cells'"
chunks=$(ncdump -hs "$WORK/cube.nc" | grep 'sm:_ChunkSizes' | tr -d ' \t;')
[ "$chunks" = "sm:_ChunkSizes=4,4,4" ] && pass || fail "cube chunking is '$chunks'"

# A file whose name and time variable disagree is refused, naming the file.
sed -e "s/time = 16436 ;/time = 16500 ;/" "$TEST_DATA/esacci_sm.cdl" >"$WORK/day.cdl"
mkdir "$WORK/bad"
"$NCGEN" -k nc4 -o "$WORK/bad/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20150105000000-fv08.1.nc" "$WORK/day.cdl"
cp "$WORK"/ESACCI-*20150101*.nc "$WORK/bad/"
run ingest -o "$WORK/bad.nc" "$WORK/bad"/*.nc
expect_status 1 "name and time disagree"
expect_err "20150105000000-fv08.1.nc: the file name says 2015-01-05, the time variable 2015-03-06" "date conflict message"

# A cube re-ingested (one file, many days) gives the same series.
run ingest -o "$WORK/cube2.nc" "$WORK/cube.nc"
expect_status 0 "re-ingest a cube"
series2=$(ncdump -v sm "$WORK/cube2.nc" | sed -n '/^ sm =/,/;/p' | tr -d ' \n' | sed 's/sm=//; s/;//')
[ "$series" = "$series2" ] && pass || fail "re-ingested cube differs"

finish
