//! What every page is made of: a [`Page`] is a title, a body and the data tables it
//! shows. The static report and the live server render the same pages; the writer
//! saves each table next to its page as CSV and JSON, and the server answers the same
//! download paths from the same tables, so "every table shown can be downloaded" holds
//! by construction rather than by remembering to add a link.
//!
//! Every string from the data reaches HTML only through maud's escaping, and CSV only
//! through [`fairwatch_core::text::csv_safe`].

use maud::{html, Markup, DOCTYPE};
use serde_json::{Map, Value};

use fairwatch_core::text::csv_safe;

use crate::chart::format_value;

/// The stylesheet, shared by the static report (written as `style.css`) and the server.
pub const STYLE_CSS: &str = include_str!("../assets/style.css");

/// One cell of a data table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Text linking to a page, by a path relative to the site root.
    Link(String, String),
    Int(i64),
    Num(f64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn int(n: usize) -> Cell {
        Cell::Int(n as i64)
    }

    fn plain(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Link(s, _) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => format_value(*x),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) | Cell::Link(s, _) => Value::String(s.clone()),
            Cell::Int(n) => Value::from(*n),
            Cell::Num(x) => Value::from(*x),
        }
    }
}

/// A table as shown on a page and offered for download.
#[derive(Debug, Clone, PartialEq)]
pub struct DataTable {
    /// Unique within the page; the download is `<page stem>-<id>.csv|json`.
    pub id: &'static str,
    pub caption: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl DataTable {
    pub fn new(id: &'static str, caption: impl Into<String>, headers: Vec<&'static str>) -> Self {
        DataTable {
            id,
            caption: caption.into(),
            headers,
            rows: Vec::new(),
        }
    }

    /// CSV with a header row, every text cell guarded against formula injection.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.headers).expect("writing to memory");
        for row in &self.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(_) | Cell::Link(..) => csv_safe(&c.plain()).into_owned(),
                _ => c.plain(),
            }))
            .expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8")
    }

    /// JSON: the caption and one object per row, keyed by header.
    pub fn to_json(&self, meta: &Value) -> String {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let mut o = Map::new();
                for (h, c) in self.headers.iter().zip(row) {
                    o.insert((*h).to_string(), c.json());
                }
                Value::Object(o)
            })
            .collect();
        let doc = serde_json::json!({
            "table": self.id,
            "caption": self.caption,
            "finding": meta,
            "rows": rows,
        });
        serde_json::to_string_pretty(&doc).expect("JSON of plain values") + "\n"
    }
}

/// A rendered page before it is wrapped in the site's layout.
pub struct Page {
    /// Path relative to the site root, e.g. `companies/hacking-team.html`.
    pub path: String,
    pub title: String,
    pub body: Markup,
    pub tables: Vec<DataTable>,
}

impl Page {
    /// `../` once per directory level, so that links work from file:// and any host.
    pub fn root(&self) -> String {
        "../".repeat(self.path.matches('/').count())
    }

    /// The download path of one of this page's tables, relative to the site root.
    pub fn table_path(&self, table: &str, ext: &str) -> String {
        let stem = self.path.strip_suffix(".html").unwrap_or(&self.path);
        format!("{stem}-{table}.{ext}")
    }
}

/// Rendering context: where links point and what the footer says.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The live server adds search, filters and the review queue.
    pub live: bool,
    /// Filter query string (`?from=...`) carried by links between answer pages, live only.
    pub query: String,
    pub dataset_sha256: String,
    pub methodology_sha256: String,
    pub methodology: String,
    pub window: String,
    pub version: &'static str,
    /// Whether the viewer holds an editor session (live only).
    pub editor: bool,
}

/// A table with its caption and download links. `root` prefixes link targets.
pub fn table(page_path: &str, t: &DataTable, root: &str) -> Markup {
    filtered_table(page_path, t, root, "")
}

