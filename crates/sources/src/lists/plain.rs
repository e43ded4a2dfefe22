//! A plain CSV list the user keeps ([`ListFormat::PlainCsv`]): one header row, one entry
//! per row.
//!
//! | column      | meaning                                                               |
//! |-------------|-----------------------------------------------------------------------|
//! | `name`      | required; the entry's primary name                                    |
//! | `aliases`   | other names, `;`-separated                                            |
//! | `country`   | countries (names or codes, as written), `;`-separated                 |
//! | `type`      | `company`, `organisation`, `organization`, `entity`, `person`,        |
//! |             | `individual`, `vessel`, `aircraft`, or empty (unknown)                |
//! | `id`        | the entry's id; when absent or empty, derived from the name (below)   |
//! | `program`   | programmes or reasons, `;`-separated                                  |
//! | `listed_on` | when the entry was listed, as written                                 |
//! | `url`       | a link to the entry or its source                                     |
//! | `remarks`   | free text                                                             |
//!
//! Headers are matched ignoring case and surrounding space (`aliases`, `country` and
//! `program` also accept `alias`, `countries` and `programs`). Unknown columns are
//! ignored, so a spreadsheet with extra bookkeeping columns imports as is; a file
//! without a `name` column is refused, because guessing which column holds the names
//! would silently screen against the wrong text. The delimiter is the header's most
//! frequent of `,`, `;` and tab, since spreadsheets in many locales save `;`.
//!
//! An unknown `type` is an error (naming line and column) rather than
//! [`EntityKind::Unknown`]: in a hand-kept list it is a typo the user wants to hear about.
//! A row without a name is skipped and reported in [`ParsedList::skipped`].
//!
//! Derived ids are `plain-` and 16 hex digits of a 64-bit FNV-1a hash of the name,
//! lowercased with runs of whitespace collapsed: stable across runs, platforms and
//! versions (unlike `std`'s hasher), and unchanged by a fix of capitalisation. Rows that
//! share an id (the same name twice, or the same explicit id) are merged into one entry.
//!
//! This module also holds the text and CSV helpers the other CSV lists share
//! (`decode`, `read_rows`, `derived_id`, `Entries`).

use crate::exhibitor_list::detect_delimiter;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use super::model::{EntityKind, Identifier, ListEntry, ListFormat, NameKind, ParsedList};
use crate::error::{Place, SourceError};

/// The columns this parser reads, for the hint of a missing `name` column.
const ACCEPTED: &str =
    "name (required), aliases, country, type, id, program, listed_on, url, remarks";

/// Reads and parses a plain CSV list.
pub fn parse(path: &Path) -> Result<ParsedList, SourceError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(&file, e))?;
    parse_bytes(&bytes, &file)
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Name,
    Aliases,
    Country,
    Type,
    Id,
    Program,
    ListedOn,
    Url,
    Remarks,
}

fn column(header: &str) -> Option<Col> {
    Some(match header.trim().to_lowercase().as_str() {
        "name" => Col::Name,
        "aliases" | "alias" => Col::Aliases,
        "country" | "countries" => Col::Country,
        "type" => Col::Type,
        "id" => Col::Id,
        "program" | "programs" => Col::Program,
        "listed_on" => Col::ListedOn,
        "url" => Col::Url,
        "remarks" => Col::Remarks,
        _ => return None,
    })
}

fn kind_of(value: &str) -> Option<EntityKind> {
    Some(match value.trim().to_lowercase().as_str() {
        "company" | "organisation" | "organization" | "entity" => EntityKind::Organisation,
        "person" | "individual" => EntityKind::Person,
        "vessel" => EntityKind::Vessel,
        "aircraft" => EntityKind::Aircraft,
        "" => EntityKind::Unknown,
        _ => return None,
    })
}

