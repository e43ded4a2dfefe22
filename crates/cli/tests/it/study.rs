//! The study on the real record: classification shown by `company show`, the four
//! answers (snapshot), reproducibility, sensitivity to one methodology value, and the
//! errors a bad methodology file gets.

use std::path::Path;

use crate::common::{copy_of_real_db, json, ok, real_db, run, stderr};

/// A copy of the built-in methodology with `edit` applied to its text.
fn methodology(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> String {
    let text = ok(real_db(), &["methodology", "show"]);
    let edited = edit(text.clone());
    assert_ne!(text, edited, "the edit must change the file");
    let path = dir.join(name);
    std::fs::write(&path, edited).unwrap();
    path.to_str().unwrap().to_string()
}

fn replace(from: &'static str, to: &'static str) -> impl Fn(String) -> String {
    move |s: String| {
        assert!(s.contains(from), "{from:?} is not in the methodology");
        s.replacen(from, to, 1)
    }
}

fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| f["company_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn analyze_answers_snapshot() {
    insta::assert_snapshot!(ok(real_db(), &["analyze", "--top", "8"]));
}

#[test]
fn the_same_inputs_give_byte_identical_json_with_both_hashes() {
    let a = ok(real_db(), &["analyze", "--json"]);
    let b = ok(real_db(), &["analyze", "--json"]);
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let finding = &v["finding"];
    let dataset = finding["dataset_sha256"].as_str().unwrap();
    assert_eq!(dataset.len(), 64);
    let check = json(real_db(), &["methodology", "check", "--json"]);
    assert_eq!(finding["methodology_sha256"], check["sha256"]);
    // The default window: the last ten years with exhibitor lists.
    assert_eq!(finding["window"]["to"].as_i64(), Some(2026));
    assert_eq!(finding["window"]["from"].as_i64(), Some(2017));
}

#[test]
fn q2_states_its_numerator_denominator_and_unknown_headquarters() {
    let q2 = json(real_db(), &["analyze", "q2", "--json"]);
    let firms = q2["firms"].as_array().unwrap();
    let outside = firms.iter().filter(|f| f["outside"] == true).count();
    assert_eq!(q2["numerator"].as_u64().unwrap() as usize, outside);
    assert_eq!(q2["denominator"].as_u64().unwrap() as usize, firms.len());
    assert!(q2["unknown_hq"].is_array());
    for f in firms {
        assert!(!f["hq_evidence"].as_str().unwrap().is_empty(), "{f}");
        if f["outside"] == true {
            assert!(!f["outside_events"].as_array().unwrap().is_empty(), "{f}");
        }
    }
}

#[test]
fn q4_cites_its_events_and_the_study_window_finds_known_proliferators() {
    let q4 = json(
        real_db(),
        &["analyze", "q4", "--from", "2012", "--to", "2021", "--json"],
    );
    for f in q4["firms"].as_array().unwrap() {
        for e in f["evidence"].as_array().unwrap() {
            let year = e["event"]["year"].as_i64().unwrap();
            assert!((2012..=2021).contains(&year), "{e}");
            assert!(
                e["reason"] == "hosted" || e["delegation"].is_string(),
                "{e}"
            );
        }
        if f["irresponsible"] == true {
            assert!(!f["allied_events"].as_array().unwrap().is_empty());
        }
    }
    // Two of the five firms the 2021 study named, on this record and window.
    let proliferators: Vec<String> = ids(&serde_json::Value::Array(
        q4["firms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["irresponsible"] == true)
            .cloned()
            .collect(),
    ));
    for firm in ["cellebrite", "verint"] {
        assert!(proliferators.contains(&firm.to_string()), "{firm} missing");
    }
}

#[test]
fn company_show_lists_capabilities_with_their_evidence() {
    let v = json(real_db(), &["company", "show", "MSAB", "--json"]);
    let caps = v["capabilities"].as_array().unwrap();
    let forensics = caps
        .iter()
        .find(|c| c["capability"] == "forensics")
        .expect("MSAB is assessed for forensics");
    assert_eq!(forensics["tier"], "high");
    let items = forensics["evidence"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["source"] == "vendor_list" && i["rule"] == "vendor-forensics"),
        "{items:?}"
    );
    assert!(v["classification"]["methodology_sha256"].is_string());
    let table = ok(real_db(), &["company", "show", "MSAB"]);
    assert!(
        table.contains("Capabilities (methodology fairwatch-default"),
        "{table}"
    );
}

#[test]
fn one_changed_value_changes_exactly_the_expected_answers() {
    let dir = tempfile::tempdir().unwrap();
    // Without delegation evidence, only question 4 can change, and only by losing firms.
    let no_delegations = methodology(
        dir.path(),
        "no-delegations.toml",
        replace("count = true", "count = false"),
    );
    let cmp = json(
        real_db(),
        &["analyze", "--compare", &no_delegations, "--json"],
    );
    assert_ne!(
        cmp["base"]["methodology_sha256"],
        cmp["other"]["methodology_sha256"]
    );
    for d in cmp["answers"].as_array().unwrap() {
        let (entered, left) = (
            d["entered"].as_array().unwrap().len(),
            d["left"].as_array().unwrap().len(),
        );
        assert!(d["tier_changed"].as_array().unwrap().is_empty(), "{d}");
        if d["answer"].as_str().unwrap().starts_with("q4") {
            assert_eq!(entered, 0, "{d}");
            assert!(left > 0, "{d}");
        } else {
            assert_eq!((entered, left), (0, 0), "{d}");
        }
    }
    // UN sub-regions refine continents: only the "outside" set of question 2 changes,
    // and only by gaining firms.
    let subregions = methodology(
        dir.path(),
        "subregions.toml",
        replace(
            "region_scheme = \"continent\"",
            "region_scheme = \"un_subregion\"",
        ),
    );
    let cmp = json(real_db(), &["analyze", "--compare", &subregions, "--json"]);
    for d in cmp["answers"].as_array().unwrap() {
        let (entered, left) = (
            d["entered"].as_array().unwrap().len(),
            d["left"].as_array().unwrap().len(),
        );
        if d["answer"] == "q2_outside" {
            assert!(entered > 0 && left == 0, "{d}");
        } else {
            assert_eq!((entered, left), (0, 0), "{d}");
        }
    }
}

#[test]
fn following_lineage_counts_hacking_team_and_memento_labs_once() {
    let plain = json(real_db(), &["analyze", "q1", "--from", "2012", "--json"]);
    let joined = json(
        real_db(),
        &[
            "analyze",
            "q1",
            "--from",
            "2012",
            "--follow-lineage",
            "--json",
        ],
    );
    let has = |v: &serde_json::Value, id: &str| ids(&v["firms"]).contains(&id.to_string());
    assert!(has(&plain, "hacking-team") && has(&plain, "memento-labs"));
    assert!(has(&joined, "memento-labs") && !has(&joined, "hacking-team"));
    let unit = joined["firms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["company_id"] == "memento-labs")
        .unwrap();
    assert!(unit["joined"].as_array().unwrap().len() >= 2, "{unit}");
}

#[test]
fn a_bad_methodology_names_the_key_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let bad = methodology(
        dir.path(),
        "bad.toml",
        replace(
            "region_scheme = \"continent\"",
            "region_scheme = \"planets\"",
        ),
    );
    let o = run(real_db(), &["--methodology", &bad, "analyze"]);
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("bad.toml"), "{err}");
    assert!(err.contains("questions.region_scheme"), "{err}");
    assert!(err.contains("hint: use one of: continent"), "{err}");

    let typo = methodology(
        dir.path(),
        "typo.toml",
        replace("\nlast_years = 10\n", "\nlast_yaers = 10\n"),
    );
    let o = run(real_db(), &["methodology", "check", &typo]);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("last_yaers"), "{}", stderr(&o));
}

