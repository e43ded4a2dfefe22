//! The UN Security Council consolidated sanctions list, XML
//! (<https://scsanctions.un.org/resources/xml/en/consolidated.xml>).
//!
//! The layout is `CONSOLIDATED_LIST > INDIVIDUALS > INDIVIDUAL` and
//! `CONSOLIDATED_LIST > ENTITIES > ENTITY`. Each record holds plain fields (`DATAID`,
//! `FIRST_NAME`..`FOURTH_NAME`, `UN_LIST_TYPE`, `REFERENCE_NUMBER`, `LISTED_ON`,
//! `NAME_ORIGINAL_SCRIPT`, `COMMENTS1`) and one level of groups whose children are
//! plain fields (`NATIONALITY/VALUE`, `INDIVIDUAL_ALIAS/{QUALITY,ALIAS_NAME}`,
//! `INDIVIDUAL_ADDRESS/{STREET,CITY,STATE_PROVINCE,ZIP_CODE,COUNTRY}`,
//! `INDIVIDUAL_DATE_OF_BIRTH/{TYPE_OF_DATE,DATE,YEAR,FROM_YEAR,TO_YEAR}`,
//! `INDIVIDUAL_PLACE_OF_BIRTH/COUNTRY`,
//! `INDIVIDUAL_DOCUMENT/{TYPE_OF_DOCUMENT,NUMBER,ISSUING_COUNTRY,COUNTRY_OF_ISSUE}`; the
//! `ENTITY_*` groups have the same children). Empty groups are written as `<X/>`.
//!
//! The file is read as a stream of events (quick-xml), so memory stays at one record
//! whatever the file's size. The parser keeps the open elements; the depth says what an
//! element is: 1 the root, 3 a record, 4 a field or group, 5 a group's field. Unknown
//! elements are ignored, so new fields the UN adds do not break the import.
//!
//! Mapping to [`ListEntry`]:
//! - `id` = `DATAID` (stable across publications); `REFERENCE_NUMBER` (e.g. `QDi.020`)
//!   is kept as an identifier of kind `"UN reference"`, and stands in as the id when
//!   `DATAID` is missing.
//! - A person's primary name is `FIRST_NAME SECOND_NAME THIRD_NAME FOURTH_NAME`, in the
//!   list's order (the UN does not say which part is the family name); an entity's is
//!   its `FIRST_NAME`. `NAME_ORIGINAL_SCRIPT` follows as an alias, then the aliases:
//!   quality `Low` is [`NameKind::Weak`], `f.k.a.` [`NameKind::Former`], anything else
//!   (`Good`, `a.k.a.`) [`NameKind::Alias`].
//! - `countries`: nationalities, address countries, place-of-birth countries and the
//!   countries issuing documents, in the file's order, as written (names, not codes);
//!   then the countries of birth given with an alias.
//! - `birth_dates`: `DATE` as `YYYY-MM-DD`, `YEAR` as `YYYY`, a `BETWEEN` range as every
//!   year of the range (the endpoints only if it spans more than ten years, as a
//!   matcher compares years), a month given only in the note ("Nov. 1973", or "Sep."
//!   with a `YEAR`) as `YYYY-MM`; then the dates of birth given with an alias. Other
//!   notes ("30-35 years old", a Hijri date) are not dates and are left out.
//! - `identifiers`: documents with a `NUMBER`, of the kind `TYPE_OF_DOCUMENT`
//!   ("Passport", "National Identification Number"); documents whose number is only in
//!   the free-text note are not turned into identifiers.
//! - `programs` = `UN_LIST_TYPE` ("Al-Qaida", "DPRK"); `listed_on` = `LISTED_ON`;
//!   `remarks` = `COMMENTS1` as written.
//!
//! A record without an id or without any name is skipped and reported with its line.
//! Text that is not well-formed XML is an error naming the line.

use super::xml::{clean, push_reference, Lines};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use super::model::{EntityKind, Identifier, ListEntry, ListFormat, NameKind, ParsedList};
use crate::error::{Place, SourceError};

