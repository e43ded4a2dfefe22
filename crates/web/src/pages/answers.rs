//! The front page and one page per research question. Every chart and map carries
//! its numbers in a table, and every table can be downloaded.

use std::collections::{BTreeMap, BTreeSet};

use maud::html;

use crate::chart::{bar_chart, column_chart, flow_chart, Bar, Flow};
use crate::map::{MapDatum, WorldMap};
use crate::page::{filtered_table, Cell, DataTable, Page};

use super::{finding_header, View};

/// How many bars the summary charts show.
const TOP: usize = 15;

fn pct(share: Option<f64>) -> String {
    share.map_or("n/a".into(), |s| format!("{:.1}%", s * 100.0))
}

/// Where the counted firms market: distinct firms per host country.
fn market_map(v: &View) -> Vec<MapDatum> {
    v.a.q3
        .hosts
        .iter()
        .map(|h| MapDatum {
            iso2: h.iso2.clone(),
            value: h.firms as f64,
            label: format!("{}: {} firms", v.p.country(&h.iso2), h.firms),
        })
        .collect()
}

/// Where adversary-marketing evidence occurs: distinct firms per adversary country
/// (the host of the fair, or the country of a delegation).
fn adversary_map(v: &View) -> Vec<MapDatum> {
    let mut firms: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in &v.a.q4.firms {
        for e in &f.evidence {
            firms
                .entry(e.country.as_str())
                .or_default()
                .insert(&f.firm.company_id);
        }
    }
    firms
        .into_iter()
        .map(|(iso, fs)| MapDatum {
            iso2: iso.to_string(),
            value: fs.len() as f64,
            label: format!("{}: {} firms", v.p.country(iso), fs.len()),
        })
        .collect()
}

/// Firms per (headquarters region, fair region).
fn region_flows(v: &View) -> Vec<Flow> {
    let mut n: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in &v.a.q2.firms {
        for r in &f.regions {
            *n.entry((f.hq_region.as_str(), r.as_str())).or_default() += 1;
        }
    }
    let mut flows: Vec<Flow> = n
        .into_iter()
        .map(|((from, to), value)| Flow {
            from: from.to_string(),
            to: to.to_string(),
            value: value as f64,
        })
        .collect();
    flows.sort_by(|a, b| b.value.total_cmp(&a.value));
    flows
}

pub fn index(v: &View) -> Page {
    let a = v.a;
    let q = v.filter.query();
    let tiers = |t: &str| {
        a.q1.by_tier
            .iter()
            .find(|(k, _)| k.as_str() == t)
            .map_or(0, |(_, n)| *n)
    };
    let top_fair = a.q3.fairs.first();
    let years: Vec<Bar> = a
        .timeline
        .years
        .iter()
        .map(|y| Bar {
            label: y.year.to_string(),
            value: y.firms as f64,
            href: None,
        })
        .collect();
    let fairs: Vec<Bar> =
        a.q3.fairs
            .iter()
            .take(TOP)
            .map(|f| Bar {
                label: f.series.clone(),
                value: f.firms as f64,
                href: Some(format!("{}fairs/{}.html", root(v), f.series_key)),
            })
            .collect();
    let hosts: Vec<Bar> =
        a.q3.hosts
            .iter()
            .take(TOP)
            .map(|h| Bar {
                label: v.p.country(&h.iso2),
                value: h.firms as f64,
                href: None,
            })
            .collect();
    let map = WorldMap::bundled();
    let markets = market_map(v);
    let adversaries = adversary_map(v);
    let flows = region_flows(v);
    let tables = front_tables(v, &markets, &adversaries, &flows);
    let body = html! {
        (finding_header(v, "Surveillance vendors on the arms-fair circuit", html! {
            "Which firms market interception and intrusion capabilities at arms and security fairs, "
            "where, and to whom: the record of exhibitor lists, classified under a published methodology."
        }))
        (v.filter_form("/index.html"))
        section.answers aria-label="The four answers" {
            div.answer {
                h2 { a href={"q1.html" (q)} { "Q1 Who sells" } }
                p.big { (a.q1.firms.len()) " firms" }
                p { (tiers("high")) " high, " (tiers("medium")) " medium, " (tiers("low")) " low confidence." }
            }
            div.answer {
                h2 { a href={"q2.html" (q)} { "Q2 Beyond home" } }
                p.big { (pct(a.q2.share)) }
                p { (a.q2.numerator) " of " (a.q2.denominator) " firms with a known headquarters market outside their "
                    (a.q2.region_scheme) "; " (a.q2.unknown_hq.len()) " with no known headquarters." }
            }
            div.answer {
                h2 { a href={"q3.html" (q)} { "Q3 Which fairs" } }
                @if let Some(f) = top_fair {
                    p.big { (f.series) }
                    p { (f.firms) " firms across " (f.editions) " editions; " (a.q3.fairs.len()) " fairs in all." }
                } @else {
                    p { "No fair in the window." }
                }
            }
            div.answer {
                h2 { a href={"q4.html" (q)} { "Q4 Adversaries" } }
                p.big { (a.q4.firms.len()) " firms" }
                p { "marketed where " (v.group(&a.q4.adversaries)) " are; " (a.q4.irresponsible)
                    " of them also at fairs of " (v.group(&a.q4.allies)) "." }
            }
        }
        section {
            h2 { "Over time" }
            (column_chart("chart-years", "Firms at fairs per year",
                "Distinct counted firms with at least one appearance in each year of the window.",
                &years, "firms"))
        }
        section {
            h2 { "Where they market" }
            (map.choropleth("map-markets", "Where the counted firms market",
                "Host countries of the fairs where counted firms exhibited, shaded by the number of distinct firms.",
                &markets, "firms"))
            (bar_chart("chart-fairs", "Top fairs",
                "Fair series ranked by distinct counted firms in the window.", &fairs, "firms"))
            (bar_chart("chart-hosts", "Top host countries",
                "Host countries ranked by distinct counted firms in the window.", &hosts, "firms"))
            (flow_chart("chart-flows", "From headquarters region to fair region",
                "For each firm with a known headquarters: the regions of the fairs it exhibited at.",
                &flows, "headquarters region", "fair region", "firms"))
        }
        section {
            h2 { "Where adversaries are met" }
            (map.choropleth("map-adversaries", "Where adversary-marketing evidence occurs",
                "Countries of the adversary set that hosted a fair with counted firms, or sent a delegation to one, shaded by distinct firms.",
                &adversaries, "firms"))
        }
        section {
            h2 { "Downloads" }
            p { "The data behind the charts and maps on this page, and every answer in full ("
                a href={"answers.json" (q)} download { "answers.json" } "):" }
            ul.downloads {
                @for t in &tables {
                    li { (t.caption) ": "
                        a href={"index-" (t.id) ".csv" (q)} download { "CSV" } ", "
                        a href={"index-" (t.id) ".json" (q)} download { "JSON" } }
                }
            }
        }
    };
    Page {
        path: "index.html".into(),
        title: "Findings".into(),
        body,
        tables,
    }
}

