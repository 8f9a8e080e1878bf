# cf_read.py FILE VARIABLE — an independent CF reading of one daily map with netCDF4-python, for the
# tests: raw values, _FillValue/missing_value on the packed values, scale_factor/add_offset, the
# valid range in packed units when it has the packed type and in physical units when it does not
# (what CDO and xarray do), and ESA CCI's `flag` ≠ 0 masked. Prints one value a line, row-major,
# "nan" for a missing value.
import sys

import netCDF4
import numpy

path, name = sys.argv[1], sys.argv[2]
ds = netCDF4.Dataset(path)
ds.set_auto_maskandscale(False)
var = ds[name]
raw = numpy.asarray(var[:], dtype=numpy.float64)[0]
attrs = var.ncattrs()
bad = numpy.zeros(raw.shape, dtype=bool)
for key in ("_FillValue", "missing_value"):
    if key in attrs:
        bad |= raw == float(numpy.asarray(var.getncattr(key)).ravel()[0])
scale = float(var.getncattr("scale_factor")) if "scale_factor" in attrs else 1.0
offset = float(var.getncattr("add_offset")) if "add_offset" in attrs else 0.0
value = raw * scale + offset
if "valid_range" in attrs:
    rng = numpy.asarray(var.getncattr("valid_range"))
    low, high = float(rng[0]), float(rng[1])
    physical = ("scale_factor" in attrs or "add_offset" in attrs) and rng.dtype != var.dtype
    checked = numpy.float32(value) if physical else raw
    bad |= (checked < numpy.float32(low)) | (checked > numpy.float32(high))
if "flag" in ds.variables:
    flag = numpy.asarray(ds["flag"][:])[0]
    fill = ds["flag"].getncattr("_FillValue") if "_FillValue" in ds["flag"].ncattrs() else None
    bad |= (flag != 0) & (flag != fill)
value = numpy.where(bad, numpy.nan, value).astype(numpy.float32)
for v in value.ravel():
    print("nan" if numpy.isnan(v) else repr(float(v)))