const ROOT: &str = "CONSOLIDATED_LIST";
const HINT: &str = "expected the UN consolidated list XML \
     (https://scsanctions.un.org/resources/xml/en/consolidated.xml)";

/// The widest `BETWEEN` range of birth years expanded year by year.
const MAX_YEAR_SPAN: u32 = 10;

/// Reads and parses a UN consolidated list file.
pub fn parse(path: &Path) -> Result<ParsedList, SourceError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(&file, e))?;
    parse_bytes(&bytes, &file)
}

/// Parses the UN consolidated list from memory; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = Reader::from_reader(bytes);
    // `<QUALITY/>` then arrives as a start and an end, like `<QUALITY></QUALITY>`, so
    // empty fields need no case of their own.
    reader.config_mut().expand_empty_elements = true;
    let mut lines = Lines::new(bytes);
    let invalid = |line: u64, message: String| {
        SourceError::invalid(file, Place::Line(line, None), message, HINT)
    };

    let mut out = ParsedList {
        omitted: Default::default(),
        format: ListFormat::UnXml,
        entries: Vec::new(),
        skipped: Vec::new(),
    };
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut record: Option<Record> = None;
    let mut group: Vec<(String, String)> = Vec::new();

    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.at(reader.error_position());
                return Err(invalid(line, format!("malformed XML: {e}")));
            }
        };
        match event {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_string();
                text.clear();
                if stack.is_empty() && name != ROOT {
                    let line = lines.at(reader.buffer_position());
                    return Err(invalid(
                        line,
                        format!("the root element is <{name}>, not <{ROOT}>"),
                    ));
                }
                stack.push(name);
                match stack.len() {
                    3 => {
                        let kind = match stack.last().map(String::as_str) {
                            Some("INDIVIDUAL") => Some(EntityKind::Person),
                            Some("ENTITY") => Some(EntityKind::Organisation),
                            _ => None,
                        };
                        record =
                            kind.map(|kind| Record::new(kind, lines.at(reader.buffer_position())));
                    }
                    4 => group.clear(),
                    _ => {}
                }
            }
            Event::End(_) => {
                let Some(name) = stack.pop() else {
                    // quick-xml reports unmatched end tags itself; this is belt and braces.
                    let line = lines.at(reader.buffer_position());
                    return Err(invalid(line, "an end tag without a start tag".into()));
                };
                let value = std::mem::take(&mut text);
                match (stack.len(), record.as_mut()) {
                    // A group's field: kept until the group ends.
                    (4, Some(_)) => group.push((name, value)),
                    (3, Some(rec)) => rec.field(&name, &value, &group),
                    (2, Some(_)) => {
                        if let Some(rec) = record.take() {
                            match rec.finish() {
                                Ok(entry) => out.entries.push(entry),
                                Err((line, why)) => {
                                    out.skipped.push(format!("{file} line {line}: {why}"));
                                }
                            }
                        }
                    }
                    (0, _) => break,
                    _ => {}
                }
            }
            Event::Text(t) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(t) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) => push_reference(&mut text, &r),
            Event::Eof => {
                let line = lines.at(reader.buffer_position());
                return Err(match stack.last() {
                    Some(open) => invalid(
                        line,
                        format!("the file ends inside <{open}>: it is truncated"),
                    ),
                    None => invalid(
                        line,
                        format!("no <{ROOT}> element: the file is empty or not XML"),
                    ),
                });
            }
            Event::Empty(_)
            | Event::Comment(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::DocType(_) => {}
        }
    }
    Ok(out)
}

