#!/usr/bin/env python3
"""Scores a `fairwatch export appearances` CSV with splink_er.py's evaluator.

A cross-check that the Python scorer used for Splink is the same rule as
`fairwatch evaluate`: on Fairwatch's own export it must print the same figures.

  python3 bench/peers/score_export.py EXPORT.csv [PAIRS.csv]
"""
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from splink_er import evaluate, read_pairs  # noqa: E402


def main() -> int:
    export = sys.argv[1]
    pairs = read_pairs(sys.argv[2] if len(sys.argv) > 2 else "eval/er-pairs.csv")
    counts: dict[str, Counter] = defaultdict(Counter)
    with open(export, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["company_id"]:
                counts[row["raw_name"]][row["company_id"]] += 1
    company = {n: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for n, c in counts.items()}
    m = evaluate(pairs, company)
    m.pop("by_kind")
    print(json.dumps(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
