//! Linking vendor reference-list records to resolved companies, and lineage between
//! companies, each with its evidence.
//!
//! A vendor links to a company on its name (or a synonym) *and* evidence, or on a shared
//! official domain. A short or common-word name ("Area", "Nexa", "Toka", "Innova",
//! "Paragon") never links on the name alone: only a shared domain links it, so that a
//! fair exhibitor called "Area" is not taken for the Italian interception vendor.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::model::{LineageClaim, LineageKind, Vendor};
use crate::names::{AnnotationKind, Normaliser};

use super::evidence::registrable_domain;
use super::score::Feature;
use super::Resolution;

/// A vendor record linked to a company.
#[derive(Debug, Clone, Serialize)]
pub struct VendorLink {
    /// Index into the vendors given to [`link_vendors`].
    pub vendor: usize,
    pub company: usize,
    pub score: f64,
    pub features: Vec<Feature>,
}

/// Score at which a vendor record links to a company.
pub const VENDOR_LINK_AT: f64 = 4.0;

/// A name strong enough to link on (with corroboration): several words, or one long
/// word. "area" and "nexa" are not; "cellebrite" and "hacking team" are.
fn distinctive(key: &str) -> bool {
    key.split(' ').count() >= 2 || key.chars().filter(|c| c.is_alphanumeric()).count() >= 7
}

/// Links vendor records to companies.
pub fn link_vendors(
    vendors: &[Vendor],
    res: &Resolution,
    normaliser: &Normaliser,
) -> Vec<VendorLink> {
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    // domain -> (company, rows of the company's names that use it)
    let mut by_domain: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (n, node) in res.nodes.iter().enumerate() {
        let company = res.company_of_node[n];
        by_key
            .entry(node.key.as_str())
            .and_modify(|c| {
                if res.companies[*c].appearances < res.companies[company].appearances {
                    *c = company
                }
            })
            .or_insert(company);
        for d in &node.domains {
            let list = by_domain.entry(d.as_str()).or_default();
            match list.iter_mut().find(|(c, _)| *c == company) {
                Some((_, rows)) => *rows += node.records.len(),
                None => list.push((company, node.records.len())),
            }
        }
    }
    // Companies the lists' lineage says are different firms (Harris Corporation and
    // L3Harris, "L3Harris merged-from Harris Corporation").
    let named = super::NamedNodes::new(&res.nodes);
    let companies_named = |name: &str| -> Vec<usize> {
        named
            .of(normaliser, name)
            .into_iter()
            .map(|n| res.company_of_node[n])
            .collect()
    };
    let mut apart: HashSet<(usize, usize)> = HashSet::new();
    for (a, b) in super::distinct_firms(vendors, &[]) {
        let (xs, ys) = (companies_named(&a), companies_named(&b));
        for &x in &xs {
            for &y in ys.iter().filter(|&&y| y != x) {
                apart.extend([(x, y), (y, x)]);
            }
        }
    }
    let mut out = Vec::new();
    for (v, vendor) in vendors.iter().enumerate() {
        // company -> features
        let mut found: BTreeMap<usize, Vec<Feature>> = BTreeMap::new();
        for name in std::iter::once(&vendor.name).chain(&vendor.synonyms) {
            let key = normaliser.key(name);
            if let Some(&c) = by_key.get(key.as_str()) {
                let feats = found.entry(c).or_default();
                if !feats.iter().any(|f| f.name == "same_name") {
                    let strong = distinctive(&key);
                    feats.push(Feature {
                        name: "same_name",
                        detail: format!(
                            "{name:?}{}",
                            if strong {
                                ""
                            } else {
                                " (short or common: not enough alone)"
                            }
                        ),
                        weight: if strong { 4.0 } else { 1.0 },
                    });
                }
            }
        }
        for url in &vendor.official_urls {
            if let Some(d) = registrable_domain(url) {
                // Why: a site is one firm's. A company that uses it less than a firm
                // lineage keeps it apart from (late "Harris" rows on l3harris.com, after
                // Harris merged into L3Harris) is on its successor's site, not the
                // vendor's firm. Other companies on the site are the firm's units the
                // record did not join ("ELTA Systems" on iai.co.il).
                let users = by_domain.get(d.as_str()).map(Vec::as_slice).unwrap_or(&[]);
                let borrowed = |c: usize, rows: usize| {
                    users
                        .iter()
                        .any(|&(o, more)| more > rows && apart.contains(&(c, o)))
                };
                for &(c, _) in users.iter().filter(|&&(c, rows)| !borrowed(c, rows)) {
                    let feats = found.entry(c).or_default();
                    if !feats.iter().any(|f| f.name == "same_domain") {
                        feats.push(Feature {
                            name: "same_domain",
                            detail: d.clone(),
                            weight: 5.0,
                        });
                    }
                }
            }
        }
        for (c, mut feats) in found {
            let company = &res.companies[c];
            if let (Some(hq), Some(ch)) = (&vendor.hq_iso2, &company.hq_iso2) {
                let same = hq == ch;
                feats.push(Feature {
                    name: if same {
                        "same_country"
                    } else {
                        "different_country"
                    },
                    detail: format!("list says {hq}, exhibitor rows say {ch}"),
                    weight: if same { 1.0 } else { -1.5 },
                });
            }
            let score: f64 = feats.iter().map(|f| f.weight).sum();
            let has_domain = feats.iter().any(|f| f.name == "same_domain");
            let strong_name = feats
                .iter()
                .any(|f| f.name == "same_name" && f.weight >= 4.0);
            if score >= VENDOR_LINK_AT && (has_domain || strong_name) {
                out.push(VendorLink {
                    vendor: v,
                    company: c,
                    score,
                    features: feats,
                });
            }
        }
    }
    out
}

