//! The publication layer on the real record: the static report as files (every link
//! resolves, every page carries the hashes, downloads are guarded), and the live
//! server's API in-process (no socket) through the same router `fairwatch serve` runs.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use fairwatch_core::country::Gazetteer;
use fairwatch_store::Store;
use fairwatch_study::{classify, Methodology};
use fairwatch_web::server::{router, AppState};
use fairwatch_web::Publication;

use crate::common::{copy_of_real_db, ok, real_db};

/// The publication of a database, built the way `fairwatch serve` builds it (the
/// database is already resolved and classified).
fn publication(db: &Path) -> (Publication, Store) {
    let store = Store::open(db).unwrap();
    let m = Methodology::builtin(&Gazetteer::builtin());
    let data = store.study_dataset().unwrap();
    let classes = classify(&data, &m);
    let sources = store.sources().unwrap();
    (Publication::new(data, classes, m, sources).unwrap(), store)
}

/// A server on a private copy of the real database. Decisions are not exercised
/// in-process (the browser test does that against the real binary), so the rebuild
/// hook reports that it was not expected.
fn server(editor_token: Option<&str>) -> (tempfile::TempDir, Arc<AppState>) {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let (p, store) = publication(&db);
    let rebuild = Box::new(|_: &mut Store| Err("rebuild is not part of this test".to_string()));
    let state = AppState::new(p, store, rebuild, editor_token.map(str::to_string));
    (dir, state)
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn send(state: &Arc<AppState>, req: Request<Body>) -> Reply {
    let res = router(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(state: &Arc<AppState>, uri: &str) -> Reply {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Relative `href="..."` targets in a page, without fragments and queries.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| !h.starts_with("http") && !h.starts_with('#') && !h.starts_with("mailto:"))
        .map(|h| h.split(['#', '?']).next().unwrap().to_string())
        .filter(|h| !h.is_empty())
        .collect()
}

#[test]
fn report_is_a_complete_self_contained_site() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_real_db(dir.path());
    let out = dir.path().join("site");
    let printed = ok(&db, &["report", "--out", out.to_str().unwrap()]);
    assert!(printed.contains("Report written: "), "{printed}");
    assert!(printed.contains("Q1 "), "{printed}");
    let store = Store::open(&db).unwrap();
    let dataset = store.dataset_sha256().unwrap();
    let methodology = Methodology::builtin(&Gazetteer::builtin()).sha256;
    assert!(printed.contains(&dataset));

    let mut pages = 0;
    let mut missing = BTreeSet::new();
    for entry in walk(&out) {
        if entry.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(&entry).unwrap();
        assert!(
            html.contains(&dataset),
            "{} lacks the dataset hash",
            entry.display()
        );
        assert!(
            html.contains(&methodology),
            "{} lacks the methodology hash",
            entry.display()
        );
        assert!(
            !html.contains("<script"),
            "{} has a script",
            entry.display()
        );
        for link in links(&html) {
            let target = entry.parent().unwrap().join(&link);
            if !target.exists() {
                missing.insert(format!("{} -> {link}", entry.display()));
            }
        }
    }
    assert!(pages > 500, "{pages} pages");
    assert!(missing.is_empty(), "broken links: {missing:#?}");

    // Every chart and map has its table; the map has shaded countries.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for id in [
        "map-markets",
        "map-adversaries",
        "chart-years",
        "chart-fairs",
        "chart-hosts",
        "chart-flows",
    ] {
        assert!(index.contains(&format!("id=\"{id}\"")), "index lacks {id}");
    }
    assert!(index.matches("class=\"country has-value\"").count() > 10);
    assert!(index.matches("<table").count() >= 6);

    // Downloads: the Q1 table as CSV and JSON, with the finding's hashes in the JSON.
    let csv = std::fs::read_to_string(out.join("q1-firms.csv")).unwrap();
    assert!(csv.starts_with("firm,tier,capabilities,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("q1-firms.json")).unwrap()).unwrap();
    assert_eq!(json["finding"]["dataset_sha256"], dataset.as_str());
    assert_eq!(
        json["rows"].as_array().unwrap().len() + 1,
        csv.lines().count()
    );

    // A second run replaces the report; a directory that is not a report is refused.
    ok(&db, &["--quiet", "report", "--out", out.to_str().unwrap()]);
    let other = dir.path().join("mine");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep me").unwrap();
    let o = crate::common::run(&db, &["report", "--out", other.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(crate::common::stderr(&o).contains("is not a Fairwatch report"));
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "keep me"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn api_answers_follow_filters_and_carry_hashes() {
    let (_dir, s) = server(None);
    runtime().block_on(async {
        let meta = get(&s, "/api/meta").await;
        assert_eq!(meta.status, StatusCode::OK);
        let meta = meta.json();
        let dataset = Store::open(real_db()).unwrap().dataset_sha256().unwrap();
        assert_eq!(meta["finding"]["dataset_sha256"], dataset.as_str());
        assert_eq!(meta["editing"], false);

        let all = get(&s, "/api/answers").await.json();
        assert_eq!(all["finding"]["dataset_sha256"], dataset.as_str());
        let study = get(&s, "/api/answers?from=2012&to=2021").await.json();
        assert_eq!(study["finding"]["window"]["from"], 2012);
        assert_eq!(study["finding"]["window"]["to"], 2021);
        assert_ne!(all["q3"], study["q3"]);

        // Only high tier: fewer firms, and a different methodology hash.
        let high = get(&s, "/api/q2?tiers=high").await.json();
        assert_ne!(
            high["finding"]["methodology_sha256"],
            all["finding"]["methodology_sha256"]
        );
        assert!(
            high["q2"]["denominator"].as_u64().unwrap()
                < all["q2"]["denominator"].as_u64().unwrap()
        );

        let bad = get(&s, "/api/answers?region=planets").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(
            bad.json()["error"]
                .as_str()
                .unwrap()
                .contains("region_scheme"),
            "{}",
            bad.body
        );
        let bad = get(&s, "/api/answers?tiers=best").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(get(&s, "/api/q9").await.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn api_search_companies_and_fairs() {
    let (_dir, s) = server(None);
    runtime().block_on(async {
        let hits = get(&s, "/api/search?q=hacking%20team").await.json();
        let first = &hits["hits"][0];
        assert_eq!(first["kind"], "company", "{hits}");
        let href = first["href"].as_str().unwrap().to_string();
        let id = href
            .trim_start_matches("companies/")
            .trim_end_matches(".html");

        let c = get(&s, &format!("/api/companies/{id}")).await;
        assert_eq!(c.status, StatusCode::OK);
        let c = c.json();
        assert!(c["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("hacking"));
        assert!(!c["appearances"].as_array().unwrap().is_empty());
        assert_eq!(
            get(&s, "/api/companies/no-such-firm").await.status,
            StatusCode::NOT_FOUND
        );

        let page = get(&s, &format!("/{href}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Appearances, in date order"));
        assert!(page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'none'"));

        let high = get(&s, "/api/companies?tier=high&limit=5").await.json();
        assert_eq!(high["companies"].as_array().unwrap().len(), 5);
        assert!(high["companies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["tier"] == "high"));

        let fairs = get(&s, "/api/fairs").await.json();
        let key = fairs["fairs"][0]["key"].as_str().unwrap().to_string();
        let fair = get(&s, &format!("/api/fairs/{key}")).await.json();
        assert!(!fair["editions"].as_array().unwrap().is_empty());

        let empty = get(&s, "/api/search?q=").await.json();
        assert!(empty["hits"].as_array().unwrap().is_empty());
    });
}

#[test]
fn pages_and_downloads_are_served_at_the_report_paths() {
    let (_dir, s) = server(None);
    runtime().block_on(async {
        for path in [
            "/",
            "/index.html",
            "/q1.html",
            "/q2.html",
            "/q3.html",
            "/q4.html",
            "/fairs.html",
            "/methodology.html",
            "/provenance.html",
            "/search?q=gamma",
            "/review",
            "/api",
            "/login",
        ] {
            let r = get(&s, path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert!(r.body.contains("dataset sha256"), "{path}");
        }
        let csv = get(&s, "/q1-firms.csv").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let json = get(&s, "/q4-evidence.json?from=2012&to=2021").await.json();
        assert_eq!(json["finding"]["window"]["from"], 2012);
        assert_eq!(
            get(&s, "/nothing-here.html").await.status,
            StatusCode::NOT_FOUND
        );
        let years = get(&s, "/index-years.csv").await;
        assert!(
            years.body.starts_with("year,events with lists,firms,"),
            "{}",
            years.body
        );
        let answers = get(&s, "/answers.json?tiers=high").await.json();
        assert_eq!(answers["finding"]["tiers"], serde_json::json!(["high"]));
        // Downloads on a filtered page carry its filter.
        let page = get(&s, "/q1.html?from=2012&to=2021").await;
        assert!(page
            .body
            .contains("href=\"q1-firms.csv?from=2012&amp;to=2021\""));
        // The audit trail is for editors only.
        assert_eq!(
            get(&s, "/review-audit.csv").await.status,
            StatusCode::UNAUTHORIZED
        );
        let doc = get(&s, "/openapi.json").await.json();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/search"].is_object());
    });
}

#[test]
fn editing_needs_the_token_a_session_and_its_csrf_token() {
    // Read-only server: every write is refused.
    let (_dir, ro) = server(None);
    runtime().block_on(async {
        let r = send(
            &ro,
            Request::post("/api/review/1")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"decision":"merge"}"#))
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let page = get(&ro, "/review").await;
        assert!(
            !page.body.contains("name=\"csrf\""),
            "read-only review page has forms"
        );
    });

    let (_dir, s) = server(Some("s3cret"));
    runtime().block_on(async {
        let r = send(
            &s,
            Request::get("/api/review")
                .header(header::AUTHORIZATION, "Bearer wrong")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = send(
            &s,
            Request::get("/api/review")
                .header(header::AUTHORIZATION, "Bearer s3cret")
                .header("x-fairwatch-editor", "ana")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        let pair = r.json()["pairs"][0]["id"].as_i64().unwrap();

        // A form post without a session, then with a session but a forged CSRF token.
        let form = |cookie: Option<&str>, csrf: &str| {
            let mut b = Request::post(format!("/review/{pair}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if let Some(c) = cookie {
                b = b.header(header::COOKIE, c);
            }
            b.body(Body::from(format!("csrf={csrf}&decision=merge")))
                .unwrap()
        };
        assert_eq!(
            send(&s, form(None, "x")).await.status,
            StatusCode::UNAUTHORIZED
        );
        let bad_login = send(
            &s,
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("who=ana&token=nope"))
                .unwrap(),
        )
        .await;
        assert_eq!(bad_login.status, StatusCode::UNAUTHORIZED);
        let login = send(
            &s,
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("who=ana&token=s3cret"))
                .unwrap(),
        )
        .await;
        assert_eq!(login.status, StatusCode::SEE_OTHER);
        let cookie = login.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        let cookie = cookie.split(';').next().unwrap().to_string();
        let forged = send(&s, form(Some(&cookie), "forged")).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(forged.body.contains("CSRF"));

        // Signed in, the review page has forms and the audit trail shows the sign-in.
        let page = send(
            &s,
            Request::get("/review")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(page.body.contains("name=\"csrf\""));
        assert!(page.body.contains("editor.login"));
        let audit = send(
            &s,
            Request::get("/api/audit")
                .header(header::AUTHORIZATION, "Bearer s3cret")
                .header("x-fairwatch-editor", "ana")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .json();
        assert_eq!(audit["entries"][0]["who"], "ana");
        assert_eq!(audit["entries"][0]["action"], "editor.login");
        let csv = send(
            &s,
            Request::get("/review-audit.csv")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.contains("editor.login"));
    });
}

#[test]
fn api_screens_one_name_or_a_batch_and_records_each_run() {
    use fairwatch_screen::{Matcher, Settings};
    use fairwatch_sources::lists::{EntityKind, ListEntry, NameKind};
    let (_dir, s) = server(None);
    let mut nso = ListEntry::new("fw-el-0001", EntityKind::Organisation, "NSO Group");
    nso.add_name("NSO Group Technologies Ltd.", NameKind::Alias);
    nso.countries.push("IL".into());
    let matcher = Matcher::new(
        vec![("bis-entity-list-spyware".into(), vec![nso])],
        Settings::default(),
    );
    let lists = serde_json::json!([{"key": "bis-entity-list-spyware", "version": 1}]);
    let s = AppState::with_screening(s, matcher, lists);
    runtime().block_on(async {
        let one = get(
            &s,
            "/api/screen?name=NSO%20Group%20Technologies&country=IL&type=company",
        )
        .await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.body);
        let one = one.json();
        let hit = &one["results"][0]["hits"][0];
        assert_eq!(hit["entry_id"], "fw-el-0001");
        assert_eq!(hit["alert"], true);
        assert_eq!(one["algorithm"], "fairwatch-screen/2");
        let first_run = one["run"].as_i64().unwrap();

        let batch = send(
            &s,
            Request::post("/api/screen")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"queries":[{"name":"EFFBE GAMMA"},{"name":"NSO GROUP","type":"company"}]}"#,
                ))
                .unwrap(),
        )
        .await;
        assert_eq!(batch.status, StatusCode::OK, "{}", batch.body);
        let batch = batch.json();
        assert!(batch["results"][0]["hits"].as_array().unwrap().is_empty());
        assert_eq!(batch["results"][1]["hits"][0]["alert"], true);
        assert_eq!(batch["run"].as_i64().unwrap(), first_run + 1);

        assert_eq!(
            get(&s, "/api/screen?name=").await.status,
            StatusCode::BAD_REQUEST
        );
        let bad = get(&s, "/api/screen?name=x&type=robot").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("company or person"));
    });
}