#[test]
fn out_writes_every_table_with_the_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("findings");
    ok(
        real_db(),
        &["--quiet", "analyze", "--out", out.to_str().unwrap()],
    );
    for f in [
        "answers.json",
        "q1.csv",
        "q2.csv",
        "q3-fairs.csv",
        "q3-hosts.csv",
        "q4.csv",
        "timeline.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let q1 = std::fs::read_to_string(out.join("q1.csv")).unwrap();
    assert!(q1
        .lines()
        .next()
        .unwrap()
        .ends_with("dataset_sha256,methodology_sha256"));
    let o = run(real_db(), &["analyze", "--csv"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--out DIR"));
}

#[test]
fn a_users_methodology_is_stored_with_the_classification() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let mine = methodology(
        dir.path(),
        "mine.toml",
        replace("version = \"1\"", "version = \"mine-1\""),
    );
    ok(&db, &["--quiet", "--methodology", &mine, "classify"]);
    let v = json(
        &db,
        &["--methodology", &mine, "company", "show", "MSAB", "--json"],
    );
    assert_eq!(
        v["classification"]["methodology"],
        "fairwatch-default mine-1"
    );
}

#[test]
fn an_imported_specialist_show_is_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let list = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../sources/tests/fixtures/exhibitor_list/iss-world-europe-2019.csv");
    ok(&db, &["--quiet", "import", list.to_str().unwrap()]);
    // Re-resolved and re-classified on demand, since the data changed.
    let v = json(&db, &["--quiet", "company", "show", "VASTech", "--json"]);
    let interception = v["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["capability"] == "interception")
        .unwrap();
    let from_show: Vec<&serde_json::Value> = interception["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["rule"] == "series-iss-world-interception")
        .collect();
    assert_eq!(from_show.len(), 1, "{interception}");
    assert_eq!(from_show[0]["event"], "iss-world-europe-2019");
}

#[test]
fn answers_json_snapshot() {
    // The shape and the head of every answer, small enough to review in a diff.
    let mut v = json(real_db(), &["analyze", "--json"]);
    for (answer, list) in [
        ("q1", "firms"),
        ("q2", "firms"),
        ("q2", "unknown_hq"),
        ("q3", "fairs"),
        ("q3", "hosts"),
        ("q4", "firms"),
    ] {
        let items = v[answer][list].as_array_mut().unwrap();
        let total = items.len();
        items.truncate(3);
        v[answer][format!("{list}_total")] = total.into();
    }
    for y in v["timeline"]["years"].as_array_mut().unwrap() {
        for k in ["new_entrants", "exits"] {
            let n = y[k].as_array().unwrap().len();
            y[k] = n.into();
        }
    }
    for item in v["q4"]["firms"].as_array_mut().unwrap() {
        for k in ["evidence", "allied_events"] {
            let n = item[k].as_array().unwrap().len();
            item[k] = n.into();
        }
    }
    for item in v["q2"]["firms"].as_array_mut().unwrap() {
        let n = item["outside_events"].as_array().unwrap().len();
        item["outside_events"] = n.into();
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap());
}