/// [`table`] on a filtered page: the downloads carry the filter (`query`, `?from=...`)
/// so that they hold what the page shows.
pub fn filtered_table(page_path: &str, t: &DataTable, root: &str, query: &str) -> Markup {
    let stem = page_path.strip_suffix(".html").unwrap_or(page_path);
    let base = stem.rsplit('/').next().unwrap_or(stem);
    html! {
        div.table-wrap {
            table id=(t.id) {
                caption {
                    (t.caption)
                    " "
                    span.downloads {
                        "(download "
                        a href={(base) "-" (t.id) ".csv" (query)} download { "CSV" }
                        ", "
                        a href={(base) "-" (t.id) ".json" (query)} download { "JSON" }
                        ")"
                    }
                }
                thead { tr { @for h in &t.headers { th scope="col" { (h) } } } }
                tbody {
                    @for row in &t.rows {
                        tr {
                            @for c in row {
                                @match c {
                                    Cell::Text(s) => td { (s) },
                                    Cell::Link(s, href) => td { a href={(root) (href)} { (s) } },
                                    Cell::Int(_) | Cell::Num(_) => td.num { (c.plain()) },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Wraps a page body in the site layout: navigation, the finding's hashes in the footer.
pub fn layout(page: &Page, ctx: &Ctx) -> Markup {
    let root = if ctx.live {
        "/".to_string()
    } else {
        page.root()
    };
    let q = &ctx.query;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={"Fairwatch " (ctx.version)};
                title { (page.title) " · Fairwatch" }
                link rel="stylesheet" href={(root) "style.css"};
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href={(root) "index.html" (q)} { "Fairwatch" }
                    nav aria-label="Sections" {
                        ul {
                            li { a href={(root) "q1.html" (q)} { "Who sells" } }
                            li { a href={(root) "q2.html" (q)} { "Beyond home" } }
                            li { a href={(root) "q3.html" (q)} { "Which fairs" } }
                            li { a href={(root) "q4.html" (q)} { "Adversaries" } }
                            li { a href={(root) "fairs.html"} { "Fairs" } }
                            li { a href={(root) "methodology.html"} { "Methodology" } }
                            li { a href={(root) "provenance.html"} { "Provenance" } }
                            @if ctx.live {
                                li { a href="/search" { "Search" } }
                                li { a href="/review" { "Review" } }
                                li { a href="/api" { "API" } }
                            }
                        }
                    }
                    @if ctx.live {
                        form.search role="search" action="/search" method="get" {
                            label for="site-q" { "Search" }
                            input #site-q type="search" name="q" placeholder="company, fair or exhibitor name";
                            button type="submit" { "Go" }
                        }
                    }
                }
                main #main { (page.body) }
                footer.site {
                    p {
                        "Window " (ctx.window) " · methodology " (ctx.methodology)
                        " · Fairwatch " (ctx.version)
                    }
                    p.hashes {
                        "dataset sha256 " code.hash data-hash="dataset" { (ctx.dataset_sha256) }
                        br;
                        "methodology sha256 " code.hash data-hash="methodology" { (ctx.methodology_sha256) }
                    }
                    p {
                        "Exhibitor facts from the CAAT arms-fair record and the vendor lists named on the "
                        a href={(root) "provenance.html"} { "provenance page" }
                        ". Map geometry: Natural Earth (public domain)."
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DataTable {
        let mut t = DataTable::new("firms", "Firms", vec!["firm", "events", "share"]);
        t.rows.push(vec![
            Cell::Link("=HYPERLINK(\"x\")".into(), "companies/x.html".into()),
            Cell::int(3),
            Cell::Num(0.5),
        ]);
        t.rows.push(vec![
            Cell::text("<script>alert(1)</script>"),
            Cell::int(1),
            Cell::Num(2.0),
        ]);
        t
    }

    #[test]
    fn csv_guards_formulas_and_keeps_numbers() {
        let csv = sample().to_csv();
        assert!(csv.starts_with("firm,events,share\n"));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\",3,0.5"), "{csv}");
        assert!(csv.contains("<script>alert(1)</script>,1,2\n"));
    }

    #[test]
    fn json_rows_are_keyed_by_header() {
        let v: Value = serde_json::from_str(&sample().to_json(&Value::Null)).unwrap();
        assert_eq!(v["rows"][0]["events"], 3);
        assert_eq!(v["rows"][1]["firm"], "<script>alert(1)</script>");
    }

    #[test]
    fn html_escapes_cells() {
        let html = table("q1.html", &sample(), "").into_string();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("href=\"q1-firms.csv\""));
        assert!(html.contains("href=\"companies/x.html\""));
    }

    #[test]
    fn paths_and_roots() {
        let p = Page {
            path: "companies/acme.html".into(),
            title: String::new(),
            body: html! {},
            tables: vec![],
        };
        assert_eq!(p.root(), "../");
        assert_eq!(
            p.table_path("appearances", "csv"),
            "companies/acme-appearances.csv"
        );
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(0.5694), "0.57");
    }
}
