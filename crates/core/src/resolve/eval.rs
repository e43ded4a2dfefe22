//! Measuring resolution against labelled pairs of raw names (`eval/er-pairs.csv`):
//! pairwise precision, recall and F1, and B-cubed precision and recall over the
//! clusters the labels imply (the transitive closure of `match` pairs).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

/// A labelled pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelledPair {
    pub a: String,
    pub b: String,
    pub same: bool,
    pub kind: String,
}

/// A pair the resolver got wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    pub a: String,
    pub b: String,
    pub kind: String,
    /// `false_merge` (labelled different, resolved together) or `missed_merge`.
    pub error: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub pairs: usize,
    /// Pairs whose names were both found in the data.
    pub evaluated: usize,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub true_negatives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    /// Per label kind: (pairs, correct).
    pub by_kind: BTreeMap<String, (usize, usize)>,
    pub misses: Vec<Miss>,
    /// Names not found in the data.
    pub unknown_names: Vec<String>,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

/// Evaluates `company_of` (raw name -> company id) against `pairs`.
pub fn evaluate(pairs: &[LabelledPair], company_of: &dyn Fn(&str) -> Option<String>) -> Metrics {
    let mut m = Metrics {
        pairs: pairs.len(),
        evaluated: 0,
        true_positives: 0,
        false_positives: 0,
        false_negatives: 0,
        true_negatives: 0,
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
        bcubed_precision: 0.0,
        bcubed_recall: 0.0,
        by_kind: BTreeMap::new(),
        misses: Vec::new(),
        unknown_names: Vec::new(),
    };
    let mut predicted: HashMap<&str, String> = HashMap::new();
    let mut unknown = BTreeSet::new();
    for p in pairs {
        let (ca, cb) = (company_of(&p.a), company_of(&p.b));
        let (Some(ca), Some(cb)) = (ca, cb) else {
            for (name, c) in [(&p.a, company_of(&p.a)), (&p.b, company_of(&p.b))] {
                if c.is_none() {
                    unknown.insert(name.clone());
                }
            }
            continue;
        };
        m.evaluated += 1;
        let together = ca == cb;
        predicted.insert(&p.a, ca);
        predicted.insert(&p.b, cb);
        let entry = m.by_kind.entry(p.kind.clone()).or_default();
        entry.0 += 1;
        match (p.same, together) {
            (true, true) => m.true_positives += 1,
            (false, false) => m.true_negatives += 1,
            (false, true) => {
                m.false_positives += 1;
                m.misses.push(Miss {
                    a: p.a.clone(),
                    b: p.b.clone(),
                    kind: p.kind.clone(),
                    error: "false_merge",
                });
            }
            (true, false) => {
                m.false_negatives += 1;
                m.misses.push(Miss {
                    a: p.a.clone(),
                    b: p.b.clone(),
                    kind: p.kind.clone(),
                    error: "missed_merge",
                });
            }
        }
        if p.same == together {
            entry.1 += 1;
        }
    }
    m.unknown_names = unknown.into_iter().collect();
    m.precision = ratio(m.true_positives, m.true_positives + m.false_positives);
    m.recall = ratio(m.true_positives, m.true_positives + m.false_negatives);
    m.f1 = if m.precision + m.recall == 0.0 {
        0.0
    } else {
        2.0 * m.precision * m.recall / (m.precision + m.recall)
    };

    // B-cubed over the labelled names: true clusters from match pairs (union-find).
    let names: Vec<&str> = predicted
        .keys()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let idx: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for p in pairs.iter().filter(|p| p.same) {
        if let (Some(&a), Some(&b)) = (idx.get(p.a.as_str()), idx.get(p.b.as_str())) {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[ra] = rb;
        }
    }
    let truth: Vec<usize> = (0..names.len()).map(|i| find(&mut parent, i)).collect();
    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..names.len() {
        let pred_i = &predicted[names[i]];
        let same_pred: Vec<usize> = (0..names.len())
            .filter(|&j| &predicted[names[j]] == pred_i)
            .collect();
        let same_true: Vec<usize> = (0..names.len()).filter(|&j| truth[j] == truth[i]).collect();
        let both = same_pred.iter().filter(|j| truth[**j] == truth[i]).count();
        bp += both as f64 / same_pred.len() as f64;
        br += both as f64 / same_true.len() as f64;
    }
    if !names.is_empty() {
        m.bcubed_precision = bp / names.len() as f64;
        m.bcubed_recall = br / names.len() as f64;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str, same: bool) -> LabelledPair {
        LabelledPair {
            a: a.into(),
            b: b.into(),
            same,
            kind: "variant".into(),
        }
    }

    #[test]
    fn counts_and_ratios() {
        let pairs = vec![
            pair("A Ltd", "A", true),
            pair("B", "B GmbH", true),
            pair("A", "B", false),
            pair("C", "D", false),
            pair("X", "Y", true),
        ];
        let company = |n: &str| -> Option<String> {
            match n {
                "A Ltd" | "A" => Some("a".into()),
                "B" | "B GmbH" => Some("b".into()),
                "C" | "D" => Some("cd".into()), // a false merge
                _ => None,
            }
        };
        let m = evaluate(&pairs, &company);
        assert_eq!(
            (
                m.evaluated,
                m.true_positives,
                m.false_positives,
                m.false_negatives
            ),
            (4, 2, 1, 0)
        );
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.recall, 1.0);
        assert_eq!(m.unknown_names, ["X", "Y"]);
        assert_eq!(m.misses[0].error, "false_merge");
        assert!(m.bcubed_precision < 1.0 && m.bcubed_recall == 1.0);
    }
}
