//! A world choropleth map, rendered server-side as inline SVG.
//!
//! Design, and why:
//! - The geometry is bundled (`assets/countries-110m.json`, Natural Earth via the world-atlas
//!   npm package; see `assets/PROVENANCE.md`), so the report works offline and renders the same
//!   everywhere: no tile server, no JavaScript, nothing fetched at view time.
//! - It is parsed and projected once, on first use, into ready-made SVG path strings held in a
//!   [`OnceLock`]; each map drawn afterwards only pastes strings and picks fills.
//! - The projection is Equal Earth: equal-area, so a country's visual weight matches its real
//!   size and large high-latitude countries do not dominate as on Web Mercator.
//! - 1:110m leaves out small countries (Singapore, Bahrain, Hong Kong, Malta, ...), several of
//!   which matter to this study. `assets/small-countries.tsv` gives one point for each of them
//!   (derived from the 1:50m file); those with data are drawn as circles.
//! - Accessibility: the SVG is `role="img"` labelled by its `<title>`/`<desc>`, every country
//!   has a `<title>` tooltip, and a `<details>` table after the map carries the same numbers,
//!   so nothing is conveyed by colour alone.
//! - Colours: 5 quantile classes (count data are skewed, so equal intervals would put nearly
//!   every country in the lowest class) on viridis, which is colour-blind safe, survives
//!   greyscale printing, and whose lightest class (yellow) stays distinct from the grey of
//!   countries without data. Fills and strokes are presentation attributes, so the map looks
//!   right without any CSS and a stylesheet can still override them.
//! - All caller-supplied text goes through maud's escaping; only the geometry strings built
//!   here from the bundled asset are numbers and command letters.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use crate::chart::format_value;
use fairwatch_core::country::Gazetteer;
use maud::{html, Markup};
use serde_json::Value;

const TOPOLOGY: &str = include_str!("../assets/countries-110m.json");
const SMALL_COUNTRIES: &str = include_str!("../assets/small-countries.tsv");

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 470.0;
/// Antarctica: drawn it would take a fifth of the map and carry no data.
const ANTARCTICA: &str = "010";
/// viridis, light (low) to dark (high).
const PALETTE: [&str; 5] = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
const NO_DATA: &str = "#e0e0e0";
const CIRCLE_RADIUS: f64 = 3.5;

/// One country's value on a choropleth.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDatum {
    /// ISO 3166-1 alpha-2 code, in any case.
    pub iso2: String,
    pub value: f64,
    /// Tooltip text, e.g. "France: 107 firms".
    pub label: String,
}

/// The bundled world map, projected and turned into SVG paths once.
#[derive(Debug)]
pub struct WorldMap {
    shapes: Vec<Shape>,
    points: Vec<Point>,
    /// ISO alpha-2 to English short name, for every country the gazetteer knows.
    names: BTreeMap<&'static str, &'static str>,
}

#[derive(Debug)]
struct Shape {
    /// None for features without an ISO id (Kosovo, N. Cyprus, Somaliland) or with one the
    /// gazetteer does not know: these are drawn grey and never take data.
    iso2: Option<&'static str>,
    name: String,
    d: String,
}

#[derive(Debug)]
struct Point {
    iso2: &'static str,
    x: f64,
    y: f64,
}

