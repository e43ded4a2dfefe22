//! A company's page: its standing per capability with the evidence behind it, its
//! appearances in date order (the name as the fair list wrote it), lineage and linked
//! vendor-list records.

use std::collections::BTreeMap;

use maud::html;
use serde::Serialize;

use fairwatch_study::classify::EvidenceSource;

use crate::chart::{column_chart, Bar};
use crate::page::{table, Cell, DataTable, Page};

use super::View;

/// A serde enum's wire name (`"strong"`, `"vendor_tag"`), which is also what the
/// methodology file calls it.
fn wire<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn company(v: &View, c: usize) -> Page {
    let p = v.p;
    let co = &p.data.companies[c];
    let path = format!("companies/{}.html", co.id);
    let caps = &v.m.spec.questions.capabilities;
    let best = p.classes.best_tier(c, caps);
    let hq =
        v.a.q2
            .firms
            .iter()
            .find(|f| f.firm.company_id == co.id)
            .map(|f| (f.hq_iso2.clone(), f.hq_evidence.clone()))
            .or_else(|| {
                co.declared_hq
                    .clone()
                    .map(|h| (h, co.declared_hq_evidence.clone().unwrap_or_default()))
            });

    let mut standing = DataTable::new(
        "capabilities",
        "Capabilities and tiers",
        vec!["capability", "tier", "evidence items"],
    );
    let mut evidence = DataTable::new(
        "evidence",
        "Evidence items",
        vec![
            "capability",
            "rule",
            "kind",
            "strength",
            "matched",
            "text",
            "source",
            "event",
            "year",
        ],
    );
    for a in &p.classes.companies[c] {
        standing.rows.push(vec![
            Cell::text(v.m.capability_label(&a.capability)),
            Cell::text(a.tier.map_or("none", |t| t.as_str())),
            Cell::int(a.evidence.len()),
        ]);
        for e in &a.evidence {
            let (source, event, year) = match &e.from {
                EvidenceSource::Appearance { event, year, .. } => (
                    Cell::text("fair list"),
                    Cell::Link(event.clone(), super::answers::fair_href(v, event)),
                    Cell::text(year.map(|y| y.to_string()).unwrap_or_default()),
                ),
                EvidenceSource::VendorList { list, record } => (
                    Cell::text(format!("vendor list {list}: {record}")),
                    Cell::text(""),
                    Cell::text(""),
                ),
            };
            evidence.rows.push(vec![
                Cell::text(&a.capability),
                Cell::text(&e.rule),
                Cell::text(e.kind.as_str()),
                Cell::text(wire(&e.strength)),
                Cell::text(&e.matched),
                Cell::text(&e.text),
                source,
                event,
                year,
            ]);
        }
    }

    let mut appearances = DataTable::new(
        "appearances",
        "Appearances, in date order",
        vec![
            "year",
            "event",
            "fair",
            "host",
            "name as listed",
            "categories",
        ],
    );
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for &i in &p.appearances_of[c] {
        let ap = &p.data.appearances[i];
        let ev = &p.data.events[ap.event];
        if let Some(y) = ev.year {
            *per_year.entry(y).or_default() += 1;
        }
        appearances.rows.push(vec![
            Cell::text(ev.year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::Link(
                ev.name.clone(),
                format!("fairs/{}.html#{}", ev.series_key, ev.slug),
            ),
            Cell::text(&ev.series),
            v.country_cell(ev.host_iso2.as_deref()),
            Cell::text(&ap.name),
            Cell::text(ap.categories.join("; ")),
        ]);
    }
    let bars: Vec<Bar> = per_year
        .iter()
        .map(|(y, n)| Bar {
            label: y.to_string(),
            value: *n as f64,
            href: None,
        })
        .collect();

    let mut lineage = DataTable::new(
        "lineage",
        "Lineage",
        vec!["company", "relation", "company", "date"],
    );
    for &l in &p.lineage_of[c] {
        let rel = &p.data.lineage[l];
        let cell = |i: usize| {
            let name = p.data.companies[i].name.clone();
            match p.company_href(i, v.live) {
                Some(h) => Cell::Link(name, h),
                None => Cell::text(name),
            }
        };
        lineage.rows.push(vec![
            cell(rel.subject),
            Cell::text(rel.kind.replace('_', " ")),
            cell(rel.object),
            Cell::text(rel.date.clone().unwrap_or_default()),
        ]);
    }

    let mut vendors = DataTable::new(
        "vendor-records",
        "Linked vendor-list records",
        vec![
            "list",
            "record",
            "name",
            "headquarters",
            "capabilities",
            "products",
        ],
    );
    for &i in &p.vendors_of[c] {
        let r = &p.data.vendors[i];
        vendors.rows.push(vec![
            Cell::text(&r.source),
            Cell::text(&r.external_id),
            Cell::text(&r.name),
            v.country_cell(r.hq_iso2.as_deref()),
            Cell::text(r.capabilities.join("; ")),
            Cell::text(r.products.join("; ")),
        ]);
    }

    let root = "../";
    let body = html! {
        p.crumbs { a href={(root) "q1.html"} { "Firms" } " / company" }
        h1 { (co.name) }
        dl.facts {
            dt { "Company id" } dd { code { (co.id) } }
            dt { "Headquarters" }
            dd {
                @if let Some((iso, why)) = &hq { (p.country(iso)) " " span.muted { "(" (why) ")" } }
                @else { "unknown" }
            }
            dt { "Best tier for " (caps.join(", ")) }
            dd { (best.map_or("none", |t| t.as_str())) }
            dt { "Appearances" } dd { (p.appearances_of[c].len()) }
        }
        (column_chart("chart-appearances", "Appearances per year",
            "The company's exhibitor-list appearances in each year.", &bars, "appearances"))
        (table(&path, &standing, root))
        @if !evidence.rows.is_empty() { (table(&path, &evidence, root)) }
        @if !lineage.rows.is_empty() { (table(&path, &lineage, root)) }
        @if !vendors.rows.is_empty() { (table(&path, &vendors, root)) }
        (table(&path, &appearances, root))
    };
    let mut tables = vec![standing, evidence, lineage, vendors, appearances];
    tables.retain(|t| t.id == "capabilities" || t.id == "appearances" || !t.rows.is_empty());
    Page {
        title: co.name.clone(),
        path,
        body,
        tables,
    }
}
