//! Classification: every company gets, for each capability it shows evidence of, a
//! confidence tier and the evidence items behind it (which appearance at which event,
//! which category or name, which vendor-list record).
//!
//! An item is one rule matched at one event (however many of the firm's rows there
//! repeat it) or one rule matched by one vendor-list record. Tiers are then decided by
//! counting items against the methodology's conditions, so that a reader can recount
//! any tier by hand from `fairwatch company show`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::dataset::Dataset;
pub use crate::methodology::Tier;
use crate::methodology::{Condition, EvidenceKind, Methodology, Rule, Strength};
use crate::pattern::words;

/// Where an evidence item comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum EvidenceSource {
    /// An exhibitor row: its database id, and its event.
    Appearance {
        appearance_id: i64,
        event: String,
        year: Option<i32>,
    },
    /// A vendor-list record linked to the company.
    VendorList { list: String, record: String },
}

/// One piece of evidence for one capability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceItem {
    /// The methodology rule that matched.
    pub rule: String,
    pub kind: EvidenceKind,
    pub strength: Strength,
    /// The phrase or tag of the rule that matched.
    pub matched: String,
    /// The text it matched in: the category, name, tag, product or series.
    pub text: String,
    #[serde(flatten)]
    pub from: EvidenceSource,
}

impl EvidenceItem {
    fn of(rule: &Rule, matched: String, text: &str, from: EvidenceSource) -> EvidenceItem {
        EvidenceItem {
            rule: rule.id.clone(),
            kind: rule.kind,
            strength: rule.strength,
            matched,
            text: text.to_string(),
            from,
        }
    }
}

/// A company's standing for one capability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub capability: String,
    /// `None` when there is evidence but no tier's condition holds.
    pub tier: Option<Tier>,
    pub evidence: Vec<EvidenceItem>,
}

/// The classification of every company of a dataset under one methodology.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    /// Indexed like `Dataset::companies`; assessments sorted by capability id.
    pub companies: Vec<Vec<Assessment>>,
}

impl Classification {
    /// The best tier a company has among `capabilities`.
    pub fn best_tier(&self, company: usize, capabilities: &[String]) -> Option<Tier> {
        self.companies[company]
            .iter()
            .filter(|a| capabilities.contains(&a.capability))
            .filter_map(|a| a.tier)
            .min()
    }

    /// The capabilities (among `capabilities`) for which a company has a tier.
    pub fn tiers(&self, company: usize, capabilities: &[String]) -> Vec<(String, Tier)> {
        self.companies[company]
            .iter()
            .filter(|a| capabilities.contains(&a.capability))
            .filter_map(|a| a.tier.map(|t| (a.capability.clone(), t)))
            .collect()
    }
}

