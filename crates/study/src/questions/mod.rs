//! The four research questions and the yearly series, answered from a classified
//! dataset under a methodology and a scope (window, lineage). Every answer is a typed
//! value that serialises to deterministic JSON: vectors in a stated order, maps sorted,
//! no clock, so the same inputs give byte-identical output.
//!
//! The shared work is done once in [`Firms::build`]: which firms count (the "I/I"
//! capabilities at the chosen tiers), each firm's headquarters and its events in the
//! window. The questions are then small functions over that table, one module each.

mod q1;
mod q2;
mod q3;
mod q4;
mod timeline;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

pub use q1::{Q1Firm, Q1};
pub use q2::{Q2Firm, Q2};
pub use q3::{FairRank, HostRank, Q3};
pub use q4::{AdversaryEvidence, Q4Firm, Q4};
pub use timeline::{Timeline, YearRow};

use crate::classify::{Classification, Tier};
use crate::dataset::Dataset;
use crate::methodology::{HqSource, Methodology};

/// The years and options an analysis runs with: the methodology's, unless overridden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scope {
    pub from: i32,
    pub to: i32,
    pub follow_lineage: bool,
}

impl Scope {
    /// The methodology's window on this dataset, with command-line overrides.
    pub fn new(
        m: &Methodology,
        data: &Dataset,
        from: Option<i32>,
        to: Option<i32>,
        follow_lineage: Option<bool>,
    ) -> Result<Scope, String> {
        let w = &m.spec.window;
        let last = data.last_year();
        let to = to.or(w.to).or(last).ok_or(
            "the data has no exhibitor appearances with a year, so there is no window to look at; ingest data first",
        )?;
        let from = match (from, w.from, w.last_years) {
            (Some(f), _, _) => f,
            (None, Some(f), _) => f,
            (None, None, Some(n)) => to - n as i32 + 1,
            (None, None, None) => to,
        };
        if to < from {
            return Err(format!(
                "the window ends ({to}) before it starts ({from}); check --from and --to"
            ));
        }
        Ok(Scope {
            from,
            to,
            follow_lineage: follow_lineage.unwrap_or(m.spec.questions.follow_lineage),
        })
    }

    fn contains(&self, year: Option<i32>) -> bool {
        year.is_some_and(|y| (self.from..=self.to).contains(&y))
    }
}

/// What every finding carries: what it was computed from and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingMeta {
    pub algorithm: &'static str,
    pub dataset_sha256: String,
    pub methodology_sha256: String,
    pub methodology: String,
    pub window: Scope,
    pub capabilities: Vec<String>,
    pub tiers: Vec<Tier>,
    pub region_scheme: String,
    pub adversaries: String,
    pub allies: String,
}

/// All four answers and the yearly series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answers {
    pub finding: FindingMeta,
    pub q1: Q1,
    pub q2: Q2,
    pub q3: Q3,
    pub q4: Q4,
    pub timeline: Timeline,
}

/// A firm as a finding cites it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FirmRef {
    pub company_id: String,
    pub name: String,
}

/// An event as a finding cites it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EventRef {
    pub slug: String,
    pub series: String,
    pub year: Option<i32>,
    pub host_iso2: Option<String>,
}

impl EventRef {
    /// Sorts events into date order (year, then slug), the order findings cite them in.
    fn sort_by_date(events: &mut [EventRef]) {
        events.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.slug.cmp(&b.slug)));
    }

    fn of(data: &Dataset, e: usize) -> EventRef {
        let ev = &data.events[e];
        EventRef {
            slug: ev.slug.clone(),
            series: ev.series.clone(),
            year: ev.year,
            host_iso2: ev.host_iso2.clone(),
        }
    }
}

/// A firm's headquarters and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headquarters {
    pub iso2: String,
    pub source: HqSource,
    pub evidence: String,
}

/// A counted unit: one company, or several joined by lineage.
#[derive(Debug, Clone)]
pub(crate) struct Firm {
    pub company_id: String,
    pub name: String,
    /// Companies in the unit, when lineage joined more than one.
    pub members: Vec<FirmRef>,
    /// Best tier among the question's capabilities, and each capability's tier.
    pub tier: Option<Tier>,
    pub capabilities: Vec<(String, Tier)>,
    pub hq: Option<Headquarters>,
    /// Events in the window, with the number of the firm's rows at each.
    pub events: BTreeMap<usize, usize>,
    /// Years with appearances, over the whole record (for entrants and exits).
    pub years: BTreeSet<i32>,
}

impl Firm {
    pub fn reference(&self) -> FirmRef {
        FirmRef {
            company_id: self.company_id.clone(),
            name: self.name.clone(),
        }
    }

    /// Counted by questions 2 to 4: a tier among the methodology's, in the window.
    pub fn counted(&self, tiers: &[Tier]) -> bool {
        !self.events.is_empty() && self.tier.is_some_and(|t| tiers.contains(&t))
    }
}

pub(crate) struct Firms {
    pub firms: Vec<Firm>,
}

