//! Static SVG charts for the report: horizontal bars, vertical columns and flows.
//!
//! Design, and why:
//! - Rendered server-side with maud into inline SVG: the report needs no JavaScript, prints,
//!   and reads the same in every browser. All caller text (titles, labels, links) goes through
//!   maud's escaping; links are further limited to relative, http(s) and mailto addresses,
//!   since escaping alone does not stop a `javascript:` URL.
//! - Every chart is a `<figure class="chart">`: the SVG is `role="img"` labelled by its
//!   `<title>` and `<desc>`, each mark has a `<title>` tooltip, and a `<details>` table after it
//!   holds the same numbers, so the chart has a full text alternative.
//! - Geometry comes from a fixed width (720) and fixed row heights rather than the data, so
//!   text keeps one size from chart to chart; the SVG carries `width`/`height` and a `viewBox`,
//!   so CSS can still scale it down (`max-width: 100%; height: auto`).
//! - Styling is by CSS class; default fills, strokes and font size are presentation attributes
//!   (not inline styles), so charts look right without a stylesheet and any CSS overrides them.
//! - Degenerate input never panics or prints NaN: scales guard against a zero maximum, non-finite
//!   values are drawn as zero and shown as "–", negative values are drawn as zero.

use std::borrow::Cow;
use std::collections::HashMap;

use maud::{html, Markup};

const WIDTH: f64 = 720.0;
const FONT_SIZE: &str = "12";
/// Roughly the advance of one character at 12px, to fit and thin out text.
const CHAR_W: f64 = 7.0;
/// Mark colour (viridis blue, as on the map).
const MARK: &str = "#3b528b";
const GRID: &str = "#ddd";
/// Okabe–Ito: qualitative and colour-blind safe, for telling flows apart by origin.
const FLOW_COLOURS: [&str; 7] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
];

/// One bar or column.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Where the label links to; only relative, http(s) and mailto addresses are kept.
    pub href: Option<String>,
}

/// One band of a flow chart: `value` from `from` to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub value: f64,
}

/// Horizontal bars, one per item, largest first as given (caller sorts). Each bar a
/// `<rect class="bar">` with `<title>`, label text left, value text right; labels that are
/// links wrap the label in an SVG `<a href>`.
pub fn bar_chart(
    id: &str,
    title: &str,
    description: &str,
    bars: &[Bar],
    value_heading: &str,
) -> Markup {
    const LABEL_W: f64 = 220.0;
    const VALUE_W: f64 = 64.0;
    const ROW: f64 = 24.0;
    const BAR_H: f64 = 16.0;
    const PAD: f64 = 8.0;
    if bars.is_empty() {
        return no_data(title);
    }
    let height = 2.0 * PAD + ROW * bars.len() as f64;
    let scale = scale_to(WIDTH - LABEL_W - VALUE_W, bars.iter().map(|b| b.value));
    let max_chars = ((LABEL_W - 2.0 * PAD) / CHAR_W) as usize;
    let svg = html! {
        g.bars fill=(MARK) {
            @for (i, bar) in bars.iter().enumerate() {
                @let top = PAD + ROW * i as f64;
                @let length = round1(drawn(bar.value) * scale);
                @let baseline = round1(top + BAR_H / 2.0 + 4.0);
                (svg_label(bar, LABEL_W - PAD, baseline, "end", max_chars))
                rect.bar x=(LABEL_W) y=(round1(top)) width=(length) height=(BAR_H) {
                    title { (bar.label) ": " (format_value(bar.value)) }
                }
                text.value x=(round1(LABEL_W + length + 4.0)) y=(baseline) fill="currentColor" {
                    (format_value(bar.value))
                }
            }
        }
    };
    figure(
        id,
        title,
        description,
        height,
        svg,
        label_table(bars, value_heading),
    )
}

