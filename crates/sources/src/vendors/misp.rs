//! MISP galaxy clusters (`clusters/*.json` in github.com/MISP/misp-galaxy), such as the
//! `surveillance-vendor` cluster: one JSON object with the cluster's `type`, `version`
//! and a `values` array, one entry per firm:
//!
//! ```json
//! {"type": "surveillance-vendor", "version": 11, "values": [
//!   {"value": "Cytrox", "uuid": "4dbfa61e-...", "description": "...",
//!    "meta": {"synonyms": ["Cytrox EMEA Ltd."], "refs": ["https://..."],
//!             "official-refs": ["https://..."], "products": ["..."]},
//!    "related": [{"dest-uuid": "1c909820-...", "type": "part-of", "tags": ["..."]}]}]}
//! ```
//!
//! Each entry becomes a [`Vendor`]: `uuid` → `id`, `value` → `name`, `meta.synonyms`,
//! `meta.official-refs` → `official_urls`, `meta.refs`, `meta.products`, and the
//! `related` entries whose type is lineage ([`lineage_verb`]) → `lineage`, with the
//! other firm's uuid as `object_id` and its name looked up in the same file. A lineage
//! relation to a uuid outside the file is skipped with a warning: its name is unknown,
//! and a claim about a nameless firm cannot be shown or matched. The entries' prose
//! `description` is never read into Fairwatch. The galaxy carries no headquarters or
//! capability fields Fairwatch trusts, so `hq_iso2` is `None` and `capabilities` empty.
//!
//! The parser walks a `serde_json::Value` by hand, as [`crate::caat`] does, so that every
//! error names the JSON path (`values[12].related[0].dest-uuid`). Meta keys other than
//! the four above are open-ended in MISP and ignored without warnings.

use std::collections::HashMap;

use crate::json_path::{join, kind};
use serde_json::{Map, Value};

use fairwatch_core::model::{Batch, LineageClaim, SourceKind, SourceMeta, Vendor};

use super::{
    lineage_verb, push_unique, sha256_hex, Direction, InverseClaim, ParsedVendors, SkippedVerbs,
    VendorInput, VendorList, VendorProvenance,
};
use crate::caat::MAX_NAME_CHARS;
use crate::error::Place;
use crate::{Importer, Loaded, Progress, SourceError};

/// The licence of the MISP galaxy repository ("dual-licensed under CC0 1.0 or
/// BSD-2-Clause", its README), used when neither the caller nor the file states one.
pub const DEFAULT_LICENCE: &str = "CC0-1.0 OR BSD-2-Clause";

/// The publisher recorded when the caller names none.
pub const DEFAULT_PUBLISHER: &str = "MISP Project";

const HINT: &str = "expected a MISP galaxy cluster (clusters/*.json in \
                    github.com/MISP/misp-galaxy): an object with `type` and a `values` array \
                    of {value, uuid, meta, related}";

/// Imports one MISP galaxy cluster file.
#[derive(Debug, Clone)]
pub struct MispGalaxyImporter {
    pub input: VendorInput,
    pub provenance: VendorProvenance,
}

impl MispGalaxyImporter {
    pub fn new(input: VendorInput) -> Self {
        MispGalaxyImporter {
            input,
            provenance: VendorProvenance::default(),
        }
    }

    /// Like [`Importer::load`], but also returns the lineage claims stated on the object
    /// of the claim (MISP `acquires`, `parent-of`, ...), which the batch cannot hold yet.
    pub fn load_list(&self, progress: &dyn Progress) -> Result<VendorList, SourceError> {
        let name = self.input.name();
        let bytes = self.input.read()?;
        let cluster = parse_cluster(&name, &bytes, progress)?;
        let p = &self.provenance;
        let source = SourceMeta {
            kind: SourceKind::VendorList,
            key: format!("vendors:misp:{}", cluster.cluster_type),
            location: name,
            publisher: Some(
                p.publisher
                    .clone()
                    .unwrap_or_else(|| DEFAULT_PUBLISHER.into()),
            ),
            url: p.url.clone(),
            licence: Some(
                p.licence
                    .clone()
                    .or(cluster.licence)
                    .unwrap_or_else(|| DEFAULT_LICENCE.into()),
            ),
            retrieved: p.retrieved.clone(),
            // The cluster's own version is what upstream bumps on every change.
            version: cluster.version.or_else(|| p.version.clone()),
            sha256: sha256_hex(&bytes),
            note: p.note.clone(),
        };
        Ok(VendorList {
            loaded: Loaded {
                batch: Batch {
                    source,
                    events: Vec::new(),
                    cancelled: Vec::new(),
                    vendors: cluster.parsed.vendors,
                },
                warnings: cluster.parsed.warnings,
            },
            inverse: cluster.parsed.inverse,
        })
    }
}

