#!/usr/bin/env python3
"""Build eval/screen-pairs.csv, a labelled evaluation set for sanctions-screening name matching.

Usage:
    python3 eval/build_screen_pairs.py [DATA_DIR]      # default: ../shared/data from the repo root

Every pair comes from real public data in DATA_DIR (OFAC SDN 2021 / 2024, the OFAC
non-SDN consolidated list 2025, the UN consolidated list 2026, the CSL samples and the
CAAT arms-fair exhibitor record). Synthetic edits are only made where a category says so
(typos, legal-form changes and the hand-written Cyrillic forms). Sampling uses one fixed
seed, and every candidate list is sorted before it is sampled, so the output is the same
on every run and machine (no dependence on PYTHONHASHSEED).

Output columns: a,b,type,label,category,note
    a     the screened name (the query: how a customer or exhibitor writes it)
    b     a list name
    type  company | person
    label 1 = same party, 0 = different parties
    category, note  see eval/SCREEN-PAIRS.md
Python 3.11, standard library only.
"""
from __future__ import annotations

import collections
import csv
import glob
import json
import os
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from difflib import SequenceMatcher

SEED = 20260717
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OUT = os.path.join(HERE, "screen-pairs.csv")

# Target number of pairs per category.
TARGETS = {
    "alias": 70,
    "script": 26,
    "word_order": 40,
    "typo": 40,
    "legal_form": 30,
    "hard_negative_company": 60,
    "hard_negative_person": 40,
    "exhibitor_negative": 50,
    "spyware_positive": 11,
}

# Negative pairs removed after the manual spot-check (see SCREEN-PAIRS.md). Each entry is
# (a, b) exactly as generated; the builder drops them and draws the next candidate instead.
# Matched in either order.
REMOVED_AFTER_SPOT_CHECK: set[tuple[str, str]] = {
    # An ISIL "province" vs ISIL itself: separately designated, but arguably the same organisation.
    ("ISLAMIC STATE OF IRAQ AND THE LEVANT", "ISLAMIC STATE OF IRAQ AND SYRIA - MOZAMBIQUE"),
    # Two branches of one foundation (Al-Haramain Islamic Foundation): same party at group level.
    ("AL-HARAMAIN : BANGLADESH BRANCH", "AL-HARAMAIN : AFGHANISTAN BRANCH"),
    # Same name, two countries' cells; too close to "branches of one group" to label 0 with confidence.
    ("JUND AL-KHILAFAH IN ALGERIA", "JUND AL-KHILAFAH IN TUNISIA"),
    # "(S) PTE. LTD." is the Singapore arm of the same Tet Kham business.
    ("TET KHAM CONSTRUCTION COMPANY LIMITED", "TET KHAM (S) PTE. LTD."),
    # The UK arm of the National Iranian Oil Company.
    ("NATIONAL IRANIAN OIL COMPANY", "IRANIAN OIL COMPANY (U.K.) LIMITED"),
    # Services / units of one armed force: separately designated, but one organisation.
    ("IRGC GROUND FORCES", "IRGC NAVY"),
    ("99TH LIGHT INFANTRY DIVISION OF THE BURMESE ARMY", "33RD LIGHT INFANTRY DIVISION OF THE BURMESE ARMY"),
}

# --------------------------------------------------------------------------- normalisation

STOP = {
    "the", "of", "and", "de", "del", "la", "las", "los", "el", "al", "for", "in", "du",
    "des", "di", "da", "le", "et", "y", "e", "a", "an", "on", "at", "to", "und", "fur",
    "by", "bin", "ibn", "abu", "abd", "abdul",
}
LEGAL = {
    "ltd", "limited", "llc", "inc", "incorporated", "corp", "corporation", "co", "company",
    "gmbh", "sa", "sas", "sarl", "srl", "spa", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "oao",
    "zao", "pao", "ao", "ab", "as", "plc", "ag", "bv", "nv", "llp", "lp", "fze", "fzco",
    "fzc", "pte", "pvt", "sdn", "bhd", "zrt", "kft", "doo", "ltda", "cia", "cv", "sl",
    "pty", "kg", "oy", "aktsionernoe", "obshchestvo", "otkrytoe", "zakrytoe", "publichnoe",
    "joint", "stock", "liability", "open", "closed", "public", "private", "sirketi",
    "tic", "san", "ve", "sti", "eood", "ood", "ead", "ad", "sac", "sae", "sal", "wll", "pjs",
}
GENERIC = {"systems", "international", "trading", "technologies", "group", "industries",
           "engineering", "services", "solutions"}


