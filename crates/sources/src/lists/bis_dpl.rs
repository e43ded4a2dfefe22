//! The BIS Denied Persons List (`dpl.txt`), as the US Commerce Department publishes it.
//!
//! The format: tab-separated, every field quoted (`""` for a quote inside), LF line
//! ends, a header row `Name, Street_Address, City, State, Country, Postal_Code,
//! Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation`.
//! Dates are `MM/DD/YYYY` except Last_Update (`YYYY-MM-DD`). Country is a code ("US",
//! "CN"), often empty for US addresses; the 2022 file also has "PRC" and a state
//! ("NM") in that column, kept as written for downstream resolution.
//!
//! Choices:
//! - one row is one address of a party: rows with the same id (below) are one entry
//!   with several addresses (and countries); another spelling of the name that gives
//!   the same id ("AL-NASER  AIRLINES", "AL NASER AIRLINES") is kept as an alias.
//!   Aliases that the DPL gives as parties of their own ("ALNASER AIRLINES") or inside
//!   a name ("FUYI SUN A/K/A FRANK SUN") stay as written;
//! - the DPL has no identifier, so the id is derived: the name's lowercase letters
//!   and digits, runs joined by '-', then '@' and the effective date as
//!   `YYYY-MM-DD` ("IHSAN MEDHAT ""SAMMY"" ELASHI", 03/04/2002 →
//!   `ihsan-medhat-sammy-elashi@2002-03-04`). It is stable across publications while
//!   the order stands, and a re-issued order (a new effective date) is a new entry;
//! - the list does not say person or firm: a name with a legal form (LTD, LLC, INC,
//!   CO., GMBH, S.A., CORP, COMPANY...) or an unmistakable business word (AIRLINES,
//!   TRADING, TECHNOLOGY...) is an organisation, any other is Unknown;
//! - `listed_on` is the effective date; the expiration date, Action and FR_Citation
//!   go to `remarks` (rows of one party that differ there are joined with " | ").

use std::collections::HashMap;
use std::path::Path;

use crate::error::Place;
use crate::lists::model::{EntityKind, ListEntry, ListFormat, NameKind, ParsedList};
use crate::lists::ofac::{decode_text, invalid_at, join_present};
use crate::SourceError;

const HEADER: [&str; 12] = [
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
];
/// Columns without which a file is not the DPL (indexes into [`HEADER`]).
const REQUIRED: [usize; 7] = [0, 1, 2, 3, 4, 5, 6];
const HINT: &str = "expected BIS's dpl.txt: tab-separated, with the header Name, Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation";

/// Legal forms and unmistakable business words that mark a name as a firm's,
/// space-separated (compared without a final '.').
const FIRM_WORDS: &str = "LTD LIMITED LLC L.L.C INC INCORPORATED CO CORP CORPORATION COMPANY \
    GMBH S.A S.L S.A.R.L SARL S.R.L B.V N.V PLC LLP FZE FZCO FZC JSC OOO PTE PVT AIRLINES \
    AIRWAYS AVIATION TRADING TRADE TECHNOLOGY TECHNOLOGIES TECHNIK SOLUTIONS GROUP \
    ENTERPRISES INDUSTRIES ELECTRONICS SERVICES";

/// Reads a DPL file.
pub fn parse(path: &Path) -> Result<ParsedList, SourceError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(&file, e))?;
    parse_bytes(&bytes, &file)
}

