//! A plain CSV vendor list in the layout of `vendor-facts.csv`: UTF-8, comma-separated,
//! one header row, one vendor per row.
//!
//! | column        | meaning                                                         |
//! |---------------|-----------------------------------------------------------------|
//! | `name`        | required, non-empty                                             |
//! | `uuid` (`id`) | the list's stable id; the name when absent or empty             |
//! | `synonyms`    | other names, `\|`-separated                                     |
//! | `hq_iso2`     | headquarters, ISO 3166-1 alpha-2 (two capital letters) or empty |
//! | `hq_evidence` | how the list knows the headquarters, verbatim                   |
//! | `capabilities`| tags, `\|`-separated, stored lowercase                          |
//! | `lineage`     | `verb:other firm` entries, `\|`-separated (see below)           |
//! | `official_url`| the vendor's websites, `\|`-separated                           |
//! | `refs`, `products` | reference URLs and product names, `\|`-separated           |
//! | `ref_count`   | recognised and not imported (the count of `refs` upstream)      |
//!
//! Only `name` is required; headers are matched ignoring case, surrounding space, and
//! `-` or space for `_`. Other columns are reported in one warning and not imported.
//!
//! Lineage entries are read with [`lineage_verb`]: `acquired-by:Wispear` becomes a
//! [`LineageClaim`] on the row, `formerly:Crossrider` an [`InverseClaim`] (Crossrider was
//! renamed to the row's firm; `merged-from:X` likewise: X was acquired by the row's
//! firm), and verbs that are not lineage (`allied-with`,
//! `merged-with`, ...) are counted in one warning. The CSV names the other firm but does
//! not link it, so `object_id` stays `None`: deciding which record a name means is the
//! matcher's job, not the importer's.
//!
//! Errors name the file, the line and the column.

use std::collections::HashMap;

use fairwatch_core::model::{Batch, LineageClaim, SourceKind, SourceMeta, Vendor};

use super::{
    file_stem, lineage_verb, normalize_verb, push_unique, sha256_hex, Direction, InverseClaim,
    ParsedVendors, SkippedVerbs, VendorInput, VendorList, VendorProvenance,
};
use crate::caat::MAX_NAME_CHARS;
use crate::error::Place;
use crate::{Importer, Loaded, Progress, SourceError};

/// Imports one CSV vendor list.
#[derive(Debug, Clone)]
pub struct VendorCsvImporter {
    pub input: VendorInput,
    pub provenance: VendorProvenance,
}

impl VendorCsvImporter {
    pub fn new(input: VendorInput) -> Self {
        VendorCsvImporter {
            input,
            provenance: VendorProvenance::default(),
        }
    }

    /// Like [`Importer::load`], but also returns the lineage claims stated on the object
    /// of the claim (`formerly:`, `acquires:`, `parent-of:`), which the batch cannot hold
    /// yet.
    pub fn load_list(&self, progress: &dyn Progress) -> Result<VendorList, SourceError> {
        let name = self.input.name();
        let bytes = self.input.read()?;
        let parsed = parse_vendor_csv(&name, &bytes, progress)?;
        let p = &self.provenance;
        let source = SourceMeta {
            kind: SourceKind::VendorList,
            key: format!("vendors:csv:{}", file_stem(&name)),
            location: name,
            publisher: p.publisher.clone(),
            url: p.url.clone(),
            licence: p.licence.clone(),
            retrieved: p.retrieved.clone(),
            version: p.version.clone(),
            sha256: sha256_hex(&bytes),
            note: p.note.clone(),
        };
        Ok(VendorList {
            loaded: Loaded {
                batch: Batch {
                    source,
                    events: Vec::new(),
                    cancelled: Vec::new(),
                    vendors: parsed.vendors,
                },
                warnings: parsed.warnings,
            },
            inverse: parsed.inverse,
        })
    }
}

impl Importer for VendorCsvImporter {
    fn describe(&self) -> String {
        format!("CSV vendor list at {}", self.input.name())
    }

