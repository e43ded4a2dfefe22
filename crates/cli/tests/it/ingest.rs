//! Ingest: exact counts on the real record, idempotence, archives, and that a failed
//! ingest leaves the database exactly as it was.

use std::path::Path;

use crate::common::*;

#[test]
fn the_real_record_loads_completely() {
    let stats = json(real_db(), &["stats", "--json"]);
    assert_eq!(stats["events"], 1851);
    assert_eq!(stats["appearances"], 222_845);
    assert_eq!(stats["delegations"], 2895);
    assert_eq!(stats["sources"], 3, "the record and two vendor lists");
    assert!(stats["series"].as_i64().unwrap() > 300, "{stats}");
    assert!(stats["organisers"].as_i64().unwrap() > 100, "{stats}");
    // ignore.csv lists 103 cancelled or ended events.
    assert_eq!(stats["cancelled_events"], 103);
}

#[test]
fn re_ingesting_the_same_source_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let before = json(&db, &["sources", "--json"]);
    let o = run(&db, &["ingest", caat_dir().to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let outcome: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(outcome["outcome"], "unchanged");
    // Same rows, same provenance, same ingest time: nothing was rewritten.
    assert_eq!(json(&db, &["sources", "--json"]), before);
    assert_eq!(json(&db, &["stats", "--json"])["appearances"], 222_845);
}

/// Copies `n` real event files (and ignore.csv) into `to/data`.
fn sample_layout(to: &Path, n: usize) {
    let from = caat_dir();
    std::fs::create_dir_all(to.join("data")).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(from.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for name in names
        .iter()
        .filter(|n| n.to_string_lossy().starts_with("milipol"))
        .take(n)
    {
        std::fs::copy(from.join("data").join(name), to.join("data").join(name)).unwrap();
    }
    std::fs::copy(from.join("ignore.csv"), to.join("ignore.csv")).unwrap();
}

#[test]
fn a_failed_ingest_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let stats_before = json(&db, &["stats", "--json"]);
    let sources_before = json(&db, &["sources", "--json"]);

    // A newer "snapshot" whose last file is truncated: parsing fails before storing.
    let snap = dir.path().join("snapshot");
    sample_layout(&snap, 12);
    let mut files: Vec<_> = std::fs::read_dir(snap.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let victim = files.last().unwrap().clone();
    let text = std::fs::read(&victim).unwrap();
    std::fs::write(&victim, &text[..text.len() / 2]).unwrap();

    let o = run(&db, &["ingest", snap.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(65), "a data error exits with 65");
    let err = stderr(&o);
    let name = victim.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        err.contains(&name) && err.contains("not valid JSON") && err.contains("truncated"),
        "{err}"
    );
    assert_eq!(json(&db, &["stats", "--json"]), stats_before);
    assert_eq!(json(&db, &["sources", "--json"]), sources_before);
}

#[test]
fn a_newer_snapshot_replaces_the_old_one_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let snap = dir.path().join("snapshot");
    sample_layout(&snap, 5);
    ok(
        &db,
        &[
            "--quiet",
            "ingest",
            snap.to_str().unwrap(),
            "--version",
            "v1",
        ],
    );
    assert_eq!(json(&db, &["stats", "--json"])["events"], 5);
    // Upstream drops one file and the next ingest replaces the source.
    let first = std::fs::read_dir(snap.join("data"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::remove_file(first).unwrap();
    let out = json(
        &db,
        &[
            "--quiet",
            "ingest",
            snap.to_str().unwrap(),
            "--version",
            "v2",
            "--json",
        ],
    );
    assert_eq!(out["outcome"], "stored");
    assert_eq!(out["replaced"], true);
    assert_eq!(json(&db, &["stats", "--json"])["events"], 4);
    assert_eq!(json(&db, &["sources", "--json"])[0]["version"], "v2");
}

#[test]
fn archives_in_the_caat_layout_load_like_directories() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("arms-and-security-fair-exhibitors-main");
    sample_layout(&snap, 4);
    let tgz = dir.path().join("snap.tar.gz");
    let status = std::process::Command::new("tar")
        .arg("-czf")
        .arg(&tgz)
        .arg("-C")
        .arg(dir.path())
        .arg("arms-and-security-fair-exhibitors-main")
        .status()
        .unwrap();
    assert!(status.success());
    let db = dir.path().join("t.db");
    ok(&db, &["--quiet", "ingest", tgz.to_str().unwrap()]);
    let stats = json(&db, &["stats", "--json"]);
    assert_eq!(stats["events"], 4);
    assert_eq!(stats["cancelled_events"], 103);
}

#[test]
fn the_bundled_record_is_the_shared_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bundled.db");
    ok(&db, &["--quiet", "ingest"]);
    let mut bundled = json(&db, &["stats", "--json"]);
    let mut shared = json(real_db(), &["stats", "--json"]);
    // The same three sources (the record and two vendor lists), the same record.
    assert_eq!(bundled["sources"], 3);
    bundled["sources"] = serde_json::Value::Null;
    shared["sources"] = serde_json::Value::Null;
    assert_eq!(bundled, shared);
    let sources = json(&db, &["sources", "--json"]);
    let caat = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "caat")
        .unwrap();
    assert_eq!(caat["version"], "b08f4c4a05904db4739f0df03cbec7075f8a6761");
    assert_eq!(caat["location"], "bundled:caat.tar.gz");
    let keys: Vec<&str> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "caat",
            "vendors:csv:vendor-facts",
            "vendors:misp:surveillance-vendor"
        ]
    );
}

#[test]
fn malformed_inputs_get_clear_errors_and_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty", b"", "the file is empty"),
        ("wrong-type", br#"{"name": "X", "approxDate": "2020", "exhibitor": [{"name": ["ok"], "country": 7}]}"#, "at exhibitor[0].country: expected a country"),
        ("missing-name", br#"{"approxDate": "2020", "exhibitor": []}"#, "required field `name` is missing"),
        ("invalid-utf8", b"{\"name\": \"caf\xe9\", \"approxDate\": \"2020\"}", "not valid JSON"),
    ];
    for (case, bytes, expected) in cases {
        let snap = dir.path().join(case);
        std::fs::create_dir_all(snap.join("data")).unwrap();
        std::fs::write(
            snap.join("data/good-2020.json"),
            br#"{"name": "Good", "approxDate": "2020"}"#,
        )
        .unwrap();
        std::fs::write(snap.join("data/zbad-2020.json"), bytes).unwrap();
        let db = dir.path().join(format!("{case}.db"));
        let o = run(&db, &["ingest", snap.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(65), "{case}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("zbad-2020.json") && err.contains(expected),
            "{case}: {err}"
        );
        assert!(!err.contains("panicked"), "{case}: {err}");
        assert_eq!(
            json(&db, &["sources", "--json"]),
            serde_json::json!([]),
            "{case}: nothing stored"
        );
    }
}
