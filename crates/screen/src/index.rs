//! The candidate index over every name of every loaded list.
//!
//! Each list name is read once ([`ScreenName`]) and indexed three ways:
//! - by word: postings from a word to the names containing it;
//! - by near-word: every word of four or more letters also under each of its
//!   one-letter deletions (the symmetric-deletion trick), so a query word within about
//!   one edit ("Kaspersky" / "Kasperski", "Gama" / "Gamma") finds it without comparing
//!   against the whole vocabulary;
//! - by compact form, so "HackingTeam" finds "Hacking Team".
//!
//! Word rarity (inverse document frequency over all list names) weights the score: a
//! shared "trading" or "company" says little, a shared "stilsoft" a lot. Words in more
//! than [`COMMON`] of the names do not generate candidates when the query has a rarer
//! word, which keeps a query to a few hundred candidates at most.

// foldhash: word lookups dominate scoring, and SipHash (std) costs more than the
// rest of a lookup; the keys are list words, not attacker-chosen at query time.
use foldhash::HashMap;
use foldhash::HashMapExt;

use fairwatch_core::country::Gazetteer;
use fairwatch_core::names::Normaliser;
use fairwatch_sources::lists::{EntityKind, ListEntry, NameKind};

use crate::text::{birth_date, identifier, ScreenName};

/// The share of names above which a word is too common to find candidates by.
pub const COMMON: f64 = 0.01;

/// A list entry as the matcher needs it: qualifiers resolved and normalised.
#[derive(Debug, Clone)]
pub struct IndexedEntry {
    /// The list it comes from (its key in the store, e.g. `ofac-sdn`).
    pub list: String,
    pub entry: ListEntry,
    /// ISO alpha-2 codes of the entry's countries the gazetteer knows.
    pub countries: Vec<String>,
    pub birth: Vec<(i32, Option<String>)>,
    pub identifiers: Vec<String>,
}

/// One name of one entry, read.
#[derive(Debug, Clone)]
pub struct IndexedName {
    pub entry: u32,
    /// Index into the entry's `names`.
    pub name: u16,
    pub kind: NameKind,
    pub read: ScreenName,
    /// Each word's weight ([`crate::score::weights`]) and their sum.
    pub weights: Vec<f64>,
    pub total: f64,
}

/// Every name of every list, with the lookups candidate generation uses.
pub struct ListIndex {
    pub entries: Vec<IndexedEntry>,
    pub names: Vec<IndexedName>,
    words: HashMap<String, Vec<u32>>,
    deletions: HashMap<String, Vec<u32>>,
    compact: HashMap<String, Vec<u32>>,
    /// Where each entry's names start in `names` (they are contiguous, in entry order),
    /// with one more offset at the end.
    entry_start: Vec<u32>,
    /// Words in sorted order with their document frequency, for weights.
    df: HashMap<String, u32>,
    max_weight: f64,
}

/// The one-letter deletions of a word (its char boundaries respected).
pub fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

