#!/usr/bin/env python3
"""Peer name matcher for sanctions screening: RapidFuzz on eval/screen-pairs.csv.

A side-by-side baseline for Fairwatch's screening matcher: the normalisation a
practitioner would write in a few lines, then two stock RapidFuzz scorers.

Usage:
    python3 -m pip install -r bench/peers/requirements-screen.txt
    python3 bench/peers/screen_rapidfuzz.py                 # readable table
    python3 bench/peers/screen_rapidfuzz.py --json          # JSON summary on stdout
    python3 bench/peers/screen_rapidfuzz.py --pairs FILE    # another labelled pair file
    python3 bench/peers/screen_rapidfuzz.py --screen-bench QUERIES.txt LIST.txt [--workers N]
        # time screening every query name against every list name (one name per line)

For each scorer (fuzz.token_sort_ratio and fuzz.WRatio, both divided by 100) it reports
precision, recall and F1 at the fixed threshold 0.85 and at the best threshold of a sweep
over 0.50..0.99 (step 0.01). The best threshold is chosen on the same labels it is scored
on, so it is an optimistic upper bound, not a held-out result. Timings are the best of 5
runs with time.perf_counter.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import sys
import time
import unicodedata

import rapidfuzz
from rapidfuzz import fuzz, process

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_PAIRS = os.path.join(REPO, "eval", "screen-pairs.csv")
FIXED_THRESHOLD = 0.85
SWEEP = [round(0.50 + 0.01 * i, 2) for i in range(50)]          # 0.50 .. 0.99
RUNS = 5
SCORERS = {"token_sort_ratio": fuzz.token_sort_ratio, "WRatio": fuzz.WRatio}

# Legal forms dropped as whole tokens (after dots are removed, "s.a." is "sa").
LEGAL_FORMS = {"ltd", "limited", "llc", "inc", "corp", "co", "gmbh", "sa", "jsc", "ooo",
               "plc", "ag", "bv", "nv", "srl", "spa"}
_DOTTED = re.compile(r"\b(?:\w\.){2,}")           # s.a.  l.l.c.  b.v.  -> sa, llc, bv
_PUNCT = re.compile(r"[^\w\s]|_")


def normalise(name: str) -> str:
    """Casefold, ASCII-fold (NFKD, drop combining marks), punctuation to spaces, drop legal forms.

    Non-Latin letters (Cyrillic, Arabic, ...) pass through unchanged: NFKD does not
    transliterate, and neither does this baseline.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), s)
    s = _PUNCT.sub(" ", s)
    return " ".join(t for t in s.split() if t not in LEGAL_FORMS)


def read_pairs(path: str) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["label"] = int(r["label"])
    return rows


def prf(scores: list[float], labels: list[int], threshold: float) -> dict:
    """Precision, recall and F1 of the rule 'score >= threshold means same party'."""
    tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y == 1)
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y == 0)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y == 1)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"threshold": threshold, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn}


def best_threshold(scores: list[float], labels: list[int]) -> dict:
    """Sweep 0.50..0.99; highest F1 wins, ties go to the higher threshold (fewer alerts)."""
    best = None
    for t in SWEEP:
        m = prf(scores, labels, t)
        if best is None or m["f1"] >= best["f1"]:
            best = m
    return best


def per_category(rows: list[dict], scores: list[float], threshold: float) -> dict:
    """Share of each category's pairs that the threshold rule gets right."""
    out: dict[str, dict] = {}
    for r, s in zip(rows, scores):
        c = out.setdefault(r["category"], {"n": 0, "correct": 0, "label": r["label"], "mean_score": 0.0})
        c["n"] += 1
        c["correct"] += int((s >= threshold) == (r["label"] == 1))
        c["mean_score"] += s
    for c in out.values():
        c["accuracy"] = round(c["correct"] / c["n"], 4)
        c["mean_score"] = round(c["mean_score"] / c["n"], 4)
    return out


def time_best(fn, runs: int = RUNS) -> tuple[float, object]:
    """Best wall time of `runs` calls of fn(), and the value of the last call."""
    best, value = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def evaluate(rows: list[dict]) -> dict:
    labels = [r["label"] for r in rows]
    norm = [(normalise(r["a"]), normalise(r["b"])) for r in rows]
    result = {
        "tool": "rapidfuzz", "version": rapidfuzz.__version__, "python": platform.python_version(),
        "pairs": len(rows), "positives": sum(labels), "negatives": len(labels) - sum(labels),
        "normalisation": "NFKD + drop combining marks, casefold, dotted abbreviations joined, "
                         "punctuation to spaces, drop legal forms " + " ".join(sorted(LEGAL_FORMS)),
        "best_threshold_note": "best threshold is chosen on the same labels (optimistic)",
        "scorers": {},
    }
    for name, scorer in SCORERS.items():
        scores = [scorer(a, b) / 100.0 for a, b in norm]
        fixed = prf(scores, labels, FIXED_THRESHOLD)
        best = best_threshold(scores, labels)

        def score_only(scorer=scorer):
            for a, b in norm:
                scorer(a, b)

        def end_to_end(scorer=scorer):
            for r in rows:
                scorer(normalise(r["a"]), normalise(r["b"]))

        t_score, _ = time_best(score_only)
        t_e2e, _ = time_best(end_to_end)
        result["scorers"][name] = {
            "at_0.85": fixed,
            "best": best,
            "per_category_at_0.85": per_category(rows, scores, FIXED_THRESHOLD),
            "per_category_at_best": per_category(rows, scores, best["threshold"]),
            "seconds_score_only": round(t_score, 6),
            "seconds_normalise_and_score": round(t_e2e, 6),
            "pairs_per_second": round(len(rows) / t_e2e),
            "errors_at_0.85": [
                {"a": r["a"], "b": r["b"], "label": r["label"], "category": r["category"], "score": round(s, 3)}
                for r, s in zip(rows, scores) if (s >= FIXED_THRESHOLD) != (r["label"] == 1)
            ],
        }
    return result


