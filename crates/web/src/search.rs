//! Search over companies, fairs and the raw exhibitor names as the fair lists wrote
//! them: an in-memory inverted index of folded word tokens, built once per publication.
//!
//! A query's words must all occur (in any order); its last word also matches as a
//! prefix, so results appear while typing. Postings are intersected rarest first, so a
//! query costs microseconds against the ~200,000 entries of the full record instead of
//! a scan. Ranking: whole-name match, then names starting with the query, then by how
//! often the company or name appears in the record.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use fairwatch_core::fold::fold;
use fairwatch_study::Dataset;

use crate::publication::Series;

/// What a search hit points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Company,
    Fair,
    /// A raw exhibitor name; the hit leads to its company.
    Exhibitor,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub kind: HitKind,
    pub label: String,
    /// The company a raw name belongs to, or a fair's editions.
    pub detail: String,
    /// The page, relative to the site root.
    pub href: String,
    /// Appearances (companies, raw names) or editions (fairs).
    pub weight: u32,
}

struct Entry {
    kind: HitKind,
    label: String,
    folded: String,
    detail: String,
    href: String,
    weight: u32,
}

/// The index: entries and, per distinct token (sorted), the entries containing it.
pub struct SearchIndex {
    entries: Vec<Entry>,
    tokens: Vec<String>,
    postings: Vec<Vec<u32>>,
}

