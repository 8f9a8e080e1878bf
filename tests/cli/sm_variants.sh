#!/bin/sh
# Soil-moisture products as published, beyond the real files given: which variable is the soil
# moisture (never t0, a flag or an error), the quality flag, units (percent of saturation, not
# soil moisture at all), and the refusals: one line, exit 1, nothing written.
. "$TEST_LIB"

# v09-like: t0 first; a value flagged 1 (frozen) is masked unless --keep-flagged.
v09=$(fixture esacci_v09.cdl nc4 ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20200101000000-fv09.1.nc)
run info "$v09"
expect_out 'soil moisture: sm, units "m3 m-3": volumetric' "v09: sm chosen, not t0"
expect_out "values: 19 of 24 cells valid in the first map, range 0.09 … 0.27" "v09: the flagged value masked"
expect_out "flagged: 1 more cells hold a value the quality flag 'flag' marks" "v09: info says what the flag masked"
run info --keep-flagged --variable sm "$v09"
expect_out "values: 20 of 24 cells valid in the first map, range 0.05 … 0.27" "v09: --keep-flagged keeps it"
run ingest -o "$WORK/v09.nc" "$v09"
expect_status 0 "ingest v09"
ncdump -v sm "$WORK/v09.nc" | grep -q "0.05," && fail "ingest v09: the flagged value was written" || pass
run ingest --keep-flagged -o "$WORK/v09k.nc" "$v09"
ncdump -v sm "$WORK/v09k.nc" | grep -q "0.05," && pass || fail "ingest --keep-flagged v09: the flagged value is missing"

# SMAP L3 with the PM group alone: soil_moisture_pm, not its error, flag, latitude or temperature.
pm=$(fixture smap_l3_pm.cdl nc4 SMAP_L3_SM_P_20150401_R18290_001.h5)
run info "$pm"
expect_out "soil moisture: Soil_Moisture_Retrieval_Data_PM/soil_moisture_pm" "SMAP PM: soil_moisture_pm chosen"
expect_out "values: 2 of 391384 cells valid in the first map, range 0.31 … 0.35" "SMAP PM: valid range and quality flag"
expect_out "flagged: 1 more cells hold a value the quality flag 'Soil_Moisture_Retrieval_Data_PM/retrieval_qual_flag_pm' marks" "SMAP PM: retrieval_qual_flag bit 0 masks"
run ingest -o "$WORK/pm.nc" "$pm"
expect_status 0 "ingest SMAP PM"
ncdump -h "$WORK/pm.nc" | grep -q "float soil_moisture_pm(time, y, x)" && pass || fail "ingest SMAP PM: no soil_moisture_pm in the cube"

# SMAP L3 with both groups: AM or PM is the user's choice.
smap=$(fixture smap_l3.cdl nc4 SMAP_L3_SM_P_20150402_R18290_001.h5)
run ingest -o "$WORK/smap.nc" "$smap"
expect_status 1 "SMAP AM+PM refused"
expect_one_line_error "SMAP AM+PM"
expect_err "Soil_Moisture_Retrieval_Data_AM/soil_moisture (cm**3/cm**3), Soil_Moisture_Retrieval_Data_PM/soil_moisture_pm" "SMAP candidates listed"
expect_err "give one with --variable" "SMAP: --variable picks"
[ ! -e "$WORK/smap.nc" ] && [ ! -e "$WORK/smap.nc.partial" ] && pass || fail "SMAP AM+PM: a file was written"
run ingest --variable Soil_Moisture_Retrieval_Data_AM/soil_moisture -o "$WORK/smap.nc" "$smap"
expect_status 0 "SMAP --variable picks AM"

# An ambiguous file.
amb=$(fixture ambiguous_sm.cdl)
for cmd in ingest drydowns; do
    run $cmd -o "$WORK/amb.nc" "$amb"
    expect_status 1 "$cmd ambiguous"
    expect_one_line_error "$cmd ambiguous"
    expect_err "not certain which variable is the soil moisture: theta_top (m3 m-3), theta_root (m3 m-3)" "$cmd ambiguous candidates"
    [ ! -e "$WORK/amb.nc" ] && [ ! -e "$WORK/amb.nc.partial" ] && pass || fail "$cmd ambiguous: a file was written"
