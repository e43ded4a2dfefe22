#!/usr/bin/env python3
"""Generate crates/core/data/countries.tsv, the table behind fairwatch_core::country.

Run from anywhere:  python3 crates/core/data/generate_countries.py
Inputs (see PROVENANCE.md):
  * Debian iso-codes: /usr/share/iso-codes/json/iso_3166-1.json and the translations in
    /usr/share/locale/<lang>/LC_MESSAGES/iso_3166-1.mo (parsed with the standard
    library's gettext, so no extra Python packages are needed);
  * the UN M49 regions, transcribed below (M49 is a public UN standard);
  * aliases.tsv (hand-maintained, next to this script): only read here, to keep
    generated translations from shadowing a curated alias.
The output is deterministic: the same inputs give byte-identical output.
"""

import gettext
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
LOCALE_DIR = "/usr/share/locale"
# Languages whose country names appear in fair records (the CAAT record has French,
# Spanish, Portuguese, Polish, Slovenian, Korean, Chinese... names), plus the other
# languages of the countries that host arms fairs. Translations two countries claim are
# dropped, so adding a language never makes a name ambiguous.
LANGS = ["fr", "es", "pt", "pt_BR", "it", "de", "nl", "pl", "tr", "ko", "ru", "zh_CN", "zh_TW", "ar",
         "cs", "sk", "sl", "hr", "sr@latin", "bs", "hu", "ro", "bg", "el", "sv", "da", "nb", "fi",
         "lt", "lv", "et", "uk", "ja", "he", "id", "ms", "vi"]

# UN M49: region -> sub-region -> intermediate region -> ISO alpha-2 codes.
# Transcribed from https://unstats.un.org/unsd/methodology/m49/ (checked against
# lukes/ISO-3166-Countries-with-Regional-Codes, all/all.csv). "" means "none".
M49 = {
    "Africa": {
        "Northern Africa": {"": "DZ EG LY MA SD TN EH"},
        "Sub-Saharan Africa": {
            "Eastern Africa": "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
            "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
            "Southern Africa": "BW SZ LS NA ZA",
            "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
        },
    },
    "Americas": {
        "Latin America and the Caribbean": {
            "Caribbean": "AI AG AW BS BB BQ KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VG VI",
            "Central America": "BZ CR SV GT HN MX NI PA",
            "South America": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
        },
        "Northern America": {"": "BM CA GL PM US"},
    },
    "Asia": {
        "Central Asia": {"": "KZ KG TJ TM UZ"},
        "Eastern Asia": {"": "CN HK MO KP JP MN KR TW"},
        "South-eastern Asia": {"": "BN KH ID LA MY MM PH SG TH TL VN"},
        "Southern Asia": {"": "AF BD BT IN IR MV NP PK LK"},
        "Western Asia": {"": "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"},
    },
    "Europe": {
        "Eastern Europe": {"": "BY BG CZ HU PL MD RO RU SK UA"},
        "Northern Europe": {"": "AX DK EE FO FI IS IE IM LV LT NO SJ SE GB", "Channel Islands": "GG JE"},
        # Kosovo (XK) is not in M49; it is placed with its neighbours.
        "Southern Europe": {"": "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK"},
        "Western Europe": {"": "AT BE FR DE LI LU MC NL CH"},
    },
    "Oceania": {
        "Australia and New Zealand": {"": "AU CX CC HM NZ NF"},
        "Melanesia": {"": "FJ NC PG SB VU"},
        "Micronesia": {"": "GU KI MH FM NR MP PW UM"},
        "Polynesia": {"": "AS CK PF NU PN WS TK TO TV WF"},
    },
}

# Seven-continent scheme. Derived from M49 (Africa, Asia, Europe and Oceania map one to
# one; the Americas split at "South America"), except for the sub-Antarctic territories,
# which follow GeoNames' continent codes.
CONTINENT_OVERRIDES = {"AQ": "antarctica", "BV": "antarctica", "GS": "antarctica",
                       "HM": "antarctica", "TF": "antarctica"}

# Common English short names where ISO's short name is the formal or inverted one.
COMMON_NAMES = {
    "BN": "Brunei", "BO": "Bolivia", "CD": "DR Congo", "FK": "Falkland Islands",
    "FM": "Micronesia", "IR": "Iran", "KP": "North Korea", "KR": "South Korea",
    "LA": "Laos", "MD": "Moldova", "MF": "Saint Martin", "PS": "Palestine", "RU": "Russia",
    "SH": "Saint Helena", "SX": "Sint Maarten", "SY": "Syria", "TR": "Turkey",
    "TW": "Taiwan", "TZ": "Tanzania", "VA": "Vatican City", "VE": "Venezuela",
    "VG": "British Virgin Islands", "VI": "US Virgin Islands", "VN": "Vietnam",
}

