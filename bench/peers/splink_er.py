#!/usr/bin/env python3
"""Peer baseline: resolve Fairwatch's exhibitor appearances with Splink 4 (DuckDB).

Reads the appearances from a Fairwatch SQLite database, builds Splink records, trains a
Fellegi-Sunter model with EM, predicts pairwise match probabilities, clusters them, maps
every raw name to a cluster, and scores that against the labelled pairs with the same rule
as `fairwatch evaluate`:

* a raw name's company is the cluster most of its appearances belong to (ties: the
  smallest cluster id as a string, like Fairwatch's smallest company id);
* pairwise precision / recall / F1 over the labelled pairs whose names both occur;
* B-cubed precision / recall over the labelled names, with the true clusters given by the
  transitive closure of the `match` pairs.

Unit of record (--unit):
  appearance (default) one record per appearance row (222,845), exactly what Fairwatch
             resolves. Feasible: about 10 s (timed part) on 2 cores.
  distinct   one record per distinct (raw name, country, web domain). Every feature
             Splink sees is a function of those three values, so identical appearances
             are identical records: collapsing them loses no evidence, only repetition
             (which changes the counts EM and the prior see). About 30 % fewer records
             and half the comparisons; kept as a fallback for bigger inputs.

Features (simple Python, deliberately; Fairwatch's own normaliser is much richer:
legal-form tables per country, qualifiers, places, acronyms, transliteration, brands):
  name_norm    NFKD-folded, lowercased, dots/apostrophes removed, other punctuation to
               spaces, common legal forms and "the"/"and" dropped
  first_token  first word of name_norm
  country      appearance.country_iso2 (NULL when unknown)
  domain       registrable domain of the first usable website, else of the first usable
               e-mail address; webmail/social/site-builder domains ignored, and "hub"
               domains (used by records with more than 6 different first words: fair
               organisers' catalogues, distributors) dropped

Usage:
  python3 bench/peers/splink_er.py DB [--pairs eval/er-pairs.csv] [--threshold 0.9]
      [--sweep 0.02,0.05,...] [--unit appearance|distinct] [--json OUT] [--verbose]

The timed part is load + features + train + predict + cluster (+ name -> cluster);
scoring and the threshold sweep (re-clustering the same predictions) come after it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import sqlite3
import sys
import time
import unicodedata
from collections import Counter, defaultdict

# ---------------------------------------------------------------- normalisation

LEGAL_FORMS = {
    # English-speaking
    "ltd", "limited", "llc", "llp", "lp", "inc", "incorporated", "corp", "corporation",
    "co", "company", "plc", "pty", "pvt", "pte", "private", "lc",
    # German / Dutch / Nordic
    "gmbh", "ag", "kg", "mbh", "ug", "ev", "bv", "nv", "vof", "ab", "as", "asa", "aps",
    "oy", "oyj", "hf", "ehf",
    # Romance
    "sa", "sas", "sarl", "srl", "spa", "sl", "sau", "slu", "sca", "snc", "eurl", "ltda",
    "sapi", "cv", "de", "rl",
    # Central / Eastern Europe, Turkey, Asia
    "sro", "spol", "zoo", "sp", "kft", "zrt", "nyrt", "rt", "doo", "dd", "ad", "ead",
    "ooo", "oao", "zao", "pao", "ao", "jsc", "ojsc", "cjsc", "pjsc", "ltdsti", "sti",
    "tic", "bhd", "sdn", "tbk", "pt", "kk", "jv", "fze", "fzco", "fzc", "fzllc",
    "wll", "est",
}
STOP = {"the", "and", "und", "et"}

# Domains that never identify a firm: webmail, social networks, link shorteners, site
# builders (the same list Fairwatch uses, crates/core/src/resolve/evidence.rs).
GENERIC_DOMAINS = {
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "hotmail.com",
    "hotmail.fr", "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com",
    "icloud.com", "me.com", "mail.ru", "yandex.ru", "bk.ru", "list.ru", "inbox.ru",
    "rambler.ru", "qq.com", "163.com", "126.com", "sina.com", "sina.cn", "sohu.com",
    "aliyun.com", "foxmail.com", "naver.com", "daum.net", "hanmail.net", "web.de",
    "gmx.de", "gmx.net", "t-online.de", "orange.fr", "wanadoo.fr", "free.fr",
    "laposte.net", "sfr.fr", "libero.it", "tiscali.it", "virgilio.it", "btinternet.com",
    "bigpond.com", "rediffmail.com", "protonmail.com", "proton.me", "zoho.com",
    "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl", "linkedin.com",
    "facebook.com", "twitter.com", "x.com", "youtube.com", "instagram.com", "google.com",
    "goo.gl", "bit.ly", "wix.com", "wixsite.com", "wordpress.com", "blogspot.com",
    "weebly.com", "squarespace.com", "alibaba.com", "made-in-china.com", "example.com",
}
# Second-level labels under a country code that are public suffixes (co.uk, com.tr, ...):
# a simple stand-in for the Public Suffix List, which Python's stdlib lacks.
SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "mil", "or", "ne", "go",
                "gob", "gouv", "govt", "nic", "ltd", "plc", "int", "firm", "gen", "biz",
                "info", "in", "nhs", "police", "mod", "asso"}
HUB_FIRST_TOKENS = 6

_DROP = re.compile(r"[.'\u2019\u00ad`]")
_NONWORD = re.compile(r"[^\w]+|_")
_HOST = re.compile(r"^[a-z0-9.-]+$")


def normalise(raw: str) -> str:
    text = unicodedata.normalize("NFKD", raw)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _NONWORD.sub(" ", _DROP.sub("", text.replace("&", " and ")))
    toks = text.split()
    kept = [t for t in toks if t not in LEGAL_FORMS and t not in STOP]
    if not kept:  # the name is nothing but a legal form ("SA", "The Company")
        kept = toks
    return " ".join(kept)


def registrable_domain(text: str) -> str | None:
    t = text.strip().lower()
    if "@" in t:
        host = t.rsplit("@", 1)[1]
    else:
        t = t.split("://", 1)[1] if "://" in t else t
        host = re.split(r"[/?# ,;]", t, maxsplit=1)[0]
    host = host.split(":", 1)[0].strip(".")
    if host.startswith("www."):
        host = host[4:]
    if "." not in host or not _HOST.match(host) or re.fullmatch(r"[\d.]+", host):
        return None
    labels = host.split(".")
    n = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL else 2
    dom = ".".join(labels[-n:])
    return None if dom in GENERIC_DOMAINS else dom


def appearance_domain(contact_json: str) -> str | None:
    try:
        contact = json.loads(contact_json or "{}")
    except ValueError:
        return None
    for field in ("websites", "emails"):
        for v in contact.get(field) or []:
            d = registrable_domain(str(v))
            if d:
                return d
    return None


# ---------------------------------------------------------------- loading


def load(db: str):
    """Returns (appearance rows as (name, country, domain), number of hub domains)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = [
        (name, country or None, appearance_domain(contact))
        for name, country, contact in con.execute(
            "SELECT name, country_iso2, contact FROM appearance ORDER BY id")
    ]
    con.close()
    firsts: dict[str, set[str]] = defaultdict(set)
    norm_cache: dict[str, str] = {}
    for name, _, dom in rows:
        if name not in norm_cache:
            norm_cache[name] = normalise(name)
        if dom:
            firsts[dom].add(norm_cache[name].split(" ", 1)[0])
    hubs = {d for d, f in firsts.items() if len(f) > HUB_FIRST_TOKENS}
    rows = [(n, c, None if d in hubs else d) for n, c, d in rows]
    return rows, norm_cache, len(hubs)


