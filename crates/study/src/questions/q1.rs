//! Question 1: which firms market interception/intrusion capabilities at arms fairs,
//! by confidence tier. Every tier is listed (not only those counted later), with each
//! firm's capabilities and its presence in the window.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{FirmRef, Firms};
use crate::classify::Tier;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Q1 {
    /// Firms per tier: high, medium, low.
    pub by_tier: BTreeMap<Tier, usize>,
    /// Sorted by tier, then events in the window (most first), then name.
    pub firms: Vec<Q1Firm>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Q1Firm {
    #[serde(flatten)]
    pub firm: FirmRef,
    pub tier: Tier,
    /// The companies lineage joined into this firm (empty when it is one company).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joined: Vec<FirmRef>,
    /// Each counted capability with its tier.
    pub capabilities: BTreeMap<String, Tier>,
    pub hq_iso2: Option<String>,
    /// Distinct events and rows in the window.
    pub events: usize,
    pub appearances: usize,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

pub(super) fn answer(firms: &Firms) -> Q1 {
    let mut out: Vec<Q1Firm> = firms
        .firms
        .iter()
        .filter(|f| !f.events.is_empty())
        .filter_map(|f| {
            Some(Q1Firm {
                firm: f.reference(),
                tier: f.tier?,
                joined: f.members.clone(),
                capabilities: f.capabilities.iter().cloned().collect(),
                hq_iso2: f.hq.as_ref().map(|h| h.iso2.clone()),
                events: f.events.len(),
                appearances: f.events.values().sum(),
                first_year: f.years.first().copied(),
                last_year: f.years.last().copied(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.tier
            .cmp(&b.tier)
            .then(b.events.cmp(&a.events))
            .then_with(|| a.firm.cmp(&b.firm))
    });
    let mut by_tier: BTreeMap<Tier, usize> = Tier::ALL.into_iter().map(|t| (t, 0)).collect();
    for f in &out {
        *by_tier.entry(f.tier).or_default() += 1;
    }
    Q1 {
        by_tier,
        firms: out,
    }
}
