//! Sensitivity: the same data under two methodologies (or two scopes), and which firms
//! enter or leave each answer. A finding that survives reasonable changes of method is
//! one a reader can trust; one that does not should say so.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classify::Tier;
use crate::questions::{Answers, FindingMeta, FirmRef};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub base: FindingMeta,
    pub other: FindingMeta,
    pub answers: Vec<AnswerDiff>,
}

/// One answer's firm set under both methodologies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerDiff {
    pub answer: &'static str,
    pub label: &'static str,
    pub base: usize,
    pub other: usize,
    /// In the other answer, not the base one.
    pub entered: Vec<FirmRef>,
    /// In the base answer, not the other one.
    pub left: Vec<FirmRef>,
    /// In both, with a different tier.
    pub tier_changed: Vec<TierChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierChange {
    #[serde(flatten)]
    pub firm: FirmRef,
    pub base: Tier,
    pub other: Tier,
}

type Set = BTreeMap<FirmRef, Tier>;

fn diff(answer: &'static str, label: &'static str, a: Set, b: Set) -> AnswerDiff {
    AnswerDiff {
        answer,
        label,
        base: a.len(),
        other: b.len(),
        entered: b.keys().filter(|k| !a.contains_key(k)).cloned().collect(),
        left: a.keys().filter(|k| !b.contains_key(k)).cloned().collect(),
        tier_changed: a
            .iter()
            .filter_map(|(k, &ta)| {
                let &tb = b.get(k)?;
                (ta != tb).then(|| TierChange {
                    firm: k.clone(),
                    base: ta,
                    other: tb,
                })
            })
            .collect(),
    }
}

/// The firm sets of each answer, keyed for comparison.
fn sets(a: &Answers) -> Vec<(&'static str, &'static str, Set)> {
    let q1: Set =
        a.q1.firms
            .iter()
            .map(|f| (f.firm.clone(), f.tier))
            .collect();
    let counted: Set =
        a.q2.firms
            .iter()
            .map(|f| (f.firm.clone(), f.tier))
            .chain(
                a.q2.unknown_hq
                    .iter()
                    .filter_map(|f| q1.get(f).map(|&t| (f.clone(), t))),
            )
            .collect();
    let outside: Set =
        a.q2.firms
            .iter()
            .filter(|f| f.outside)
            .map(|f| (f.firm.clone(), f.tier))
            .collect();
    let adversary: Set =
        a.q4.firms
            .iter()
            .map(|f| (f.firm.clone(), f.tier))
            .collect();
    let proliferators: Set =
        a.q4.firms
            .iter()
            .filter(|f| f.irresponsible)
            .map(|f| (f.firm.clone(), f.tier))
            .collect();
    vec![
        ("q1", "firms with an I/I tier", q1),
        (
            "q2_counted",
            "firms counted (tiers in scope, in the window)",
            counted,
        ),
        (
            "q2_outside",
            "firms marketing outside their home region",
            outside,
        ),
        (
            "q4_adversaries",
            "firms marketing to adversaries",
            adversary,
        ),
        (
            "q4_proliferators",
            "irresponsible proliferators",
            proliferators,
        ),
    ]
}

/// Which firms enter or leave each answer between `base` and `other`.
pub fn compare(base: &Answers, other: &Answers) -> Comparison {
    let answers = sets(base)
        .into_iter()
        .zip(sets(other))
        .map(|((answer, label, a), (_, _, b))| diff(answer, label, a, b))
        .collect();
    Comparison {
        base: base.finding.clone(),
        other: other.finding.clone(),
        answers,
    }
}