def build_records(rows, norm_cache, unit: str):
    """Returns (records for Splink, record id of each appearance)."""
    import pandas as pd

    rec_of_app: list[int] = []
    if unit == "distinct":
        key_id: dict[tuple, int] = {}
        for r in rows:
            rec_of_app.append(key_id.setdefault(r, len(key_id)))
        keys = list(key_id)
    else:
        keys = rows
        rec_of_app = list(range(len(rows)))
    names = [norm_cache[n] for n, _, _ in keys]
    df = pd.DataFrame({
        "unique_id": range(len(keys)),
        "name_norm": names,
        "first_token": [n.split(" ", 1)[0] if n else None for n in names],
        "country": [c for _, c, _ in keys],
        "domain": [d for _, _, d in keys],
    })
    df.loc[df["name_norm"] == "", ["name_norm", "first_token"]] = None
    return df, rec_of_app


# ---------------------------------------------------------------- Splink


def make_linker(df, verbose: bool = False):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    # Name: exact, Jaro-Winkler >= 0.95 / 0.88, same first word ("Gamma International"
    # vs "Gamma Group"), Jaro-Winkler >= 0.75, else. No term-frequency adjustment on the
    # name: with it, frequent exact names fell under every threshold (F1 dropped).
    name = cl.CustomComparison(
        output_column_name="name_norm",
        comparison_levels=[
            cll.NullLevel("name_norm"),
            cll.ExactMatchLevel("name_norm"),
            cll.JaroWinklerLevel("name_norm", 0.95),
            cll.JaroWinklerLevel("name_norm", 0.88),
            cll.ExactMatchLevel("first_token"),
            cll.JaroWinklerLevel("name_norm", 0.75),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("substr(name_norm, 1, 4)"),
            block_on("domain"),
            block_on("first_token", "country"),
        ],
        comparisons=[
            name,
            # a shared domain is weaker evidence when many records use it (a group's
            # site shared by its subsidiaries)
            cl.ExactMatch("domain").configure(term_frequency_adjustments=True),
            cl.ExactMatch("country"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(df, settings, db_api=DuckDBAPI(), set_up_basic_logging=verbose)
    return linker, block_on


def train(linker, block_on):
    # Prior: pairs with the same normalised name, assumed to be 60 % of all true pairs
    # (many firms appear under several spellings, so not more).
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_norm")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    # EM: blocking on the domain trains name and country; blocking on the exact
    # normalised name trains domain and country.
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("domain"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("name_norm"))


def cluster(linker, predictions, threshold: float) -> dict[int, str]:
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold)
    out = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    return dict(zip(out["unique_id"].astype(int), out["cluster_id"].astype(str)))


# ---------------------------------------------------------------- evaluation


def company_of_names(rows, rec_of_app, cluster_of_rec) -> dict[str, str]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for (name, _, _), rec in zip(rows, rec_of_app):
        counts[name][cluster_of_rec.get(rec, f"r{rec}")] += 1
    # most appearances; on a tie the smallest id as a string (as Fairwatch does)
    return {n: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for n, c in counts.items()}


def read_pairs(path: str):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["name_a"], r["name_b"], r["label"] == "match", r.get("kind", ""))
                for r in csv.DictReader(f)]


