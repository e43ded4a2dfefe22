#!/usr/bin/env python3
"""Derive small-countries.tsv: one representative point per country that the 110m
world-atlas map lacks (Singapore, Bahrain, Malta, ...), taken from the 50m map.

Usage: generate_small_countries.py path/to/countries-50m.json [countries-110m.json]

The 110m file defaults to the copy beside this script; the TSV is written beside it.
The point is the mean of the outer ring of the country's largest polygon (by planar
area in degrees), which lands on the main island of small archipelagos. Only the
standard library is used, so the output is reproducible anywhere.
"""
import json
import os
import sys


def decode_arcs(topo):
    """Absolute lon/lat arcs from the quantised, delta-encoded TopoJSON arcs."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for i in indexes:
        # A negative index ~i means arc i reversed; consecutive arcs share an endpoint.
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area(points):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    small_path = sys.argv[1]
    big_path = sys.argv[2] if len(sys.argv) == 3 else os.path.join(here, "countries-110m.json")
    with open(big_path, encoding="utf-8") as f:
        known = {g.get("id") for g in json.load(f)["objects"]["countries"]["geometries"]}
    with open(small_path, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    rows = []
    for g in topo["objects"]["countries"]["geometries"]:
        code = g.get("id")
        if code is None or code in known:
            continue
        outer = [ring(arcs, p[0]) for p in polygons(g)]
        if not outer:
            continue
        largest = max(outer, key=area)
        # The first point repeats as the last: leave it out of the mean.
        pts = largest[:-1] if len(largest) > 1 and largest[0] == largest[-1] else largest
        lon = sum(p[0] for p in pts) / len(pts)
        lat = sum(p[1] for p in pts) / len(pts)
        rows.append((code, g["properties"]["name"], lon, lat))
    rows.sort()
    out = os.path.join(here, "small-countries.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("id\tname\tlon\tlat\n")
        for code, name, lon, lat in rows:
            f.write(f"{code}\t{name}\t{lon:.2f}\t{lat:.2f}\n")
    print(f"wrote {len(rows)} rows to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
