//! OFAC's legacy CSV sets: the SDN list (`sdn.csv` with `alt.csv`, `add.csv` and
//! `sdn_comments.csv`) and the non-SDN consolidated list (`cons_prim.csv` with
//! `cons_alt.csv`, `cons_add.csv` and `cons_comments.csv`).
//!
//! The format, as OFAC specifies it and as checked against the 2021, 2024 and 2025
//! publications:
//! - no header row; CRLF line ends; the file ends with a DOS end-of-file byte (0x1A)
//!   on a line of its own, which is ignored;
//! - `-0-` is the null value, usually unquoted with a trailing space (`-0- `);
//! - Latin-1 text (in practice ASCII). Input that is valid UTF-8 is read as UTF-8, any
//!   other as Windows-1252, a superset of Latin-1's printable range, so no byte fails;
//! - the primary table has 12 columns: ent_num, SDN_Name, SDN_Type, Program, Title,
//!   Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. `alt` has 5
//!   (ent_num, alt_num, alt_type, alt_name, alt_remarks), `add` 6 (ent_num, add_num,
//!   address, city/state/postal, country, add_remarks), `comments` 2 (ent_num, text);
//! - Remarks are cut at 1,000 characters, mid-word; the comments file holds the rest,
//!   appended with no separator. A primary table read alone (the 2024 file) keeps the
//!   cut text, and its last, possibly cut, clause is not parsed for facts (noted).
//!
//! Choices:
//! - names are kept as written ("LAST, First Middle"); the matcher handles token order;
//! - `alt` types: `aka` and `nka` are aliases, `fka` former names, `weak aka` weak;
//! - an "a.k.a. 'X'" in Remarks is a [`NameKind::Weak`] alias: OFAC keeps its weak AKAs
//!   (nicknames, acronyms such as 'BNC', 'AHMED THE TANZANIAN') out of `alt.csv` and in
//!   the Remarks of its delimited files; none of the 2,414 in the 2021 set repeats an
//!   `alt.csv` name. "f.k.a. 'X'" there is a former name;
//! - facts are read only from whole `"; "`-separated Remarks clauses that begin with a
//!   known label (DOB, nationality, citizen, Passport, Tax ID No., IMO...); the text of
//!   Remarks is kept intact. An identifier's "(Country)" also goes to `countries` (it
//!   is the issuing or registration country);
//! - Title, vessel type, tonnage and owner have no field in the model and are not kept
//!   (a Title is usually repeated in Remarks); the call sign becomes an identifier.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use csv::StringRecord;

use crate::error::Place;
use crate::lists::model::{
    EntityKind, Identifier, ListEntry, ListFormat, NameKind, Omitted, ParsedList,
};
use crate::SourceError;

const SDN_FILES: [&str; 4] = ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"];
const CONS_FILES: [&str; 4] = [
    "cons_prim.csv",
    "cons_alt.csv",
    "cons_add.csv",
    "cons_comments.csv",
];
const SET_HINT: &str = "expected OFAC's legacy CSV set: sdn.csv (with alt.csv, add.csv, sdn_comments.csv) or cons_prim.csv (with cons_alt.csv, cons_add.csv, cons_comments.csv)";
const PRIMARY_HINT: &str = "expected OFAC's legacy sdn.csv or cons_prim.csv: 12 columns, no header";
const ALT_HINT: &str = "expected OFAC's legacy alt.csv: 5 columns, no header";
const ADD_HINT: &str = "expected OFAC's legacy add.csv: 6 columns, no header";
const COMMENTS_HINT: &str = "expected OFAC's legacy sdn_comments.csv: 2 columns, no header";
/// OFAC cuts Remarks at this many characters and continues them in the comments file.
const REMARKS_CUT: usize = 1000;

/// Remarks labels read as identifiers, '|'-separated; the identifier's kind is the
/// label (less a trailing " #"), but "IMO" for a vessel's IMO number. A label comes
/// before any shorter label it starts with ("Identification Number IMO").
const ID_LABELS: &str = "Vessel Registration Identification IMO|Identification Number IMO|\
    Company Number IMO|Identification Number|Passport|National ID No.|Tax ID No.|\
    Registration ID|Registration Number|Business Registration Number|\
    Commercial Registry Number|Company Number|Government Gazette Number|\
    Legal Entity Number|Unified Social Credit Code (USCC)|Cedula No.|C.U.R.P.|R.F.C.|\
    NIT #|RUC #|D.N.I.|V.A.T. Number|SWIFT/BIC|Driver's License No.|MMSI|\
    Aircraft Tail Number|Website|Email Address";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The names of a set's four files: OFAC's own names, or the paths they were read from.
