//! Dates as the fair record gives them: full `YYYY-MM-DD`, or partial `YYYY` and
//! `YYYY-MM` when only the year or month is known. ISO 8601 strings compare correctly
//! as text, so they are kept as strings; this module only validates them.

/// Why `s` is not a date (`YYYY-MM-DD`; with `partial` also `YYYY` and `YYYY-MM`), or
/// `None` if it is one. The day must exist in its month (leap years included).
pub fn date_problem(s: &str, partial: bool) -> Option<String> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let shape_ok = if partial {
        (1..=3).contains(&parts.len())
    } else {
        parts.len() == 3
    };
    if !shape_ok
        || !digits(parts[0], 4)
        || parts.get(1).is_some_and(|m| !digits(m, 2))
        || parts.get(2).is_some_and(|d| !digits(d, 2))
    {
        return Some(
            if partial {
                "expected YYYY, YYYY-MM or YYYY-MM-DD"
            } else {
                "expected YYYY-MM-DD"
            }
            .into(),
        );
    }
    // The shape check above makes these parse.
    let year: u32 = parts[0].parse().unwrap_or(0);
    let month: u32 = parts.get(1)?.parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let day: u32 = parts.get(2)?.parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (!(1..=days).contains(&day)).then(|| format!("month {month} of {year} has {days} days"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_partial_dates() {
        assert_eq!(date_problem("2020-02-29", false), None);
        assert!(date_problem("2019-02-29", false).is_some());
        assert!(date_problem("1900-02-29", false).is_some());
        assert_eq!(date_problem("2000-02-29", false), None);
        assert!(date_problem("2020-01", false).is_some());
        assert_eq!(date_problem("2020-01", true), None);
        assert_eq!(date_problem("2020", true), None);
        assert!(date_problem("2020-00", true).is_some());
        assert!(date_problem("20200", true).is_some());
        assert!(date_problem("", true).is_some());
        assert!(date_problem("2020-1-01", false).is_some());
    }
}
