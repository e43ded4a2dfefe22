//! Exploring: stats, events with filters, one event, search; tables, JSON and CSV.

use crate::common::*;

#[test]
fn stats_table_snapshot() {
    insta::assert_snapshot!(ok(real_db(), &["stats"]));
}

#[test]
fn events_filter_by_series_years_host_and_region() {
    let db = real_db();
    let milipol = json(db, &["events", "--series", "milipol-paris", "--json"]);
    let rows = milipol.as_array().unwrap();
    assert!(rows.len() >= 5, "{milipol}");
    assert!(rows
        .iter()
        .all(|e| e["series_key"] == "milipol-paris" && e["host_iso2"] == "FR"));
    // The series' name works as well as its key.
    assert_eq!(
        json(db, &["events", "--series", "Milipol Paris", "--json"]),
        milipol
    );

    let window = json(db, &["events", "--from", "2015", "--to", "2016", "--json"]);
    assert!(window.as_array().unwrap().iter().all(|e| {
        let y = e["year"].as_i64().unwrap();
        (2015..=2016).contains(&y)
    }));

    let by_name = json(db, &["events", "--host", "Russian Federation", "--json"]);
    let by_code = json(db, &["events", "--host", "ru", "--json"]);
    assert_eq!(by_name, by_code);
    assert!(!by_code.as_array().unwrap().is_empty());

    let europe = json(db, &["events", "--region", "europe", "--json"]);
    let europe = europe.as_array().unwrap();
    assert!(europe.iter().any(|e| e["host_iso2"] == "FR"));
    assert!(!europe
        .iter()
        .any(|e| e["host_iso2"] == "US" || e["host_iso2"] == "CN"));

    let o = run(db, &["events", "--region", "atlantis"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("unknown region \"atlantis\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn event_shows_exhibitors_and_delegations() {
    let db = real_db();
    // An event with a delegation list: every delegation shows.
    let events = json(db, &["events", "--json"]);
    let with_delegations = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["delegations"].as_i64().unwrap() > 0 && e["exhibitors"].as_i64().unwrap() > 0)
        .expect("some event has both lists");
    let slug = with_delegations["slug"].as_str().unwrap();
    let detail = json(db, &["event", slug, "--json"]);
    assert_eq!(
        detail["delegation_rows"].as_array().unwrap().len() as i64,
        with_delegations["delegations"].as_i64().unwrap()
    );
    assert_eq!(
        detail["exhibitor_rows"].as_array().unwrap().len() as i64,
        with_delegations["exhibitors"].as_i64().unwrap()
    );
    let table = ok(db, &["event", slug]);
    assert!(
        table.contains("Delegations (") && table.contains("Exhibitors ("),
        "{table}"
    );

    let o = run(db, &["event", "no-such-event-1999"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("fairwatch events"), "{}", stderr(&o));
}

#[test]
fn event_table_snapshot() {
    insta::assert_snapshot!(ok(real_db(), &["event", "3cdse-2018"]));
}

#[test]
fn search_ignores_case_and_diacritics() {
    let db = real_db();
    let upper = json(db, &["search", "HACKING TEAM", "--json"]);
    let lower = json(db, &["search", "hacking team", "--json"]);
    assert_eq!(upper, lower);
    assert!(!upper.as_array().unwrap().is_empty());
    // "Thalès" and "thales" find the same rows.
    assert_eq!(
        json(db, &["search", "Thalès", "--json"]),
        json(db, &["search", "thales", "--json"])
    );
    // LIKE wildcards in the query are literal: "%" finds only names with a percent sign.
    let percent = json(db, &["search", "%", "--json"]);
    let percent = percent.as_array().unwrap();
    assert!(!percent.is_empty());
    assert!(percent
        .iter()
        .all(|r| r["name"].as_str().unwrap().contains('%')));
    let csv = ok(db, &["search", "cellebrite", "--csv"]);
    assert!(
        csv.starts_with("event,year,host,name,country,categories\n"),
        "{csv}"
    );
    assert!(csv.lines().count() > 5, "{csv}");
}
