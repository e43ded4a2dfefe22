//! The score of a query name against a list name, and its explanation.
//!
//! **Name score.** Each word of either name is paired with its most similar word in the
//! other (equal: 1; a near-spelling of four or more letters: its Jaro-Winkler
//! similarity if at least [`NEAR`]; an initial against a word it begins: 0.8). The score
//! is the rarity-weighted share of both names' words that found a partner:
//!
//! `(Σ w(q)·sim(q) + Σ w(c)·sim(c)) / (Σ w(q) + Σ w(c))`
//!
//! so word order does not matter, every word of both names counts, and a rare unmatched
//! word ("EFFBE" in "EFFBE GAMMA" against "Gamma Group") pulls the score down hard
//! while a common one ("trading") barely does. Equal compact forms score 1.
//!
//! **Qualifiers** then move the score by small, explained amounts: the entity type
//! (a company query against a person entry), the country, the date of birth, a weak
//! alias; an equal identifier is decisive.

use rapidfuzz::distance::jaro_winkler;
use serde::Serialize;

use crate::index::{IndexedEntry, IndexedName, ListIndex};
use crate::matcher::Query;
use crate::text::{spelling_key, ScreenName};
use fairwatch_sources::lists::{EntityKind, NameKind};

/// The least Jaro-Winkler similarity that counts as a near-spelling.
pub const NEAR: f64 = 0.90;

/// How one word found (or did not find) a partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenMatch {
    /// `query` or `list`: whose word this is.
    pub side: &'static str,
    pub word: String,
    /// Its partner in the other name, if any.
    pub matched: Option<String>,
    pub similarity: f64,
    pub weight: f64,
}

/// A qualifier's effect on the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjustment {
    pub feature: &'static str,
    pub detail: String,
    pub delta: f64,
}

/// Why a hit scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub name_score: f64,
    pub words: Vec<TokenMatch>,
    pub adjustments: Vec<Adjustment>,
}

/// The similarity given to a word and its misspelling (one or two edits).
pub const TYPO: f64 = 0.85;

/// The similarity given to two words that are one name transliterated two ways.
pub const TRANSLITERATION: f64 = 0.9;

/// How much a generic word ("group", "company", "systems") weighs, relative to its
/// rarity weight: missing or extra generic words barely change identity.
pub const GENERIC_WEIGHT: f64 = 0.25;

/// A number or a Roman numeral up to XX: "2", "ii", "xiv".
fn is_numeral(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit())
        || (w.len() <= 5 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
}

fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if is_numeral(a) || is_numeral(b) {
        // "II" is not "I", nor "2" "3": numbers tell related entities apart.
        return 0.0;
    }
    if la == 1 || lb == 1 {
        // An initial ("J") against a given name ("Jong").
        let (short, long) = if la == 1 { (a, b) } else { (b, a) };
        return if long.chars().count() > 1 && long.starts_with(short) {
            0.8
        } else {
            0.0
        };
    }
    if la < 4 || lb < 4 {
        return 0.0;
    }
    let s = if a.is_ascii() && b.is_ascii() {
        jaro_winkler::normalized_similarity(a.bytes(), b.bytes())
    } else {
        jaro_winkler::normalized_similarity(a.chars(), b.chars())
    };
    if s >= NEAR {
        return s;
    }
    // Typos: one edit in a word of five or more letters, two in one of eight or more.
    let edits = if a.is_ascii() && b.is_ascii() {
        rapidfuzz::distance::levenshtein::distance(a.bytes(), b.bytes())
    } else {
        rapidfuzz::distance::levenshtein::distance(a.chars(), b.chars())
    };
    let shorter = la.min(lb);
    if (shorter >= 5 && edits <= 1) || (shorter >= 8 && edits <= 2) {
        return TYPO;
    }
    // Transliterations: the same spelling key, or one edit apart for long words, and
    // still broadly alike (so that "Mohammed" and "Mahmoud" stay apart).
    if s >= 0.75 {
        let (ka, kb) = (spelling_key(a), spelling_key(b));
        let close = ka == kb
            || (ka.len().min(kb.len()) >= 8
                && rapidfuzz::distance::levenshtein::distance(ka.chars(), kb.chars()) <= 1);
        if close {
            return TRANSLITERATION;
        }
    }
    // Scripts written without short vowels (Arabic, Hebrew) transliterate to
    // consonants: "mhmd" is "Muhammad", "jmal" is "Jamal".
    let vowels = |w: &str| w.chars().filter(|c| "aeiouy".contains(*c)).count();
    if vowels(a).min(vowels(b)) <= 1 {
        let (sa, sb) = (skeleton(a), skeleton(b));
        if sa.len() >= 3 && sa == sb {
            return TRANSLITERATION;
        }
    }
    0.0
}

/// A word's consonants, digraphs as in [`spelling_key`], doubles collapsed.
fn skeleton(w: &str) -> String {
    spelling_key(w)
        .chars()
        .filter(|&c| c != 'a')
        .collect::<String>()
        .chars()
        .fold(String::new(), |mut out, c| {
            if !out.ends_with(c) {
                out.push(c);
            }
            out
        })
}

