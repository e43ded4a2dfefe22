//! Surveillance-vendor reference lists: who sells surveillance technology, under which
//! names, and how the firms are related (renamed, acquired, part of a group).
//!
//! Two formats, one importer each, both producing [`Vendor`] records in a
//! [`fairwatch_core::model::Batch`] of kind
//! [`SourceKind::VendorList`](fairwatch_core::model::SourceKind::VendorList):
//!
//! * [`misp::MispGalaxyImporter`]: any MISP galaxy *cluster* file (`clusters/*.json` in
//!   github.com/MISP/misp-galaxy), such as `surveillance-vendor.json`. Source key
//!   `vendors:misp:<cluster type>`.
//! * [`csv_list::VendorCsvImporter`]: a plain CSV vendor list in the layout of
//!   `vendor-facts.csv` (`uuid,name,synonyms,hq_iso2,hq_evidence,capabilities,lineage,
//!   official_url,ref_count`). Source key `vendors:csv:<file stem>`.
//!
//! Both read a file or bytes held in memory ([`VendorInput`]; the CLI embeds the bundled
//! copies in `data/vendors/` with `include_bytes!`), gzipped or not: gzip is recognised
//! by its magic number, not the file name. The recorded sha256 is over the *decompressed*
//! content, so the same list gzipped or plain counts as the same source version.
//!
//! **No prose.** MISP entries carry a `description` paragraph written by the galaxy's
//! authors. Fairwatch never copies it (not into [`Vendor`], not into warnings or notes):
//! Fairwatch redistributes facts (names, links, relations), not other people's writing.
//!
//! ## Lineage and its direction
//!
//! A [`LineageClaim`] is stored on the record it is about: the record is the claim's
//! subject ("Cytrox `acquired_by` Wispear" sits on Cytrox). Lists also state claims the
//! other way round, on the record that is the claim's *object*: `formerly:Crossrider` on
//! Kape Technologies means "Crossrider `renamed_to` Kape Technologies"; `acquires:Cytrox`
//! on Wispear means "Cytrox `acquired_by` Wispear". Those cannot be held by
//! [`Vendor::lineage`] without reversing its meaning, so the importers return them
//! separately as [`InverseClaim`]s ([`VendorList::inverse`]);
//! [`Importer::load`](crate::Importer::load) drops
//! them until the model has a place for them. [`lineage_verb`] is the one table, shared
//! by both formats, of which verbs are lineage and in which direction.

pub mod csv_list;
pub mod misp;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use fairwatch_core::model::{LineageClaim, LineageKind, Vendor};

use crate::caat::hex;
use crate::error::Place;
use crate::{Loaded, SourceError};

pub use csv_list::VendorCsvImporter;
pub use misp::MispGalaxyImporter;

/// Largest decompressed size accepted from a gzipped list. The real lists are under
/// 1 MB; a gzip that inflates past this is corrupt or hostile (a "zip bomb"), and reading
/// it whole would exhaust memory.
pub const MAX_LIST_BYTES: u64 = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------

/// Where one vendor-list file comes from.
#[derive(Debug, Clone)]
pub enum VendorInput {
    /// A file on disk, plain or gzipped.
    Path(PathBuf),
    /// Bytes held in memory, plain or gzipped, e.g. a copy bundled into the binary with
    /// `include_bytes!("../../../data/vendors/misp-surveillance-vendor.json.gz")`.
    /// `name` stands for the file in messages and gives the CSV source key its stem, so
    /// it should end in the file's name (`bundled:data/vendors/vendor-facts.csv`).
    Bytes { name: String, bytes: &'static [u8] },
}

impl VendorInput {
    /// A name for messages and [`fairwatch_core::model::SourceMeta::location`].
    pub fn name(&self) -> String {
        match self {
            VendorInput::Path(p) => p.display().to_string(),
            VendorInput::Bytes { name, .. } => name.clone(),
        }
    }

    /// Reads the whole file, decompressing it if it is gzipped.
    pub fn read(&self) -> Result<Vec<u8>, SourceError> {
        let name = self.name();
        match self {
            VendorInput::Path(p) => {
                let raw = std::fs::read(p).map_err(|e| SourceError::io(&name, e))?;
                gunzip_if_needed(&name, raw)
            }
            VendorInput::Bytes { bytes, .. } => gunzip_if_needed(&name, bytes.to_vec()),
        }
    }
}

/// Decompresses `raw` when it starts with the gzip magic number; returns it as is
/// otherwise. Neither a JSON nor a CSV file can start with byte 0x1f, so sniffing is
/// safe and spares the user from naming files correctly.
pub fn gunzip_if_needed(name: &str, raw: Vec<u8>) -> Result<Vec<u8>, SourceError> {
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut out = Vec::new();
    // `MultiGzDecoder`: `gzip a b > c` concatenates members, and all of them are the file.
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            SourceError::invalid(
                name,
                Place::File,
                format!("not a readable gzip file: {e}"),
                "check that the download completed, or give the uncompressed file",
            )
        })?;
    if out.len() as u64 > MAX_LIST_BYTES {
        return Err(SourceError::invalid(
            name,
            Place::File,
            format!(
                "the file decompresses to more than {} MiB",
                MAX_LIST_BYTES / 1024 / 1024
            ),
            "a vendor list is a few MB at most; the file is probably corrupted",
        ));
    }
    Ok(out)
}

