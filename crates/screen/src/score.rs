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
use crate::text::{is_article, is_function_word, is_numeral, is_son_of, ScreenName};
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

/// How much the extra names of the longer of two person names weigh.
pub const EXTRA_NAMES: f64 = 0.5;

/// The similarity of an initial to the word it begins, and of the word to the initial.
pub const INITIAL: f64 = 0.8;
pub const INITIAL_OF_WORD: f64 = 0.3;

/// The similarity given to a word and its misspelling (one or two edits).
pub const TYPO: f64 = 0.85;

/// The similarity given to two words that are one name transliterated two ways.
pub const TRANSLITERATION: f64 = 0.9;

/// How much a generic word ("group", "company", "systems") weighs, relative to its
/// rarity weight: missing or extra generic words barely change identity.
pub const GENERIC_WEIGHT: f64 = 0.25;

/// The similarity of word `i` of `a` and word `j` of `b`.
pub fn similarity(a: &ScreenName, i: usize, b: &ScreenName, j: usize) -> f64 {
    let (x, y) = (a.tokens[i].as_str(), b.tokens[j].as_str());
    if x == y || (is_article(x) && is_article(y)) || (is_son_of(x) && is_son_of(y)) {
        return 1.0;
    }
    if is_numeral(x) || is_numeral(y) {
        // "II" is not "I", nor "2" "3": numbers tell related entities apart.
        return 0.0;
    }
    let (lx, ly) = (a.lens[i], b.lens[j]);
    if lx == 1 || ly == 1 {
        // An initial ("J") stands for a given name ("Jong"): the initial is well
        // explained by the name, the name only weakly by an initial (else any "A"
        // would stand in for "Ahmed" and "Adnan" at once).
        let (short, long) = if lx == 1 { (x, y) } else { (y, x) };
        if long.len() > 1 && long.starts_with(short) {
            return if lx == 1 { INITIAL } else { INITIAL_OF_WORD };
        }
        return 0.0;
    }
    if !a.person && !b.person {
        let (short, long, ls, ll) = if lx < ly {
            (x, y, lx, ly)
        } else {
            (y, x, ly, lx)
        };
        if is_abbreviation(short, ls, long, ll) {
            return ABBREVIATION;
        }
    }
    if lx < 4 || ly < 4 {
        return 0.0;
    }
    // Every use of the Jaro-Winkler similarity below needs 0.6 at least: with that
    // cutoff the library skips most unlike pairs by length alone.
    let cutoff = jaro_winkler::Args::default().score_cutoff(0.6);
    let s =
        jaro_winkler::normalized_similarity_with_args(x.chars(), y.chars(), &cutoff).unwrap_or(0.0);
    if s >= NEAR {
        return s;
    }
    // Typos: one edit in a word of five or more letters, two in one of eight or more,
    // or of six or more that still looks alike with its first and last letters kept
    // ("Nkutin" and "Nikitin"; not "Karimi" and "Kazemi", nor "Proman" and "Romana").
    // A swap of two neighbouring letters is one edit.
    let shorter = lx.min(ly);
    if shorter >= 5 && s >= 0.6 {
        let edits = rapidfuzz::distance::osa::distance(x.chars(), y.chars());
        let edges = x.chars().next() == y.chars().next() && x.chars().last() == y.chars().last();
        if edits <= 1 || (edits <= 2 && (shorter >= 8 || (shorter >= 6 && s >= 0.8 && edges))) {
            return TYPO;
        }
    }
    // Transliterations: the same spelling key, or one edit apart for long words, and
    // still broadly alike (so that "Mohammed" and "Mahmoud" stay apart).
    // Equal keys of four or more letters need less likeness than near keys: Russian
    // renders one English or Arabic letter with several ("Dzhikhad" and "Jihad").
    let (ka, kb) = (&a.keys[i], &b.keys[j]);
    if (s >= 0.75 || (s >= 0.6 && ka.len() >= 4)) && ka == kb {
        return TRANSLITERATION;
    }
    if s >= 0.75
        && ka.len().min(kb.len()) >= 8
        && rapidfuzz::distance::levenshtein::distance(ka.chars(), kb.chars()) <= 1
    {
        return TRANSLITERATION;
    }
    // Scripts written without short vowels (Arabic, Hebrew) transliterate to
    // consonants: "mhmd" is "Muhammad", "jmal" is "Jamal".
    // The word without its short vowels has fewer than the other ("jmal" and "Jamal");
    // two words as vowelled as each other ("OSPL", "SPEL") are not one name.
    if a.vowels[i].min(b.vowels[j]) <= 1 && a.vowels[i] != b.vowels[j] {
        let (sa, sb) = (&a.skeletons[i], &b.skeletons[j]);
        if sa.len() >= 3 && sa == sb {
            return TRANSLITERATION;
        }
    }
    0.0
}

