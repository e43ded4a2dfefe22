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
    /// Per token: a generic word of company names ("group", "systems", "company"),
    /// which says little about identity and weighs less.
    pub generic: Vec<bool>,
    /// The words joined without spaces.
    pub compact: String,
    /// The [`spelling_key`] of the distinctive words (not generic, not numbers),
    /// joined: "IMATEL PLUS" and "EMMA TEL PLUS" meet here, split and spelt
    /// differently. Numbers kept apart in `numbers` ("ENERGY I" is not "ENERGY II").
    pub compact_key: String,
    pub numbers: Vec<String>,
    /// Per token, computed once so that comparing names allocates nothing: the length
    /// in characters, the [`spelling_key`], the consonant skeleton and the vowel count.
    pub lens: Vec<usize>,
    pub keys: Vec<String>,
    pub skeletons: Vec<String>,
    pub vowels: Vec<usize>,
    /// Read as a person's name ([`ScreenName::read_person`]).
    pub person: bool,
    /// Every word is generic ("Defense Industries Corporation"): then none is marked
    /// generic, but nor does the name have a brand to recognise it by.
    pub all_generic: bool,
}

impl ScreenName {
    fn new(tokens: Vec<String>, generic: Vec<bool>) -> ScreenName {
        let keys: Vec<String> = tokens.iter().map(|t| spelling_key(t)).collect();
        let words: String = tokens
            .iter()
            .zip(&generic)
            .filter(|(t, g)| !is_numeral(t) && !**g)
            .map(|(t, _)| t.as_str())
            .collect();
        ScreenName {
            compact: tokens.concat(),
            compact_key: spelling_key(&words),
            numbers: tokens.iter().filter(|t| is_numeral(t)).cloned().collect(),
            lens: tokens.iter().map(|t| t.chars().count()).collect(),
            skeletons: keys.iter().map(|k| skeleton_of_key(k)).collect(),
            vowels: tokens
                .iter()
                .map(|t| t.chars().filter(|c| "aeiouy".contains(*c)).count())
                .collect(),
            keys,
            tokens,
            generic,
            person: false,
            all_generic: false,
        }
    }
}

