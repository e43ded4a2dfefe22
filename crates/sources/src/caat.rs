//! The CAAT / Omega arms-fair record: one JSON file per event (`data/<slug>.json`,
//! schema `schema/fair.schema.json`) and `ignore.csv` (cancelled or ended events).
//!
//! The parser accepts every shape the schema allows (text or array of text; address and
//! country as string, object or array; organisers as object or array; partial dates)
//! and rejects what it does not, naming the file and the JSON path. It walks a
//! `serde_json::Value` by hand rather than deriving: the schema's `anyOf` shapes would
//! otherwise surface as "did not match any variant", which tells a user nothing.
//! Fields the schema does not know are kept out of the record but reported as warnings,
//! so a newer upstream snapshot with an extra field still loads.

use crate::json_path::{index, join, kind};
use rayon::prelude::*;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use fairwatch_core::model::{
    Address, Batch, CancelledEvent, Contact, CountryField, Delegation, Event, EventDates,
    Exhibitor, ListMeta, Organiser, Social, SourceKind, SourceMeta,
};

use fairwatch_core::dates::date_problem;

use crate::error::Place;
use crate::input::{Entry, Input};
use crate::{Importer, Loaded, Progress, SourceError};

/// Longest name accepted. Real names are under 300 characters; anything near this is a
/// corrupted file, and storing it would bloat every index and report.
pub const MAX_NAME_CHARS: usize = 2_000;

/// Provenance of a CAAT snapshot, recorded with the source.
#[derive(Debug, Clone, Default)]
pub struct CaatProvenance {
    pub url: Option<String>,
    pub version: Option<String>,
    pub retrieved: Option<String>,
    pub licence: Option<String>,
    pub note: Option<String>,
}

impl CaatProvenance {
    /// The provenance of the snapshot bundled with Fairwatch (see `data/PROVENANCE.md`).
    pub fn bundled() -> Self {
        CaatProvenance {
            url: Some("https://github.com/caatdata/arms-and-security-fair-exhibitors".into()),
            version: Some("b08f4c4a05904db4739f0df03cbec7075f8a6761".into()),
            retrieved: Some("2026-07-17".into()),
            licence: Some("public domain (data folder, per the upstream README)".into()),
            note: Some("bundled with Fairwatch".into()),
        }
    }
}

/// Imports a CAAT snapshot from a directory, an archive, or the bundled bytes.
pub struct CaatImporter {
    pub input: Input,
    pub provenance: CaatProvenance,
}

/// Is `path` (relative to the dataset root) an event file? `data/x.json` at any depth
/// (GitHub archives add a top folder), or `x.json` when the `data` folder itself is given.
fn is_event_file(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let file = parts.next().unwrap_or("");
    let parent = parts.next();
    file.ends_with(".json") && !file.starts_with('.') && matches!(parent, None | Some("data"))
}

fn is_ignore_file(path: &str) -> bool {
    path.rsplit('/').next() == Some("ignore.csv") && path.matches('/').count() <= 1
}

impl Importer for CaatImporter {
    fn describe(&self) -> String {
        format!("CAAT arms-fair record at {}", self.input.name())
    }