/// Vertical columns along an ordered axis (e.g. years): `<rect class="column">`, axis labels
/// under each column (thinned out when they would collide), a few y gridlines.
pub fn column_chart(
    id: &str,
    title: &str,
    description: &str,
    columns: &[Bar],
    value_heading: &str,
) -> Markup {
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 8.0;
    const TOP: f64 = 20.0;
    const PLOT_H: f64 = 200.0;
    const BOTTOM: f64 = 24.0;
    if columns.is_empty() {
        return no_data(title);
    }
    let n = columns.len();
    let slot = (WIDTH - LEFT - RIGHT) / n as f64;
    let column_w = (slot * 0.7).min(60.0);
    let integral = columns.iter().all(|c| drawn(c.value).fract() == 0.0);
    let ticks = ticks(
        columns.iter().map(|c| drawn(c.value)).fold(0.0, f64::max),
        integral,
    );
    let top_tick = ticks.last().copied().unwrap_or(1.0);
    let y_of = |v: f64| round1(TOP + PLOT_H - v / top_tick * PLOT_H);
    // Axis labels get room for up to 12 characters (longer ones are shortened, years and
    // months fit whole); where even that does not fit, only every `every`-th is shown.
    let widest_label = columns
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(1)
        .min(12);
    let every = ((widest_label as f64 * CHAR_W + 6.0) / slot)
        .ceil()
        .max(1.0) as usize;
    let widest_value = columns
        .iter()
        .map(|c| format_value(c.value).len())
        .max()
        .unwrap_or(1);
    // Values on top of the columns only where they fit.
    let show_values = widest_value as f64 * CHAR_W <= slot;
    let label_chars = ((slot * every as f64 - 6.0) / CHAR_W).max(3.0) as usize;
    let svg = html! {
        g.grid stroke=(GRID) {
            @for tick in &ticks {
                line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y_of(*tick)) y2=(y_of(*tick)) {}
            }
        }
        g.y-axis text-anchor="end" {
            @for tick in &ticks {
                text x=(LEFT - 6.0) y=(y_of(*tick) + 4.0) { (format_value(*tick)) }
            }
        }
        g.columns fill=(MARK) {
            @for (i, column) in columns.iter().enumerate() {
                @let centre = LEFT + slot * (i as f64 + 0.5);
                @let y = y_of(drawn(column.value));
                rect.column x=(round1(centre - column_w / 2.0)) y=(y)
                    width=(round1(column_w)) height=(round1(TOP + PLOT_H - y)) {
                    title { (column.label) ": " (format_value(column.value)) }
                }
                @if show_values {
                    text.value x=(round1(centre)) y=(round1(y - 4.0)) text-anchor="middle" fill="currentColor" {
                        (format_value(column.value))
                    }
                }
                @if i % every == 0 {
                    (svg_label(column, round1(centre), TOP + PLOT_H + 16.0, "middle", label_chars))
                }
            }
        }
    };
    let height = TOP + PLOT_H + BOTTOM;
    figure(
        id,
        title,
        description,
        height,
        svg,
        label_table(columns, value_heading),
    )
}