def print_table(res: dict) -> None:
    print(f"RapidFuzz {res['version']} on {res['pairs']} pairs "
          f"({res['positives']} same party, {res['negatives']} different), Python {res['python']}")
    print(f"normalisation: {res['normalisation']}\n")
    print(f"{'scorer':<18}{'threshold':>10}{'P':>8}{'R':>8}{'F1':>8}{'TP':>5}{'FP':>5}{'FN':>5}")
    for name, s in res["scorers"].items():
        for tag in ("at_0.85", "best"):
            m = s[tag]
            label = f"{m['threshold']:.2f}" + ("*" if tag == "best" else "")
            print(f"{name:<18}{label:>10}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
                  f"{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}")
    print("* best of the 0.50-0.99 sweep, chosen on these same labels (optimistic)\n")

    cats = list(next(iter(res["scorers"].values()))["per_category_at_0.85"])
    names = list(res["scorers"])
    short = {"token_sort_ratio": "tsort", "WRatio": "wratio"}
    head = "".join(f"{short.get(n, n[:6]) + '@0.85':>13}{short.get(n, n[:6]) + '@best':>13}" for n in names)
    print("share of each category's pairs decided right:")
    print(f"{'category':<24}{'label':>6}{'n':>5}{head}")
    for c in cats:
        first = res["scorers"][names[0]]["per_category_at_0.85"][c]
        cells = ""
        for n in names:
            a = res["scorers"][n]["per_category_at_0.85"][c]
            b = res["scorers"][n]["per_category_at_best"][c]
            cells += f"{a['accuracy']:>13.2f}{b['accuracy']:>13.2f}"
        print(f"{c:<24}{first['label']:>6}{first['n']:>5}{cells}")
    print()
    for name, s in res["scorers"].items():
        print(f"{name}: {s['seconds_normalise_and_score'] * 1000:.2f} ms to normalise and score all pairs "
              f"({s['pairs_per_second']:,} pairs/s); scoring alone {s['seconds_score_only'] * 1000:.2f} ms "
              f"(best of {RUNS})")


def read_names(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]


def screen_bench(queries_path: str, list_path: str, workers: int, threshold: float,
                 only: str | None = None) -> dict:
    """Time screening N queries against M list names: normalise both, then one N x M cdist.

    Falls back to a process.extract loop (top 5 per query) if numpy is not installed.
    """
    queries, names = read_names(queries_path), read_names(list_path)
    out = {"queries": len(queries), "list_names": len(names), "workers": workers,
           "threshold": threshold, "comparisons": len(queries) * len(names), "scorers": {}}
    t0 = time.perf_counter()
    nq, nl = [normalise(q) for q in queries], [normalise(n) for n in names]
    out["seconds_normalise"] = round(time.perf_counter() - t0, 4)
    cutoff = threshold * 100
    for name, scorer in SCORERS.items():
        if only and name != only:
            continue
        try:
            import numpy as np  # noqa: F401  (cdist needs numpy)

            def run(scorer=scorer):
                m = process.cdist(nq, nl, scorer=scorer, score_cutoff=cutoff, workers=workers,
                                  dtype=np.uint8)
                return int((m >= cutoff).sum())
            method = "process.cdist"
        except ImportError:
            def run(scorer=scorer):
                return sum(len(process.extract(q, nl, scorer=scorer, score_cutoff=cutoff, limit=5))
                           for q in nq)
            method = "process.extract (limit 5)"
        secs, hits = time_best(run, runs=3)
        out["scorers"][name] = {"method": method, "seconds": round(secs, 4), "hits": hits,
                                "comparisons_per_second": round(out["comparisons"] / secs)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", default=DEFAULT_PAIRS, help="labelled pair CSV (a,b,type,label,category,note)")
    ap.add_argument("--json", action="store_true", help="print a JSON summary instead of the table")
    ap.add_argument("--screen-bench", nargs=2, metavar=("QUERIES.txt", "LIST.txt"),
                    help="time screening every query against every list name (one name per line)")
    ap.add_argument("--workers", type=int, default=1, help="threads for --screen-bench (default 1)")
    ap.add_argument("--scorer", choices=sorted(SCORERS), help="only this scorer in --screen-bench")
    args = ap.parse_args()

    if args.screen_bench:
        res = screen_bench(*args.screen_bench, workers=args.workers, threshold=FIXED_THRESHOLD,
                           only=args.scorer)
        if args.json:
            print(json.dumps(res, indent=2))
        else:
            print(f"screening {res['queries']} queries x {res['list_names']} list names "
                  f"({res['comparisons']:,} comparisons, {res['workers']} worker(s)); "
                  f"normalising took {res['seconds_normalise']:.3f} s")
            for name, s in res["scorers"].items():
                print(f"  {name:<18} {s['seconds']:.3f} s  ({s['comparisons_per_second']:,} comparisons/s, "
                      f"{s['hits']} pairs >= {FIXED_THRESHOLD}, {s['method']}, best of 3)")
        return 0

    res = evaluate(read_pairs(args.pairs))
    if args.json:
        print(json.dumps(res, indent=2, ensure_ascii=False))
    else:
        print_table(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
