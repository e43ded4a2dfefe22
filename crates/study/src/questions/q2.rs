//! Question 2: which firms market outside their headquarters region, and the share.
//! The answer states its numerator and denominator, lists the firms whose headquarters
//! is unknown (left out of both), and says for each firm how its headquarters was found.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{EventRef, FirmRef, Firms};
use crate::classify::Tier;
use crate::dataset::Dataset;
use crate::methodology::{HqSource, Methodology};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Q2 {
    pub region_scheme: String,
    /// Counted firms with a known headquarters that exhibited at a fair hosted in
    /// another region in the window.
    pub numerator: usize,
    /// Counted firms with a known headquarters region.
    pub denominator: usize,
    /// numerator / denominator, rounded to 4 decimals; `None` when nothing is counted.
    pub share: Option<f64>,
    /// Counted firms with no headquarters: in neither number.
    pub unknown_hq: Vec<FirmRef>,
    /// How many headquarters came from each source.
    pub hq_sources: BTreeMap<HqSource, usize>,
    /// Every counted firm with a headquarters; those outside their region first.
    pub firms: Vec<Q2Firm>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Q2Firm {
    #[serde(flatten)]
    pub firm: FirmRef,
    pub tier: Tier,
    pub hq_iso2: String,
    pub hq_region: String,
    pub hq_source: HqSource,
    pub hq_evidence: String,
    pub outside: bool,
    /// Regions of the fairs it exhibited at in the window.
    pub regions: BTreeSet<String>,
    /// The events outside its region, in date order.
    pub outside_events: Vec<EventRef>,
}

pub(super) fn answer(data: &Dataset, firms: &Firms, m: &Methodology) -> Q2 {
    let q = &m.spec.questions;
    let scheme = &q.region_scheme;
    let mut out = Vec::new();
    let mut unknown_hq = Vec::new();
    let mut hq_sources: BTreeMap<HqSource, usize> = BTreeMap::new();
    for f in firms.firms.iter().filter(|f| f.counted(&q.tiers)) {
        let Some((hq, hq_region)) =
            f.hq.as_ref()
                .and_then(|h| Some((h, m.region(scheme, &h.iso2)?.to_string())))
        else {
            unknown_hq.push(f.reference());
            continue;
        };
        *hq_sources.entry(hq.source).or_default() += 1;
        let mut regions = BTreeSet::new();
        let mut outside_events = Vec::new();
        for &e in f.events.keys() {
            let Some(region) = data.events[e]
                .host_iso2
                .as_deref()
                .and_then(|h| m.region(scheme, h))
            else {
                continue;
            };
            regions.insert(region.to_string());
            if region != hq_region {
                outside_events.push(EventRef::of(data, e));
            }
        }
        EventRef::sort_by_date(&mut outside_events);
        out.push(Q2Firm {
            firm: f.reference(),
            tier: f.tier.unwrap_or(Tier::Low),
            hq_iso2: hq.iso2.clone(),
            hq_region,
            hq_source: hq.source,
            hq_evidence: hq.evidence.clone(),
            outside: !outside_events.is_empty(),
            regions,
            outside_events,
        });
    }
    out.sort_by(|a, b| {
        b.outside
            .cmp(&a.outside)
            .then(a.tier.cmp(&b.tier))
            .then(b.outside_events.len().cmp(&a.outside_events.len()))
            .then_with(|| a.firm.cmp(&b.firm))
    });
    unknown_hq.sort();
    let numerator = out.iter().filter(|f| f.outside).count();
    let denominator = out.len();
    Q2 {
        region_scheme: scheme.clone(),
        numerator,
        denominator,
        share: (denominator > 0)
            .then(|| (numerator as f64 / denominator as f64 * 10_000.0).round() / 10_000.0),
        unknown_hq,
        hq_sources,
        firms: out,
    }
}