/// Applies the methodology's evidence rules and tier conditions to every company.
pub fn classify(data: &Dataset, m: &Methodology) -> Classification {
    let rules = &m.rules;
    let by_kind = |k: EvidenceKind| -> Vec<usize> {
        (0..rules.len()).filter(|&r| rules[r].kind == k).collect()
    };
    let (category_rules, name_rules, series_rules) = (
        by_kind(EvidenceKind::Category),
        by_kind(EvidenceKind::Name),
        by_kind(EvidenceKind::Series),
    );
    // Texts repeat (categories above all): match each distinct text once.
    fn matches<'t>(
        cache: &mut HashMap<&'t str, Vec<(usize, String)>>,
        text: &'t str,
        rules: &[Rule],
        candidates: &[usize],
    ) -> Vec<(usize, String)> {
        if candidates.is_empty() {
            return Vec::new();
        }
        cache
            .entry(text)
            .or_insert_with(|| {
                let w = words(text);
                candidates
                    .iter()
                    .filter_map(|&r| rules[r].phrases.find(&w).map(|p| (r, p.source.clone())))
                    .collect()
            })
            .clone()
    }
    let mut category_cache = HashMap::new();
    let mut name_cache = HashMap::new();
    let mut series_cache = HashMap::new();

    // company -> capability -> items, with (rule, event) seen once.
    let mut found: Vec<BTreeMap<&str, Vec<EvidenceItem>>> =
        vec![BTreeMap::new(); data.companies.len()];
    let mut seen: HashSet<(usize, usize, usize)> = HashSet::new();
    for a in &data.appearances {
        let event = &data.events[a.event];
        let mut hits: Vec<(usize, String, &str)> = Vec::new();
        for c in &a.categories {
            for (r, p) in matches(&mut category_cache, c, rules, &category_rules) {
                hits.push((r, p, c));
            }
        }
        for (r, p) in matches(&mut name_cache, &a.name, rules, &name_rules) {
            hits.push((r, p, &a.name));
        }
        for (r, p) in matches(&mut series_cache, &event.series, rules, &series_rules) {
            hits.push((r, p, &event.series));
        }
        for (r, matched, text) in hits {
            if !seen.insert((a.company, r, a.event)) {
                continue;
            }
            let rule = &rules[r];
            found[a.company]
                .entry(rule.capability.as_str())
                .or_default()
                .push(EvidenceItem::of(
                    rule,
                    matched,
                    text,
                    EvidenceSource::Appearance {
                        appearance_id: a.id,
                        event: event.slug.clone(),
                        year: event.year,
                    },
                ));
        }
    }
    for v in &data.vendors {
        for rule in rules {
            let hit: Option<(String, &str)> = match rule.kind {
                EvidenceKind::VendorTag => v.capabilities.iter().find_map(|tag| {
                    let f = fairwatch_core::fold::fold(tag);
                    rule.tags.contains(&f).then_some((f, tag.as_str()))
                }),
                EvidenceKind::Product => v.products.iter().find_map(|p| {
                    rule.phrases
                        .find(&words(p))
                        .map(|ph| (ph.source.clone(), p.as_str()))
                }),
                _ => None,
            };
            if let Some((matched, text)) = hit {
                found[v.company]
                    .entry(rule.capability.as_str())
                    .or_default()
                    .push(EvidenceItem::of(
                        rule,
                        matched,
                        text,
                        EvidenceSource::VendorList {
                            list: v.source.clone(),
                            record: format!("{} ({})", v.name, v.external_id),
                        },
                    ));
            }
        }
    }
    let companies = found
        .into_iter()
        .map(|caps| {
            caps.into_iter()
                .map(|(capability, evidence)| Assessment {
                    capability: capability.to_string(),
                    tier: tier_of(&evidence, &m.spec.tiers),
                    evidence,
                })
                .collect()
        })
        .collect();
    Classification { companies }
}

/// The first tier with a condition that the items satisfy.
pub fn tier_of(items: &[EvidenceItem], tiers: &crate::methodology::TierSpec) -> Option<Tier> {
    Tier::ALL
        .into_iter()
        .find(|&t| tiers.conditions(t).iter().any(|c| holds(c, items)))
}