# Long names where iso-codes has none and its short name is inverted ("Korea, Republic of").
OFFICIAL_NAMES = {
    "BN": "Brunei Darussalam", "CD": "Democratic Republic of the Congo",
    "FK": "Falkland Islands (Malvinas)", "KR": "Republic of Korea",
    "LA": "Lao People's Democratic Republic", "RU": "Russian Federation",
    "SY": "Syrian Arab Republic", "VA": "Holy See (Vatican City State)",
}

KOSOVO = {"alpha_2": "XK", "alpha_3": "XKX", "numeric": "", "name": "Kosovo",
          "official_name": "Republic of Kosovo"}

# Translated names that would mislead even as a whole field, because they are also a
# common place name elsewhere ("Granada" is Spanish for Grenada and a Spanish city;
# "Salvador" is a Brazilian city; "Norfolk" an English county and a US city).
TRANSLATION_DENYLIST = {"granada", "georgia", "jersey", "guinea", "salvador", "norfolk"}


APOSTROPHES = "'’‘ʼ`´′"
FOLD_SPECIAL = {"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
                "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i"}


def fold(text):
    """Mirror of fairwatch_core::fold::fold: NFKD, combining marks dropped, lower case
    (per character, as Rust's char::to_lowercase), whitespace runs collapsed."""
    out = []
    pending_space = False
    for c in unicodedata.normalize("NFKD", text):
        if unicodedata.category(c) in ("Mn", "Mc", "Me"):
            continue
        if c.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(FOLD_SPECIAL.get(c) or c.lower())
    return "".join(out)


def key(text):
    """Mirror of fairwatch_core::country::key. keys.tsv stores these, so that the Rust
    side need not normalise thousands of names at start-up; a Rust unit test checks
    that both sides agree on every name."""
    if text.isascii():
        folded = text.lower()
    else:
        folded = fold("".join(c for c in text if c not in APOSTROPHES))
    words = []
    word = []
    for c in folded:
        if c in APOSTROPHES:
            continue
        if c == "&":
            if word:
                words.append("".join(word))
                word = []
            words.append("and")
        elif c.isalnum():
            word.append(c)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    out = []
    i = 0
    single = lambda w: len(w) == 1 and w.isascii() and w.isalpha()
    while i < len(words):
        j = i
        while j < len(words) and single(words[j]):
            j += 1
        if j - i >= 2:
            out.append("".join(words[i:j]))
            i = j
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def clean(text):
    """Tabs and pipes are the table's separators; names never need them."""
    return " ".join(text.replace("|", " ").split())


