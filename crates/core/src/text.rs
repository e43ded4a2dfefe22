//! Guards for text from the data on its way out: every exporter (the CLI's CSV, the
//! report's downloads, the API's CSV) shares one rule, so a fix reaches them all.

use std::borrow::Cow;

/// Neutralises CSV cells a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR) by
/// prefixing an apostrophe, as OWASP recommends for CSV injection.
pub fn csv_safe(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_safe;

    #[test]
    fn formulas_are_neutralised_and_text_kept() {
        assert_eq!(csv_safe("=1+2"), "'=1+2");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("-x"), "'-x");
        assert_eq!(csv_safe("Hacking Team"), "Hacking Team");
        assert_eq!(csv_safe(""), "");
    }
}