/// Each word's best partner in `other`, with its similarity.
fn align<'a>(
    words: &'a [String],
    other: &'a [String],
) -> Vec<(&'a String, Option<&'a String>, f64)> {
    words
        .iter()
        .map(|w| {
            let best = other
                .iter()
                .map(|o| (o, similarity(w, o)))
                .max_by(|x, y| x.1.total_cmp(&y.1));
            match best {
                Some((o, s)) if s > 0.0 => (w, Some(o), s),
                _ => (w, None, 0.0),
            }
        })
        .collect()
}

/// The name score of two read names, with the word pairing behind it.
pub fn name_score(index: &ListIndex, q: &ScreenName, c: &ScreenName) -> (f64, Vec<TokenMatch>) {
    let mut words = Vec::new();
    if q.compact == c.compact {
        for t in &q.tokens {
            words.push(TokenMatch {
                side: "query",
                word: t.clone(),
                matched: Some(c.compact.clone()),
                similarity: 1.0,
                weight: index.weight(t),
            });
        }
        return (1.0, words);
    }
    let mut matched = 0.0;
    let mut total = 0.0;
    for (side, name, other) in [("query", q, c), ("list", c, q)] {
        for ((w, partner, s), generic) in align(&name.tokens, &other.tokens)
            .into_iter()
            .zip(&name.generic)
        {
            let weight = index.weight(w) * if *generic { GENERIC_WEIGHT } else { 1.0 };
            matched += weight * s;
            total += weight;
            words.push(TokenMatch {
                side,
                word: w.clone(),
                matched: partner.cloned(),
                similarity: s,
                weight,
            });
        }
    }
    let score = if total > 0.0 { matched / total } else { 0.0 };
    (score, words)
}

/// The qualifiers' adjustments of a hit.
pub fn adjustments(q: &Query, name: &IndexedName, e: &IndexedEntry) -> Vec<Adjustment> {
    let mut out = Vec::new();
    if name.kind == NameKind::Weak {
        out.push(Adjustment {
            feature: "weak_alias",
            detail: "the list marks this alias as weak or low quality".into(),
            delta: -0.05,
        });
    }
    if let Some(kind) = q.kind {
        let entry = e.entry.kind;
        let clash = matches!(
            (kind, entry),
            (EntityKind::Organisation, EntityKind::Person)
                | (EntityKind::Person, EntityKind::Organisation)
        ) || (kind == EntityKind::Person
            && matches!(entry, EntityKind::Vessel | EntityKind::Aircraft));
        if clash {
            out.push(Adjustment {
                feature: "entity_type",
                detail: format!("query is {kind:?}, entry is {entry:?}").to_lowercase(),
                delta: -0.10,
            });
        }
    }
    if let Some(country) = &q.country {
        if !e.countries.is_empty() {
            if e.countries.iter().any(|c| c == country) {
                out.push(Adjustment {
                    feature: "country",
                    detail: format!("both {country}"),
                    delta: 0.03,
                });
            } else {
                out.push(Adjustment {
                    feature: "country",
                    detail: format!("query {country}, entry {}", e.countries.join(", ")),
                    delta: -0.05,
                });
            }
        }
    }
    if let Some((year, full)) = &q.birth {
        if !e.birth.is_empty() {
            let same_full = full
                .as_ref()
                .is_some_and(|f| e.birth.iter().any(|(_, g)| g.as_ref() == Some(f)));
            let same_year = e.birth.iter().any(|(y, _)| y == year);
            let (delta, detail) = if same_full {
                (
                    0.05,
                    format!("same date of birth {}", full.clone().unwrap_or_default()),
                )
            } else if same_year {
                (0.03, format!("same year of birth {year}"))
            } else {
                (
                    -0.15,
                    format!(
                        "query born {year}, entry {}",
                        e.birth
                            .iter()
                            .map(|(y, _)| y.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            };
            out.push(Adjustment {
                feature: "birth_date",
                detail,
                delta,
            });
        }
    }
    if let Some(id) = q
        .identifiers
        .iter()
        .find(|id| e.identifiers.iter().any(|x| x == *id))
    {
        out.push(Adjustment {
            feature: "identifier",
            detail: format!("same identifier {id}"),
            delta: 0.5,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::similarity;

    #[test]
    fn near_spellings_initials_and_short_words() {
        assert_eq!(similarity("mhmd", "muhammad"), super::TRANSLITERATION);
        assert_eq!(similarity("jmal", "jamal"), super::TRANSLITERATION);
        assert_eq!(similarity("ii", "i"), 0.0);
        assert_eq!(similarity("gamma", "gamma"), 1.0);
        assert!(similarity("kaspersky", "kasperski") >= 0.9);
        assert_eq!(similarity("j", "jong"), 0.8);
        assert_eq!(similarity("abc", "abd"), 0.0);
        assert_eq!(similarity("effbe", "gamma"), 0.0);
    }
}