    fn load(&self, progress: &dyn Progress) -> Result<Loaded, SourceError> {
        let entries = self
            .input
            .read(&|p| is_event_file(p) || is_ignore_file(p))?;
        let (ignore, files): (Vec<&Entry>, Vec<&Entry>) =
            entries.iter().partition(|e| is_ignore_file(&e.path));
        // Prefer `data/*.json` when a root-level JSON (e.g. a stray package.json) exists too.
        let in_data: Vec<&Entry> = files
            .iter()
            .copied()
            .filter(|e| e.path.contains('/'))
            .collect();
        let files = if in_data.is_empty() { files } else { in_data };
        if files.is_empty() {
            return Err(SourceError::invalid(
                self.input.name(),
                Place::File,
                "no event files found",
                "expected the CAAT layout: a `data/` folder of `<series>-<edition>.json` files \
                 (github.com/caatdata/arms-and-security-fair-exhibitors)",
            ));
        }

        progress.start(files.len() as u64, "parsing event files");
        let parsed: Vec<Result<(Event, Vec<String>), SourceError>> = files
            .par_iter()
            .map(|entry| {
                let r = parse_event_file(&entry.path, &entry.bytes);
                progress.advance(1);
                r
            })
            .collect();
        let mut events = Vec::with_capacity(parsed.len());
        let mut warnings = Vec::new();
        for r in parsed {
            let (event, w) = r?;
            events.push(event);
            warnings.extend(w);
        }
        check_unique_slugs(&self.input.name(), &events)?;

        let cancelled = match ignore.first() {
            Some(e) => parse_ignore_csv(&e.path, &e.bytes)?,
            None => Vec::new(),
        };

        let mut hasher = Sha256::new();
        for e in files.iter().chain(ignore.iter()) {
            hasher.update(e.path.rsplit('/').next().unwrap_or("").as_bytes());
            hasher.update([0]);
            hasher.update((e.bytes.len() as u64).to_le_bytes());
            hasher.update(&e.bytes);
        }
        let p = &self.provenance;
        let source = SourceMeta {
            kind: SourceKind::Caat,
            key: "caat".into(),
            location: self.input.name(),
            publisher: Some("Campaign Against Arms Trade / Omega Research Foundation".into()),
            url: p.url.clone(),
            licence: p.licence.clone(),
            retrieved: p.retrieved.clone(),
            version: p.version.clone(),
            sha256: hex(&hasher.finalize()),
            note: p.note.clone(),
        };
        Ok(Loaded {
            batch: Batch {
                source,
                events,
                cancelled,
                vendors: Vec::new(),
            },
            warnings,
        })
    }
}

fn check_unique_slugs(name: &str, events: &[Event]) -> Result<(), SourceError> {
    let mut seen = std::collections::HashSet::new();
    for e in events {
        if !seen.insert(e.slug.as_str()) {
            return Err(SourceError::invalid(
                name,
                Place::File,
                format!("two event files have the slug {:?}", e.slug),
                "each event must appear once; remove the duplicate file",
            ));
        }
    }
    Ok(())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Parses `ignore.csv`: a `#`-commented header, then `slug,notes` rows.
pub fn parse_ignore_csv(path: &str, bytes: &[u8]) -> Result<Vec<CancelledEvent>, SourceError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            SourceError::invalid(
                path,
                Place::Line(line, None),
                format!("not valid CSV: {e}"),
                "expected `slug,notes` rows",
            )
        })?;
        let slug = record.get(0).unwrap_or("").trim();
        if slug.is_empty() {
            continue;
        }
        out.push(CancelledEvent {
            slug: slug.to_string(),
            note: record.get(1).unwrap_or("").trim().to_string(),
        });
    }
    Ok(out)
}

/// Parses one event file. `path` is used for the slug (file stem) and in errors.
pub fn parse_event_file(path: &str, bytes: &[u8]) -> Result<(Event, Vec<String>), SourceError> {
    let invalid = |place: Place, message: String, hint: &str| {
        SourceError::invalid(path, place, message, hint)
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(
            Place::File,
            "the file is empty".into(),
            "restore it from the upstream repository, or delete it if the event was dropped",
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        invalid(
            Place::Line(e.line() as u64, None),
            format!("not valid JSON: {e}"),
            match e.classify() {
                serde_json::error::Category::Eof => {
                    "the file is truncated; restore it from upstream"
                }
                _ => "fix the JSON syntax (a validator such as `python3 -m json.tool` shows where)",
            },
        )
    })?;
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".json");
    let mut walker = Walker {
        warnings: Vec::new(),
        file: path,
    };
    let event = walker.event(stem, &value)?;
    Ok((event, walker.warnings))
}

/// Walks one file's JSON, collecting warnings.
struct Walker<'a> {
    file: &'a str,
    warnings: Vec<String>,
}

type R<T> = Result<T, SourceError>;