impl Importer for MispGalaxyImporter {
    fn describe(&self) -> String {
        format!("MISP galaxy cluster at {}", self.input.name())
    }

    fn load(&self, progress: &dyn Progress) -> Result<Loaded, SourceError> {
        let mut list = self.load_list(progress)?;
        super::attach_incoming(&mut list.loaded.batch.vendors, &list.inverse);
        Ok(list.loaded)
    }
}

/// One parsed cluster file: its header fields and its records.
#[derive(Debug)]
pub struct MispCluster {
    /// The cluster's `type` (`surveillance-vendor`): the source key's last part.
    pub cluster_type: String,
    /// The cluster's `version`, as text.
    pub version: Option<String>,
    /// A `licence` or `license` the file states, if any (the MISP files state none).
    pub licence: Option<String>,
    pub parsed: ParsedVendors,
}

/// Parses one cluster file (uncompressed bytes; [`VendorInput::read`] decompresses).
/// `file` names it in errors and warnings.
pub fn parse_cluster(
    file: &str,
    bytes: &[u8],
    progress: &dyn Progress,
) -> Result<MispCluster, SourceError> {
    let w = Walker { file };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SourceError::invalid(
            file,
            Place::File,
            "the file is empty",
            HINT,
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        SourceError::invalid(
            file,
            Place::Line(e.line() as u64, None),
            format!("not valid JSON: {e}"),
            match e.classify() {
                serde_json::error::Category::Eof => {
                    "the file is truncated; download it again from github.com/MISP/misp-galaxy"
                }
                _ => "fix the JSON syntax (a validator such as `python3 -m json.tool` shows where)",
            },
        )
    })?;
    let top = w.object(&value, "")?;
    let cluster_type = match top.get("type") {
        None => return Err(w.err("", "required field `type` is missing".into())),
        Some(v) => match w.string(v, "type")?.trim() {
            "" => return Err(w.err("type", "the cluster type is empty".into())),
            t => t.to_string(),
        },
    };
    let version = match top.get("version") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some(v) => {
            return Err(w.err(
                "version",
                format!("expected a number or a string, found {}", kind(v)),
            ))
        }
    };
    // MISP clusters state no licence (the repository's applies); a file that does, wins.
    let mut licence = None;
    for key in ["licence", "license"] {
        if let (None, Some(v)) = (&licence, top.get(key)) {
            licence = Some(w.string(v, key)?.trim().to_string()).filter(|s| !s.is_empty());
        }
    }
    let values = match top.get("values") {
        Some(Value::Array(items)) => items,
        Some(v) => {
            return Err(w.err(
                "values",
                format!("expected an array of cluster values, found {}", kind(v)),
            ))
        }
        None => {
            return Err(w.err(
                "",
                "required field `values` is missing (a galaxy definition from galaxies/*.json \
                 has none: give the matching file from clusters/)"
                    .into(),
            ))
        }
    };

    progress.start(values.len() as u64, "reading vendors");
    // First every record, so that relations can name firms listed after them.
    let mut entries = Vec::with_capacity(values.len());
    let mut by_uuid: HashMap<String, usize> = HashMap::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        let path = format!("values[{i}]");
        let (vendor, related) = w.entry(v, &path)?;
        if let Some(&first) = by_uuid.get(&vendor.id) {
            return Err(w.err(
                &format!("{path}.uuid"),
                format!("the uuid {} is also the uuid of values[{first}]", vendor.id),
            ));
        }
        by_uuid.insert(vendor.id.clone(), i);
        entries.push((vendor, related));
        progress.advance(1);
    }
    let names: HashMap<String, String> = entries
        .iter()
        .map(|(v, _)| (v.id.clone(), v.name.clone()))
        .collect();

    let mut parsed = ParsedVendors::default();
    let mut skipped = SkippedVerbs::default();
    for (i, (mut vendor, related)) in entries.into_iter().enumerate() {
        for (k, rel) in related.into_iter().enumerate() {
            let Some((direction, lineage_kind)) = lineage_verb(&rel.verb) else {
                skipped.add(&rel.verb);
                continue;
            };
            let at = format!("values[{i}].related[{k}]");
            if rel.dest == vendor.id {
                parsed.warnings.push(format!(
                    "{file}: at {at}: a {:?} relation of the firm to itself, not imported",
                    rel.verb.trim()
                ));
                continue;
            }
            let Some(other) = names.get(&rel.dest) else {
                parsed.warnings.push(format!(
                    "{file}: at {at}: a {:?} relation to {}, which is not in this file; not \
                     imported, as the other firm's name is unknown",
                    rel.verb.trim(),
                    rel.dest
                ));
                continue;
            };
            match direction {
                Direction::RecordIsSubject => push_unique(
                    &mut vendor.lineage,
                    LineageClaim {
                        kind: lineage_kind,
                        object: other.clone(),
                        object_id: Some(rel.dest),
                        date: None,
                    },
                ),
                Direction::RecordIsObject => push_unique(
                    &mut parsed.inverse,
                    InverseClaim {
                        record_id: vendor.id.clone(),
                        record_name: vendor.name.clone(),
                        kind: lineage_kind,
                        subject: other.clone(),
                        subject_id: Some(rel.dest),
                        date: None,
                        verb: rel.verb.trim().to_string(),
                    },
                ),
            }
        }
        parsed.vendors.push(vendor);
    }
    parsed
        .warnings
        .extend(skipped.warning(file, "relations are"));
    Ok(MispCluster {
        cluster_type,
        version,
        licence,
        parsed,
    })
}

