//! The fairs: a list of every series, and a page per series with its editions, the
//! flagged firms that exhibited, and the delegations the record lists.

use std::collections::{BTreeMap, BTreeSet};

use maud::html;

use crate::chart::{column_chart, Bar};
use crate::page::{table, Cell, DataTable, Page};
use crate::publication::Series;

use super::View;

fn years(p: &crate::publication::Publication, s: &Series) -> (String, String) {
    let ys: Vec<i32> = s
        .events
        .iter()
        .filter_map(|&e| p.data.events[e].year)
        .collect();
    let f = |y: Option<&i32>| y.map(|y| y.to_string()).unwrap_or_default();
    (f(ys.iter().min()), f(ys.iter().max()))
}

pub fn fairs(v: &View) -> Page {
    let p = v.p;
    let mut t = DataTable::new(
        "fairs",
        "Every fair series in the record",
        vec![
            "fair",
            "editions",
            "first year",
            "last year",
            "host countries",
            "exhibitor rows",
            "flagged firms",
        ],
    );
    for s in p.series.values() {
        let (first, last) = years(p, s);
        let hosts: BTreeSet<&str> = s
            .events
            .iter()
            .filter_map(|&e| p.data.events[e].host_iso2.as_deref())
            .collect();
        let rows: usize = s.events.iter().map(|&e| p.appearances_at[e].len()).sum();
        let flagged: BTreeSet<usize> = s
            .events
            .iter()
            .flat_map(|&e| &p.appearances_at[e])
            .map(|&a| p.data.appearances[a].company)
            .filter(|c| p.flagged.contains(c))
            .collect();
        t.rows.push(vec![
            Cell::Link(s.name.clone(), format!("fairs/{}.html", s.key)),
            Cell::int(s.events.len()),
            Cell::text(first),
            Cell::text(last),
            Cell::text(hosts.into_iter().collect::<Vec<_>>().join(", ")),
            Cell::int(rows),
            Cell::int(flagged.len()),
        ]);
    }
    let path = "fairs.html";
    let body = html! {
        h1 { "Fairs" }
        p.lede { (p.series.len()) " fair series, " (p.data.events.len()) " editions. "
            "Flagged firms are those question 1 counts in the window: a tier for the counted capabilities and an appearance in the window. "
            "Editions and exhibitor rows cover every year of the record." }
        (table(path, &t, ""))
    };
    Page {
        path: path.into(),
        title: "Fairs".into(),
        body,
        tables: vec![t],
    }
}

pub fn fair(v: &View, s: &Series) -> Page {
    let p = v.p;
    let path = format!("fairs/{}.html", s.key);
    let root = "../";
    let mut editions = DataTable::new(
        "editions",
        "Editions",
        vec![
            "edition",
            "year",
            "start",
            "host",
            "exhibitor rows",
            "flagged firms",
            "delegations",
        ],
    );
    let mut firms: BTreeMap<usize, BTreeSet<i32>> = BTreeMap::new();
    let mut delegations = DataTable::new(
        "delegations",
        "Delegations listed",
        vec![
            "edition",
            "delegation",
            "countries",
            "attended",
            "retracted",
        ],
    );
    let mut bars = Vec::new();
    for &e in &s.events {
        let ev = &p.data.events[e];
        let mut here = BTreeSet::new();
        for &a in &p.appearances_at[e] {
            let c = p.data.appearances[a].company;
            if p.flagged.contains(&c) {
                here.insert(c);
                firms.entry(c).or_default().extend(ev.year);
            }
        }
        editions.rows.push(vec![
            Cell::text(&ev.name),
            Cell::text(ev.year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::text(ev.start_date.clone().unwrap_or_default()),
            v.country_cell(ev.host_iso2.as_deref()),
            Cell::int(p.appearances_at[e].len()),
            Cell::int(here.len()),
            Cell::int(p.delegations_of[e].len()),
        ]);
        if let Some(y) = ev.year {
            bars.push(Bar {
                label: y.to_string(),
                value: here.len() as f64,
                href: None,
            });
        }
        let yes_no = |b: Option<bool>| match b {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not stated",
        };
        for &d in &p.delegations_of[e] {
            let del = &p.data.delegations[d];
            delegations.rows.push(vec![
                Cell::text(&ev.name),
                Cell::text(&del.name),
                Cell::text(del.countries.join(", ")),
                Cell::text(yes_no(del.attended)),
                Cell::text(yes_no(del.retracted)),
            ]);
        }
    }
    // Several editions in one year would make duplicate columns; sum them.
    let mut by_year: BTreeMap<String, f64> = BTreeMap::new();
    for b in bars {
        *by_year.entry(b.label).or_default() += b.value;
    }
    let bars: Vec<Bar> = by_year
        .into_iter()
        .map(|(label, value)| Bar {
            label,
            value,
            href: None,
        })
        .collect();
    let caps = &v.m.spec.questions.capabilities;
    let mut flagged = DataTable::new(
        "flagged-firms",
        "Flagged firms that exhibited",
        vec!["firm", "tier", "years"],
    );
    let mut rows: Vec<_> = firms.into_iter().collect();
    rows.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then_with(|| p.data.companies[a.0].name.cmp(&p.data.companies[b.0].name))
    });
    for (c, ys) in rows {
        let name = p.data.companies[c].name.clone();
        flagged.rows.push(vec![
            match p.company_href(c, v.live) {
                Some(h) => Cell::Link(name, h),
                None => Cell::text(name),
            },
            Cell::text(p.classes.best_tier(c, caps).map_or("none", |t| t.as_str())),
            Cell::text(
                ys.iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]);
    }
    let body = html! {
        p.crumbs { a href={(root) "fairs.html"} { "Fairs" } " / " (s.name) }
        h1 { (s.name) }
        p.lede { (s.events.len()) " editions in the record." }
        ul.editions {
            @for &e in &s.events {
                @let ev = &p.data.events[e];
                li id=(ev.slug) { (ev.name) " (" (ev.year.map(|y| y.to_string()).unwrap_or_default()) ")" }
            }
        }
        (column_chart("chart-flagged", "Flagged firms per year",
            "Distinct flagged firms exhibiting at this fair each year.", &bars, "firms"))
        (table(&path, &editions, root))
        (table(&path, &flagged, root))
        @if !delegations.rows.is_empty() { (table(&path, &delegations, root)) }
    };
    let mut tables = vec![editions, flagged];
    if !delegations.rows.is_empty() {
        tables.push(delegations);
    }
    Page {
        title: s.name.clone(),
        path,
        body,
        tables,
    }
}
