//! Text folding for comparison and search: case, diacritics, compatibility forms and
//! whitespace. `"  Türkiye\t"` and `"TURKIYE"` fold to the same key.
//!
//! This is deliberately small: full name normalisation for entity resolution (legal
//! forms, transliteration of non-Latin scripts) builds on it later.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds text to a comparison key: Unicode NFKD, combining marks removed, lowercased,
/// runs of whitespace (tabs, newlines, no-break spaces) collapsed to one space, trimmed.
/// Letters without a decomposition (`ß`, `ø`, `ł`, `đ`, `æ`, `œ`) map to ASCII too.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'ß' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A URL- and command-line-friendly key: folded, runs of anything but ASCII letters
/// and digits turned into one `-`. `"Milipol Paris"` -> `milipol-paris`,
/// `"Arms & Security"` -> `arms-security`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_diacritics_and_whitespace() {
        assert_eq!(fold("  Türkiye\t"), "turkiye");
        assert_eq!(fold("TÜRKIYE"), "turkiye");
        assert_eq!(fold("Côte d’Ivoire"), "cote d’ivoire");
        assert_eq!(fold("Straße\u{a0}\u{a0}Nord"), "strasse nord");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("ＡＢＣ"), "abc");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Milipol Paris"), "milipol-paris");
        assert_eq!(slug("Arms & Security"), "arms-security");
        assert_eq!(slug("  Sécurité -- Défense! "), "securite-defense");
        assert_eq!(slug("C+D"), "c-d");
        assert_eq!(slug("中国"), "");
    }

    proptest! {
        #[test]
        fn never_panics_and_is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
        }
    }
}