/// From-nodes on the left, to-nodes on the right, one band per flow (`<path class="flow">`,
/// a cubic Bézier whose stroke width is proportional to the value, with `<title>`
/// "from → to: value"), node labels with totals. Flows that are not positive are left out
/// of the drawing but kept in the table.
pub fn flow_chart(
    id: &str,
    title: &str,
    description: &str,
    flows: &[Flow],
    from_heading: &str,
    to_heading: &str,
    value_heading: &str,
) -> Markup {
    const LABEL_W: f64 = 200.0;
    const NODE_W: f64 = 10.0;
    const TOP: f64 = 28.0;
    const GAP: f64 = 8.0;
    /// A node's row is at least this tall, so labels of small nodes never collide.
    const MIN_ROW: f64 = 16.0;
    let drawable: Vec<&Flow> = flows.iter().filter(|f| drawn(f.value) > 0.0).collect();
    if drawable.is_empty() {
        return no_data(title);
    }
    let left = Nodes::new(drawable.iter().map(|f| (f.from.as_str(), f.value)));
    let right = Nodes::new(drawable.iter().map(|f| (f.to.as_str(), f.value)));
    let total: f64 = drawable.iter().map(|f| f.value).sum();
    let rows = left.order.len().max(right.order.len()) as f64;
    let k = (rows * 24.0).max(120.0) / total;
    let (left_rows, left_h) = left.layout(k, MIN_ROW, GAP);
    let (right_rows, right_h) = right.layout(k, MIN_ROW, GAP);
    let plot_h = left_h.max(right_h);
    // Centre the shorter side.
    let (left_top, right_top) = (
        TOP + (plot_h - left_h) / 2.0,
        TOP + (plot_h - right_h) / 2.0,
    );
    let (x0, x1) = (LABEL_W + NODE_W, WIDTH - LABEL_W - NODE_W);

    // Stack bands in each node in the order of their other end, so bands do not cross there.
    let mut from_cursor: Vec<f64> = left_rows.iter().map(|r| left_top + r.band_top).collect();
    let mut to_cursor: Vec<f64> = right_rows.iter().map(|r| right_top + r.band_top).collect();
    let mut bands: Vec<(usize, usize, &Flow)> = drawable
        .iter()
        .map(|f| (left.index[f.from.as_str()], right.index[f.to.as_str()], *f))
        .collect();
    bands.sort_by_key(|&(a, b, _)| (a, b));
    let mut from_mid = Vec::with_capacity(bands.len());
    for &(a, _, f) in &bands {
        from_mid.push(from_cursor[a] + f.value * k / 2.0);
        from_cursor[a] += f.value * k;
    }
    let mut order: Vec<usize> = (0..bands.len()).collect();
    order.sort_by_key(|&i| (bands[i].1, bands[i].0));
    let mut to_mid = vec![0.0; bands.len()];
    for i in order {
        let (_, b, f) = bands[i];
        to_mid[i] = to_cursor[b] + f.value * k / 2.0;
        to_cursor[b] += f.value * k;
    }
    let max_chars = ((LABEL_W - 16.0) / CHAR_W) as usize;
    let xm = round1((x0 + x1) / 2.0);

    let svg = html! {
        g.headings font-weight="bold" {
            text x=(LABEL_W + NODE_W) y="14" text-anchor="end" { (from_heading) }
            text x=(WIDTH - LABEL_W - NODE_W) y="14" { (to_heading) }
        }
        g.flows fill="none" stroke-opacity="0.5" {
            @for (i, &(a, _, f)) in bands.iter().enumerate() {
                @let (y0, y1) = (round1(from_mid[i]), round1(to_mid[i]));
                path.flow stroke=(FLOW_COLOURS[a % FLOW_COLOURS.len()])
                    stroke-width=(round1((f.value * k).max(1.0)))
                    d=(format!("M{x0} {y0}C{xm} {y0} {xm} {y1} {x1} {y1}")) {
                    title { (f.from) " → " (f.to) ": " (format_value(f.value)) }
                }
            }
        }
        g.nodes fill="#555" {
            @for (is_left, nodes, rows, top) in [(true, &left, &left_rows, left_top), (false, &right, &right_rows, right_top)] {
                @for (i, row) in rows.iter().enumerate() {
                    @let x = if is_left { LABEL_W } else { WIDTH - LABEL_W - NODE_W };
                    @let (name, value) = (nodes.order[i], nodes.totals[i]);
                    rect.node x=(x) y=(round1(top + row.band_top)) width=(NODE_W)
                        height=(round1((value * k).max(1.0))) {
                        title { (name) ": " (format_value(value)) }
                    }
                    @let (tx, anchor) = if is_left { (x - 6.0, "end") } else { (x + NODE_W + 6.0, "start") };
                    text.node-label x=(tx) y=(round1(top + row.centre + 4.0)) text-anchor=(anchor) fill="currentColor" {
                        (truncate(name, max_chars)) " (" (format_value(value)) ")"
                    }
                }
            }
        }
    };
    let table = html! {
        table {
            thead {
                tr {
                    th scope="col" { (from_heading) }
                    th scope="col" { (to_heading) }
                    th scope="col" { (value_heading) }
                }
            }
            tbody {
                @for f in flows {
                    tr {
                        td { (f.from) }
                        td { (f.to) }
                        td.num { (format_value(f.value)) }
                    }
                }
            }
        }
    };
    figure(id, title, description, TOP + plot_h + 8.0, svg, table)
}

