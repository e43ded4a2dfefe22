//! The methodology in force and the provenance of every input, so that a reader can
//! check a finding against what it was computed from.

use maud::html;

use fairwatch_study::methodology::Members;

use crate::page::{table, Cell, DataTable, Page};

use super::View;

pub fn methodology(v: &View) -> Page {
    let m = v.m;
    let s = &m.spec;
    let mut caps = DataTable::new("capabilities", "Capabilities", vec!["id", "label"]);
    for c in &s.capabilities {
        caps.rows.push(vec![
            Cell::text(&c.id),
            Cell::text(m.capability_label(&c.id)),
        ]);
    }
    let mut rules = DataTable::new(
        "evidence-rules",
        "Evidence rules",
        vec!["id", "capability", "kind", "strength", "any of", "unless"],
    );
    for r in &s.rules {
        rules.rows.push(vec![
            Cell::text(&r.id),
            Cell::text(&r.capability),
            Cell::text(r.kind.as_str()),
            Cell::text(
                serde_json::to_value(r.strength)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            ),
            Cell::text(r.any.join("; ")),
            Cell::text(r.unless.join("; ")),
        ]);
    }
    let mut tiers = DataTable::new(
        "tier-conditions",
        "Tier conditions (any one row suffices)",
        vec!["tier", "strong", "moderate", "weak", "kinds", "events"],
    );
    for t in [
        fairwatch_study::Tier::High,
        fairwatch_study::Tier::Medium,
        fairwatch_study::Tier::Low,
    ] {
        for c in s.tiers.conditions(t) {
            tiers.rows.push(vec![
                Cell::text(t.as_str()),
                Cell::Int(c.strong.into()),
                Cell::Int(c.moderate.into()),
                Cell::Int(c.weak.into()),
                Cell::Int(c.kinds.into()),
                Cell::Int(c.events.into()),
            ]);
        }
    }
    let mut groups = DataTable::new(
        "groups",
        "Country groups",
        vec!["group", "label", "members", "source"],
    );
    for (k, g) in &s.groups {
        let members = match &g.members {
            Members::Always(list) => list.join(", "),
            Members::Dated(map) => map.keys().cloned().collect::<Vec<_>>().join(", "),
        };
        groups.rows.push(vec![
            Cell::text(k),
            Cell::text(&g.label),
            Cell::text(members),
            Cell::text(&g.source),
        ]);
    }
    let q = &s.questions;
    let path = "methodology.html";
    let json = serde_json::to_string_pretty(s).unwrap_or_default();
    let body = html! {
        h1 { "Methodology" }
        p.lede { (s.methodology.name) " version " (s.methodology.version) ", from " (m.origin) "." }
        @if !s.methodology.description.is_empty() { p { (s.methodology.description) } }
        dl.facts {
            dt { "sha256" } dd { code { (m.sha256) } }
            dt { "Counted capabilities" } dd { (q.capabilities.join(", ")) }
            dt { "Counted tiers" } dd { (q.tiers.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")) }
            dt { "Region scheme" } dd { (q.region_scheme) }
            dt { "Adversaries / allies" } dd { (q.adversaries) " / " (q.allies) }
            dt { "Window" } dd {
                @if let Some(n) = s.window.last_years { "the last " (n) " years of the data" }
                @else { (s.window.from.map(|y| y.to_string()).unwrap_or_default()) "–" (s.window.to.map(|y| y.to_string()).unwrap_or_default()) }
            }
            dt { "Delegations" } dd {
                @if s.delegations.count { "counted" } @else { "not counted" }
                @if s.delegations.exclude_retracted { ", retracted ones excluded" }
                @if s.delegations.require_attended { ", only those marked attended" }
            }
        }
        p { "A firm's tier for a capability is the highest tier whose condition its evidence meets. "
            "Each firm's page lists the evidence items behind its tiers." }
        (table(path, &caps, ""))
        (table(path, &tiers, ""))
        (table(path, &rules, ""))
        (table(path, &groups, ""))
        details {
            summary { "The methodology as data (canonical JSON, what the sha256 is computed from)" }
            pre.spec { (json) }
        }
    };
    Page {
        path: path.into(),
        title: "Methodology".into(),
        body,
        tables: vec![caps, tiers, rules, groups],
    }
}

pub fn provenance(v: &View) -> Page {
    let mut t = DataTable::new(
        "sources",
        "Inputs of this dataset",
        vec![
            "kind",
            "key",
            "publisher",
            "url",
            "licence",
            "retrieved",
            "version",
            "sha256",
            "ingested",
        ],
    );
    for s in &v.p.sources {
        t.rows.push(vec![
            Cell::text(&s.kind),
            Cell::text(&s.key),
            Cell::text(s.publisher.clone().unwrap_or_default()),
            Cell::text(s.url.clone().unwrap_or_default()),
            Cell::text(s.licence.clone().unwrap_or_default()),
            Cell::text(s.retrieved.clone().unwrap_or_default()),
            Cell::text(s.version.clone().unwrap_or_default()),
            Cell::text(&s.sha256),
            Cell::text(&s.ingested_at),
        ]);
    }
    let f = &v.a.finding;
    let path = "provenance.html";
    let body = html! {
        h1 { "Provenance" }
        p.lede { "What this publication was computed from. Facts (names, dates, countries, links) are "
            "taken from the sources below; none of their prose is reproduced." }
        dl.facts {
            dt { "Dataset sha256" } dd { code { (f.dataset_sha256) } }
            dd { "Hash of the ingested files, the user's decisions and mappings, and the resolution's algorithm and settings." }
            dt { "Methodology sha256" } dd { code { (f.methodology_sha256) } }
            dt { "Study algorithm" } dd { (f.algorithm) }
        }
        (table(path, &t, ""))
        h2 { "Map geometry" }
        p { "Country shapes: Natural Earth 1:110m admin-0 countries (public domain), as TopoJSON from the "
            "world-atlas 2.0.2 package (ISC licence, Mike Bostock), bundled with Fairwatch. Countries too small "
            "for that scale are drawn as dots at a point taken from the 1:50m file." }
    };
    Page {
        path: path.into(),
        title: "Provenance".into(),
        body,
        tables: vec![t],
    }
}
