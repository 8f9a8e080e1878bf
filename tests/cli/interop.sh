#!/bin/sh
# The outputs of drydowns, calibrate and simulate open in the tools scientists use: xarray decodes
# their coordinates and time and finds units, long_name, _FillValue and grid_mapping on every data
# variable; CDO lists every gridded variable; ncview opens each file. Skipped (77) when neither
# xarray nor CDO is installed.
. "$TEST_LIB"

PYTHON=/usr/bin/python3
have_xarray=no have_cdo=no
[ -x "$PYTHON" ] && "$PYTHON" -c "import xarray, netCDF4" 2>/dev/null && have_xarray=yes
command -v cdo >/dev/null 2>&1 && have_cdo=yes
if [ $have_xarray = no ] && [ $have_cdo = no ]; then
    echo "SKIP: neither xarray (python3-xarray, python3-netcdf4) nor CDO (cdo) is installed"
    exit 77
fi

"$DRYTEX" demo --rows 4 --cols 6 --years 2 "$WORK/w" >/dev/null 2>&1 || { echo "demo failed"; exit 99; }
cd "$WORK/w" || exit 99
GSDE="--soil soil/SAND1.nc --soil soil/CLAY1.nc --soil soil/OC1.nc"
run drydowns --sm sm_cube.nc -o thr.nc
expect_status 0 "drydowns"
run calibrate --thresholds thr.nc $GSDE -o opt.nc
expect_status 0 "calibrate"
run simulate --forcing forcing.nc $GSDE --optimised opt.nc --reference satellite=sm_cube.nc --stations stations.csv -o sim.nc
expect_status 0 "simulate"

if [ $have_xarray = yes ]; then
    for f in thr.nc opt.nc sim.nc; do
        if "$PYTHON" - "$f" <<'EOF'; then pass; else fail "xarray: $f"; fi
import sys
import numpy as np
import xarray as xr
path = sys.argv[1]
ds = xr.open_dataset(path)
problems = []
for axis in ("lat", "lon"):
    if axis not in ds.coords or ds[axis].attrs.get("units") not in ("degrees_north", "degrees_east"):
        problems.append("no decoded %s coordinate" % axis)
if "time" in ds.dims and not np.issubdtype(ds["time"].dtype, np.datetime64):
    problems.append("time is not decoded")
if "history" not in ds.attrs or "drytex" not in ds.attrs["history"]:
    problems.append("no history of the run")
for name, var in ds.data_vars.items():
    if "lat" not in var.dims:
        continue
    for attribute in ("units", "long_name", "grid_mapping"):
        if attribute not in var.attrs:
            problems.append("%s has no %s" % (name, attribute))
    if np.issubdtype(var.dtype, np.floating) and "_FillValue" not in var.encoding:
        problems.append("%s has no _FillValue" % name)
if problems:
    print("%s: %s" % (path, "; ".join(problems)))
    sys.exit(1)
print("# xarray: %s: %d variables, dims %s" % (path, len(ds.data_vars), dict(ds.sizes)))
EOF
    done
else
    echo "# xarray not installed: its checks are skipped"
fi

if [ $have_cdo = yes ]; then
    for f in thr.nc:theta_w opt.nc:sand sim.nc:sm_optimised; do
        file=${f%%:*} variable=${f#*:}
        cdo -s sinfon "$file" >cdo.txt 2>cdo.err && grep -q " $variable" cdo.txt && pass || fail "cdo cannot list $variable in $file: $(cat cdo.err)"
    done
    steps=$(cdo -s ntime -selname,sm_baseline sim.nc 2>/dev/null)
    [ "$steps" = "731" ] && pass || fail "cdo sees $steps time steps in sim.nc, expected 731"
else
    echo "# CDO not installed: its checks are skipped"
fi

# ncview, on a virtual X display: a file it cannot read ends it at once with a message; one it
# reads stays on screen until the timeout ends it (exit 124). A junk file proves the check can fail.
if command -v ncview >/dev/null 2>&1 && command -v xvfb-run >/dev/null 2>&1; then
    printf 'not netCDF\n' >junk.nc
    ncview_shows() {
        timeout 6 xvfb-run -a ncview "$1" >ncview.txt 2>&1
        rc=$?
        [ $rc -eq 124 ] && ! grep -qi "can't\|error" ncview.txt
    }
    ncview_shows junk.nc && fail "ncview check cannot fail: it showed a junk file" || pass
    for f in thr.nc opt.nc sim.nc; do
        ncview_shows "$f" && pass || fail "ncview cannot show $f (exit $rc): $(tail -n 2 ncview.txt)"
    done
else
    echo "# ncview or xvfb-run not installed: its checks are skipped"
fi

finish