/// The front page's chart and map data as downloadable tables.
fn front_tables(
    v: &View,
    markets: &[MapDatum],
    adversaries: &[MapDatum],
    flows: &[Flow],
) -> Vec<DataTable> {
    let mut years = DataTable::new(
        "years",
        "Firms at fairs per year",
        vec![
            "year",
            "events with lists",
            "firms",
            "new entrants",
            "exits",
        ],
    );
    for y in &v.a.timeline.years {
        years.rows.push(vec![
            Cell::Int(y.year.into()),
            Cell::int(y.events_with_lists),
            Cell::int(y.firms),
            Cell::int(y.new_entrants.len()),
            Cell::int(y.exits.len()),
        ]);
    }
    let country_table = |id: &'static str, caption: &str, data: &[MapDatum]| {
        let mut t = DataTable::new(id, caption, vec!["country", "iso2", "firms"]);
        let mut rows: Vec<&MapDatum> = data.iter().collect();
        rows.sort_by(|a, b| {
            b.value
                .total_cmp(&a.value)
                .then_with(|| a.iso2.cmp(&b.iso2))
        });
        for d in rows {
            t.rows.push(vec![
                Cell::text(v.p.country(&d.iso2)),
                Cell::text(&d.iso2),
                Cell::Num(d.value),
            ]);
        }
        t
    };
    let mut flow_table = DataTable::new(
        "flows",
        "Firms by headquarters region and fair region",
        vec!["headquarters region", "fair region", "firms"],
    );
    for f in flows {
        flow_table.rows.push(vec![
            Cell::text(&f.from),
            Cell::text(&f.to),
            Cell::Num(f.value),
        ]);
    }
    vec![
        years,
        country_table("markets", "Where the counted firms market", markets),
        country_table(
            "adversary-countries",
            "Where adversary-marketing evidence occurs",
            adversaries,
        ),
        flow_table,
    ]
}

fn root(v: &View) -> &'static str {
    if v.live {
        "/"
    } else {
        ""
    }
}