/// They appear in errors and in `skipped` notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetNames {
    pub format: ListFormat,
    pub primary: String,
    pub alt: String,
    pub add: String,
    pub comments: String,
}

impl SetNames {
    /// OFAC's file names for the SDN set ([`ListFormat::OfacSdn`]) or, for any other
    /// format, the consolidated set ([`ListFormat::OfacCons`]).
    pub fn standard(format: ListFormat) -> SetNames {
        let (format, [primary, alt, add, comments]) = match format {
            ListFormat::OfacSdn => (ListFormat::OfacSdn, SDN_FILES),
            _ => (ListFormat::OfacCons, CONS_FILES),
        };
        let name = |n: &str| n.to_string();
        let (primary, alt, add, comments) = (name(primary), name(alt), name(add), name(comments));
        SetNames {
            format,
            primary,
            alt,
            add,
            comments,
        }
    }
}

/// Reads the SDN or consolidated set in a directory; the companion files are optional.
pub fn parse_dir(dir: &Path) -> Result<ParsedList, SourceError> {
    let location = dir.display().to_string();
    let listing = std::fs::read_dir(dir).map_err(|e| SourceError::io(&location, e))?;
    let mut owned: Vec<(String, Vec<u8>)> = Vec::new();
    for item in listing {
        let path = item.map_err(|e| SourceError::io(&location, e))?.path();
        let base = path.file_name().unwrap_or_default().to_string_lossy();
        let mut known = SDN_FILES.iter().chain(&CONS_FILES);
        if known.any(|f| base.eq_ignore_ascii_case(f)) && path.is_file() {
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).map_err(|e| SourceError::io(&name, e))?;
            owned.push((name, bytes));
        }
    }
    let files: Vec<(String, &[u8])> = owned.iter().map(|(n, b)| (n.clone(), &b[..])).collect();
    parse_files(&location, &files)
}

/// Reads a set from named files in memory (names may be paths; OFAC's file names are
/// matched without regard to case). `location` names the set in errors.
pub fn parse_files(location: &str, files: &[(String, &[u8])]) -> Result<ParsedList, SourceError> {
    let is = |name: &str, want: &str| name.rsplit(['/', '\\']).next() == Some(want);
    let find = |want: &str| {
        files
            .iter()
            .find(|(n, _)| is(&n.to_ascii_lowercase(), want))
    };
    let format = match (find(SDN_FILES[0]).is_some(), find(CONS_FILES[0]).is_some()) {
        (true, false) => ListFormat::OfacSdn,
        (false, true) => ListFormat::OfacCons,
        (true, true) => {
            let msg = "holds both an SDN set (sdn.csv) and a consolidated set (cons_prim.csv)";
            let hint = "give each set its own directory";
            return Err(SourceError::invalid(location, Place::File, msg, hint));
        }
        (false, false) => {
            let msg = "no sdn.csv or cons_prim.csv found";
            return Err(SourceError::invalid(location, Place::File, msg, SET_HINT));
        }
    };
    let mut names = SetNames::standard(format);
    let pick = |slot: &mut String| {
        let (name, bytes) = find(slot.as_str())?;
        *slot = name.clone();
        Some(*bytes)
    };
    let primary = pick(&mut names.primary).unwrap_or_default();
    let (alt, add) = (pick(&mut names.alt), pick(&mut names.add));
    let comments = pick(&mut names.comments);
    parse_set(primary, alt, add, comments, &names)
}