/// Parses a DPL file's bytes; `file` names it in errors and notes.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let text = decode_text(bytes, file, HINT)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(invalid_at(file, 1, e.to_string(), HINT)),
        None => return Err(SourceError::invalid(file, Place::File, "empty file", HINT)),
    };
    // Columns are found by name, so a reordered or extended header still reads.
    let col: Vec<Option<usize>> = HEADER
        .iter()
        .map(|want| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(want))
        })
        .collect();
    if let Some(missing) = REQUIRED
        .iter()
        .find(|&&i| col.get(i).copied().flatten().is_none())
    {
        let name = HEADER.get(*missing).copied().unwrap_or_default();
        let msg = format!("the header has no {name:?} column: not the Denied Persons List");
        return Err(invalid_at(file, 1, msg, HINT));
    }

    let mut entries: Vec<ListEntry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut skipped = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            invalid_at(file, line, e.to_string(), HINT)
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let cell = |i: usize| {
            let at = col.get(i).copied().flatten();
            at.and_then(|at| rec.get(at)).map_or("", str::trim)
        };
        let name = cell(0);
        let slug = slug(name);
        if slug.is_empty() {
            skipped.push(format!("{file} line {line}: no name"));
            continue;
        }
        let effective = us_date(cell(6));
        let id = format!("{slug}@{effective}");
        let at = *index.entry(id.clone()).or_insert_with(|| {
            let mut entry = ListEntry::new(id, kind_of(name), name);
            entry.listed_on = Some(effective.clone()).filter(|d| !d.is_empty());
            entries.push(entry);
            entries.len() - 1
        });
        let Some(entry) = entries.get_mut(at) else {
            continue;
        };
        // Same id, other spelling ("AL-NASER  AIRLINES", "AL NASER AIRLINES").
        entry.add_name(name, NameKind::Alias);

        let place = join_present(&[cell(3), cell(5)], " ");
        let address = join_present(&[cell(1), cell(2), &place, cell(4)], ", ");
        ListEntry::push_unique(&mut entry.addresses, address);
        ListEntry::push_unique(&mut entry.countries, cell(4));

        let mut remark = Vec::new();
        if !cell(7).is_empty() {
            remark.push(format!("Expires {}", us_date(cell(7))));
        }
        if !cell(10).is_empty() {
            remark.push(format!("Action: {}", cell(10)));
        }
        if !cell(11).is_empty() {
            remark.push(format!("FR citation: {}", cell(11)));
        }
        let remark = remark.join("; ");
        entry.remarks = match entry.remarks.take() {
            None if !remark.is_empty() => Some(remark),
            Some(r) if !remark.is_empty() && !r.split(" | ").any(|x| x == remark) => {
                Some(format!("{r} | {remark}"))
            }
            other => other,
        };
    }
    Ok(ParsedList {
        omitted: Default::default(),
        format: ListFormat::BisDpl,
        entries,
        skipped,
    })
}

/// The name's lowercase letters and digits, runs joined by '-'.
fn slug(name: &str) -> String {
    let lower = name.to_lowercase();
    let runs = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty());
    runs.collect::<Vec<_>>().join("-")
}

/// `MM/DD/YYYY` → `YYYY-MM-DD`; anything else is returned as written.
fn us_date(raw: &str) -> String {
    let parts: Vec<&str> = raw.trim().split('/').collect();
    let num = |s: &str, max: u32| s.parse::<u32>().ok().filter(|n| (1..=max).contains(n));
    match parts.as_slice() {
        [m, d, y] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            match (num(m, 12), num(d, 31)) {
                (Some(m), Some(d)) => format!("{y}-{m:02}-{d:02}"),
                _ => raw.trim().to_string(),
            }
        }
        _ => raw.trim().to_string(),
    }
}