/// One INDIVIDUAL or ENTITY while it is being read.
struct Record {
    kind: EntityKind,
    line: u64,
    dataid: String,
    reference: String,
    /// FIRST_NAME..FOURTH_NAME, kept by position whatever order they come in.
    name_parts: [String; 4],
    original_script: String,
    aliases: Vec<(String, NameKind)>,
    countries: Vec<String>,
    /// Dates and countries of birth given with an alias: they follow the record's own.
    alias_birth_dates: Vec<String>,
    alias_countries: Vec<String>,
    addresses: Vec<String>,
    identifiers: Vec<Identifier>,
    birth_dates: Vec<String>,
    programs: Vec<String>,
    listed_on: Option<String>,
    remarks: Option<String>,
}

impl Record {
    fn new(kind: EntityKind, line: u64) -> Record {
        Record {
            kind,
            line,
            dataid: String::new(),
            reference: String::new(),
            name_parts: Default::default(),
            original_script: String::new(),
            aliases: Vec::new(),
            countries: Vec::new(),
            alias_birth_dates: Vec::new(),
            alias_countries: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            birth_dates: Vec::new(),
            programs: Vec::new(),
            listed_on: None,
            remarks: None,
        }
    }

    /// A field or group of the record has ended; `group` holds a group's fields.
    fn field(&mut self, name: &str, value: &str, group: &[(String, String)]) {
        let get = |key: &str| {
            group
                .iter()
                .find(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| clean(v))
                .unwrap_or_default()
        };
        // INDIVIDUAL_ALIAS and ENTITY_ALIAS (and so on) have the same children.
        let group_name = name
            .strip_prefix("INDIVIDUAL_")
            .or_else(|| name.strip_prefix("ENTITY_"))
            .unwrap_or(name);
        match group_name {
            "DATAID" => self.dataid = clean(value),
            "REFERENCE_NUMBER" => self.reference = clean(value),
            "FIRST_NAME" => self.name_parts[0] = clean(value),
            "SECOND_NAME" => self.name_parts[1] = clean(value),
            "THIRD_NAME" => self.name_parts[2] = clean(value),
            "FOURTH_NAME" => self.name_parts[3] = clean(value),
            "NAME_ORIGINAL_SCRIPT" => self.original_script = clean(value),
            "UN_LIST_TYPE" => ListEntry::push_unique(&mut self.programs, clean(value)),
            "LISTED_ON" => self.listed_on = date(value),
            "COMMENTS1" => {
                let v = value.trim();
                self.remarks = (!v.is_empty()).then(|| v.to_string());
            }
            "NATIONALITY" => {
                for (k, v) in group {
                    if k == "VALUE" {
                        ListEntry::push_unique(&mut self.countries, clean(v));
                    }
                }
            }
            "ALIAS" => {
                let alias = get("ALIAS_NAME");
                if !alias.is_empty() {
                    let quality = get("QUALITY").to_lowercase();
                    let kind = match quality.as_str() {
                        "low" => NameKind::Weak,
                        "f.k.a." | "fka" => NameKind::Former,
                        _ => NameKind::Alias,
                    };
                    self.aliases.push((alias, kind));
                }
                if let Some(d) = date(&get("DATE_OF_BIRTH")) {
                    self.alias_birth_dates.push(d);
                }
                self.alias_countries.push(get("COUNTRY_OF_BIRTH"));
            }
            "ADDRESS" => {
                let parts: Vec<String> =
                    ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
                        .iter()
                        .map(|k| get(k))
                        .filter(|v| !v.is_empty())
                        .collect();
                ListEntry::push_unique(&mut self.addresses, parts.join(", "));
                ListEntry::push_unique(&mut self.countries, get("COUNTRY"));
            }
            "PLACE_OF_BIRTH" => ListEntry::push_unique(&mut self.countries, get("COUNTRY")),
            "DATE_OF_BIRTH" => {
                for d in birth_dates(
                    &get("DATE"),
                    &get("YEAR"),
                    &get("FROM_YEAR"),
                    &get("TO_YEAR"),
                    &get("NOTE"),
                ) {
                    ListEntry::push_unique(&mut self.birth_dates, d);
                }
            }
            "DOCUMENT" => {
                let number = get("NUMBER");
                if !number.is_empty() {
                    let mut kind = get("TYPE_OF_DOCUMENT");
                    if kind.is_empty() {
                        kind = get("TYPE_OF_DOCUMENT2");
                    }
                    if kind.is_empty() {
                        kind = "Document".to_string();
                    }
                    let id = Identifier {
                        kind,
                        value: number,
                    };
                    if !self.identifiers.contains(&id) {
                        self.identifiers.push(id);
                    }
                }
                ListEntry::push_unique(&mut self.countries, get("ISSUING_COUNTRY"));
                ListEntry::push_unique(&mut self.countries, get("COUNTRY_OF_ISSUE"));
            }
            _ => {}
        }
    }