/// A lineage relation between two firms, resolved to companies where possible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lineage {
    pub subject: Option<usize>,
    pub subject_name: String,
    pub kind: LineageKind,
    pub object: Option<usize>,
    pub object_name: String,
    pub date: Option<String>,
    pub evidence: String,
}

/// A lineage claim a user states in a file: `subject kind object`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserClaim {
    pub subject: String,
    pub kind: LineageKind,
    pub object: String,
    pub date: Option<String>,
}

/// Lineage from vendor-list claims (both directions), the user's file, and annotations
/// in exhibitor names ("formerly X", "a Y company").
pub fn lineage(
    vendors: &[Vendor],
    links: &[VendorLink],
    user: &[UserClaim],
    res: &Resolution,
    normaliser: &Normaliser,
) -> Vec<Lineage> {
    // Names resolve through the record's keys (the best-attested node of a key).
    let index = super::key_index(&res.nodes);
    let company_by_key = |name: &str| -> Option<usize> {
        index
            .get(normaliser.key(name).as_str())
            .map(|&n| res.company_of_node[n])
    };
    // Each vendor record's company: its strongest link (ties: the first company).
    let mut best_link: HashMap<usize, (f64, usize)> = HashMap::new();
    for l in links {
        let e = best_link.entry(l.vendor).or_insert((l.score, l.company));
        if l.score > e.0 || (l.score == e.0 && l.company < e.1) {
            *e = (l.score, l.company);
        }
    }
    let vendor_company = |v: usize| best_link.get(&v).map(|&(_, c)| c);
    let vendor_by_id: HashMap<&str, usize> = vendors
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    // Vendor records by the keys of their names: "Azimuth Security" is also found as
    // "Azimuth", the bare word another record's claim names it by.
    let vendor_keys: Vec<String> = vendors.iter().map(|v| normaliser.key(&v.name)).collect();
    let vendor_named_by_start = |key: &str| -> Option<usize> {
        let start = format!("{key} ");
        (!key.is_empty())
            .then(|| vendor_keys.iter().position(|vk| vk.starts_with(&start)))
            .flatten()
    };
    // The other firm of a vendor-list claim: the record it links to, else its name.
    // Why: a bare word that starts another record's name means that record, not an
    // exhibitor of that word ("Trenchant merged-from Azimuth" is Azimuth Security, not
    // a one-row "Azimuth" that joined the Spanish AZIMUT): such a claim resolves only
    // through that record's link.
    let other_firm = |claim: &LineageClaim| -> Option<usize> {
        if let Some(&ov) = claim
            .object_id
            .as_deref()
            .and_then(|id| vendor_by_id.get(id))
        {
            if let Some(c) = vendor_company(ov) {
                return Some(c);
            }
        }
        let key = normaliser.key(&claim.object);
        let named = index.get(key.as_str()).map(|&n| res.company_of_node[n]);
        if named.is_some_and(|c| res.companies[c].key == key) {
            return named;
        }
        match vendor_named_by_start(&key) {
            Some(ov) => vendor_company(ov),
            None => named,
        }
    };
    let evidence =
        |vendor: &Vendor| format!("vendor list record {:?} ({})", vendor.name, vendor.id);
    let mut out = Vec::new();
    for (v, vendor) in vendors.iter().enumerate() {
        // Claims about the record as subject.
        for claim in &vendor.lineage {
            out.push(Lineage {
                subject: vendor_company(v),
                subject_name: vendor.name.clone(),
                kind: claim.kind,
                object: other_firm(claim),
                object_name: claim.object.clone(),
                date: claim.date.clone(),
                evidence: evidence(vendor),
            });
        }
        // Claims stated on the record with the other firm as subject ("formerly X" on
        // the renamed firm's record).
        for claim in &vendor.incoming_lineage {
            out.push(Lineage {
                subject: other_firm(claim),
                subject_name: claim.object.clone(),
                kind: claim.kind,
                object: vendor_company(v),
                object_name: vendor.name.clone(),
                date: claim.date.clone(),
                evidence: evidence(vendor),
            });
        }
    }
    // The user's own file: names resolve through the record, then the vendor lists'
    // names and synonyms.
    let mut vendor_by_key: HashMap<String, usize> = HashMap::new();
    for (i, v) in vendors.iter().enumerate() {
        for name in std::iter::once(&v.name).chain(&v.synonyms) {
            vendor_by_key.entry(normaliser.key(name)).or_insert(i);
        }
    }
    let find = |name: &str| {
        company_by_key(name).or_else(|| {
            vendor_by_key
                .get(&normaliser.key(name))
                .and_then(|&v| vendor_company(v))
        })
    };
    for claim in user {
        out.push(Lineage {
            subject: find(&claim.subject),
            subject_name: claim.subject.clone(),
            kind: claim.kind,
            object: find(&claim.object),
            object_name: claim.object.clone(),
            date: claim.date.clone(),
            evidence: "the user's lineage file".into(),
        });
    }
    for (n, node) in res.nodes.iter().enumerate() {
        let this = res.company_of_node[n];
        for (kind, other) in &node.annotations {
            let Some(other_company) = company_by_key(other) else {
                continue;
            };
            if other_company == this {
                continue;
            }
            let (subject, kind, object) = match kind {
                AnnotationKind::Formerly => (other_company, LineageKind::RenamedTo, this),
                AnnotationKind::NowKnownAs => (this, LineageKind::RenamedTo, other_company),
                AnnotationKind::PartOf => (this, LineageKind::SubsidiaryOf, other_company),
                AnnotationKind::FormerlyPartOf => (this, LineageKind::SpunOffFrom, other_company),
            };
            out.push(Lineage {
                subject: Some(subject),
                subject_name: res.companies[subject].name.clone(),
                kind,
                object: Some(object),
                object_name: res.companies[object].name.clone(),
                date: None,
                evidence: format!("exhibitor name {:?}", node.example),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.subject_name.as_str(), a.kind, a.object_name.as_str()).cmp(&(
            b.subject_name.as_str(),
            b.kind,
            b.object_name.as_str(),
        ))
    });
    // The same relation from different evidence (both vendor lists, the user's file)
    // is kept once per piece of evidence: a reader sees every source for it.
    out.dedup();
    out
}