    fn load(&self, progress: &dyn Progress) -> Result<Loaded, SourceError> {
        let mut list = self.load_list(progress)?;
        super::attach_incoming(&mut list.loaded.batch.vendors, &list.inverse);
        Ok(list.loaded)
    }
}

/// The columns this layout knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Id,
    Name,
    Synonyms,
    HqIso2,
    HqEvidence,
    Capabilities,
    Lineage,
    OfficialUrl,
    Refs,
    Products,
    RefCount,
}

impl Column {
    fn of_header(h: &str) -> Option<Column> {
        let key: String = h
            .trim()
            .chars()
            .map(|c| match c {
                '-' | ' ' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Some(match key.as_str() {
            "uuid" | "id" => Column::Id,
            "name" => Column::Name,
            "synonyms" => Column::Synonyms,
            "hq_iso2" => Column::HqIso2,
            "hq_evidence" => Column::HqEvidence,
            "capabilities" => Column::Capabilities,
            "lineage" => Column::Lineage,
            "official_url" | "official_urls" => Column::OfficialUrl,
            "refs" => Column::Refs,
            "products" => Column::Products,
            "ref_count" => Column::RefCount,
            _ => return None,
        })
    }
}

const KNOWN: &str = "uuid, name, synonyms, hq_iso2, hq_evidence, capabilities, lineage, \
                     official_url, refs, products, ref_count";

/// The 1-based line of byte `offset` in `bytes`.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
}

/// `"a | b ||c"` → `["a", "b", "c"]`: trimmed, empty values dropped, order kept.
fn split_multi(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses one CSV vendor list (uncompressed bytes; [`VendorInput::read`] decompresses).
/// `file` names it in errors and warnings.
pub fn parse_vendor_csv(
    file: &str,
    bytes: &[u8],
    progress: &dyn Progress,
) -> Result<ParsedVendors, SourceError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        SourceError::invalid(
            file,
            Place::Line(line_at(bytes, e.valid_up_to()), None),
            format!("not UTF-8 text: {e}"),
            "save the list as UTF-8 (CSV UTF-8 in a spreadsheet's \"Save as\")",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(SourceError::invalid(
            file,
            Place::File,
            "the file is empty",
            format!("expected a header row naming at least `name` (known columns: {KNOWN})"),
        ));
    }
    let csv_err = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line());
        SourceError::invalid(
            file,
            Place::Line(line, None),
            format!("not valid CSV: {e}"),
            "every row needs as many comma-separated fields as the header; quote fields \
             that contain commas",
        )
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(str::to_string)
        .collect();