/// Parses a set from its files' bytes: the primary table and the optional companions.
pub fn parse_set(
    primary: &[u8],
    alt: Option<&[u8]>,
    add: Option<&[u8]>,
    comments: Option<&[u8]>,
    names: &SetNames,
) -> Result<ParsedList, SourceError> {
    let mut set = Builder::default();
    let rows = read_table(primary, &names.primary, 12, PRIMARY_HINT)?;
    if rows.is_empty() {
        let file = &names.primary;
        return Err(SourceError::invalid(
            file,
            Place::File,
            "no rows",
            PRIMARY_HINT,
        ));
    }
    for (line, rec) in &rows {
        set.primary_row(*line, rec, &names.primary);
    }
    // Comments first: they complete the Remarks that the facts are read from.
    let companions: [(Option<&[u8]>, &str, usize, &str); 3] = [
        (comments, &names.comments, 2, COMMENTS_HINT),
        (alt, &names.alt, 5, ALT_HINT),
        (add, &names.add, 6, ADD_HINT),
    ];
    for (bytes, file, columns, hint) in companions {
        for (line, rec) in read_table(bytes.unwrap_or_default(), file, columns, hint)? {
            set.companion_row(line, &rec, file, columns);
        }
    }
    let mut parsed = set.finish(names);
    // A set published without a companion file says nothing of what that file holds;
    // the import keeps those parts from the version in force.
    parsed.omitted = Omitted {
        aliases: alt.is_none(),
        addresses: add.is_none(),
    };
    Ok(parsed)
}

/// Decodes a list file's bytes (UTF-8 if valid, else Windows-1252; a BOM dropped)
/// after refusing binary data, so a wrong file gets a clear error, not garbage rows.
/// CRLF becomes LF: the csv crate's line numbers lag on CRLF (OFAC's line end).
pub(crate) fn decode_text<'a>(
    bytes: &'a [u8],
    file: &str,
    hint: &str,
) -> Result<Cow<'a, str>, SourceError> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + bytes.iter().take(at).filter(|&&b| b == b'\n').count() as u64;
        let msg = "binary data (a NUL byte), not a text file".to_string();
        return Err(invalid_at(file, line, msg, hint));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    let crlf = text.contains("\r\n");
    Ok(if crlf {
        text.replace("\r\n", "\n").into()
    } else {
        text
    })
}

pub(crate) fn invalid_at(file: &str, line: u64, msg: String, hint: &str) -> SourceError {
    SourceError::invalid(file, Place::Line(line, None), msg, hint)
}

/// Reads a headerless CSV table, with each record's line. A file where most rows lack
/// the expected column count is not this table: that is an error.
fn read_table(
    bytes: &[u8],
    file: &str,
    columns: usize,
    hint: &str,
) -> Result<Vec<(u64, StringRecord)>, SourceError> {
    let text = decode_text(bytes, file, hint)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            invalid_at(file, line, format!("not CSV: {e}"), hint)
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        // OFAC ends its files with a DOS end-of-file byte (0x1A) on a line of its own.
        let eof = |f: &str| f.trim_matches(['\u{1a}', ' ', '\t', '\r', '\n']).is_empty();
        if rec.len() != 1 || !rec.get(0).is_some_and(eof) {
            rows.push((line, rec));
        }
    }
    let wrong = rows.iter().filter(|(_, r)| r.len() != columns).count();
    match rows.iter().find(|(_, r)| r.len() != columns) {
        Some((line, rec)) if wrong * 2 > rows.len() => {
            let (all, has) = (rows.len(), rec.len());
            let msg = format!("{wrong} of {all} rows lack {columns} columns; this has {has}");
            Err(invalid_at(file, *line, msg, hint))
        }
        _ => Ok(rows),
    }
}

/// A field with OFAC's null `-0-` and surrounding spaces removed; "" when missing.
fn field(rec: &StringRecord, i: usize) -> &str {
    match rec.get(i).map(str::trim) {
        Some("-0-") | None => "",
        Some(v) => v,
    }
}

/// The non-empty parts, joined.
pub(crate) fn join_present(parts: &[&str], separator: &str) -> String {
    let present: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    present.join(separator)
}

#[derive(Default)]
struct Builder {
    entries: Vec<ListEntry>,
    /// ent_num → index in `entries` (and in `remarks`).
    index: HashMap<String, usize>,
    remarks: Vec<Remarks>,
    skipped: Vec<String>,
}

struct Remarks {
    line: u64,
    text: String,
    /// Whether the comments file continued this entry's Remarks.
    continued: bool,
}

impl Builder {
    fn note(&mut self, file: &str, line: u64, why: impl std::fmt::Display) {
        self.skipped.push(format!("{file} line {line}: {why}"));
    }

