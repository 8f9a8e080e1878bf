#!/bin/sh
# drytex column: driven by the real Noah-MP run's boundary fluxes, θ stays within 1e-3 of the model.
. "$TEST_LIB"

ref="$TEST_DATA/bondville1998_sand85clay5_optsoil4.csv"
run column --fluxes "$ref" --param smcmax=0.4035191,smcref=0.17,smcwlt=0.0231376,smcdry=0.0231376,bexp=3.298323,psisat=0.03,dksat=1e-05,dwsat=2.246518e-06
expect_status 0 "column with explicit parameters"
printf '%s\n' "$out" >"$WORK/column.csv"
[ "$(head -n 1 "$WORK/column.csv")" = "time,theta1,theta2,theta3,theta4,infiltration_mm,surface_runoff_mm,drainage_mm" ] && pass || fail "column header"
tail -n +2 "$WORK/column.csv" | cut -d, -f2-5 >"$WORK/ours"
grep -v '^#' "$ref" | tail -n +3 | cut -d, -f8-11 >"$WORK/theirs"
worst=$(paste -d, "$WORK/ours" "$WORK/theirs" |
        awk -F, '{for (k = 1; k <= 4; k++) {d = $k - $(k + 4); if (d < 0) d = -d; if (d > m) m = d}} END {print m + 0}')
echo "# largest |θ − Noah-MP| over 7344 steps: $worst"
awk "BEGIN { exit !($worst > 0 && $worst <= 1e-3) }" && pass || fail "column differs from Noah-MP by $worst"
[ "$(tail -n +2 "$WORK/column.csv" | wc -l)" -eq 7344 ] && pass || fail "column printed the wrong number of steps"

run column --fluxes "$ref" --ptf sr06-noahmp --sand 85 --clay 5
expect_status 0 "column through the sr06-noahmp PTF"
a=$(printf '%s\n' "$out" | tail -n 1 | cut -d, -f2-5)
b=$(tail -n 1 "$WORK/column.csv" | cut -d, -f2-5)
[ "$a" = "$b" ] && pass || fail "sr06-noahmp 85/5 differs from the explicit parameters ($a vs $b)"

printf 'a,b\n1,2\n' >"$WORK/bad.csv"
run column --fluxes "$WORK/bad.csv" --ptf ch78 --sand 40 --clay 20
expect_status 1 "fluxes without the needed columns"
expect_err "bad.csv: the header lacks qinsur" "missing columns message"
run column --fluxes "$ref" --param smcmax=0.4
expect_status 2 "incomplete parameters"
run column --fluxes "$WORK/none.csv" --ptf ch78 --sand 40 --clay 20
expect_status 1 "missing fluxes file"
run column --fluxes "$ref" --sand 70 --clay 40
expect_status 2 "not a texture"
expect_err "exceed 100" "not a texture message"
finish