def fold(s: str) -> str:
    """ASCII-ish fold: NFKD, drop combining marks, casefold."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def key(s: str) -> str:
    """Comparison key: folded, dots and apostrophes removed, other punctuation to spaces."""
    s = re.sub(r"[.'\u2019`]", "", fold(s))
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def tokens(s: str) -> list[str]:
    return key(s).split()


def content(s: str) -> list[str]:
    """Distinctive tokens: no stop words, legal forms or pure numbers (order kept)."""
    return [t for t in tokens(s) if t not in STOP and t not in LEGAL and not t.isdigit()]


# --------------------------------------------------------------------------- loading

@dataclass
class Entry:
    source: str                 # e.g. "ofac-sdn-2021"
    id: str                     # ent_num or DATAID
    kind: str                   # "person" | "company"
    name: str
    aliases: list = field(default_factory=list)   # (alias_id, quality, name): good quality only
    weak: list = field(default_factory=list)      # weak a.k.a.s and f.k.a.s (exclusion checks only)
    remarks: str = ""
    countries: set = field(default_factory=set)   # country names as written in the list
    script: str = ""                              # UN NAME_ORIGINAL_SCRIPT
    parts: tuple = ()                              # UN FIRST..FOURTH_NAME
    remarks_country: str = ""                      # for notes: address country or '(Russia)' in remarks
    _keys: set | None = None                       # cache for all_keys()
    _rem: str | None = None                        # cache for the remarks' key

    @property
    def ref(self) -> str:
        return f"{self.source} {'dataid' if self.source.startswith('un') else 'ent'} {self.id}"

    def all_keys(self) -> set[str]:
        """Keys of the primary name and every alias (strong, weak, former)."""
        if self._keys is None:
            self._keys = ({key(self.name)} | {key(a[2]) for a in self.aliases}
                          | {key(w) for w in self.weak})
        return self._keys

    def remarks_key(self) -> str:
        if self._rem is None:
            self._rem = f" {key(self.remarks)} "
        return self._rem


def read_ofac_csv(path: str) -> list[list[str]]:
    """Legacy OFAC CSV: no header, Latin-1, '-0-' = empty, a trailing ^Z line."""
    with open(path, encoding="latin-1", newline="") as fh:
        rows = []
        for r in csv.reader(fh):
            if len(r) < 2:
                continue
            rows.append(["" if c.strip() == "-0-" else c.strip() for c in r])
        return rows


def load_ofac(folder: str, source: str, prim: str, alt: str | None, add: str | None) -> dict:
    entries: dict[str, Entry] = {}
    for r in read_ofac_csv(os.path.join(folder, prim)):
        typ = r[2]
        if typ in ("vessel", "aircraft"):
            continue
        e = Entry(source, r[0], "person" if typ == "individual" else "company", r[1],
                  remarks=r[11] if len(r) > 11 else "")
        e.weak = re.findall(r"a\.k\.a\. '([^']+)'", e.remarks)
        entries[e.id] = e
    if alt and os.path.exists(os.path.join(folder, alt)):
        for r in read_ofac_csv(os.path.join(folder, alt)):
            e = entries.get(r[0])
            if e is None:
                continue
            if r[2] == "aka":                   # alt.csv holds the strong a.k.a.s
                e.aliases.append((r[1], "aka", r[3]))
            else:                               # fka / nka: former names, not used as aliases
                e.weak.append(r[3])
    if add and os.path.exists(os.path.join(folder, add)):
        for r in read_ofac_csv(os.path.join(folder, add)):
            e = entries.get(r[0])
            if e is not None and len(r) > 4 and r[4]:
                e.countries.add(r[4])
    return entries


def load_un(path: str) -> dict:
    root = ET.parse(path).getroot()
    entries: dict[str, Entry] = {}
    for tag, kind in (("INDIVIDUAL", "person"), ("ENTITY", "company")):
        for x in root.iter(tag):
            parts = tuple((x.findtext(t) or "").strip()
                          for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
            name = " ".join(p for p in parts if p)
            e = Entry("un-2026", x.findtext("DATAID"), kind, name, parts=parts,
                      remarks=(x.findtext("COMMENTS1") or ""),
                      script=" ".join((x.findtext("NAME_ORIGINAL_SCRIPT") or "").split()))
            for i, a in enumerate(x.iter(f"{tag}_ALIAS"), start=1):
                q = (a.findtext("QUALITY") or "").strip()
                # One ALIAS_NAME can hold several names separated by ';'.
                names = [" ".join(n.split()) for n in (a.findtext("ALIAS_NAME") or "").split(";")]
                for j, n in enumerate(x for x in names if x):
                    aid = str(i) if len(names) == 1 else f"{i}.{j + 1}"
                    if q in ("Good", "a.k.a."):
                        e.aliases.append((aid, q, n))
                    else:
                        e.weak.append(n)
            for c in x.iter("COUNTRY"):
                if (c.text or "").strip():
                    e.countries.add(c.text.strip())
            for v in x.findall("NATIONALITY/VALUE"):
                if (v.text or "").strip():
                    e.countries.add(v.text.strip())
            entries[e.id] = e
    return entries


def load_csl(path: str) -> list[dict]:
    """A CSV with a header row (the CSL layout)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_caat(folder: str) -> dict:
    """Exhibitor name -> {'events': set, 'iso2': set}. Reads every data/*.json event."""
    out: dict[str, dict] = {}
    for f in sorted(glob.glob(os.path.join(folder, "data", "*.json"))):
        slug = os.path.basename(f)[:-5]
        with open(f, encoding="utf-8") as fh:
            ev = json.load(fh)
        for ex in ev.get("exhibitor", []):
            names = ex.get("name")
            names = [names] if isinstance(names, str) else (names or [])
            if not names:
                continue
            rec = out.setdefault(" ".join(names[0].split()), {"events": set(), "iso2": set(), "ctext": set()})
            rec["events"].add(slug)
            cs = ex.get("country")
            for c in (cs if isinstance(cs, list) else [cs]):
                if isinstance(c, dict):
                    if c.get("iso2"):
                        rec["iso2"].add(c["iso2"])
                    if c.get("text"):
                        rec["ctext"].add((c["text"], c.get("iso2")))
                elif isinstance(c, str) and re.fullmatch(r"[A-Z]{2}", c):
                    rec["iso2"].add(c)
    return out