    fn primary_row(&mut self, line: u64, rec: &StringRecord, file: &str) {
        let (id, name) = (field(rec, 0), field(rec, 1));
        if name.is_empty() {
            return self.note(file, line, "no name");
        }
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return self.note(file, line, format!("ent_num {id:?} is not a number"));
        }
        if self.index.contains_key(id) {
            return self.note(file, line, format!("ent_num {id} repeated"));
        }
        if rec.len() != 12 {
            self.note(
                file,
                line,
                format!("{} columns, not 12; read what is there", rec.len()),
            );
        }
        let kind = match field(rec, 2).to_ascii_lowercase().as_str() {
            "individual" => EntityKind::Person,
            "vessel" => EntityKind::Vessel,
            "aircraft" => EntityKind::Aircraft,
            "" => EntityKind::Organisation,
            _ => EntityKind::Unknown,
        };
        let mut entry = ListEntry::new(id, kind, name);
        for program in field(rec, 3).split("] [") {
            ListEntry::push_unique(&mut entry.programs, program.trim_matches(['[', ']', ' ']));
        }
        push_id(&mut entry, "Call Sign", field(rec, 5));
        ListEntry::push_unique(&mut entry.countries, field(rec, 9));
        // Not trimmed at the end: a cut may fall just after a space.
        let raw = rec.get(11).unwrap_or_default().trim_start();
        let text = if raw.trim_end() == "-0-" { "" } else { raw }.to_string();
        self.index.insert(id.to_string(), self.entries.len());
        self.entries.push(entry);
        self.remarks.push(Remarks {
            line,
            text,
            continued: false,
        });
    }

    fn companion_row(&mut self, line: u64, rec: &StringRecord, file: &str, columns: usize) {
        let id = field(rec, 0);
        let Some(&at) = self.index.get(id) else {
            return self.note(
                file,
                line,
                format!("ent_num {id:?} is not in the primary table"),
            );
        };
        let (Some(entry), Some(remarks)) = (self.entries.get_mut(at), self.remarks.get_mut(at))
        else {
            return;
        };
        match columns {
            2 => {
                remarks.text.push_str(rec.get(1).unwrap_or_default());
                remarks.continued = true;
            }
            5 if field(rec, 3).is_empty() => self.note(file, line, "no alt_name"),
            5 => {
                let kind = match field(rec, 2).to_ascii_lowercase().as_str() {
                    "fka" => NameKind::Former,
                    "weak aka" => NameKind::Weak,
                    _ => NameKind::Alias,
                };
                entry.add_name(field(rec, 3), kind);
            }
            _ => {
                let mut address =
                    join_present(&[field(rec, 2), field(rec, 3), field(rec, 4)], ", ");
                if !field(rec, 5).is_empty() && !address.is_empty() {
                    address = format!("{address} ({})", field(rec, 5));
                }
                ListEntry::push_unique(&mut entry.addresses, address);
                ListEntry::push_unique(&mut entry.countries, field(rec, 4));
            }
        }
    }

    fn finish(mut self, names: &SetNames) -> ParsedList {
        let remarks = std::mem::take(&mut self.remarks);
        for (at, remarks) in remarks.into_iter().enumerate() {
            let text = remarks.text.trim();
            let full = remarks.text.chars().count() >= REMARKS_CUT;
            let cut = full && !remarks.continued && !remarks.text.ends_with('.');
            if cut {
                let why = format!("Remarks cut at {REMARKS_CUT} characters and not continued in a comments file; their last clause was not read");
                self.note(&names.primary, remarks.line, why);
            }
            let Some(entry) = self.entries.get_mut(at) else {
                continue;
            };
            apply_remarks(entry, text, !cut);
            entry.remarks = Some(text.to_string()).filter(|t| !t.is_empty());
        }
        let (format, entries, skipped) = (names.format, self.entries, self.skipped);
        ParsedList {
            format,
            entries,
            skipped,
            omitted: Omitted::default(),
        }
    }
}

fn push_id(entry: &mut ListEntry, kind: &str, value: &str) {
    let value = value.trim().trim_end_matches(['.', ',']).trim();
    let known = entry
        .identifiers
        .iter()
        .any(|i| i.kind == kind && i.value == value);
    if !value.is_empty() && !known {
        let (kind, value) = (kind.to_string(), value.to_string());
        entry.identifiers.push(Identifier { kind, value });
    }
}

/// Reads facts from Remarks' `"; "`-separated clauses; `complete` false skips the last
/// clause, which may have been cut.
fn apply_remarks(entry: &mut ListEntry, text: &str, complete: bool) {
    let mut clauses: Vec<&str> = text.split("; ").collect();
    if !complete {
        clauses.pop();
    }
    for clause in clauses {
        let c = clause.trim();
        let c = c.strip_suffix('.').unwrap_or(c);
        apply_clause(entry, c.strip_prefix("alt. ").unwrap_or(c));
    }
}

