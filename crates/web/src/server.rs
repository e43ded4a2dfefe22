//! `fairwatch serve`: the report's pages live, plus search, filters, a JSON API with an
//! OpenAPI description, and (for editors) the review queue.
//!
//! Reads are served from an in-memory [`Publication`] behind an `RwLock<Arc<_>>`: a
//! request clones the `Arc` and never waits for a writer. Filtered answers are cached
//! per filter. Editing is off unless the server was started with an editor token;
//! a browser editor signs in once (session cookie, `HttpOnly`, `SameSite=Strict`) and
//! every form carries the session's CSRF token; API clients send the token as a bearer
//! header instead, which browsers never attach on their own. Each decision is written
//! with its audit entry in one transaction, then the record is re-resolved and the new
//! publication swapped in.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use fairwatch_screen::{Matcher, Query as Party};
use fairwatch_sources::lists::EntityKind;
use fairwatch_store::{DecisionRow, ScreeningRun, Store};
use fairwatch_study::{Answers, Methodology};

use crate::page::{layout, Page, STYLE_CSS};
use crate::pages::{self, View};
use crate::publication::{Filter, Publication};

/// Rebuilds the publication after the record changed (a review decision): re-resolve,
/// reload, reclassify. Supplied by the caller, which owns the pipeline.
pub type Rebuild = dyn Fn(&mut Store) -> Result<Publication, String> + Send + Sync;

struct Session {
    who: String,
    csrf: String,
}

/// Everything the handlers share.
pub struct AppState {
    publication: RwLock<Arc<Publication>>,
    store: Mutex<Store>,
    rebuild: Box<Rebuild>,
    editor_token: Option<String>,
    sessions: Mutex<HashMap<String, Session>>,
    answers: Mutex<HashMap<Filter, Arc<(Methodology, Answers)>>>,
    /// The screening matcher over the lists in force, when the server screens, with
    /// the lists it was built from (recorded with every run).
    screening: Option<(Matcher, Value)>,
}

/// Names one batch request may screen.
const SCREEN_BATCH: usize = 10_000;

/// Filtered answers kept at most; beyond this the cache starts over.
const ANSWER_CACHE: usize = 64;

impl AppState {
    pub fn new(
        publication: Publication,
        store: Store,
        rebuild: Box<Rebuild>,
        editor_token: Option<String>,
    ) -> Arc<AppState> {
        Arc::new(AppState {
            publication: RwLock::new(Arc::new(publication)),
            store: Mutex::new(store),
            rebuild,
            editor_token: editor_token.filter(|t| !t.is_empty()),
            sessions: Mutex::new(HashMap::new()),
            answers: Mutex::new(HashMap::new()),
            screening: None,
        })
    }

    /// The same state with screening endpoints over `matcher`; `lists` (JSON: key,
    /// version, sha256 of each list) is recorded with every screening run.
    pub fn with_screening(state: Arc<AppState>, matcher: Matcher, lists: Value) -> Arc<AppState> {
        let mut s = Arc::into_inner(state).expect("not shared before serving");
        s.screening = Some((matcher, lists));
        Arc::new(s)
    }

    fn matcher(&self) -> Result<&(Matcher, Value), ApiError> {
        self.screening.as_ref().ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "this server does not screen",
                "start it with `fairwatch serve` on a database with lists",
            )
        })
    }

    fn publication(&self) -> Arc<Publication> {
        self.publication.read().expect("lock").clone()
    }

    fn answers(
        &self,
        p: &Publication,
        f: &Filter,
    ) -> Result<Arc<(Methodology, Answers)>, ApiError> {
        if let Some(a) = self.answers.lock().expect("lock").get(f) {
            return Ok(a.clone());
        }
        let a = Arc::new(p.answer(f).map_err(|e| ApiError::bad(&e))?);
        let mut cache = self.answers.lock().expect("lock");
        if cache.len() >= ANSWER_CACHE {
            cache.clear();
        }
        cache.insert(f.clone(), a.clone());
        Ok(a)
    }

    /// The editor signed in through this request's cookie, if any.
    fn session(&self, headers: &HeaderMap) -> Option<(String, String)> {
        let id = cookie(headers, SESSION_COOKIE)?;
        let sessions = self.sessions.lock().expect("lock");
        sessions.get(&id).map(|s| (s.who.clone(), s.csrf.clone()))
    }

    /// The editor named by a bearer token and `X-Fairwatch-Editor`, for API clients.
    fn bearer(&self, headers: &HeaderMap) -> Result<String, ApiError> {
        let Some(token) = &self.editor_token else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "this server is read-only",
                "start it with --editor-token to allow review decisions",
            ));
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !constant_time_eq(given.as_bytes(), token.as_bytes()) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing or wrong editor token",
                "send Authorization: Bearer <token>",
            ));
        }
        let who = headers
            .get("x-fairwatch-editor")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .ok_or_else(|| ApiError::bad("say who is deciding in the X-Fairwatch-Editor header"))?;
        Ok(who.chars().take(80).collect())
    }
}