/// Parses a plain CSV list held in memory; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let text = decode(bytes);
    let rows = read_rows(file, &text, detect_delimiter(&text))?;
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Err(SourceError::invalid(
            file,
            Place::File,
            "the file is empty",
            format!("the list needs a header row with the columns {ACCEPTED}"),
        ));
    };
    // The first column wins when a header repeats.
    let mut at: HashMap<Col, usize> = HashMap::new();
    for (i, h) in header.cells.iter().enumerate() {
        if let Some(c) = column(h) {
            at.entry(c).or_insert(i);
        }
    }
    if !at.contains_key(&Col::Name) {
        return Err(SourceError::invalid(
            file,
            Place::Line(header.line, None),
            format!(
                "the header has no `name` column (it has: {})",
                header.cells.join(", ")
            ),
            format!("the first row must name the columns; accepted: {ACCEPTED}"),
        ));
    }
    let get = |cells: &'_ [String], c: Col| -> String {
        at.get(&c)
            .and_then(|&i| cells.get(i))
            .map_or(String::new(), |s| s.trim().to_string())
    };
    let mut entries = Entries::default();
    let mut skipped = Vec::new();
    for row in rows {
        let name = get(&row.cells, Col::Name);
        if name.is_empty() {
            skipped.push(format!("{file} line {}: no name", row.line));
            continue;
        }
        let type_text = get(&row.cells, Col::Type);
        let Some(kind) = kind_of(&type_text) else {
            return Err(SourceError::invalid(
                file,
                Place::Line(row.line, Some("type".to_string())),
                format!("unknown type {type_text:?}"),
                "use company, organisation, entity, person, individual, vessel, aircraft, \
                 or leave it empty",
            ));
        };
        let id = match get(&row.cells, Col::Id) {
            id if id.is_empty() => derived_id("plain", &[&name]),
            id => id,
        };
        let mut entry = ListEntry::new(id, kind, name);
        for alias in split_list(&get(&row.cells, Col::Aliases), ';') {
            entry.add_name(alias, NameKind::Alias);
        }
        for country in split_list(&get(&row.cells, Col::Country), ';') {
            ListEntry::push_unique(&mut entry.countries, country);
        }
        for program in split_list(&get(&row.cells, Col::Program), ';') {
            ListEntry::push_unique(&mut entry.programs, program);
        }
        entry.listed_on = non_empty(get(&row.cells, Col::ListedOn));
        entry.url = non_empty(get(&row.cells, Col::Url));
        entry.remarks = non_empty(get(&row.cells, Col::Remarks));
        entries.push(entry);
    }
    Ok(ParsedList {
        omitted: Default::default(),
        format: ListFormat::PlainCsv,
        entries: entries.into_vec(),
        skipped,
    })
}

// ---------------------------------------------------------------------------------------
// Helpers shared by the CSV lists (plain, CSL, UK).

/// Text from bytes: a byte-order mark decides (UTF-8, or UTF-16 as Excel's "Unicode
/// text" writes), and is dropped; else UTF-8; else Windows-1252, which decodes any bytes
/// and is what CSVs saved by Excel on Western-European Windows are in. Lists are
/// published in UTF-8, so the fallback only matters for hand-edited copies.
///
/// C1 control characters (U+0080 to U+009F) are then read as the Windows-1252 characters
/// of the same byte: they never belong in a name, and appear when Windows-1252 text was
/// once converted as if it were Latin-1. The CSL writes "Gui\u{92}an" for "Gui’an".
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        encoding
            .decode_without_bom_handling(bytes.get(bom..).unwrap_or_default())
            .0
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        }
    };
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(is_c1) {
        return text;
    }
    let repaired = text
        .chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(b) if is_c1(c) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[b])
                .0
                .chars()
                .next()
                .unwrap_or(c),
            _ => c,
        })
        .collect();
    Cow::Owned(repaired)
}

/// One CSV record: the 1-based line it starts on and its trimmed cells.
pub(crate) struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// Every record of a CSV text (the header too), skipping records whose cells are all
/// empty. Rows may have any number of cells; the callers decide what a short or long
/// row means.
pub(crate) fn read_rows(file: &str, text: &str, delimiter: u8) -> Result<Vec<Row>, SourceError> {
    let lines = LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
            SourceError::invalid(
                file,
                Place::Line(line, None),
                format!("not valid CSV: {e}"),
                "the file may be damaged; download or export it again",
            )
        })?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        rows.push(Row { line, cells });
    }
    Ok(rows)
}

/// Line numbers from byte offsets. The CSV reader reports where it began looking for a
/// record, before the blank lines it skips, so the offset is first moved past those.
struct LineIndex<'a> {
    bytes: &'a [u8],
    /// Byte offsets at which a line starts (after `\n`, or after a `\r` not followed by
    /// `\n`), in order; line 1 starts at 0 and is not listed.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let starts = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex { bytes, starts }
    }

    fn line_at(&self, offset: u64) -> u64 {
        let len = self.bytes.len();
        let mut offset = usize::try_from(offset).unwrap_or(len).min(len);
        while offset < len && matches!(self.bytes.get(offset), Some(b'\n' | b'\r')) {
            offset += 1;
        }
        let before = self.starts.partition_point(|&s| s <= offset);
        u64::try_from(before).unwrap_or(u64::MAX).saturating_add(1)
    }
}