fn apply_clause(entry: &mut ListEntry, c: &str) {
    let names = [
        ("a.k.a. ", NameKind::Weak),
        ("f.k.a. ", NameKind::Former),
        ("n.k.a. ", NameKind::Alias),
    ];
    for (label, kind) in names {
        if let Some(rest) = c.strip_prefix(label) {
            // The name is everything between the first and the last quote: names may
            // hold apostrophes ("a.k.a. 'ABU 'UMAR'").
            if let Some(name) = rest.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
                entry.add_name(name, kind);
            }
            return;
        }
    }
    if let Some(dob) = c.strip_prefix("DOB ") {
        let date = normalise_dob(dob).unwrap_or_else(|| dob.trim().to_string());
        return ListEntry::push_unique(&mut entry.birth_dates, date);
    }
    if let Some(country) = c
        .strip_prefix("nationality ")
        .or_else(|| c.strip_prefix("citizen "))
    {
        let country = country.trim();
        let country = country.strip_prefix("possibly ").unwrap_or(country);
        return ListEntry::push_unique(&mut entry.countries, country);
    }
    for label in ID_LABELS.split('|') {
        let Some(rest) = c.strip_prefix(label).and_then(|r| r.strip_prefix(' ')) else {
            continue;
        };
        // "X (Country) issued 01 Jan 2000": the value ends at the country or the dates.
        let (value, country) = match rest.split_once(" (") {
            Some((value, after)) => (value, after.split_once(')').map(|(c, _)| c)),
            None => {
                let ends = [" issued ", " expires ", ", issued", ", expires"];
                let cuts = ends
                    .iter()
                    .filter_map(|m| rest.split_once(m).map(|(v, _)| v));
                (cuts.min_by_key(|v| v.len()).unwrap_or(rest), None)
            }
        };
        let kind = if label.ends_with("Identification IMO") || label == "Identification Number IMO"
        {
            "IMO"
        } else {
            label.trim_end_matches(" #")
        };
        push_id(entry, kind, value);
        return ListEntry::push_unique(&mut entry.countries, country.unwrap_or_default());
    }
}