done
run cell --sm "$amb" --cell 0,0
expect_status 1 "cell ambiguous"
expect_one_line_error "cell ambiguous"

# Percent of saturation (ESA CCI ACTIVE): shown and ingested as it is; drydowns and cell refuse it
# unless a porosity is given.
active=$(fixture esacci_active.cdl nc4 ESACCI-SOILMOISTURE-L3S-SSMS-ACTIVE-20200101000000-fv04.7.nc)
run info "$active"
expect_out 'soil moisture: sm, units "percent of saturation": degree of saturation, not volumetric' "ACTIVE units shown"
run ingest -o "$WORK/active.nc" "$active"
expect_status 0 "ingest ACTIVE"
ncdump -h "$WORK/active.nc" | grep -q 'sm:units = "percent of saturation"' && pass || fail "ingest ACTIVE: units not kept"
run drydowns --sm "$active" -o "$WORK/active_t.nc"
expect_status 1 "drydowns ACTIVE refused"
expect_one_line_error "drydowns ACTIVE"
expect_err "units 'percent of saturation' are a degree of saturation, not a volumetric water content" "drydowns ACTIVE says why"
expect_err "--porosity" "drydowns ACTIVE says how"
[ ! -e "$WORK/active_t.nc" ] && [ ! -e "$WORK/active_t.nc.partial" ] && pass || fail "drydowns ACTIVE: a file was written"
run cell --sm "$active" --cell 0,0
expect_status 1 "cell ACTIVE refused"
expect_one_line_error "cell ACTIVE"
run drydowns --sm "$active" --porosity 0.45 -o "$WORK/active_t.nc"
expect_status 0 "drydowns ACTIVE --porosity"
ncdump -v mean_sm "$WORK/active_t.nc" | grep -q "0.045, 0.054" && pass || fail "ACTIVE --porosity 0.45: 10 % of saturation is not 0.045 m3 m-3"
# --porosity FILE: a porosity map (here in %, on the product's grid; 50 % in the second cell).
cat >"$WORK/porosity.cdl" <<'CDL'
netcdf porosity {
dimensions:
	lat = 4 ;
	lon = 6 ;
variables:
	float lat(lat) ;
		lat:units = "degrees_north" ;
	float lon(lon) ;
		lon:units = "degrees_east" ;
	float porosity(lat, lon) ;
		porosity:units = "%" ;
data:
 lat = 36.125, 35.875, 35.625, 35.375 ;
 lon = 100.125, 100.375, 100.625, 100.875, 101.125, 101.375 ;
 porosity = 45, 50, 45, 45, 45, 45, 45, 45, 45, 45, 45, 45,
            45, 45, 45, 45, 45, 45, 45, 45, 45, 45, 45, 45 ;
}
CDL
"$NCGEN" -o "$WORK/porosity.nc" "$WORK/porosity.cdl" || { echo "FAIL: ncgen porosity" >&2; exit 99; }
run drydowns --sm "$active" --porosity "$WORK/porosity.nc" -o "$WORK/active_map.nc"
expect_status 0 "drydowns ACTIVE --porosity FILE"
ncdump -v mean_sm "$WORK/active_map.nc" | grep -q "0.045, 0.06," && pass || fail "ACTIVE --porosity FILE: 10 % × 0.45 and 12 % × 0.50 expected (0.045, 0.06)"
run drydowns --sm "$active" --porosity "$WORK/no_such_map.nc" -o "$WORK/active_none.nc"
expect_status 1 "--porosity: a missing map"
expect_one_line_error "--porosity: a missing map"