/// The distinct node names of one side of a flow chart, largest total first.
struct Nodes<'a> {
    order: Vec<&'a str>,
    totals: Vec<f64>,
    index: HashMap<&'a str, usize>,
}

/// Where a node sits, relative to the top of its side.
struct NodeRow {
    band_top: f64,
    centre: f64,
}

impl<'a> Nodes<'a> {
    fn new(values: impl Iterator<Item = (&'a str, f64)>) -> Nodes<'a> {
        let mut sums: HashMap<&str, f64> = HashMap::new();
        for (name, value) in values {
            *sums.entry(name).or_default() += value;
        }
        let mut pairs: Vec<(&str, f64)> = sums.into_iter().collect();
        pairs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let index = pairs.iter().enumerate().map(|(i, p)| (p.0, i)).collect();
        let (order, totals) = pairs.into_iter().unzip();
        Nodes {
            order,
            totals,
            index,
        }
    }

    /// Each node's row and the side's total height: a row is the node's band height (at
    /// `k` per unit), at least `min_row`, with the band centred in it.
    fn layout(&self, k: f64, min_row: f64, gap: f64) -> (Vec<NodeRow>, f64) {
        let mut y = 0.0;
        let mut rows = Vec::with_capacity(self.totals.len());
        for total in &self.totals {
            let band = total * k;
            let row = band.max(min_row);
            rows.push(NodeRow {
                band_top: y + (row - band) / 2.0,
                centre: y + row / 2.0,
            });
            y += row + gap;
        }
        (rows, (y - gap).max(0.0))
    }
}

/// The figure around a chart: the labelled SVG, the caption and the data table.
fn figure(
    id: &str,
    title: &str,
    description: &str,
    height: f64,
    body: Markup,
    table: Markup,
) -> Markup {
    let height = round1(height);
    html! {
        figure.chart {
            svg id=(id) role="img" aria-labelledby=(format!("{id}-title {id}-desc"))
                width=(WIDTH) height=(height) viewBox=(format!("0 0 {WIDTH} {height}"))
                font-size=(FONT_SIZE) {
                title id=(format!("{id}-title")) { (title) }
                desc id=(format!("{id}-desc")) { (description) }
                (body)
            }
            figcaption { (title) }
            details {
                summary { "Data behind this chart" }
                (table)
            }
        }
    }
}

fn no_data(title: &str) -> Markup {
    html! {
        figure.chart.chart-empty {
            figcaption { (title) }
            p.no-data { "No data to show." }
        }
    }
}

/// Label and value table for bars and columns; linked labels stay links.
fn label_table(bars: &[Bar], value_heading: &str) -> Markup {
    html! {
        table {
            thead {
                tr {
                    td {}
                    th scope="col" { (value_heading) }
                }
            }
            tbody {
                @for bar in bars {
                    tr {
                        th scope="row" {
                            @match bar.href.as_deref().filter(|h| safe_href(h)) {
                                Some(href) => a href=(href) { (bar.label) },
                                None => (bar.label),
                            }
                        }
                        td.num { (format_value(bar.value)) }
                    }
                }
            }
        }
    }
}

/// A bar's label as SVG text, shortened to `max_chars` (the full text is in a `<title>`),
/// wrapped in `<a>` when it has a safe link.
fn svg_label(bar: &Bar, x: f64, y: f64, anchor: &str, max_chars: usize) -> Markup {
    let text = html! {
        text.label x=(x) y=(y) text-anchor=(anchor) fill="currentColor" {
            @let short = truncate(&bar.label, max_chars);
            @if short.len() < bar.label.len() { title { (bar.label) } }
            (short)
        }
    };
    match bar.href.as_deref().filter(|h| safe_href(h)) {
        Some(href) => html! { a href=(href) { (text) } },
        None => text,
    }
}

/// Relative links and http(s)/mailto ones; not `javascript:` and other schemes, nor
/// anything with whitespace or control characters (browsers strip those, so `java\tscript:`
/// would work).
fn safe_href(href: &str) -> bool {
    if href.is_empty() || href.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match href.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => ["http", "https", "mailto"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s)),
        _ => true,
    }
}