/// A spelling key's consonants, doubles collapsed: "mhmd" for "Muhammad".
fn skeleton_of_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars().filter(|&c| c != 'a') {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Legal forms written out in full at the start of a name, as the lists write Russian
/// and other registrations ("LIMITED LIABILITY COMPANY X", "OBSHCHESTVO S
/// OGRANICHENNOY OTVETSTVENNOSTYU X"). The normaliser removes the short forms and the
/// long ones at the end; lists put the long ones first as often as last.
const LEADING_FORMS: &[&str] = &[
    "limited liability company",
    "limited liability partnership",
    "joint stock company",
    "open joint stock company",
    "closed joint stock company",
    "public joint stock company",
    "private joint stock company",
    "obshchestvo s ogranichennoy otvetstvennostyu",
    "obshchestvo s ogranichennoi otvetstvennostyu",
    "obschestvo s ogranichennoy otvetstvennostyu",
    "aktsionernoe obshchestvo",
    "zakrytoe aktsionernoe obshchestvo",
    "otkrytoe aktsionernoe obshchestvo",
    "publichnoe aktsionernoe obshchestvo",
    "federalnoe gosudarstvennoe unitarnoe predpriyatie",
    "federal state unitary enterprise",
    "federal state budgetary institution",
];

/// Short legal forms that lists write before the name ("LLC BALTECH", "PT X", "AO
/// X") or after it in spellings the normaliser does not know ("P.J.S", "S.A.L.").
/// Only removed while another word remains.
const LEADING_SHORT_FORMS: &[&str] = &[
    "llc", "ooo", "oao", "zao", "pao", "nao", "ao", "jsc", "ojsc", "cjsc", "pjsc", "tov", "too",
    "pt", "cv", "fgup", "gup", "mup", "chp",
];
const TRAILING_SHORT_FORMS: &[&str] = &[
    "pjs", "pjsc", "pjsco", "jsco", "sal", "llc", "fze", "fzco", "fzc", "fzllc", "fz", "jsc",
];

fn strip_short_forms(tokens: &mut Vec<String>) {
    while tokens.len() > 1 && LEADING_SHORT_FORMS.contains(&tokens[0].as_str()) {
        tokens.remove(0);
    }
    while tokens.len() > 1 && TRAILING_SHORT_FORMS.contains(&tokens[tokens.len() - 1].as_str()) {
        tokens.pop();
    }
}

/// The Arabic definite article and its assimilated spellings ("al-Tawhid", "at-Tawhid",
/// "ash-Sham", "ud-Din"), and "wal" ("and the"): one word whatever the spelling. (Not
/// down-weighted: "EL BLANCO" would then stand for "Blancco" on the fair record.)
pub fn is_article(word: &str) -> bool {
    matches!(
        word,
        "al" | "el"
            | "at"
            | "ad"
            | "an"
            | "ar"
            | "as"
            | "ash"
            | "az"
            | "ath"
            | "ud"
            | "ul"
            | "ut"
            | "wal"
            | "val"
    )
}

/// Numbers tell related entities apart ("RIM GROUP INVESTMENTS II" is not "... I"):
/// the same test as resolution's.
pub use fairwatch_core::names::is_numeral;

/// "Son of" and "daughter of" in Arabic names, however written: "bin", "ibn", "ben".
pub fn is_son_of(word: &str) -> bool {
    matches!(
        word,
        "bin" | "ibn" | "ben" | "bint" | "binti" | "binte" | "ibnu"
    )
}

/// "of", "and", "for" in the languages of the lists: they join the words that name a
/// firm and weigh as little as generic words.
pub fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "of" | "for"
            | "and"
            | "the"
            | "de"
            | "del"
            | "della"
            | "des"
            | "du"
            | "la"
            | "le"
            | "di"
            | "da"
            | "do"
            | "dos"
            | "das"
            | "por"
            | "para"
            | "y"
            | "et"
            | "und"
            | "va"
            | "wa"
            | "ve"
    )
}

fn strip_leading_forms(tokens: &mut Vec<String>) {
    strip_short_forms(tokens);
    loop {
        // Compared word by word without collecting: this runs for every name read.
        let form = LEADING_FORMS.iter().find(|f| {
            let n = f.split(' ').count();
            tokens.len() > n && tokens.iter().zip(f.split(' ')).all(|(t, w)| t == w)
        });
        match form {
            Some(f) => {
                tokens.drain(..f.split(' ').count());
                strip_short_forms(tokens);
            }
            None => return,
        }
    }
}

impl ScreenName {
    /// Reads a name; `None` when nothing comparable is left (no letter or digit).
    pub fn read(normaliser: &Normaliser, raw: &str) -> Option<ScreenName> {
        let name = normaliser.analyse(raw);
        let brand: Vec<&str> = name.brand.split(' ').collect();
        let mut tokens: Vec<String> = name
            .tokens
            .iter()
            .filter(|t| !t.is_empty())
            .cloned()
            .collect();
        strip_leading_forms(&mut tokens);
        strip_spelled_forms(&mut tokens);
        if tokens.is_empty() {
            return None;
        }
        tokens.dedup();
        // When every word is generic the brand is the whole key: then none counts as
        // generic, or nothing would be left to weigh.
        let generic = tokens
            .iter()
            .map(|t| !brand.contains(&t.as_str()) || (tokens.len() > 1 && is_function_word(t)))
            .collect();
        let mut read = ScreenName::new(tokens, generic);
        read.all_generic = read.tokens.iter().all(|t| normaliser.is_generic(t));
        Some(read)
    }
}

impl ScreenName {
    /// Reads a person's name: transliterated, folded and split into words, with
    /// nothing removed (a company reading would take "SE" or "AG" for legal forms).
    pub fn read_person(raw: &str) -> Option<ScreenName> {
        let ascii = any_ascii::any_ascii(&fairwatch_core::fold::fold(raw)).to_lowercase();
        let mut tokens: Vec<String> = ascii
            .replace(['\'', '`'], "")
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        if tokens.is_empty() {
            return None;
        }
        tokens.dedup();
        let generic = vec![false; tokens.len()];
        let mut name = ScreenName::new(tokens, generic);
        name.person = true;
        Some(name)
    }
}

