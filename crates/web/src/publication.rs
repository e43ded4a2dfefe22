//! The publication: the classified record, the methodology and its answers, with the
//! indexes pages need (a company's appearances, a fair's editions), built once and
//! shared read-only by the static writer and every request of the live server.
//!
//! Filters (window, tiers, region scheme, adversary set) are variations of the
//! methodology's `[questions]`: [`Publication::answer`] builds the variant through
//! the same validation as a methodology file, so a filtered answer carries its own
//! methodology hash and cannot be computed under an invalid setting. Classification
//! does not depend on these settings and is reused.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use fairwatch_core::country::Gazetteer;
use fairwatch_store::SourceRow;
use fairwatch_study::{analyse, Answers, Classification, Dataset, Methodology, Scope, Tier};

use crate::search::SearchIndex;

/// A fair series and its editions, in date order.
#[derive(Debug, Clone)]
pub struct Series {
    pub key: String,
    pub name: String,
    pub events: Vec<usize>,
}

/// Query-string filters of the live UI and the API. `None` keeps the methodology's value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Deserialize)]
pub struct Filter {
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// Comma-separated tiers: `high,medium`.
    pub tiers: Option<String>,
    /// A region scheme of the methodology: `continent`, `un_region`, `un_subregion`...
    pub region: Option<String>,
    /// A country group of the methodology, used as the adversary set.
    pub adversaries: Option<String>,
    pub lineage: Option<bool>,
}

