//! Screening end to end: the bundled lists load with their history, `compare` decides
//! pairs, `screen` finds listed parties in a file and records the run, a reviewer's
//! false positive is suppressed next time, and bad input is told clearly.

use std::path::{Path, PathBuf};

use crate::common::{json, ok, run, stderr};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sources/tests/fixtures/lists")
        .join(name)
}

/// An empty database with the bundled lists loaded (no fair data: screening a file
/// with `--no-watchlist` needs none).
fn lists_db(dir: &Path) -> PathBuf {
    let db = dir.join("lists.db");
    ok(&db, &["--quiet", "lists", "list"]);
    db
}

#[test]
fn bundled_lists_load_with_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = lists_db(dir.path());
    let lists = json(&db, &["lists", "list", "--json"]);
    let keys: Vec<&str> = lists
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap())
        .collect();
    for k in [
        "bis-dpl",
        "bis-entity-list-spyware",
        "csl-2019-sample",
        "csl-2023-sample",
        "ofac-cons",
        "ofac-sdn",
        "un",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    let sdn = lists
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "ofac-sdn")
        .unwrap();
    assert_eq!(sdn["version"], 2);
    assert!(sdn["entries"].as_i64().unwrap() > 5000);

    let history = json(&db, &["lists", "history", "ofac-sdn", "--json"]);
    let v = history.as_array().unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[1]["published"], "2024-05-03");
    assert!(v[1]["added"].as_i64().unwrap() > 0);
    assert!(v[1]["removed"].as_i64().unwrap() > 0);
    // The 2024 publication is sdn.csv alone: the 2021 aliases and addresses are kept,
    // and only real changes count (without keeping them, 6,871 entries "changed").
    assert_eq!(v[0]["carried_forward"], serde_json::Value::Null);
    let kept = v[1]["carried_forward"].as_str().unwrap();
    assert!(
        kept.starts_with("aliases and addresses of 6807 entries kept from version 1"),
        "{kept}"
    );
    assert_eq!(v[1]["changed"], 1786);
    let table = ok(&db, &["lists", "history", "ofac-sdn"]);
    assert!(
        table.contains("version 2: aliases and addresses of 6807 entries kept"),
        "{table}"
    );
    // So a name the 2024 table gives only as the 2021 alias still finds its entry.
    let c = json(
        &db,
        &[
            "compare",
            "ALUMINAT",
            "ALUMINAT PRODUCTION AND INDUSTRIAL COMPANY",
            "--json",
        ],
    );
    assert_eq!(c["decision"], "match", "{c}");
    let changes = json(
        &db,
        &["lists", "history", "ofac-sdn", "--version", "2", "--json"],
    );
    let added = changes
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "added")
        .count() as i64;
    assert_eq!(added, v[1]["added"].as_i64().unwrap());

    // Loading again changes nothing; a new publication of a list is a new version.
    let again = ok(
        &db,
        &[
            "lists",
            "import",
            fixture("plain-sample.csv").to_str().unwrap(),
            "--key",
            "mine",
        ],
    );
    assert!(again.contains("mine: version 1"), "{again}");
    let same = ok(
        &db,
        &[
            "lists",
            "import",
            fixture("plain-sample.csv").to_str().unwrap(),
            "--key",
            "mine",
        ],
    );
    assert!(same.contains("already in force"), "{same}");
}

#[test]
fn compare_decides_pairs_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let db = lists_db(dir.path());
    let c = json(&db, &["compare", "EFFBE GAMMA", "Gamma Group", "--json"]);
    assert_eq!(c["decision"], "no_match", "{c}");
    assert_eq!(c["algorithm"], "fairwatch-screen/2");
    let c = json(
        &db,
        &["compare", "Hacking Team S.r.l.", "HackingTeam", "--json"],
    );
    assert_eq!(c["decision"], "match", "{c}");
    let c = json(
        &db,
        &[
            "compare",
            "KIM, Jong Un",
            "Jong Un Kim",
            "--type",
            "person",
            "--json",
        ],
    );
    assert_eq!(c["decision"], "match", "{c}");
    let c = json(&db, &["compare", "ООО СТИЛСОФТ", "Stilsoft LLC", "--json"]);
    assert_eq!(c["decision"], "match", "{c}");
    // The names share nothing, but one list entry gives both: the link says which.
    let text = ok(&db, &["compare", "Candiru", "Saito Tech"]);
    assert!(text.contains(", match at threshold"), "{text}");
    assert!(
        text.contains("list_entry: \"Saito Tech\" is a name of bis-entity-list-spyware entry"),
        "{text}"
    );
    let text = ok(&db, &["compare", "Candiru", "Saito Tech", "--names-only"]);
    assert!(text.contains("no match"), "{text}");
}