    let mut warnings = Vec::new();
    let mut columns: HashMap<Column, usize> = HashMap::new();
    let mut unknown = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match Column::of_header(h) {
            Some(c) => {
                if let Some(&first) = columns.get(&c) {
                    return Err(SourceError::invalid(
                        file,
                        Place::Line(1, Some(h.clone())),
                        format!(
                            "the column {h:?} repeats column {:?}",
                            headers[first].as_str()
                        ),
                        "keep one column per field",
                    ));
                }
                columns.insert(c, i);
            }
            None if h.trim().is_empty() => {}
            None => unknown.push(format!("{:?}", h.trim())),
        }
    }
    if !columns.contains_key(&Column::Name) {
        return Err(SourceError::invalid(
            file,
            Place::Line(1, None),
            format!(
                "no `name` column among the headers {}",
                headers
                    .iter()
                    .map(|h| format!("{h:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("the header row must name a `name` column (known columns: {KNOWN})"),
        ));
    }
    if !unknown.is_empty() {
        warnings.push(format!(
            "{file}: line 1: columns not imported (not part of the vendor-list layout): {}",
            unknown.join(", ")
        ));
    }

    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_err)?;
    progress.start(records.len() as u64, "reading vendors");

    let mut out = ParsedVendors {
        warnings,
        ..ParsedVendors::default()
    };
    let mut skipped = SkippedVerbs::default();
    let mut lines_by_id: HashMap<String, u64> = HashMap::with_capacity(records.len());
    for record in &records {
        let line = record.position().map_or(0, |p| p.line());
        progress.advance(1);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cell = |c: Column| -> &str {
            columns
                .get(&c)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let err = |c: Column, message: String, hint: &str| {
            let header = columns.get(&c).map(|&i| headers[i].clone());
            SourceError::invalid(file, Place::Line(line, header), message, hint)
        };

        let name = cell(Column::Name);
        if name.is_empty() {
            return Err(err(
                Column::Name,
                "the name is empty".into(),
                "every row needs the vendor's name; delete rows that have none",
            ));
        }
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(err(
                Column::Name,
                format!("the name is {chars} characters long (limit {MAX_NAME_CHARS})"),
                "a cell probably swallowed the rest of the file: check for an unclosed quote",
            ));
        }
        // Without an id column the name is the id: it is what the list itself uses to
        // tell its records apart.
        let id = match cell(Column::Id) {
            "" => name.to_string(),
            id => id.to_string(),
        };
        if let Some(first) = lines_by_id.insert(id.clone(), line) {
            let c = if columns.contains_key(&Column::Id) && !cell(Column::Id).is_empty() {
                Column::Id
            } else {
                Column::Name
            };
            return Err(err(
                c,
                format!("the id {id:?} is already used on line {first}"),
                "each vendor must appear once; merge or remove the duplicate row",
            ));
        }

        let hq = cell(Column::HqIso2);
        let hq_iso2 = if hq.is_empty() {
            None
        } else if hq.len() == 2 && hq.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(hq.to_string())
        } else {
            return Err(err(
                Column::HqIso2,
                format!("{hq:?} is not an ISO 3166-1 alpha-2 code (two capital letters)"),
                "write the country as its two-letter code (IL, GB, US), or leave the cell \
                 empty and put what the source says in hq_evidence",
            ));
        };

        let mut vendor = Vendor {
            id,
            name: name.to_string(),
            synonyms: split_multi(cell(Column::Synonyms)),
            hq_iso2,
            hq_evidence: Some(cell(Column::HqEvidence).to_string()).filter(|s| !s.is_empty()),
            capabilities: split_multi(cell(Column::Capabilities))
                .into_iter()
                .map(|c| c.to_lowercase())
                .collect(),
            lineage: Vec::new(),
            incoming_lineage: Vec::new(),
            official_urls: split_multi(cell(Column::OfficialUrl)),
            refs: split_multi(cell(Column::Refs)),
            products: split_multi(cell(Column::Products)),
        };

        for entry in split_multi(cell(Column::Lineage)) {
            let Some((verb, other)) = entry.split_once(':') else {
                return Err(err(
                    Column::Lineage,
                    format!("the lineage entry {entry:?} is not `verb:name`"),
                    "write each relation as verb:name (acquired-by:Wispear), separated by |",
                ));
            };
            let (verb, other) = (verb.trim(), other.trim());
            let normal = normalize_verb(verb);
            if normal.is_empty()
                || other.is_empty()
                || !normal.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            {
                return Err(err(
                    Column::Lineage,
                    format!(
                        "the lineage entry {entry:?} is not `verb:name` (a verb of letters and \
                         `-`, then the other firm's name)"
                    ),
                    "write each relation as verb:name (acquired-by:Wispear), separated by |",
                ));
            }
            let Some((direction, kind)) = lineage_verb(&normal) else {
                skipped.add(&normal);
                continue;
            };
            if other.eq_ignore_ascii_case(&vendor.name) {
                out.warnings.push(format!(
                    "{file}: line {line}: the lineage entry {entry:?} relates the firm to \
                     itself; not imported"
                ));
                continue;
            }
            match direction {
                Direction::RecordIsSubject => push_unique(
                    &mut vendor.lineage,
                    LineageClaim {
                        kind,
                        object: other.to_string(),
                        object_id: None,
                        date: None,
                    },
                ),
                Direction::RecordIsObject => push_unique(
                    &mut out.inverse,
                    InverseClaim {
                        record_id: vendor.id.clone(),
                        record_name: vendor.name.clone(),
                        kind,
                        subject: other.to_string(),
                        subject_id: None,
                        date: None,
                        verb: verb.to_string(),
                    },
                ),
            }
        }
        out.vendors.push(vendor);
    }
    out.warnings
        .extend(skipped.warning(file, "lineage entries are"));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::test_files::{bundled, fixture};
    use crate::NoProgress;
    use fairwatch_core::model::LineageKind;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn parse(csv: &str) -> Result<ParsedVendors, SourceError> {
        parse_vendor_csv("v.csv", csv.as_bytes(), &NoProgress)
    }

    fn err(csv: &str) -> String {
        parse(csv).unwrap_err().to_string()
    }

    fn load(path: PathBuf) -> Result<VendorList, SourceError> {
        VendorCsvImporter::new(VendorInput::Path(path)).load_list(&NoProgress)
    }

    #[test]
    fn a_row_with_every_column() {
        let p = parse(
            "\u{feff}UUID,Name,synonyms,HQ-ISO2,hq_evidence,capabilities,lineage,official_url,ref_count,notes\n\
             u1, Acme Ltd ,Acme | ACME Corp,IL,based in: Herzliya,Intrusion | OSINT,\
             acquired-by:Big Co | formerly:Old Acme | allied-with:Friend | parent:Holding,\
             https://acme.example,3,x\n\
             ,Beta,,,,,,,,\n\
             ,,,,,,,,,\n",
        )
        .unwrap();
        assert_eq!(p.vendors.len(), 2);
        let a = &p.vendors[0];
        assert_eq!((a.id.as_str(), a.name.as_str()), ("u1", "Acme Ltd"));
        assert_eq!(a.synonyms, ["Acme", "ACME Corp"]);
        assert_eq!(a.hq_iso2.as_deref(), Some("IL"));
        assert_eq!(a.hq_evidence.as_deref(), Some("based in: Herzliya"));
        assert_eq!(a.capabilities, ["intrusion", "osint"]);
        assert_eq!(a.official_urls, ["https://acme.example"]);
        let l: Vec<_> = a
            .lineage
            .iter()
            .map(|c| (c.kind, c.object.as_str(), c.object_id.clone()))
            .collect();
        assert_eq!(
            l,
            [
                (LineageKind::AcquiredBy, "Big Co", None),
                (LineageKind::SubsidiaryOf, "Holding", None)
            ]
        );
        assert_eq!(p.inverse.len(), 1);
        assert_eq!(p.inverse[0].subject, "Old Acme");
        assert_eq!(p.inverse[0].kind, LineageKind::RenamedTo);
        assert_eq!(p.inverse[0].record_id, "u1");
        assert_eq!(p.inverse[0].as_incoming().object, "Old Acme");
        // No uuid: the name is the id.
        assert_eq!(p.vendors[1].id, "Beta");
        assert_eq!(p.vendors[1].hq_iso2, None);
        assert_eq!(
            p.warnings,
            [
                "v.csv: line 1: columns not imported (not part of the vendor-list layout): \"notes\"",
                "v.csv: 1 lineage entries are not lineage (renamed, acquired, subsidiary, spun \
                 off) and were not imported: allied-with ×1"
            ]
        );
    }

    #[test]
    fn row_errors_name_line_and_column() {
        let m = err("name,hq_iso2\nA,IL\nB,il\n");
        assert!(
            m.starts_with(
                "v.csv: line 3, column \"hq_iso2\": \"il\" is not an ISO 3166-1 alpha-2 code"
            ),
            "{m}"
        );
        assert!(err("name,hq_iso2\nA,ISR\n").contains("\"ISR\" is not an ISO"));
        let m = err("uuid,name\n1,A\n2, \n");
        assert!(
            m.starts_with("v.csv: line 3, column \"name\": the name is empty"),
            "{m}"
        );
        let m = err("uuid,name\n1,A\n1,B\n");
        assert!(
            m.contains("line 3, column \"uuid\": the id \"1\" is already used on line 2"),
            "{m}"
        );
        let m = err("name\nA\nA\n");
        assert!(
            m.contains("line 3, column \"name\": the id \"A\" is already used on line 2"),
            "{m}"
        );
        let m = err("name,lineage\nA,acquired-by Big\n");
        assert!(m.contains("line 2, column \"lineage\": the lineage entry \"acquired-by Big\" is not `verb:name`"), "{m}");
        let m = err("name,lineage\nA,acquired-by:\n");
        assert!(m.contains("line 2, column \"lineage\""), "{m}");
        let m = err("name,lineage\nA,\"Foo, Inc.: x\"\n");
        assert!(m.contains("is not `verb:name`"), "{m}");
        let m = err("name,x\nA,1\nB\n");
        assert!(m.starts_with("v.csv: line 3: not valid CSV"), "{m}");
        let m = err("name,Name\nA,B\n");
        assert!(
            m.contains("line 1, column \"Name\": the column \"Name\" repeats column \"name\""),
            "{m}"
        );
        assert!(err("").contains("v.csv: the file is empty"));
        let m = parse_vendor_csv("v.csv", b"name\nA\n\xff\n", &NoProgress)
            .unwrap_err()
            .to_string();
        assert!(m.starts_with("v.csv: line 3: not UTF-8 text"), "{m}");
    }

    #[test]
    fn malformed_fixtures_give_errors_naming_file_and_place() {
        let m = load(fixture("bad-hq.csv")).unwrap_err().to_string();
        assert!(
            m.contains("bad-hq.csv: line 3, column \"hq_iso2\": \"Israel\" is not an ISO 3166-1 alpha-2 code"),
            "{m}"
        );
        let m = load(fixture("no-name-column.csv")).unwrap_err().to_string();
        assert!(
            m.contains("no-name-column.csv: line 1: no `name` column among the headers \"uuid\", \"vendor\""),
            "{m}"
        );
        assert!(
            m.contains("hint: the header row must name a `name` column"),
            "{m}"
        );
    }

    #[test]
    fn the_real_list_loads_with_lineage_in_both_directions() {
        let list = load(bundled("vendor-facts.csv")).unwrap();
        let batch = &list.loaded.batch;
        assert_eq!(batch.vendors.len(), 615);
        assert_eq!(batch.source.key, "vendors:csv:vendor-facts");
        assert_eq!(batch.source.kind, SourceKind::VendorList);
        let by_name = |n: &str| batch.vendors.iter().find(|v| v.name == n).unwrap();
        let ht = by_name("Hacking Team");
        assert_eq!(ht.synonyms, ["Memento Labs"]);
        assert_eq!(ht.hq_iso2.as_deref(), Some("IT"));
        assert_eq!(ht.id, "76c054fd-3f5e-4ea1-ad04-1cffb605c6ed");
        let nso = by_name("NSO group");
        assert_eq!(nso.hq_iso2.as_deref(), Some("IL"));
        assert_eq!(nso.hq_evidence.as_deref(), Some("based in: Herzliya"));
        assert!(nso.lineage.is_empty());
        // NSO's lineage is stated on its parent: OSY Technologies => parent-of:NSO Group.
        let osy: Vec<_> = list
            .inverse
            .iter()
            .filter(|c| c.record_name == "OSY Technologies")
            .collect();
        assert_eq!(osy.len(), 1);
        assert_eq!(
            (osy[0].kind, osy[0].subject.as_str()),
            (LineageKind::SubsidiaryOf, "NSO Group")
        );
        let cytrox: Vec<_> = by_name("Cytrox")
            .lineage
            .iter()
            .map(|c| (c.kind.as_str(), c.object.as_str()))
            .collect();
        assert_eq!(
            cytrox,
            [
                ("acquired_by", "Wispear"),
                ("subsidiary_of", "Intellexa"),
                ("renamed_to", "Balinese Ltd"),
                ("renamed_to", "Peterbald Ltd"),
            ]
        );
        // What became of Hacking Team is stated on Memento Labs: `acquires:Hacking Team`.
        assert!(list.inverse.iter().any(|c| c.record_name == "Memento Labs"
            && c.subject == "Hacking Team"
            && c.kind == LineageKind::AcquiredBy));

        let mut forward = BTreeMap::new();
        for c in batch.vendors.iter().flat_map(|v| &v.lineage) {
            *forward.entry(c.kind.as_str()).or_insert(0) += 1;
        }
        assert_eq!(
            forward.into_iter().collect::<Vec<_>>(),
            [
                ("acquired_by", 65),
                ("renamed_to", 22),
                ("spun_off_from", 4),
                ("subsidiary_of", 48)
            ]
        );
        let mut inverse = BTreeMap::new();
        for c in &list.inverse {
            *inverse.entry(c.kind.as_str()).or_insert(0) += 1;
        }
        assert_eq!(
            inverse.into_iter().collect::<Vec<_>>(),
            [
                ("acquired_by", 24),
                ("renamed_to", 28),
                ("subsidiary_of", 12)
            ]
        );
        assert_eq!(
            list.loaded.warnings,
            [format!(
                "{}: 26 lineage entries are not lineage (renamed, acquired, subsidiary, spun off) \
                 and were not imported: allied-with ×12, merged-with ×6, \
                 joint-venture-of ×2, related-to ×2, affiliate-of ×1, formerly-part-of ×1, \
                 known-as ×1, sister-of ×1",
                bundled("vendor-facts.csv").display()
            )]
        );
        let caps: usize = batch.vendors.iter().map(|v| v.capabilities.len()).sum();
        assert_eq!(caps, 889);
        assert_eq!(
            batch.vendors.iter().filter(|v| v.hq_iso2.is_some()).count(),
            371
        );
    }

    #[test]
    fn the_csv_and_the_cluster_describe_the_same_firms() {
        let csv = load(bundled("vendor-facts.csv"))
            .unwrap()
            .loaded
            .batch
            .vendors;
        let misp = crate::vendors::MispGalaxyImporter::new(VendorInput::Path(bundled(
            "misp-surveillance-vendor.json.gz",
        )))
        .load(&NoProgress)
        .unwrap()
        .batch
        .vendors;
        let ids = |v: &[Vendor]| {
            v.iter()
                .map(|v| (v.id.clone(), v.name.clone()))
                .collect::<BTreeMap<_, _>>()
        };
        assert_eq!(ids(&csv), ids(&misp));
    }

    #[test]
    fn the_bundled_copy_is_the_shared_file_and_gzip_is_transparent() {
        use std::io::Write;
        let plain = std::fs::read(bundled("vendor-facts.csv")).unwrap();
        let shared = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/vendors/vendor-facts.csv"
        ));
        if shared.exists() {
            assert_eq!(std::fs::read(shared).unwrap(), plain);
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&plain).unwrap();
        let bytes: &'static [u8] = Box::leak(gz.finish().unwrap().into_boxed_slice());
        let imp = VendorCsvImporter {
            input: VendorInput::Bytes {
                name: "bundled:data/vendors/vendor-facts.csv.gz".into(),
                bytes,
            },
            provenance: VendorProvenance::bundled_facts(),
        };
        let mem = imp.load(&NoProgress).unwrap();
        let file = VendorCsvImporter::new(VendorInput::Path(bundled("vendor-facts.csv")))
            .load(&NoProgress)
            .unwrap();
        assert_eq!(mem.batch.vendors, file.batch.vendors);
        assert_eq!(mem.batch.source.sha256, file.batch.source.sha256);
        assert_eq!(mem.batch.source.key, "vendors:csv:vendor-facts");
        assert_eq!(mem.batch.source.licence.as_deref(), Some("CC0-1.0"));
        assert!(imp.describe().starts_with("CSV vendor list at bundled:"));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = parse_vendor_csv("p.csv", &bytes, &NoProgress);
        }

        #[test]
        fn csv_like_text_never_panics(
            body in "[A-Za-z:| ,\"\r\n\u{e9}\u{feff}-]{0,200}"
        ) {
            let text = format!("uuid,name,hq_iso2,lineage,capabilities\n{body}");
            let _ = parse_vendor_csv("p.csv", text.as_bytes(), &NoProgress);
        }
    }
}
