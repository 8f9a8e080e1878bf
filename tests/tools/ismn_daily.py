#!/usr/bin/env python3
"""ismn_daily.py — an ISMN "header + values" file (.stm, hourly) → a daily cube as CDL text: the station
in the first of 1 × 2 cells of 0.25° (a single cell has no size drytex can infer), the second all fill.

Daily mean of the hours flagged G (good) or U (unchecked) on days with at least 12 of them; other
days are _FillValue. Used to make tests/data/ismn_*.cdl (see tests/data/ismn.README); the tests read
the CDL, never the original file.

    python3 tests/tools/ismn_daily.py FILE.stm NAME > tests/data/NAME.cdl
"""
import datetime
import sys


def daily(path):
    text = open(path, newline="").read().replace("\r\n", "\n").replace("\r", "\n")
    lines = [l for l in text.split("\n") if l.strip()]
    header = lines[0].split()
    sums = {}
    for line in lines[1:]:
        f = line.split()
        if len(f) < 4:
            continue
        flags = f[3].split(",")
        if not all(flag in ("G", "U") for flag in flags):
            continue
        day = datetime.date(*map(int, f[0].split("/")))
        s = sums.setdefault(day, [0.0, 0])
        s[0] += float(f[2])
        s[1] += 1
    values = {d: s[0] / s[1] for d, s in sums.items() if s[1] >= 12}
    return header, values


def main():
    path, name = sys.argv[1], sys.argv[2]
    header, values = daily(path)
    first, last = min(values), max(values)
    epoch = datetime.date(1970, 1, 1)
    n = (last - first).days + 1
    lat, lon = float(header[3]), float(header[4])
    print(f"// {name}: daily means of the hours flagged G or U on days with >= 12 of them, from")
    print(f"// {path.split('/')[-1]}")
    print(f"// (ISMN; station {header[1]} {header[2]}, {lat} N {lon} E, {header[6]}-{header[7]} m). tests/data/ismn.README.")
    print(f"netcdf {name} {{\ndimensions:\n\ttime = {n} ;\n\tlat = 1 ;\n\tlon = 2 ;\nvariables:")
    print('\tdouble lat(lat) ;\n\t\tlat:standard_name = "latitude" ;\n\t\tlat:units = "degrees_north" ;')
    print('\tdouble lon(lon) ;\n\t\tlon:standard_name = "longitude" ;\n\t\tlon:units = "degrees_east" ;')
    print('\tdouble time(time) ;\n\t\ttime:standard_name = "time" ;\n\t\ttime:units = "days since 1970-01-01" ;\n\t\ttime:calendar = "standard" ;')
    print('\tfloat sm(time, lat, lon) ;\n\t\tsm:_FillValue = -9999.f ;\n\t\tsm:units = "m3 m-3" ;\n\t\tsm:long_name = "in-situ soil moisture, 5 cm, daily mean" ;')
    print("data:")
    print(f" lat = {lat} ;\n lon = {lon}, {lon + 0.25} ;")
    days = [first + datetime.timedelta(days=k) for k in range(n)]
    print(" time = " + ",\n  ".join(", ".join(str((d - epoch).days) for d in days[i:i + 12]) for i in range(0, n, 12)) + " ;")
    vals = [(f"{values[d]:.4f}" if d in values else "-9999") + ", -9999" for d in days]
    print(" sm = " + ",\n  ".join(", ".join(vals[i:i + 6]) for i in range(0, n, 6)) + " ;\n}")


if __name__ == "__main__":
    main()