pub fn q1(v: &View) -> Page {
    let q = v.filter.query();
    let a = &v.a.q1;
    let mut tiers = DataTable::new("tiers", "Firms by tier", vec!["tier", "firms"]);
    for (t, n) in &a.by_tier {
        tiers.rows.push(vec![Cell::text(t.as_str()), Cell::int(*n)]);
    }
    let mut firms = DataTable::new(
        "firms",
        "Firms with a tier for the counted capabilities",
        vec![
            "firm",
            "tier",
            "capabilities",
            "headquarters",
            "events",
            "appearances",
            "first year",
            "last year",
            "joined by lineage",
        ],
    );
    for f in &a.firms {
        firms.rows.push(vec![
            v.firm_cell(&f.firm),
            Cell::text(f.tier.as_str()),
            Cell::text(
                f.capabilities
                    .iter()
                    .map(|(c, t)| format!("{c}: {}", t.as_str()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            v.country_cell(f.hq_iso2.as_deref()),
            Cell::int(f.events),
            Cell::int(f.appearances),
            Cell::text(f.first_year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::text(f.last_year.map(|y| y.to_string()).unwrap_or_default()),
            Cell::text(
                f.joined
                    .iter()
                    .map(|j| j.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ]);
    }
    let bars: Vec<Bar> = tiers
        .rows
        .iter()
        .map(|r| Bar {
            label: match &r[0] {
                Cell::Text(s) => s.clone(),
                _ => String::new(),
            },
            value: match r[1] {
                Cell::Int(n) => n as f64,
                _ => 0.0,
            },
            href: None,
        })
        .collect();
    let path = "q1.html";
    let body = html! {
        (finding_header(v, "Q1 Who sells interception and intrusion", html! {
            "Firms with evidence of the counted capabilities, by confidence tier. "
            "Each firm's page lists the evidence items its tier rests on."
        }))
        (v.filter_form("/q1.html"))
        (bar_chart("chart-tiers", "Firms by tier", "Counted firms at each confidence tier.", &bars, "firms"))
        (filtered_table(path, &tiers, "", &q))
        (filtered_table(path, &firms, "", &q))
    };
    Page {
        path: path.into(),
        title: "Q1 Who sells".into(),
        body,
        tables: vec![tiers, firms],
    }
}

pub fn q2(v: &View) -> Page {
    let q = v.filter.query();
    let a = &v.a.q2;
    let mut firms = DataTable::new(
        "firms",
        "Firms with a known headquarters",
        vec![
            "firm",
            "tier",
            "headquarters",
            "headquarters region",
            "headquarters source",
            "evidence",
            "outside home region",
            "fair regions",
            "events outside",
        ],
    );
    for f in &a.firms {
        firms.rows.push(vec![
            v.firm_cell(&f.firm),
            Cell::text(f.tier.as_str()),
            v.country_cell(Some(&f.hq_iso2)),
            Cell::text(&f.hq_region),
            Cell::text(hq_source(f.hq_source)),
            Cell::text(&f.hq_evidence),
            Cell::text(if f.outside { "yes" } else { "no" }),
            Cell::text(f.regions.iter().cloned().collect::<Vec<_>>().join("; ")),
            Cell::text(View::cite(&f.outside_events, 5)),
        ]);
    }
    let mut unknown = DataTable::new(
        "unknown-hq",
        "Firms with no known headquarters (not in the denominator)",
        vec!["firm"],
    );
    for f in &a.unknown_hq {
        unknown.rows.push(vec![v.firm_cell(f)]);
    }
    let mut sources = DataTable::new(
        "hq-sources",
        "Where headquarters came from",
        vec!["source", "firms"],
    );
    for (s, n) in &a.hq_sources {
        sources
            .rows
            .push(vec![Cell::text(hq_source(*s)), Cell::int(*n)]);
    }
    let path = "q2.html";
    let body = html! {
        (finding_header(v, "Q2 Marketing beyond the home region", html! {
            (a.numerator) " of " (a.denominator) " firms (" (pct(a.share)) ") with a known headquarters exhibited at a fair outside their home "
            (a.region_scheme) "."
        }))
        (v.filter_form("/q2.html"))
        (flow_chart("chart-flows", "From headquarters region to fair region",
            "For each firm with a known headquarters: the regions of the fairs it exhibited at.",
            &region_flows(v), "headquarters region", "fair region", "firms"))
        (filtered_table(path, &sources, "", &q))
        (filtered_table(path, &firms, "", &q))
        (filtered_table(path, &unknown, "", &q))
    };
    Page {
        path: path.into(),
        title: "Q2 Beyond home".into(),
        body,
        tables: vec![sources, firms, unknown],
    }
}

fn hq_source(s: fairwatch_study::methodology::HqSource) -> &'static str {
    match s {
        fairwatch_study::methodology::HqSource::VendorList => "vendor list",
        fairwatch_study::methodology::HqSource::Declared => "declared in the fair lists",
    }
}

pub fn q3(v: &View) -> Page {
    let q = v.filter.query();
    let a = &v.a.q3;
    let mut fairs = DataTable::new(
        "fairs",
        "Fairs by counted firms",
        vec![
            "fair",
            "firms",
            "firm appearances",
            "editions",
            "host countries",
        ],
    );
    for f in &a.fairs {
        fairs.rows.push(vec![
            Cell::Link(f.series.clone(), format!("fairs/{}.html", f.series_key)),
            Cell::int(f.firms),
            Cell::int(f.firm_appearances),
            Cell::int(f.editions),
            Cell::text(f.hosts.iter().cloned().collect::<Vec<_>>().join(", ")),
        ]);
    }
    let mut hosts = DataTable::new(
        "hosts",
        "Host countries by counted firms",
        vec!["country", "firms", "firm appearances", "events"],
    );
    for h in &a.hosts {
        hosts.rows.push(vec![
            v.country_cell(Some(&h.iso2)),
            Cell::int(h.firms),
            Cell::int(h.firm_appearances),
            Cell::int(h.events),
        ]);
    }
    let fair_bars: Vec<Bar> = a
        .fairs
        .iter()
        .take(TOP)
        .map(|f| Bar {
            label: f.series.clone(),
            value: f.firms as f64,
            href: Some(format!("{}fairs/{}.html", root(v), f.series_key)),
        })
        .collect();
    let path = "q3.html";
    let body = html! {
        (finding_header(v, "Q3 Which fairs", html! {
            "The fairs and host countries where the counted firms exhibit most, by distinct firms."
        }))
        (v.filter_form("/q3.html"))
        (bar_chart("chart-fairs", "Top fairs", "Fair series ranked by distinct counted firms.", &fair_bars, "firms"))
        (WorldMap::bundled().choropleth("map-markets", "Where the counted firms market",
            "Host countries shaded by the number of distinct counted firms.", &market_map(v), "firms"))
        (filtered_table(path, &fairs, "", &q))
        (filtered_table(path, &hosts, "", &q))
    };
    Page {
        path: path.into(),
        title: "Q3 Which fairs".into(),
        body,
        tables: vec![fairs, hosts],
    }
}

pub fn q4(v: &View) -> Page {
    let q = v.filter.query();
    let a = &v.a.q4;
    let mut firms = DataTable::new(
        "firms",
        "Firms marketing where adversaries are",
        vec![
            "firm",
            "tier",
            "headquarters",
            "irresponsible proliferator",
            "adversary evidence",
            "allied events",
        ],
    );
    let mut evidence = DataTable::new(
        "evidence",
        "Each piece of adversary evidence",
        vec!["firm", "event", "year", "reason", "country", "delegation"],
    );
    for f in &a.firms {
        firms.rows.push(vec![
            v.firm_cell(&f.firm),
            Cell::text(f.tier.as_str()),
            v.country_cell(f.hq_iso2.as_deref()),
            Cell::text(if f.irresponsible { "yes" } else { "no" }),
            Cell::int(f.evidence.len()),
            Cell::int(f.allied_events.len()),
        ]);
        for e in &f.evidence {
            evidence.rows.push(vec![
                v.firm_cell(&f.firm),
                Cell::Link(e.event.slug.clone(), fair_href(v, &e.event.slug)),
                Cell::text(e.event.year.map(|y| y.to_string()).unwrap_or_default()),
                Cell::text(e.reason),
                v.country_cell(Some(&e.country)),
                Cell::text(e.delegation.clone().unwrap_or_default()),
            ]);
        }
    }
    let path = "q4.html";
    let body = html! {
        (finding_header(v, "Q4 Marketing to adversaries", html! {
            (a.firms.len()) " firms exhibited at a fair hosted by, or visited by a delegation of, "
            (v.group(&a.adversaries)) "; " (a.irresponsible) " of them also exhibited at fairs of " (v.group(&a.allies))
            " (the study's \"irresponsible proliferators\")."
        }))
        (v.filter_form("/q4.html"))
        (WorldMap::bundled().choropleth("map-adversaries", "Where adversary-marketing evidence occurs",
            "Adversary countries that hosted a fair with counted firms or sent a delegation to one, shaded by distinct firms.",
            &adversary_map(v), "firms"))
        (filtered_table(path, &firms, "", &q))
        (filtered_table(path, &evidence, "", &q))
    };
    Page {
        path: path.into(),
        title: "Q4 Adversaries".into(),
        body,
        tables: vec![firms, evidence],
    }
}

/// The fair page of an event, by its slug, anchored at the edition.
pub(super) fn fair_href(v: &View, slug: &str) -> String {
    let key =
        v.p.event_index
            .get(slug)
            .map_or("", |&e| v.p.data.events[e].series_key.as_str());
    format!("fairs/{key}.html#{slug}")
}
