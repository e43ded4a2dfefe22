//! Question 3: which fairs (series) and host countries host the most counted firms:
//! distinct firms, and firm-appearances (a firm at one edition counts once).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Firms;
use crate::dataset::Dataset;
use crate::methodology::Methodology;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Q3 {
    /// Series, most firms first.
    pub fairs: Vec<FairRank>,
    /// Host countries, most firms first.
    pub hosts: Vec<HostRank>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FairRank {
    pub series: String,
    pub series_key: String,
    pub firms: usize,
    pub firm_appearances: usize,
    /// Editions in the window with at least one counted firm.
    pub editions: usize,
    pub hosts: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HostRank {
    pub iso2: String,
    pub firms: usize,
    pub firm_appearances: usize,
    pub events: usize,
}

#[derive(Default)]
struct Tally {
    firms: BTreeSet<usize>,
    pairs: usize,
    events: BTreeSet<usize>,
    hosts: BTreeSet<String>,
    label: String,
}

pub(super) fn answer(data: &Dataset, firms: &Firms, m: &Methodology) -> Q3 {
    let tiers = &m.spec.questions.tiers;
    let mut fairs: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut hosts: BTreeMap<&str, Tally> = BTreeMap::new();
    for (i, f) in firms.firms.iter().enumerate() {
        if !f.counted(tiers) {
            continue;
        }
        for &e in f.events.keys() {
            let ev = &data.events[e];
            let t = fairs.entry(ev.series_key.as_str()).or_default();
            t.label.clone_from(&ev.series);
            t.firms.insert(i);
            t.pairs += 1;
            t.events.insert(e);
            if let Some(h) = &ev.host_iso2 {
                t.hosts.insert(h.clone());
                let t = hosts.entry(h.as_str()).or_default();
                t.firms.insert(i);
                t.pairs += 1;
                t.events.insert(e);
            }
        }
    }
    let mut fairs: Vec<FairRank> = fairs
        .into_iter()
        .map(|(key, t)| FairRank {
            series: t.label,
            series_key: key.to_string(),
            firms: t.firms.len(),
            firm_appearances: t.pairs,
            editions: t.events.len(),
            hosts: t.hosts,
        })
        .collect();
    fairs.sort_by(|a, b| {
        b.firms
            .cmp(&a.firms)
            .then(b.firm_appearances.cmp(&a.firm_appearances))
            .then_with(|| a.series_key.cmp(&b.series_key))
    });
    let mut hosts: Vec<HostRank> = hosts
        .into_iter()
        .map(|(iso, t)| HostRank {
            iso2: iso.to_string(),
            firms: t.firms.len(),
            firm_appearances: t.pairs,
            events: t.events.len(),
        })
        .collect();
    hosts.sort_by(|a, b| {
        b.firms
            .cmp(&a.firms)
            .then(b.firm_appearances.cmp(&a.firm_appearances))
            .then_with(|| a.iso2.cmp(&b.iso2))
    });
    Q3 { fairs, hosts }
}
