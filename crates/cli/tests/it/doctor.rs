//! Country resolution coverage on the real record, and the user's mapping file.

use crate::common::*;

#[test]
fn country_resolution_meets_its_targets() {
    let r = json(real_db(), &["doctor", "--json"]);
    let share = |n: &str, d: &str| r[n].as_f64().unwrap() / r[d].as_f64().unwrap();
    assert!(
        share("appearances_resolved", "appearances_with_location") >= 0.99,
        "{r}"
    );
    // Delegations resolve to ISO codes (the UN and EU to the codes ISO reserves for
    // them); only NATO and an unreadable "Top" stay without one.
    assert!(share("delegations_resolved", "delegations") >= 0.99, "{r}");
    assert_eq!(r["events_with_lists_hosted"], r["events_with_lists"], "{r}");
}

#[test]
fn a_mapping_file_resolves_what_the_gazetteer_does_not_and_survives_reingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let before = json(&db, &["doctor", "--json"]);
    let unresolved = before["unresolved_exhibitor_texts"].as_array().unwrap();
    let target = unresolved.first().expect("something is unresolved to map");
    let text = target["text"].as_str().unwrap();
    let rows = target["rows"].as_i64().unwrap();
    let file = dir.path().join("mapping.csv");
    std::fs::write(
        &file,
        format!("text,iso2\n\"{}\",AU\n", text.replace('"', "\"\"")),
    )
    .unwrap();
    let after = json(
        &db,
        &["doctor", "--mapping", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(
        after["appearances_resolved"].as_i64().unwrap(),
        before["appearances_resolved"].as_i64().unwrap() + rows
    );
    let exported = ok(&db, &["doctor", "--export-mapping"]);
    assert!(exported.contains(",AU"), "{exported}");
    // Re-ingesting the same record keeps the mapping (it is the user's decision).
    ok(&db, &["--quiet", "ingest", caat_dir().to_str().unwrap()]);
    let again = json(&db, &["doctor", "--json"]);
    assert_eq!(again["appearances_resolved"], after["appearances_resolved"]);

    std::fs::write(&file, "Atlantis,ZZ\n").unwrap();
    let o = run(&db, &["doctor", "--mapping", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("line 1: \"ZZ\" is not an ISO 3166-1"),
        "{}",
        stderr(&o)
    );
}
