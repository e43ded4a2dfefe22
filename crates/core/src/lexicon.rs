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

use std::sync::OnceLock;

const ENGLISH_WORDS_TXT: &str = include_str!("../data/names/english_words.txt");

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

/// Whether a folded key word looks made up, the way brands are ("teledyne", "nuix",
/// "aselsan"): lowercase letters only, not a dictionary word, and not the start of one
/// either ("innova" starts "innovation", "optima" "optimal": styled common words that
/// many firms use).
pub fn is_made_up(word: &str) -> bool {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
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