def main():
    iso = json.load(open(ISO_JSON, encoding="utf-8"))["3166-1"] + [KOSOVO]
    region_of = {}
    for region, subs in M49.items():
        for sub, inters in subs.items():
            for inter, codes in inters.items():
                for code in codes.split():
                    assert code not in region_of, code
                    # The finest standard grouping: M49's intermediate regions split the
                    # two very large sub-regions (Latin America, Sub-Saharan Africa).
                    fine = inter if inter and inter != "Channel Islands" else sub
                    region_of[code] = (region, fine)
    region_of["AQ"] = ("", "")
    codes = {e["alpha_2"] for e in iso}
    assert codes == set(region_of), (codes ^ set(region_of))

    curated = {}
    with open(os.path.join(HERE, "aliases.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            alias, target = line.rstrip("\n").split("\t")[:2]
            curated[key(alias)] = target

    catalogs = {}
    for lang in LANGS:
        path = os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", "iso_3166-1.mo")
        with open(path, "rb") as f:
            catalogs[lang] = gettext.GNUTranslations(f)._catalog

    rows = []
    english_keys = {}  # key -> alpha_2, for collision checks
    per_country = {}
    for e in sorted(iso, key=lambda e: e["alpha_2"]):
        a2 = e["alpha_2"]
        name = COMMON_NAMES.get(a2) or e.get("common_name") or e["name"]
        official = e.get("official_name") or OFFICIAL_NAMES.get(a2) or e["name"]
        if official.startswith("the "):
            official = official[4:]  # iso-codes writes "the State of Eritrea"
        english = [name, official, e["name"], e.get("common_name", ""), e.get("official_name", "")]
        english = [clean(x) for x in english if x]
        for x in english:
            k = key(x)
            other = english_keys.setdefault(k, a2)
            if other != a2:
                sys.exit(f"English name collision: {x!r} for {a2} and {other}")
        msgids = [x for x in (e["name"], e.get("common_name"), e.get("official_name")) if x]
        translated = []
        for lang in LANGS:
            for m in msgids:
                t = catalogs[lang].get(m)
                if t:
                    translated.append(clean(t))
        per_country[a2] = (e, name, official, english, translated)

    # Translation keys claimed by two countries are dropped (ambiguous); so are keys
    # that an English name or a curated alias already gives to another country.
    claims = {}
    for a2, (_, _, _, _, translated) in per_country.items():
        for t in translated:
            claims.setdefault(key(t), set()).add(a2)
    dropped = []

    for a2, (e, name, official, english, translated) in per_country.items():
        region, subregion = region_of[a2]
        continent = CONTINENT_OVERRIDES.get(a2) or {
            "Africa": "africa", "Asia": "asia", "Europe": "europe", "Oceania": "oceania",
        }.get(region) or ("south_america" if subregion == "South America" else "north_america")
        seen = {key(name), key(official)}
        aliases = []
        for x in english:
            if key(x) not in seen:
                seen.add(key(x))
                aliases.append(x)
        translations = []
        field_only = []
        for t in translated:
            k = key(t)
            if not k or k in seen:
                continue
            seen.add(k)
            # Short Latin-script translations ("Mỹ", Vietnamese for the US, is "my";
            # "Bỉ", Belgium, is "bi", Burundi's code) look like codes and words.
            if (len(claims[k]) > 1 or english_keys.get(k, a2) != a2
                    or k in curated or k in TRANSLATION_DENYLIST
                    or (k.isascii() and len(k) <= 3)
                    # Vietnamese syllables without their tones ("Tô Gô" is "to go").
                    or (k.isascii() and all(len(w) <= 2 for w in k.split()))):
                dropped.append((a2, t))
                continue
            # Short names, and names that are part of an English name ("Island" is
            # German for Iceland and ends "Norfolk Island"), are safe only as a whole
            # field, never as an address line.
            if len(k) < 4 or any(k != e and f" {k} " in f" {e} " for e in english_keys):
                field_only.append(t)
            else:
                translations.append(t)
        rows.append([a2, e["alpha_3"], e["numeric"], name, official, continent, region,
                     subregion, "|".join(aliases), "|".join(translations),
                     "|".join(field_only)])

    # keys.tsv: every generated name's key, with its country and scope, merged the way
    # the Rust index merges them (a key keeps its first country; the same country
    # widens its scope). Curated aliases are not here: the Rust side keys them itself.
    scope_rank = {"field": 0, "line": 1, "all": 2}
    keys = {}
    for r in rows:
        a2 = r[0]
        for column, scope in ((r[3:5] + [x for x in r[8].split("|") if x], "all"),
                              ([x for x in r[9].split("|") if x], "line"),
                              ([x for x in r[10].split("|") if x], "field")):
            for n in column:
                k = key(n)
                if not k:
                    continue
                if k not in keys:
                    keys[k] = [a2, scope]
                elif keys[k][0] == a2 and scope_rank[scope] > scope_rank[keys[k][1]]:
                    keys[k][1] = scope
    with open(os.path.join(HERE, "keys.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by generate_countries.py from countries.tsv; do not edit.\n")
        f.write("# Normalised name (country::key), ISO alpha-2, scope (all, line or field).\n")
        for k in sorted(keys):
            f.write(f"{k}\t{keys[k][0]}\t{keys[k][1]}\n")

    out = os.path.join(HERE, "countries.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by generate_countries.py from Debian iso-codes and UN M49; do not edit.\n")
        f.write("# See PROVENANCE.md. Columns are tab-separated; the last three are '|'-separated lists:\n")
        f.write("# English aliases, translations, and translations safe only as a whole field.\n")
        f.write("iso2\tiso3\tnumeric\tname\tofficial_name\tcontinent\tregion\tsubregion\taliases\ttranslations\tfield_only\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} countries to {out}; dropped {len(dropped)} ambiguous translations:",
          file=sys.stderr)
    for a2, t in dropped:
        print(f"  {a2}: {t}", file=sys.stderr)


if __name__ == "__main__":
    main()
