//! Runs the name normaliser over every distinct exhibitor name in the real CAAT fair
//! record: no name with a letter or digit may get an empty key, and the figures (how far
//! keys reduce the names, which legal forms, qualifiers, annotations and alternates the
//! names carry, throughput) are printed. `FAIRWATCH_CAAT_DIR` points at another copy of
//! the record's `data/` directory.
//!
//! Run with `cargo test -p fairwatch-core --release --test it names -- --nocapture`
//! for the figures; throughput in a debug build says little.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use fairwatch_core::country::Gazetteer;
use fairwatch_core::names::{AnnotationKind, Name, Normaliser};

use crate::common::json::{self, Value};
use crate::common::{caat_data_dir, pct};

/// Every exhibitor name in the record, with how many rows carry it.
fn exhibitor_names(dir: &std::path::Path) -> Option<(usize, BTreeMap<String, usize>)> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut rows = 0;
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let fair = json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for e in Value::items(fair.get("exhibitor")) {
            if let Some(name) = e.get("name").and_then(Value::as_str) {
                rows += 1;
                *names.entry(name.to_string()).or_default() += 1;
            }
        }
    }
    Some((rows, names))
}

fn top<K: Ord + Clone>(counts: &BTreeMap<K, usize>, n: usize) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = counts.iter().map(|(k, c)| (k.clone(), *c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

#[test]
fn names_on_the_caat_record() {
    let dir = caat_data_dir();
    let (rows, names) = exhibitor_names(&dir).expect("the record's data folder is readable");
    assert!(!names.is_empty(), "no exhibitor names in {}", dir.display());

    let gazetteer = Gazetteer::builtin();
    let t = Instant::now();
    let normaliser = Normaliser::new(&gazetteer);
    let build = t.elapsed();

    let raw: Vec<&str> = names.keys().map(String::as_str).collect();
    // Throughput as a pipeline sees it (each name analysed and consumed), timed three
    // times, the fastest reported: the machine is shared. Keeping all 130,000 results
    // alive costs as much again in allocation.
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let bytes: usize = raw.iter().map(|r| normaliser.analyse(r).key.len()).sum();
        best = best.min(t.elapsed().as_secs_f64());
        assert!(bytes > 0);
    }
    let analysed: Vec<Name> = raw.iter().map(|r| normaliser.analyse(r)).collect();

    let mut empty: Vec<&str> = Vec::new();
    let mut keys: HashMap<&str, usize> = HashMap::new();
    let mut compact: BTreeSet<String> = BTreeSet::new();
    let mut brands: BTreeSet<&str> = BTreeSet::new();
    let mut legal: BTreeMap<String, usize> = BTreeMap::new();
    let (mut with_legal, mut with_qualifier, mut qualifier_country) = (0, 0, 0);
    let mut qualifier_countries: BTreeMap<String, usize> = BTreeMap::new();
    let mut annotations: BTreeMap<String, usize> = BTreeMap::new();
    let (mut with_annotation, mut with_alternates, mut alternates) = (0, 0, 0);
    let mut changed_display = 0;
    for (r, a) in raw.iter().zip(&analysed) {
        if a.key.is_empty() {
            if r.chars().any(char::is_alphanumeric) {
                empty.push(r);
            }
            continue;
        }
        assert_eq!(a.tokens.join(" "), a.key, "{r:?}");
        *keys.entry(a.key.as_str()).or_default() += names[*r];
        compact.insert(a.compact_key());
        brands.insert(a.brand.as_str());
        if !a.legal_forms.is_empty() {
            with_legal += 1;
        }
        for f in &a.legal_forms {
            *legal.entry(f.clone()).or_default() += 1;
        }
        if let Some(q) = &a.qualifier {
            with_qualifier += 1;
            if let Some(c) = &q.iso2 {
                qualifier_country += 1;
                *qualifier_countries.entry(c.clone()).or_default() += 1;
            }
        }
        if !a.annotations.is_empty() {
            with_annotation += 1;
        }
        for x in &a.annotations {
            let kind = match x.kind {
                AnnotationKind::Formerly => "formerly",
                AnnotationKind::NowKnownAs => "now_known_as",
                AnnotationKind::PartOf => "part_of",
                AnnotationKind::FormerlyPartOf => "formerly_part_of",
            };
            *annotations.entry(kind.to_string()).or_default() += 1;
        }
        if !a.alternates.is_empty() {
            with_alternates += 1;
            alternates += a.alternates.len();
        }
        if a.display != *r {
            changed_display += 1;
        }
    }

    let n = raw.len();
    println!("CAAT exhibitor names: {rows} rows, {n} distinct names");
    println!(
        "keys: {} distinct ({:.1}% of names; {} compact keys, {} brands)",
        keys.len(),
        pct(keys.len(), n),
        compact.len(),
        brands.len()
    );
    println!(
        "legal forms: {with_legal} names ({:.1}%); most common: {:?}",
        pct(with_legal, n),
        top(&legal, 25)
    );
    println!(
        "qualifiers: {with_qualifier} names ({:.1}%), {qualifier_country} with a country; most common: {:?}",
        pct(with_qualifier, n),
        top(&qualifier_countries, 15)
    );
    println!("annotations: {with_annotation} names; by kind: {annotations:?}");
    println!("alternates: {with_alternates} names, {alternates} alternates");
    println!("display differs from the raw name: {changed_display} names");
    let mut biggest: Vec<(&str, usize)> = keys.iter().map(|(k, c)| (*k, *c)).collect();
    biggest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!(
        "rows per key, largest: {:?}",
        &biggest[..biggest.len().min(15)]
    );
    println!(
        "Normaliser::new: {:.2} ms; analyse: {:.0} names/s ({} build)",
        build.as_secs_f64() * 1000.0,
        n as f64 / best,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );

    assert!(
        empty.is_empty(),
        "empty keys for {} names: {:?}",
        empty.len(),
        &empty[..empty.len().min(20)]
    );
    // Deterministic: a second reading gives the same result.
    for (r, a) in raw.iter().zip(&analysed).step_by(97) {
        assert_eq!(&normaliser.analyse(r), a, "{r:?}");
    }
}
