//! Pairwise scoring of two name nodes: a sum of weighted features, each kept with its
//! reason so that every decision can be read back. Weights are log-odds-like: positive
//! evidence for "same firm", negative against. They were set by hand on the labelled set
//! in `eval/` and are documented in docs/RESOLUTION.md.

use rapidfuzz::distance::jaro_winkler;
use serde::Serialize;

use super::node::Node;

/// How a candidate pair was found; it changes which features apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// One name embeds the other ("HT SRL — HACKING TEAM"), or the source lists it as an
    /// alias of the row.
    Alternate,
    /// A division or subsidiary trading under the group's brand: "L-3 Communications
    /// EOTech" under "L-3 Communications".
    Division,
    /// Both use the same web or e-mail domain.
    Domain,
    /// Similar names (shared rare token or neighbours in sorted order).
    Similar,
    /// One name is the initials of the other ("MSAB" / "Micro Systemation AB").
    Acronym,
    /// A reviewer decided these are the same firm.
    UserMerge,
}

/// One piece of evidence in a pair's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    pub name: &'static str,
    pub detail: String,
    pub weight: f64,
}

/// A scored pair with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub link: Link,
    pub score: f64,
    pub features: Vec<Feature>,
}

/// Jaro-Winkler similarity of two keys.
pub fn jw(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        jaro_winkler::normalized_similarity(a.bytes(), b.bytes())
    } else {
        jaro_winkler::normalized_similarity(a.chars(), b.chars())
    }
}

/// The same words but one, and that one a typo of the other: one edit in a word of
/// five or more letters ("comminications", "cass1dian"), two in one of ten or more.
/// Short words are excluded: "AVIC I" and "AVIC II" are different firms.
pub(crate) fn one_typo(a: &[String], b: &[String]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut differing = a.iter().zip(b).filter(|(x, y)| !same_word(x, y));
    let Some((x, y)) = differing.next() else {
        return false;
    };
    if differing.next().is_some() {
        return false;
    }
    let len = x.chars().count().min(y.chars().count());
    let (sx, sy) = (translit_stem(x), translit_stem(y));
    let edits = rapidfuzz::distance::levenshtein::distance(x.chars(), y.chars()).min(
        rapidfuzz::distance::levenshtein::distance(sx.chars(), sy.chars()),
    );
    // In a one-word name of fewer than eight letters one letter makes another firm
    // ("Tensor" / "Tensar"): short names are dense, and nothing else in the name
    // confirms the rest.
    if a.len() == 1 && len < 8 {
        return false;
    }
    (len >= 5 && edits <= 1) || (len >= 10 && edits <= 2)
}

/// The same name: the same key, the same letters spaced differently ("HackingTeam"),
/// or the same words in two languages ("Selex Sistemi Integrati" / "Selex Systems
/// Integration", "Hava Sistemleri" / "Air Systems"). A translation counts only when
/// the names share a word that is neither translated nor a dictionary word: two
/// names made only of common words ("Sistemas Integrados" / "Integrated Systems"), or
/// of a dictionary word and its spelling ("Delta Defence" / "Delta Defense"), are
/// often different firms.
pub(crate) fn same_name(a: &Node, b: &Node) -> bool {
    a.key == b.key
        || a.compact == b.compact
        || (a.gloss == b.gloss && share_own_word(&a.tokens, &b.key))
}

/// The words share one that is neither translated nor a dictionary word ("selex"),
/// three letters or more: what a translation must keep to be the same name.
pub(crate) fn share_own_word(tokens: &[String], other_key: &str) -> bool {
    tokens.iter().any(|t| {
        t.len() >= 3
            && crate::lexicon::gloss(t).is_none()
            && !crate::lexicon::is_english_word(t)
            && other_key.split(' ').any(|u| u == t)
    })
}