const SESSION_COOKIE: &str = "fairwatch_editor";

/// Review pairs shown on one page, strongest first.
const REVIEW_PAGE: usize = 100;

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares secrets without an early exit, so timing does not reveal a prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random number generator");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An API error: status, message and what to do.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    hint: String,
}

impl ApiError {
    fn new(status: StatusCode, error: &str, hint: &str) -> ApiError {
        ApiError {
            status,
            error: error.into(),
            hint: hint.into(),
        }
    }

    fn bad(error: &str) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, error, "see /openapi.json")
    }

    fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            &format!("no such {what}"),
            "search with /api/search?q=",
        )
    }

    fn internal(e: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            &e.to_string(),
            "see the server's log",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({ "error": self.error, "hint": self.hint })),
        )
            .into_response()
    }
}

/// The router: pages, downloads, API, OpenAPI.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/search", get(search_page))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/review", get(review_page))
        .route("/review/{id}", post(review_decide))
        .route("/api", get(api_index))
        .route("/openapi.json", get(openapi))
        .route("/api/openapi.json", get(openapi))
        .route("/api/meta", get(api_meta))
        .route("/api/answers", get(api_answers))
        .route("/api/{question}", get(api_question))
        .route("/api/companies", get(api_companies))
        .route("/api/companies/{id}", get(api_company))
        .route("/api/fairs", get(api_fairs))
        .route("/api/fairs/{key}", get(api_fair))
        .route("/api/search", get(api_search))
        .route("/api/review", get(api_review))
        .route("/api/review/{id}", post(api_review_decide))
        .route("/api/audit", get(api_audit))
        .route("/api/screen", get(api_screen_one).post(api_screen_batch))
        .fallback(get(page))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    r
}

/// Serves on a runtime of its own until Ctrl-C: for callers that are not async.
pub fn run_blocking(state: Arc<AppState>, addr: SocketAddr) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(state, addr))
}

/// Binds and serves until Ctrl-C.
pub async fn serve(state: Arc<AppState>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

fn html_page(page: &Page, v: &View) -> Response {
    Html(layout(page, &v.ctx()).into_string()).into_response()
}

fn view<'a>(
    p: &'a Publication,
    a: &'a (Methodology, Answers),
    filter: Filter,
    editor: bool,
) -> View<'a> {
    View {
        p,
        m: &a.0,
        a: &a.1,
        live: true,
        filter,
        editor,
    }
}

/// The pages the report has, at the same paths, and their table downloads.
fn build_page(v: &View, path: &str) -> Option<Page> {
    let p = v.p;
    Some(match path {
        "" | "index.html" => pages::index(v),
        "q1.html" => pages::q1(v),
        "q2.html" => pages::q2(v),
        "q3.html" => pages::q3(v),
        "q4.html" => pages::q4(v),
        "fairs.html" => pages::fairs(v),
        "methodology.html" => pages::methodology(v),
        "provenance.html" => pages::provenance(v),
        _ => {
            if let Some(id) = path
                .strip_prefix("companies/")
                .and_then(|r| r.strip_suffix(".html"))
            {
                pages::company(v, *p.company_index.get(id)?)
            } else if let Some(key) = path
                .strip_prefix("fairs/")
                .and_then(|r| r.strip_suffix(".html"))
            {
                pages::fair(v, p.series.get(key)?)
            } else {
                return None;
            }
        }
    })
}