def evaluate(pairs, company: dict[str, str]) -> dict:
    tp = fp = fn = tn = 0
    predicted: dict[str, str] = {}
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b, same, kind in pairs:
        if a not in company or b not in company:
            continue
        together = company[a] == company[b]
        predicted[a], predicted[b] = company[a], company[b]
        tp += same and together
        fp += (not same) and together
        fn += same and not together
        tn += (not same) and not together
        by_kind[kind][0] += 1
        by_kind[kind][1] += same == together
    ratio = lambda n, d: n / d if d else 1.0  # noqa: E731
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    # B-cubed over the labelled names; truth = transitive closure of match pairs
    parent = {n: n for n in predicted}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, same, _ in pairs:
        if same and a in parent and b in parent:
            parent[find(a)] = find(b)
    truth = {n: find(n) for n in predicted}
    pred_groups, true_groups = defaultdict(set), defaultdict(set)
    for n in predicted:
        pred_groups[predicted[n]].add(n)
        true_groups[truth[n]].add(n)
    bp = br = 0.0
    for n in predicted:
        sp, st = pred_groups[predicted[n]], true_groups[truth[n]]
        both = len(sp & st)
        bp += both / len(sp)
        br += both / len(st)
    k = len(predicted) or 1
    return {
        "evaluated": tp + fp + fn + tn, "true_positives": tp, "false_positives": fp,
        "false_negatives": fn, "true_negatives": tn, "precision": p, "recall": r, "f1": f1,
        "bcubed_precision": bp / k, "bcubed_recall": br / k,
        "by_kind": {k2: tuple(v) for k2, v in sorted(by_kind.items())},
    }


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--pairs", default="eval/er-pairs.csv")
    ap.add_argument("--threshold", type=float, default=0.9,
                    help="match probability for the headline run (default 0.9)")
    ap.add_argument("--sweep", default="0.02,0.05,0.1,0.2,0.3,0.5,0.7,0.9,0.95,0.99",
                    help="further thresholds to score from the same predictions")
    ap.add_argument("--unit", choices=["appearance", "distinct"], default="appearance")
    ap.add_argument("--json", help="write the result as JSON to this file")
    ap.add_argument("--verbose", action="store_true", help="show Splink's log")
    args = ap.parse_args()
    sweep = sorted({float(x) for x in args.sweep.split(",") if x.strip()} | {args.threshold})

    # ---- timed: load, features, train, predict, cluster, name -> cluster
    stages = {}
    t0 = time.perf_counter()
    rows, norm_cache, hubs = load(args.db)
    df, rec_of_app = build_records(rows, norm_cache, args.unit)
    t1 = time.perf_counter()
    stages["load"] = t1 - t0
    linker, block_on = make_linker(df, args.verbose)
    train(linker, block_on)
    t2 = time.perf_counter()
    stages["train"] = t2 - t1
    # one prediction at the lowest threshold serves the headline and the sweep
    predictions = linker.inference.predict(threshold_match_probability=min(sweep))
    t3 = time.perf_counter()
    stages["predict"] = t3 - t2
    company = company_of_names(rows, rec_of_app, cluster(linker, predictions, args.threshold))
    t4 = time.perf_counter()
    stages["cluster"] = t4 - t3
    seconds = t4 - t0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    # ---- end of timed part

    n_pred = predictions.as_duckdbpyrelation().aggregate("count(*)").fetchall()[0][0]
    pairs = read_pairs(args.pairs)
    settings = linker._settings_obj
    result = {
        "tool": "splink", "splink_version": __import__("splink").__version__,
        "unit": args.unit, "appearances": len(rows), "records": len(df),
        "hub_domains_dropped": hubs, "threshold": args.threshold,
        "probability_two_random_records_match":
            settings._probability_two_random_records_match,
        "seconds": seconds, "stages": stages, "peak_mib": peak_mib,
        "pairs_predicted": int(n_pred),
        **evaluate(pairs, company),
    }
    result["sweep"] = []
    for th in sweep:
        t = time.perf_counter()
        comp = company_of_names(rows, rec_of_app, cluster(linker, predictions, th))
        cluster_s = time.perf_counter() - t
        m = evaluate(pairs, comp)
        result["sweep"].append({
            "threshold": th,
            # the whole run as it would have been timed with this threshold
            "seconds": seconds - stages["cluster"] + cluster_s,
            **{k: m[k] for k in ("precision", "recall", "f1", "bcubed_precision",
                                 "bcubed_recall", "false_positives", "false_negatives",
                                 "by_kind")}})
    result["best"] = max(result["sweep"], key=lambda s: (s["f1"], -s["threshold"]))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
    err = sys.stderr
    print(f"splink {result['splink_version']}: {len(df):,} records ({args.unit}) from "
          f"{len(rows):,} appearances; {hubs} hub domains dropped; prior "
          f"{result['probability_two_random_records_match']:.3g}", file=err)
    print(f"timed run: {seconds:.1f} s (load {stages['load']:.1f}, train "
          f"{stages['train']:.1f}, predict {stages['predict']:.1f}, cluster "
          f"{stages['cluster']:.1f}), peak RSS {peak_mib:.0f} MiB, {n_pred:,} pairs "
          f">= {min(sweep)}", file=err)
    for s in result["sweep"]:
        mark = " <- headline" if s["threshold"] == args.threshold else ""
        mark += " <- best F1" if s is result["best"] else ""
        print(f"  p >= {s['threshold']:<5}: P {s['precision']:.4f}  R {s['recall']:.4f}  "
              f"F1 {s['f1']:.4f}  B3-P {s['bcubed_precision']:.4f}  "
              f"B3-R {s['bcubed_recall']:.4f}{mark}", file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