/// `a`, without a site of its own, is named as `b`'s site is ("CETCI" beside CETC
/// International on cetci.cn; a siteless Dutch "Rittal" beside the German one on
/// rittal.com): returns that domain. The name must be four letters or more and no
/// dictionary word ("Delta" names many firms' sites), and not a part of the same name
/// set apart by its legal form's country ("NICEX S.p.A." is not the British Nicex of
/// nicex.com).
pub(crate) fn named_after_site<'b>(a: &Node, b: &'b Node) -> Option<&'b str> {
    if !a.domains.is_empty()
        || (a.compact == b.compact && a.inferred_country.is_some())
        || a.compact.len() < 4
        || crate::lexicon::is_word(&a.compact)
    {
        return None;
    }
    b.domains
        .iter()
        .map(String::as_str)
        .find(|d| super::node::domain_label(d) == a.compact)
}

/// Nationality words that may lead a national subsidiary's name ("American
/// Rheinmetall"), with their countries.
const NATIONALITIES: &[(&str, &str)] = &[
    ("american", "US"),
    ("british", "GB"),
    ("french", "FR"),
    ("german", "DE"),
    ("italian", "IT"),
    ("spanish", "ES"),
    ("portuguese", "PT"),
    ("dutch", "NL"),
    ("belgian", "BE"),
    ("swiss", "CH"),
    ("austrian", "AT"),
    ("swedish", "SE"),
    ("norwegian", "NO"),
    ("danish", "DK"),
    ("finnish", "FI"),
    ("polish", "PL"),
    ("czech", "CZ"),
    ("slovak", "SK"),
    ("hungarian", "HU"),
    ("romanian", "RO"),
    ("bulgarian", "BG"),
    ("greek", "GR"),
    ("turkish", "TR"),
    ("israeli", "IL"),
    ("russian", "RU"),
    ("ukrainian", "UA"),
    ("chinese", "CN"),
    ("japanese", "JP"),
    ("korean", "KR"),
    ("indian", "IN"),
    ("pakistani", "PK"),
    ("singaporean", "SG"),
    ("malaysian", "MY"),
    ("indonesian", "ID"),
    ("australian", "AU"),
    ("canadian", "CA"),
    ("brazilian", "BR"),
    ("mexican", "MX"),
    ("emirati", "AE"),
    ("saudi", "SA"),
    ("egyptian", "EG"),
];

/// The country a nationality word names ("american" -> US).
pub(crate) fn nationality(word: &str) -> Option<&'static str> {
    NATIONALITIES
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, c)| *c)
}

/// `a` is `b`'s name after a nationality word for a country `a` is in ("American
/// Rheinmetall", US, beside the German Rheinmetall): a national subsidiary.
fn nationally_qualified(a: &Node, b: &Node) -> bool {
    a.tokens.len() == b.tokens.len() + 1
        && a.tokens[1..] == b.tokens[..]
        && nationality(&a.tokens[0]).is_some_and(|c| a.has_country(c) || a.countries.is_empty())
}

/// One node's key is the other's initials (legal form letters included: "msab").
fn initials_of_other(a: &Node, b: &Node) -> bool {
    let is = |x: &Node, y: &Node| {
        y.tokens.len() >= 2 && y.initials.as_deref() == Some(x.key.as_str()) && x.tokens.len() == 1
    };
    is(a, b) || is(b, a)
}

/// The nodes share a site (a domain name under any suffix).
pub(crate) fn shares_site(a: &Node, b: &Node) -> bool {
    a.domain_stems.iter().any(|d| b.domain_stems.contains(d))
}

/// Two spellings of one word: equal, or Russian adjective endings romanised two ways
/// ("Izhevskiy" / "Izhevsky", "Izhevskii").
pub(crate) fn same_word(x: &str, y: &str) -> bool {
    x == y
        || (x.len() > 4
            && y.len() > 4
            && translit_stem(x) == translit_stem(y)
            && (x.ends_with('y') || y.ends_with('y')))
}

/// A word without a romanised Russian adjective ending ("-iy", "-ii", "-y").
fn translit_stem(w: &str) -> &str {
    if w.len() > 4 && (w.ends_with("iy") || w.ends_with("ii")) {
        &w[..w.len() - 2]
    } else if w.len() > 3 && w.ends_with('y') {
        &w[..w.len() - 1]
    } else {
        w
    }
}

/// Initials of a run of words ("unmanned aerial vehicle" -> "uav").
fn initials(run: &[String]) -> String {
    run.iter().filter_map(|t| t.chars().next()).collect()
}

