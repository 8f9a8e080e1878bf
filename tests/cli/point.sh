#!/bin/sh
# A point series (one station, a 1 × 1 grid) is analysed like any cell: drydowns writes its
# thresholds, cell needs no --lat/--lon/--cell for it, and --lat/--lon near the point find it.
. "$TEST_LIB"

# 400 days of drydowns every 30 days from 0.38 towards 0.08 m3 m-3 (τ 8 d), a gap every 7th day.
awk_point() {
    awk 'BEGIN {
        n = 400
        printf "netcdf point {\ndimensions:\n\ttime = %d ;\n\tlat = 1 ;\n\tlon = 1 ;\nvariables:\n", n
        printf "\tdouble time(time) ;\n\t\ttime:units = \"days since 2015-01-01\" ;\n"
        printf "\tfloat lat(lat) ;\n\t\tlat:units = \"degrees_north\" ;\n\tfloat lon(lon) ;\n\t\tlon:units = \"degrees_east\" ;\n"
        printf "\tfloat sm(time, lat, lon) ;\n\t\tsm:units = \"m3 m-3\" ;\n\t\tsm:_FillValue = -9999.f ;\ndata:\n time = 0"
        for (d = 1; d < n; d++) printf ", %d", d
        printf " ;\n lat = 36.6 ;\n lon = -97.5 ;\n sm = "
        for (d = 0; d < n; d++) {
            theta = (d % 30 == 0) ? 0.38 : 0.08 + (theta - 0.08) * exp(-1 / 8.0)
            v = theta + 0.002 * ((d * 7) % 5 - 2) / 2
            printf "%s%s", d ? ", " : "", (d % 7 == 3) ? "_" : sprintf("%.4f", v)
        }
        printf " ;\n}\n"
    }'
}
awk_point >"$WORK/point.cdl"
"$NCGEN" -o "$WORK/point.nc" "$WORK/point.cdl" || { echo "FAIL: ncgen point" >&2; exit 99; }

run info "$WORK/point.nc"
expect_status 0 "info point"
expect_out "1 × 1" "info point grid"

run drydowns --sm "$WORK/point.nc" -o "$WORK/thresholds.nc"
expect_status 0 "drydowns on a 1 × 1 grid"
theta_w=$(ncdump -v theta_w "$WORK/thresholds.nc" | sed -n '/^ theta_w =/,/;/p' | tr -d ' ;\n' | sed 's/theta_w=//')
awk -v w="$theta_w" 'BEGIN { exit !(w > 0.075 && w < 0.085) }' && pass || fail "point θw $theta_w, expected 0.08"

run cell --sm "$WORK/point.nc"
expect_status 0 "cell on a point series without a location"
expect_out "cell row 0, col 0 at 36.6000°N, 97.5000°W" "cell point location"
expect_out "pooled decay: identified: the soil dried down to θw 0.080" "cell point θw (the default estimator; the truth is 0.08)"
run cell --sm "$WORK/point.nc" --lat 36.62 --lon -97.45
expect_status 0 "cell on a point series by coordinates"

# `drytex cell DIR` takes a data-set directory laid out like the demo, as the explorer does:
# DIR/sm_cube.nc and DIR/soil/SAND1.nc, CLAY1.nc, OC1.nc.
mkdir -p "$WORK/dataset/soil"
cp "$WORK/point.nc" "$WORK/dataset/sm_cube.nc"
for field in SAND:42 CLAY:18 OC:1.5; do
    name=${field%%:*} value=${field#*:}
    cat >"$WORK/soil.cdl" <<CDL
netcdf soil {
dimensions:
	lat = 2 ;
	lon = 2 ;
variables:
	double lat(lat) ;
		lat:units = "degrees_north" ;
	double lon(lon) ;
		lon:units = "degrees_east" ;
	float $name(lat, lon) ;
		$name:units = "% of weight" ;
data:
 lat = 36.625, 36.575 ;
 lon = -97.525, -97.475 ;
 $name = $value, $value, $value, $value ;
}
CDL
    "$NCGEN" -o "$WORK/dataset/soil/${name}1.nc" "$WORK/soil.cdl" || { echo "FAIL: ncgen soil" >&2; exit 99; }
done
run cell "$WORK/dataset" -e 100 --events 0
expect_status 0 "cell DIR"
expect_out "pooled decay: identified: the soil dried down to θw 0.080" "cell DIR: the directory's cube"
expect_out "baseline    42.0   18.0   1.50" "cell DIR: the directory's soil"
run cell "$WORK/dataset" --sand 70 --clay 10 -e 100 --events 0
expect_out "baseline    70.0   10.0" "cell DIR --sand/--clay override the directory's soil"

finish
