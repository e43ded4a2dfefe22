//! A name read for screening: the [`Normaliser`]'s key words (legal forms, booth noise
//! and "the" gone, scripts transliterated), plus the key without spaces so that
//! "HackingTeam" meets "Hacking Team". Person names need nothing more: word order is
//! ignored by the score, so "KIM, Jong Un" and "Jong Un KIM" are the same words.
//!
//! Also the small normalisations of qualifiers: dates of birth to `(year, full date)`
//! and identifiers to their letters and digits.

use fairwatch_core::names::Normaliser;

/// A name's words and compact form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenName {
    pub tokens: Vec<String>,
    /// The words joined without spaces.
    pub compact: String,
}

impl ScreenName {
    /// Reads a name; `None` when nothing comparable is left (no letter or digit).
    pub fn read(normaliser: &Normaliser, raw: &str) -> Option<ScreenName> {
        let name = normaliser.analyse(raw);
        let mut tokens: Vec<String> = name.tokens.into_iter().filter(|t| !t.is_empty()).collect();
        if tokens.is_empty() {
            return None;
        }
        tokens.dedup();
        let compact = tokens.concat();
        Some(ScreenName { tokens, compact })
    }
}

/// A date of birth as `(year, Some("YYYY-MM-DD"))`, or `(year, None)` when only the year
/// is known. Accepts `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD/MM/YYYY` and `DD Mon YYYY`.
pub fn birth_date(text: &str) -> Option<(i32, Option<String>)> {
    let t = text.trim();
    let digits: Vec<&str> = t
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    let year_of = |s: &str| {
        (s.len() == 4)
            .then(|| s.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1800..=2100).contains(y))
    };
    match digits.as_slice() {
        [y] => year_of(y).map(|y| (y, None)),
        // A month without a day compares by year only.
        [y, _] if y.len() == 4 => year_of(y).map(|y| (y, None)),
        [y, m, d] if y.len() == 4 => {
            let y = year_of(y)?;
            Some((y, full(y, m, d)))
        }
        [d, m, y] => {
            let y = year_of(y)?;
            let m = month(m)?;
            Some((y, full(y, &m, d)))
        }
        _ => None,
    }
}

fn month(m: &str) -> Option<String> {
    if m.chars().all(|c| c.is_ascii_digit()) {
        return Some(m.to_string());
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = m.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|p| lower.starts_with(p))
        .map(|i| (i + 1).to_string())
}

fn full(y: i32, m: &str, d: &str) -> Option<String> {
    let m: u32 = m.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    // "00/00/1970" in UK data means only the year is known.
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
}

/// An identifier reduced to its letters and digits, upper case: "AB 123-456" and
/// "ab123456" are one number. `None` when fewer than 4 remain (too weak to match on).
pub fn identifier(value: &str) -> Option<String> {
    let s: String = value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (s.len() >= 4).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairwatch_core::country::Gazetteer;

    #[test]
    fn names_lose_legal_forms_and_spaces_in_the_compact_form() {
        let n = Normaliser::new(&Gazetteer::builtin());
        let a = ScreenName::read(&n, "Hacking Team S.r.l.").unwrap();
        assert_eq!(a.tokens, ["hacking", "team"]);
        assert_eq!(a.compact, "hackingteam");
        let b = ScreenName::read(&n, "OOO СТИЛСОФТ").unwrap();
        assert_eq!(b.tokens, ["stilsoft"]);
        assert!(ScreenName::read(&n, " - ; ").is_none());
    }

    #[test]
    fn birth_dates_in_the_lists_layouts() {
        assert_eq!(birth_date("1970"), Some((1970, None)));
        assert_eq!(birth_date("1970-01-02"), Some((1970, Some("1970-01-02".into()))));
        assert_eq!(birth_date("02/01/1970"), Some((1970, Some("1970-01-02".into()))));
        assert_eq!(birth_date("02 Jan 1970"), Some((1970, Some("1970-01-02".into()))));
        assert_eq!(birth_date("00/00/1970"), Some((1970, None)));
        assert_eq!(birth_date("circa"), None);
    }

    #[test]
    fn identifiers_keep_letters_and_digits() {
        assert_eq!(identifier("ab 123-456").as_deref(), Some("AB123456"));
        assert_eq!(identifier("12"), None);
    }
}
