#!/usr/bin/env python3
"""Check the labelled entity-resolution pairs against a Fairwatch database.

Usage:
    python3 check_pairs.py [DB_PATH]          # default DB: /tmp/p.db

Checks, for eval/er-pairs.csv (next to this script):
  * the header is exactly name_a,name_b,label,kind,note;
  * every name_a / name_b exists verbatim (exact bytes) in appearance.name;
  * label is match|no_match and kind is one of the allowed kinds;
  * no pair is listed twice (in either order) and no pair pairs a name with itself;
  * the labels are transitively consistent: no no_match pair joins two names
    that the match pairs put in the same group.
Then prints counts by label and by label/kind.  Exits 1 on any failure.
The database is opened read-only.
"""
import collections
import csv
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = os.path.join(HERE, "er-pairs.csv")
HEADER = ["name_a", "name_b", "label", "kind", "note"]
LABELS = {"match", "no_match"}
KINDS = {
    "variant", "legal_form", "subsidiary", "acronym", "translit", "typo",
    "rename", "spin_off", "lookalike", "common_word", "same_name_other_firm", "other",
}


def main() -> int:
    db_path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/p.db"
    if not os.path.exists(db_path):
        print(f"database not found: {db_path}")
        return 1
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    names = {r[0] for r in con.execute("SELECT DISTINCT name FROM appearance")}

    with open(PAIRS, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    errors = []
    if rows[0] != HEADER:
        errors.append(f"bad header: {rows[0]}")
    pairs = rows[1:]

    missing = set()
    seen = collections.Counter()
    for i, row in enumerate(pairs, start=2):
        if len(row) != 5:
            errors.append(f"line {i}: expected 5 fields, got {len(row)}")
            continue
        a, b, label, kind, note = row
        for n in (a, b):
            if n not in names:
                missing.add(n)
        if label not in LABELS:
            errors.append(f"line {i}: bad label {label!r}")
        if kind not in KINDS:
            errors.append(f"line {i}: bad kind {kind!r}")
        if a == b:
            errors.append(f"line {i}: name paired with itself: {a!r}")
        if not note.strip():
            errors.append(f"line {i}: empty note")
        seen[frozenset((a, b))] += 1
    for k, v in seen.items():
        if v > 1:
            errors.append(f"duplicate pair: {sorted(k)}")
    for n in sorted(missing):
        errors.append(f"name not found in appearance.name: {n!r}")

    # transitive consistency of the labels
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    good = [r for r in pairs if len(r) == 5]
    for a, b, label, _, _ in good:
        if label == "match":
            parent[find(a)] = find(b)
    for a, b, label, _, _ in good:
        if label == "no_match" and find(a) == find(b):
            errors.append(f"inconsistent: no_match pair inside a match group: {a!r} / {b!r}")
    groups = {find(n) for a, b, label, _, _ in good if label == "match" for n in (a, b)}

    n_names = len({n for r in good for n in r[:2]})
    by_label = collections.Counter(r[2] for r in good)
    by_kind = collections.Counter((r[2], r[3]) for r in good)
    apps = 0
    q = "SELECT COUNT(*) FROM appearance WHERE name = ?"
    for n in {n for r in good for n in r[:2]}:
        apps += con.execute(q, (n,)).fetchone()[0]

    print(f"database: {db_path}")
    print(f"pairs: {len(good)}   distinct names: {n_names} (found: {n_names - len(missing)}, "
          f"covering {apps} appearance rows)")
    total = max(len(good), 1)
    for lab in ("match", "no_match"):
        print(f"  {lab:9s} {by_label[lab]:4d}  ({100 * by_label[lab] / total:.1f}%)")
    print(f"  groups (connected components) on the match side: {len(groups)}")
    print("by label/kind:")
    for (lab, kind), c in sorted(by_kind.items(), key=lambda x: (x[0][0], -x[1])):
        print(f"  {lab:9s} {kind:22s} {c:4d}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: every name found verbatim; labels consistent.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
