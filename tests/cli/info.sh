#!/bin/sh
# drytex info on real product layouts: ESA CCI SM, SMAP L3 (HDF5 groups), an EASE2 M36 cube,
# HWSD v1.2 and GSDE with layers.
. "$TEST_LIB"

esa=$(fixture esacci_sm.cdl "" ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20150101000000-fv08.1.nc)
run info "$esa"
expect_status 0 "info ESA CCI"
expect_out "variable sm: float(time, lat, lon), units \"m3 m-3\", fill -9999" "ESA CCI sm"
expect_out "grid: regular lat/lon 0.25° × 0.25°, 4 × 6" "ESA CCI grid"
expect_out "north→south" "ESA CCI orientation"
expect_out "crs: EPSG:4326" "ESA CCI crs"
expect_out "time: 1 step, 2015-01-01" "ESA CCI time"
expect_out "values: 19 of 24 cells valid in the first map, range 0.09 … 0.27" "ESA CCI values (fill and valid_range)"

smap=$(fixture smap_l3.cdl nc4 SMAP_L3_SM_P_20150401_R18290_001.h5)
run info --variable Soil_Moisture_Retrieval_Data_AM/soil_moisture "$smap"
expect_status 0 "info SMAP"
expect_out "EASE-Grid 2.0 M36" "SMAP grid"
expect_out "406 × 964" "SMAP shape"
expect_out "crs: EPSG:6933" "SMAP crs"
expect_out "2015-04-01 (date from the file name)" "SMAP date"
expect_out "values: 3 of 391384 cells valid in the first map, range 0.21 … 0.25" "SMAP values (valid_min/max)"

ease=$(fixture ease2_m36_cube.cdl nc4)
run info "$ease"
expect_status 0 "info EASE2 cube"
expect_out "EASE-Grid 2.0 M36" "EASE2 cube grid"
expect_out "3 × 4" "EASE2 cube subset shape"
expect_out "3 steps, 2015-04-01 … 2015-04-03, daily (hours since 2015-04-01 00:00:00, proleptic_gregorian)" "EASE2 cube time"
expect_out "scale_factor 0.0001" "EASE2 cube packing"
expect_out "values: 12 of 12 cells valid in the first map, range 0.1 … 0.21" "EASE2 cube unpacked values"

hwsd=$(fixture hwsd_T_SAND.cdl nc4 T_SAND.nc4)
run info "$hwsd"
expect_status 0 "info HWSD"
expect_out "variable T_SAND: double(lat, lon), units \"% wt\", fill -1" "HWSD variable"
expect_out "0.05° × 0.05°, 4 × 5" "HWSD grid"
expect_out "south→north" "HWSD latitude ascending"
expect_out "values: 17 of 20 cells valid in the first map, range 40 … 74" "HWSD values"

gsde=$(fixture gsde_SAND1.cdl nc4 SAND1.nc)
run info --layer 2 "$gsde"
expect_status 0 "info GSDE"
expect_out "layers: 4 along 'depth' (reading layer 2)" "GSDE layers"
expect_out "values: 11 of 12 cells valid in the first map, range 20 … 30" "GSDE layer 2 values"

oc=$(fixture gsde_OC1.cdl nc4 OC1.nc)
run info "$oc"
expect_out "read ×0.01 (units say so)" "GSDE OC scaling"
expect_out "range 1.5 … 2.5" "GSDE OC in percent"

finish