/// The same name but for one word written short in one of them: cut off ("HAVA SİST."
/// for "HAVA SİSTEMLERİ", four letters or more), or as the initials of several words
/// ("ZIYAN UAV" / "ZIYAN UNMANNED AERIAL VEHICLE", three letters or more). Nothing else
/// may differ, and something else must be there.
pub(crate) fn shortened(a: &Node, b: &Node) -> bool {
    shortened_as(a, b) || shortened_as(b, a)
}

/// [`shortened`] with `a` the name written short.
fn shortened_as(a: &Node, b: &Node) -> bool {
    if a.tokens.len() > b.tokens.len() {
        return false;
    }
    let (short, long, long_brand) = (&a.tokens, &b.tokens, &b.brand_tokens);
    let head = short
        .iter()
        .zip(long)
        .take_while(|(x, y)| same_word(x, y))
        .count();
    let tail = short[head..]
        .iter()
        .rev()
        .zip(long[head..].iter().rev())
        .take_while(|(x, y)| same_word(x, y))
        .count();
    let s = &short[head..short.len() - tail];
    let l = &long[head..long.len() - tail];
    if s.len() != 1 || l.is_empty() {
        return false;
    }
    let t = s[0].as_str();
    // The rest of the name must match: "STAR" is not "STARK", nor "ATS" any "Advanced
    // Technical Solutions". (A word plus initials, "CETCI" for "CETC International",
    // was tried and dropped: "KLAS" is not "KLA Systems", nor "ACCES SITE" "ACCESS".)
    if head + tail == 0 {
        return false;
    }
    // Cut off: only a generic word ("sistemleri", "communications", "chemicals"); a
    // brand word cut short is another brand ("Blue Lab" / "Blueprint Lab").
    if l.len() == 1 {
        let u = l[0].as_str();
        return t.len() >= 4
            && u.len() > t.len()
            && u.starts_with(t)
            && !long_brand.iter().any(|w| w == u);
    }
    t.len() >= 3 && t == initials(l)
}

/// Tokens of `a` with no close counterpart (Jaro-Winkler >= 0.92, or one typo in a
/// word of five letters or more: "sysyems") in `b`.
fn unmatched<'a>(a: &'a [String], b: &[String]) -> Vec<&'a str> {
    a.iter()
        .filter(|t| {
            !b.iter().any(|u| {
                u == *t
                    || (t.len() > 3 && jw(t, u) >= 0.92)
                    || one_edit(t, u)
                    || crate::lexicon::gloss(t).is_some_and(|g| crate::lexicon::gloss(u) == Some(g))
            })
        })
        .map(String::as_str)
        .collect()
}

/// One edit apart, both words of five letters or more.
fn one_edit(a: &str, b: &str) -> bool {
    a.len() >= 5
        && b.len() >= 5
        && a.len().abs_diff(b.len()) <= 1
        && rapidfuzz::distance::levenshtein::distance(a.chars(), b.chars()) <= 1
}

impl Feature {
    fn new(name: &'static str, detail: impl Into<String>, weight: f64) -> Feature {
        Feature {
            name,
            detail: detail.into(),
            weight,
        }
    }
}