#[test]
fn screen_finds_listed_parties_and_suppresses_decided_false_positives() {
    let dir = tempfile::tempdir().unwrap();
    let db = lists_db(dir.path());
    let names = dir.path().join("names.csv");
    std::fs::write(
        &names,
        "name,country,type\nNSO Group Technologies Ltd,IL,company\nCANDIRU LTD,,company\nEFFBE GAMMA,DE,company\nRohde & Schwarz,DE,company\n",
    )
    .unwrap();
    let out = json(
        &db,
        &[
            "screen",
            names.to_str().unwrap(),
            "--no-watchlist",
            "--json",
            "--who",
            "tester",
        ],
    );
    let hits = out["hits"].as_array().unwrap();
    let alerts_for = |q: &str| {
        hits.iter()
            .filter(|h| h["query"] == q && h["alert"] == true)
            .count()
    };
    assert!(alerts_for("NSO Group Technologies Ltd") >= 1, "{out}");
    assert!(alerts_for("CANDIRU LTD") >= 1);
    assert_eq!(alerts_for("EFFBE GAMMA"), 0);
    assert_eq!(alerts_for("Rohde & Schwarz"), 0);
    assert_eq!(out["algorithm"], "fairwatch-screen/2");
    let nso = hits
        .iter()
        .find(|h| h["query"] == "NSO Group Technologies Ltd")
        .unwrap();
    assert_eq!(nso["list"], "bis-entity-list-spyware");
    assert!(nso["explanation"]["words"].as_array().unwrap().len() >= 2);

    // A reviewer decides the Candiru hit is a false positive (for the test's sake):
    // the next run shows it suppressed with a pointer to the decision.
    let candiru = hits
        .iter()
        .find(|h| h["query"] == "CANDIRU LTD" && h["alert"] == true)
        .unwrap();
    ok(
        &db,
        &[
            "dispose",
            candiru["list"].as_str().unwrap(),
            candiru["entry_id"].as_str().unwrap(),
            "CANDIRU LTD",
            "--false-positive",
            "--reason",
            "test: a different Candiru",
            "--who",
            "tester",
        ],
    );
    let again = json(
        &db,
        &[
            "screen",
            names.to_str().unwrap(),
            "--no-watchlist",
            "--json",
        ],
    );
    let suppressed = again["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["query"] == "CANDIRU LTD" && h["entry_id"] == candiru["entry_id"])
        .unwrap();
    assert_eq!(
        suppressed["suppressed_by"]["reason"],
        "test: a different Candiru"
    );
    assert_eq!(
        again["alerts"].as_u64().unwrap() + 1,
        out["alerts"].as_u64().unwrap()
    );

    // Both runs are in the screening log, with who ran them and the lists' versions.
    let runs = json(&db, &["lists", "runs", "--json"]);
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["who"], "tester");
    assert_eq!(runs[1]["command"], "screen");
    assert!(runs[0]["lists"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["key"] == "ofac-sdn" && l["version"] == 2));

    // CSV output is guarded and written where asked.
    let csv = dir.path().join("hits.csv");
    ok(
        &db,
        &[
            "screen",
            names.to_str().unwrap(),
            "--no-watchlist",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("line,query,alert,score,list,"), "{text}");
}

#[test]
fn bad_screening_input_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = lists_db(dir.path());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "firm,where\nAcme,DE\n").unwrap();
    let o = run(&db, &["screen", bad.to_str().unwrap(), "--no-watchlist"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("bad.csv: line 1: no name column"), "{err}");
    std::fs::write(&bad, "name,country\nAcme,Atlantis\n").unwrap();
    let err = stderr(&run(
        &db,
        &["screen", bad.to_str().unwrap(), "--no-watchlist"],
    ));
    assert!(
        err.contains("line 2: unknown country \"Atlantis\""),
        "{err}"
    );
    let garbage = dir.path().join("list.bin");
    std::fs::write(&garbage, [0u8, 159, 146, 150]).unwrap();
    let err = stderr(&run(&db, &["lists", "import", garbage.to_str().unwrap()]));
    assert!(err.contains("cannot tell which list format"), "{err}");
}