fn tokenize(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

impl SearchIndex {
    pub fn build(
        data: &Dataset,
        series: &BTreeMap<String, Series>,
        appearances_of: &[Vec<usize>],
    ) -> SearchIndex {
        let mut entries = Vec::new();
        for (i, c) in data.companies.iter().enumerate() {
            entries.push(Entry {
                kind: HitKind::Company,
                folded: fold(&c.name),
                label: c.name.clone(),
                detail: c.declared_hq.clone().unwrap_or_default(),
                href: format!("companies/{}.html", c.id),
                weight: appearances_of[i].len() as u32,
            });
        }
        for s in series.values() {
            entries.push(Entry {
                kind: HitKind::Fair,
                folded: fold(&s.name),
                label: s.name.clone(),
                detail: format!("{} editions", s.events.len()),
                href: format!("fairs/{}.html", s.key),
                weight: s.events.len() as u32,
            });
        }
        // Raw names: one entry per distinct (name, company), weighted by use.
        let mut raw: HashMap<(&str, usize), u32> = HashMap::new();
        for a in &data.appearances {
            *raw.entry((a.name.as_str(), a.company)).or_default() += 1;
        }
        let mut raw: Vec<_> = raw.into_iter().collect();
        raw.sort_unstable();
        for ((name, company), n) in raw {
            let c = &data.companies[company];
            let folded = fold(name);
            if folded == fold(&c.name) {
                continue; // the company entry already finds it
            }
            entries.push(Entry {
                kind: HitKind::Exhibitor,
                folded,
                label: name.to_string(),
                detail: c.name.clone(),
                href: format!("companies/{}.html", c.id),
                weight: n,
            });
        }
        let mut by_token: HashMap<&str, Vec<u32>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for t in tokenize(&e.folded) {
                let p = by_token.entry(t).or_default();
                if p.last() != Some(&(i as u32)) {
                    p.push(i as u32);
                }
            }
        }
        let mut pairs: Vec<(String, Vec<u32>)> = by_token
            .into_iter()
            .map(|(t, p)| (t.to_string(), p))
            .collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (tokens, postings) = pairs.into_iter().unzip();
        SearchIndex {
            entries,
            tokens,
            postings,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries containing `token`, or (when `prefix`) any token starting with it.
    fn matching(&self, token: &str, prefix: bool) -> Vec<u32> {
        let start = self.tokens.partition_point(|t| t.as_str() < token);
        if !prefix {
            return match self.tokens.get(start) {
                Some(t) if t == token => self.postings[start].clone(),
                _ => Vec::new(),
            };
        }
        let end = start + self.tokens[start..].partition_point(|t| t.starts_with(token));
        if end == start + 1 {
            return self.postings[start].clone();
        }
        let mut all: Vec<u32> = self.postings[start..end]
            .iter()
            .flatten()
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Up to `limit` hits of each kind, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = fold(query);
        let words: Vec<&str> = tokenize(&q).collect();
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut lists: Vec<Vec<u32>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| self.matching(w, i + 1 == words.len() && w.chars().count() >= 2))
            .collect();
        lists.sort_by_key(Vec::len);
        let mut found = lists[0].clone();
        for other in &lists[1..] {
            if found.is_empty() {
                break;
            }
            found.retain(|id| other.binary_search(id).is_ok());
        }
        let phrase = words.join(" ");
        let rank = |e: &Entry| {
            let joined: String = tokenize(&e.folded).collect::<Vec<_>>().join(" ");
            if joined == phrase {
                0
            } else if joined.starts_with(&phrase) {
                1
            } else {
                2
            }
        };
        let mut scored: Vec<(HitKind, u8, std::cmp::Reverse<u32>, &str, u32)> = found
            .iter()
            .map(|&i| {
                let e = &self.entries[i as usize];
                (
                    e.kind,
                    rank(e),
                    std::cmp::Reverse(e.weight),
                    e.label.as_str(),
                    i,
                )
            })
            .collect();
        scored.sort_unstable();
        let mut per_kind: HashMap<HitKind, usize> = HashMap::new();
        scored
            .into_iter()
            .filter(|s| {
                let n = per_kind.entry(s.0).or_default();
                *n += 1;
                *n <= limit
            })
            .map(|s| {
                let e = &self.entries[s.4 as usize];
                Hit {
                    kind: e.kind,
                    label: e.label.clone(),
                    detail: e.detail.clone(),
                    href: e.href.clone(),
                    weight: e.weight,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairwatch_study::dataset::{Appearance, Company, Event};

    fn index() -> SearchIndex {
        let mut data = Dataset::default();
        for (id, name) in [
            ("hacking-team", "Hacking Team"),
            ("gamma-group", "Gamma Group"),
            ("effbe-gamma", "EFFBE GAMMA"),
        ] {
            data.companies.push(Company {
                id: id.into(),
                name: name.into(),
                declared_hq: None,
                declared_hq_evidence: None,
            });
        }
        data.events.push(Event {
            slug: "milipol-paris-2015".into(),
            name: "Milipol Paris 2015".into(),
            series: "Milipol Paris".into(),
            series_key: "milipol-paris".into(),
            year: Some(2015),
            start_date: None,
            host_iso2: Some("FR".into()),
        });
        for (i, (name, company)) in [
            ("HT S.r.l.", 0),
            ("Hacking Team", 0),
            ("Gamma International", 1),
            ("Gamma International", 1),
            ("EFFBE GAMMA", 2),
        ]
        .into_iter()
        .enumerate()
        {
            data.appearances.push(Appearance {
                id: i as i64,
                company,
                event: 0,
                name: name.into(),
                categories: vec![],
            });
        }
        let mut series = BTreeMap::new();
        series.insert(
            "milipol-paris".to_string(),
            Series {
                key: "milipol-paris".into(),
                name: "Milipol Paris".into(),
                events: vec![0],
            },
        );
        let mut of = vec![Vec::new(); 3];
        for (i, a) in data.appearances.iter().enumerate() {
            of[a.company].push(i);
        }
        SearchIndex::build(&data, &series, &of)
    }

    #[test]
    fn words_in_any_order_and_prefix_of_the_last() {
        let idx = index();
        let hits = idx.search("team hack", 10);
        assert_eq!(hits[0].label, "Hacking Team");
        let hits = idx.search("gamma", 10);
        let labels: Vec<_> = hits.iter().map(|h| h.label.as_str()).collect();
        // Companies first, the more frequent first; then raw names.
        assert_eq!(
            labels,
            ["Gamma Group", "EFFBE GAMMA", "Gamma International"]
        );
        assert_eq!(hits[2].kind, HitKind::Exhibitor);
        assert_eq!(hits[2].href, "companies/gamma-group.html");
        assert_eq!(idx.search("mili", 10)[0].kind, HitKind::Fair);
    }

    #[test]
    fn nothing_for_empty_or_unknown_queries() {
        let idx = index();
        assert!(idx.search("", 10).is_empty());
        assert!(idx.search("  ;; ", 10).is_empty());
        assert!(idx.search("zzz", 10).is_empty());
        assert!(idx.search("gamma zzz", 10).is_empty());
        // A single letter is a word, not a prefix.
        assert!(idx.search("h", 10).is_empty());
    }

    #[test]
    fn exact_names_rank_first_and_limits_apply_per_kind() {
        let idx = index();
        let hits = idx.search("Hacking Team", 1);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, HitKind::Company);
        let hits = idx.search("ht s r l", 5);
        assert_eq!(hits[0].label, "HT S.r.l.");
    }
}