/// `dir/vendor-facts.csv.gz` → `vendor-facts`: the file name without directory,
/// compression suffix and extension.
pub(crate) fn file_stem(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let file = file.strip_prefix("bundled:").unwrap_or(file);
    let file = file
        .strip_suffix(".gz")
        .or_else(|| file.strip_suffix(".GZ"))
        .unwrap_or(file);
    match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => file.to_string(),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

// ---------------------------------------------------------------------------------------
// Provenance
// ---------------------------------------------------------------------------------------

/// What the caller knows about a list beyond what the file says, recorded with the
/// source. Unset fields fall back to what the file states, then to the format's default
/// (see each importer).
#[derive(Debug, Clone, Default)]
pub struct VendorProvenance {
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub licence: Option<String>,
    /// ISO date of retrieval.
    pub retrieved: Option<String>,
    pub version: Option<String>,
    pub note: Option<String>,
}

/// Upstream commit in which `clusters/surveillance-vendor.json` last changed, as bundled.
pub const BUNDLED_MISP_COMMIT: &str = "1d44668cf98344baa171103950f5bc506bc41b71";

impl VendorProvenance {
    /// The MISP `surveillance-vendor` cluster bundled in `data/vendors/` (see
    /// `data/vendors/PROVENANCE.md`). The cluster's own `version` field is recorded as
    /// the version; the commit is in the URL.
    pub fn bundled_misp() -> Self {
        VendorProvenance {
            publisher: Some("MISP Project".into()),
            url: Some(format!(
                "https://github.com/MISP/misp-galaxy/blob/{BUNDLED_MISP_COMMIT}/clusters/surveillance-vendor.json"
            )),
            licence: Some(misp::DEFAULT_LICENCE.into()),
            retrieved: Some("2025-11-03".into()),
            version: None,
            note: Some("bundled with Fairwatch".into()),
        }
    }

    /// `vendor-facts.csv` bundled in `data/vendors/` (see `data/vendors/PROVENANCE.md`).
    pub fn bundled_facts() -> Self {
        VendorProvenance {
            publisher: Some("Fairwatch project".into()),
            url: None,
            licence: Some("CC0-1.0".into()),
            retrieved: Some("2026-11".into()),
            version: None,
            note: Some(format!(
                "bundled with Fairwatch; facts derived from the MISP surveillance-vendor \
                 galaxy (misp-galaxy commit {BUNDLED_MISP_COMMIT})"
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lineage verbs
// ---------------------------------------------------------------------------------------

/// Which end of a lineage claim the record carrying it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// "record `kind` other", e.g. `acquired-by:X` on the record: the record was
    /// acquired by X. Becomes a [`LineageClaim`] on the record.
    RecordIsSubject,
    /// "other `kind` record", e.g. `acquires:X` on the record: X was acquired by the
    /// record. Becomes an [`InverseClaim`].
    RecordIsObject,
}

/// Normalises a relation verb as lists spell it: case, surrounding space (the MISP file
/// has `"is-allied-with "`), and `_` or inner spaces for `-`.
pub fn normalize_verb(verb: &str) -> String {
    verb.trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The lineage meaning of a relation verb, or `None` when it is not lineage (alliances,
/// mergers, "related to", "known as", ...). Shared by the MISP relationship types and
/// the CSV `lineage` column; the verb is normalised first ([`normalize_verb`]).
///
/// | verb                                                    | direction | kind            |
/// |---------------------------------------------------------|-----------|-----------------|
/// | `rebranded-as`, `renamed-to`                            | record →  | `renamed_to`    |
/// | `formerly`, `renamed-from`, `rebranded-from`, `successor-of` | ← record | `renamed_to` |
/// | `acquired-by`, `is-acquired-by`                         | record →  | `acquired_by`   |
/// | `acquires`, `acquired`                                  | ← record  | `acquired_by`   |
/// | `subsidiary-of`, `part-of`, `owned-by`, `child-of`, `parent` | record → | `subsidiary_of` |
/// | `parent-of`, `owner-of`                                 | ← record  | `subsidiary_of` |
/// | `spun-off-from`                                         | record →  | `spun_off_from` |
///
/// Decisions worth knowing:
/// * `parent:X` names the record's parent (`AccessData => parent:Exterro`, while
///   `Exterro => acquires:AccessData`), so the record is the subsidiary; `parent-of:X`
///   is the reverse.
/// * `successor-of:X` (MISP relationship vocabulary; `safeXai => successor-of:Banjo`)
///   is read as X renamed to the record: the kinds have no "succeeded by", and for
///   telling which names one firm has traded under, a successor is what matters.
/// * `owned-by` is `subsidiary_of` even when the owner is an investor or a person.
/// * `merged-from:X` (`L3Harris => merged-from:Harris Corporation`) is read as X
///   acquired by the record: X ceased and went into the merged firm, which is what
///   following lineage needs, and the two are different firms.
/// * `merged-with` (a merger of peers has no subject), `formerly-part-of` (does not
///   say how the firms parted), `joint-venture-of`, `sister-of`, `affiliate-of`,
///   `allied-with`, `is-allied-with`, `related-to`, `known-as`, `similar` and anything
///   else are not lineage.
pub fn lineage_verb(verb: &str) -> Option<(Direction, LineageKind)> {
    use Direction::{RecordIsObject, RecordIsSubject};
    use LineageKind::{AcquiredBy, RenamedTo, SpunOffFrom, SubsidiaryOf};
    Some(match normalize_verb(verb).as_str() {
        "rebranded-as" | "renamed-to" => (RecordIsSubject, RenamedTo),
        "formerly" | "renamed-from" | "rebranded-from" | "successor-of" => {
            (RecordIsObject, RenamedTo)
        }
        "acquired-by" | "is-acquired-by" => (RecordIsSubject, AcquiredBy),
        "acquires" | "acquired" | "merged-from" => (RecordIsObject, AcquiredBy),
        "subsidiary-of" | "part-of" | "owned-by" | "child-of" | "parent" => {
            (RecordIsSubject, SubsidiaryOf)
        }
        "parent-of" | "owner-of" => (RecordIsObject, SubsidiaryOf),
        "spun-off-from" => (RecordIsSubject, SpunOffFrom),
        _ => return None,
    })
}

/// A lineage claim stated on a record whose *subject* is another firm:
/// "`subject` `kind` `record`". `formerly:Crossrider` on Kape Technologies is
/// `InverseClaim { record_name: "Kape Technologies", kind: RenamedTo, subject:
/// "Crossrider", .. }`: Crossrider was renamed to Kape Technologies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InverseClaim {
    /// The id of the record the claim sits on: the claim's object.
    pub record_id: String,
    pub record_name: String,
    pub kind: LineageKind,
    /// The other firm, the claim's subject, by name as the list gives it.
    pub subject: String,
    /// The other firm's id in the same list, when the source links it (MISP).
    pub subject_id: Option<String>,
    /// When it happened, if the list says.
    pub date: Option<String>,
    /// The verb as the list wrote it (`formerly`, `acquires`, ...), for messages.
    pub verb: String,
}

impl InverseClaim {
    /// The claim as it would sit on the record with the other firm as `object`: the
    /// shape of a proposed `Vendor::incoming_lineage` (see the module documentation).
    pub fn as_incoming(&self) -> LineageClaim {
        LineageClaim {
            kind: self.kind,
            object: self.subject.clone(),
            object_id: self.subject_id.clone(),
            date: self.date.clone(),
        }
    }

    /// The claim as it would sit on the other firm's record, which is its subject: the
    /// shape to use when that firm is a record of some list (`object_id` is this record).
    pub fn as_claim_on_subject(&self) -> LineageClaim {
        LineageClaim {
            kind: self.kind,
            object: self.record_name.clone(),
            object_id: Some(self.record_id.clone()),
            date: self.date.clone(),
        }
    }
}

/// What a vendor-list importer produced: the batch (with claims whose subject is the
/// record in [`Vendor::lineage`]) and the claims stated the other way round.
#[derive(Debug)]
pub struct VendorList {
    pub loaded: Loaded,
    pub inverse: Vec<InverseClaim>,
}

/// Records, inverse claims and warnings parsed from one file, before provenance is
/// attached.
#[derive(Debug, Default)]
pub struct ParsedVendors {
    pub vendors: Vec<Vendor>,
    pub inverse: Vec<InverseClaim>,
    pub warnings: Vec<String>,
}

/// Counts relation verbs that are not lineage, for one summary warning per file rather
/// than one per relation.
#[derive(Debug, Default)]
pub(crate) struct SkippedVerbs(BTreeMap<String, usize>);

impl SkippedVerbs {
    pub(crate) fn add(&mut self, verb: &str) {
        *self.0.entry(normalize_verb(verb)).or_default() += 1;
    }

    /// `"file: 3 relations are not lineage and were not imported: allied-with ×2, ..."`.
    pub(crate) fn warning(&self, file: &str, what: &str) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let total: usize = self.0.values().sum();
        let mut counts: Vec<(&String, &usize)> = self.0.iter().collect();
        // Most frequent first; ties by name, so the message is reproducible.
        counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list = counts
            .iter()
            .map(|(v, n)| format!("{v} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        Some(format!(
            "{file}: {total} {what} not lineage (renamed, acquired, subsidiary, spun off) \
             and were not imported: {list}"
        ))
    }
}

/// Puts each inverse claim on the record it was stated on, as
/// [`Vendor::incoming_lineage`].
pub(crate) fn attach_incoming(vendors: &mut [Vendor], inverse: &[InverseClaim]) {
    for claim in inverse {
        if let Some(v) = vendors.iter_mut().find(|v| v.id == claim.record_id) {
            push_unique(&mut v.incoming_lineage, claim.as_incoming());
        }
    }
}

/// Adds `claim` unless the record already has it: lists repeat a relation (MISP states
/// some both ways round), and a repeated claim adds nothing.
pub(crate) fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Where the vendor-list tests find their files.
#[cfg(test)]
pub(crate) mod test_files {
    use std::path::PathBuf;

    pub fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/vendors")
            .join(name)
    }

    pub fn bundled(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/vendors")
            .join(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_map_to_kinds_and_directions() {
        use Direction::*;
        use LineageKind::*;
        assert_eq!(
            lineage_verb("acquired-by"),
            Some((RecordIsSubject, AcquiredBy))
        );
        assert_eq!(
            lineage_verb(" Is_Acquired By "),
            Some((RecordIsSubject, AcquiredBy))
        );
        assert_eq!(lineage_verb("acquires"), Some((RecordIsObject, AcquiredBy)));
        assert_eq!(lineage_verb("formerly"), Some((RecordIsObject, RenamedTo)));
        assert_eq!(
            lineage_verb("rebranded-as"),
            Some((RecordIsSubject, RenamedTo))
        );
        assert_eq!(
            lineage_verb("parent"),
            Some((RecordIsSubject, SubsidiaryOf))
        );
        assert_eq!(
            lineage_verb("parent-of"),
            Some((RecordIsObject, SubsidiaryOf))
        );
        assert_eq!(
            lineage_verb("merged-from"),
            Some((RecordIsObject, AcquiredBy))
        );
        assert_eq!(
            lineage_verb("spun-off-from"),
            Some((RecordIsSubject, SpunOffFrom))
        );
        for not in [
            "is-allied-with ",
            "known-as",
            "merged-with",
            "related-to",
            "similar",
            "formerly-part-of",
            "",
        ] {
            assert_eq!(lineage_verb(not), None, "{not:?}");
        }
    }

    #[test]
    fn stems_drop_directory_compression_and_extension() {
        assert_eq!(file_stem("data/vendors/vendor-facts.csv"), "vendor-facts");
        assert_eq!(file_stem("a\\b\\x.csv.gz"), "x");
        assert_eq!(file_stem("bundled:vendor-facts.csv"), "vendor-facts");
        assert_eq!(file_stem("noext"), "noext");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }

    #[test]
    fn gzip_is_sniffed_and_bad_gzip_named() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(b"name\nAcme\n").unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(
            gunzip_if_needed("x.csv", gz.clone()).unwrap(),
            b"name\nAcme\n"
        );
        assert_eq!(
            gunzip_if_needed("x.csv", b"plain".to_vec()).unwrap(),
            b"plain"
        );
        let m = gunzip_if_needed("x.csv.gz", gz[..gz.len() / 2].to_vec())
            .unwrap_err()
            .to_string();
        assert!(m.starts_with("x.csv.gz: not a readable gzip file"), "{m}");
    }

    #[test]
    fn skipped_verbs_make_one_sorted_warning() {
        let mut s = SkippedVerbs::default();
        assert_eq!(s.warning("f", "relations are"), None);
        for v in ["known-as", "allied-with", "Allied-With", "merged-with"] {
            s.add(v);
        }
        assert_eq!(
            s.warning("f", "relations are").unwrap(),
            "f: 4 relations are not lineage (renamed, acquired, subsidiary, spun off) and \
             were not imported: allied-with ×2, known-as ×1, merged-with ×1"
        );
    }
}