async fn page(
    State(s): State<Arc<AppState>>,
    uri: Uri,
    Query(filter): Query<Filter>,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().trim_start_matches('/').to_string();
    if path == "style.css" {
        return (
            [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
            STYLE_CSS,
        )
            .into_response();
    }
    let p = s.publication();
    let a = match s.answers(&p, &filter) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let session = s.session(&headers);
    match path.as_str() {
        // The report's whole-answer files, under the filter in force.
        "answers.json" => return json_text(serde_json::to_string_pretty(&a.1)),
        "methodology.json" => return json_text(serde_json::to_string_pretty(&a.0.spec)),
        // The review page's audit table: editors only, like the page that shows it.
        "review-audit.csv" | "review-audit.json" => {
            if session.is_none() {
                return ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "the audit trail is for editors",
                    "sign in at /login",
                )
                .into_response();
            }
            let entries = {
                let store = s.store.lock().expect("lock");
                match store.audit_log(0) {
                    Ok(e) => e,
                    Err(e) => return ApiError::internal(e).into_response(),
                }
            };
            let t = pages::live::audit_table(&entries);
            return if path.ends_with(".csv") {
                (
                    [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
                    t.to_csv(),
                )
                    .into_response()
            } else {
                json_text(Ok(t.to_json(&Value::Null)))
            };
        }
        _ => {}
    }
    let v = view(&p, &a, filter, session.is_some());
    if let Some(page) = build_page(&v, &path) {
        return html_page(&page, &v);
    }
    // A table download: `<page stem>-<table>.csv|json`.
    for ext in ["csv", "json"] {
        let Some(stem) = path.strip_suffix(&format!(".{ext}")) else {
            continue;
        };
        for (i, _) in stem.match_indices('-').rev() {
            let (page_stem, table) = (&stem[..i], &stem[i + 1..]);
            let Some(page) = build_page(&v, &format!("{page_stem}.html")) else {
                continue;
            };
            if let Some(t) = page.tables.iter().find(|t| t.id == table) {
                return if ext == "csv" {
                    (
                        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
                        t.to_csv(),
                    )
                        .into_response()
                } else {
                    let meta = serde_json::to_value(&v.a.finding).unwrap_or(Value::Null);
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        t.to_json(&meta),
                    )
                        .into_response()
                };
            }
        }
    }
    let page = Page {
        path: "404".into(),
        title: "Not found".into(),
        body: maud::html! {
            h1 { "Not found" }
            p { "There is no page at " code { "/" (path) } ". Try the " a href="/search" { "search" } "." }
        },
        tables: Vec::new(),
    };
    (StatusCode::NOT_FOUND, html_page(&page, &v)).into_response()
}