fn kind_of(name: &str) -> EntityKind {
    let upper = name.to_ascii_uppercase();
    let mut words = upper.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')');
    let legal = |w: &str| FIRM_WORDS.split(' ').any(|f| f == w.trim_end_matches('.'));
    if words.any(legal) {
        EntityKind::Organisation
    } else {
        EntityKind::Unknown
    }
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

    const HEAD: &str = "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n";

    #[test]
    fn real_file_merges_parties_with_several_addresses() {
        let list = parse(&shared().join("bis-dpl-2022/dpl.txt")).expect("parses");
        assert_eq!(list.format, ListFormat::BisDpl);
        assert_eq!(list.entries.len(), 460); // from 581 rows
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);
        let entry = |id: &str| list.entries.iter().find(|e| e.id == id).expect(id);

        let ash = entry("i-ash@2003-06-19");
        assert_eq!(
            (ash.names[0].text.as_str(), ash.kind),
            ("I. ASH", EntityKind::Unknown)
        );
        assert_eq!(ash.listed_on.as_deref(), Some("2003-06-19"));
        assert_eq!(ash.countries, ["US"]);
        assert!(ash.addresses[0].ends_with("2113 NORTH HIGHWAY 175, SEAGOVILLE, TX 75159, US"));
        let remarks = ash.remarks.as_deref().unwrap_or("");
        assert!(remarks.starts_with("Expires 2056-06-29; Action: FEDERAL REGISTER NOTICE UPDATED; FR citation: 68 F.R. 38290"));

        let sheng = entry("zimo-sheng@2020-03-16");
        assert_eq!(
            (sheng.addresses.len(), sheng.countries.as_slice()),
            (2, &["CN".to_string()][..])
        );
        let elashi = entry("ihsan-medhat-sammy-elashi@2002-03-04");
        assert_eq!(elashi.names[0].text, "IHSAN MEDHAT \"SAMMY\" ELASHI");
        assert!(elashi.addresses.len() >= 2);
        assert!(elashi.remarks.as_deref().unwrap_or("").contains(" | "));

        let airline = entry("al-naser-airlines@2022-05-13");
        assert_eq!(airline.kind, EntityKind::Organisation);
        let spellings: Vec<&str> = airline.names.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(spellings, ["AL NASER AIRLINES", "AL-NASER  AIRLINES"]);
        let orgs = list
            .entries
            .iter()
            .filter(|e| e.kind == EntityKind::Organisation);
        assert_eq!(orgs.count(), 91);
    }

    #[test]
    fn bytes_merge_and_decode_latin1() {
        let body = "\"CAF\u{c9} TRADING CO.\"\t\"1 RUE X\"\t\"PARIS\"\t\"\"\t\"FR\"\t\"75001\"\t\"01/02/2020\"\t\"\"\t\"Y\"\t\"2020-01-03\"\t\"NEW\"\t\"85 F.R. 1\"\n\"Caf\u{e9} Trading Co\"\t\"2 AVENUE Y\"\t\"LYON\"\t\"\"\t\"FR\"\t\"\"\t\"01/02/2020\"\t\"\"\t\"Y\"\t\"2020-01-03\"\t\"NEW\"\t\"85 F.R. 1\"\n\"\"\t\"\"\n";
        let text = format!("{HEAD}{body}");
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let list = parse_bytes(&latin1, "dpl.txt").expect("parses");
        assert_eq!(list.entries.len(), 1);
        let e = &list.entries[0];
        assert_eq!(
            (e.id.as_str(), e.names[0].text.as_str()),
            ("café-trading-co@2020-01-02", "CAFÉ TRADING CO.")
        );
        assert_eq!(e.kind, EntityKind::Organisation);
        assert_eq!(
            e.addresses,
            ["1 RUE X, PARIS, 75001, FR", "2 AVENUE Y, LYON, FR"]
        );
        assert_eq!(
            e.remarks.as_deref(),
            Some("Action: NEW; FR citation: 85 F.R. 1")
        );
        assert_eq!(list.skipped, ["dpl.txt line 4: no name"]);
    }

    #[test]
    fn wrong_files_are_invalid() {
        let cases: [&[u8]; 4] = [
            b"",
            b"Name,Address\nACME,1 Road\n",
            b"\x00\x01\x02",
            b"\"ACME\"\t\"1 ROAD\"\n",
        ];
        for bytes in cases {
            match parse_bytes(bytes, "dpl.txt") {
                Err(SourceError::Invalid { file, hint, .. }) => {
                    assert_eq!(file, "dpl.txt");
                    assert!(hint.contains("Street_Address"));
                }
                other => panic!("{bytes:?} gave {other:?}"),
            }
        }
        // Short or ragged rows and odd bytes never panic.
        let ragged = format!("{HEAD}\"A\"\n\"B\"\t\t\t\t\t\t\"13/45/2020\"\t\"\u{1a}\"\n\"\u{e9}");
        let list = parse_bytes(ragged.as_bytes(), "dpl.txt").expect("parses");
        assert_eq!(list.entries.len(), 3);
        assert_eq!(us_date("13/45/2020"), "13/45/2020");
    }
}