/// "01 Jan 1970" → "1970-01-01", "Jan 1970" → "1970-01", "1970" → "1970"; "circa" is
/// dropped and a range ("1970 to 1972", "1955-1957") gives its first date.
fn normalise_dob(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = s.strip_prefix("circa ").unwrap_or(s);
    let s = s.split(" to ").next().unwrap_or(s).trim();
    let s = match s.split_once('-') {
        Some((a, b)) if is_year(a) && is_year(b) => a,
        _ => s,
    };
    let month = |m: &str| {
        MONTHS
            .iter()
            .position(|x| x.eq_ignore_ascii_case(m))
            .map(|i| i + 1)
    };
    match s.split_whitespace().collect::<Vec<_>>().as_slice() {
        [y] if is_year(y) => Some(y.to_string()),
        [m, y] if is_year(y) => Some(format!("{y}-{:02}", month(m)?)),
        [d, m, y] if is_year(y) && d.len() <= 2 => {
            let d: u32 = d.parse().ok().filter(|d| (1..=31).contains(d))?;
            Some(format!("{y}-{:02}-{d:02}", month(m)?))
        }
        _ => None,
    }
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The shared data folder: `FAIRWATCH_SHARED` if set, else `shared/` beside the
    /// workspace.
    fn shared() -> PathBuf {
        match std::env::var_os("FAIRWATCH_SHARED") {
            Some(p) => PathBuf::from(p),
            None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists"),
        }
    }

    fn entry<'a>(list: &'a ParsedList, id: &str) -> &'a ListEntry {
        list.entries.iter().find(|e| e.id == id).expect(id)
    }

    fn names(e: &ListEntry, kind: NameKind) -> Vec<&str> {
        e.names
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.text.as_str())
            .collect()
    }

    fn ids<'a>(e: &'a ListEntry, kind: &str) -> Vec<&'a str> {
        e.identifiers
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.value.as_str())
            .collect()
    }

    #[test]
    fn sdn_2021_set_is_read_whole() {
        let list = parse_dir(&shared().join("ofac-sdn-2021")).expect("parses");
        assert_eq!(
            (list.format, list.entries.len()),
            (ListFormat::OfacSdn, 8976)
        );
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);

        let bank = entry(&list, "306");
        assert_eq!(bank.kind, EntityKind::Organisation);
        assert_eq!(names(bank, NameKind::Primary), ["BANCO NACIONAL DE CUBA"]);
        assert_eq!(names(bank, NameKind::Alias), ["NATIONAL BANK OF CUBA"]);
        assert_eq!(names(bank, NameKind::Weak), ["BNC"]);
        assert_eq!(bank.programs, ["CUBA"]);
        assert_eq!(bank.addresses.len(), 4);
        assert_eq!(
            bank.addresses[0],
            "Zweierstrasse 35, Zurich CH-8022, Switzerland"
        );
        assert_eq!(bank.countries, ["Switzerland", "Spain", "Japan", "Panama"]);
        assert_eq!(bank.remarks.as_deref(), Some("a.k.a. 'BNC'."));

        let person = entry(&list, "4107");
        assert_eq!(person.kind, EntityKind::Person);
        assert_eq!(person.names[0].text, "RODRIGUEZ OREJUELA, Gilberto Jose");
        assert_eq!(person.birth_dates, ["1939-01-31"]);
        assert_eq!(
            ids(person, "Passport"),
            ["T321642", "6067015", "77588", "10545599"]
        );
        assert_eq!(ids(person, "Cedula No."), ["6068015", "6067015"]);
        assert_eq!(
            person.countries,
            ["Colombia", "Comoros", "Argentina", "Venezuela"]
        );
        assert_eq!(names(person, NameKind::Weak), ["THE CHESS PLAYER", "LUCAS"]);
        assert_eq!(person.programs, ["SDNT"]);

        // Remarks continued in sdn_comments.csv, cut mid-word ("PROMO RAI" + "Z S.A.S.").
        let remarks = entry(&list, "12300").remarks.as_deref().unwrap_or_default();
        assert!(remarks.contains("Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL"));
        assert!(remarks.ends_with("Linked To: R D I S.A."));
        let tian = entry(&list, "28263");
        assert!(
            names(tian, NameKind::Weak).contains(&"snowsjohn"),
            "{:?}",
            tian.names
        );
        assert_eq!(
            (tian.programs.as_slice(), tian.countries.as_slice()),
            (
                &["DPRK3".into(), "CYBER2".into()][..],
                &["China".into()][..]
            )
        );
    }

    #[test]
    fn sdn_2024_primary_table_alone() {
        let dir = shared().join("ofac-sdn-2024");
        let bytes = std::fs::read(dir.join("sdn.csv")).expect("readable");
        let started = std::time::Instant::now();
        let list = parse_set(
            &bytes,
            None,
            None,
            None,
            &SetNames::standard(ListFormat::OfacSdn),
        )
        .expect("parses");
        eprintln!("2024 sdn.csv parsed in {:?}", started.elapsed());
        assert_eq!(list.entries.len(), 14965);
        // Without alt.csv and add.csv the set says nothing of aliases and addresses.
        assert_eq!(
            list.omitted,
            Omitted {
                aliases: true,
                addresses: true
            }
        );
        // Only notes on Remarks cut at 1,000 characters (no comments file of that date).
        assert_eq!(list.skipped.len(), 18);
        assert!(
            list.skipped.iter().all(|s| s.contains("Remarks cut")),
            "{:?}",
            list.skipped
        );
        let vessels = list.entries.iter().filter(|e| e.kind == EntityKind::Vessel);
        assert!(vessels.filter(|e| !ids(e, "IMO").is_empty()).count() > 800);
        assert_eq!(parse_dir(&dir).expect("dir parses").entries.len(), 14965);
    }

    #[test]
    fn consolidated_set_is_read() {
        let list = parse_dir(&shared().join("ofac-cons-2025")).expect("parses");
        assert_eq!(
            (list.format, list.entries.len()),
            (ListFormat::OfacCons, 442)
        );
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);
        let haniya = entry(&list, "9639");
        assert_eq!(
            (haniya.kind, haniya.birth_dates.as_slice()),
            (EntityKind::Person, &["1962".to_string()][..])
        );
        assert_eq!(haniya.programs, ["NS-PLC"]);
        assert!(names(haniya, NameKind::Alias).contains(&"HANIYA, Ismail"));
        assert!(haniya.countries.is_empty()); // its add rows are all -0-
        assert_eq!(entry(&list, "9641").countries, ["Palestinian"]);
    }

    #[test]
    fn remarks_clauses_become_facts() {
        let mut e = ListEntry::new("1", EntityKind::Person, "DOE, John");
        let text = "DOB 01 Jan 1970 to 1972; alt. DOB circa 1955-1957; nationality Iran; citizen possibly Iraq; Passport A123 (Iran) issued 2001; National ID No. 99-1; Vessel Registration Identification IMO 7406784; NIT # 8-0 (Colombia); Website www.x.com; f.k.a. 'OLD NAME'; a.k.a. 'ABU 'UMAR'; Linked To: X; a.k.a. 'CUT";
        apply_remarks(&mut e, text, true);
        assert_eq!(e.birth_dates, ["1970-01-01", "1955"]);
        assert_eq!(e.countries, ["Iran", "Iraq", "Colombia"]);
        assert_eq!(
            (ids(&e, "Passport"), ids(&e, "National ID No.")),
            (vec!["A123"], vec!["99-1"])
        );
        assert_eq!(
            (ids(&e, "IMO"), ids(&e, "NIT")),
            (vec!["7406784"], vec!["8-0"])
        );
        assert_eq!(ids(&e, "Website"), ["www.x.com"]);
        assert_eq!(names(&e, NameKind::Former), ["OLD NAME"]);
        assert_eq!(names(&e, NameKind::Weak), ["ABU 'UMAR"]);
        assert_eq!(normalise_dob("Feb 1960"), Some("1960-02".into()));
        assert_eq!(
            (normalise_dob("32 Jan 1960"), normalise_dob("12 De")),
            (None, None)
        );
    }

    #[test]
    fn companions_point_at_missing_entries_and_latin1_decodes() {
        let prim = b"36,\"CAF\xc9 S.A.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,\"Cuba\",-0- ,-0- \r\n\x1a";
        let alt = b"36,1,\"fka\",\"OLD CAF\xc9\",-0- \r\n99,2,\"aka\",\"NOBODY\",-0- \r\n";
        let add = b"36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n";
        let sdn = SetNames::standard(ListFormat::OfacSdn);
        let list = parse_set(prim, Some(alt), Some(add), None, &sdn).expect("parses");
        let e = entry(&list, "36");
        assert_eq!(
            (e.names[0].text.as_str(), names(e, NameKind::Former)),
            ("CAFÉ S.A.", vec!["OLD CAFÉ"])
        );
        assert_eq!(
            (e.countries.as_slice(), e.addresses.as_slice()),
            (&["Cuba".into()][..], &["Havana, Cuba".into()][..])
        );
        assert_eq!(
            list.skipped,
            ["alt.csv line 2: ent_num \"99\" is not in the primary table"]
        );
    }

    #[test]
    fn garbage_and_truncated_files_are_invalid() {
        let names = SetNames::standard(ListFormat::OfacCons);
        let cases: [&[u8]; 4] = [
            b"\x89PNG\r\n\x1a\n\0\0\0",
            b"36,\"AEROCARIBBEAN AIR",
            b"hello\nworld\n",
            b"",
        ];
        for bytes in cases {
            match parse_set(bytes, None, None, None, &names) {
                Err(SourceError::Invalid {
                    file, place, hint, ..
                }) => {
                    assert_eq!(file, "cons_prim.csv");
                    assert!(hint.contains("12 columns"), "{hint}");
                    assert!(
                        bytes.is_empty() || matches!(place, Place::Line(_, None)),
                        "{place:?}"
                    );
                }
                other => panic!("{bytes:?} gave {other:?}"),
            }
        }
        let err = parse_set(
            b"1,\"A\",,,,,,,,,,\n",
            Some(b"not,an,alt\n"),
            None,
            None,
            &names,
        );
        assert_eq!(err.expect_err("bad alt").file(), "cons_alt.csv");
        let err =
            parse_files("somewhere", &[("x/readme.txt".into(), &b""[..])]).expect_err("no set");
        assert_eq!(err.file(), "somewhere");
        // Odd bytes anywhere never panic.
        for bytes in [
            &b"\xff\xfe,\"\xe9\xe9\",,,"[..],
            b"\"",
            b"1,\"",
            b",,,,,,,,,,,,,,,,,,,",
            b"\r\r\n\n",
        ] {
            let _ = parse_set(bytes, Some(bytes), Some(bytes), Some(bytes), &names);
        }
    }
}