/// The similarity of an abbreviation to the word it shortens.
pub const ABBREVIATION: f64 = 0.8;

/// A company word abbreviated by dropping its vowels and some consonants ("MGMT"
/// for "Management", "SHP" for "Shipping", "MFG" for "Manufacturing"): three to five
/// letters, no vowel, the same first letter, every letter found in order in a word at
/// least twice as long. Real words have vowels; two letters ("SB", "RG") or a word
/// barely longer ("ATC", "Atec") fit far too many words by chance.
fn is_abbreviation(short: &str, short_len: usize, long: &str, long_len: usize) -> bool {
    if !(3..=5).contains(&short_len) || long_len < 2 * short_len {
        return false;
    }
    let mut s = short.chars();
    let mut l = long.chars();
    if s.next() != l.next() || !short.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    if short.chars().any(|c| "aeiouy".contains(c)) {
        return false;
    }
    s.all(|c| l.by_ref().any(|x| x == c))
}

/// Each word's weight in a name: its rarity, a quarter of it for a generic word.
pub fn weights(index: &ListIndex, name: &ScreenName) -> Vec<f64> {
    name.tokens
        .iter()
        .zip(&name.generic)
        .map(|(t, g)| index.weight(t) * if *g { GENERIC_WEIGHT } else { 1.0 })
        .collect()
}

/// The name score alone, for the many candidates that are not hits: one similarity
/// per pair of words, nothing allocated but one row of maxima.
pub fn quick_score(q: &ScreenName, qw: &[f64], c: &ScreenName, cw: &[f64]) -> f64 {
    if q.compact == c.compact {
        return 1.0;
    }
    const ON_STACK: usize = 32;
    let score = if qw.len() + cw.len() <= ON_STACK {
        let mut rows = [0.0f64; ON_STACK];
        let (best_q, rest) = rows.split_at_mut(qw.len());
        pairing_into(q, qw, c, cw, best_q, &mut rest[..cw.len()])
    } else {
        pairing(q, qw, c, cw).0
    };
    if score < TRANSLITERATION && same_compact_key(q, c) {
        return TRANSLITERATION;
    }
    score
}

/// Two names that are one spelling key once their spaces go ("IMATEL PLUS" and "EMMA
/// TEL PLUS"), with the same numbers, and still alike letter by letter: one name split
/// and transliterated two ways.
///
/// The key is of the distinctive words only: with generic ones in, "TIP Technologies"
/// and "TOP TECHNOLOGIES" would be one long key differing in a vowel. Runs for most
/// candidates of a screening, so the key comparison comes first.
fn same_compact_key(q: &ScreenName, c: &ScreenName) -> bool {
    if q.compact_key.len() < 6 || q.compact_key != c.compact_key || q.numbers != c.numbers {
        return false;
    }
    let distinctive = |n: &ScreenName| n.generic.iter().filter(|g| !**g).count();
    // Words of a letter or two ("MARINE AI") are too easily absorbed into another;
    // but not the Arabic article, nor the syllables of people's names ("Chou En-lai").
    let whole = |n: &ScreenName| {
        n.person
            || n.tokens
                .iter()
                .zip(&n.lens)
                .zip(&n.generic)
                .all(|((t, l), g)| *g || *l >= 3 || is_article(t))
    };
    if !whole(q) || !whole(c) {
        return false;
    }
    // About names split differently: one side has two distinctive words or more.
    distinctive(q).max(distinctive(c)) >= 2
        && distinctive(q) != distinctive(c)
        && jaro_winkler::normalized_similarity(q.compact.chars(), c.compact.chars()) >= 0.8
}

/// The name score and each word's best similarity in the other name (query's words,
/// then the list name's).
fn pairing(q: &ScreenName, qw: &[f64], c: &ScreenName, cw: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
    let mut best_q = vec![0.0f64; qw.len()];
    let mut best_c = vec![0.0f64; cw.len()];
    let score = pairing_into(q, qw, c, cw, &mut best_q, &mut best_c);
    (score, best_q, best_c)
}

