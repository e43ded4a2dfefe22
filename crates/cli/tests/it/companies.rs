//! Companies on the real record: resolution quality against the labelled pairs in
//! `eval/`, explanations, exports, decisions, and determinism.

use std::path::PathBuf;

use crate::common::*;

fn pairs_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../eval/er-pairs.csv")
}

#[test]
fn resolution_quality_on_the_labelled_pairs_does_not_regress() {
    let m = json(
        real_db(),
        &["evaluate", pairs_file().to_str().unwrap(), "--json"],
    );
    let (p, r) = (
        m["precision"].as_f64().unwrap(),
        m["recall"].as_f64().unwrap(),
    );
    // Floors just under the figures of `fairwatch-resolve/4` (0.982 / 0.929, F1
    // 0.955), so that a change that makes resolution worse fails; both are above the
    // issue's targets (precision 0.97, F1 0.95).
    let f1 = m["f1"].as_f64().unwrap();
    assert!(p >= 0.98, "precision {p}: {m}");
    assert!(r >= 0.925, "recall {r}: {m}");
    assert!(f1 >= 0.95, "F1 {f1}: {m}");
    assert_eq!(
        m["evaluated"], m["pairs"],
        "every labelled name is in the record"
    );
}

#[test]
fn a_company_shows_its_names_with_evidence_and_its_vendor_record() {
    let c = json(real_db(), &["company", "show", "Hacking Team", "--json"]);
    assert_eq!(c["hq_iso2"], "IT");
    let aliases: Vec<&str> = c["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap())
        .collect();
    assert!(aliases.len() >= 3, "{aliases:?}");
    assert!(aliases.iter().any(|a| a.to_lowercase().contains("hacking")));
    // Every name but the anchor says how it joined.
    for n in c["names"].as_array().unwrap() {
        if n["is_anchor"] == false {
            assert!(n["link"].is_string() && n["via_key"].is_string(), "{n}");
            assert!(
                n["features"].as_str().is_some_and(|f| f.contains("weight")),
                "{n}"
            );
        }
    }
    let vendors = c["vendor_records"].as_array().unwrap();
    assert!(
        vendors.iter().any(|v| v["name"] == "Hacking Team"),
        "{vendors:?}"
    );
    assert!(!c["appearances"].as_array().unwrap().is_empty());
    let table = ok(real_db(), &["company", "show", "Hacking Team"]);
    assert!(
        table.contains("Names and why they belong") && table.contains("Appearances ("),
        "{table}"
    );
}

#[test]
fn effbe_gamma_is_not_gamma_group() {
    let db = real_db();
    let effbe = json(db, &["company", "show", "EFFBE GAMMA", "--json"]);
    let names: Vec<String> = effbe["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap().to_lowercase())
        .collect();
    assert!(names.iter().all(|n| n.contains("effbe")), "{names:?}");
}

#[test]
fn every_appearance_is_exported_with_its_company() {
    let csv = ok(real_db(), &["export", "appearances"]);
    assert_eq!(
        csv.lines().next(),
        Some("event_slug,year,raw_name,company_id,company_name,qualifier,country_iso2")
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 222_845);
    assert!(
        rows.iter().all(|r| !r[3].is_empty()),
        "every row has a company"
    );
}

#[test]
fn resolution_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let before = ok(&db, &["export", "appearances"]);
    ok(&db, &["--quiet", "resolve"]);
    assert_eq!(ok(&db, &["export", "appearances"]), before);
}

#[test]
fn decisions_survive_re_resolution_and_round_trip_through_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let queue = json(&db, &["review", "--list", "--json", "--limit", "5"]);
    let first = &queue.as_array().unwrap()[0];
    let (a, b) = (
        first["name_a"].as_str().unwrap(),
        first["name_b"].as_str().unwrap(),
    );
    let file = dir.path().join("decisions.csv");
    let mut w = csv::Writer::from_path(&file).unwrap();
    w.write_record(["kind", "name_a", "name_b", "who", "note", "decided_at"])
        .unwrap();
    w.write_record(["merge", a, b, "tester", "same firm", ""])
        .unwrap();
    w.flush().unwrap();
    ok(
        &db,
        &["--quiet", "decisions", "import", file.to_str().unwrap()],
    );
    // The next read resolves again (the decisions changed) and applies it.
    let export = ok(&db, &["export", "appearances"]);
    let mut companies = std::collections::HashMap::new();
    for r in csv::Reader::from_reader(export.as_bytes()).records() {
        let r = r.unwrap();
        companies.insert(r[2].to_string(), r[3].to_string());
    }
    assert_eq!(companies[a], companies[b]);
    let exported = ok(&db, &["decisions", "export"]);
    assert!(
        exported.contains("merge,") && exported.contains("tester"),
        "{exported}"
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "kind,name_a,name_b\nmaybe,A,B\n").unwrap();
    let o = run(&db, &["decisions", "import", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("line 2: kind \"maybe\" must be merge or keep_apart"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn lineage_keeps_renamed_and_spun_off_firms_apart_on_the_real_record() {
    // The record alone would merge both pairs: late Harris rows use l3harris.com, and
    // "Oerlikon Contraves" starts with the Oerlikon brand. The vendor list's
    // "L3Harris merged-from Harris Corporation" separates the first; a line in the
    // user's lineage file separates the second on the next run.
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let pairs = dir.path().join("pairs.csv");
    std::fs::write(
        &pairs,
        "name_a,name_b,label,kind\n\
         Harris Corporation,L3Harris Technologies,no_match,rename\n\
         OERLIKON CONTRAVES AG,Oerlikon Group,no_match,spin_off\n",
    )
    .unwrap();
    let wrong = |db: &std::path::Path| {
        json(db, &["evaluate", pairs.to_str().unwrap(), "--json"])["false_positives"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(wrong(&db), 1);
    // --explain says why: both names' nodes and how their pair scored.
    let why = ok(&db, &["evaluate", pairs.to_str().unwrap(), "--explain"]);
    assert!(
        why.contains("false_merge \"OERLIKON CONTRAVES AG\" / \"Oerlikon Group\""),
        "{why}"
    );
    assert!(
        why.contains("  a: [oerlikon") && why.contains("  anchors ["),
        "{why}"
    );
    let file = dir.path().join("lineage.csv");
    std::fs::write(
        &file,
        "subject,kind,object,date\nOerlikon Contraves,spun_off_from,Oerlikon Group,1999\n",
    )
    .unwrap();
    ok(
        &db,
        &["--quiet", "lineage", "import", file.to_str().unwrap()],
    );
    assert_eq!(wrong(&db), 0);
}

#[test]
fn a_users_lineage_file_joins_lineage_from_the_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let file = dir.path().join("lineage.csv");
    std::fs::write(
        &file,
        "subject,kind,object,date,note\nCognyte,spun_off_from,VERINT SYSTEMS INC.,2021-02,demerger\n",
    )
    .unwrap();
    ok(
        &db,
        &["--quiet", "lineage", "import", file.to_str().unwrap()],
    );
    let all = json(&db, &["--quiet", "lineage", "list", "--json"]);
    let mine: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["evidence"] == "the user's lineage file")
        .collect();
    assert_eq!(mine.len(), 1, "{all}");
    assert_eq!(mine[0]["kind"], "spun_off_from");
    assert!(
        mine[0]["subject_id"].is_string() && mine[0]["object_id"].is_string(),
        "{}",
        mine[0]
    );
    assert_ne!(mine[0]["subject_id"], mine[0]["object_id"]);
    // Vendor lists bring lineage too (e.g. Cytrox's acquisition by Wispear).
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["evidence"].as_str().unwrap().starts_with("vendor list")));
    assert!(ok(&db, &["lineage", "export"])
        .contains("Cognyte,spun_off_from,VERINT SYSTEMS INC.,2021-02,demerger"));

    std::fs::write(&file, "subject,kind,object\nA,bought,B\n").unwrap();
    let o = run(&db, &["lineage", "import", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("line 2: kind \"bought\" must be"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn company_table_snapshot() {
    insta::assert_snapshot!(ok(real_db(), &["company", "show", "Hacking Team"]));
}

#[test]
fn a_decision_removes_only_its_own_pair_from_the_review_queue() {
    // Regression: the queue's filter compared the decision's columns with themselves,
    // so the first decision of any kind emptied the whole queue.
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let mut store = fairwatch_store::Store::open(&db).unwrap();
    let before = store.review_pairs().unwrap();
    assert!(before.len() > 2);
    let decided = &before[0];
    let same = |p: &fairwatch_store::ReviewRow| {
        (p.name_a == decided.name_a && p.name_b == decided.name_b)
            || (p.name_a == decided.name_b && p.name_b == decided.name_a)
    };
    let expected = before.iter().filter(|p| !same(p)).count();
    store
        .add_decisions(&[fairwatch_store::DecisionRow {
            kind: "keep_apart".into(),
            name_a: decided.name_a.clone(),
            name_b: decided.name_b.clone(),
            who: "test".into(),
            note: String::new(),
            decided_at: String::new(),
        }])
        .unwrap();
    let after = store.review_pairs().unwrap();
    assert_eq!(after.len(), expected);
    assert!(!after.iter().any(same));
}