impl Filter {
    pub fn is_default(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter as a query string (`?from=2012&to=2021`), empty for the defaults.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.from {
            parts.push(format!("from={v}"));
        }
        if let Some(v) = self.to {
            parts.push(format!("to={v}"));
        }
        for (k, v) in [
            ("tiers", &self.tiers),
            ("region", &self.region),
            ("adversaries", &self.adversaries),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", url_encode(v)));
            }
        }
        if let Some(v) = self.lineage {
            parts.push(format!("lineage={v}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Everything the report and the UI show.
pub struct Publication {
    pub data: Dataset,
    pub classes: Classification,
    pub methodology: Methodology,
    /// The answers under the methodology as given.
    pub answers: Answers,
    /// Where the data came from (the store's `source` table).
    pub sources: Vec<SourceRow>,
    pub gazetteer: Gazetteer,
    /// Company id -> index into `data.companies`.
    pub company_index: HashMap<String, usize>,
    /// Per company: its appearances, in date order.
    pub appearances_of: Vec<Vec<usize>>,
    /// Per company: its vendor-list records and lineage relations (either side).
    pub vendors_of: Vec<Vec<usize>>,
    pub lineage_of: Vec<Vec<usize>>,
    /// Per event: its delegations.
    pub delegations_of: Vec<Vec<usize>>,
    /// Per event: its appearances.
    pub appearances_at: Vec<Vec<usize>>,
    /// Event slug -> index into `data.events`.
    pub event_index: HashMap<String, usize>,
    /// Fair series by key.
    pub series: BTreeMap<String, Series>,
    /// Companies with a page in the static report: every firm an answer counts, and
    /// the companies lineage joins to them.
    pub flagged: BTreeSet<usize>,
    pub search: SearchIndex,
}

impl Publication {
    pub fn new(
        data: Dataset,
        classes: Classification,
        methodology: Methodology,
        sources: Vec<SourceRow>,
    ) -> Result<Publication, String> {
        let scope = Scope::new(&methodology, &data, None, None, None)?;
        let answers = analyse(&data, &classes, &methodology, &scope);
        let company_index: HashMap<String, usize> = data
            .companies
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let n = data.companies.len();
        let mut appearances_of = vec![Vec::new(); n];
        let mut appearances_at = vec![Vec::new(); data.events.len()];
        for (i, a) in data.appearances.iter().enumerate() {
            appearances_of[a.company].push(i);
            appearances_at[a.event].push(i);
        }
        let event_index = data
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.clone(), i))
            .collect();
        let event_order = |e: usize| {
            let ev = &data.events[e];
            (ev.year, ev.start_date.clone(), ev.slug.clone())
        };
        for list in &mut appearances_of {
            list.sort_by_cached_key(|&i| event_order(data.appearances[i].event));
        }
        let mut vendors_of = vec![Vec::new(); n];
        for (i, v) in data.vendors.iter().enumerate() {
            vendors_of[v.company].push(i);
        }
        let mut lineage_of = vec![Vec::new(); n];
        for (i, l) in data.lineage.iter().enumerate() {
            lineage_of[l.subject].push(i);
            if l.object != l.subject {
                lineage_of[l.object].push(i);
            }
        }
        let mut delegations_of = vec![Vec::new(); data.events.len()];
        for (i, d) in data.delegations.iter().enumerate() {
            delegations_of[d.event].push(i);
        }
        let mut series: BTreeMap<String, Series> = BTreeMap::new();
        for (i, e) in data.events.iter().enumerate() {
            series
                .entry(e.series_key.clone())
                .or_insert_with(|| Series {
                    key: e.series_key.clone(),
                    name: e.series.clone(),
                    events: Vec::new(),
                })
                .events
                .push(i);
        }
        for s in series.values_mut() {
            s.events.sort_by_cached_key(|&e| event_order(e));
        }
        let mut flagged = BTreeSet::new();
        for f in &answers.q1.firms {
            for r in std::iter::once(&f.firm).chain(&f.joined) {
                if let Some(&i) = company_index.get(&r.company_id) {
                    flagged.insert(i);
                }
            }
        }
        let search = SearchIndex::build(&data, &series, &appearances_of);
        Ok(Publication {
            data,
            classes,
            methodology,
            answers,
            sources,
            gazetteer: Gazetteer::builtin(),
            company_index,
            appearances_of,
            vendors_of,
            lineage_of,
            delegations_of,
            appearances_at,
            event_index,
            series,
            flagged,
            search,
        })
    }

    /// The methodology a filter describes: the publication's, with `[questions]` and
    /// the window changed, validated like a file.
    pub fn methodology_for(&self, f: &Filter) -> Result<Methodology, String> {
        if f.tiers.is_none() && f.region.is_none() && f.adversaries.is_none() {
            return Ok(self.methodology.clone());
        }
        let mut spec = self.methodology.spec.clone();
        if let Some(t) = &f.tiers {
            let mut tiers = Vec::new();
            for part in t.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                tiers.push(Tier::parse(part).ok_or_else(|| {
                    format!("unknown tier {part:?}: use high, medium or low, comma-separated")
                })?);
            }
            spec.questions.tiers = tiers;
        }
        if let Some(r) = &f.region {
            spec.questions.region_scheme = r.clone();
        }
        if let Some(a) = &f.adversaries {
            spec.questions.adversaries = a.clone();
        }
        let origin = format!("{} (filtered)", self.methodology.origin);
        Methodology::from_spec(spec, &origin, &self.gazetteer).map_err(|e| e.to_string())
    }

    /// The answers under a filter.
    pub fn answer(&self, f: &Filter) -> Result<(Methodology, Answers), String> {
        let m = self.methodology_for(f)?;
        let scope = Scope::new(&m, &self.data, f.from, f.to, f.lineage)?;
        let a = analyse(&self.data, &self.classes, &m, &scope);
        Ok((m, a))
    }

    /// The page of a company, relative to the site root, if it has one: in the static
    /// report only flagged companies do; the live server has a page for every company.
    pub fn company_href(&self, company: usize, live: bool) -> Option<String> {
        (live || self.flagged.contains(&company))
            .then(|| format!("companies/{}.html", self.data.companies[company].id))
    }

    /// A country's display name: "France (FR)"; the code alone when unknown.
    pub fn country(&self, iso2: &str) -> String {
        match self.gazetteer.get(iso2) {
            Some(c) => format!("{} ({})", c.name, c.iso2),
            None => iso2.to_string(),
        }
    }

    /// The year span of the data's events.
    pub fn years(&self) -> (i32, i32) {
        let ys = self.data.events.iter().filter_map(|e| e.year);
        let (lo, hi) = ys.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        if lo > hi {
            (0, 0)
        } else {
            (lo, hi)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_query_round_trip_is_encoded() {
        let f = Filter {
            from: Some(2012),
            tiers: Some("high,medium".into()),
            adversaries: Some("a&b".into()),
            ..Filter::default()
        };
        assert_eq!(
            f.query(),
            "?from=2012&tiers=high%2Cmedium&adversaries=a%26b"
        );
        assert_eq!(Filter::default().query(), "");
    }
}
