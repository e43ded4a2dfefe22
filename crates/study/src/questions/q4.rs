//! Question 4: which firms market to adversaries, and which of those also market in
//! allied countries in the window ("irresponsible proliferators").
//!
//! Evidence is per event: the event was hosted in an adversary country on its date, or
//! its delegation list includes an adversary's official delegation. Every line cites
//! its events (series, year, host, delegation).

use serde::Serialize;

use super::{EventRef, FirmRef, Firms};
use crate::classify::Tier;
use crate::dataset::Dataset;
use crate::methodology::Methodology;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Q4 {
    pub adversaries: String,
    pub allies: String,
    /// Counted firms with adversary evidence in the window; proliferators first.
    pub firms: Vec<Q4Firm>,
    /// How many of them also marketed in allied countries.
    pub irresponsible: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Q4Firm {
    #[serde(flatten)]
    pub firm: FirmRef,
    pub tier: Tier,
    pub hq_iso2: Option<String>,
    pub irresponsible: bool,
    pub evidence: Vec<AdversaryEvidence>,
    /// Events hosted by an ally on their date, in date order.
    pub allied_events: Vec<EventRef>,
}

/// Why one event counts as marketing to an adversary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct AdversaryEvidence {
    pub event: EventRef,
    /// `hosted` or `delegation`.
    pub reason: &'static str,
    pub country: String,
    /// The delegation as the list names it.
    pub delegation: Option<String>,
}

pub(super) fn answer(data: &Dataset, firms: &Firms, m: &Methodology) -> Q4 {
    let q = &m.spec.questions;
    let d = &m.spec.delegations;
    // Per event: adversary evidence (before the firm's home market is set aside) and
    // whether an ally hosted it.
    let mut by_event: Vec<Vec<AdversaryEvidence>> = vec![Vec::new(); data.events.len()];
    let mut allied = vec![false; data.events.len()];
    for (e, ev) in data.events.iter().enumerate() {
        let (Some(date), Some(host)) = (ev.membership_date(), ev.host_iso2.as_deref()) else {
            continue;
        };
        allied[e] = m.member(&q.allies, host, &date);
        if m.member(&q.adversaries, host, &date) {
            by_event[e].push(AdversaryEvidence {
                event: EventRef::of(data, e),
                reason: "hosted",
                country: host.to_string(),
                delegation: None,
            });
        }
    }
    for del in data.delegations.iter().filter(|_| d.count) {
        if (d.exclude_retracted && del.retracted == Some(true))
            || (d.require_attended && del.attended != Some(true))
        {
            continue;
        }
        let ev = &data.events[del.event];
        let Some(date) = ev.membership_date() else {
            continue;
        };
        for c in &del.countries {
            if m.member(&q.adversaries, c, &date) {
                by_event[del.event].push(AdversaryEvidence {
                    event: EventRef::of(data, del.event),
                    reason: "delegation",
                    country: c.clone(),
                    delegation: Some(del.name.clone()),
                });
            }
        }
    }
    let mut out = Vec::new();
    for f in firms.firms.iter().filter(|f| f.counted(&q.tiers)) {
        let home = f.hq.as_ref().map(|h| h.iso2.as_str());
        let mut evidence: Vec<AdversaryEvidence> = f
            .events
            .keys()
            .flat_map(|&e| by_event[e].iter())
            .filter(|x| q.count_home_market || Some(x.country.as_str()) != home)
            .cloned()
            .collect();
        if evidence.is_empty() {
            continue;
        }
        evidence.sort_by(|a, b| {
            (
                a.event.year,
                &a.event.slug,
                a.reason,
                &a.country,
                &a.delegation,
            )
                .cmp(&(
                    b.event.year,
                    &b.event.slug,
                    b.reason,
                    &b.country,
                    &b.delegation,
                ))
        });
        evidence.dedup();
        let mut allied_events: Vec<EventRef> = f
            .events
            .keys()
            .filter(|&&e| allied[e])
            .map(|&e| EventRef::of(data, e))
            .collect();
        EventRef::sort_by_date(&mut allied_events);
        out.push(Q4Firm {
            firm: f.reference(),
            tier: f.tier.unwrap_or(Tier::Low),
            hq_iso2: home.map(str::to_string),
            irresponsible: !allied_events.is_empty(),
            evidence,
            allied_events,
        });
    }
    out.sort_by(|a, b| {
        b.irresponsible
            .cmp(&a.irresponsible)
            .then(a.tier.cmp(&b.tier))
            .then(b.evidence.len().cmp(&a.evidence.len()))
            .then_with(|| a.firm.cmp(&b.firm))
    });
    Q4 {
        adversaries: q.adversaries.clone(),
        allies: q.allies.clone(),
        irresponsible: out.iter().filter(|f| f.irresponsible).count(),
        firms: out,
    }
}
