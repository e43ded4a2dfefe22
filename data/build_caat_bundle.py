#!/usr/bin/env python3
"""Rebuild data/caat.tar.gz from a checkout of the CAAT arms-fair record.

Usage: python3 data/build_caat_bundle.py <caat-root> [out.tar.gz]

<caat-root> holds `data/*.json` and `ignore.csv` (e.g. ../shared/data/caat, or a clone of
github.com/caatdata/arms-and-security-fair-exhibitors). The event files are copied as
they are (facts only: names, dates, places, links). ignore.csv is reduced to the status
word and the links of each note, so that no upstream prose is redistributed. The archive
is deterministic (sorted, fixed mtime and owner, gzip without a name or timestamp).
"""
import csv, gzip, io, os, re, sys, tarfile

root = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "caat.tar.gz")
MTIME = 1784246400  # 2026-07-17, the snapshot date

def reduced_ignore() -> bytes:
    buf = io.StringIO()
    buf.write("# Slug (no event), Status and links (reduced from the upstream ignore.csv)\n")
    w = csv.writer(buf, lineterminator="\n")
    with open(os.path.join(root, "ignore.csv"), encoding="utf-8") as f:
        for row in csv.reader(l for l in f if not l.startswith("#")):
            if not row or not row[0].strip():
                continue
            note = row[1] if len(row) > 1 else ""
            first = note.split(".")[0].strip()
            status = first if 0 < len(first) <= 30 else "See source"
            w.writerow([row[0].strip(), " ".join([status + "."] + re.findall(r"https?://\S+", note))])
    return buf.getvalue().encode()

def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), MTIME, 0o644
    tar.addfile(info, io.BytesIO(data))

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
    for name in sorted(os.listdir(os.path.join(root, "data"))):
        if name.endswith(".json"):
            with open(os.path.join(root, "data", name), "rb") as f:
                add(tar, "data/" + name, f.read())
    add(tar, "ignore.csv", reduced_ignore())
with open(out, "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
print(f"wrote {out}")