impl Firms {
    pub fn build(
        data: &Dataset,
        classes: &Classification,
        m: &Methodology,
        scope: &Scope,
    ) -> Firms {
        let q = &m.spec.questions;
        let unit_of = units(data, m, scope.follow_lineage);
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (c, &u) in unit_of.iter().enumerate() {
            members.entry(u).or_default().push(c);
        }
        // Vendor records by company, so that finding a headquarters is not a scan.
        let mut vendors_of: Vec<Vec<usize>> = vec![Vec::new(); data.companies.len()];
        for (i, v) in data.vendors.iter().enumerate() {
            vendors_of[v.company].push(i);
        }
        // Only units with a tier for the question's capabilities can appear in any
        // answer; the other tens of thousands of companies are skipped early.
        let mut index: Vec<Option<usize>> = vec![None; data.companies.len()];
        let mut firms: Vec<Firm> = Vec::new();
        for (rep, companies) in members {
            if companies
                .iter()
                .all(|&c| classes.best_tier(c, &q.capabilities).is_none())
            {
                continue;
            }
            let mut caps: BTreeMap<String, Tier> = BTreeMap::new();
            for &c in &companies {
                for (cap, t) in classes.tiers(c, &q.capabilities) {
                    let e = caps.entry(cap).or_insert(t);
                    *e = (*e).min(t);
                }
            }
            let name = if companies.len() > 1 {
                let others: Vec<&str> = companies
                    .iter()
                    .filter(|&&c| c != rep)
                    .map(|&c| data.companies[c].name.as_str())
                    .collect();
                format!("{} (with {})", data.companies[rep].name, others.join(", "))
            } else {
                data.companies[rep].name.clone()
            };
            index[rep] = Some(firms.len());
            firms.push(Firm {
                company_id: data.companies[rep].id.clone(),
                name,
                tier: caps.values().min().copied(),
                capabilities: caps.into_iter().collect(),
                hq: headquarters(data, m, &companies, &vendors_of),
                members: if companies.len() > 1 {
                    companies
                        .iter()
                        .map(|&c| FirmRef {
                            company_id: data.companies[c].id.clone(),
                            name: data.companies[c].name.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                events: BTreeMap::new(),
                years: BTreeSet::new(),
            });
        }
        for a in &data.appearances {
            let Some(f) = index[unit_of[a.company]] else {
                continue;
            };
            let f = &mut firms[f];
            let year = data.events[a.event].year;
            if let Some(y) = year {
                f.years.insert(y);
            }
            if scope.contains(year) {
                *f.events.entry(a.event).or_default() += 1;
            }
        }
        Firms { firms }
    }
}

/// Each company's counting unit: itself, or with lineage followed, the representative
/// of its group (the one no followed relation points away from: the latest name).
fn units(data: &Dataset, m: &Methodology, follow: bool) -> Vec<usize> {
    let n = data.companies.len();
    let mut parent: Vec<usize> = (0..n).collect();
    if !follow {
        return parent;
    }
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    let kinds = &m.spec.questions.lineage_kinds;
    let followed: Vec<_> = data
        .lineage
        .iter()
        .filter(|l| kinds.contains(&l.kind) && l.subject != l.object)
        .collect();
    for l in &followed {
        let (a, b) = (find(&mut parent, l.subject), find(&mut parent, l.object));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    // The representative: a member that is the subject of no followed relation inside
    // its group (the current name); ties and cycles fall back to the smallest index.
    let root: Vec<usize> = (0..n).map(|c| find(&mut parent, c)).collect();
    let is_subject: BTreeSet<usize> = followed.iter().map(|l| l.subject).collect();
    let mut rep: HashMap<usize, usize> = HashMap::new();
    for (c, &r) in root.iter().enumerate() {
        let current = rep.entry(r).or_insert(c);
        if is_subject.contains(current) && !is_subject.contains(&c) {
            *current = c;
        }
    }
    root.iter().map(|r| rep[r]).collect()
}

/// A unit's headquarters, from the methodology's sources in order.
fn headquarters(
    data: &Dataset,
    m: &Methodology,
    companies: &[usize],
    vendors_of: &[Vec<usize>],
) -> Option<Headquarters> {
    for source in &m.spec.headquarters.sources {
        match source {
            HqSource::VendorList => {
                let mut counts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
                for v in companies
                    .iter()
                    .flat_map(|&c| &vendors_of[c])
                    .map(|&i| &data.vendors[i])
                {
                    if let Some(hq) = &v.hq_iso2 {
                        counts.entry(hq).or_default().push(&v.name);
                    }
                }
                let best = counts
                    .iter()
                    .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)));
                if let Some((iso, names)) = best {
                    return Some(Headquarters {
                        iso2: iso.to_string(),
                        source: HqSource::VendorList,
                        evidence: format!("vendor-list record {}", names.join(", ")),
                    });
                }
            }
            HqSource::Declared => {
                if let Some(c) = companies
                    .iter()
                    .find(|&&c| data.companies[c].declared_hq.is_some())
                {
                    let company = &data.companies[*c];
                    return Some(Headquarters {
                        iso2: company.declared_hq.clone().unwrap_or_default(),
                        source: HqSource::Declared,
                        evidence: company
                            .declared_hq_evidence
                            .clone()
                            .unwrap_or_else(|| "declared in the record".into()),
                    });
                }
            }
        }
    }
    None
}

/// Answers the four questions and the yearly series.
pub fn analyse(
    data: &Dataset,
    classes: &Classification,
    m: &Methodology,
    scope: &Scope,
) -> Answers {
    let q = &m.spec.questions;
    let firms = Firms::build(data, classes, m, scope);
    Answers {
        finding: FindingMeta {
            algorithm: crate::ALGORITHM,
            dataset_sha256: data.sha256.clone(),
            methodology_sha256: m.sha256.clone(),
            methodology: format!("{} {}", m.spec.methodology.name, m.spec.methodology.version),
            window: scope.clone(),
            capabilities: q.capabilities.clone(),
            tiers: q.tiers.clone(),
            region_scheme: q.region_scheme.clone(),
            adversaries: q.adversaries.clone(),
            allies: q.allies.clone(),
        },
        q1: q1::answer(&firms),
        q2: q2::answer(data, &firms, m),
        q3: q3::answer(data, &firms, m),
        q4: q4::answer(data, &firms, m),
        timeline: timeline::answer(data, &firms, m, scope),
    }
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