/// Scores a candidate pair of nodes found by `link`.
pub fn score(a: &Node, b: &Node, link: Link) -> Scored {
    let mut f: Vec<Feature> = Vec::new();

    // The name.
    match link {
        // Why: one row of an established firm naming another established firm in
        // brackets ("Thomson CSF (Thales)", one of eight rows) records a rename or a
        // parent, not an identity; the same said by most of its rows, or by a name
        // seen rarely, is one.
        Link::Alternate => {
            let rows = a.alternates.get(&b.key).copied();
            let lone_mention = rows == Some(1) && a.records.len() >= 5 && b.records.len() >= 20;
            f.push(Feature::new(
                "embedded_name",
                if lone_mention {
                    format!(
                        "{:?} names {:?}, in one of {} rows",
                        a.example,
                        b.key,
                        a.records.len()
                    )
                } else {
                    format!("{:?} names {:?}", a.example, b.key)
                },
                if lone_mention { 2.5 } else { 5.0 },
            ))
        }
        Link::Division => f.push(Feature::new(
            "group_brand",
            format!("{:?} trades under the brand {:?}", a.key, b.key),
            5.0,
        )),
        Link::Acronym => f.push(Feature::new(
            "acronym",
            format!("{:?} / {:?}", a.key, b.key),
            1.5,
        )),
        Link::UserMerge => f.push(Feature::new("reviewer", "a reviewer merged these", 100.0)),
        // One name is the other's initials ("MSAB" / "Micro Systemation AB", "NI" /
        // "National Instruments") and both use one site: the site names the firm, and
        // the initials are how it is known there (msab.com, ni.com). Without the site,
        // initials are weak (see `Link::Acronym`).
        Link::Similar | Link::Domain if initials_of_other(a, b) && shares_site(a, b) => {
            f.push(Feature::new(
                "acronym",
                format!("{:?} / {:?}, one site", a.key, b.key),
                1.5,
            ))
        }
        Link::Similar | Link::Domain => {
            let sim = jw(&a.key, &b.key);
            let brand_sim = jw(&a.brand, &b.brand);
            let best = sim.max(brand_sim);
            // A shared brand is strong only when it is a known group brand or several
            // words long: two firms called "Gamma ..." are often unrelated.
            let strong_brand = a.brand_tokens.len() >= 2 || a.group_brand || b.group_brand;
            // The same short one-word name ("ATR", "NSI", "Innova") is weak evidence:
            // such names are reused by unrelated firms.
            // A made-up word ("NUIX", "Exelis") is not reused that way.
            let short = a.tokens.len() == 1
                && a.key.chars().count() <= 7
                && (a.key.chars().count() < 4 || !crate::lexicon::is_made_up(&a.key));
            let short_form = shortened(a, b);
            let weight = if same_name(a, b) {
                if short {
                    4.0
                } else {
                    6.0
                }
            } else if a.brand == b.brand && !a.brand.is_empty() && strong_brand {
                4.5
            } else if a.brand == b.brand && !a.brand.is_empty() {
                1.5
            } else if best >= 0.97 || one_typo(&a.tokens, &b.tokens) || short_form {
                4.0
            } else if best >= 0.93 {
                2.5
            } else if best >= 0.88 {
                1.0
            } else {
                -2.5
            };
            f.push(Feature::new(
                "name_similarity",
                format!("{:?} / {:?}: {best:.3}", a.key, b.key),
                weight,
            ));
            // Distinctive words one name has and the other lacks ("EFFBE GAMMA" vs
            // "GAMMA"): a different firm more often than a variant.
            let extra_a = unmatched(&a.brand_tokens, &b.tokens);
            let extra_b = unmatched(&b.brand_tokens, &a.tokens);
            let extra = extra_a.len() + extra_b.len();
            if extra > 0 && weight < 6.0 && !short_form {
                let mut words: Vec<&str> = extra_a.into_iter().chain(extra_b).collect();
                words.sort_unstable();
                f.push(Feature::new(
                    "extra_words",
                    words.join(" "),
                    -2.0 * extra.min(3) as f64,
                ));
            }
        }
    }

    // Domains.
    let shared: Vec<&String> = a
        .domain_stems
        .iter()
        .filter(|d| b.domain_stems.contains(*d))
        .collect();
    // A division's own site named after the group's brand ("elbitamerica.com" beside
    // elbit.co.il): evidence for the group (see `node::brand_site`).
    let brand_site = if link == Link::Division && shared.is_empty() {
        super::node::brand_site(a, b)
    } else {
        None
    };
    if !shared.is_empty() {
        f.push(Feature::new("same_domain", shared[0].clone(), 5.0));
        // Why: two names that start with the brand their shared site is named after
        // ("Alaris Antennas" and "Alaris Cojot Antennas" on alaris.tech) are that
        // brand's units: their other words name the units, not other firms. Not for a
        // dictionary word, which many firms' sites and names start with.
        let lead = a.tokens.first().filter(|t| {
            t.len() >= 4 && b.tokens.first() == Some(*t) && !crate::lexicon::is_word(t)
        });
        if let Some(t) = lead.filter(|t| shared.iter().any(|d| d == t)) {
            f.push(Feature::new(
                "brand_site",
                format!("both start with {t:?}, the name of their shared site"),
                1.5,
            ));
        }
    } else if let Some(d) = (link == Link::Similar)
        .then(|| named_after_site(a, b).or_else(|| named_after_site(b, a)))
        .flatten()
    {
        f.push(Feature::new(
            "named_as_site",
            format!("the name is the site {d}"),
            3.0,
        ));
    } else if let Some(d) = brand_site {
        f.push(Feature::new(
            "brand_domain",
            format!("{d} carries the brand {:?}", b.key),
            1.0,
        ));
    } else if !a.domains.is_empty() && !b.domains.is_empty() && link != Link::Division {
        f.push(Feature::new(
            "different_domains",
            format!("{} / {}", a.domains[0], b.domains[0]),
            -1.5,
        ));
    }

    // A name that carries its own country ("Austal USA", "Acoem UK") beside the same
    // name elsewhere is a national subsidiary: the country difference is explained.
    // Not when the other's country comes from its legal form: that part was split off
    // because its form says it is another firm ("General Electric Co Plc", GB, beside
    // the American General Electric).
    let national = (a.key == b.key
        && [(a, b), (b, a)].iter().any(|(x, y)| {
            y.inferred_country.is_none()
                && x.qualifier_countries
                    .iter()
                    .any(|q| x.has_country(q) && !y.has_country(q))
        }))
        || nationally_qualified(a, b)
        || nationally_qualified(b, a);
    if national {
        f.push(Feature::new(
            "national_subsidiary",
            format!("{:?} / {:?}", a.example, b.example),
            2.0,
        ));
    }

    // A "division" declared in another country than its brand, with a website of its
    // own and no country in its name, is more likely an unrelated firm that happens to
    // start with the same word ("Operator XR", US, operatorxr.com, beside an Australian
    // "Operator").
    if link == Link::Division {
        if let (Some(ca), Some(cb)) = (a.top_country(), b.top_country()) {
            let disjoint = !a.countries.iter().any(|(c, _)| b.has_country(c)) && ca != cb;
            let own_site = !a.domains.is_empty() && shared.is_empty() && brand_site.is_none();
            if disjoint
                && own_site
                && !a.qualifier_countries.iter().any(|q| a.has_country(q))
                && !super::specific_group(b)
            {
                f.push(Feature::new(
                    "different_country",
                    format!("{ca} / {cb}, with its own site"),
                    -1.5,
                ));
            }
        }
    }

    // Declared countries: subsidiaries legitimately differ, variants rarely do.
    if let (Some(ca), Some(cb)) = (a.top_country(), b.top_country()) {
        if ca == cb {
            f.push(Feature::new("same_country", ca.to_string(), 0.5));
        } else if link != Link::Division
            && !national
            && !a.countries.iter().any(|(c, _)| b.has_country(c))
        {
            // A country read from a legal form is what set that part apart: it
            // weighs more than a declared one ("NICEX S.p.A." beside the British
            // "Nicex").
            let inferred = a.inferred_country.is_some() || b.inferred_country.is_some();
            f.push(Feature::new(
                "different_country",
                format!(
                    "{ca} / {cb}{}",
                    if inferred { ", by legal form" } else { "" }
                ),
                if inferred { -2.5 } else { -1.5 },
            ));
        }
    }

    // Two different names in the same exhibitor list are usually two firms (but a group
    // and its divisions do exhibit side by side).
    let together = a.shared_events(b);
    // The same letters spaced differently ("L3HARRISTECHNOLOGIE S") are one name.
    if together > 0
        && a.compact != b.compact
        && !matches!(link, Link::Division | Link::Alternate | Link::UserMerge)
    {
        f.push(Feature::new(
            "same_event",
            format!("both listed at {together} event(s)"),
            -2.0,
        ));
    }

    // Shared exhibitor categories.
    let cats = a.category_overlap(b);
    if cats >= 0.3 {
        f.push(Feature::new(
            "categories",
            format!("overlap {cats:.2}"),
            0.5,
        ));
    }

    let score = f.iter().map(|x| x.weight).sum();
    Scored {
        link,
        score,
        features: f,
    }
}