fn json_text(text: Result<String, serde_json::Error>) -> Response {
    match text {
        Ok(t) => ([(header::CONTENT_TYPE, "application/json")], t).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    limit: Option<usize>,
}

async fn search_page(
    State(s): State<Arc<AppState>>,
    Query(q): Query<SearchQuery>,
    headers: HeaderMap,
) -> Response {
    let p = s.publication();
    let a = match s.answers(&p, &Filter::default()) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let v = view(&p, &a, Filter::default(), s.session(&headers).is_some());
    let hits = p.search.search(&q.q, q.limit.unwrap_or(20).min(100));
    html_page(&pages::live::search(&q.q, &hits), &v)
}

async fn login_form(State(s): State<Arc<AppState>>) -> Response {
    let p = s.publication();
    let v = View::report(&p);
    let v = View { live: true, ..v };
    let error = s
        .editor_token
        .is_none()
        .then_some("This server is read-only: it was started without an editor token.");
    html_page(&pages::live::login(error), &v)
}

#[derive(Deserialize)]
struct LoginForm {
    who: String,
    token: String,
}

async fn login(State(s): State<Arc<AppState>>, Form(f): Form<LoginForm>) -> Response {
    let ok = s
        .editor_token
        .as_ref()
        .is_some_and(|t| constant_time_eq(f.token.as_bytes(), t.as_bytes()));
    let who: String = f.who.trim().chars().take(80).collect();
    if !ok || who.is_empty() {
        let p = s.publication();
        let v = View {
            live: true,
            ..View::report(&p)
        };
        let page = pages::live::login(Some(if who.is_empty() {
            "Give your name: it is recorded with every decision."
        } else {
            "Wrong editor token."
        }));
        return (StatusCode::UNAUTHORIZED, html_page(&page, &v)).into_response();
    }
    let id = random_token();
    s.sessions.lock().expect("lock").insert(
        id.clone(),
        Session {
            who: who.clone(),
            csrf: random_token(),
        },
    );
    {
        let mut store = s.store.lock().expect("lock");
        let _ = store.audit(&who, "editor.login", "", "{}", "web");
    }
    let cookie = format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/review")).into_response()
}

async fn logout(State(s): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        s.sessions.lock().expect("lock").remove(&id);
    }
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

#[derive(Deserialize)]
struct Notice {
    notice: Option<String>,
}

async fn review_page(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(n): Query<Notice>,
) -> Response {
    let session = s.session(&headers);
    let (mut pairs, audit) = {
        let store = s.store.lock().expect("lock");
        let pairs = match store.review_pairs() {
            Ok(p) => p,
            Err(e) => return ApiError::internal(e).into_response(),
        };
        let audit = if session.is_some() {
            store.audit_log(50).unwrap_or_default()
        } else {
            Vec::new()
        };
        (pairs, audit)
    };
    let p = s.publication();
    let a = match s.answers(&p, &Filter::default()) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let v = view(&p, &a, Filter::default(), session.is_some());
    let notice = n.notice.as_deref().map(|n| match n {
        "merged" => "Recorded: merge. The record was re-resolved.",
        "kept" => "Recorded: keep apart. The record was re-resolved.",
        _ => "",
    });
    let total = pairs.len();
    pairs.truncate(REVIEW_PAGE);
    let page = pages::live::review(
        &v,
        &pairs,
        total,
        &audit,
        session.as_ref().map(|s| s.0.as_str()),
        session.as_ref().map(|s| s.1.as_str()),
        notice.filter(|n| !n.is_empty()),
    );
    html_page(&page, &v)
}

#[derive(Deserialize)]
struct DecideForm {
    csrf: String,
    decision: String,
    #[serde(default)]
    note: String,
}

async fn review_decide(
    State(s): State<Arc<AppState>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<DecideForm>,
) -> Response {
    let Some((who, csrf)) = s.session(&headers) else {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "not signed in as an editor",
            "sign in at /login",
        )
        .into_response();
    };
    if !constant_time_eq(f.csrf.as_bytes(), csrf.as_bytes()) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "the form's CSRF token does not match your session",
            "reload the review page and try again",
        )
        .into_response();
    }
    match decide(&s, id, &f.decision, &who, &f.note).await {
        Ok(_) => {
            let n = if f.decision == "merge" {
                "merged"
            } else {
                "kept"
            };
            Redirect::to(&format!("/review?notice={n}")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// Records a decision on review pair `id` with its audit entry, then re-resolves and
/// swaps in the rebuilt publication. Returns seconds taken by the rebuild.
async fn decide(
    s: &Arc<AppState>,
    id: i64,
    decision: &str,
    who: &str,
    note: &str,
) -> Result<f64, ApiError> {
    let kind = match decision {
        "merge" => "merge",
        "keep_apart" => "keep_apart",
        other => {
            return Err(ApiError::bad(&format!(
                "decision {other:?}: use \"merge\" or \"keep_apart\""
            )))
        }
    };
    let s = s.clone();
    let (who, note) = (who.to_string(), note.to_string());
    tokio::task::spawn_blocking(move || -> Result<f64, ApiError> {
        let mut store = s.store.lock().expect("lock");
        let pair = store
            .review_pairs()
            .map_err(ApiError::internal)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ApiError::not_found("review pair (already decided?)"))?;
        let row = DecisionRow {
            kind: kind.into(),
            name_a: pair.name_a.clone(),
            name_b: pair.name_b.clone(),
            who,
            note,
            decided_at: String::new(),
        };
        let detail = json!({
            "review_pair": pair.id,
            "score": pair.score,
            "reason": pair.reason,
            "company_a": pair.company_a,
            "company_b": pair.company_b,
        })
        .to_string();
        store
            .add_decisions_audited(&[row], &[detail], "web")
            .map_err(ApiError::internal)?;
        let started = Instant::now();
        let rebuilt = (s.rebuild)(&mut store).map_err(|e| ApiError::internal(&e))?;
        *s.publication.write().expect("lock") = Arc::new(rebuilt);
        s.answers.lock().expect("lock").clear();
        Ok(started.elapsed().as_secs_f64())
    })
    .await
    .map_err(ApiError::internal)?
}

async fn api_index(State(s): State<Arc<AppState>>) -> Response {
    let p = s.publication();
    let v = View {
        live: true,
        ..View::report(&p)
    };
    html_page(&pages::live::api_index(), &v)
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::document(),
    )
        .into_response()
}

async fn api_meta(State(s): State<Arc<AppState>>) -> Json<Value> {
    let p = s.publication();
    let (lo, hi) = p.years();
    Json(json!({
        "finding": p.answers.finding,
        "methodology": {
            "name": p.methodology.spec.methodology.name,
            "version": p.methodology.spec.methodology.version,
            "origin": p.methodology.origin,
            "sha256": p.methodology.sha256,
            "region_schemes": p.methodology.spec.regions.keys().collect::<Vec<_>>(),
            "groups": p.methodology.spec.groups.keys().collect::<Vec<_>>(),
        },
        "counts": {
            "events": p.data.events.len(),
            "fairs": p.series.len(),
            "companies": p.data.companies.len(),
            "appearances": p.data.appearances.len(),
            "flagged_companies": p.flagged.len(),
        },
        "years": [lo, hi],
        "editing": s.editor_token.is_some(),
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

async fn api_answers(
    State(s): State<Arc<AppState>>,
    Query(f): Query<Filter>,
) -> Result<Json<Value>, ApiError> {
    let p = s.publication();
    let a = s.answers(&p, &f)?;
    Ok(Json(
        serde_json::to_value(&a.1).map_err(ApiError::internal)?,
    ))
}

async fn api_question(
    State(s): State<Arc<AppState>>,
    Path(question): Path<String>,
    Query(f): Query<Filter>,
) -> Result<Json<Value>, ApiError> {
    let p = s.publication();
    let a = s.answers(&p, &f)?;
    let a = &a.1;
    let body = match question.as_str() {
        "q1" => json!({ "finding": a.finding, "q1": a.q1 }),
        "q2" => json!({ "finding": a.finding, "q2": a.q2 }),
        "q3" => json!({ "finding": a.finding, "q3": a.q3 }),
        "q4" => json!({ "finding": a.finding, "q4": a.q4 }),
        "timeline" => json!({ "finding": a.finding, "timeline": a.timeline }),
        _ => return Err(ApiError::not_found("endpoint")),
    };
    Ok(Json(body))
}

#[derive(Deserialize, Default)]
struct CompanyQuery {
    tier: Option<String>,
    hq: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(flatten)]
    filter: Filter,
}

async fn api_companies(
    State(s): State<Arc<AppState>>,
    Query(q): Query<CompanyQuery>,
) -> Result<Json<Value>, ApiError> {
    let p = s.publication();
    let a = s.answers(&p, &q.filter)?;
    let firms: Vec<_> =
        a.1.q1
            .firms
            .iter()
            .filter(|f| q.tier.as_deref().is_none_or(|t| f.tier.as_str() == t))
            .filter(|f| {
                q.hq.as_deref()
                    .is_none_or(|h| f.hq_iso2.as_deref() == Some(&h.to_uppercase()))
            })
            .collect();
    let offset = q.offset.unwrap_or(0);
    let limit = q.limit.unwrap_or(100).min(1000);
    Ok(Json(json!({
        "finding": a.1.finding,
        "total": firms.len(),
        "offset": offset,
        "companies": firms.iter().skip(offset).take(limit).collect::<Vec<_>>(),
    })))
}

async fn api_company(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let p = s.publication();
    let c = *p
        .company_index
        .get(&id)
        .ok_or_else(|| ApiError::not_found("company"))?;
    let co = &p.data.companies[c];
    let appearances: Vec<Value> = p.appearances_of[c]
        .iter()
        .map(|&i| {
            let ap = &p.data.appearances[i];
            let ev = &p.data.events[ap.event];
            json!({
                "appearance_id": ap.id, "event": ev.slug, "fair": ev.series, "year": ev.year,
                "host_iso2": ev.host_iso2, "name": ap.name, "categories": ap.categories,
            })
        })
        .collect();
    let lineage: Vec<Value> = p.lineage_of[c]
        .iter()
        .map(|&l| {
            let r = &p.data.lineage[l];
            json!({
                "subject": p.data.companies[r.subject].id, "kind": r.kind,
                "object": p.data.companies[r.object].id, "date": r.date,
            })
        })
        .collect();
    let vendors: Vec<_> = p.vendors_of[c]
        .iter()
        .map(|&i| &p.data.vendors[i])
        .collect();
    Ok(Json(json!({
        "id": co.id,
        "name": co.name,
        "declared_hq": co.declared_hq,
        "best_tier": p.classes.best_tier(c, &p.methodology.spec.questions.capabilities),
        "capabilities": p.classes.companies[c],
        "appearances": appearances,
        "lineage": lineage,
        "vendor_records": vendors,
        "dataset_sha256": p.answers.finding.dataset_sha256,
        "methodology_sha256": p.methodology.sha256,
    })))
}

async fn api_fairs(State(s): State<Arc<AppState>>) -> Json<Value> {
    let p = s.publication();
    let fairs: Vec<Value> = p
        .series
        .values()
        .map(|f| {
            let years: Vec<i32> = f
                .events
                .iter()
                .filter_map(|&e| p.data.events[e].year)
                .collect();
            json!({
                "key": f.key, "name": f.name, "editions": f.events.len(),
                "first_year": years.iter().min(), "last_year": years.iter().max(),
            })
        })
        .collect();
    Json(json!({ "fairs": fairs }))
}

async fn api_fair(
    State(s): State<Arc<AppState>>,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let p = s.publication();
    let f = p
        .series
        .get(&key)
        .ok_or_else(|| ApiError::not_found("fair"))?;
    let editions: Vec<Value> = f
        .events
        .iter()
        .map(|&e| {
            let ev = &p.data.events[e];
            let delegations: Vec<_> = p.delegations_of[e]
                .iter()
                .map(|&d| &p.data.delegations[d])
                .map(|d| json!({ "name": d.name, "countries": d.countries, "attended": d.attended, "retracted": d.retracted }))
                .collect();
            json!({
                "slug": ev.slug, "name": ev.name, "year": ev.year, "start_date": ev.start_date,
                "host_iso2": ev.host_iso2, "exhibitor_rows": p.appearances_at[e].len(),
                "delegations": delegations,
            })
        })
        .collect();
    Ok(Json(
        json!({ "key": f.key, "name": f.name, "editions": editions }),
    ))
}

async fn api_search(State(s): State<Arc<AppState>>, Query(q): Query<SearchQuery>) -> Json<Value> {
    let p = s.publication();
    let limit = q.limit.unwrap_or(20).min(100);
    let hits = p.search.search(&q.q, limit);
    Json(json!({ "query": q.q, "hits": hits }))
}

async fn api_review(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    s.bearer(&headers)?;
    let store = s.store.lock().expect("lock");
    let pairs = store.review_pairs().map_err(ApiError::internal)?;
    Ok(Json(json!({ "pairs": pairs })))
}

/// One party to screen.
#[derive(Deserialize, Default)]
struct ScreenQuery {
    #[serde(default)]
    name: String,
    country: Option<String>,
    /// company or person.
    #[serde(rename = "type")]
    kind: Option<String>,
    dob: Option<String>,
    id: Option<String>,
}

impl ScreenQuery {
    fn query(&self, m: &Matcher) -> Result<Party, ApiError> {
        if self.name.trim().is_empty() {
            return Err(ApiError::bad("give a name to screen"));
        }
        let mut q = Party::name(self.name.trim());
        if let Some(c) = &self.country {
            q = q.country(c, &m.gazetteer).map_err(|e| ApiError::bad(&e))?;
        }
        if let Some(d) = &self.dob {
            q = q.birth_date(d).map_err(|e| ApiError::bad(&e))?;
        }
        if let Some(i) = &self.id {
            q = q.identifier(i);
        }
        q.kind = match self.kind.as_deref() {
            None | Some("") => None,
            Some("company") => Some(EntityKind::Organisation),
            Some("person") => Some(EntityKind::Person),
            Some(other) => {
                return Err(ApiError::bad(&format!(
                    "type {other:?}: use company or person"
                )))
            }
        };
        Ok(q)
    }
}

/// Screens, records the run (who: the API), and returns the hits per query.
fn screen_and_log(s: &AppState, queries: &[Party], subject: &str) -> Result<Value, ApiError> {
    let (m, lists) = s.matcher()?;
    let results: Vec<Vec<fairwatch_screen::Hit>> = queries.iter().map(|q| m.screen(q)).collect();
    let alerts = results.iter().flatten().filter(|h| h.alert).count();
    let alert_rows: Vec<Value> = queries
        .iter()
        .zip(&results)
        .flat_map(|(q, hits)| {
            hits.iter()
                .filter(|h| h.alert)
                .map(move |h| json!({"query": q.name, "hit": h}))
        })
        .collect();
    let run = {
        let mut store = s.store.lock().expect("lock");
        store
            .record_screening(&ScreeningRun {
                who: "api".into(),
                command: "api-screen".into(),
                subject: subject.into(),
                lists: lists.to_string(),
                algorithm: fairwatch_screen::ALGORITHM.into(),
                threshold: m.settings.threshold,
                queries: queries.len(),
                alerts,
                results: serde_json::to_string(&alert_rows).unwrap_or_default(),
            })
            .map_err(ApiError::internal)?
    };
    Ok(json!({
        "run": run,
        "algorithm": fairwatch_screen::ALGORITHM,
        "threshold": m.settings.threshold,
        "lists": lists,
        "results": queries.iter().zip(results).map(|(q, hits)| json!({"query": q, "hits": hits})).collect::<Vec<_>>(),
    }))
}

async fn api_screen_one(
    State(s): State<Arc<AppState>>,
    Query(q): Query<ScreenQuery>,
) -> Result<Json<Value>, ApiError> {
    let query = q.query(&s.matcher()?.0)?;
    let subject = format!("api: {}", query.name);
    let s2 = s.clone();
    tokio::task::spawn_blocking(move || screen_and_log(&s2, &[query], &subject))
        .await
        .map_err(ApiError::internal)?
        .map(Json)
}

#[derive(Deserialize)]
struct ScreenBatch {
    queries: Vec<ScreenQuery>,
}

async fn api_screen_batch(
    State(s): State<Arc<AppState>>,
    Json(b): Json<ScreenBatch>,
) -> Result<Json<Value>, ApiError> {
    if b.queries.len() > SCREEN_BATCH {
        return Err(ApiError::bad(&format!(
            "{} names in one request; send at most {SCREEN_BATCH}",
            b.queries.len()
        )));
    }
    let m = &s.matcher()?.0;
    let queries = b
        .queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            q.query(m)
                .map_err(|e| ApiError::bad(&format!("queries[{i}]: {}", e.error)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let subject = format!("api batch of {}", queries.len());
    let s2 = s.clone();
    tokio::task::spawn_blocking(move || screen_and_log(&s2, &queries, &subject))
        .await
        .map_err(ApiError::internal)?
        .map(Json)
}

#[derive(Deserialize)]
struct DecideJson {
    decision: String,
    #[serde(default)]
    note: String,
}

async fn api_review_decide(
    State(s): State<Arc<AppState>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(d): Json<DecideJson>,
) -> Result<Json<Value>, ApiError> {
    let who = s.bearer(&headers)?;
    let seconds = decide(&s, id, &d.decision, &who, &d.note).await?;
    let p = s.publication();
    Ok(Json(json!({
        "recorded": { "review_pair": id, "decision": d.decision, "who": who },
        "rebuild_seconds": seconds,
        "dataset_sha256": p.answers.finding.dataset_sha256,
    })))
}

async fn api_audit(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    s.bearer(&headers)?;
    let store = s.store.lock().expect("lock");
    let log = store.audit_log(0).map_err(ApiError::internal)?;
    Ok(Json(json!({ "entries": log })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; fairwatch_editor=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(constant_time_eq(b"token", b"token"));
        assert!(!constant_time_eq(b"token", b"tokem"));
        assert!(!constant_time_eq(b"token", b"token2"));
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