/// [`pairing`] into caller-given rows of maxima (zeroed), so that the many candidates
/// of screening are scored on the stack.
fn pairing_into(
    q: &ScreenName,
    qw: &[f64],
    c: &ScreenName,
    cw: &[f64],
    best_q: &mut [f64],
    best_c: &mut [f64],
) -> f64 {
    let m = c.tokens.len();
    for (i, bq) in best_q.iter_mut().enumerate() {
        for (j, bc) in best_c.iter_mut().enumerate() {
            let s = similarity(q, i, c, j);
            *bq = bq.max(s);
            // Symmetric but for initials, which are scored from each side.
            let back = if s == INITIAL || s == INITIAL_OF_WORD {
                similarity(c, j, q, i)
            } else {
                s
            };
            *bc = bc.max(back);
        }
    }
    // People are listed with more names than they are known by (middle names,
    // patronymics): when every word of the shorter of two person names has a partner,
    // the longer name's extra words count half.
    // Initials and two-letter particles ("al", "bin") do not count as the shorter
    // name's words: "M & K" is not a person whose names all appear in "AZAD, K M".
    let (mut q_extra, mut c_extra) = (1.0, 1.0);
    let names = |n: &ScreenName, best: &[f64]| {
        n.lens.iter().all(|&l| l >= 3) && best.iter().all(|&b| b >= TYPO)
    };
    if q.person && c.person && qw.len().min(m) >= 2 {
        if qw.len() < m && names(q, best_q) {
            c_extra = EXTRA_NAMES;
        } else if m < qw.len() && names(c, best_c) {
            q_extra = EXTRA_NAMES;
        }
    }
    if !q.person && !c.person {
        acronyms(q, best_q, c, best_c);
        acronyms(c, best_c, q, best_q);
        // Likewise a company known by fewer words than the list gives ("MAMMUT
        // INDUSTRIAL GROUP" and "MAMMUT TEHRAN INDUSTRIAL GROUP"), when the shorter name
        // has at least two distinctive words, all found: one distinctive word alone
        // ("GAMMA") would let any firm of that word match.
        // And only one distinctive word extra: "OMRAN VA MASKAN ABAD DAY" is another
        // firm than "OMRAN VA MASKAN", "SECOND ACADEMY OF NATURAL SCIENCES" another
        // academy than "ACADEMY OF SCIENCES".
        let names = |n: &ScreenName, best: &[f64]| {
            !n.all_generic
                && n.generic.iter().filter(|g| !**g).count() >= 2
                && best.iter().all(|&b| b >= TYPO)
        };
        let one_extra = |n: &ScreenName, best: &[f64]| {
            n.generic
                .iter()
                .zip(best)
                .filter(|(g, b)| !**g && **b == 0.0)
                .count()
                <= 1
        };
        if qw.len() < m && names(q, best_q) && one_extra(c, best_c) {
            c_extra = EXTRA_NAMES;
        } else if m < qw.len() && names(c, best_c) && one_extra(q, best_q) {
            q_extra = EXTRA_NAMES;
        }
    }
    let mut matched = 0.0;
    let mut total = 0.0;
    for ((w, b), extra) in qw.iter().zip(best_q.iter()).map(|x| (x, q_extra)) {
        let w = if *b > 0.0 { *w } else { w * extra };
        matched += w * b;
        total += w;
    }
    for ((w, b), extra) in cw.iter().zip(best_c.iter()).map(|x| (x, c_extra)) {
        let w = if *b > 0.0 { *w } else { w * extra };
        matched += w * b;
        total += w;
    }
    if total > 0.0 {
        matched / total
    } else {
        0.0
    }
}

/// The similarity of an acronym to the words it abbreviates.
pub const ACRONYM: f64 = 0.85;

/// Small words an acronym skips ("Corporacion de Almacenes por Departamentos", CAD):
/// the joining words of names, and Portuguese "e".
fn acronym_skips(w: &str) -> bool {
    is_function_word(w) || w == "e"
}

/// A word of `a` that is the acronym of consecutive words of `b` ("SKS" and "South
/// Kaveh Steel", "IAI" and "Israel Aerospace Industries"): the acronym and the words it
/// stands for pair up at [`ACRONYM`]. Three to six letters, each the initial of the
/// next word, small words skipped; two-letter acronyms are too often chance. Only when
/// the name with the acronym has another distinctive word the other has too ("SKS
/// Steel").
fn acronyms(a: &ScreenName, best_a: &mut [f64], b: &ScreenName, best_b: &mut [f64]) {
    // An acronym alone is weak evidence: "CST" is a hundred firms besides Copenhagen
    // Sensor Technology. The name that has it must share a distinctive word outright.
    let anchored = (0..a.tokens.len()).any(|i| !a.generic[i] && best_a[i] == 1.0);
    if !anchored {
        return;
    }
    for (i, t) in a.tokens.iter().enumerate() {
        if best_a[i] >= ACRONYM || !(3..=6).contains(&a.lens[i]) {
            continue;
        }
        if !t.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let letters = t.as_bytes();
        'start: for start in 0..b.tokens.len() {
            let mut k = 0;
            // At most six words: the acronym's length.
            let mut used = [0usize; 6];
            for (j, w) in b.tokens.iter().enumerate().skip(start) {
                if k == letters.len() {
                    break;
                }
                if j > start && acronym_skips(w) {
                    continue;
                }
                if w.len() < 2 || w.as_bytes()[0] != letters[k] {
                    continue 'start;
                }
                used[k] = j;
                k += 1;
            }
            if k == letters.len() {
                best_a[i] = ACRONYM;
                for &j in &used[..k] {
                    best_b[j] = best_b[j].max(ACRONYM);
                }
                break;
            }
        }
    }
}

