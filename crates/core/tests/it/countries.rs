//! Measures the gazetteer on the real CAAT fair record: how many country fields,
//! addresses and delegation names it resolves, and whether it agrees with the ISO codes
//! the record already carries. `FAIRWATCH_CAAT_DIR` points at another copy of its
//! `data/` directory.
//!
//! Run with `cargo test -p fairwatch-core --test it countries -- --nocapture` to see
//! the figures and every unresolved string.

use std::collections::BTreeMap;
use std::path::PathBuf;

use fairwatch_core::country::{DelegationParty, Gazetteer};

use crate::common::json::{self, Value};
use crate::common::{caat_data_dir, pct};

/// Counts of distinct strings, for the report.
#[derive(Default)]
struct Tally {
    rows: usize,
    resolved: usize,
    unresolved: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, text: &str, ok: bool) {
        self.rows += 1;
        if ok {
            self.resolved += 1;
        } else {
            *self.unresolved.entry(text.to_string()).or_default() += 1;
        }
    }

    fn report(&self, what: &str) {
        println!(
            "{what}: {}/{} rows resolved ({:.2}%), {} distinct unresolved",
            self.resolved,
            self.rows,
            pct(self.resolved, self.rows),
            self.unresolved.len()
        );
        let mut v: Vec<_> = self.unresolved.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (s, n) in v {
            println!("    {n:>5}  {s:?}");
        }
    }
}

