//! The yearly series: counted firms per year, new entrants (first seen in the record
//! that year) and exits (last seen that year, before the record's last year).

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Firms, Scope};
use crate::dataset::Dataset;
use crate::methodology::Methodology;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub years: Vec<YearRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearRow {
    pub year: i32,
    /// Events that year with at least one exhibitor row.
    pub events_with_lists: usize,
    pub firms: usize,
    pub new_entrants: Vec<String>,
    pub exits: Vec<String>,
}

pub(super) fn answer(data: &Dataset, firms: &Firms, m: &Methodology, scope: &Scope) -> Timeline {
    let tiers = &m.spec.questions.tiers;
    let last = data.last_year();
    let listed: BTreeSet<usize> = data.appearances.iter().map(|a| a.event).collect();
    let years = (scope.from..=scope.to)
        .map(|year| {
            let counted = firms.firms.iter().filter(|f| f.counted(tiers));
            let mut row = YearRow {
                year,
                events_with_lists: listed
                    .iter()
                    .filter(|&&e| data.events[e].year == Some(year))
                    .count(),
                firms: 0,
                new_entrants: Vec::new(),
                exits: Vec::new(),
            };
            for f in counted {
                if !f.years.contains(&year) {
                    continue;
                }
                row.firms += 1;
                if f.years.first() == Some(&year) {
                    row.new_entrants.push(f.company_id.clone());
                }
                if f.years.last() == Some(&year) && last.is_some_and(|l| year < l) {
                    row.exits.push(f.company_id.clone());
                }
            }
            row.new_entrants.sort();
            row.exits.sort();
            row
        })
        .collect();
    Timeline { years }
}