    /// The entry, or the line and reason it is skipped.
    fn finish(self) -> Result<ListEntry, (u64, String)> {
        let what = match self.kind {
            EntityKind::Person => "INDIVIDUAL",
            _ => "ENTITY",
        };
        let id = if self.dataid.is_empty() {
            self.reference.clone()
        } else {
            self.dataid
        };
        if id.is_empty() {
            return Err((
                self.line,
                format!("{what} without DATAID or REFERENCE_NUMBER"),
            ));
        }
        let full_name = self
            .name_parts
            .iter()
            .filter(|p| !p.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        // A record always has a FIRST_NAME in practice; should one not, the name in the
        // original script, then the first alias, is better than dropping the record.
        let mut names = std::iter::once((full_name, NameKind::Primary))
            .chain(std::iter::once((self.original_script, NameKind::Alias)))
            .chain(self.aliases)
            .filter(|(n, _)| !n.is_empty());
        let Some((primary, _)) = names.next() else {
            return Err((self.line, format!("{what} {id} has no name")));
        };
        let mut entry = ListEntry::new(id, self.kind, primary);
        for (name, kind) in names {
            entry.add_name(name, kind);
        }
        if !self.reference.is_empty() {
            entry.identifiers.push(Identifier {
                kind: "UN reference".to_string(),
                value: self.reference,
            });
        }
        entry.identifiers.extend(self.identifiers);
        entry.countries = self.countries;
        for c in self.alias_countries {
            ListEntry::push_unique(&mut entry.countries, c);
        }
        entry.addresses = self.addresses;
        entry.birth_dates = self.birth_dates;
        for d in self.alias_birth_dates {
            ListEntry::push_unique(&mut entry.birth_dates, d);
        }
        entry.programs = self.programs;
        entry.listed_on = self.listed_on;
        entry.remarks = self.remarks;
        Ok(entry)
    }
}

/// The dates of birth one INDIVIDUAL_DATE_OF_BIRTH gives.
fn birth_dates(full: &str, year: &str, from: &str, to: &str, note: &str) -> Vec<String> {
    if let Some(d) = date(full) {
        return vec![d];
    }
    let month = note_month(note);
    if let Some(y) = date(year) {
        // "YEAR 1958, NOTE Sep." is September 1958.
        return match (month, note_year(note)) {
            (Some(m), None) if y.len() == 4 => vec![format!("{y}-{m:02}")],
            _ => vec![y],
        };
    }
    if let (Ok(from), Ok(to)) = (from.parse::<u32>(), to.parse::<u32>()) {
        if from <= to && to - from <= MAX_YEAR_SPAN {
            return (from..=to).map(|y| y.to_string()).collect();
        }
        return vec![from.to_string(), to.to_string()];
    }
    // Only a note: "Nov. 1973" is a month; other notes ("30-35 years old", a Hijri
    // date) stay unparsed.
    match (month, note_year(note)) {
        (Some(m), Some(y)) => vec![format!("{y}-{m:02}")],
        _ => Vec::new(),
    }
}

/// The month of a note that is a month, optionally followed by a year ("Nov. 1973",
/// "August 1961", "Sep.").
fn note_month(note: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut words = note.split_whitespace();
    let word = words.next()?.trim_end_matches('.').to_lowercase();
    match words.next() {
        None => {}
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {}
        Some(_) => return None,
    }
    if words.next().is_some() || word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&word))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The four-digit year of a "Month YYYY" note.
