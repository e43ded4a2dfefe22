//! An English word list, to tell a brand ("Teledyne", "Chemring", "Nuix") from a
//! dictionary word ("Polaris", "Harris", "Microwave", "Operator") that many unrelated
//! firms put in their names.
//!
//! The resolver lets a name's evidence speak more loosely for a distinctive brand than
//! for a common word: a one-word dictionary brand starts many unrelated firms' names and
//! sites ("Harris Gun Works" is not L3Harris), a made-up word rarely does. The list is
//! SCOWL's American and British English lists as Debian ships them (`wamerican` and
//! `wbritish` 2020.12.07-2: "defence" as well as "defense"), folded
//! to lowercase ASCII, words of three letters or more; provenance and licence in
//! `data/PROVENANCE.md`.

use std::collections::HashMap;
use std::sync::OnceLock;

const ENGLISH_WORDS_TXT: &str = include_str!("../data/names/english_words.txt");
const GLOSSARY_TSV: &str = include_str!("../data/names/glossary.tsv");

/// Combining forms that, before a generic word, make a description many firms coin
/// rather than a made-up brand ("Aerometals", "Aeroservices"): see `is_compound`.
const COMBINING_FORMS: &[&str] = &[
    "aero", "agro", "astro", "auto", "bio", "cyber", "eco", "electro", "geo", "hydro", "info",
    "micro", "nano", "neuro", "opto", "photo", "radio", "techno", "tele", "thermo", "turbo",
    "video", "multi", "poly", "ultra", "inter", "trans", "mega",
];

fn words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut v: Vec<&'static str> = ENGLISH_WORDS_TXT.lines().collect();
        // The file is sorted; sorting again guards a hand edit.
        v.sort_unstable();
        v
    })
}

/// Whether a folded key word (lowercase ASCII) is an English dictionary word, common
/// noun or well-known proper name ("harris", "polaris", "gamma"). Words under three
/// letters are not in the list: callers judge those as short.
pub fn is_english_word(word: &str) -> bool {
    words().binary_search(&word).is_ok()
}

/// Generic words of firm names in other languages -> the English concept
/// (`data/names/glossary.tsv`).
fn glossary() -> &'static HashMap<&'static str, &'static str> {
    static GLOSSARY: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    GLOSSARY.get_or_init(|| {
        let mut map = HashMap::new();
        for line in GLOSSARY_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some((concept, words)) = line.split_once('\t') {
                for w in words.split_whitespace() {
                    map.insert(w, concept);
                }
            }
        }
        map
    })
}

/// The English concept a generic word of a firm name stands for, in English or in
/// another language of the record ("sistemi", "sistemleri" and "system" -> "systems";
/// "hava" -> "air"; "tsnii" and "cri" -> "central research institute"). `None` for any
/// other word.
pub fn gloss(word: &str) -> Option<&'static str> {
    glossary().get(word).copied()
}

