//! Importing a generic exhibitor list (CSV/XLSX + sidecar) into a database that holds
//! the real record; hostile names stay inert in every output.

use std::path::PathBuf;

use crate::common::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../sources/tests/fixtures/exhibitor_list")
        .join(name)
}

#[test]
fn a_transcribed_list_joins_the_record_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let csv = fixture("iss-world-europe-2019.csv");
    let out = json(&db, &["--quiet", "import", csv.to_str().unwrap(), "--json"]);
    assert_eq!(out["outcome"], "stored");
    assert_eq!(out["appearances"], 8);

    let event = json(&db, &["event", "iss-world-europe-2019", "--json"]);
    assert_eq!(event["host_iso2"], "CZ");
    assert_eq!(event["exhibitor_list_incomplete"], true);
    assert_eq!(event["source"]["key"], "list:iss-world-europe-2019");
    assert_eq!(event["source"]["publisher"], "TeleStrategies");
    let rows = event["exhibitor_rows"].as_array().unwrap();
    assert_eq!(rows[1]["name"], "Micro Systemation AB");
    assert_eq!(rows[1]["aliases"][0], "MSAB");
    assert_eq!(rows[1]["country_iso2"], "SE");
    assert_eq!(
        rows[0]["categories"],
        serde_json::json!(["Mobile Forensics", "Digital Forensics"])
    );

    // The CAAT record is untouched and search sees both sources.
    let stats = json(&db, &["stats", "--json"]);
    assert_eq!(stats["appearances"], 222_845 + 8);
    assert_eq!(
        stats["sources"], 4,
        "the record, two vendor lists and the new list"
    );
    let hits = json(&db, &["search", "vastech", "--json"]);
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["event_slug"] == "iss-world-europe-2019"));

    // The same list as XLSX is the same event: a different file, so a new version of the
    // source replaces the CSV one, with identical rows.
    let xlsx = fixture("iss-world-europe-2019.xlsx");
    let sidecar = fixture("iss-world-europe-2019.toml");
    let out = json(
        &db,
        &[
            "--quiet",
            "import",
            xlsx.to_str().unwrap(),
            "--sidecar",
            sidecar.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out["replaced"], true);
    let again = json(&db, &["event", "iss-world-europe-2019", "--json"]);
    assert_eq!(again["exhibitor_rows"], event["exhibitor_rows"]);
}

#[test]
fn an_imported_slug_may_not_take_over_a_caat_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let csv = fixture("iss-world-europe-2019.csv");
    let o = run(
        &db,
        &[
            "import",
            csv.to_str().unwrap(),
            "--slug",
            "milipol-paris-2019",
        ],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("already in the database from source \"caat\""),
        "{}",
        stderr(&o)
    );
    assert_eq!(json(&db, &["stats", "--json"])["appearances"], 222_845);
}

#[test]
fn flags_describe_the_event_without_a_sidecar_and_errors_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "Exhibitor,Country\nAcme Interception,France\n").unwrap();
    let o = run(
        &db,
        &["--quiet", "import", list.to_str().unwrap(), "--series", "x"],
    );
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
    assert!(stderr(&o).contains("name"), "{}", stderr(&o));

    ok(
        &db,
        &[
            "--quiet",
            "import",
            list.to_str().unwrap(),
            "--name",
            "Expo X 2020",
            "--series",
            "expo-x",
            "--edition",
            "2020",
            "--approx-date",
            "2020-05",
            "--host-country",
            "Russian Federation",
        ],
    );
    let e = json(&db, &["event", "expo-x-2020", "--json"]);
    assert_eq!(e["host_iso2"], "RU");
    assert_eq!(e["exhibitor_rows"][0]["country_iso2"], "FR");
}

#[test]
fn hostile_names_stay_text_in_tables_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let list = dir.path().join("hostile.csv");
    std::fs::write(
        &list,
        "name,country\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",FR\n<script>alert(1)</script> GmbH,DE\n\"Esc\u{1b}[2J Ltd\",GB\n",
    )
    .unwrap();
    ok(
        &db,
        &[
            "--quiet",
            "import",
            list.to_str().unwrap(),
            "--name",
            "H 2020",
            "--series",
            "h",
            "--edition",
            "2020",
            "--approx-date",
            "2020",
        ],
    );
    let csv = ok(&db, &["event", "h-2020", "--csv"]);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let table = ok(&db, &["event", "h-2020"]);
    assert!(
        !table.contains('\u{1b}'),
        "escape sequences never reach the terminal"
    );
    assert!(table.contains("<script>alert(1)</script> GmbH"));
    let j = json(&db, &["event", "h-2020", "--json"]);
    assert_eq!(
        j["exhibitor_rows"][0]["name"],
        "=HYPERLINK(\"http://x\",\"y\")"
    );
}