/// One `related` entry, before it is resolved against the file's uuids.
struct Related {
    dest: String,
    verb: String,
}

type R<T> = Result<T, SourceError>;

struct Walker<'a> {
    file: &'a str,
}

impl Walker<'_> {
    fn err(&self, path: &str, message: String) -> SourceError {
        SourceError::invalid(self.file, Place::JsonPath(path.to_string()), message, HINT)
    }

    fn object<'v>(&self, v: &'v Value, path: &str) -> R<&'v Map<String, Value>> {
        v.as_object()
            .ok_or_else(|| self.err(path, format!("expected an object, found {}", kind(v))))
    }

    fn string<'v>(&self, v: &'v Value, path: &str) -> R<&'v str> {
        v.as_str()
            .ok_or_else(|| self.err(path, format!("expected a string, found {}", kind(v))))
    }

    /// A required, non-empty string field, trimmed (the file has names with a trailing
    /// space, which is not part of the name).
    fn required(&self, o: &Map<String, Value>, key: &str, path: &str) -> R<String> {
        let at = join(path, key);
        let Some(v) = o.get(key) else {
            return Err(self.err(path, format!("required field `{key}` is missing")));
        };
        let s = self.string(v, &at)?.trim();
        if s.is_empty() {
            return Err(self.err(&at, format!("`{key}` is empty")));
        }
        let chars = s.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(self.err(
                &at,
                format!(
                    "`{key}` is {chars} characters long (limit {MAX_NAME_CHARS}); the file is \
                     probably corrupted"
                ),
            ));
        }
        Ok(s.to_string())
    }

    /// A meta field: a string or an array of strings (MISP allows both), always a list,
    /// trimmed, without empty items.
    fn strings(&self, o: &Map<String, Value>, key: &str, path: &str) -> R<Vec<String>> {
        let at = join(path, key);
        let items: Vec<&Value> = match o.get(key) {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(s @ Value::String(_)) => vec![s],
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v) => {
                return Err(self.err(
                    &at,
                    format!(
                        "expected a string or an array of strings, found {}",
                        kind(v)
                    ),
                ))
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.into_iter().enumerate() {
            let s = self.string(v, &format!("{at}[{i}]"))?.trim();
            if !s.is_empty() {
                out.push(s.to_string());
            }
        }
        Ok(out)
    }

    /// One `values` entry: the record without lineage, and its `related` entries.
    fn entry(&self, v: &Value, path: &str) -> R<(Vendor, Vec<Related>)> {
        let o = self.object(v, path)?;
        // `description` is deliberately never read: it is the galaxy authors' prose.
        let name = self.required(o, "value", path)?;
        let id = self.required(o, "uuid", path)?;
        let meta_path = join(path, "meta");
        let empty = Map::new();
        let meta = match o.get("meta") {
            None | Some(Value::Null) => &empty,
            Some(m) => self.object(m, &meta_path)?,
        };
        let vendor = Vendor {
            id,
            name,
            synonyms: self.strings(meta, "synonyms", &meta_path)?,
            hq_iso2: None,
            hq_evidence: None,
            capabilities: Vec::new(),
            lineage: Vec::new(),
            incoming_lineage: Vec::new(),
            official_urls: self.strings(meta, "official-refs", &meta_path)?,
            refs: self.strings(meta, "refs", &meta_path)?,
            products: self.strings(meta, "products", &meta_path)?,
        };
        let rel_path = join(path, "related");
        let related = match o.get("related") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let at = format!("{rel_path}[{k}]");
                    let r = self.object(r, &at)?;
                    Ok(Related {
                        dest: self.required(r, "dest-uuid", &at)?,
                        verb: self.required(r, "type", &at)?,
                    })
                })
                .collect::<R<_>>()?,
            Some(v) => {
                return Err(self.err(
                    &rel_path,
                    format!("expected an array of relations, found {}", kind(v)),
                ))
            }
        };
        Ok((vendor, related))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::test_files::{bundled, fixture};
    use crate::NoProgress;
    use fairwatch_core::model::LineageKind;
    use std::path::PathBuf;

    fn parse(json: &str) -> Result<MispCluster, SourceError> {
        parse_cluster("c.json", json.as_bytes(), &NoProgress)
    }

    fn err(json: &str) -> String {
        parse(json).unwrap_err().to_string()
    }

    fn load(path: PathBuf) -> Result<VendorList, SourceError> {
        MispGalaxyImporter::new(VendorInput::Path(path)).load_list(&NoProgress)
    }

    #[test]
    fn a_small_cluster_with_every_field() {
        let c = parse(
            r#"{"type": "test-vendor", "version": 3, "description": "PROSE", "values": [
              {"value": "A Ltd ", "uuid": "u-a", "description": "PROSE",
               "meta": {"synonyms": ["A", " "], "refs": "https://r", "official-refs": ["https://a"],
                        "products": ["P1"], "country": "FR"},
               "related": [{"dest-uuid": "u-b", "type": "is-acquired-by", "tags": ["x"]},
                           {"dest-uuid": "u-b", "type": "part-of"},
                           {"dest-uuid": "u-b", "type": "is-allied-with "},
                           {"dest-uuid": "u-zz", "type": "part-of"},
                           {"dest-uuid": "u-a", "type": "part-of"}]},
              {"value": "B", "uuid": "u-b",
               "related": [{"dest-uuid": "u-a", "type": "acquires"}, {"dest-uuid": "u-a", "type": "similar"}]}
            ]}"#,
        )
        .unwrap();
        assert_eq!(c.cluster_type, "test-vendor");
        assert_eq!(c.version.as_deref(), Some("3"));
        let a = &c.parsed.vendors[0];
        assert_eq!((a.id.as_str(), a.name.as_str()), ("u-a", "A Ltd"));
        assert_eq!(a.synonyms, ["A"]);
        assert_eq!(a.refs, ["https://r"]);
        assert_eq!(a.official_urls, ["https://a"]);
        assert_eq!(a.products, ["P1"]);
        assert_eq!(a.hq_iso2, None);
        let kinds: Vec<_> = a
            .lineage
            .iter()
            .map(|l| (l.kind, l.object.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (LineageKind::AcquiredBy, "B"),
                (LineageKind::SubsidiaryOf, "B")
            ]
        );
        assert_eq!(a.lineage[0].object_id.as_deref(), Some("u-b"));
        assert_eq!(
            c.parsed.inverse,
            [InverseClaim {
                record_id: "u-b".into(),
                record_name: "B".into(),
                kind: LineageKind::AcquiredBy,
                subject: "A Ltd".into(),
                subject_id: Some("u-a".into()),
                date: None,
                verb: "acquires".into(),
            }]
        );
        let w = c.parsed.warnings.join("\n");
        assert!(
            w.contains(
                "values[0].related[3]: a \"part-of\" relation to u-zz, which is not in this file"
            ),
            "{w}"
        );
        assert!(
            w.contains("values[0].related[4]: a \"part-of\" relation of the firm to itself"),
            "{w}"
        );
        assert!(
            w.contains("c.json: 2 relations are not lineage")
                && w.contains("is-allied-with ×1, similar ×1"),
            "{w}"
        );
        // The prose never reaches the records or the messages.
        assert!(!format!("{:?}", c.parsed).contains("PROSE"));
    }

    #[test]
    fn errors_name_the_json_path() {
        let m = err(r#"{"type": "t", "values": {"value": "A"}}"#);
        assert!(
            m.contains("c.json: at values: expected an array of cluster values, found an object"),
            "{m}"
        );
        let m = err(r#"{"type": "t", "values": [{"value": "A", "uuid": "1"}, {"uuid": "2"}]}"#);
        assert!(
            m.contains("c.json: at values[1]: required field `value` is missing"),
            "{m}"
        );
        let m = err(r#"{"type": "t", "values": [{"value": 5, "uuid": "1"}]}"#);
        assert!(
            m.contains("at values[0].value: expected a string, found a number"),
            "{m}"
        );
        let m = err(
            r#"{"type": "t", "values": [{"value": "A", "uuid": "1"}, {"value": "B", "uuid": "1"}]}"#,
        );
        assert!(
            m.contains("at values[1].uuid: the uuid 1 is also the uuid of values[0]"),
            "{m}"
        );
        let m = err(
            r#"{"type": "t", "values": [{"value": "A", "uuid": "1", "meta": {"synonyms": [1]}}]}"#,
        );
        assert!(
            m.contains("at values[0].meta.synonyms[0]: expected a string"),
            "{m}"
        );
        let m = err(
            r#"{"type": "t", "values": [{"value": "A", "uuid": "1", "related": [{"type": "part-of"}]}]}"#,
        );
        assert!(
            m.contains("at values[0].related[0]: required field `dest-uuid` is missing"),
            "{m}"
        );
        let m = err(r#"{"values": []}"#);
        assert!(
            m.contains("at the top level: required field `type` is missing"),
            "{m}"
        );
        let m = err(r#"{"type": 3, "values": []}"#);
        assert!(
            m.contains("at type: expected a string, found a number"),
            "{m}"
        );
        let m = err(r#"{"type": "t", "namespace": "misp"}"#);
        assert!(m.contains("required field `values` is missing"), "{m}");
        assert!(err("  ").contains("c.json: the file is empty"));
        assert!(err("[]").contains("at the top level: expected an object, found an array"));
    }

    #[test]
    fn malformed_fixtures_give_errors_naming_file_and_place() {
        let cases = [
            ("truncated.json", "line 11: not valid JSON"),
            (
                "values-not-array.json",
                "at values: expected an array of cluster values, found a string",
            ),
            (
                "value-missing.json",
                "at values[1]: required field `value` is missing",
            ),
        ];
        for (name, want) in cases {
            let m = load(fixture(name)).unwrap_err().to_string();
            assert!(m.contains(&format!("{name}: {want}")), "{name}: {m}");
        }
        let m = load(fixture("truncated.json")).unwrap_err().to_string();
        assert!(m.contains("the file is truncated"), "{m}");
    }

    #[test]
    fn the_real_cluster_loads_with_its_names_and_lineage() {
        let list = load(bundled("misp-surveillance-vendor.json.gz")).unwrap();
        let batch = &list.loaded.batch;
        assert_eq!(batch.vendors.len(), 615);
        assert_eq!(batch.source.key, "vendors:misp:surveillance-vendor");
        assert_eq!(batch.source.kind, SourceKind::VendorList);
        assert_eq!(batch.source.version.as_deref(), Some("11"));
        assert_eq!(batch.source.publisher.as_deref(), Some("MISP Project"));
        assert_eq!(batch.source.licence.as_deref(), Some(DEFAULT_LICENCE));
        let by_name = |n: &str| batch.vendors.iter().find(|v| v.name == n).unwrap();
        assert_eq!(by_name("Hacking Team").synonyms, ["Memento Labs"]);
        let nso = by_name("NSO group");
        assert_eq!(nso.synonyms, ["Q-Cyber", "Circles"]);
        assert_eq!(nso.products, ["PEGASUS"]);
        assert!(nso.lineage.is_empty(), "{:?}", nso.lineage);
        assert_eq!(
            by_name("BellTroX").id,
            "1b2fc8cf-4be1-43af-9bee-f03ee9dbb71c"
        );
        let cytrox = by_name("Cytrox");
        let intellexa = by_name("Intellexa");
        let l: Vec<_> = cytrox
            .lineage
            .iter()
            .map(|c| (c.kind, c.object.as_str(), c.object_id.clone()))
            .collect();
        assert_eq!(
            l,
            [
                (
                    LineageKind::AcquiredBy,
                    "Wispear",
                    Some(by_name("Wispear").id.clone())
                ),
                (
                    LineageKind::SubsidiaryOf,
                    "Intellexa",
                    Some(intellexa.id.clone())
                ),
            ]
        );
        let mut counts = std::collections::BTreeMap::new();
        for c in batch.vendors.iter().flat_map(|v| &v.lineage) {
            *counts.entry(c.kind.as_str()).or_insert(0) += 1;
        }
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [("acquired_by", 1), ("subsidiary_of", 4)]
        );
        // Wispear `acquires` Cytrox: the same fact as Cytrox `is-acquired-by` Wispear.
        assert_eq!(list.inverse.len(), 1);
        assert_eq!(
            list.inverse[0].as_claim_on_subject(),
            LineageClaim {
                kind: LineageKind::AcquiredBy,
                object: "Wispear".into(),
                object_id: Some(by_name("Wispear").id.clone()),
                date: None,
            }
        );
        assert_eq!(
            list.loaded.warnings,
            [format!(
                "{}: 15 relations are not lineage (renamed, acquired, subsidiary, spun off) \
                 and were not imported: is-allied-with ×12, related-to ×2, known-as ×1",
                bundled("misp-surveillance-vendor.json.gz").display()
            )]
        );
    }

    #[test]
    fn the_bundled_copy_is_the_shared_file_and_gzip_is_transparent() {
        let shared = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/vendors/misp-surveillance-vendor.json"
        ));
        let gz = MispGalaxyImporter::new(VendorInput::Path(bundled(
            "misp-surveillance-vendor.json.gz",
        )))
        .load(&NoProgress)
        .unwrap();
        let bytes: &'static [u8] = Box::leak(
            std::fs::read(bundled("misp-surveillance-vendor.json.gz"))
                .unwrap()
                .into_boxed_slice(),
        );
        let mem = MispGalaxyImporter::new(VendorInput::Bytes {
            name: "bundled:misp-surveillance-vendor.json.gz".into(),
            bytes,
        })
        .load(&NoProgress)
        .unwrap();
        assert_eq!(mem.batch.vendors, gz.batch.vendors);
        assert_eq!(mem.batch.source.sha256, gz.batch.source.sha256);
        assert_eq!(
            mem.batch.source.location,
            "bundled:misp-surveillance-vendor.json.gz"
        );
        // The bundled copy is the upstream file without its prose descriptions: every
        // imported fact is the same.
        let plain = MispGalaxyImporter::new(VendorInput::Path(shared))
            .load(&NoProgress)
            .unwrap();
        assert_eq!(plain.batch.vendors, gz.batch.vendors);
        let text = String::from_utf8(
            crate::vendors::VendorInput::Path(bundled("misp-surveillance-vendor.json.gz"))
                .read()
                .unwrap(),
        )
        .unwrap();
        assert!(
            !text.contains("\"description\""),
            "no upstream prose is bundled"
        );
    }

    #[test]
    fn provenance_overrides_and_the_file_licence() {
        let c = parse(r#"{"type": "t", "license": "MIT", "values": []}"#).unwrap();
        assert_eq!(c.licence.as_deref(), Some("MIT"));
        assert_eq!(c.version, None);
        let imp = MispGalaxyImporter {
            input: VendorInput::Path(bundled("misp-surveillance-vendor.json.gz")),
            provenance: VendorProvenance::bundled_misp(),
        };
        let s = imp.load(&NoProgress).unwrap().batch.source;
        assert!(s.url.unwrap().contains(crate::vendors::BUNDLED_MISP_COMMIT));
        assert_eq!(s.retrieved.as_deref(), Some("2025-11-03"));
        assert_eq!(s.version.as_deref(), Some("11"));
        assert!(imp.describe().starts_with("MISP galaxy cluster at "));
    }

    /// Any JSON value, biased towards the cluster's field names and shapes so that the
    /// walker goes deep rather than failing at the top.
    fn arbitrary_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let keys = prop::sample::select(vec![
            "type",
            "version",
            "values",
            "value",
            "uuid",
            "meta",
            "synonyms",
            "refs",
            "official-refs",
            "products",
            "related",
            "dest-uuid",
            "tags",
            "description",
            "licence",
            "other",
        ]);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|i| Value::Number(i.into())),
            "\\PC{0,12}".prop_map(Value::String),
            prop::sample::select(vec![
                "u1",
                "u2",
                "part-of",
                "acquires",
                "is-acquired-by",
                "formerly",
                " ",
                ""
            ])
            .prop_map(|s| Value::String(s.to_string())),
        ];
        leaf.prop_recursive(5, 96, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(
                    kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )),
            ]
        })
    }

    /// A cluster whose shape is mostly right, with arbitrary JSON in every field, so that
    /// relation resolution (uuids shared between entries, lineage verbs) is exercised too.
    fn cluster_like() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let or_any = |choices: Vec<&'static str>| {
            prop_oneof![
                4 => prop::sample::select(choices).prop_map(|s| Value::String(s.to_string())),
                1 => arbitrary_json(),
            ]
        };
        let related = prop::collection::vec(
            (
                or_any(vec!["u1", "u2", "u3", "elsewhere"]),
                or_any(vec![
                    "part-of",
                    "acquires",
                    "is-acquired-by",
                    "formerly",
                    "similar",
                ]),
            )
                .prop_map(|(dest, verb)| serde_json::json!({"dest-uuid": dest, "type": verb})),
            0..4,
        );
        let entry = (
            or_any(vec!["A", "B", " ", ""]),
            or_any(vec!["u1", "u2", "u3"]),
            prop_oneof![Just(Value::Null), arbitrary_json()],
            related,
        )
            .prop_map(|(value, uuid, meta, related)| {
                serde_json::json!({"value": value, "uuid": uuid, "meta": meta, "related": related})
            });
        (
            or_any(vec!["surveillance-vendor", ""]),
            prop::collection::vec(entry, 0..5),
        )
            .prop_map(|(t, values)| serde_json::json!({"type": t, "version": 1, "values": values}))
    }

    proptest::proptest! {
        #[test]
        fn the_parser_never_panics_on_a_near_cluster(value in cluster_like()) {
            let bytes = serde_json::to_vec(&value).unwrap();
            if let Ok(c) = parse_cluster("p.json", &bytes, &NoProgress) {
                // Every lineage claim names a firm of the same file, never the record.
                for v in &c.parsed.vendors {
                    for l in &v.lineage {
                        proptest::prop_assert!(l.object_id.as_deref() != Some(v.id.as_str()));
                        proptest::prop_assert!(c.parsed.vendors.iter().any(|o| Some(o.id.as_str()) == l.object_id.as_deref() && o.name == l.object));
                    }
                }
            }
        }

        #[test]
        fn the_parser_never_panics_on_any_json(value in arbitrary_json()) {
            let bytes = serde_json::to_vec(&value).unwrap();
            let _ = parse_cluster("p.json", &bytes, &NoProgress);
        }

        #[test]
        fn the_parser_never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = parse_cluster("p.json", &bytes, &NoProgress);
        }
    }
}