/// Whether a condition's minimum counts are met. `kinds` and `events` count over the
/// items at the weakest strength the condition names (all items when it names none), so
/// that `{ moderate = 2, kinds = 2 }` means two kinds of at least moderate evidence.
pub fn holds(c: &Condition, items: &[EvidenceItem]) -> bool {
    let at_least = |s: Strength| items.iter().filter(|i| i.strength >= s).count() as u32;
    let floor = if c.weak > 0 {
        Strength::Weak
    } else if c.moderate > 0 {
        Strength::Moderate
    } else if c.strong > 0 {
        Strength::Strong
    } else {
        Strength::Weak
    };
    let counted = items.iter().filter(|i| i.strength >= floor);
    let kinds: HashSet<EvidenceKind> = counted.clone().map(|i| i.kind).collect();
    let events: HashSet<&str> = counted
        .filter_map(|i| match &i.from {
            EvidenceSource::Appearance { event, .. } => Some(event.as_str()),
            EvidenceSource::VendorList { .. } => None,
        })
        .collect();
    at_least(Strength::Strong) >= c.strong
        && at_least(Strength::Moderate) >= c.moderate
        && at_least(Strength::Weak) >= c.weak
        && kinds.len() as u32 >= c.kinds
        && events.len() as u32 >= c.events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Appearance, Company, Event, VendorEntry};
    use fairwatch_core::country::Gazetteer;

    fn event(slug: &str, series: &str, year: i32) -> Event {
        Event {
            slug: slug.into(),
            name: slug.into(),
            series: series.into(),
            series_key: series.to_lowercase(),
            year: Some(year),
            start_date: None,
            host_iso2: Some("FR".into()),
        }
    }

    fn company(id: &str) -> Company {
        Company {
            id: id.into(),
            name: id.into(),
            declared_hq: None,
            declared_hq_evidence: None,
        }
    }

    fn appearance(id: i64, company: usize, event: usize, name: &str, cats: &[&str]) -> Appearance {
        Appearance {
            id,
            company,
            event,
            name: name.into(),
            categories: cats.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn fixture() -> Dataset {
        Dataset {
            sha256: "x".into(),
            events: vec![
                event("sp-2014", "Security & Policing", 2014),
                event("sp-2015", "Security & Policing", 2015),
                event("iss-2015", "ISS World Europe", 2015),
            ],
            companies: vec![
                company("vendor-listed"),  // 0: vendor list says interception -> high
                company("category-twice"), // 1: one specific category at two fairs -> medium
                company("two-kinds"),      // 2: category + name -> high
                company("generic"),        // 3: umbrella category only -> low, twice
                company("drone-killer"),   // 4: excluded by `unless` -> nothing
                company("iss-only"),       // 5: a specialist show -> medium
            ],
            appearances: vec![
                appearance(1, 0, 0, "Vendor Listed Ltd", &[]),
                appearance(2, 1, 0, "Cat Twice", &["Telephone Interception"]),
                appearance(3, 1, 0, "Cat Twice", &["Telephone Interception"]),
                appearance(4, 1, 1, "Cat Twice", &["Telephone Interception"]),
                appearance(
                    5,
                    2,
                    1,
                    "Lawful Interception Systems",
                    &["Communication Monitoring"],
                ),
                appearance(6, 3, 1, "Generic", &["Comms Data and Digital Forensics"]),
                appearance(7, 4, 1, "Drone Interception Co", &["Drone interception"]),
                appearance(8, 5, 2, "Iss Only", &[]),
            ],
            vendors: vec![VendorEntry {
                company: 0,
                source: "misp".into(),
                external_id: "u1".into(),
                name: "Vendor Listed".into(),
                hq_iso2: Some("IL".into()),
                capabilities: vec!["Interception".into(), "video".into()],
                products: vec![],
            }],
            ..Dataset::default()
        }
    }

    fn tier(c: &Classification, company: usize, cap: &str) -> Option<Tier> {
        c.companies[company]
            .iter()
            .find(|a| a.capability == cap)
            .and_then(|a| a.tier)
    }

    #[test]
    fn tiers_follow_the_rules_on_a_hand_built_fixture() {
        let m = Methodology::builtin(&Gazetteer::builtin());
        let data = fixture();
        data.check().unwrap();
        let c = classify(&data, &m);
        assert_eq!(tier(&c, 0, "interception"), Some(Tier::High));
        assert_eq!(tier(&c, 0, "video"), Some(Tier::High));
        assert_eq!(tier(&c, 1, "interception"), Some(Tier::Medium));
        assert_eq!(tier(&c, 2, "interception"), Some(Tier::High));
        assert_eq!(tier(&c, 3, "interception"), Some(Tier::Low));
        // The umbrella category is a generic signal for both capabilities.
        assert_eq!(tier(&c, 3, "forensics"), Some(Tier::Low));
        assert!(c.companies[4].is_empty(), "{:?}", c.companies[4]);
        assert_eq!(tier(&c, 5, "interception"), Some(Tier::Medium));
        assert_eq!(tier(&c, 5, "intrusion"), Some(Tier::Low));
    }

    #[test]
    fn an_item_is_one_rule_at_one_event() {
        let m = Methodology::builtin(&Gazetteer::builtin());
        let c = classify(&fixture(), &m);
        let a = &c.companies[1][0];
        // Three rows, two events: two items, citing the first row at each event.
        assert_eq!(a.evidence.len(), 2);
        let ids: Vec<i64> = a
            .evidence
            .iter()
            .map(|i| match i.from {
                EvidenceSource::Appearance { appearance_id, .. } => appearance_id,
                _ => 0,
            })
            .collect();
        assert_eq!(ids, [2, 4]);
    }

    #[test]
    fn conditions_count_kinds_at_the_named_strength() {
        let item = |kind, strength, event: &str| EvidenceItem {
            rule: "r".into(),
            kind,
            strength,
            matched: "m".into(),
            text: "t".into(),
            from: EvidenceSource::Appearance {
                appearance_id: 1,
                event: event.into(),
                year: None,
            },
        };
        let two_kinds = Condition {
            moderate: 2,
            kinds: 2,
            ..Condition::default()
        };
        let moderate_and_weak = [
            item(EvidenceKind::Category, Strength::Moderate, "a"),
            item(EvidenceKind::Category, Strength::Moderate, "b"),
            item(EvidenceKind::Name, Strength::Weak, "a"),
        ];
        assert!(!holds(&two_kinds, &moderate_and_weak));
        let both_moderate = [
            item(EvidenceKind::Category, Strength::Moderate, "a"),
            item(EvidenceKind::Name, Strength::Moderate, "a"),
        ];
        assert!(holds(&two_kinds, &both_moderate));
        let events = Condition {
            weak: 1,
            events: 2,
            ..Condition::default()
        };
        assert!(holds(&events, &moderate_and_weak));
        assert!(!holds(&events, &both_moderate));
    }
}