impl Walker<'_> {
    fn err(&self, path: &str, message: String) -> SourceError {
        SourceError::invalid(
            self.file,
            Place::JsonPath(path.to_string()),
            message,
            "see schema/fair.schema.json in the CAAT repository for the allowed shapes",
        )
    }

    fn object<'v>(&self, v: &'v Value, path: &str) -> R<&'v Map<String, Value>> {
        v.as_object()
            .ok_or_else(|| self.err(path, format!("expected an object, found {}", kind(v))))
    }

    /// Warns about keys outside `known`.
    fn check_keys(&mut self, obj: &Map<String, Value>, known: &[&str], path: &str) {
        for key in obj.keys() {
            if !known.contains(&key.as_str()) {
                let at = join(path, key);
                self.warnings.push(format!(
                    "{}: {at}: field unknown to the CAAT schema, not imported",
                    self.file
                ));
            }
        }
    }

    fn string(&self, v: &Value, path: &str) -> R<String> {
        match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(self.err(path, format!("expected a string, found {}", kind(v)))),
        }
    }

    /// A required non-empty name of bounded length. A name of only whitespace (the
    /// record has a few ideographic spaces) satisfies the schema, so it is kept, with a
    /// warning.
    fn name(&mut self, v: &Value, path: &str) -> R<String> {
        let s = self.string(v, path)?;
        if s.is_empty() {
            return Err(self.err(path, "the name is empty".into()));
        }
        if s.trim().is_empty() {
            self.warnings.push(format!(
                "{}: {path}: the name is only whitespace",
                self.file
            ));
        }
        let chars = s.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(self.err(
                path,
                format!(
                    "the name is {chars} characters long (limit {MAX_NAME_CHARS}); the file is \
                     probably corrupted"
                ),
            ));
        }
        Ok(s)
    }

    fn opt_string(&self, obj: &Map<String, Value>, key: &str, path: &str) -> R<Option<String>> {
        obj.get(key)
            .map(|v| self.string(v, &join(path, key)))
            .transpose()
    }

    fn opt_bool(&self, obj: &Map<String, Value>, key: &str, path: &str) -> R<Option<bool>> {
        match obj.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.err(
                &join(path, key),
                format!("expected true or false, found {}", kind(v)),
            )),
        }
    }

    /// `text | [text]` (also `url | [url]`): always a list.
    fn strings(&self, obj: &Map<String, Value>, key: &str, path: &str) -> R<Vec<String>> {
        let at = join(path, key);
        match obj.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    self.string(v, &index(&at, i)).map_err(|_| {
                        self.err(
                            &index(&at, i),
                            format!("expected a string in this list, found {}", kind(v)),
                        )
                    })
                })
                .collect(),
            Some(v) => Err(self.err(
                &at,
                format!(
                    "expected a string or an array of strings, found {}",
                    kind(v)
                ),
            )),
        }
    }

    /// `x | [x]` for objects-or-strings, mapped by `one`.
    fn one_or_many<T>(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        path: &str,
        one: fn(&mut Self, &Value, &str) -> R<T>,
    ) -> R<Vec<T>> {
        let at = join(path, key);
        match obj.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| one(self, v, &index(&at, i)))
                .collect(),
            Some(v) => Ok(vec![one(self, v, &at)?]),
        }
    }

    fn address(&mut self, v: &Value, path: &str) -> R<Address> {
        match v {
            Value::String(s) => Ok(Address {
                text: Some(s.clone()),
                ..Address::default()
            }),
            Value::Object(o) => {
                self.check_keys(o, &["text", "iso2", "lat", "lon"], path);
                let coord = |key: &str, limit: f64| -> R<Option<f64>> {
                    match o.get(key) {
                        None | Some(Value::Null) => Ok(None),
                        Some(Value::Number(n)) => {
                            let x = n.as_f64().unwrap_or(f64::NAN);
                            if x.abs() <= limit {
                                Ok(Some(x))
                            } else {
                                Err(self.err(
                                    &join(path, key),
                                    format!("{key} {x} is outside ±{limit}"),
                                ))
                            }
                        }
                        Some(v) => Err(self.err(
                            &join(path, key),
                            format!("expected a number, found {}", kind(v)),
                        )),
                    }
                };
                Ok(Address {
                    text: self.opt_string(o, "text", path)?,
                    iso2: self.iso2(o, path)?,
                    lat: coord("lat", 90.0)?,
                    lon: coord("lon", 180.0)?,
                })
            }
            _ => Err(self.err(
                path,
                format!(
                    "expected an address (a string or an object), found {}",
                    kind(v)
                ),
            )),
        }
    }

    fn iso2(&self, o: &Map<String, Value>, path: &str) -> R<Option<String>> {
        let Some(code) = self.opt_string(o, "iso2", path)? else {
            return Ok(None);
        };
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Some(code))
        } else {
            Err(self.err(
                &join(path, "iso2"),
                format!("{code:?} is not an ISO 3166-1 alpha-2 code (two capital letters)"),
            ))
        }
    }

    fn country(&mut self, v: &Value, path: &str) -> R<CountryField> {
        match v {
            Value::String(s) => Ok(CountryField {
                text: s.clone(),
                iso2: None,
            }),
            Value::Object(o) => {
                self.check_keys(o, &["text", "iso2"], path);
                Ok(CountryField {
                    text: self.opt_string(o, "text", path)?.unwrap_or_default(),
                    iso2: self.iso2(o, path)?,
                })
            }
            _ => Err(self.err(
                path,
                format!(
                    "expected a country (a string or an object), found {}",
                    kind(v)
                ),
            )),
        }
    }

    fn social(&mut self, v: &Value, path: &str) -> R<Social> {
        let o = self.object(v, path)?;
        self.check_keys(o, &["platform", "handle", "url"], path);
        let platform = match o.get("platform") {
            Some(p) => self.string(p, &join(path, "platform"))?,
            None => return Err(self.err(path, "a social link needs a `platform`".into())),
        };
        Ok(Social {
            platform,
            handle: self.opt_string(o, "handle", path)?,
            url: self.opt_string(o, "url", path)?,
        })
    }

    fn contact(&mut self, o: &Map<String, Value>, path: &str) -> R<Contact> {
        Ok(Contact {
            addresses: self.one_or_many(o, "address", path, Self::address)?,
            countries: self.one_or_many(o, "country", path, Self::country)?,
            websites: self.strings(o, "website", path)?,
            emails: self.strings(o, "email", path)?,
            telephones: self.strings(o, "telephone", path)?,
            socials: self.one_or_many(o, "social", path, Self::social)?,
        })
    }

    /// A name given as a string or, tolerated, as an array whose first item is the name
    /// and the rest aliases.
    fn name_and_aliases(&mut self, o: &Map<String, Value>, path: &str) -> R<(String, Vec<String>)> {
        let at = join(path, "name");
        let mut aliases = Vec::new();
        let name = match o.get("name") {
            None => return Err(self.err(path, "required field `name` is missing".into())),
            Some(Value::Array(items)) if !items.is_empty() => {
                for (i, v) in items.iter().enumerate().skip(1) {
                    aliases.push(self.name(v, &index(&at, i))?);
                }
                self.name(&items[0], &index(&at, 0))?
            }
            Some(v) => self.name(v, &at)?,
        };
        aliases.extend(self.strings(o, "alias", path)?);
        Ok((name, aliases))
    }

    fn exhibitor(&mut self, v: &Value, path: &str) -> R<Exhibitor> {
        let o = self.object(v, path)?;
        self.check_keys(
            o,
            &[
                "name",
                "alias",
                "exhibitorUrl",
                "address",
                "country",
                "website",
                "email",
                "telephone",
                "social",
                "category",
            ],
            path,
        );
        let (name, aliases) = self.name_and_aliases(o, path)?;
        Ok(Exhibitor {
            name,
            aliases,
            exhibitor_url: self.opt_string(o, "exhibitorUrl", path)?,
            contact: self.contact(o, path)?,
            categories: self.strings(o, "category", path)?,
            country: None,
        })
    }

    fn organiser(&mut self, v: &Value, path: &str) -> R<Organiser> {
        let o = self.object(v, path)?;
        self.check_keys(
            o,
            &[
                "name",
                "alias",
                "address",
                "country",
                "website",
                "email",
                "telephone",
                "social",
            ],
            path,
        );
        let (name, aliases) = self.name_and_aliases(o, path)?;
        Ok(Organiser {
            name,
            aliases,
            contact: self.contact(o, path)?,
        })
    }

    fn delegation(&mut self, v: &Value, path: &str) -> R<Delegation> {
        let o = self.object(v, path)?;
        self.check_keys(o, &["name", "attended", "retracted"], path);
        let name = match o.get("name") {
            Some(n) => self.name(n, &join(path, "name"))?,
            None => return Err(self.err(path, "required field `name` is missing".into())),
        };
        Ok(Delegation {
            name,
            attended: self.opt_bool(o, "attended", path)?,
            retracted: self.opt_bool(o, "retracted", path)?,
            countries: Vec::new(),
            organisation: None,
        })
    }

    fn date(&self, o: &Map<String, Value>, key: &str, partial: bool) -> R<Option<String>> {
        let Some(s) = self.opt_string(o, key, "")? else {
            return Ok(None);
        };
        match date_problem(&s, partial) {
            None => Ok(Some(s)),
            Some(problem) => Err(self.err(key, format!("{s:?} is not a valid date: {problem}"))),
        }
    }

    fn list_meta(
        &self,
        o: &Map<String, Value>,
        url_key: &str,
        date_key: &str,
        incomplete_key: Option<&str>,
    ) -> R<Option<ListMeta>> {
        let url = self.opt_string(o, url_key, "")?;
        let date = self.opt_string(o, date_key, "")?;
        let incomplete = match incomplete_key {
            Some(k) => self.opt_bool(o, k, "")?.unwrap_or(false),
            None => false,
        };
        Ok(
            (url.is_some() || date.is_some() || incomplete).then_some(ListMeta {
                url,
                date,
                incomplete,
            }),
        )
    }

    fn event(&mut self, stem: &str, v: &Value) -> R<Event> {
        let o = self.object(v, "")?;
        self.check_keys(
            o,
            &[
                "name",
                "alias",
                "series",
                "edition",
                "startDate",
                "endDate",
                "approxDate",
                "address",
                "country",
                "online",
                "website",
                "social",
                "organiser",
                "exhibitorListUrl",
                "exhibitorListDate",
                "exhibitor",
                "exhibitorListIncomplete",
                "delegationListUrl",
                "delegationListDate",
                "delegation",
            ],
            "",
        );
        let name = match o.get("name") {
            Some(n) => self.name(n, "name")?,
            None => return Err(self.err("", "required field `name` is missing".into())),
        };
        let dates = EventDates {
            start: self.date(o, "startDate", false)?,
            end: self.date(o, "endDate", false)?,
            approx: self.date(o, "approxDate", true)?,
        };
        if dates.start.is_none() && dates.approx.is_none() {
            return Err(self.err(
                "",
                "an event needs `startDate` and `endDate`, or `approxDate`".into(),
            ));
        }
        let series = self.opt_string(o, "series", "")?;
        let edition = self.opt_string(o, "edition", "")?;
        // The schema makes series and edition optional; the file name carries both.
        let (series, edition) = match (series, edition) {
            (Some(s), Some(e)) => (s, e),
            (s, e) => {
                let (stem_series, stem_edition) = stem.rsplit_once('-').unwrap_or((stem, ""));
                (
                    s.unwrap_or_else(|| stem_series.to_string()),
                    e.unwrap_or_else(|| stem_edition.to_string()),
                )
            }
        };
        let exhibitors = match o.get("exhibitor") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.exhibitor(v, &index("exhibitor", i)))
                .collect::<R<_>>()?,
            Some(v) => {
                return Err(self.err(
                    "exhibitor",
                    format!("expected an array of exhibitors, found {}", kind(v)),
                ))
            }
        };
        let delegations = match o.get("delegation") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.delegation(v, &index("delegation", i)))
                .collect::<R<_>>()?,
            Some(v) => {
                return Err(self.err(
                    "delegation",
                    format!("expected an array of delegations, found {}", kind(v)),
                ))
            }
        };
        Ok(Event {
            slug: stem.to_string(),
            name,
            aliases: self.strings(o, "alias", "")?,
            series,
            edition,
            dates,
            online: self.opt_bool(o, "online", "")?,
            contact: self.contact(o, "")?,
            organisers: self.one_or_many(o, "organiser", "", Self::organiser)?,
            exhibitor_list: self.list_meta(
                o,
                "exhibitorListUrl",
                "exhibitorListDate",
                Some("exhibitorListIncomplete"),
            )?,
            exhibitors,
            delegation_list: self.list_meta(o, "delegationListUrl", "delegationListDate", None)?,
            delegations,
            host: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Event, SourceError> {
        parse_event_file("data/test-2020.json", json.as_bytes()).map(|(e, _)| e)
    }

    fn err(json: &str) -> String {
        parse(json).unwrap_err().to_string()
    }

    #[test]
    fn accepts_every_shape_the_schema_allows() {
        let e = parse(
            r#"{"name": "Test Expo", "alias": ["TE 2020", "Test"], "series": "test", "edition": "2020",
                "approxDate": "2020-05", "address": [{"text": "Paris", "iso2": "FR", "lat": 48.8, "lon": 2.3}, "Hall 5"],
                "country": {"text": "France", "iso2": "FR"}, "website": ["http://a", "http://b"],
                "organiser": {"name": "Org", "country": "FR", "social": {"platform": "x", "handle": "@o"}},
                "exhibitorListDate": "2020-01-01T00:00:00+00:00", "exhibitorListIncomplete": true,
                "exhibitor": [
                  {"name": "Acme Ltd", "alias": "ACME", "country": [{"text": "UK", "iso2": "GB"}, "Ireland"],
                   "address": "1 Road\nLondon", "category": "Telephone Interception", "email": ["a@b", "c@d"]},
                  {"name": ["Beta GmbH", "Beta"], "category": ["A", "B"], "website": "beta.de"}
                ],
                "delegationListDate": "2020-01-01T00:00:00+00:00",
                "delegation": [{"name": "Russia", "attended": true}, {"name": "Chad", "retracted": true}]}"#,
        )
        .unwrap();
        assert_eq!(e.slug, "test-2020");
        assert_eq!(e.aliases, ["TE 2020", "Test"]);
        assert_eq!(e.dates.year(), Some(2020));
        assert_eq!(e.contact.addresses.len(), 2);
        assert_eq!(e.contact.addresses[0].iso2.as_deref(), Some("FR"));
        assert_eq!(e.contact.addresses[1].text.as_deref(), Some("Hall 5"));
        assert_eq!(
            e.organisers[0].contact.socials[0].handle.as_deref(),
            Some("@o")
        );
        assert!(e.exhibitor_list.as_ref().unwrap().incomplete);
        let acme = &e.exhibitors[0];
        assert_eq!(acme.aliases, ["ACME"]);
        assert_eq!(acme.contact.countries.len(), 2);
        assert_eq!(acme.contact.countries[1].text, "Ireland");
        assert_eq!(acme.categories, ["Telephone Interception"]);
        assert_eq!(acme.contact.emails.len(), 2);
        let beta = &e.exhibitors[1];
        assert_eq!(beta.name, "Beta GmbH");
        assert_eq!(beta.aliases, ["Beta"]);
        assert_eq!(beta.categories, ["A", "B"]);
        assert_eq!(e.delegations[0].attended, Some(true));
        assert_eq!(e.delegations[1].retracted, Some(true));
    }

    #[test]
    fn series_and_edition_fall_back_to_the_file_name() {
        let e =
            parse(r#"{"name": "X", "startDate": "2020-01-01", "endDate": "2020-01-02"}"#).unwrap();
        assert_eq!((e.series.as_str(), e.edition.as_str()), ("test", "2020"));
    }

    #[test]
    fn errors_name_the_json_path_and_the_problem() {
        let m = err(
            r#"{"name": "X", "approxDate": "2020", "exhibitor": [{"name": "A"}, {"name": 5}]}"#,
        );
        assert!(
            m.contains(
                "data/test-2020.json: at exhibitor[1].name: expected a string, found a number"
            ),
            "{m}"
        );
        let m = err(
            r#"{"name": "X", "approxDate": "2020", "exhibitor": [{"name": "A", "country": 3}]}"#,
        );
        assert!(
            m.contains("exhibitor[0].country: expected a country"),
            "{m}"
        );
        let m = err(r#"{"name": "X", "approxDate": "2020", "exhibitor": [{"country": "FR"}]}"#);
        assert!(
            m.contains("exhibitor[0]: required field `name` is missing"),
            "{m}"
        );
        let m = err(r#"{"approxDate": "2020"}"#);
        assert!(m.contains("required field `name` is missing"), "{m}");
        let m = err(r#"{"name": "X"}"#);
        assert!(
            m.contains("needs `startDate` and `endDate`, or `approxDate`"),
            "{m}"
        );
        let m = err(r#"{"name": "X", "startDate": "2020-13-01", "endDate": "2020-01-01"}"#);
        assert!(
            m.contains("\"2020-13-01\" is not a valid date: there is no month 13"),
            "{m}"
        );
        let m =
            err(r#"{"name": "X", "approxDate": "2020", "country": {"text": "x", "iso2": "fra"}}"#);
        assert!(m.contains("not an ISO 3166-1 alpha-2 code"), "{m}");
        let m = err("[1, 2]");
        assert!(
            m.contains("at the top level: expected an object, found an array"),
            "{m}"
        );
    }

    #[test]
    fn truncated_empty_and_non_utf8_files_get_clear_errors() {
        let m = err(r#"{"name": "X", "approxDate": "20"#);
        assert!(
            m.contains("not valid JSON") && m.contains("truncated"),
            "{m}"
        );
        assert!(err("").contains("the file is empty"));
        assert!(err("  \n").contains("the file is empty"));
        let bytes = b"{\"name\": \"\xff\xfe\", \"approxDate\": \"2020\"}";
        let m = parse_event_file("data/x-1.json", bytes)
            .unwrap_err()
            .to_string();
        assert!(m.contains("data/x-1.json: line 1: not valid JSON"), "{m}");
    }

    #[test]
    fn a_huge_name_is_rejected_not_stored() {
        let name = "A".repeat(10 * 1024 * 1024);
        let json = format!(
            r#"{{"name": "X", "approxDate": "2020", "exhibitor": [{{"name": "{name}"}}]}}"#
        );
        let m = err(&json);
        assert!(
            m.contains("exhibitor[0].name: the name is 10485760 characters long"),
            "{m}"
        );
    }

    #[test]
    fn unknown_fields_are_warnings_not_errors() {
        let (_, warnings) = parse_event_file(
            "data/t-1.json",
            br#"{"name": "X", "approxDate": "2020", "venueCapacity": 5, "exhibitor": [{"name": "A", "booth": "5"}]}"#,
        )
        .unwrap();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[1].contains("exhibitor[0].booth"));
    }

    #[test]
    fn ignore_csv_skips_comments() {
        let rows = parse_ignore_csv(
            "ignore.csv",
            b"# Slug (no event), Notes\na-2020,\"Cancelled, then moved\"\n\nb-2021,Ended.\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].note, "Cancelled, then moved");
    }

    /// Any JSON value, biased towards the field names and shapes of the schema so that
    /// the walker goes deep rather than failing at the top.
    fn arbitrary_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let keys = prop::sample::select(vec![
            "name",
            "alias",
            "series",
            "edition",
            "startDate",
            "endDate",
            "approxDate",
            "address",
            "country",
            "online",
            "website",
            "social",
            "organiser",
            "exhibitor",
            "delegation",
            "exhibitorListDate",
            "exhibitorListIncomplete",
            "text",
            "iso2",
            "lat",
            "lon",
            "platform",
            "handle",
            "url",
            "category",
            "email",
            "attended",
            "retracted",
            "other",
        ]);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            any::<i64>().prop_map(|i| Value::Number(i.into())),
            "\\PC{0,12}".prop_map(Value::String),
            prop::sample::select(vec!["2020", "2020-01-31", "2020-13", "FR", "fr", ""])
                .prop_map(|s| Value::String(s.to_string())),
        ];
        leaf.prop_recursive(4, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(
                    kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn the_parser_never_panics_on_any_json(value in arbitrary_json()) {
            let bytes = serde_json::to_vec(&value).unwrap();
            let _ = parse_event_file("data/p-1.json", &bytes);
        }

        #[test]
        fn the_parser_never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = parse_event_file("data/p-1.json", &bytes);
        }
    }
}