def country_map(caat: dict) -> dict:
    """Folded country text -> ISO2, learnt from the CAAT record's own (text, iso2) pairs."""
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for rec in caat.values():
        for text, iso in rec["ctext"]:
            if iso:
                votes[key(text)][iso] += 1
    m = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    # A few list spellings that the exhibitor record never uses.
    m.update({"burma": "MM", "north korea": "KP", "korea north": "KP", "iran": "IR",
              "syria": "SY", "russia": "RU", "region crimea": "UA", "west bank": "PS",
              "united arab emirates": "AE", "venezuela": "VE", "cuba": "CU"})
    return m


# --------------------------------------------------------------------------- pair registry

class Pairs:
    """Collects pairs, refusing duplicates (either order) and a/b identical after casefolding."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.seen: set[tuple[str, str]] = set()

    def add(self, a: str, b: str, typ: str, label: int, cat: str, note: str) -> bool:
        a, b = " ".join(a.split()), " ".join(b.split())
        if not a or not b or a.casefold() == b.casefold():
            return False
        if (a, b) in REMOVED_AFTER_SPOT_CHECK or (b, a) in REMOVED_AFTER_SPOT_CHECK:
            return False
        k = tuple(sorted((a.casefold(), b.casefold())))
        if k in self.seen:
            return False
        self.seen.add(k)
        self.rows.append(dict(a=a, b=b, type=typ, label=label, category=cat, note=note))
        return True

    def count(self, cat: str) -> int:
        return sum(1 for r in self.rows if r["category"] == cat)


def take(rng: random.Random, items: list, n: int, emit) -> int:
    """Shuffle a (sorted) candidate list with rng and call emit(item) until n succeed."""
    items = list(items)
    rng.shuffle(items)
    got = 0
    for it in items:
        if got >= n:
            break
        if emit(it):
            got += 1
    return got


# --------------------------------------------------------------------------- categories

def is_latin(s: str) -> bool:
    return all(ord(c) < 0x250 for c in s)


def cat_alias(rng, P: Pairs, sdn21, cons, un, csl_rows) -> None:
    """Primary name vs one of its own good-quality aliases (OFAC alt.csv a.k.a., UN Good / a.k.a.)."""
    cat = "alias"

    def candidates(entries, kind):
        out = []
        for e in sorted(entries.values(), key=lambda e: (e.source, e.id)):
            if e.kind != kind:
                continue
            good = [a for a in e.aliases
                    if is_latin(a[2]) and len(a[2]) >= 5 and key(a[2]) != key(e.name)
                    and len(content(a[2])) >= 1]
            if good:
                out.append((e, good))
        return out

    def emit_from(pool, n, want_shared):
        def emit(item):
            e, good = item
            # Mostly spelling/format variants (share a token with the primary); a minority
            # of aliases that share no token at all (translations, other names).
            opts = [a for a in good if bool(set(content(a[2])) & set(content(e.name))) == want_shared]
            if not opts:
                return False
            aid, q, alias = rng.choice(opts)
            tag = f"alt {aid}" if e.source.startswith("ofac") else f"alias {aid} ({q})"
            extra = "" if want_shared else "; shares no token with the primary"
            return P.add(alias, e.name, e.kind, 1, cat, f"{e.ref} {tag}{extra}")
        return take(rng, pool, n, emit)

    plan = [  # (entries, kind, n sharing a token, n sharing none)
        (sdn21, "company", 19, 5), (sdn21, "person", 13, 3),
        (cons, "company", 4, 1), (cons, "person", 4, 0),
        (un, "company", 6, 2), (un, "person", 7, 1),
    ]
    for entries, kind, n_sh, n_no in plan:
        pool = candidates(entries, kind)
        emit_from(pool, n_sh, True)
        emit_from(pool, n_no, False)

    # CSL samples: their alt_names column (semicolon separated) -> a few more pairs.
    rows = [r for r in csl_rows if r.get("alt_names") and r.get("type") in ("Entity", "Individual")]
    rows.sort(key=lambda r: r["name"])

    def emit_csl(r):
        alts = [x.strip() for x in r["alt_names"].split(";") if x.strip()]
        alts = [x for x in alts if key(x) != key(r["name"]) and set(content(x)) & set(content(r["name"]))]
        if not alts:
            return False
        typ = "person" if r["type"] == "Individual" else "company"
        return P.add(rng.choice(alts), r["name"], typ, 1, cat,
                     f"csl-2019-format alt_names of '{r['name']}' ({r['source'].split(' - ')[0]})")
    take(rng, rows, TARGETS[cat] - P.count(cat), emit_csl)


# Hand-written Cyrillic (Russian) forms of Russian company names on the 2021 SDN list, in the
# way Russian registers write them: legal form abbreviation first, the name in guillemets.
CYRILLIC_FORMS = [
    ("18782", "ОАО «Рособоронэкспорт»"),
    ("16869", "АО «Концерн «Созвездие»"),
    ("16911", "Концерн «Калашников»"),
    ("19040", "ОАО «Волгограднефтемаш»"),
    ("21003", "АО «Институт Стройпроект»"),
    ("22406", "ООО «Молот-Оружие»"),
    ("22407", "ООО «Оборонлогистика»"),
    ("23580", "ООО «Угольные технологии»"),
    ("24185", "ООО «Газпром бурение»"),
    ("24204", "ООО «Ладога Менеджмент»"),
    ("31455", "АО «Позитив Текнолоджиз»"),
]


def cat_script(rng, P: Pairs, sdn21, un) -> None:
    """UN NAME_ORIGINAL_SCRIPT vs the Latin primary, plus hand-written Cyrillic company names."""
    cat = "script"
    for ent, cyr in CYRILLIC_FORMS:
        e = sdn21.get(ent)
        if e is None:
            sys.exit(f"script: ofac-sdn-2021 ent {ent} not found")
        P.add(cyr, e.name, "company", 1, cat, f"{e.ref}; hand-written Cyrillic form (synthetic)")

    def script_of(s):
        c = next((c for c in s if c.isalpha()), "")
        return unicodedata.name(c, "?").split()[0] if c else "?"

    with_script = [e for e in sorted(un.values(), key=lambda e: e.id)
                   if e.script and key(e.script) != key(e.name) and not is_latin(e.script)]
    cyr = [e for e in with_script if script_of(e.script) == "CYRILLIC"]
    arab = [e for e in with_script if script_of(e.script) == "ARABIC"]

    def emit(e):
        return P.add(e.script, e.name, e.kind, 1, cat,
                     f"{e.ref} NAME_ORIGINAL_SCRIPT ({script_of(e.script).title()})")
    take(rng, cyr, len(cyr), emit)                 # all Cyrillic UN names (9 people, 2 entities)
    remaining = TARGETS[cat] - P.count(cat)
    take(rng, [e for e in arab if e.kind == "company"], remaining // 2, emit)
    take(rng, [e for e in arab if e.kind == "person"], TARGETS[cat] - P.count(cat), emit)


def natural_order(ofac_name: str) -> str | None:
    """'LAST, First Middle' -> 'First Middle Last' (surname title-cased as a person would write it)."""
    if ofac_name.count(",") != 1:
        return None
    last, given = (p.strip() for p in ofac_name.split(","))
    if not last or not given:
        return None
    return f"{given} {last.title()}"


def cat_word_order(rng, P: Pairs, sdn21, cons) -> None:
    cat = "word_order"
    for entries, n in ((sdn21, 32), (cons, 8)):
        pool = [e for e in sorted(entries.values(), key=lambda e: e.id)
                if e.kind == "person" and natural_order(e.name)]
        take(rng, pool, n, lambda e: P.add(natural_order(e.name), e.name, "person", 1, cat,
                                           f"{e.ref}; 'LAST, First' reordered"))


QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def neighbour(c: str, rng) -> str:
    low = c.lower()
    for r, row in enumerate(QWERTY):
        i = row.find(low)
        if i >= 0:
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            for rr in (r - 1, r + 1):
                if 0 <= rr < 3:
                    near += [QWERTY[rr][j] for j in (i - 1, i) if 0 <= j < len(QWERTY[rr])]
            out = rng.choice(sorted(set(near) - {low}))
            return out.upper() if c.isupper() else out
    return c


def make_typo(word: str, rng, n_edits: int) -> tuple[str, list[str]]:
    """Apply n_edits edits (substitution / deletion / adjacent transposition), never to letter 0."""
    w, ops = list(word), []
    for _ in range(n_edits):
        kind = rng.choice(["sub", "del", "swap"])
        if kind == "swap":
            spots = [i for i in range(1, len(w) - 1) if w[i] != w[i + 1]]
            if spots:
                i = rng.choice(spots)
                w[i], w[i + 1] = w[i + 1], w[i]
                ops.append(f"swap {w[i + 1]}{w[i]}")
                continue
            kind = "sub"
        i = rng.randrange(1, len(w))
        if kind == "del" and len(w) > 4:
            ops.append(f"del {w[i]}")
            del w[i]
        else:
            new = neighbour(w[i], rng)
            ops.append(f"sub {w[i]}->{new}")
            w[i] = new
    return "".join(w), ops


def cat_typo(rng, P: Pairs, sdn21, cons, un) -> None:
    cat = "typo"

    def emit(e):
        # Only distinctive words: a typo in 'COMPANY' or 'LIMITED' says little about the matcher.
        words = [m for m in re.finditer(r"[A-Za-z]{5,}", e.name)
                 if m.group(0).lower() not in LEGAL | STOP | GENERIC]
        if not words:
            return False
        m = rng.choice(words)
        n_edits = 2 if rng.random() < 0.3 else 1
        new, ops = make_typo(m.group(0), rng, n_edits)
        if new.casefold() == m.group(0).casefold():
            return False
        typo = e.name[:m.start()] + new + e.name[m.end():]
        return P.add(typo, e.name, e.kind, 1, cat,
                     f"{e.ref}; synthetic: {', '.join(ops)} in '{m.group(0)}'")

    for entries, kind, n in ((sdn21, "company", 16), (sdn21, "person", 14), (cons, "company", 2),
                             (cons, "person", 2), (un, "company", 2), (un, "person", 4)):
        pool = [e for e in sorted(entries.values(), key=lambda e: e.id)
                if e.kind == kind and is_latin(e.name)]
        take(rng, pool, n, emit)


# Legal-form rewrites: (label, pattern, replacement). Applied to the list name to make the query.
def _jsc(m):
    return {"OPEN": "OJSC", "CLOSED": "CJSC", "PUBLIC": "PJSC"}.get((m.group(1) or "").strip(), "JSC")


LEGAL_RULES = [
    ("LTD -> LIMITED", r"\bLTD\.?(?=$|[\s,)])", "LIMITED"),
    ("LIMITED -> LTD", r"\bLIMITED\b(?! LIABILITY)", "LTD"),
    ("CO., LTD. -> COMPANY LIMITED", r"\bCO\.?,?\s+LTD\.?", "COMPANY LIMITED"),
    ("LLC -> L.L.C.", r"\bLLC\b", "L.L.C."),
    ("L.L.C. -> LLC", r"\bL\.L\.C\.?", "LLC"),
    ("LIMITED LIABILITY COMPANY -> LLC", r"\bLIMITED LIABILITY COMPANY\b", "LLC"),
    ("JOINT STOCK COMPANY -> JSC", r"\b(OPEN |CLOSED |PUBLIC )?JOINT[- ]STOCK COMPANY\b", _jsc),
    ("', OOO' suffix -> 'OOO' prefix", r"^(.+), OOO$", r"OOO \1"),
    ("OOO -> LLC", r"\bOOO\b", "LLC"),
    ("OAO -> OJSC", r"\bOAO\b", "OJSC"),
    ("ZAO -> CJSC", r"\bZAO\b", "CJSC"),
    ("AO -> JSC", r"\bAO\b", "JSC"),
    ("S.A. -> SA", r"\bS\.A\.", "SA"),
    ("INC. -> INCORPORATED", r"\bINC\b\.?", "INCORPORATED"),
    ("CORPORATION -> CORP.", r"\bCORPORATION\b", "CORP."),
    ("GMBH -> GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG", r"\bGMBH\b", "GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG"),
    ("drop leading THE", r"^THE\s+", ""),
    ("punctuation: drop commas and dots", r"[.,]", ""),
]
ADDABLE = ["LTD", "LLC", "CO.", "S.A.", "GMBH", "JSC"]
# A legal form is only added to names that look like a business (not to armed groups etc.).
BUSINESS = {"trading", "bank", "shipping", "industries", "industry", "investment", "holding",
            "holdings", "group", "services", "engineering", "petroleum", "oil", "exchange", "steel",
            "construction", "commercial", "airlines", "electronics", "technology", "development",
            "import", "export", "project", "manufacturing", "logistics", "marine"}


def strip_legal(name: str) -> str | None:
    """Drop trailing legal-form words (and a trailing comma). None if nothing to drop."""
    words = name.split()
    cut = len(words)
    while cut > 1 and key(words[cut - 1]) in LEGAL | {"coltd"}:
        cut -= 1
    if cut == len(words) or cut == 0:
        return None
    out = " ".join(words[:cut]).rstrip(" ,")
    return out if len(content(out)) >= 2 else None      # not a bare one-word query


def cat_legal_form(rng, P: Pairs, sdn21, cons, un) -> None:
    cat = "legal_form"
    companies = [e for src in (sdn21, cons, un) for e in sorted(src.values(), key=lambda e: e.id)
                 if e.kind == "company" and is_latin(e.name)]
    by_rule: dict[str, list] = collections.defaultdict(list)
    for e in companies:
        for label, pat, rep in LEGAL_RULES:
            if re.search(pat, e.name):
                by_rule[label].append((e, label, pat, rep))
        if strip_legal(e.name):
            by_rule["drop legal form"].append((e, "drop legal form", None, None))
        elif not set(tokens(e.name)) & LEGAL and set(content(e.name)) & BUSINESS:
            by_rule["add legal form"].append((e, "add legal form", None, None))
    used: set[str] = set()

    def emit(item):
        e, label, pat, rep = item
        if e.ref in used:
            return False
        if label == "drop legal form":
            new = strip_legal(e.name)
        elif label == "add legal form":
            form = rng.choice(ADDABLE)
            new, label = f"{e.name} {form}", f"add {form}"
        else:   # the punctuation rule applies everywhere, the others to the first match only
            new = " ".join(re.sub(pat, rep, e.name, count=0 if label.startswith("punct") else 1).split())
        if not new or new.casefold() == e.name.casefold():
            return False
        ok = P.add(new, e.name, "company", 1, cat, f"{e.ref}; {label}")
        if ok:
            used.add(e.ref)
        return ok

    rules = sorted(by_rule)
    rng.shuffle(rules)
    # Round-robin over rules so that every rewrite is represented: 1 per rule, then 2, then top up.
    for per_rule in (1, 2, 4):
        for r in rules:
            have = sum(1 for x in P.rows if x["category"] == cat and x["note"].endswith(r))
            if P.count(cat) < TARGETS[cat]:
                take(rng, by_rule[r], min(per_rule - have, TARGETS[cat] - P.count(cat)), emit)


def related(e: Entry, f: Entry) -> bool:
    """True if the list itself ties e and f: shared alias/name, or one names the other in remarks."""
    if e.all_keys() & f.all_keys():
        return True
    for x, y in ((e, f), (f, e)):
        rem = x.remarks_key()
        if any(len(k) >= 6 and f" {k} " in rem for k in y.all_keys()):
            return True
    return False


def linked_to(e: Entry) -> set[str]:
    """Names in the entry's 'Linked To: X' remarks."""
    return {x.strip().rstrip(".") for x in re.findall(r"Linked To: ([^;]+)", e.remarks)}


