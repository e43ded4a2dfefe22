//! Keyword phrases for evidence rules: `"lawful interception"`, `"comint"`,
//! `"intercept*"`. A phrase matches a text when its words occur in it consecutively, as
//! whole words, after both are folded (case, diacritics) and split on anything that is
//! not a letter or a digit. A word ending in `*` matches any word it begins.
//!
//! Whole-word matching is the point: "interception" must not match "interceptors"
//! (patrol boats) unless a rule asks for `intercept*`, and "ems" must not match "systems".
//! Written by hand rather than with regular expressions because rules come from a user's
//! file: a phrase cannot be malformed, and matching stays linear in the text.

use fairwatch_core::fold::fold;

/// One phrase, compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase as written in the methodology, for explanations.
    pub source: String,
    words: Vec<Word>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
}

impl Word {
    fn matches(&self, w: &str) -> bool {
        match self {
            Word::Exact(x) => x == w,
            Word::Prefix(p) => w.starts_with(p.as_str()),
        }
    }
}

/// Splits folded text into words: runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Phrase {
    /// Compiles a phrase; `None` when it has no words (only punctuation or spaces), which
    /// the methodology reports as an error.
    pub fn new(source: &str) -> Option<Phrase> {
        let mut words = Vec::new();
        for raw in fold(source).split_whitespace() {
            let prefix = raw.ends_with('*');
            let parts: Vec<&str> = raw
                .trim_end_matches('*')
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let n = parts.len();
            for (i, p) in parts.into_iter().enumerate() {
                words.push(if prefix && i + 1 == n {
                    Word::Prefix(p.to_string())
                } else {
                    Word::Exact(p.to_string())
                });
            }
        }
        (!words.is_empty()).then(|| Phrase {
            source: source.to_string(),
            words,
        })
    }

    /// Whether the phrase occurs in text already split by [`words`].
    pub fn matches(&self, text: &[String]) -> bool {
        let n = self.words.len();
        text.len() >= n
            && text
                .windows(n)
                .any(|w| w.iter().zip(&self.words).all(|(t, p)| p.matches(t)))
    }
}

/// Any of several phrases, unless any of the exclusions also occurs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhraseSet {
    pub any: Vec<Phrase>,
    pub unless: Vec<Phrase>,
}

impl PhraseSet {
    /// The first phrase that matches, when no exclusion does.
    pub fn find(&self, text: &[String]) -> Option<&Phrase> {
        let hit = self.any.iter().find(|p| p.matches(text))?;
        (!self.unless.iter().any(|p| p.matches(text))).then_some(hit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(phrase: &str, text: &str) -> bool {
        Phrase::new(phrase).unwrap().matches(&words(text))
    }

    #[test]
    fn whole_words_after_folding() {
        assert!(m("telephone interception", "TELEPHONE INTERCEPTION"));
        assert!(m("comint", "EW/SIGINT SYSTEMS > COMINT Systems"));
        assert!(m("geolocalisation", "Géolocalisation"));
        assert!(!m("interception", "Patrol vessels/ interceptors"));
        assert!(!m("ems", "Systems"));
        assert!(!m("lawful interception", "interception, lawful"));
    }

    #[test]
    fn a_trailing_star_matches_word_beginnings() {
        assert!(m("intercept*", "Patrol vessels/ interceptors"));
        assert!(m("digital forensic*", "Comms Data and Digital Forensics"));
        assert!(!m("forensic*", "Digital evidence"));
    }

    #[test]
    fn punctuation_inside_a_phrase_splits_words_like_the_text() {
        assert!(m("comint/sigint", "COMINT / SIGINT"));
        assert!(m("c4isr", "C4ISR: Command"));
        assert!(Phrase::new(" /* ").is_none());
    }

    #[test]
    fn exclusions_veto_a_match() {
        let set = PhraseSet {
            any: vec![Phrase::new("interception").unwrap()],
            unless: vec![Phrase::new("drone*").unwrap()],
        };
        assert!(set.find(&words("Telephone interception")).is_some());
        assert!(set.find(&words("Drone interception and jamming")).is_none());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(p in "\\PC{0,20}", t in "\\PC{0,60}") {
            if let Some(p) = Phrase::new(&p) {
                let _ = p.matches(&words(&t));
            }
        }
    }
}