impl ListIndex {
    pub fn build(
        lists: Vec<(String, Vec<ListEntry>)>,
        normaliser: &Normaliser,
        gazetteer: &Gazetteer,
    ) -> ListIndex {
        let mut entries = Vec::new();
        let mut names = Vec::new();
        for (list, list_entries) in lists {
            for entry in list_entries {
                let e = entries.len() as u32;
                for (i, n) in entry.names.iter().enumerate().take(u16::MAX as usize) {
                    let read = if entry.kind == EntityKind::Person {
                        ScreenName::read_person(&n.text)
                    } else {
                        ScreenName::read(normaliser, &n.text)
                    };
                    if let Some(read) = read {
                        names.push(IndexedName {
                            entry: e,
                            name: i as u16,
                            kind: n.kind,
                            read,
                            weights: Vec::new(),
                            total: 0.0,
                        });
                    }
                }
                let mut countries: Vec<String> = entry
                    .countries
                    .iter()
                    .filter_map(|c| gazetteer.by_code(c).or_else(|| gazetteer.lookup(c)))
                    .map(|c| c.iso2.to_string())
                    .collect();
                countries.sort();
                countries.dedup();
                let birth = entry
                    .birth_dates
                    .iter()
                    .filter_map(|d| birth_date(d))
                    .collect();
                let identifiers = entry
                    .identifiers
                    .iter()
                    .filter_map(|i| identifier(&i.value))
                    .collect();
                entries.push(IndexedEntry {
                    list: list.clone(),
                    entry,
                    countries,
                    birth,
                    identifiers,
                });
            }
        }
        let mut words: HashMap<String, Vec<u32>> = HashMap::new();
        let mut compact: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            let i = i as u32;
            for t in &n.read.tokens {
                let p = words.entry(t.clone()).or_default();
                if p.last() != Some(&i) {
                    p.push(i);
                }
            }
            compact.entry(n.read.compact.clone()).or_default().push(i);
        }
        let mut deletions_index: HashMap<String, Vec<u32>> = HashMap::new();
        for (word, postings) in &words {
            if word.chars().count() >= 4 {
                for d in deletions(word) {
                    deletions_index.entry(d).or_default().extend(postings);
                }
            }
        }
        for p in deletions_index.values_mut() {
            p.sort_unstable();
            p.dedup();
        }
        let df: HashMap<String, u32> = words
            .iter()
            .map(|(w, p)| (w.clone(), p.len() as u32))
            .collect();
        let n = names.len().max(1) as f64;
        let max_weight = (n + 1.0).ln() + 1.0;
        let mut entry_start = vec![0u32; entries.len() + 1];
        for n in &names {
            entry_start[n.entry as usize + 1] += 1;
        }
        for e in 1..entry_start.len() {
            entry_start[e] += entry_start[e - 1];
        }
        let mut index = ListIndex {
            entries,
            entry_start,
            names,
            words,
            deletions: deletions_index,
            compact,
            df,
            max_weight,
        };
        let weights: Vec<Vec<f64>> = index
            .names
            .iter()
            .map(|n| crate::score::weights(&index, &n.read))
            .collect();
        for (n, w) in index.names.iter_mut().zip(weights) {
            n.total = w.iter().sum();
            n.weights = w;
        }
        index
    }

    /// A word's weight: `ln(N / df) + 1`; a word no list name has weighs the most.
    pub fn weight(&self, word: &str) -> f64 {
        match self.df.get(word) {
            Some(&df) => ((self.names.len().max(1) as f64) / df as f64).ln() + 1.0,
            None => self.max_weight,
        }
    }

    /// Names that may match `q`, each with the weight of the query's words that found
    /// it (a bound on how much of the query it can match): by word, by near-word, or
    /// by the compact form (which finds the whole query).
    pub fn candidates(&self, q: &ScreenName, weights: &[f64]) -> Vec<(u32, f64)> {
        let limit = ((self.names.len() as f64) * COMMON).max(50.0) as usize;
        let common = |w: &str| self.words.get(w).is_some_and(|p| p.len() > limit);
        let all_common = q.tokens.iter().all(|t| common(t));
        let mut found: Vec<(u32, f64)> = Vec::new();
        let mut mine: Vec<u32> = Vec::new();
        for (t, w) in q.tokens.iter().zip(weights) {
            if common(t) && !all_common {
                continue;
            }
            mine.clear();
            if let Some(p) = self.words.get(t) {
                mine.extend(p);
            }
            if t.chars().count() >= 4 {
                // The query word with one letter deleted meets list words with one letter
                // more (a letter missing from the query); the query word itself meets
                // list words' deletions (a letter extra in the query); deletions meet
                // deletions (one substitution).
                if let Some(p) = self.deletions.get(t) {
                    mine.extend(p);
                }
                for d in deletions(t) {
                    if let Some(p) = self.words.get(&d) {
                        mine.extend(p);
                    }
                    if let Some(p) = self.deletions.get(&d) {
                        mine.extend(p);
                    }
                }
            }
            mine.sort_unstable();
            mine.dedup();
            found.extend(mine.iter().map(|&c| (c, *w)));
        }
        let whole: f64 = weights.iter().sum();
        if let Some(p) = self.compact.get(&q.compact) {
            found.extend(p.iter().map(|&c| (c, whole)));
        }
        found.sort_unstable_by_key(|x| x.0);
        let mut out: Vec<(u32, f64)> = Vec::with_capacity(found.len());
        for (c, w) in found {
            match out.last_mut() {
                Some(last) if last.0 == c => last.1 = (last.1 + w).min(whole),
                _ => out.push((c, w)),
            }
        }
        out
    }

    /// The names whose compact form is `compact`: the same name, however spaced.
    pub fn names_with_compact(&self, compact: &str) -> &[u32] {
        self.compact.get(compact).map_or(&[], Vec::as_slice)
    }

    /// The indices in [`ListIndex::names`] of one entry's names.
    pub fn entry_names(&self, entry: u32) -> std::ops::Range<usize> {
        self.entry_start[entry as usize] as usize..self.entry_start[entry as usize + 1] as usize
    }

    /// Entries by kind, for statistics.
    pub fn count(&self, kind: EntityKind) -> usize {
        self.entries.iter().filter(|e| e.entry.kind == kind).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairwatch_sources::lists::ListEntry;

    fn index() -> (ListIndex, Normaliser) {
        let g = Gazetteer::builtin();
        let n = Normaliser::new(&g);
        let mut a = ListEntry::new("1", EntityKind::Organisation, "Gamma Group");
        a.countries.push("United Kingdom".into());
        let b = ListEntry::new("2", EntityKind::Organisation, "Kaspersky Trading Company");
        let c = ListEntry::new("3", EntityKind::Organisation, "HackingTeam");
        let idx = ListIndex::build(vec![("test".into(), vec![a, b, c])], &n, &g);
        (idx, n)
    }

    #[test]
    fn candidates_by_word_near_word_and_compact_form() {
        let (idx, n) = index();
        let q = |s: &str| {
            let read = ScreenName::read(&n, s).unwrap();
            let w = crate::score::weights(&idx, &read);
            idx.candidates(&read, &w)
                .into_iter()
                .map(|(c, _)| c)
                .collect::<Vec<_>>()
        };
        assert_eq!(q("gamma"), [0]);
        assert_eq!(q("Gama Group"), [0]);
        assert_eq!(q("Kasperski"), [1]);
        assert_eq!(q("Hacking Team"), [2]);
        assert!(q("Unrelated Name").is_empty());
        assert_eq!(idx.names_with_compact("hackingteam"), [2]);
        assert_eq!(idx.entry_names(1), 1..2);
        assert_eq!(idx.entries[0].countries, ["GB"]);
    }

    #[test]
    fn rare_words_weigh_more() {
        let (idx, _) = index();
        assert!(idx.weight("zzz") > idx.weight("gamma"));
    }
}
