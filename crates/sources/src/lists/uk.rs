//! The UK sanctions list as OFSI's consolidated list CSV, "ConList.csv"
//! ([`ListFormat::UkCsv`]).
//!
//! The file starts with a line `Last Updated,<dd/mm/yyyy>`, then the header:
//!
//! ```text
//! Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,
//! Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,
//! Nationality,Passport Number,Passport Details,National Identification Number,
//! National Identification Details,Position,Address 1,...,Address 6,Post/Zip Code,
//! Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,
//! UK Sanctions List Date Designated,Last Updated,Group ID
//! ```
//!
//! One row per name: the rows sharing a `Group ID` are one designation, and become one
//! entry whose id is the Group ID.
//!
//! Choices:
//!
//! * **Header**: the first row with both `Name 6` and `Group ID` (so the `Last Updated`
//!   line, or its absence, does not matter); columns are found by name, ignoring case.
//! * **Names**: `Name 6` is the surname, or an entity's or ship's whole name; `Name 1`
//!   to `Name 5` are given names, written before it ("Yevgeniy Viktorovich PRIGOZHIN").
//!   The row whose `Alias Type` is "Primary name" gives the primary name wherever it
//!   is in the group (else the group's first row); "AKA" and "Primary name variation"
//!   rows are aliases, [`NameKind::Weak`] when `Alias Quality` is "Low"; "FKA" rows are
//!   former names. `Name Non-Latin Script` is an alias too.
//! * **Kind**: `Group Type` "Individual" is a person, "Entity" an organisation, "Ship" a
//!   vessel; anything else unknown.
//! * **Countries**: `Nationality` and the address `Country`, as written. The country of
//!   birth is a birthplace, not a tie, and goes to remarks with the town.
//! * **Dates**: `DOB` and `Listed On` are `dd/mm/yyyy`, with `00` for an unknown day or
//!   month; they become `yyyy-mm-dd`, `yyyy-mm` or `yyyy`. Other text is kept as written.
//! * Cells that enumerate ("(1) Belarus (2) Russia") are split into their values.
//! * **Identifiers**: `Passport Number` (kind `Passport`) and `National Identification
//!   Number` (kind `National Identification Number`); their details go to remarks.
//! * **Remarks**: title, position, place of birth, passport and national-id details and
//!   `Other Information`, labelled, each once per group.
//! * `Regime` is the programme. The list gives no per-entry URL, and no sub-list.
//!
//! A row without a `Group ID` or a name is skipped and reported; so is a row with text
//! past the header's last column (its columns cannot be trusted).

use std::collections::HashMap;
use std::path::Path;

use super::model::{EntityKind, Identifier, ListEntry, ListFormat, NameKind, ParsedList};
use super::plain::{decode, non_empty, push_identifier, read_rows, Row};
use crate::error::{Place, SourceError};

const HEADER: &str = "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,\
    Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,\
    Nationality,Passport Number,Passport Details,National Identification Number,\
    National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,\
    Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,\
    Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,Group ID";

/// Reads and parses a ConList.csv file.
pub fn parse(path: &Path) -> Result<ParsedList, SourceError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(&file, e))?;
    parse_bytes(&bytes, &file)
}