/// A key with each generic word replaced by its English concept ("nurol bae systems
/// hava sistemleri" -> "nurol bae systems air systems"). Other words are kept.
pub fn gloss_key(key: &str) -> String {
    key.split(' ')
        .map(|w| gloss(w).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a folded key word is a word many firms use: an English dictionary word or a
/// generic word of firm names in another language ("elettronica", "sistemi").
pub fn is_word(word: &str) -> bool {
    is_english_word(word) || gloss(word).is_some()
}

/// A combining form and a generic word of firm names ("aero" + "services", "aero" +
/// "metals"): a description many firms coin. A combining form before any other word
/// may well be a brand ("Microflown", "Telelogic", "Transworld").
fn is_compound(word: &str) -> bool {
    const NOUNS: &[&str] = &[
        "metals",
        "materials",
        "logistics",
        "dynamics",
        "products",
        "parts",
        "components",
        "structures",
        "composites",
        "controls",
        "sensors",
        "sciences",
        "tech",
    ];
    COMBINING_FORMS.iter().any(|p| {
        word.strip_prefix(p)
            .is_some_and(|rest| gloss(rest).is_some() || NOUNS.contains(&rest))
    })
}

/// Whether a folded key word looks made up, the way brands are ("teledyne", "nuix",
/// "aselsan"): lowercase letters only, not a dictionary word, and not the start of one
/// either ("innova" starts "innovation", "optima" "optimal": styled common words that
/// many firms use); not a generic word in another language ("elettronica"), nor a
/// compound of dictionary words ("aerometals", "aeroservices").
pub fn is_made_up(word: &str) -> bool {
    if word.is_empty()
        || !word.bytes().all(|b| b.is_ascii_lowercase())
        || gloss(word).is_some()
        || is_compound(word)
    {
        return false;
    }
    let w = words();
    let at = w.partition_point(|x| *x < word);
    !w.get(at).is_some_and(|x| x.starts_with(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_words_and_brands() {
        for w in [
            "harris",
            "polaris",
            "microwave",
            "operator",
            "gamma",
            "hexagon",
            "defence",
            "defense",
        ] {
            assert!(is_english_word(w), "{w}");
        }
        for w in [
            "teledyne",
            "teleplan",
            "chemring",
            "nuix",
            "rheinmetall",
            "aselsan",
        ] {
            assert!(!is_english_word(w), "{w}");
        }
        assert!(!is_english_word(""));
        assert!(!is_english_word("Harris"), "keys are folded to lowercase");
    }

    #[test]
    fn made_up_words() {
        for w in ["teledyne", "nuix", "aselsan", "huawei", "exelis"] {
            assert!(is_made_up(w), "{w}");
        }
        // Words, starts of words, and anything not plain lowercase letters.
        for w in ["harris", "innova", "optima", "l3", "", "Nuix"] {
            assert!(!is_made_up(w), "{w}");
        }
    }

    #[test]
    fn generic_words_of_other_languages_are_words_not_brands() {
        assert_eq!(gloss("sistemi"), Some("systems"));
        assert_eq!(gloss("sistemleri"), Some("systems"));
        assert_eq!(gloss("system"), Some("systems"));
        assert_eq!(gloss("hava"), Some("air"));
        assert_eq!(gloss("selex"), None);
        assert_eq!(
            gloss_key("selex sistemi integrati"),
            "selex systems integration"
        );
        assert_eq!(gloss_key("tsnii burevestnik"), gloss_key("cri burevestnik"));
        for w in ["elettronica", "sistemi", "havacilik"] {
            assert!(is_word(w) && !is_made_up(w), "{w}");
        }
        assert!(is_word("harris") && !is_word("teledyne"));
    }

    #[test]
    fn a_combining_form_and_a_generic_word_is_a_description_not_a_brand() {
        for w in ["aerometals", "aeroservices", "aerotech", "cybersystems"] {
            assert!(!is_made_up(w), "{w}");
        }
        // Before any other word it may be a brand.
        for w in [
            "teledyne",
            "teleplan",
            "microflown",
            "transworld",
            "telelogic",
        ] {
            assert!(is_made_up(w), "{w}");
        }
    }

    #[test]
    fn the_glossary_gives_each_word_one_concept() {
        let mut seen = std::collections::HashSet::new();
        for line in GLOSSARY_TSV.lines().filter(|l| !l.starts_with('#')) {
            let (_, words) = line.split_once('\t').expect("concept, tab, words");
            for w in words.split_whitespace() {
                assert!(seen.insert(w), "{w} twice");
                assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
            }
        }
        assert!(seen.len() > 300);
    }

    #[test]
    fn the_list_is_folded_and_sorted() {
        assert!(words().len() > 70_000);
        assert!(ENGLISH_WORDS_TXT
            .lines()
            .all(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase())));
        assert!(ENGLISH_WORDS_TXT
            .lines()
            .zip(ENGLISH_WORDS_TXT.lines().skip(1))
            .all(|(a, b)| a < b));
    }
}
