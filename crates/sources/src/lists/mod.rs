//! Screening lists: sanctions and export-control lists in their published formats,
//! each parsed into the common [`model::ListEntry`].
//!
//! [`read_path`] reads a file or a directory (OFAC's legacy sets are several files),
//! detects the format unless told, and hashes the input (sha256 over the files in name
//! order) so that re-importing the same publication is recognised; [`read_files`] does
//! the same from bytes in memory (the bundled lists).

pub mod bis_dpl;
pub mod csl;
pub mod eu;
pub mod ftm;
pub mod model;
pub mod ofac;
pub mod plain;
pub mod uk;
pub mod un;
mod xml;

use std::path::Path;

use sha2::{Digest, Sha256};

pub use model::{
    EntityKind, Identifier, ListEntry, ListFormat, ListName, NameKind, Omitted, ParsedList,
};

use crate::error::Place;
use crate::SourceError;

/// A list publication read: its format, entries, input hash and where it came from.
#[derive(Debug, Clone)]
pub struct ReadList {
    pub format: ListFormat,
    pub parsed: ParsedList,
    pub sha256: String,
    pub location: String,
}

const FORMATS_HINT: &str = "give --format: csl-csv, csl-json, ofac-sdn (a directory with sdn.csv), ofac-cons (a directory with cons_prim.csv), un-xml, bis-dpl, eu-xml, uk-csv, ftm-json or plain-csv (a header with a `name` column)";

/// The format of a file, from its name and first bytes.
pub fn detect(name: &str, bytes: &[u8]) -> Option<ListFormat> {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if file == "sdn.csv" {
        return Some(ListFormat::OfacSdn);
    }
    if file == "cons_prim.csv" {
        return Some(ListFormat::OfacCons);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        if head.contains("CONSOLIDATED_LIST") {
            return Some(ListFormat::UnXml);
        }
        if head.contains("sanctionEntity") || head.contains("fsd/export") {
            return Some(ListFormat::EuXml);
        }
        return None;
    }
    if head.starts_with('{') && head.contains("\"schema\"") {
        return Some(ListFormat::FtmJson);
    }
    if head.starts_with('{') || head.starts_with('[') {
        return Some(ListFormat::CslJson);
    }
    let first = head.lines().next().unwrap_or("").to_ascii_lowercase();
    if first.contains("\"name\"\t\"street_address\"") || first.starts_with("name\tstreet_address") {
        return Some(ListFormat::BisDpl);
    }
    if first.starts_with("last updated") || head.to_ascii_lowercase().contains("group id") {
        return Some(ListFormat::UkCsv);
    }
    if first.contains("entity_number") && first.contains("alt_names") {
        return Some(ListFormat::CslCsv);
    }
    if first
        .split([',', ';', '\t'])
        .any(|h| h.trim().trim_matches('"') == "name")
    {
        return Some(ListFormat::PlainCsv);
    }
    None
}