/// Parses a ConList.csv held in memory; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let text = decode(bytes);
    let rows = read_rows(file, &text, b',')?;
    let lower = |row: &Row| -> Vec<String> { row.cells.iter().map(|c| c.to_lowercase()).collect() };
    let header_at = rows.iter().position(|row| {
        let cells = lower(row);
        cells.iter().any(|c| c == "name 6") && cells.iter().any(|c| c == "group id")
    });
    let Some(header_at) = header_at else {
        let (place, message) = match rows.iter().find(|r| lower(r).iter().any(|c| c == "name 6")) {
            Some(row) => (
                Place::Line(row.line, None),
                "the header has no `Group ID` column",
            ),
            None => (
                rows.first()
                    .map_or(Place::File, |r| Place::Line(r.line, None)),
                "not a UK consolidated list: no header row with `Name 6` and `Group ID`",
            ),
        };
        return Err(SourceError::invalid(
            file,
            place,
            message,
            format!("OFSI's ConList.csv has a `Last Updated` line, then the header {HEADER}"),
        ));
    };
    let Some(header) = rows.get(header_at) else {
        return Err(SourceError::invalid(file, Place::File, "no header", ""));
    };
    let columns: HashMap<String, usize> = lower(header)
        .into_iter()
        .enumerate()
        .rev() // so that the first of a repeated header wins
        .map(|(i, h)| (h, i))
        .collect();

    // Rows by group, groups in order of first appearance.
    let mut groups: Vec<(String, Vec<&Row>)> = Vec::new();
    let mut group_at: HashMap<String, usize> = HashMap::new();
    let mut skipped = Vec::new();
    for row in rows.iter().skip(header_at + 1) {
        let cell = |c: &str| cell(&columns, row, c);
        if row
            .cells
            .iter()
            .skip(header.cells.len())
            .any(|c| !c.is_empty())
        {
            skipped.push(format!(
                "{file} line {}: text past the header's last column; the columns cannot be \
                 trusted",
                row.line
            ));
            continue;
        }
        let group = cell("group id");
        if group.is_empty() {
            skipped.push(format!("{file} line {}: no Group ID", row.line));
            continue;
        }
        if full_name(&columns, row).is_empty() {
            skipped.push(format!("{file} line {}: no name", row.line));
            continue;
        }
        let at = *group_at.entry(group.to_string()).or_insert_with(|| {
            groups.push((group.to_string(), Vec::new()));
            groups.len() - 1
        });
        if let Some((_, rows)) = groups.get_mut(at) {
            rows.push(row);
        }
    }

    let entries = groups
        .into_iter()
        .filter_map(|(id, rows)| group_entry(&columns, id, &rows))
        .collect();
    Ok(ParsedList {
        omitted: Default::default(),
        format: ListFormat::UkCsv,
        entries,
        skipped,
    })
}

fn cell<'r>(columns: &HashMap<String, usize>, row: &'r Row, column: &str) -> &'r str {
    columns
        .get(column)
        .and_then(|&i| row.cells.get(i))
        .map_or("", String::as_str)
}