#[test]
fn kyc_decides_deny_licence_review_or_clear_and_rescreens_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::copy_of_real_db(dir.path());
    let decide = |args: &[&str]| {
        let mut all = vec!["--quiet", "kyc", "--json"];
        all.extend_from_slice(args);
        json(&db, &all)
    };
    let d = decide(&["--name", "NSO Group", "--country", "IL"]);
    assert_eq!(d["decision"], "deny", "{d}");
    assert_eq!(d["reasons"][0]["rule"], "listed_party");
    let d = decide(&["--name", "Zqxv Widgets GmbH", "--country", "DE"]);
    assert_eq!(d["decision"], "clear", "{d}");
    let d = decide(&["--name", "Zqxv Widgets GmbH", "--country", "CN"]);
    assert_eq!(d["decision"], "licence_required", "{d}");
    assert!(d["reasons"][0]["citation"]
        .as_str()
        .unwrap()
        .contains("2021/821"));
    let d = decide(&[
        "--name",
        "Zqxv Widgets GmbH",
        "--country",
        "DE",
        "--end-use",
        "Monitoring of journalists in the capital",
    ]);
    assert_eq!(d["decision"], "licence_required", "{d}");
    assert_eq!(d["reasons"][0]["rule"], "end_use");

    // The register: two customers, then a list names one of them.
    ok(
        &db,
        &[
            "--quiet",
            "kyc",
            "--name",
            "Memento Labs",
            "--country",
            "IT",
            "--register",
        ],
    );
    ok(
        &db,
        &[
            "--quiet",
            "kyc",
            "--name",
            "Zqxv Widgets GmbH",
            "--country",
            "DE",
            "--register",
        ],
    );
    let customers = json(&db, &["kyc", "--customers", "--json"]);
    assert_eq!(customers.as_array().unwrap().len(), 2);
    let nothing = json(&db, &["--quiet", "kyc", "--rescreen", "--json"]);
    assert_eq!(nothing["changed"].as_array().unwrap().len(), 0, "{nothing}");
    ok(
        &db,
        &[
            "--quiet",
            "lists",
            "import",
            fixture("plain-sample.csv").to_str().unwrap(),
            "--key",
            "watch",
        ],
    );
    let changed = json(&db, &["--quiet", "kyc", "--rescreen", "--json"]);
    let changed = changed["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["after"]["customer"], "Memento Labs");
    assert_eq!(changed[0]["after"]["decision"], "deny");
}

#[test]
fn vet_writes_a_report_an_organiser_can_act_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::copy_of_real_db(dir.path());
    let out = dir.path().join("vetting");
    let printed = ok(
        &db,
        &[
            "--quiet",
            "vet",
            "milipol-paris-2019",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(printed.contains("flagged"), "{printed}");
    let report = std::fs::read_to_string(out.join("vet-milipol-paris-2019.md")).unwrap();
    assert!(
        report.starts_with("# Exhibitor vetting: Milipol Paris 2019"),
        "{report}"
    );
    assert!(report.contains("## Flagged exhibitors"));
    assert!(
        report.contains("fairwatch-watchlist"),
        "the watchlist flags known proliferators"
    );
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("vet-milipol-paris-2019.json")).unwrap(),
    )
    .unwrap();
    assert!(doc["flagged"].as_u64().unwrap() >= 1);
    assert_eq!(doc["exhibitors"], 877);

    // An organiser's own file, with a hostile name: the report shows it as text.
    let file = dir.path().join("exhibitors.csv");
    std::fs::write(
        &file,
        "name\nNSO Group Technologies <Ltd>\nBlue Widgets Ltd\n",
    )
    .unwrap();
    ok(
        &db,
        &[
            "--quiet",
            "vet",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let md = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.to_string_lossy().contains("exhibitors") && p.extension().is_some_and(|e| e == "md")
        })
        .unwrap();
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("NSO Group Technologies &lt;Ltd&gt;"), "{md}");
    assert!(!md.contains("<Ltd>"));
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    // Regression: `fairwatch compare ... | head` panicked with a backtrace when head
    // exited before the output was written.
    let dir = tempfile::tempdir().unwrap();
    let db = lists_db(dir.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fairwatch"))
        .arg("--db")
        .arg(&db)
        .args(["compare", "EFFBE GAMMA", "Gamma Group"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?} {err}", out.status);
}