fn hash(files: &[(String, &[u8])]) -> String {
    let mut h = Sha256::new();
    for (name, bytes) in files {
        let base = name.rsplit('/').next().unwrap_or(name);
        h.update(base.as_bytes());
        h.update([0]);
        h.update(bytes);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a list from named files in memory. OFAC sets take their companion files by
/// name (`alt.csv`, `add.csv`, `sdn_comments.csv`; `cons_alt.csv`...); other formats
/// read the single file given.
pub fn read_files(
    location: &str,
    format: ListFormat,
    files: &[(String, &[u8])],
) -> Result<ReadList, SourceError> {
    let mut files: Vec<(String, &[u8])> = files.to_vec();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let parsed = match format {
        ListFormat::OfacSdn | ListFormat::OfacCons => ofac::parse_files(location, &files)?,
        _ => {
            let [(name, bytes)] = files.as_slice() else {
                return Err(SourceError::invalid(
                    location,
                    Place::File,
                    format!("expected one file for this format, found {}", files.len()),
                    "give the list file itself",
                ));
            };
            match format {
                ListFormat::CslCsv => csl::parse_bytes(bytes, name)?,
                ListFormat::CslJson => csl::parse_json_bytes(bytes, name)?,
                ListFormat::UnXml => un::parse_bytes(bytes, name)?,
                ListFormat::BisDpl => bis_dpl::parse_bytes(bytes, name)?,
                ListFormat::EuXml => eu::parse_bytes(bytes, name)?,
                ListFormat::UkCsv => uk::parse_bytes(bytes, name)?,
                ListFormat::FtmJson => ftm::parse_bytes(bytes, name)?,
                ListFormat::PlainCsv => plain::parse_bytes(bytes, name)?,
                ListFormat::Watchlist | ListFormat::OfacSdn | ListFormat::OfacCons => {
                    return Err(SourceError::invalid(
                        location,
                        Place::File,
                        "the watchlist is derived from the analysis, not read from a file",
                        FORMATS_HINT,
                    ))
                }
            }
        }
    };
    if parsed.entries.is_empty() {
        return Err(SourceError::invalid(
            location,
            Place::File,
            "no list entries found",
            "check that this is the list file and its format",
        ));
    }
    Ok(ReadList {
        format,
        sha256: hash(&files),
        location: location.to_string(),
        parsed,
    })
}

/// Reads a list file, or a directory holding an OFAC legacy set.
pub fn read_path(path: &Path, format: Option<ListFormat>) -> Result<ReadList, SourceError> {
    let location = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| SourceError::io(&location, e))?;
    let mut owned: Vec<(String, Vec<u8>)> = Vec::new();
    if meta.is_dir() {
        let dir = std::fs::read_dir(path).map_err(|e| SourceError::io(&location, e))?;
        for entry in dir {
            let entry = entry.map_err(|e| SourceError::io(&location, e))?;
            let p = entry.path();
            let is_csv = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if p.is_file() && is_csv {
                let bytes =
                    std::fs::read(&p).map_err(|e| SourceError::io(p.display().to_string(), e))?;
                owned.push((p.display().to_string(), bytes));
            }
        }
    } else {
        let bytes = std::fs::read(path).map_err(|e| SourceError::io(&location, e))?;
        owned.push((location.clone(), bytes));
    }
    let files: Vec<(String, &[u8])> = owned
        .iter()
        .map(|(n, b)| (n.clone(), b.as_slice()))
        .collect();
    let format = match format {
        Some(f) => f,
        None => files
            .iter()
            .find_map(|(n, b)| {
                let f = detect(n, b)?;
                // In a directory only an OFAC primary table decides the format.
                (!meta.is_dir() || matches!(f, ListFormat::OfacSdn | ListFormat::OfacCons))
                    .then_some(f)
            })
            .ok_or_else(|| {
                SourceError::invalid(
                    &location,
                    Place::File,
                    "cannot tell which list format this is",
                    FORMATS_HINT,
                )
            })?,
    };
    read_files(&location, format, &files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EVERY_FORMAT: [ListFormat; 10] = [
        ListFormat::CslCsv,
        ListFormat::CslJson,
        ListFormat::OfacSdn,
        ListFormat::OfacCons,
        ListFormat::UnXml,
        ListFormat::BisDpl,
        ListFormat::EuXml,
        ListFormat::UkCsv,
        ListFormat::FtmJson,
        ListFormat::PlainCsv,
    ];

    proptest! {
        /// Whatever the bytes, every parser answers with entries or an error, never a
        /// panic; detection too.
        #[test]
        fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), text in "\\PC{0,300}") {
            for input in [bytes.as_slice(), text.as_bytes()] {
                let _ = detect("x.csv", input);
                for f in EVERY_FORMAT {
                    let name = match f {
                        ListFormat::OfacSdn => "sdn.csv",
                        ListFormat::OfacCons => "cons_prim.csv",
                        _ => "list",
                    };
                    let _ = read_files("test", f, &[(name.to_string(), input)]);
                }
            }
        }
    }

    #[test]
    fn formats_are_detected_from_names_and_first_bytes() {
        assert_eq!(detect("x/sdn.csv", b"36,\"A\""), Some(ListFormat::OfacSdn));
        assert_eq!(
            detect("c.xml", b"<?xml version=\"1.0\"?><CONSOLIDATED_LIST>"),
            Some(ListFormat::UnXml)
        );
        assert_eq!(
            detect(
                "e.xml",
                b"<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">"
            ),
            Some(ListFormat::EuXml)
        );
        assert_eq!(
            detect("o.jsonl", b"{\"id\":\"x\",\"schema\":\"Company\"}"),
            Some(ListFormat::FtmJson)
        );
        assert_eq!(
            detect("c.json", b"{\"results\":[]}"),
            Some(ListFormat::CslJson)
        );
        assert_eq!(
            detect("d.txt", b"\"Name\"\t\"Street_Address\"\t\"City\""),
            Some(ListFormat::BisDpl)
        );
        assert_eq!(
            detect("u.csv", b"Last Updated,01/01/2024\nName 6,Name 1"),
            Some(ListFormat::UkCsv)
        );
        assert_eq!(
            detect(
                "c.csv",
                b"_id,source,entity_number,type,programs,name,title,addresses,alt_names"
            ),
            Some(ListFormat::CslCsv)
        );
        assert_eq!(
            detect("p.csv", b"name,country\nAcme,DE"),
            Some(ListFormat::PlainCsv)
        );
        assert_eq!(detect("q.bin", b"\x00\x01"), None);
    }
}
