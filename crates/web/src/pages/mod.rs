//! The pages, shared by the static report and the live server. Each function takes a
//! [`View`] (the publication, and the methodology and answers in force, which filters
//! may vary) and returns a [`Page`]; nothing here does I/O.

mod about;
mod answers;
mod company;
mod fair;
pub mod live;

pub use about::{methodology, provenance};
pub use answers::{index, q1, q2, q3, q4};
pub use company::company;
pub use fair::{fair, fairs};

use maud::{html, Markup};

use fairwatch_study::questions::{EventRef, FirmRef};
use fairwatch_study::{Answers, Methodology};

use crate::page::{Cell, Ctx};
use crate::publication::{Filter, Publication};

/// What a page is rendered from.
pub struct View<'a> {
    pub p: &'a Publication,
    pub m: &'a Methodology,
    pub a: &'a Answers,
    pub live: bool,
    pub filter: Filter,
    pub editor: bool,
}

impl<'a> View<'a> {
    /// The static report's view: the publication's own methodology and answers.
    pub fn report(p: &'a Publication) -> View<'a> {
        View {
            p,
            m: &p.methodology,
            a: &p.answers,
            live: false,
            filter: Filter::default(),
            editor: false,
        }
    }

    pub fn ctx(&self) -> Ctx {
        let w = &self.a.finding.window;
        Ctx {
            live: self.live,
            query: self.filter.query(),
            dataset_sha256: self.a.finding.dataset_sha256.clone(),
            methodology_sha256: self.a.finding.methodology_sha256.clone(),
            methodology: self.a.finding.methodology.clone(),
            window: format!("{}–{}", w.from, w.to),
            version: env!("CARGO_PKG_VERSION"),
            editor: self.editor,
        }
    }

    /// A country group's label ("US foreign adversaries (15 CFR 791.4)"), or its key.
    pub fn group(&self, key: &str) -> String {
        self.m
            .spec
            .groups
            .get(key)
            .map_or_else(|| key.to_string(), |g| g.label.clone())
    }

    /// A cell naming a firm, linked to its page where it has one.
    pub fn firm_cell(&self, f: &FirmRef) -> Cell {
        match self.company_href(&f.company_id) {
            Some(href) => Cell::Link(f.name.clone(), href),
            None => Cell::text(&f.name),
        }
    }

    pub fn company_href(&self, id: &str) -> Option<String> {
        let i = *self.p.company_index.get(id)?;
        self.p.company_href(i, self.live)
    }

    /// A country cell: "France (FR)".
    pub fn country_cell(&self, iso2: Option<&str>) -> Cell {
        Cell::text(iso2.map(|c| self.p.country(c)).unwrap_or_default())
    }

    /// Events as a short citation: "milipol-paris-2015, dsei-2017 (+3 more)".
    pub fn cite(events: &[EventRef], limit: usize) -> String {
        let mut s: Vec<String> = events.iter().take(limit).map(|e| e.slug.clone()).collect();
        if events.len() > limit {
            s.push(format!("(+{} more)", events.len() - limit));
        }
        s.join(", ")
    }

    /// The live filter form; nothing in the static report.
    pub fn filter_form(&self, action: &str) -> Markup {
        if !self.live {
            return html! {};
        }
        let q = &self.m.spec.questions;
        let (lo, hi) = self.p.years();
        let w = &self.a.finding.window;
        let tiers: Vec<&str> = q.tiers.iter().map(|t| t.as_str()).collect();
        html! {
            form.filters method="get" action=(action) aria-label="Filters" {
                fieldset {
                    legend { "Filters" }
                    label { "From " input type="number" name="from" min=(lo) max=(hi) value=(w.from); }
                    label { "to " input type="number" name="to" min=(lo) max=(hi) value=(w.to); }
                    label { "Tiers "
                        select name="tiers" {
                            @for opt in ["high", "high,medium", "high,medium,low"] {
                                option value=(opt) selected[tiers.join(",") == opt] { (opt) }
                            }
                        }
                    }
                    label { "Regions "
                        select name="region" {
                            @for r in self.p.methodology.spec.regions.keys() {
                                option value=(r) selected[*r == q.region_scheme] { (r) }
                            }
                        }
                    }
                    label { "Adversaries "
                        select name="adversaries" {
                            @for (k, g) in &self.p.methodology.spec.groups {
                                option value=(k) selected[*k == q.adversaries] { (g.label) }
                            }
                        }
                    }
                    button type="submit" { "Apply" }
                    " "
                    a href=(action) { "Reset" }
                }
            }
        }
    }
}

/// The heading block every answer page starts with.
fn finding_header(v: &View, title: &str, lede: Markup) -> Markup {
    let f = &v.a.finding;
    html! {
        h1 { (title) }
        p.lede { (lede) }
        p.scope {
            "Window " strong { (f.window.from) "–" (f.window.to) } "; capabilities "
            (f.capabilities.join(", ")) "; tiers "
            (f.tiers.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "))
            "; regions " (f.region_scheme) "; adversaries: " (v.group(&f.adversaries))
            "; allies: " (v.group(&f.allies))
            @if f.window.follow_lineage { "; lineage followed" }
            "."
        }
    }
}