/// The name score with the word pairing behind it, for the hits reported.
pub fn name_score(
    q: &ScreenName,
    qw: &[f64],
    c: &ScreenName,
    cw: &[f64],
) -> (f64, Vec<TokenMatch>) {
    let same_compact = q.compact == c.compact;
    let (mut score, mut best_q, mut best_c) = if same_compact {
        (1.0, vec![1.0; qw.len()], vec![1.0; cw.len()])
    } else {
        pairing(q, qw, c, cw)
    };
    let same_key = !same_compact && score < TRANSLITERATION && same_compact_key(q, c);
    if same_key {
        score = TRANSLITERATION;
        best_q = vec![TRANSLITERATION; qw.len()];
        best_c = vec![TRANSLITERATION; cw.len()];
    }
    let mut words = Vec::new();
    for (side, a, aw, b, best) in [("query", q, qw, c, &best_q), ("list", c, cw, q, &best_c)] {
        for (i, w) in aw.iter().enumerate() {
            let (matched, similarity) = if same_compact {
                (Some(b.compact.clone()), 1.0)
            } else if same_key {
                (Some(b.compact.clone()), TRANSLITERATION)
            } else {
                match (0..b.tokens.len())
                    .map(|j| (j, similarity(a, i, b, j)))
                    .max_by(|x, y| x.1.total_cmp(&y.1))
                    .filter(|(_, s)| *s > 0.0)
                {
                    // Better than any one word: an acronym, paired with several.
                    Some((_, s)) if best[i] > s => (Some("(acronym)".to_string()), best[i]),
                    None if best[i] > 0.0 => (Some("(acronym)".to_string()), best[i]),
                    Some((j, s)) => (Some(b.tokens[j].clone()), s),
                    None => (None, 0.0),
                }
            };
            words.push(TokenMatch {
                side,
                word: a.tokens[i].clone(),
                matched,
                similarity,
                weight: *w,
            });
        }
    }
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
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        let read = |w: &str| ScreenName::read_person(w).unwrap();
        similarity(&read(a), 0, &read(b), 0)
    }

    #[test]
    fn near_spellings_initials_and_short_words() {
        assert_eq!(sim("gamma", "gamma"), 1.0);
        assert!(sim("kaspersky", "kasperski") >= 0.9);
        assert_eq!(sim("j", "jong"), INITIAL);
        assert_eq!(sim("jong", "j"), INITIAL_OF_WORD);
        assert_eq!(sim("abc", "abd"), 0.0);
        assert_eq!(sim("effbe", "gamma"), 0.0);
        assert_eq!(sim("mhmd", "muhammad"), TRANSLITERATION);
        assert_eq!(sim("jmal", "jamal"), TRANSLITERATION);
        assert_eq!(sim("ii", "i"), 0.0);
        assert_eq!(sim("jsmal", "jamal"), TYPO);
        assert_eq!(sim("mohammed", "mahmoud"), 0.0);
        assert_eq!(sim("dzhikhad", "jihad"), TRANSLITERATION);
        assert_eq!(sim("chung", "jung"), TRANSLITERATION);
        assert_eq!(sim("nkutin", "nikitin"), TYPO);
        assert_eq!(sim("enrryg", "energy"), 0.0);
        assert_eq!(sim("al", "ash"), 1.0);
        assert_eq!(sim("bin", "ibn"), 1.0);
        assert_eq!(sim("karimi", "kazemi"), 0.0);
        assert_eq!(sim("ospl", "spel"), 0.0);
        let n =
            fairwatch_core::names::Normaliser::new(&fairwatch_core::country::Gazetteer::builtin());
        let company = |a: &str, b: &str| {
            let read = |w: &str| ScreenName::read(&n, w).unwrap();
            similarity(&read(a), 0, &read(b), 0)
        };
        assert_eq!(company("mgmt", "management"), ABBREVIATION);
        assert_eq!(company("shp", "shipping"), ABBREVIATION);
        assert_eq!(company("mfg", "manufacturing"), ABBREVIATION);
        assert_eq!(company("mgt", "shipping"), 0.0);
        assert_eq!(company("adm", "andromeda"), 0.0);
        assert_eq!(company("sb", "saab"), 0.0);
        assert_eq!(sim("proman", "romana"), 0.0);
        assert_eq!(company("mela", "management"), 0.0);
        // Not between persons' names.
        assert_eq!(sim("mhmd", "mohammad"), TRANSLITERATION);
    }
}