def cat_hard_negative_company(rng, P: Pairs, sdn21, cons, un) -> None:
    """Two different entries of the same list whose names share their first word or most words."""
    cat = "hard_negative_company"
    first_pairs, overlap_pairs = [], []
    for entries in (sdn21, cons, un):
        ents = [e for e in sorted(entries.values(), key=lambda e: e.id)
                if e.kind == "company" and is_latin(e.name) and len(content(e.name)) >= 2]
        cont = {e.id: content(e.name) for e in ents}
        index = collections.defaultdict(list)
        for e in ents:
            for t in sorted(set(cont[e.id])):
                index[t].append(e)
        seen = set()
        for t in sorted(index):
            group = index[t]
            if len(group) > 400:           # extremely common words: first-word pairs only
                group = [e for e in group if cont[e.id][0] == t]
            for i, e in enumerate(group):
                for f in group[i + 1:]:
                    pk = (e.id, f.id)
                    if pk in seen:
                        continue
                    seen.add(pk)
                    ce, cf = set(cont[e.id]), set(cont[f.id])
                    if ce <= cf or cf <= ce:          # containment: branch / parent risk
                        continue
                    jac = len(ce & cf) / len(ce | cf)
                    same_first = cont[e.id][0] == cont[f.id][0] and len(cont[e.id][0]) >= 3
                    if not (same_first or jac >= 0.5):
                        continue
                    if key(e.name) == key(f.name) or related(e, f):
                        continue
                    if "branch" in ce | cf:          # branches of one organisation
                        continue
                    item = (e, f, jac, cont[e.id][0] if same_first else None)
                    (overlap_pairs if jac >= 0.5 else first_pairs).append(item)
    used_entries: set[str] = set()
    per_word: collections.Counter = collections.Counter()

    def emit(item):
        e, f, jac, first = item
        if e.ref in used_entries or f.ref in used_entries:
            return False
        w = first or "~overlap"
        if first and per_word[w] >= 2:
            return False
        a, b = (e, f) if rng.random() < 0.5 else (f, e)
        why = f"shared first word '{first}'" if first else ""
        why = "; ".join(x for x in (why, f"token Jaccard {jac:.2f}") if x)
        common_parent = sorted(linked_to(e) & linked_to(f))
        if common_parent:                    # group siblings: distinct entities, same owner
            why += f"; siblings, both Linked To {common_parent[0]}"
        if not P.add(a.name, b.name, "company", 0, cat, f"{a.ref} vs {b.id}: distinct entries; {why}"):
            return False
        used_entries.update((e.ref, f.ref))
        per_word[w] += 1
        return True

    take(rng, overlap_pairs, TARGETS[cat] // 2, emit)
    take(rng, first_pairs, TARGETS[cat] - P.count(cat), emit)


def split_ofac_person(name: str):
    if name.count(",") != 1:
        return None
    last, given = (p.strip() for p in name.split(","))
    return (last, given) if last and given else None


def cat_hard_negative_person(rng, P: Pairs, sdn21, cons, un) -> None:
    """Two different individuals of the same list sharing a surname or an identical given name."""
    cat = "hard_negative_person"
    sur_pairs, given_pairs, un_pairs = [], [], []
    for entries in (sdn21, cons):
        people = [e for e in sorted(entries.values(), key=lambda e: e.id)
                  if e.kind == "person" and split_ofac_person(e.name)]
        by_last, by_given = collections.defaultdict(list), collections.defaultdict(list)
        for e in people:
            last, given = split_ofac_person(e.name)
            by_last[key(last)].append(e)
            by_given[key(given)].append(e)
        for groups, bucket, other, how in ((by_last, sur_pairs, 1, "shared surname"),
                                           (by_given, given_pairs, 0, "shared given name")):
            for k in sorted(groups):
                g = groups[k]
                if len(k) < 4:
                    continue
                for i, e in enumerate(g):
                    for f in g[i + 1:]:
                        # The *other* part must clearly differ: no shared token, low similarity.
                        oe, of = key(split_ofac_person(e.name)[other]), key(split_ofac_person(f.name)[other])
                        if set(oe.split()) & set(of.split()) or SequenceMatcher(None, oe, of).ratio() >= 0.5:
                            continue
                        if related(e, f):
                            continue
                        bucket.append((e, f, k, how))
    # UN: same last name part, first names different.
    ppl = [e for e in sorted(un.values(), key=lambda e: e.id) if e.kind == "person" and is_latin(e.name)]
    by_last = collections.defaultdict(list)
    for e in ppl:
        named = [p for p in e.parts if p]
        if len(named) >= 2:
            by_last[key(named[-1])].append(e)
    for k in sorted(by_last):
        g = by_last[k]
        for i, e in enumerate(g):
            for f in g[i + 1:]:
                fe, ff = key(e.parts[0]), key(f.parts[0])
                if len(k) >= 4 and fe != ff and SequenceMatcher(None, fe, ff).ratio() < 0.5 \
                        and not related(e, f):
                    un_pairs.append((e, f, k, "shared last name part"))
    used: set[str] = set()
    per_key: collections.Counter = collections.Counter()

    def emit(item):
        e, f, k, how = item
        if e.ref in used or f.ref in used or per_key[k] >= 2:
            return False
        a, b = (e, f) if rng.random() < 0.5 else (f, e)
        qa = a.name
        if a.source.startswith("ofac") and rng.random() < 0.5:
            qa = natural_order(a.name)           # queries often come as "First Last"
            how += "; a reordered to First Last"
        if not P.add(qa, b.name, "person", 0, cat, f"{a.ref} vs {b.id}: distinct individuals; {how} '{k}'"):
            return False
        used.update((e.ref, f.ref))
        per_key[k] += 1
        return True

    take(rng, sur_pairs, 22, emit)
    take(rng, given_pairs, 10, emit)
    take(rng, un_pairs, TARGETS[cat] - P.count(cat), emit)


def cat_exhibitor_negative(rng, P: Pairs, caat, lists_all, sdn21, cons, un, cmap) -> None:
    """CAAT exhibitor names vs list companies sharing one word: Gamma block, generic words, common words."""
    cat = "exhibitor_negative"

    def ev(name):
        return ev_caat(caat, name, first_only=True)

    # 1. Gamma: every list entry (any source) with the word GAMMA, plus the look-alike GAMA.
    gamma_list = [e for e in lists_all if "gamma" in tokens(e.name)
                  or any("gamma" in tokens(a[2]) for a in e.aliases)]
    gama_list = [e for e in lists_all if "gama" in tokens(e.name) and e.kind == "company"]
    print(f"  Gamma-named list entries: {[e.ref + ' ' + e.name for e in gamma_list]}")
    print(f"  GAMA look-alikes: {[e.ref + ' ' + e.name for e in gama_list]}")
    effbe = sorted(n for n in caat if "effbe" in tokens(n))
    for ex in effbe:
        for e in gamma_list:
            P.add(ex, e.name, "company", 0, cat, f"{ev(ex)} vs {e.ref} ({e.remarks_country}); shared 'gamma'")
    for e in gama_list:
        P.add(effbe[0], e.name, "company", 0, cat, f"{ev(effbe[0])} vs {e.ref}; look-alike 'GAMMA'/'GAMA'")
    gamma_ex = sorted(n for n in caat if "gamma" in tokens(n) and "effbe" not in tokens(n)
                      and "?" not in n and "RU" not in caat[n]["iso2"])
    for ex in gamma_ex:
        for e in gamma_list:
            P.add(ex, e.name, "company", 0, cat, f"{ev(ex)} vs {e.ref} ({e.remarks_country}); shared 'gamma'")

    # Exhibitor names usable as queries: 2-8 tokens, mostly Latin, no sponsor/stand notes.
    ex_names = [n for n in sorted(caat) if 2 <= len(tokens(n)) <= 8 and is_latin(n)
                and not re.search(r"sponsor|pavilion|hall|stand|\?|�", n, re.I)]
    ex_content = {n: set(content(n)) for n in ex_names}
    idx = collections.defaultdict(list)
    for n in ex_names:
        for t in ex_content[n]:
            idx[t].append(n)
    # A word is "common" if >= 10 exhibitor names from >= 5 countries use it (not a brand).
    common = {t for t, ns in idx.items()
              if len(ns) >= 10 and len({c for n in ns for c in caat[n]["iso2"]}) >= 5 and len(t) >= 4}

    list_cos = [e for src in (sdn21, cons, un) for e in sorted(src.values(), key=lambda e: (e.source, e.id))
                if e.kind == "company" and is_latin(e.name) and len(content(e.name)) >= 2]

    def iso_of(e):
        return {cmap.get(key(c)) for c in e.countries} - {None}

    used_words: collections.Counter = collections.Counter()

    def make_emit(generic: bool):
        def emit(e):
            ce = set(content(e.name))
            le = iso_of(e)
            words = sorted(t for t in ce if (t in GENERIC) == generic and (generic or t in common))
            if not words or not le:
                return False
            w = rng.choice(words)
            if used_words[w] >= 2:
                return False
            cands = [n for n in idx.get(w, []) if ex_content[n] & ce == {w} and len(ex_content[n]) >= 2
                     and caat[n]["iso2"] and not (caat[n]["iso2"] & le)]
            if not cands:
                return False
            ex = rng.choice(cands)
            note = (f"{ev(ex)} vs {e.ref} ({','.join(sorted(le))}); only shared word '{w}'"
                    + ("; generic word" if generic else "; common word, different countries"))
            if P.add(ex, e.name, "company", 0, cat, note):
                used_words[w] += 1
                return True
            return False
        return emit

    take(rng, list_cos, 10, make_emit(True))
    take(rng, list_cos, TARGETS[cat] - P.count(cat), make_emit(False))


def cat_spyware(rng, P: Pairs, spy_rows, sdn21, sdn24, caat) -> None:
    """Entity-List spyware firms vs their CAAT spellings, list aliases and other lists' forms."""
    cat = "spyware_positive"
    el = {r["name"]: r for r in spy_rows}

    def need(cond, what):
        if not cond:
            sys.exit(f"spyware_positive: {what} not found in the data")

    for n in ("NSO Group Technologies LTD", "Intellexa"):
        need(n in caat, f"CAAT exhibitor {n!r}")
    pos = sdn21.get("31455")
    need(pos is not None, "ofac-sdn-2021 ent 31455")
    by_name24 = {e.name: e for e in sdn24.values()}
    cyh = by_name24.get("CYTROX HOLDINGS ZARTKORUEN MUKODO RESZVENYTARSASAG")
    ixa = by_name24.get("INTELLEXA S.A.")
    need(cyh and ixa, "ofac-sdn-2024 Cytrox Holdings / Intellexa S.A.")
    alt_jsc = next(a for a in pos.aliases if a[2] == "JSC POSITIVE TECHNOLOGIES")
    alt_ao = next(a for a in pos.aliases if a[2] == "POZITIV TEKNOLODZHIZ, AO")
    rows = [
        ("NSO Group Technologies LTD", "NSO Group",
         f"{ev_caat(caat, 'NSO Group Technologies LTD')} vs entity-list-spyware fw-el-0001"),
        ("Intellexa", "Intellexa S.A.", f"{ev_caat(caat, 'Intellexa')} vs entity-list-spyware fw-el-0005"),
        ("Intellexa", "Intellexa Limited", f"{ev_caat(caat, 'Intellexa')} vs entity-list-spyware fw-el-0006"),
        ("Candiru", "Saito Tech Ltd.", "entity-list-spyware fw-el-0002 name vs its alt_names (alias pair)"),
        ("COSEINC", "Computer Security Initiative Consultancy PTE. LTD.",
         "entity-list-spyware fw-el-0004 alt_names vs name (alias pair)"),
        ("Positive Technologies", pos.name, f"entity-list-spyware fw-el-0003 vs {pos.ref} (a.k.a. JSC POSITIVE TECHNOLOGIES)"),
        ("Positive Technologies", alt_jsc[2], f"entity-list-spyware fw-el-0003 vs {pos.ref} alt {alt_jsc[0]}"),
        ("Positive Technologies", alt_ao[2], f"entity-list-spyware fw-el-0003 vs {pos.ref} alt {alt_ao[0]}"),
        ("Cytrox Holdings Zrt", cyh.name, f"entity-list-spyware fw-el-0008 vs {cyh.ref} (Zrt = Zartkoruen Mukodo Reszvenytarsasag)"),
        ("Cytrox", "Cytrox AD", "common variant (brand without legal form) vs entity-list-spyware fw-el-0007"),
        ("Intellexa SA", ixa.name, f"common variant vs {ixa.ref}"),
    ]
    # Every Entity-List name used above must really be in the compiled file (name or alt_names).
    el_names = set(el) | {x.strip() for r in spy_rows for x in r["alt_names"].split(";") if x.strip()}
    for a, b, note in rows:
        if "entity-list-spyware" in note and "ofac" not in note:
            need(a in el_names or b in el_names, f"{a!r} / {b!r} in the Entity List file")
        P.add(a, b, "company", 1, cat, note)


def ev_caat(caat: dict, name: str, first_only: bool = False) -> str:
    """Provenance of a CAAT exhibitor name: its event slug(s) and declared countries."""
    rec = caat[name]
    events = sorted(rec["events"])
    where = events[0] if first_only else ",".join(events)
    return f"caat {where} ({','.join(sorted(rec['iso2'])) or 'country n/a'})"


# --------------------------------------------------------------------------- main

def main() -> int:
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
    data = os.path.abspath(data)
    L = os.path.join(data, "lists")

    sdn21 = load_ofac(os.path.join(L, "ofac-sdn-2021"), "ofac-sdn-2021", "sdn.csv", "alt.csv", "add.csv")
    sdn24 = load_ofac(os.path.join(L, "ofac-sdn-2024"), "ofac-sdn-2024", "sdn.csv", None, None)
    cons = load_ofac(os.path.join(L, "ofac-cons-2025"), "ofac-cons-2025", "cons_prim.csv", "cons_alt.csv",
                     "cons_add.csv")
    un = load_un(os.path.join(L, "un-2026", "consolidated.xml"))
    csl = load_csl(os.path.join(L, "csl-samples", "csl-2019-format.csv"))
    spy = load_csl(os.path.join(L, "csl-samples", "entity-list-spyware-compiled.csv"))
    caat = load_caat(os.path.join(data, "caat"))
    cmap = country_map(caat)
    print(f"loaded: sdn-2021 {len(sdn21)}, sdn-2024 {len(sdn24)}, cons-2025 {len(cons)}, un-2026 {len(un)}, "
          f"csl {len(csl)}, spyware {len(spy)}, caat names {len(caat)}")

    # Country of an sdn-2024 entry (no add.csv for that date): from '(Russia)' style remarks.
    for src in (sdn21, sdn24, cons, un):
        for e in src.values():
            m = re.search(r"\(([A-Z][a-z]+(?: [A-Z][a-z]+)*)\)", e.remarks)
            e.remarks_country = ", ".join(sorted(e.countries)) or (m.group(1) if m else "country n/a")
    lists_all = [e for src in (sdn21, sdn24, cons, un) for e in sorted(src.values(), key=lambda e: e.id)]

    P = Pairs()
    # Positives first, then negatives; each category draws from its own rng stream so that a
    # change in one category does not reshuffle the others.
    steps = [
        ("spyware_positive", lambda r: cat_spyware(r, P, spy, sdn21, sdn24, caat)),
        ("script", lambda r: cat_script(r, P, sdn21, un)),
        ("alias", lambda r: cat_alias(r, P, sdn21, cons, un, csl)),
        ("word_order", lambda r: cat_word_order(r, P, sdn21, cons)),
        ("typo", lambda r: cat_typo(r, P, sdn21, cons, un)),
        ("legal_form", lambda r: cat_legal_form(r, P, sdn21, cons, un)),
        ("hard_negative_company", lambda r: cat_hard_negative_company(r, P, sdn21, cons, un)),
        ("hard_negative_person", lambda r: cat_hard_negative_person(r, P, sdn21, cons, un)),
        ("exhibitor_negative", lambda r: cat_exhibitor_negative(r, P, caat, lists_all, sdn21, cons, un, cmap)),
    ]
    for i, (name, fn) in enumerate(steps):
        fn(random.Random(SEED * 100 + i))

    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["a", "b", "type", "label", "category", "note"])
        w.writeheader()
        w.writerows(P.rows)

    # Summary.
    by = collections.Counter((r["category"], r["label"]) for r in P.rows)
    print(f"\nwrote {len(P.rows)} pairs to {os.path.relpath(OUT, REPO)}")
    print(f"{'category':<24}{'label':>6}{'n':>6}{'target':>8}")
    for cat in TARGETS:
        for lab in (1, 0):
            if by[(cat, lab)]:
                print(f"{cat:<24}{lab:>6}{by[(cat, lab)]:>6}{TARGETS[cat]:>8}")
    pos = sum(1 for r in P.rows if r["label"] == 1)
    print(f"{'total':<24}{'':>6}{len(P.rows):>6}   positives {pos}, negatives {len(P.rows) - pos}")
    types = collections.Counter(r["type"] for r in P.rows)
    print(f"types: {dict(sorted(types.items()))}")
    short = [c for c in TARGETS if P.count(c) < TARGETS[c]]
    if short:
        print(f"below target: {short}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