fn truncate(text: &str, max_chars: usize) -> Cow<'_, str> {
    if text.chars().count() <= max_chars {
        return Cow::Borrowed(text);
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    Cow::Owned(short)
}

/// Pixels per unit so that the largest value spans `length`; zero when nothing is positive.
fn scale_to(length: f64, values: impl Iterator<Item = f64>) -> f64 {
    let max = values.map(drawn).fold(0.0, f64::max);
    if max > 0.0 {
        length / max
    } else {
        0.0
    }
}

/// The value a mark is drawn with: negative and non-finite values draw as zero.
fn drawn(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

/// Gridline values from 0 to at least `max`, 3 to 6 of them, on a 1-2-5 step (whole
/// numbers when the data are counts).
fn ticks(max: f64, integral: bool) -> Vec<f64> {
    if max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    if integral {
        step = step.max(1.0);
    }
    let count = (max / step).ceil() as usize;
    // Rounded so that 3 × 0.2 is 0.6, not 0.6000000000000001.
    (0..=count)
        .map(|i| {
            let units = (i as f64 * step / magnitude).round();
            if magnitude < 1.0 {
                units / (1.0 / magnitude).round()
            } else {
                units * magnitude
            }
        })
        .collect()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// "107", "2.5", "0.33": no trailing ".0", at most two decimals; "–" when not a number.
pub(crate) fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0" } else { s }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIL: &str = "<script>alert(1)</script>";

    fn bars(values: &[f64]) -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Bar {
                label: format!("Item {i}"),
                value,
                href: (i % 2 == 0).then(|| format!("/firm/{i}")),
            })
            .collect()
    }

    fn flows() -> Vec<Flow> {
        [
            ("IL", "Eurosatory", 5.0),
            ("US", "Eurosatory", 7.0),
            ("IL", "DSEI", 2.0),
            ("FR", "DSEI", 0.5),
        ]
        .iter()
        .map(|&(from, to, value)| Flow {
            from: from.into(),
            to: to.into(),
            value,
        })
        .collect()
    }

    #[test]
    fn bar_chart_elements() {
        let out = bar_chart("b", "T", "D", &bars(&[10.0, 7.5, 3.0]), "Firms").into_string();
        assert_eq!(out.matches("<rect class=\"bar\"").count(), 3);
        assert_eq!(
            out.matches("<a href=\"/firm/").count(),
            2 * 2,
            "SVG label and table cell"
        );
        assert!(out.contains(r#"<svg id="b" role="img" aria-labelledby="b-title b-desc""#));
        assert!(out.contains("<details><summary>Data behind this chart</summary><table>"));
        assert!(out.contains(">7.5<") && out.contains(">10<") && !out.contains("10.0"));
    }

    #[test]
    fn column_chart_elements() {
        let years: Vec<Bar> = (2010..2025)
            .map(|y| Bar {
                label: y.to_string(),
                value: f64::from(y - 2008),
                href: None,
            })
            .collect();
        let out = column_chart("c", "T", "D", &years, "Firms").into_string();
        assert_eq!(out.matches("<rect class=\"column\"").count(), 15);
        assert!(out.matches("<line ").count() >= 3);
        assert!(out.contains(">2010</text>"));
    }

    #[test]
    fn flow_chart_elements() {
        let out = flow_chart("f", "T", "D", &flows(), "Country", "Fair", "Firms").into_string();
        assert_eq!(out.matches("<path class=\"flow\"").count(), 4);
        assert_eq!(out.matches("<rect class=\"node\"").count(), 5);
        assert!(out.contains("<title>IL → DSEI: 2</title>"));
        assert!(out.contains(">IL (7)</text>") && out.contains(">Eurosatory (12)</text>"));
    }

    #[test]
    fn untrusted_text_is_escaped() {
        let evil_bar = [Bar {
            label: EVIL.into(),
            value: 1.0,
            href: Some("javascript:alert(1)".into()),
        }];
        let evil_flow = [Flow {
            from: EVIL.into(),
            to: EVIL.into(),
            value: 1.0,
        }];
        for out in [
            bar_chart(EVIL, EVIL, EVIL, &evil_bar, EVIL),
            column_chart(EVIL, EVIL, EVIL, &evil_bar, EVIL),
            flow_chart(EVIL, EVIL, EVIL, &evil_flow, EVIL, EVIL, EVIL),
            bar_chart("e", EVIL, "", &[], ""),
        ] {
            let out = out.into_string();
            assert!(!out.contains("<script>"), "{out}");
            assert!(out.contains("&lt;script&gt;"));
            assert!(!out.contains("javascript:"));
        }
        assert!(
            safe_href("/firm/1") && safe_href("https://example.org/a:b") && safe_href("?q=a:b")
        );
        assert!(!safe_href("JavaScript:x") && !safe_href("java\tscript:x") && !safe_href("data:x"));
    }

    #[test]
    fn empty_and_degenerate_input() {
        for out in [
            bar_chart("e", "T", "D", &[], "V"),
            column_chart("e", "T", "D", &[], "V"),
            flow_chart("e", "T", "D", &[], "A", "B", "V"),
            flow_chart(
                "e",
                "T",
                "D",
                &[Flow {
                    from: "a".into(),
                    to: "b".into(),
                    value: 0.0,
                }],
                "A",
                "B",
                "V",
            ),
        ] {
            let out = out.into_string();
            assert!(
                out.contains("No data to show.") && !out.contains("<svg"),
                "{out}"
            );
        }
        let odd = bars(&[0.0, f64::NAN, -3.0, f64::INFINITY]);
        for out in [
            bar_chart("z", "T", "D", &odd, "V"),
            column_chart("z", "T", "D", &odd, "V"),
        ] {
            let out = out.into_string();
            assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
            assert!(out.contains("<svg"));
        }
    }

    #[test]
    fn deterministic_and_finite() {
        let render = || {
            [
                bar_chart("b", "T", "D", &bars(&[3.0, 2.0, 1.0]), "V"),
                column_chart("c", "T", "D", &bars(&[0.1, 0.25, 0.7]), "V"),
                flow_chart("f", "T", "D", &flows(), "A", "B", "V"),
            ]
            .map(Markup::into_string)
        };
        let first = render();
        assert_eq!(first, render());
        for out in &first {
            assert!(!out.contains("NaN") && !out.contains("inf"));
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(ticks(107.0, true), vec![0.0, 50.0, 100.0, 150.0]);
        assert_eq!(ticks(3.0, true), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(0.7, false), vec![0.0, 0.2, 0.4, 0.6, 0.8]);
        assert_eq!(format_value(12.0), "12");
        assert_eq!(format_value(0.1 + 0.2), "0.3");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