# Not soil moisture at all.
t2m=$(fixture not_sm.cdl)
for cmd in ingest drydowns; do
    run $cmd -o "$WORK/t2m.nc" "$t2m"
    expect_status 1 "$cmd not soil moisture"
    expect_one_line_error "$cmd not soil moisture"
    expect_err "t2m: units 'K' are not a soil-moisture content" "$cmd names the units"
    [ ! -e "$WORK/t2m.nc" ] && [ ! -e "$WORK/t2m.nc.partial" ] && pass || fail "$cmd not soil moisture: a file was written"
done

# Volumetric percent is read ÷ 100 and written as m3 m-3.
cat >"$WORK/percent.cdl" <<'CDL'
netcdf percent {
dimensions:
	time = 1 ;
	lat = 1 ;
	lon = 2 ;
variables:
	double time(time) ;
		time:units = "days since 2015-04-01" ;
	float lat(lat) ;
		lat:units = "degrees_north" ;
	float lon(lon) ;
		lon:units = "degrees_east" ;
	float vwc(time, lat, lon) ;
		vwc:units = "%" ;
		vwc:long_name = "volumetric soil water content" ;
data:
 time = 0 ;
 lat = 35.125 ;
 lon = 100.125, 100.375 ;
 vwc = 25, 12.5 ;
}
CDL
"$NCGEN" -o "$WORK/percent.nc" "$WORK/percent.cdl" || { echo "FAIL: ncgen percent" >&2; exit 99; }
run info "$WORK/percent.nc"
expect_out 'soil moisture: vwc, units "%": volumetric percent, read ÷ 100' "info: volumetric percent"
run ingest -o "$WORK/percent_cube.nc" "$WORK/percent.nc"
expect_status 0 "ingest volumetric percent"
ncdump -v vwc "$WORK/percent_cube.nc" | tr -d " \n" | grep -q "vwc=0.25,0.125" && pass || fail "volumetric percent not read ÷ 100"
ncdump -h "$WORK/percent_cube.nc" | grep -q 'vwc:units = "m3 m-3"' && pass || fail "volumetric percent: the cube's units are not m3 m-3"

# A sub-daily product: 6-hourly steps become daily means; --min-steps N leaves a day with fewer
# valid steps missing.
cat >"$WORK/six_hourly.cdl" <<'CDL'
netcdf six_hourly {
dimensions:
	time = 12 ;
	lat = 1 ;
	lon = 2 ;
variables:
	double time(time) ;
		time:units = "hours since 2015-04-01 00:00:00" ;
	float lat(lat) ;
		lat:units = "degrees_north" ;
	float lon(lon) ;
		lon:units = "degrees_east" ;
	float sm(time, lat, lon) ;
		sm:units = "m3 m-3" ;
		sm:_FillValue = -9999.f ;
data:
 time = 0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66 ;
 lat = 35.125 ;
 lon = 100.125, 100.375 ;
 sm = 0.1, 0.2, 0.3, 0.2, 0.1, 0.2, 0.3, 0.2,
      0.2, _, _, _, _, _, _, _,
      0.3, 0.3, _, 0.3, 0.3, 0.3, 0.3, 0.3 ;
}
CDL
"$NCGEN" -o "$WORK/six_hourly.nc" "$WORK/six_hourly.cdl" || { echo "FAIL: ncgen six_hourly" >&2; exit 99; }
run ingest -o "$WORK/daily.nc" "$WORK/six_hourly.nc"
expect_status 0 "ingest a 6-hourly product"
expect_err "3 days, 1 × 2 cells" "6-hourly → 3 days"
daily=$(ncdump -v sm "$WORK/daily.nc" | sed -n '/^ sm =/,/;/p' | tr -d ' ;\n' | sed 's/sm=//')
[ "$daily" = "0.2,0.2,0.2,_,0.3,0.3" ] && pass || fail "6-hourly daily means: $daily"
run ingest --min-steps 2 -o "$WORK/daily2.nc" "$WORK/six_hourly.nc"
daily=$(ncdump -v sm "$WORK/daily2.nc" | sed -n '/^ sm =/,/;/p' | tr -d ' ;\n' | sed 's/sm=//')
[ "$daily" = "0.2,0.2,_,_,0.3,0.3" ] && pass || fail "--min-steps 2: daily means $daily"

finish