/// Given names (Name 1–5), then Name 6.
fn full_name(columns: &HashMap<String, usize>, row: &Row) -> String {
    ["name 1", "name 2", "name 3", "name 4", "name 5", "name 6"]
        .iter()
        .map(|c| cell(columns, row, c))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn name_kind(alias_type: &str, quality: &str) -> NameKind {
    let alias_type = alias_type.to_lowercase();
    if alias_type == "primary name" {
        NameKind::Primary
    } else if alias_type == "fka" || alias_type.contains("formerly") {
        NameKind::Former
    } else if quality.eq_ignore_ascii_case("low") {
        NameKind::Weak
    } else {
        NameKind::Alias
    }
}

/// One entry from a group's rows (never empty: rows without a name were skipped).
fn group_entry(columns: &HashMap<String, usize>, id: String, rows: &[&Row]) -> Option<ListEntry> {
    let cell = |row: &Row, c: &str| cell(columns, row, c).to_string();
    let primary_row = rows
        .iter()
        .find(|r| name_kind(&cell(r, "alias type"), "") == NameKind::Primary)
        .or_else(|| rows.first())?;
    let kind = rows
        .iter()
        .map(|r| match cell(r, "group type").to_lowercase().as_str() {
            "individual" => EntityKind::Person,
            "entity" => EntityKind::Organisation,
            "ship" => EntityKind::Vessel,
            _ => EntityKind::Unknown,
        })
        .find(|k| *k != EntityKind::Unknown)
        .unwrap_or(EntityKind::Unknown);
    let mut e = ListEntry::new(id, kind, full_name(columns, primary_row));
    let mut remarks: Vec<String> = Vec::new();
    for row in rows {
        let kind = match name_kind(&cell(row, "alias type"), &cell(row, "alias quality")) {
            NameKind::Primary => NameKind::Alias, // a second "Primary name" row
            k => k,
        };
        e.add_name(full_name(columns, row), kind);
        e.add_name(cell(row, "name non-latin script"), NameKind::Alias);
        for c in enumerated(&cell(row, "nationality")) {
            ListEntry::push_unique(&mut e.countries, c);
        }
        ListEntry::push_unique(&mut e.countries, cell(row, "country"));
        let address: Vec<String> = [
            "address 1",
            "address 2",
            "address 3",
            "address 4",
            "address 5",
            "address 6",
            "post/zip code",
            "country",
        ]
        .iter()
        .map(|c| cell(row, c))
        .filter(|s| !s.is_empty())
        .collect();
        // An address that is only a country says nothing the countries do not.
        if address.len() > 1 || cell(row, "country").is_empty() {
            ListEntry::push_unique(&mut e.addresses, address.join(", "));
        }
        for d in enumerated(&cell(row, "dob")) {
            ListEntry::push_unique(&mut e.birth_dates, date(&d));
        }
        for (column, kind) in [
            ("passport number", "Passport"),
            (
                "national identification number",
                "National Identification Number",
            ),
        ] {
            for value in enumerated(&cell(row, column)) {
                let kind = kind.to_string();
                push_identifier(&mut e.identifiers, Identifier { kind, value });
            }
        }
        for p in enumerated(&cell(row, "regime")) {
            ListEntry::push_unique(&mut e.programs, p);
        }
        if e.listed_on.is_none() {
            e.listed_on = non_empty(date(&cell(row, "listed on")));
        }
        let birthplace: Vec<String> = ["town of birth", "country of birth"]
            .iter()
            .map(|c| cell(row, c))
            .filter(|s| !s.is_empty())
            .collect();
        for (label, value) in [
            ("title", cell(row, "title")),
            ("position", cell(row, "position")),
            ("place of birth", birthplace.join(", ")),
            ("passport details", cell(row, "passport details")),
            (
                "national identification details",
                cell(row, "national identification details"),
            ),
            ("", cell(row, "other information")),
        ] {
            if !value.is_empty() {
                let text = if label.is_empty() {
                    value
                } else {
                    format!("{label}: {value}")
                };
                ListEntry::push_unique(&mut remarks, text);
            }
        }
    }
    e.remarks = non_empty(remarks.join("; "));
    Some(e)
}

/// The values of an enumerating cell, "(1) Belarus (2) Russia" → `[Belarus, Russia]`;
/// any other cell is one value (or none when empty).
fn enumerated(s: &str) -> Vec<String> {
    let s = s.trim();
    if !s.starts_with("(1)") {
        return non_empty(s).into_iter().collect();
    }
    let mut values = Vec::new();
    let mut rest = s;
    let mut n = 1u32;
    while let Some(after) = rest.strip_prefix(&format!("({n})")) {
        n += 1;
        let next = format!("({n})");
        let (value, tail) = match after.find(&next) {
            Some(i) => after.split_at(i),
            None => (after, ""),
        };
        if let Some(v) = non_empty(value.trim().trim_end_matches(['.', ',', ';'])) {
            values.push(v);
        }
        rest = tail;
    }
    values
}

/// `dd/mm/yyyy` to `yyyy-mm-dd`, with `00` for an unknown day or month giving
/// `yyyy-mm` or `yyyy`; other text as written.
fn date(s: &str) -> String {
    let s = s.trim();
    let parts: Vec<&str> = s.split('/').collect();
    let number = |p: &str, len: std::ops::RangeInclusive<usize>| -> Option<u16> {
        if len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let [d, m, y] = parts.as_slice() else {
        return s.to_string();
    };
    match (number(d, 1..=2), number(m, 1..=2), number(y, 4..=4)) {
        (Some(0), Some(0), Some(y)) => format!("{y:04}"),
        (Some(0), Some(m @ 1..=12), Some(y)) => format!("{y:04}-{m:02}"),
        (Some(d @ 1..=31), Some(m @ 1..=12), Some(y)) => format!("{y:04}-{m:02}-{d:02}"),
        _ => s.to_string(),
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

    fn names(e: &ListEntry) -> Vec<(&str, NameKind)> {
        e.names.iter().map(|n| (n.text.as_str(), n.kind)).collect()
    }

    #[test]
    fn fixture_parses() -> Result<(), SourceError> {
        let list = parse(&fixture("uk-conlist-sample.csv"))?;
        assert_eq!(list.format, ListFormat::UkCsv);
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);
        let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["90001", "90002", "90003", "90004"]);

        let komid = &list.entries[0];
        assert_eq!(komid.kind, EntityKind::Organisation);
        assert_eq!(
            names(komid),
            [
                (
                    "KOREA MINING DEVELOPMENT TRADING CORPORATION",
                    NameKind::Primary
                ),
                ("CHANGGWANG SINYONG CORPORATION", NameKind::Alias),
                ("EXTERNAL TECHNOLOGY GENERAL CORPORATION", NameKind::Alias),
                ("KOMID", NameKind::Weak),
            ]
        );
        assert_eq!(
            komid.addresses,
            ["Central District, Pyongyang, North Korea"]
        );
        assert_eq!(komid.countries, ["North Korea"]);
        assert_eq!(komid.programs, ["Democratic People's Republic of Korea"]);
        assert_eq!(komid.listed_on.as_deref(), Some("2009-04-24"));
        assert_eq!(komid.remarks, None);

        let prigozhin = &list.entries[1];
        assert_eq!(prigozhin.kind, EntityKind::Person);
        assert_eq!(
            names(prigozhin),
            [
                ("Yevgeniy Viktorovich PRIGOZHIN", NameKind::Primary),
                ("Евгений Викторович ПРИГОЖИН", NameKind::Alias),
                ("Evgeny Viktorovich PRIGOZHIN", NameKind::Alias),
            ]
        );
        assert_eq!(prigozhin.birth_dates, ["1961-06-01"]);
        assert_eq!(prigozhin.countries, ["Russia"]);
        assert!(prigozhin.addresses.is_empty());
        assert_eq!(
            prigozhin.remarks.as_deref(),
            Some("place of birth: Leningrad, Russia")
        );

        // The primary-name row comes second in the file but gives the primary name.
        let invented = &list.entries[2];
        assert_eq!(
            names(invented),
            [
                ("Pavel Petrovich EXAMPLOV", NameKind::Primary),
                ("Pavel EKZAMPLOV", NameKind::Weak),
            ]
        );
        assert_eq!(invented.birth_dates, ["1970"]);
        assert_eq!(invented.countries, ["Belarus", "Russia"]);
        assert_eq!(
            invented.identifiers,
            [Identifier {
                kind: "Passport".into(),
                value: "AB0000001".into()
            }]
        );
        assert_eq!(
            invented.addresses,
            ["1 Example Street, Minsk, 220000, Belarus"]
        );
        assert_eq!(invented.listed_on.as_deref(), Some("2021-08-09"));
        assert_eq!(
            invented.remarks.as_deref(),
            Some(
                "title: Mr; position: Director, Example Trading LLC; passport details: \
                 Belarus number, illustrative"
            )
        );

        let ship = &list.entries[3];
        assert_eq!(ship.kind, EntityKind::Vessel);
        assert_eq!(ship.names[0].text, "EXAMPLE STAR");
        assert!(ship
            .remarks
            .as_deref()
            .is_some_and(|r| r.contains("9000001")));
        Ok(())
    }

    #[test]
    fn rows_without_group_or_name_are_skipped() -> Result<(), SourceError> {
        let csv = "Name 6,Name 1,Group Type,Alias Type,Group ID\n\
                   ACME,,Entity,Primary name,1\n\
                   NOGROUP,,Entity,Primary name,\n\
                   ,,Entity,AKA,1\n\
                   SHIFTED,,Entity,AKA,1,,extra\n";
        let list = parse_bytes(csv.as_bytes(), "c.csv")?;
        assert_eq!(list.entries.len(), 1);
        assert_eq!(
            list.skipped,
            [
                "c.csv line 3: no Group ID",
                "c.csv line 4: no name",
                "c.csv line 5: text past the header's last column; the columns cannot be \
                 trusted"
            ]
        );
        Ok(())
    }

    #[test]
    fn missing_columns_name_file_and_line() {
        match parse_bytes(b"Last Updated,01/01/2024\nName 6,Regime\nX,Y\n", "u.csv") {
            Err(SourceError::Invalid { file, place, .. }) => {
                assert_eq!(file, "u.csv");
                assert_eq!(place, Place::Line(2, None));
            }
            other => panic!("{other:?}"),
        }
        match parse_bytes(b"\xff\xfe\x00garbage", "u.csv") {
            Err(SourceError::Invalid { place, .. }) => assert_eq!(place, Place::Line(1, None)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_bytes(b"", "u.csv"),
            Err(SourceError::Invalid {
                place: Place::File,
                ..
            })
        ));
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x1234_5678_9abc_def1_u64;
        let table = b",\"\n(1)(2)/0 Name 6Group ID\xd0\x9f\xff";
        for len in 0..400 {
            let mut bytes = b"Name 6,Name 1,DOB,Nationality,Alias Type,Group ID\n".to_vec();
            bytes.extend((0..len % 89).map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                table[(seed % table.len() as u64) as usize]
            }));
            let _ = parse_bytes(&bytes, "fuzz");
            let _ = parse_bytes(bytes.get(50..).unwrap_or_default(), "fuzz");
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(date("01/06/1961"), "1961-06-01");
        assert_eq!(date("00/00/1970"), "1970");
        assert_eq!(date("00/05/1970"), "1970-05");
        assert_eq!(date("31/13/1970"), "31/13/1970");
        assert_eq!(date("circa 1970"), "circa 1970");
        assert_eq!(enumerated("(1) Belarus (2) Russia."), ["Belarus", "Russia"]);
        assert_eq!(
            enumerated("(1) 01/02/1960 (2) 1961 (3)"),
            ["01/02/1960", "1961"]
        );
        assert_eq!(enumerated("Russia"), ["Russia"]);
        assert!(enumerated(" ").is_empty());
    }
}