fn note_year(note: &str) -> Option<&str> {
    let mut words = note.split_whitespace();
    words.next()?;
    let y = words.next()?;
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then_some(y)
}

/// A date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY` when it starts like one (the UN writes
/// `2001-10-06`; older files had `2001-10-06T00:00:00`), otherwise as written; `None`
/// if empty.
fn date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let b = raw.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let dash = |i: usize| b.get(i) == Some(&b'-');
    let len = if digits(0..4) && dash(4) && digits(5..7) && dash(7) && digits(8..10) {
        10
    } else if digits(0..4) && dash(4) && digits(5..7) && !b.get(7).is_some_and(u8::is_ascii_digit) {
        7
    } else if digits(0..4) && !b.get(4).is_some_and(u8::is_ascii_digit) {
        4
    } else {
        return Some(clean(raw));
    };
    raw.get(..len).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Instant;

    use super::*;
    use crate::lists::model::ListName;

    /// The shared data's `lists` folder: `FAIRWATCH_SHARED` if set, else `../shared`
    /// beside the project (where CI checks it out).
    fn shared() -> PathBuf {
        std::env::var_os("FAIRWATCH_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists")
            })
    }

    fn real_file() -> PathBuf {
        let path = shared().join("un-2026/consolidated.xml");
        assert!(
            path.is_file(),
            "the UN list is expected at {} (set FAIRWATCH_SHARED to the shared lists folder)",
            path.display()
        );
        path
    }

    fn real() -> ParsedList {
        parse(&real_file()).expect("the real UN list parses")
    }

    fn name(text: &str, kind: NameKind) -> ListName {
        ListName {
            text: text.to_string(),
            kind,
        }
    }

    fn id(kind: &str, value: &str) -> Identifier {
        Identifier {
            kind: kind.to_string(),
            value: value.to_string(),
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Parses a small document; panics (in the test) on an error.
    fn small(xml: &str) -> ParsedList {
        parse_bytes(xml.as_bytes(), "small.xml").expect("parses")
    }

    fn line_of(err: SourceError) -> (u64, String, String) {
        match err {
            SourceError::Invalid {
                place: Place::Line(n, None),
                message,
                hint,
                ..
            } => (n, message, hint),
            other => panic!("expected Invalid with a line, got {other:?}"),
        }
    }

    #[test]
    fn real_file_counts_and_time() {
        let started = Instant::now();
        let list = real();
        let took = started.elapsed();
        let persons = list
            .entries
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .count();
        let orgs = list
            .entries
            .iter()
            .filter(|e| e.kind == EntityKind::Organisation)
            .count();
        eprintln!(
            "UN 2026-02-27: {persons} individuals, {orgs} entities, parsed in {took:?} ({})",
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
        );
        assert_eq!(persons, 730);
        assert_eq!(orgs, 273);
        assert_eq!(list.entries.len(), 1003);
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);
        assert_eq!(list.format, ListFormat::UnXml);
        // A generous bound, to catch accidental quadratic work, not to benchmark.
        assert!(took.as_secs() < 20, "took {took:?}");

        let mut ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 1003, "DATAIDs are unique");
        for e in &list.entries {
            assert_eq!(e.names[0].kind, NameKind::Primary, "{}", e.id);
            assert!(!e.names[0].text.is_empty(), "{}", e.id);
            assert_eq!(e.programs.len(), 1, "{}", e.id);
            assert!(
                e.listed_on.as_deref().is_some_and(|d| d.len() == 10),
                "{}",
                e.id
            );
            assert_eq!(e.identifiers[0].kind, "UN reference", "{}", e.id);
            for d in &e.birth_dates {
                assert!(matches!(d.len(), 4 | 7 | 10), "{}: {d}", e.id);
            }
        }
    }

    #[test]
    fn real_individual_field_by_field() {
        let list = real();
        let e = list
            .entries
            .iter()
            .find(|e| e.id == "111660")
            .expect("QDi.020 is listed");
        let remarks = e.remarks.as_deref().expect("COMMENTS1");
        assert!(remarks.starts_with(
            "Responsible for the finances of Al-Qa’ida (QDe.004) in Yemen. Accused of\ninvolvement"
        ));
        assert!(remarks.ends_with("Notices/View-UN-Notices-Individuals"));
        let expected = ListEntry {
            id: "111660".into(),
            kind: EntityKind::Person,
            names: vec![
                name("MOHAMMAD HAMDI MOHAMMAD SADIQ AL-AHDAL", NameKind::Primary),
                name("محمد حمدي محمد صادق الأهدل", NameKind::Alias),
                name("Al-Hamati, Muhammad", NameKind::Alias),
                name("Muhammad Muhammad Abdullah Al-Ahdal", NameKind::Alias),
                name("Mohamed Mohamed Abdullah Al-Ahdal", NameKind::Alias),
                name("Abu Asim Al-Makki", NameKind::Weak),
                name("Ahmed", NameKind::Weak),
            ],
            // Nationality and address, place of birth, passport issuer.
            countries: strings(&["Yemen", "Saudi Arabia"]),
            addresses: strings(&["Jamal street, Al-Dahima alley, Al-Hudaydah, Yemen"]),
            identifiers: vec![
                id("UN reference", "QDi.020"),
                id("Passport", "541939"),
                id("National Identification Number", "216040"),
            ],
            birth_dates: strings(&["1971-11-19"]),
            programs: strings(&["Al-Qaida"]),
            sub_list: None,
            listed_on: Some("2001-10-17".into()),
            remarks: Some(remarks.to_string()),
            url: None,
        };
        assert_eq!(*e, expected);
    }

    #[test]
    fn real_entity_field_by_field() {
        let list = real();
        let e = list
            .entries
            .iter()
            .find(|e| e.id == "690751")
            .expect("KPe.002 is listed");
        let expected = ListEntry {
            id: "690751".into(),
            kind: EntityKind::Organisation,
            names: vec![
                name("KOREA RYONBONG GENERAL CORPORATION", NameKind::Primary),
                name("KOREA YONBONG GENERAL CORPORATION", NameKind::Alias),
                name("LYONGAKSAN GENERAL TRADING CORPORATION", NameKind::Former),
            ],
            countries: strings(&["Democratic People's Republic of Korea"]),
            addresses: strings(&[
                "Pot’onggang District, Pyongyang, Democratic People's Republic of Korea",
                "Rakwon-dong, Pothonggang District, Pyongyang, Democratic People's Republic of Korea",
            ]),
            identifiers: vec![id("UN reference", "KPe.002")],
            birth_dates: vec![],
            programs: strings(&["DPRK"]),
            sub_list: None,
            listed_on: Some("2009-04-24".into()),
            // As written, with the list's hard line break.
            remarks: Some(
                "Defense conglomerate specializing in acquisition for DPRK defense\n\
                 industries and support to that country’s military-related sales."
                    .into(),
            ),
            url: None,
        };
        assert_eq!(*e, expected);
    }

    #[test]
    fn real_low_quality_aliases_are_weak() {
        let list = real();
        let first = list.entries.first().expect("entries");
        // ERIC BADEGE's alias group is empty (`<QUALITY/><ALIAS_NAME/>`): no name added.
        assert_eq!(first.id, "6907993");
        assert_eq!(first.names, vec![name("ERIC BADEGE", NameKind::Primary)]);
        assert_eq!(first.birth_dates, strings(&["1971"]));
        assert_eq!(
            first.countries,
            strings(&["Democratic Republic of the Congo", "Rwanda"])
        );
        let weak = list
            .entries
            .iter()
            .flat_map(|e| &e.names)
            .filter(|n| n.kind == NameKind::Weak)
            .count();
        // 615 "Low" aliases in the file, a few of them repeating another name of the entry.
        assert!((580..=615).contains(&weak), "{weak}");
        let former = list
            .entries
            .iter()
            .flat_map(|e| &e.names)
            .filter(|n| n.kind == NameKind::Former)
            .count();
        assert!((15..=19).contains(&former), "{former}");
    }

    #[test]
    fn real_file_birth_date_shapes() {
        let list = real();
        let dates = |id: &str| {
            let e = list.entries.iter().find(|e| e.id == id).expect(id);
            e.birth_dates.clone()
        };
        // TYPE_OF_DATE BETWEEN, FROM_YEAR 1973, TO_YEAR 1974.
        assert_eq!(dates("6908021"), strings(&["1973", "1974"]));
        // EXACT with only a NOTE "Nov. 1973 ".
        assert_eq!(dates("6907996"), strings(&["1973-11"]));
        // EXACT, YEAR 1958, NOTE "Sep.".
        assert_eq!(dates("6908545"), strings(&["1958-09"]));
        // The record's own date first, then the one given with an alias.
        assert_eq!(dates("6908503"), strings(&["1957-04-15", "1958-02-22"]));
    }

    #[test]
    fn truncated_real_file_is_invalid_with_its_line() {
        let bytes = std::fs::read(real_file()).expect("readable");
        for cut in [
            bytes.len() / 2,
            bytes.len() / 3,
            bytes.len() - 30,
            200,
            1000,
        ] {
            let head = &bytes[..cut];
            let lines_in_head = head.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            let err = parse_bytes(head, "cut.xml").expect_err("truncated");
            assert_eq!(err.file(), "cut.xml");
            let (line, message, hint) = line_of(err);
            assert!(
                line + 1 >= lines_in_head && line <= lines_in_head,
                "cut at {cut}: line {line}, file has {lines_in_head} lines: {message}"
            );
            assert_eq!(hint, HINT);
        }
    }

    #[test]
    fn wrong_root_is_invalid_with_hint() {
        let err = parse_bytes(
            b"<?xml version=\"1.0\"?>\n<sdnList><sdnEntry/></sdnList>",
            "sdn.xml",
        )
        .expect_err("not the UN list");
        let text = err.to_string();
        let (line, message, hint) = line_of(err);
        assert_eq!(line, 2);
        assert!(message.contains("<sdnList>"), "{message}");
        assert!(hint.contains("https://scsanctions.un.org/resources/xml/en/consolidated.xml"));
        assert!(text.starts_with("sdn.xml: line 2: "), "{text}");

        // The EU list is not the UN list either.
        let eu = b"<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\"></export>";
        assert!(parse_bytes(eu, "eu.xml").is_err());
        // Nor is an empty file, or a file of text.
        let (_, message, _) = line_of(parse_bytes(b"", "empty.xml").expect_err("empty"));
        assert!(message.contains("empty"), "{message}");
        assert!(parse_bytes(b"DATAID,NAME\n1,X\n", "x.csv").is_err());
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let xml = "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1</DATA>\n</INDIVIDUAL>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>";
        let (line, message, _) = line_of(parse_bytes(xml.as_bytes(), "bad.xml").expect_err("bad"));
        assert_eq!(line, 4, "{message}");
        let not_utf8 = b"<CONSOLIDATED_LIST>\n<X>\xff\xfe</X></CONSOLIDATED_LIST>";
        assert!(parse_bytes(not_utf8, "latin1.xml").is_err());
    }

    #[test]
    fn small_documents() {
        let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<CONSOLIDATED_LIST dateGenerated=\"2026-01-01T00:00:00Z\">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID> 1 </DATAID>
      <SECOND_NAME>DOE</SECOND_NAME>
      <FIRST_NAME>JOHN  Q.</FIRST_NAME>
      <UN_LIST_TYPE>Test</UN_LIST_TYPE>
      <REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER>
      <LISTED_ON>2001-10-06T00:00:00</LISTED_ON>
      <NEW_FIELD><VALUE>ignored</VALUE></NEW_FIELD>
      <COMMENTS1><![CDATA[Uses <CDATA>]]> &amp; entities &#233;</COMMENTS1>
      <INDIVIDUAL_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>JOHN OLD</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>john doe</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1900</FROM_YEAR><TO_YEAR>1950</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1958</YEAR><NOTE>Sep.</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>30-35 years old</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NOTE>number only in the note</NOTE><ISSUING_COUNTRY>Utopia</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT2>Ration card</TYPE_OF_DOCUMENT2><NUMBER>77</NUMBER></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <REFERENCE_NUMBER>TSi.002</REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>名前</NAME_ORIGINAL_SCRIPT>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>3</DATAID>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <FIRST_NAME>NO ID</FIRST_NAME>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>4</DATAID>
      <FIRST_NAME>ACME &amp; SONS</FIRST_NAME>
      <ENTITY_ADDRESS><CITY>Springfield</CITY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
";
        let list = small(xml);
        assert_eq!(list.entries.len(), 3, "{:?}", list.skipped);
        let john = &list.entries[0];
        assert_eq!(john.id, "1");
        assert_eq!(
            john.names,
            vec![
                name("JOHN Q. DOE", NameKind::Primary),
                name("JOHN OLD", NameKind::Former),
                name("john doe", NameKind::Weak),
            ]
        );
        assert_eq!(john.listed_on.as_deref(), Some("2001-10-06"));
        assert_eq!(
            john.birth_dates,
            strings(&["1960", "1961", "1962", "1900", "1950", "1973-11", "1958-09"])
        );
        assert_eq!(john.remarks.as_deref(), Some("Uses <CDATA> & entities é"));
        assert_eq!(
            john.identifiers,
            vec![id("UN reference", "TSi.001"), id("Ration card", "77")]
        );
        assert_eq!(john.countries, strings(&["Utopia"]));

        // No DATAID: the reference number is the id; no given names: the original script.
        let second = &list.entries[1];
        assert_eq!(second.id, "TSi.002");
        assert_eq!(second.names, vec![name("名前", NameKind::Primary)]);

        let acme = &list.entries[2];
        assert_eq!(acme.kind, EntityKind::Organisation);
        assert_eq!(acme.names[0].text, "ACME & SONS");
        assert_eq!(acme.addresses, strings(&["Springfield"]));

        assert_eq!(
            list.skipped,
            strings(&[
                "small.xml line 27: INDIVIDUAL 3 has no name",
                "small.xml line 30: INDIVIDUAL without DATAID or REFERENCE_NUMBER",
            ])
        );
    }

    #[test]
    fn random_input_never_panics() {
        // A fixed xorshift generator: the same inputs on every run.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let seed = std::fs::read(real_file()).expect("readable");
        let seed = &seed[..4000];
        for round in 0..400 {
            let len = (next() % 600) as usize;
            let input: Vec<u8> = match round % 4 {
                // Pure noise.
                0 => (0..len).map(|_| next() as u8).collect(),
                // Noise drawn from XML's own characters.
                1 => {
                    const ALPHABET: &[u8] =
                        b"<>/=\"'&;#!?[]- \nCONSOLIDATED_LISTINDIVIDUALDATAIDx0";
                    (0..len)
                        .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                        .collect()
                }
                // The real file's head with bytes overwritten.
                2 => {
                    let mut v = seed.to_vec();
                    for _ in 0..(1 + next() % 8) {
                        let i = (next() % v.len() as u64) as usize;
                        v[i] = next() as u8;
                    }
                    v
                }
                // The real file's head cut anywhere.
                _ => seed[..(next() % seed.len() as u64) as usize].to_vec(),
            };
            // Ok or Err are both fine; what matters is no panic.
            let _ = parse_bytes(&input, "random.xml");
        }
    }

    #[test]
    fn missing_file_is_io() {
        let err = parse(Path::new("/nonexistent/consolidated.xml")).expect_err("missing");
        assert!(matches!(err, SourceError::Io { .. }));
    }
}