/// Legal forms written out in words anywhere in a name (German registrations above
/// all), removed before comparison as the normaliser removes their abbreviations.
const SPELLED_FORMS: &[&str] = &[
    "gesellschaft mit beschraenkter haftung",
    "gesellschaft mit beschrankter haftung",
    "kommanditgesellschaft",
    "aktiengesellschaft",
];

fn strip_spelled_forms(tokens: &mut Vec<String>) {
    for f in SPELLED_FORMS {
        // Only a name with the form's first word can hold it.
        let first = f.split(' ').next().unwrap_or_default();
        if !tokens.iter().any(|t| t == first) {
            continue;
        }
        let words: Vec<&str> = f.split(' ').collect();
        if tokens.len() <= words.len() {
            continue;
        }
        if let Some(at) = (0..=tokens.len() - words.len()).find(|&i| {
            tokens[i..i + words.len()]
                .iter()
                .zip(&words)
                .all(|(t, w)| t == w)
        }) {
            tokens.drain(at..at + words.len());
        }
    }
}

/// A spelling key under which transliterations of one name meet: "Soleimani" and
/// "Sulaymani", "Iryna" and "Irina", "Petr" and "Pyotr". Digraphs that render one
/// sound become one letter (kh, sh, ch, zh, ts, ph, th, gh, dh; x is ks, q is k, c is
/// k, z is s, w is v), every vowel (and y) becomes `a`, and doubled letters collapse.
/// Also the Russian renderings of foreign sounds: "dzh" and a soft "g" (before e, i, y)
/// are `j` ("Teknolodzhiz" and "Technologies"), a "w" that closes a syllable is a vowel
/// ("Tawhid" and "Taukhid"), and an English silent final "e" goes ("Positive" and
/// "Pozitiv").
pub fn spelling_key(word: &str) -> String {
    // Words are ASCII once transliterated: read their bytes as characters without
    // collecting them (this runs for every word of every name read).
    if word.is_ascii() {
        let b = word.as_bytes();
        return key_of(b.len(), |i| b.get(i).map(|&c| c as char));
    }
    let chars: Vec<char> = word.chars().collect();
    key_of(chars.len(), |i| chars.get(i).copied())
}