#[test]
fn resolution_on_the_caat_record() {
    let dir = caat_data_dir();
    let entries = std::fs::read_dir(&dir).unwrap();
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();

    let g = Gazetteer::builtin();
    let mut ex_country = Tally::default();
    let mut ex_address = Tally::default();
    let mut ev_country = Tally::default();
    let mut ev_address = Tally::default();
    let mut delegation = Tally::default();
    let mut organisations: BTreeMap<&'static str, usize> = BTreeMap::new();
    // Rows carrying any country or address, and how many end up with a country.
    let (mut rows_with_any, mut rows_resolved) = (0usize, 0usize);
    // Rows whose only location data is text (no ISO code anywhere): the gazetteer's part.
    let (mut text_only_rows, mut text_only_resolved) = (0usize, 0usize);
    let mut unresolved_rows = Tally::default();
    // Precision: our reading of texts the record already codes.
    let mut disagreements: BTreeMap<String, usize> = BTreeMap::new();
    // Per kind ("country", "address"): texts, texts read, texts read differently.
    let mut coded: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();

    // Coded country texts the gazetteer does not read (a recall check on names).
    let mut unread_coded_countries = Tally::default();
    let mut check_coded = |kind: &'static str, text: &str, iso2: &str, got: Option<&str>| {
        if kind == "country" {
            unread_coded_countries.add(&format!("{text} [{iso2}]"), got.is_some());
        }
        let c = coded.entry(kind).or_default();
        c[0] += 1;
        if let Some(got) = got {
            c[1] += 1;
            if got != iso2 {
                c[2] += 1;
                *disagreements
                    .entry(format!("{kind} {text:?}: record {iso2}, gazetteer {got}"))
                    .or_default() += 1;
            }
        }
    };

    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let fair = json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));

        for c in Value::items(fair.get("country")) {
            match c {
                Value::String(s) => ev_country.add(s, g.lookup(s).is_some()),
                obj => {
                    let (t, iso) = (obj.get("text"), obj.get("iso2"));
                    if let (Some(t), Some(iso)) =
                        (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                    {
                        check_coded("country", t, iso, g.lookup(t).map(|c| c.iso2));
                    }
                }
            }
        }
        for a in Value::items(fair.get("address")) {
            match a {
                Value::String(s) => ev_address.add(s, g.find_in_address(s).is_some()),
                obj => {
                    let (t, iso) = (obj.get("text"), obj.get("iso2"));
                    if let (Some(t), Some(iso)) =
                        (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                    {
                        check_coded("address", t, iso, g.find_in_address(t).map(|c| c.iso2));
                    }
                }
            }
        }
        for d in Value::items(fair.get("delegation")) {
            let Some(name) = d.get("name").and_then(Value::as_str) else {
                continue;
            };
            match g.delegation(name) {
                DelegationParty::Countries(_) => delegation.add(name, true),
                DelegationParty::Organisation(o) => {
                    *organisations.entry(o).or_default() += 1;
                    delegation.rows += 1;
                }
                DelegationParty::Unknown => delegation.add(name, false),
            }
        }
        for e in Value::items(fair.get("exhibitor")) {
            let countries = Value::items(e.get("country"));
            let addresses = Value::items(e.get("address"));
            if countries.is_empty() && addresses.is_empty() {
                continue;
            }
            rows_with_any += 1;
            let text_only = countries
                .iter()
                .chain(addresses.iter())
                .all(|v| matches!(v, Value::String(_)));
            let mut resolved = false;
            for &c in &countries {
                match c {
                    Value::String(s) => {
                        let ok = g.lookup(s).is_some();
                        ex_country.add(s, ok);
                        resolved |= ok;
                    }
                    obj => {
                        resolved = true;
                        let (t, iso) = (obj.get("text"), obj.get("iso2"));
                        if let (Some(t), Some(iso)) =
                            (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                        {
                            check_coded("country", t, iso, g.lookup(t).map(|c| c.iso2));
                        }
                    }
                }
            }
            for &a in &addresses {
                match a {
                    Value::String(s) => {
                        let ok = g.find_in_address(s).is_some();
                        ex_address.add(s, ok);
                        resolved |= ok;
                    }
                    obj => {
                        resolved = true;
                        let (t, iso) = (obj.get("text"), obj.get("iso2"));
                        if let (Some(t), Some(iso)) =
                            (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                        {
                            check_coded("address", t, iso, g.find_in_address(t).map(|c| c.iso2));
                        }
                    }
                }
            }
            if resolved {
                rows_resolved += 1;
            }
            if text_only {
                text_only_rows += 1;
                text_only_resolved += usize::from(resolved);
            }
            if !resolved {
                let texts: Vec<&str> = countries
                    .iter()
                    .chain(addresses.iter())
                    .filter_map(|v| v.as_str())
                    .collect();
                unresolved_rows.add(&texts.join(" | "), false);
            }
        }
    }

    println!("{} files", files.len());
    println!(
        "exhibitor rows with a country or address: {rows_resolved}/{rows_with_any} get a \
         country ({:.3}%), from the record's ISO codes or strings the gazetteer reads",
        pct(rows_resolved, rows_with_any)
    );
    println!(
        "  of which text only (no ISO code in the record): {text_only_resolved}/{text_only_rows} \
         ({:.2}%)",
        pct(text_only_resolved, text_only_rows)
    );
    unresolved_rows.report("exhibitor rows left without a country (country | address texts)");
    ex_country.report("exhibitor country strings");
    ex_address.report("exhibitor address strings");
    ev_country.report("event country strings");
    ev_address.report("event address strings");
    let orgs: usize = organisations.values().sum();
    println!(
        "delegation rows: {} = {} to countries ({:.2}% of the non-organisation rows) \
         + {orgs} to organisations {organisations:?} + {} unknown",
        delegation.rows,
        delegation.resolved,
        pct(delegation.resolved, delegation.rows - orgs),
        delegation.rows - orgs - delegation.resolved
    );
    delegation.report("delegation names (countries)");
    for (kind, [n, read, differ]) in &coded {
        println!(
            "{kind} objects (text + iso2 in the record): {n}; the gazetteer reads {read} \
             ({:.2}%), {differ} of them differently from the record's iso2",
            pct(*read, *n)
        );
    }
    unread_coded_countries.report("country objects' texts (with the record's iso2)");
    println!("disagreements (the record's text against its own iso2):");
    for (d, n) in &disagreements {
        println!("    {n:>5}  {d}");
    }

    assert!(files.len() > 1000, "expected the full record");
    assert!(pct(rows_resolved, rows_with_any) >= 99.0);
    assert!(pct(delegation.resolved, delegation.rows - orgs) >= 99.0);
    assert!(
        ev_country.unresolved.is_empty(),
        "{:?}",
        ev_country.unresolved
    );
}