/// `s` split on `sep`, each part trimmed, empty parts dropped.
pub(crate) fn split_list(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn non_empty(s: impl Into<String>) -> Option<String> {
    let s: String = s.into();
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A stable id for an entry whose list gives none: `prefix-` and the 64-bit FNV-1a hash
/// (16 hex digits) of the parts, each lowercased with whitespace runs collapsed, joined
/// by U+001F. FNV-1a is fixed by its definition, so the id is the same on every
/// platform and in every version.
pub(crate) fn derived_id(prefix: &str, parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let key = part
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let sep: &[u8] = if i == 0 { b"" } else { b"\x1f" };
        for &b in sep.iter().chain(key.as_bytes()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{prefix}-{hash:016x}")
}

/// Entries in first-seen order, one per id: a second entry with an id already seen is
/// merged into the first (its names become aliases, list fields are united, empty
/// single fields filled). Lists repeat an entry when it has several addresses (the
/// Denied Persons List) or split one entry over rows (the UK list).
#[derive(Default)]
pub(crate) struct Entries {
    list: Vec<ListEntry>,
    index: HashMap<String, usize>,
}

impl Entries {
    pub fn push(&mut self, entry: ListEntry) {
        let Some(&i) = self.index.get(&entry.id) else {
            self.index.insert(entry.id.clone(), self.list.len());
            self.list.push(entry);
            return;
        };
        let Some(old) = self.list.get_mut(i) else {
            return;
        };
        if old.kind == EntityKind::Unknown {
            old.kind = entry.kind;
        }
        for n in entry.names {
            let kind = match n.kind {
                NameKind::Primary => NameKind::Alias,
                k => k,
            };
            old.add_name(n.text, kind);
        }
        for (to, from) in [
            (&mut old.countries, entry.countries),
            (&mut old.addresses, entry.addresses),
            (&mut old.birth_dates, entry.birth_dates),
            (&mut old.programs, entry.programs),
        ] {
            for v in from {
                ListEntry::push_unique(to, v);
            }
        }
        for id in entry.identifiers {
            push_identifier(&mut old.identifiers, id);
        }
        for (to, from) in [
            (&mut old.sub_list, entry.sub_list),
            (&mut old.listed_on, entry.listed_on),
            (&mut old.url, entry.url),
        ] {
            if to.is_none() {
                *to = from;
            }
        }
        match (&mut old.remarks, entry.remarks) {
            (Some(r), Some(new)) if !r.contains(&new) => {
                r.push_str("; ");
                r.push_str(&new);
            }
            (r @ None, new) => *r = new,
            _ => {}
        }
    }

    pub fn into_vec(self) -> Vec<ListEntry> {
        self.list
    }
}

/// Adds an identifier unless empty or already there.
pub(crate) fn push_identifier(ids: &mut Vec<Identifier>, id: Identifier) {
    let id = Identifier {
        kind: id.kind.trim().to_string(),
        value: id.value.trim().to_string(),
    };
    if !id.value.is_empty() && !ids.contains(&id) {
        ids.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lists")
            .join(name)
    }

    fn invalid_line(e: &SourceError) -> Option<u64> {
        match e {
            SourceError::Invalid {
                place: Place::Line(n, _),
                ..
            } => Some(*n),
            _ => None,
        }
    }

    #[test]
    fn fixture_parses() -> Result<(), SourceError> {
        let list = parse(&fixture("plain-sample.csv"))?;
        assert_eq!(list.format, ListFormat::PlainCsv);
        assert_eq!(list.entries.len(), 5);
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);

        let intellexa = &list.entries[0];
        assert_eq!(intellexa.id, "watch-001");
        assert_eq!(intellexa.kind, EntityKind::Organisation);
        assert_eq!(intellexa.names[0].text, "Intellexa S.A.");
        assert_eq!(intellexa.names[0].kind, NameKind::Primary);
        assert_eq!(intellexa.names[1].text, "Intellexa Alliance");
        assert_eq!(intellexa.names[1].kind, NameKind::Alias);
        assert_eq!(intellexa.countries, ["GR"]);
        assert_eq!(intellexa.programs, ["EL"]);
        assert_eq!(intellexa.listed_on.as_deref(), Some("2023-07-18"));

        // No id column value: derived from the name, stably.
        let derived = list
            .entries
            .iter()
            .find(|e| e.names[0].text == "Hacking Team");
        let derived = derived.map(|e| e.id.as_str());
        assert_eq!(
            derived,
            Some(derived_id("plain", &["hacking  TEAM"]).as_str())
        );
        assert!(derived.is_some_and(|id| id.starts_with("plain-") && id.len() == 22));

        let person = list.entries.iter().find(|e| e.kind == EntityKind::Person);
        assert_eq!(person.map(|e| e.names[0].text.as_str()), Some("Tal Dilian"));
        let unknown = list
            .entries
            .iter()
            .filter(|e| e.kind == EntityKind::Unknown);
        assert_eq!(unknown.count(), 1);
        Ok(())
    }

    #[test]
    fn header_is_case_insensitive_and_delimiter_detected() -> Result<(), SourceError> {
        let csv = "\u{feff}NAME;Country;Notes\r\nAcme Ltd;DE;x\r\n\r\n;FR;\r\n";
        let list = parse_bytes(csv.as_bytes(), "l.csv")?;
        assert_eq!(list.entries.len(), 1);
        assert_eq!(list.entries[0].names[0].text, "Acme Ltd");
        assert_eq!(list.entries[0].countries, ["DE"]);
        assert_eq!(list.skipped, ["l.csv line 4: no name"]);
        Ok(())
    }

    #[test]
    fn same_name_twice_is_one_entry() -> Result<(), SourceError> {
        let csv = "name,aliases,country\nAcme Ltd,Acme,DE\nACME LTD,Acme GmbH,AT\n";
        let list = parse_bytes(csv.as_bytes(), "l.csv")?;
        assert_eq!(list.entries.len(), 1);
        let names: Vec<_> = list.entries[0]
            .names
            .iter()
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(names, ["Acme Ltd", "Acme", "Acme GmbH"]);
        assert_eq!(list.entries[0].countries, ["DE", "AT"]);
        Ok(())
    }

    #[test]
    fn missing_name_column_is_refused_with_the_accepted_columns() {
        let e = parse_bytes(b"company,country\nAcme,DE\n", "l.csv");
        let Err(e) = e else {
            panic!("accepted a list without a name column")
        };
        assert_eq!(e.file(), "l.csv");
        assert_eq!(invalid_line(&e), Some(1));
        let text = e.to_string();
        assert!(text.contains("aliases, country, type"), "{text}");
    }

    #[test]
    fn unknown_type_names_line_and_column() {
        let e = parse_bytes(b"name,type\nAcme,company\nBeta,compnay\n", "l.csv");
        let Err(SourceError::Invalid { place, .. }) = e else {
            panic!("accepted an unknown type")
        };
        assert_eq!(place, Place::Line(3, Some("type".to_string())));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let e = parse_bytes(b"\xff\xfe\x00\x01garbage\x00\x80\x81", "g.csv");
        assert!(matches!(e, Err(SourceError::Invalid { .. })));
        assert!(parse_bytes(b"", "g.csv").is_err());
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Mostly CSV punctuation and letters, so that rows and quotes occur.
                    let table = b"name,;\"\n\r\tA\xc3\xa9\xff";
                    table[(seed % table.len() as u64) as usize]
                })
                .collect();
            let _ = parse_bytes(&bytes, "fuzz.csv");
        }
    }

    #[test]
    fn decode_handles_boms_and_mojibake() {
        assert_eq!(decode(b"\xef\xbb\xbfname"), "name");
        assert_eq!(decode(b"\xff\xfen\x00a\x00"), "na");
        assert_eq!(decode(b"caf\xe9"), "café");
        assert_eq!(decode("Gui\u{92}an".as_bytes()), "Gui\u{2019}an");
    }

    #[test]
    fn line_numbers_count_quoted_newlines() -> Result<(), SourceError> {
        let text = "a,b\n\"x\ny\",1\n\n\nz,2\r\nw,3";
        let rows = read_rows("t.csv", text, b',')?;
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 6, 7]);
        Ok(())
    }
}