/// [`spelling_key`] of a word of `len` characters, `at(i)` being the i-th.
fn key_of(len: usize, at: impl Fn(usize) -> Option<char>) -> String {
    let vowel = |c: Option<char>| c.is_some_and(|c| "aeiouy".contains(c));
    let mut len = len;
    if len >= 5 && at(len - 1) == Some('e') && !vowel(at(len - 2)) {
        len -= 1;
    }
    let at = |i: usize| if i < len { at(i) } else { None };
    let mut out = String::with_capacity(len + 2);
    let push = |c: char, out: &mut String| {
        let c = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' => 'a',
            'c' | 'q' => 'k',
            'w' => 'v',
            'z' => 's',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    };
    let mut i = 0;
    while let Some(c) = at(i) {
        let next = at(i + 1);
        let (sound, used) = match (c, next) {
            ('t', Some('c')) if at(i + 2) == Some('h') => ('c', 3),
            ('d', Some('z')) if at(i + 2) == Some('h') => ('j', 3),
            // Korean and Wade-Giles "Ch" is Revised and Pinyin "J"/"Zh": "Chung" and
            // "Jung", "Chiang" and "Jiang".
            ('c', Some('h')) if i == 0 => ('j', 2),
            ('g', Some('e' | 'i' | 'y')) if i > 0 => ('j', 1),
            ('w', _) if i > 0 && !vowel(next) => ('a', 1),
            ('k', Some('h')) => ('h', 2),
            ('s', Some('h')) => ('s', 2),
            ('z', Some('h')) => ('j', 2),
            ('t', Some('s')) => ('c', 2),
            ('c', Some('h')) => ('c', 2),
            ('p', Some('h')) => ('f', 2),
            ('t', Some('h')) => ('t', 2),
            ('g', Some('h')) => ('g', 2),
            ('d', Some('h')) => ('d', 2),
            ('x', _) => {
                push('k', &mut out);
                ('s', 1)
            }
            (c, _) => (c, 1),
        };
        push(sound, &mut out);
        i += used;
    }
    out
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
        let c = ScreenName::read(&n, "LIMITED LIABILITY COMPANY ACTIVEBUSINESSCOLLECTION").unwrap();
        assert_eq!(c.tokens, ["activebusinesscollection"]);
        let d = ScreenName::read(&n, "Gamma Group").unwrap();
        assert_eq!(d.generic, [false, true]);
        let e = ScreenName::read(&n, "International Group").unwrap();
        assert_eq!(e.generic, [false, false]);
        assert!(ScreenName::read(&n, " - ; ").is_none());
        let f = ScreenName::read(&n, "LLC BALTECH").unwrap();
        assert_eq!(f.tokens, ["baltech"]);
        let g = ScreenName::read(&n, "MAMMUT INDUSTRIAL GROUP P.J.S").unwrap();
        assert_eq!(g.tokens, ["mammut", "industrial", "group"]);
        // A name that is only a form keeps it.
        assert_eq!(
            ScreenName::read(&n, "PT").map(|x| x.tokens),
            Some(vec!["pt".into()])
        );
        // "Of" joins words and weighs as little as a generic word.
        let h = ScreenName::read(&n, "SECOND ACADEMY OF SCIENCES").unwrap();
        assert_eq!(h.generic, [false, false, true, false]);
        assert!(!h.all_generic);
        assert!(
            ScreenName::read(&n, "Defense Industries Corporation")
                .unwrap()
                .all_generic
        );
    }

    #[test]
    fn person_names_keep_every_word() {
        let p = ScreenName::read_person("PAEK, Se-Bong").unwrap();
        assert_eq!(p.tokens, ["paek", "se", "bong"]);
        let q = ScreenName::read_person("Шамиль Измайлов").unwrap();
        assert_eq!(q.tokens, ["shamil", "izmailov"]);
    }

    #[test]
    fn transliterations_share_a_spelling_key() {
        for (a, b) in [
            ("soleimani", "sulaymani"),
            ("iryna", "irina"),
            ("petr", "pyotr"),
            ("mohammed", "muhammad"),
            ("izmaylov", "ismailov"),
            ("technologies", "teknolodzhiz"),
            ("positive", "pozitiv"),
            ("tawhid", "taukhid"),
            ("jihad", "dzhikhad"),
        ] {
            assert_eq!(spelling_key(a), spelling_key(b), "{a} {b}");
        }
        assert_ne!(spelling_key("mohammed"), spelling_key("mahmoud"));
        // A hard "g" at the start and a "w" before a vowel stay what they are.
        assert_eq!(spelling_key("gera"), "gara");
        assert_eq!(spelling_key("awad"), "avad");
    }

    #[test]
    fn birth_dates_in_the_lists_layouts() {
        assert_eq!(birth_date("1970"), Some((1970, None)));
        assert_eq!(
            birth_date("1970-01-02"),
            Some((1970, Some("1970-01-02".into())))
        );
        assert_eq!(
            birth_date("02/01/1970"),
            Some((1970, Some("1970-01-02".into())))
        );
        assert_eq!(
            birth_date("02 Jan 1970"),
            Some((1970, Some("1970-01-02".into())))
        );
        assert_eq!(birth_date("00/00/1970"), Some((1970, None)));
        assert_eq!(birth_date("circa"), None);
    }

    #[test]
    fn identifiers_keep_letters_and_digits() {
        assert_eq!(identifier("ab 123-456").as_deref(), Some("AB123456"));
        assert_eq!(identifier("12"), None);
    }
}
