//! Pages only the live server has: search, the editor's sign-in, the review queue with
//! its audit trail, and the API's front page.

use maud::{html, Markup};

use fairwatch_store::{AuditEntry, ReviewRow};

use crate::page::{table, Cell, DataTable, Page};
use crate::search::{Hit, HitKind};

use super::View;

pub fn search(query: &str, hits: &[Hit]) -> Page {
    let group = |kind: HitKind, title: &str| -> Markup {
        let list: Vec<&Hit> = hits.iter().filter(|h| h.kind == kind).collect();
        html! {
            @if !list.is_empty() {
                section {
                    h2 { (title) " (" (list.len()) ")" }
                    ul.hits data-kind=(format!("{kind:?}").to_lowercase()) {
                        @for h in list {
                            li {
                                a href={"/" (h.href)} { (h.label) }
                                @if !h.detail.is_empty() { " " span.muted { "— " (h.detail) } }
                            }
                        }
                    }
                }
            }
        }
    };
    let body = html! {
        h1 { "Search" }
        form.search-big role="search" action="/search" method="get" {
            label for="q" { "Companies, fairs and exhibitor names as listed" }
            input #q type="search" name="q" value=(query) autofocus;
            button type="submit" { "Search" }
        }
        @if !query.trim().is_empty() {
            p.muted #result-count { (hits.len()) " results for “" (query) "”." }
            (group(HitKind::Company, "Companies"))
            (group(HitKind::Fair, "Fairs"))
            (group(HitKind::Exhibitor, "Exhibitor names as listed"))
        }
    };
    Page {
        path: "search".into(),
        title: "Search".into(),
        body,
        tables: Vec::new(),
    }
}

pub fn login(error: Option<&str>) -> Page {
    let body = html! {
        h1 { "Editor sign-in" }
        p { "Editing (the review queue) needs the editor token the server was started with. "
            "Your name is recorded with every decision in the audit trail." }
        @if let Some(e) = error { p.error role="alert" { (e) } }
        form method="post" action="/login" {
            p { label { "Your name " input type="text" name="who" required maxlength="80"; } }
            p { label { "Editor token " input type="password" name="token" required; } }
            button type="submit" { "Sign in" }
        }
    };
    Page {
        path: "login".into(),
        title: "Sign in".into(),
        body,
        tables: Vec::new(),
    }
}

/// The review queue: pairs near the threshold with their evidence. Editors get
/// merge / keep-apart buttons; everyone else sees the queue read-only.
pub fn review(
    v: &View,
    pairs: &[ReviewRow],
    total: usize,
    audit: &[AuditEntry],
    who: Option<&str>,
    csrf: Option<&str>,
    notice: Option<&str>,
) -> Page {
    let trail = audit_table(audit);
    let href = |id: &str| v.company_href(id).map(|h| format!("/{h}"));
    let body = html! {
        h1 { "Review queue" }
        @if let Some(n) = notice { p.notice role="status" { (n) } }
        @match (who, csrf) {
            (Some(w), Some(_)) => p { "Signed in as " strong { (w) } ". Decisions are recorded with your name, "
                "and the record is re-resolved after each one." },
            _ => p { "Read-only. " a href="/login" { "Sign in as an editor" } " to decide." },
        }
        @if csrf.is_some() {
            form.logout method="post" action="/logout" { button type="submit" { "Sign out" } }
        }
        p.muted { (total) " pairs near the decision threshold"
            @if total > pairs.len() { ", the strongest " (pairs.len()) " shown" } "." }
        @for pair in pairs {
            article.pair id={"pair-" (pair.id)} {
                h2 {
                    @match href(&pair.company_a) { Some(h) => a href=(h) { (pair.name_a) }, None => (pair.name_a) }
                    " · "
                    @match href(&pair.company_b) { Some(h) => a href=(h) { (pair.name_b) }, None => (pair.name_b) }
                }
                p { "Score " (format!("{:.1}", pair.score)) " — " (pair.reason) }
                @if let Ok(features) = serde_json::from_str::<Vec<serde_json::Value>>(&pair.features) {
                    ul.features {
                        @for f in features {
                            li {
                                code { (format!("{:+.1}", f["weight"].as_f64().unwrap_or(0.0))) } " "
                                (f["name"].as_str().unwrap_or("")) ": " (f["detail"].as_str().unwrap_or(""))
                            }
                        }
                    }
                }
                @if let Some(token) = csrf {
                    form.decide method="post" action={"/review/" (pair.id)} {
                        input type="hidden" name="csrf" value=(token);
                        button type="submit" name="decision" value="merge" { "Merge" }
                        " "
                        button type="submit" name="decision" value="keep_apart" { "Keep apart" }
                    }
                }
            }
        }
        @if csrf.is_some() { (table("review", &trail, "/")) }
    };
    Page {
        path: "review".into(),
        title: "Review".into(),
        body,
        tables: vec![trail],
    }
}

/// The audit trail as a table, newest first.
pub fn audit_table(audit: &[AuditEntry]) -> DataTable {
    let mut trail = DataTable::new(
        "audit",
        "Audit trail (newest first)",
        vec!["when", "who", "action", "subject", "detail", "origin"],
    );
    for e in audit {
        trail.rows.push(vec![
            Cell::text(&e.at),
            Cell::text(&e.who),
            Cell::text(&e.action),
            Cell::text(&e.subject),
            Cell::text(&e.detail),
            Cell::text(&e.origin),
        ]);
    }
    trail
}

pub fn api_index() -> Page {
    let endpoints = [
        ("GET /api/meta", "hashes, counts, the methodology in force"),
        (
            "GET /api/answers",
            "all four answers and the series (filters apply)",
        ),
        (
            "GET /api/q1 … /api/q4, /api/timeline",
            "one answer (filters apply)",
        ),
        (
            "GET /api/companies",
            "flagged firms, filterable by tier and headquarters",
        ),
        (
            "GET /api/companies/{id}",
            "one company: capabilities, evidence, appearances, lineage",
        ),
        (
            "GET /api/fairs, /api/fairs/{key}",
            "fair series and one series' editions",
        ),
        (
            "GET /api/search?q=",
            "companies, fairs and raw exhibitor names",
        ),
        (
            "GET /api/review, POST /api/review/{id}",
            "the review queue (editor token)",
        ),
        ("GET /api/audit", "the audit trail (editor token)"),
    ];
    let body = html! {
        h1 { "JSON API" }
        p { "The OpenAPI 3.1 description is at " a href="/openapi.json" { code { "/openapi.json" } } "." }
        p { "Filters on the answer endpoints: " code { "from" } ", " code { "to" } ", " code { "tiers" }
            " (high,medium,low), " code { "region" } " (a region scheme), " code { "adversaries" }
            " (a country group), " code { "lineage" } " (true/false)." }
        ul { @for (e, what) in endpoints { li { code { (e) } " — " (what) } } }
    };
    Page {
        path: "api".into(),
        title: "API".into(),
        body,
        tables: Vec::new(),
    }
}