impl WorldMap {
    /// The bundled map, parsed on first use and shared afterwards.
    pub fn bundled() -> &'static WorldMap {
        static MAP: OnceLock<WorldMap> = OnceLock::new();
        MAP.get_or_init(WorldMap::parse)
    }

    fn parse() -> WorldMap {
        let gazetteer = Gazetteer::builtin();
        let iso2_of = |numeric: &str| gazetteer.by_code(numeric).map(|c| c.iso2);
        let topojson::TopoJson::Topology(topology) = TOPOLOGY
            .parse::<topojson::TopoJson>()
            .expect("bundled countries-110m.json is valid TopoJSON")
        else {
            panic!("bundled countries-110m.json is not a Topology");
        };
        let features = topojson::to_geojson(&topology, "countries")
            .expect("bundled countries-110m.json has a countries object");
        // geojson's types are not re-exported by topojson, so walk the features as JSON.
        let features = serde_json::to_value(&features).expect("GeoJSON features serialise to JSON");
        let features = features["features"]
            .as_array()
            .expect("a FeatureCollection has features");

        let mut shapes = Vec::with_capacity(features.len());
        for feature in features {
            let id = feature["id"].as_str();
            if id == Some(ANTARCTICA) {
                continue;
            }
            let iso2 = id.and_then(iso2_of);
            let name = iso2
                .and_then(|c| gazetteer.get(c))
                .map(|c| c.name)
                .or_else(|| feature["properties"]["name"].as_str())
                .unwrap_or("Unknown")
                .to_owned();
            let d = path_data(&feature["geometry"]);
            if !d.is_empty() {
                shapes.push(Shape { iso2, name, d });
            }
        }

        let mut points = Vec::new();
        for line in SMALL_COUNTRIES.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [id, _name, lon, lat] = fields[..] else {
                panic!("small-countries.tsv: bad row {line:?}");
            };
            let coordinate = |s: &str| {
                s.parse::<f64>()
                    .unwrap_or_else(|_| panic!("small-countries.tsv: bad number in {line:?}"))
            };
            // Territories the gazetteer does not know cannot take data: leave them out.
            if let Some(iso2) = iso2_of(id) {
                let (x, y) = project(coordinate(lon), coordinate(lat));
                points.push(Point { iso2, x, y });
            }
        }

        let names = gazetteer.all().map(|c| (c.iso2, c.name)).collect();
        WorldMap {
            shapes,
            points,
            names,
        }
    }

    /// A `<figure>` with an accessible SVG choropleth and, after it, a `<details>` holding a
    /// `<table>` of the same data (country name, ISO code, value), sorted by value descending.
    ///
    /// One datum per country is expected; if a code repeats, the first one is used. Data for
    /// countries the map cannot show (unknown codes, territories without shape or point) still
    /// appear in the table; non-finite values appear there but colour nothing.
    pub fn choropleth(
        &self,
        id: &str,
        title: &str,
        description: &str,
        data: &[MapDatum],
        value_heading: &str,
    ) -> Markup {
        let mut seen = HashSet::new();
        let rows: Vec<(String, &MapDatum)> = data
            .iter()
            .map(|d| (d.iso2.trim().to_ascii_uppercase(), d))
            .filter(|(code, _)| seen.insert(code.clone()))
            .collect();
        let classes = Classes::new(rows.iter().map(|(_, d)| d.value));
        // code -> (fill, label), looked up for every shape and point.
        let fills: BTreeMap<&str, (&str, &str)> = rows
            .iter()
            .filter_map(|(code, d)| {
                let fill = classes.fill(d.value)?;
                Some((code.as_str(), (fill, d.label.as_str())))
            })
            .collect();
        let on_map = |code: &str| fills.get(code).copied();

        let mut table = rows.clone();
        table.sort_by(|(a, x), (b, y)| {
            y.value
                .total_cmp(&x.value)
                .then_with(|| self.name(a).cmp(self.name(b)))
                .then_with(|| a.cmp(b))
        });

        html! {
            figure.map {
                svg.map id=(id) role="img" aria-labelledby=(format!("{id}-title {id}-desc"))
                    viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) {
                    title id=(format!("{id}-title")) { (title) }
                    desc id=(format!("{id}-desc")) { (description) }
                    g.countries fill=(NO_DATA) stroke="#fff" stroke-width="0.5" fill-rule="evenodd" {
                        @for shape in &self.shapes {
                            @match shape.iso2.and_then(on_map) {
                                Some((fill, label)) => {
                                    path.country.has-value data-iso2=[shape.iso2] fill=(fill) d=(shape.d) {
                                        title { (label) }
                                    }
                                }
                                None => {
                                    path.country data-iso2=[shape.iso2] d=(shape.d) {
                                        title { (shape.name) ": no data" }
                                    }
                                }
                            }
                        }
                    }
                    g.small-countries stroke="#333" stroke-width="0.5" {
                        @for point in &self.points {
                            @if let Some((fill, label)) = on_map(point.iso2) {
                                circle.country.small.has-value data-iso2=(point.iso2) fill=(fill)
                                    cx=(round1(point.x)) cy=(round1(point.y)) r=(CIRCLE_RADIUS) {
                                    title { (label) }
                                }
                            }
                        }
                    }
                    (classes.legend(value_heading))
                }
                figcaption { (title) }
                details {
                    summary { "Data behind this map" }
                    @if table.is_empty() {
                        p.no-data { "No data." }
                    } @else {
                        table {
                            thead {
                                tr {
                                    th scope="col" { "Country" }
                                    th scope="col" { "ISO code" }
                                    th scope="col" { (value_heading) }
                                }
                            }
                            tbody {
                                @for (code, datum) in &table {
                                    tr {
                                        th scope="row" { (self.name(code)) }
                                        td { (code) }
                                        td.num { (format_value(datum.value)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The country's name, or its code when the gazetteer does not know it.
    fn name<'a>(&self, code: &'a str) -> &'a str {
        self.names.get(code).copied().unwrap_or(code)
    }
}

/// Quantile classes over the finite values: each class is labelled with the smallest and
/// largest value actually in it, so the legend never claims a range the data do not have.
struct Classes {
    /// (lowest, highest) value in each class, ascending; at most 5.
    ranges: Vec<(f64, f64)>,
}

impl Classes {
    fn new(values: impl Iterator<Item = f64>) -> Classes {
        let mut sorted: Vec<f64> = values.filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let mut ranges: Vec<(f64, f64)> = Vec::new();
        let mut start = 0;
        for class in 1..=PALETTE.len() {
            // Last index of this quantile, pushed past ties so a value sits in one class.
            let mut end = (n * class).div_ceil(PALETTE.len());
            while end < n && end > 0 && sorted[end] == sorted[end - 1] {
                end += 1;
            }
            if end > start {
                ranges.push((sorted[start], sorted[end - 1]));
                start = end;
            }
        }
        Classes { ranges }
    }

    /// Palette colour of class `i`, spreading fewer classes over the whole palette.
    fn colour(&self, i: usize) -> &'static str {
        match self.ranges.len() {
            0 | 1 => PALETTE[2],
            n => PALETTE[(i * (PALETTE.len() - 1)).div_ceil(n - 1)],
        }
    }

    fn fill(&self, value: f64) -> Option<&'static str> {
        if !value.is_finite() {
            return None;
        }
        let i = self.ranges.iter().position(|&(_, hi)| value <= hi)?;
        Some(self.colour(i))
    }

    /// Bottom left, over the empty South Pacific.
    fn legend(&self, heading: &str) -> Markup {
        const ROW: f64 = 15.0;
        let top = HEIGHT - 8.0 - ROW * (self.ranges.len() as f64 + 2.0);
        html! {
            g.legend transform=(format!("translate(12 {top})")) font-size="11" {
                text.legend-heading x="0" y="10" { (heading) }
                @for (i, &(lo, hi)) in self.ranges.iter().enumerate() {
                    @let y = ROW * (i as f64 + 1.0);
                    rect x="0" y=(y) width="14" height="11" fill=(self.colour(i)) {}
                    text x="20" y=(y + 9.5) {
                        (format_value(lo))
                        @if hi > lo { "–" (format_value(hi)) }
                    }
                }
                @let y = ROW * (self.ranges.len() as f64 + 1.0);
                rect x="0" y=(y) width="14" height="11" fill=(NO_DATA) {}
                text x="20" y=(y + 9.5) { "No data" }
            }
        }
    }
}

/// Equal Earth (Šavrič, Patterson & Jenny 2018), in unit radius, y up.
fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let (lambda, phi) = (lon.to_radians(), lat.to_radians());
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = lambda * theta.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// Longitude and latitude (degrees) to viewBox coordinates: the world spans the full
/// width, (0, 0) is the centre, y points down.
fn project(lon: f64, lat: f64) -> (f64, f64) {
    let scale = WIDTH / 2.0 / equal_earth(180.0, 0.0).0;
    let (x, y) = equal_earth(lon, lat);
    (WIDTH / 2.0 + x * scale, HEIGHT / 2.0 - y * scale)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// SVG path data for a GeoJSON Polygon or MultiPolygon: one absolute move per ring, then
/// relative lines in whole tenths (so rounding errors never accumulate), closed with `z`.
fn path_data(geometry: &Value) -> String {
    let polygons: Vec<&Value> = match geometry["type"].as_str() {
        Some("Polygon") => vec![&geometry["coordinates"]],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .map(|p| p.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut d = String::new();
    for ring in polygons.iter().filter_map(|p| p.as_array()).flatten() {
        let ring: Vec<(f64, f64)> = ring
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|pos| Some((pos[0].as_f64()?, pos[1].as_f64()?)))
            .collect();
        for part in split_at_antimeridian(ring) {
            let mut points: Vec<(i64, i64)> = part
                .into_iter()
                .map(|(lon, lat)| {
                    let (x, y) = project(lon, lat);
                    ((x * 10.0).round() as i64, (y * 10.0).round() as i64)
                })
                .collect();
            points.dedup();
            if points.len() > 1 && points.first() == points.last() {
                points.pop(); // `z` closes the ring
            }
            if points.len() < 3 {
                continue; // smaller than a pixel at this scale
            }
            d.push('M');
            push_number(&mut d, points[0].0);
            push_number(&mut d, points[0].1);
            d.push('l');
            for pair in points.windows(2) {
                push_number(&mut d, pair[1].0 - pair[0].0);
                push_number(&mut d, pair[1].1 - pair[0].1);
            }
            d.push('z');
        }
    }
    d
}

/// Natural Earth rings that cross the antimeridian (Fiji, Chukotka) jump from 180° to -180°;
/// drawn as they are, they streak across the whole map. Such a ring is unwrapped to
/// continuous longitudes, clipped on both sides of the meridian it straddles, and the far
/// part shifted back by 360°. (A ring around a pole cannot be handled so; the only one,
/// Antarctica, is dropped.)
fn split_at_antimeridian(ring: Vec<(f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    if !ring.windows(2).any(|w| (w[1].0 - w[0].0).abs() > 180.0) {
        return vec![ring];
    }
    let mut unwrapped: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
    let mut offset = 0.0;
    for (lon, lat) in ring {
        if let Some(&(previous, _)) = unwrapped.last() {
            let step = lon + offset - previous;
            if step > 180.0 {
                offset -= 360.0;
            } else if step < -180.0 {
                offset += 360.0;
            }
        }
        unwrapped.push((lon + offset, lat));
    }
    let cut = if unwrapped.iter().any(|p| p.0 > 180.0) {
        180.0
    } else {
        -180.0
    };
    let west = clip(&unwrapped, cut, true);
    let east = clip(&unwrapped, cut, false);
    let far_shift = if cut > 0.0 { -360.0 } else { 360.0 };
    let (near, far) = if cut > 0.0 {
        (west, east)
    } else {
        (east, west)
    };
    let far = far
        .into_iter()
        .map(|(lon, lat)| (lon + far_shift, lat))
        .collect();
    vec![near, far]
}

/// Sutherland–Hodgman clip of a closed ring to one side of the meridian `lon`.
fn clip(ring: &[(f64, f64)], lon: f64, keep_west: bool) -> Vec<(f64, f64)> {
    let inside = |p: (f64, f64)| if keep_west { p.0 <= lon } else { p.0 >= lon };
    let crossing = |a: (f64, f64), b: (f64, f64)| {
        let t = (lon - a.0) / (b.0 - a.0);
        (lon, a.1 + t * (b.1 - a.1))
    };
    let mut out = Vec::new();
    for edge in ring.windows(2) {
        let (a, b) = (edge[0], edge[1]);
        match (inside(a), inside(b)) {
            (true, true) => out.push(b),
            (true, false) => out.push(crossing(a, b)),
            (false, true) => out.extend([crossing(a, b), b]),
            (false, false) => {}
        }
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

/// Appends a number given in tenths, as compactly as SVG allows: "12", "1.5", ".5", "-.5",
/// separated from the previous number by a space unless a command or minus sign does it.
fn push_number(d: &mut String, tenths: i64) {
    let separated = d.ends_with(|c: char| c.is_ascii_alphabetic());
    if tenths < 0 {
        d.push('-');
    } else if !separated {
        d.push(' ');
    }
    let (whole, frac) = (tenths.abs() / 10, tenths.abs() % 10);
    match (whole, frac) {
        (w, 0) => d.push_str(&w.to_string()),
        (0, f) => d.push_str(&format!(".{f}")),
        (w, f) => d.push_str(&format!("{w}.{f}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datum(iso2: &str, value: f64) -> MapDatum {
        MapDatum {
            iso2: iso2.to_owned(),
            value,
            label: format!("{iso2}: {value}"),
        }
    }

    fn render(data: &[MapDatum]) -> String {
        WorldMap::bundled()
            .choropleth("m", "Title", "Description", data, "Firms")
            .into_string()
    }

    #[test]
    fn projection_centre_and_frame() {
        let (x, y) = project(0.0, 0.0);
        assert!((x - WIDTH / 2.0).abs() < 1e-9 && (y - HEIGHT / 2.0).abs() < 1e-9);
        let (x, _) = project(180.0, 0.0);
        assert!((x - WIDTH).abs() < 1e-9);
        let (_, top) = project(0.0, 90.0);
        let (_, bottom) = project(0.0, -90.0);
        assert!(top >= 0.0 && bottom <= HEIGHT && top < bottom);
    }

    #[test]
    fn countries_and_small_countries_with_data() {
        let svg = render(&[datum("FR", 5.0), datum("SG", 1.0), datum("hk", 2.0)]);
        assert!(svg.contains(r#"<path class="country has-value" data-iso2="FR""#));
        assert!(svg.contains(r#"<circle class="country small has-value" data-iso2="SG""#));
        assert!(svg.contains(r#"<circle class="country small has-value" data-iso2="HK""#));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains(r#"<path class="country" data-iso2="DE""#));
        assert!(!svg.contains("data-iso2=\"AQ\""), "Antarctica is dropped");
        // The table is sorted by value, descending.
        let (fr, hk, sg) = (
            svg.find(">France<"),
            svg.find(">Hong Kong<"),
            svg.find(">Singapore<"),
        );
        assert!(fr.is_some() && fr < hk && hk < sg, "{fr:?} {hk:?} {sg:?}");
    }

    #[test]
    fn untrusted_text_is_escaped() {
        let evil = "<script>alert(1)</script>";
        let data = [MapDatum {
            iso2: "FR".into(),
            value: 1.0,
            label: evil.into(),
        }];
        let out = WorldMap::bundled()
            .choropleth("m\"x", evil, evil, &data, evil)
            .into_string();
        assert!(!out.contains("<script>"));
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(out.contains("id=\"m&quot;x\""));
    }

    #[test]
    fn every_known_feature_maps_to_iso2() {
        let gazetteer = Gazetteer::builtin();
        let topology: Value = serde_json::from_str(TOPOLOGY).expect("valid JSON");
        let mut ids = 0;
        for geometry in topology["objects"]["countries"]["geometries"]
            .as_array()
            .expect("geometries")
        {
            if let Some(id) = geometry["id"].as_str() {
                ids += 1;
                assert!(gazetteer.by_code(id).is_some(), "unknown id {id}");
            }
        }
        assert_eq!(ids, 174);
        let map = WorldMap::bundled();
        assert_eq!(map.shapes.len(), 176, "all features but Antarctica");
        assert_eq!(map.shapes.iter().filter(|s| s.iso2.is_some()).count(), 173);
        assert_eq!(map.points.len(), SMALL_COUNTRIES.lines().count() - 1);
    }

    #[test]
    fn data_off_the_map_is_in_the_table() {
        let svg = render(&[datum("FR", 3.0), datum("ZZ", 9.0), datum("TV", 4.0)]);
        assert!(svg.contains("<td>ZZ</td>"));
        assert!(svg.contains(">Tuvalu<") && svg.contains("<td>TV</td>"));
        assert!(!svg.contains("data-iso2=\"ZZ\"") && !svg.contains("data-iso2=\"TV\""));
    }

    #[test]
    fn deterministic_and_finite() {
        let data: Vec<MapDatum> = ["US", "CN", "FR", "GB", "SG", "BH", "MT", "IL"]
            .iter()
            .enumerate()
            .map(|(i, c)| datum(c, (i * i) as f64))
            .chain([datum("DE", f64::NAN)])
            .collect();
        let first = render(&data);
        assert_eq!(first, render(&data));
        assert!(!first.contains("NaN") && !first.contains("inf"));
        assert!(render(&[]).contains("No data."));
    }

    #[test]
    fn quantile_classes() {
        let classes =
            Classes::new([1.0, 1.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0].into_iter());
        assert_eq!(
            classes.ranges,
            vec![
                (1.0, 1.0),
                (2.0, 2.0),
                (3.0, 5.0),
                (8.0, 13.0),
                (21.0, 34.0)
            ]
        );
        assert_eq!(classes.fill(1.0), Some(PALETTE[0]));
        assert_eq!(classes.fill(34.0), Some(PALETTE[4]));
        let one = Classes::new([7.0, 7.0].into_iter());
        assert_eq!(one.ranges, vec![(7.0, 7.0)]);
        assert_eq!(one.fill(7.0), Some(PALETTE[2]));
    }

    #[test]
    fn antimeridian_rings_are_split() {
        let fiji = vec![
            (179.0, -16.0),
            (180.0, -16.5),
            (-179.5, -16.2),
            (-180.0, -17.0),
            (179.0, -16.0),
        ];
        let parts = split_at_antimeridian(fiji);
        assert_eq!(parts.len(), 2);
        for part in &parts {
            let lons: Vec<f64> = part.iter().map(|p| p.0).collect();
            assert!(lons.iter().all(|l| l.abs() <= 180.0));
            assert!(
                lons.windows(2).all(|w| (w[1] - w[0]).abs() < 2.0),
                "{lons:?}"
            );
        }
        // No drawn segment of any country spans a quarter of the map's width.
        for shape in &WorldMap::bundled().shapes {
            for relative in shape.d.split('l').skip(1) {
                let relative = relative.split(['z', 'M']).next().unwrap_or_default();
                let numbers = relative.replace('-', " -");
                let dx = numbers.split_whitespace().step_by(2);
                let widest = dx
                    .map(|n| n.parse::<f64>().expect("number").abs())
                    .fold(0.0, f64::max);
                assert!(widest < WIDTH / 4.0, "{}: {widest}", shape.name);
            }
        }
    }

    #[test]
    fn compact_numbers() {
        let mut d = String::from("M");
        for t in [123, -5, 5, 0, -120] {
            push_number(&mut d, t);
        }
        assert_eq!(d, "M12.3-.5 .5 0-12");
        assert_eq!(format_value(107.0), "107");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(-0.0), "0");
    }
}
