//! A generic exhibitor list: one CSV or spreadsheet (XLSX, XLSM, XLSB, XLS, ODS) of
//! exhibitors at one event, plus a description of the event given on the command line or
//! in a small TOML "sidecar" file next to the list.
//!
//! This is how a researcher adds a list that is not in the CAAT format, e.g. an ISS World
//! exhibitor list transcribed into a spreadsheet. The list needs one header row and a
//! column of exhibitor names; other columns are optional:
//!
//! | field          | headers recognised (case, spaces, `-`, `_` and `.` ignored)      |
//! |----------------|------------------------------------------------------------------|
//! | `name`         | name, exhibitor name, company name, exhibitor, company, firm      |
//! | `alias`        | alias, aliases, aka, also known as, other names                   |
//! | `country`      | country, countries, nationality, pays, hq country                 |
//! | `address`      | address, addresses, postal address                                |
//! | `website`      | website, websites, url, web, homepage, www                        |
//! | `email`        | email, e-mail, emails, mail                                       |
//! | `telephone`    | telephone, phone, tel, phone number, telephone number             |
//! | `category`     | category, categories, sector, sectors, products                   |
//! | `exhibitor_url`| exhibitor url, exhibitor page, profile url, listing url           |
//!
//! Any field can be mapped to a header explicitly (`[columns] name = "Société"` in the
//! sidecar, `--column name=Société` on the command line); mapping a field to `""` turns
//! its detection off. Cells of `alias`, `country`, `website`, `email`, `telephone` and
//! `category` may hold several values separated by `;` or `|` (not `,`, which occurs
//! inside names and categories); order is kept. `name`, `address` and `exhibitor_url`
//! are single values.
//!
//! A sidecar looks like this (dates may be quoted or bare TOML dates):
//!
//! ```toml
//! name = "ISS World Europe 2019"
//! series = "iss-world-europe"        # the series key: lowercase, digits and `-`
//! edition = 2019
//! # slug = "iss-world-europe-2019"   # default: <series>-<edition>
//! host_country = "CZ"                # a name or an ISO 3166-1 alpha-2 code
//! city = "Prague"
//! start_date = 2019-06-04            # or approx_date = "2019-06"
//! end_date = 2019-06-06
//! source_url = "https://..."
//! retrieved = 2024-05-01
//! publisher = "TeleStrategies"
//! licence = "..."
//! note = "..."
//! list_incomplete = true
//!
//! [columns]
//! name = "Company Name"
//! ```
//!
//! Every error names the file and the line (CSV, TOML), sheet and row (spreadsheets) or
//! key, and says how to fix it. Input that is tolerated but doubtful (a CSV that is not
//! UTF-8, columns that were not imported, a name listed twice) becomes a warning.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets};
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use fairwatch_core::model::{
    Address, Batch, Contact, CountryField, Event, EventDates, Exhibitor, ListMeta, SourceKind,
    SourceMeta,
};

use crate::caat::{hex, MAX_NAME_CHARS};
use crate::error::Place;
use crate::{Importer, Loaded, Progress, SourceError};
use fairwatch_core::dates::date_problem;
use fairwatch_core::fold::slug;

/// The `file` of errors about `--column` flags, which come from no file.
const COMMAND_LINE: &str = "command line";

// ---------------------------------------------------------------------------------------
// The event description
// ---------------------------------------------------------------------------------------

/// The description of the event a list belongs to, from a sidecar TOML file or the
/// command line. Text fields are trimmed before use; an empty optional field counts as
/// absent. [`EventSpec::validate`] checks it (the importer does too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// The event's unique key; default `<series>-<edition>`. Lowercase ASCII letters,
    /// digits and `-`.
    #[serde(default, deserialize_with = "opt_text")]
    pub slug: Option<String>,
    /// The event's name, e.g. "ISS World Europe 2019". Required.
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    /// The series key, e.g. `iss-world-europe`: same alphabet as the slug. Required.
    #[serde(default, deserialize_with = "text")]
    pub series: String,
    /// The edition, usually the year. Required; a TOML number is accepted.
    #[serde(default, deserialize_with = "text")]
    pub edition: String,
    /// The host country as a name or an ISO 3166-1 alpha-2 code (free text).
    #[serde(default, deserialize_with = "opt_text")]
    pub host_country: Option<String>,
    /// `YYYY-MM-DD`; needs `end_date`.
    #[serde(default, deserialize_with = "opt_text")]
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`, not before `start_date`.
    #[serde(default, deserialize_with = "opt_text")]
    pub end_date: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, when the exact dates are not known.
    #[serde(default, deserialize_with = "opt_text")]
    pub approx_date: Option<String>,
    /// Host city (free text).
    #[serde(default, deserialize_with = "opt_text")]
    pub city: Option<String>,
    /// Venue (free text).
    #[serde(default, deserialize_with = "opt_text")]
    pub venue: Option<String>,
    /// Where the list was published (web page, PDF brochure).
    #[serde(default, deserialize_with = "opt_text")]
    pub source_url: Option<String>,
    /// When the list was retrieved, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "opt_text")]
    pub retrieved: Option<String>,
    /// Who published the list (usually the fair's organiser).
    #[serde(default, deserialize_with = "opt_text")]
    pub publisher: Option<String>,
    /// The terms the list is used under.
    #[serde(default, deserialize_with = "opt_text")]
    pub licence: Option<String>,
    /// Anything a later reader should know (how it was transcribed, what is missing).
    #[serde(default, deserialize_with = "opt_text")]
    pub note: Option<String>,
    /// The list is known to be incomplete.
    #[serde(default)]
    pub list_incomplete: bool,
    /// Which column holds which field, where detection from the header is not enough.
    #[serde(default)]
    pub columns: ColumnMapping,
}

/// A problem with an [`EventSpec`]: the key it is about, what is wrong, how to fix it.
struct SpecProblem {
    /// `name`, or `columns.name` for a key in the `[columns]` table.
    key: String,
    message: String,
    hint: String,
}

impl EventSpec {
    /// Reads and validates a sidecar file.
    pub fn from_toml_file(path: &Path) -> Result<EventSpec, SourceError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| SourceError::io(&name, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            SourceError::invalid(
                &name,
                Place::Line(line_at(&bytes, e.valid_up_to()), None),
                "not valid UTF-8",
                "TOML files must be UTF-8; save the file again with UTF-8 encoding",
            )
        })?;
        Self::from_toml_str(&name, text)
    }

    /// Parses and validates a sidecar's text; `file_name` is used in errors, which name
    /// the line and the key.
    pub fn from_toml_str(file_name: &str, text: &str) -> Result<EventSpec, SourceError> {
        let spec: EventSpec = toml::from_str(text).map_err(|e| toml_error(file_name, text, &e))?;
        spec.check().map_err(|p| {
            // Validation runs after parsing, so the span is gone: find the key's line.
            let place = key_line(text, &p.key).map_or(Place::File, |n| Place::Line(n, None));
            SourceError::invalid(file_name, place, p.message, p.hint)
        })?;
        Ok(spec)
    }

    /// The sidecar conventionally next to a list: the same name with `.toml`
    /// (`iss-world-europe-2019.csv` → `iss-world-europe-2019.toml`).
    pub fn sidecar_for(list: &Path) -> PathBuf {
        list.with_extension("toml")
    }

    /// Checks required fields, dates, keys and the column mapping. `origin` names where
    /// the description came from in the error (e.g. "command line").
    pub fn validate(&self, origin: &str) -> Result<(), SourceError> {
        self.check()
            .map_err(|p| SourceError::invalid(origin, Place::File, p.message, p.hint))
    }

    /// The event's slug: `slug`, or `<series>-<edition>`.
    pub fn resolved_slug(&self) -> String {
        match nonempty(&self.slug) {
            Some(s) => s.to_string(),
            None => format!("{}-{}", self.series.trim(), self.edition.trim()),
        }
    }

    fn check(&self) -> Result<(), SpecProblem> {
        let problem = |key: &str, message: String, hint: &str| SpecProblem {
            key: key.to_string(),
            message: format!("`{key}`: {message}"),
            hint: hint.to_string(),
        };
        for (key, value, example) in [
            ("name", &self.name, "name = \"ISS World Europe 2019\""),
            ("series", &self.series, "series = \"iss-world-europe\""),
            ("edition", &self.edition, "edition = \"2019\""),
        ] {
            if value.trim().is_empty() {
                return Err(problem(
                    key,
                    "required, but missing or empty".into(),
                    &format!("add it, e.g. `{example}`"),
                ));
            }
        }
        let chars = self.name.trim().chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(problem(
                "name",
                format!("{chars} characters long (limit {MAX_NAME_CHARS})"),
                "give the event's name only",
            ));
        }
        let series = self.series.trim();
        if !is_key(series) {
            return Err(problem(
                "series",
                format!("{series:?} is not a series key"),
                &key_hint(series),
            ));
        }
        let slug = self.resolved_slug();
        if !is_key(&slug) {
            let (key, message) = match nonempty(&self.slug) {
                Some(s) => ("slug", format!("{s:?} is not a valid slug")),
                None => (
                    "edition",
                    format!("makes the slug {slug:?} (`<series>-<edition>`), which is not valid"),
                ),
            };
            return Err(problem(
                key,
                message,
                &format!(
                    "{}; or set `slug` explicitly",
                    key_hint(&slug).trim_end_matches('.')
                ),
            ));
        }

        let date = |key: &str, value: &Option<String>, partial: bool| match nonempty(value) {
            None => Ok(None),
            Some(s) => match date_problem(s, partial) {
                None => Ok(Some(s.to_string())),
                Some(why) => Err(problem(
                    key,
                    format!("{s:?} is not a valid date: {why}"),
                    if partial {
                        "write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, e.g. \"2019-06\""
                    } else {
                        "write `YYYY-MM-DD`, e.g. \"2019-06-04\""
                    },
                )),
            },
        };
        let start = date("start_date", &self.start_date, false)?;
        let end = date("end_date", &self.end_date, false)?;
        let approx = date("approx_date", &self.approx_date, true)?;
        date("retrieved", &self.retrieved, false)?;
        match (&start, &end) {
            (Some(_), None) => {
                return Err(problem(
                    "start_date",
                    "given without `end_date`".into(),
                    "add `end_date` (the same day for a one-day event)",
                ))
            }
            (None, Some(_)) => {
                return Err(problem(
                    "end_date",
                    "given without `start_date`".into(),
                    "add `start_date`, or give `approx_date` alone",
                ))
            }
            // Both are `YYYY-MM-DD`, so text order is date order.
            (Some(s), Some(e)) if e < s => {
                return Err(problem(
                    "end_date",
                    format!("{e:?} is before `start_date` {s:?}"),
                    "swap the two dates",
                ))
            }
            (None, None) if approx.is_none() => {
                return Err(problem(
                    "start_date",
                    "an event needs `start_date` and `end_date`, or `approx_date`".into(),
                    "add the dates, e.g. `start_date = \"2019-06-04\"` and \
                     `end_date = \"2019-06-06\"`, or `approx_date = \"2019-06\"`",
                ))
            }
            _ => {}
        }
        if let Some(host) = &self.host_country {
            if host.trim().is_empty() {
                return Err(problem(
                    "host_country",
                    "empty".into(),
                    "give a country name or ISO code, or leave the key out",
                ));
            }
        }
        Ok(())
    }

    /// A trimmed copy with empty optional text dropped and the slug filled in: what the
    /// event is built from and what its hash covers.
    fn normalized(&self) -> EventSpec {
        let opt = |v: &Option<String>| nonempty(v).map(str::to_string);
        EventSpec {
            slug: Some(self.resolved_slug()),
            name: self.name.trim().to_string(),
            series: self.series.trim().to_string(),
            edition: self.edition.trim().to_string(),
            host_country: opt(&self.host_country),
            start_date: opt(&self.start_date),
            end_date: opt(&self.end_date),
            approx_date: opt(&self.approx_date),
            city: opt(&self.city),
            venue: opt(&self.venue),
            source_url: opt(&self.source_url),
            retrieved: opt(&self.retrieved),
            publisher: opt(&self.publisher),
            licence: opt(&self.licence),
            note: opt(&self.note),
            list_incomplete: self.list_incomplete,
            columns: self.columns.clone(),
        }
    }
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A TOML scalar as text: strings as they are, numbers (`edition = 2019`) and dates
/// (`start_date = 2019-06-04`) in their TOML spelling. Researchers write either.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(s),
        toml::Value::Integer(i) => Ok(i.to_string()),
        toml::Value::Datetime(dt) => Ok(dt.to_string()),
        other => Err(D::Error::custom(format!(
            "expected text, found {}",
            other.type_str()
        ))),
    }
}

fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
}

/// Turns a TOML error into one naming the file, the line and (where the line sets one)
/// the key.
fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> SourceError {
    let message = e.message().trim().to_string();
    let unknown = message.starts_with("unknown field");
    let hint = if unknown {
        "check the key's spelling; the keys allowed are listed above"
    } else {
        "a sidecar is TOML: `key = \"text\"` lines (dates as \"YYYY-MM-DD\"), then an \
         optional `[columns]` table of `field = \"Header\"` lines"
    };
    let Some(span) = e.span() else {
        return SourceError::invalid(file, Place::File, message, hint);
    };
    let line = line_at(text.as_bytes(), span.start);
    let message = match key_at(text, span.start) {
        Some(key) => format!("key `{key}`: {message}"),
        None => message,
    };
    SourceError::invalid(file, Place::Line(line, None), message, hint)
}

/// The 1-based line holding byte `offset` of `bytes`.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    let end = offset.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// The key (`name`, or `columns.name` inside `[columns]`) set on the line holding byte
/// `offset`, if that line is a `key = value` line.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    // Cut at `\n`, which is ASCII, so both ends are character boundaries.
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| offset + i);
    let line = text[start..end].trim();
    if line.starts_with('[') || line.starts_with('#') {
        return None;
    }
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    if key.is_empty() {
        return None;
    }
    let table = text[..start]
        .lines()
        .filter_map(table_header)
        .next_back()
        .unwrap_or_default();
    Some(if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    })
}

/// `columns` for a `[columns]` line.
fn table_header(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix('[')?;
    Some(rest.split(']').next().unwrap_or("").trim())
}

/// The 1-based line where `key` (`name` or `columns.name`) is set, if it is.
fn key_line(text: &str, key: &str) -> Option<u64> {
    let (table, leaf) = key.split_once('.').unwrap_or(("", key));
    let mut current = "";
    for (i, line) in text.lines().enumerate() {
        if let Some(t) = table_header(line) {
            current = t;
        } else if current == table
            && line
                .split_once('=')
                .is_some_and(|(k, _)| k.trim().trim_matches('"') == leaf)
        {
            return Some(i as u64 + 1);
        }
    }
    None
}

/// Lowercase ASCII letters, digits and inner single `-`: the alphabet of slugs and
/// series keys.
fn is_key(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// How to fix a bad key, with a suggestion made from it.
fn key_hint(bad: &str) -> String {
    let suggestion = slug(bad);
    let mut hint = "use lowercase letters a-z, digits and single `-` between words".to_string();
    if !suggestion.is_empty() {
        hint.push_str(&format!(", e.g. {suggestion:?}"));
    }
    hint
}

/// An ISO 3166-1 alpha-2 code, when `text` already is one (any case). `UK`, which ISO
/// reserves for the United Kingdom but whose code is `GB`, is the one common spelling
/// that would otherwise yield a code no table knows.
fn iso2_of(text: &str) -> Option<String> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic())).then(|| {
        match text.to_ascii_uppercase().as_str() {
            "UK" => "GB".to_string(),
            code => code.to_string(),
        }
    })
}

// ---------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------

/// Which header holds which field. `None`: detect from the header (see the module
/// docs); `Some("")`: do not import this field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub alias: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub telephone: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// The exhibitor's page on the fair's own site.
    #[serde(default)]
    pub exhibitor_url: Option<String>,
}

/// The fields of [`ColumnMapping`], in column-detection order: `name` first, so that it
/// gets the pick of the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Alias,
    Country,
    Address,
    Website,
    Email,
    Telephone,
    Category,
    ExhibitorUrl,
}

const FIELDS: [Field; 9] = [
    Field::Name,
    Field::Alias,
    Field::Country,
    Field::Address,
    Field::Website,
    Field::Email,
    Field::Telephone,
    Field::Category,
    Field::ExhibitorUrl,
];

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias => "alias",
            Field::Country => "country",
            Field::Address => "address",
            Field::Website => "website",
            Field::Email => "email",
            Field::Telephone => "telephone",
            Field::Category => "category",
            Field::ExhibitorUrl => "exhibitor_url",
        }
    }

    /// Headers that hold this field, in [`normalize_header`] form, most specific first.
    fn candidates(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "name",
                "exhibitorname",
                "companyname",
                "exhibitor",
                "company",
                "firm",
            ],
            Field::Alias => &["alias", "aliases", "aka", "alsoknownas", "othernames"],
            Field::Country => &[
                "country",
                "countries",
                "nationality",
                "pays",
                "hqcountry",
                "headquarterscountry",
            ],
            Field::Address => &["address", "addresses", "postaladdress"],
            Field::Website => &["website", "websites", "url", "web", "homepage", "www"],
            Field::Email => &["email", "emails", "mail"],
            Field::Telephone => &[
                "telephone",
                "phone",
                "tel",
                "phonenumber",
                "telephonenumber",
            ],
            Field::Category => &["category", "categories", "sector", "sectors", "products"],
            Field::ExhibitorUrl => &["exhibitorurl", "exhibitorpage", "profileurl", "listingurl"],
        }
    }

    fn parse(key: &str) -> Option<Field> {
        FIELDS.into_iter().find(|f| f.key() == key)
    }
}

fn field_list() -> String {
    FIELDS.map(Field::key).join(", ")
}

impl ColumnMapping {
    fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::Name => self.name.as_deref(),
            Field::Alias => self.alias.as_deref(),
            Field::Country => self.country.as_deref(),
            Field::Address => self.address.as_deref(),
            Field::Website => self.website.as_deref(),
            Field::Email => self.email.as_deref(),
            Field::Telephone => self.telephone.as_deref(),
            Field::Category => self.category.as_deref(),
            Field::ExhibitorUrl => self.exhibitor_url.as_deref(),
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<String> {
        match field {
            Field::Name => &mut self.name,
            Field::Alias => &mut self.alias,
            Field::Country => &mut self.country,
            Field::Address => &mut self.address,
            Field::Website => &mut self.website,
            Field::Email => &mut self.email,
            Field::Telephone => &mut self.telephone,
            Field::Category => &mut self.category,
            Field::ExhibitorUrl => &mut self.exhibitor_url,
        }
    }

    /// Applies `--column` flags of the form `field=Header` (e.g. `name=Company Name`;
    /// `category=` turns detection of `category` off). Later flags win, and flags win
    /// over the sidecar's `[columns]`.
    pub fn apply_overrides(&mut self, args: &[String]) -> Result<(), SourceError> {
        for arg in args {
            let Some((key, header)) = arg.split_once('=') else {
                return Err(SourceError::invalid(
                    COMMAND_LINE,
                    Place::File,
                    format!("`--column {arg}`: expected `field=Header`"),
                    format!(
                        "e.g. `--column \"name=Company Name\"`; fields: {}",
                        field_list()
                    ),
                ));
            };
            let key = key.trim();
            let Some(field) = Field::parse(&key.to_ascii_lowercase()) else {
                return Err(SourceError::invalid(
                    COMMAND_LINE,
                    Place::File,
                    format!("`--column {arg}`: unknown field `{key}`"),
                    format!("fields: {}", field_list()),
                ));
            };
            *self.slot(field) = Some(header.trim().to_string());
        }
        Ok(())
    }
}

/// Parses `--column` flags (`field=Header`) into a mapping of their own; see
/// [`ColumnMapping::apply_overrides`] to lay them over a sidecar's.
pub fn parse_column_overrides(args: &[String]) -> Result<ColumnMapping, SourceError> {
    let mut mapping = ColumnMapping::default();
    mapping.apply_overrides(args)?;
    Ok(mapping)
}

/// Case, spaces, `-`, `_` and `.` ignored: "E-mail" = "email", "Company Name" =
/// "companyname", "a.k.a." = "aka".
fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column index of each field (indexed by `Field as usize`).
struct Columns([Option<usize>; FIELDS.len()]);

impl Columns {
    fn of(&self, field: Field) -> Option<usize> {
        self.0[field as usize]
    }
}

/// A short list of the headers for messages (a garbage "header" can be huge).
fn header_list(headers: &[String]) -> String {
    let shown: Vec<String> = headers
        .iter()
        .filter(|h| !h.is_empty())
        .take(30)
        .map(|h| {
            let short: String = h.chars().take(60).collect();
            format!("{short:?}")
        })
        .collect();
    if shown.is_empty() {
        return "none".into();
    }
    let mut list = shown.join(", ");
    if headers.iter().filter(|h| !h.is_empty()).count() > shown.len() {
        list.push_str(", ...");
    }
    list
}

/// Finds each field's column: explicit mappings first, then detection from the headers.
fn resolve_columns(
    file: &str,
    table: &Table,
    mapping: &ColumnMapping,
    warnings: &mut Vec<String>,
) -> Result<Columns, SourceError> {
    let headers = &table.headers;
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut cols = Columns([None; FIELDS.len()]);
    let mut used = vec![false; headers.len()];
    for field in FIELDS {
        let Some(wanted) = mapping.get(field).map(str::trim) else {
            continue;
        };
        if wanted.is_empty() {
            continue; // detection turned off
        }
        // An exact match first, then one ignoring case and spacing.
        let found = headers.iter().position(|h| h == wanted).or_else(|| {
            let n = normalize_header(wanted);
            normalized.iter().position(|h| *h == n)
        });
        let Some(i) = found else {
            return Err(table.err(
                file,
                table.header_at,
                None,
                format!(
                    "the column {wanted:?} mapped to `{}` is not in the header row; headers \
                     found: {}",
                    field.key(),
                    header_list(headers)
                ),
                format!(
                    "map `{0}` to one of the headers found (`--column {0}=<header>` or \
                     `[columns] {0} = \"<header>\"` in the sidecar)",
                    field.key()
                ),
            ));
        };
        cols.0[field as usize] = Some(i);
        used[i] = true;
    }
    for field in FIELDS {
        if mapping.get(field).is_some() {
            continue;
        }
        let found = field
            .candidates()
            .iter()
            .find_map(|c| (0..headers.len()).find(|&i| !used[i] && normalized[i] == *c));
        if let Some(i) = found {
            cols.0[field as usize] = Some(i);
            used[i] = true;
        }
    }
    if cols.of(Field::Name).is_none() {
        return Err(table.err(
            file,
            table.header_at,
            None,
            format!(
                "no column of exhibitor names; headers found: {}",
                header_list(headers)
            ),
            "name the column: `--column name=<header>` on the command line, or \
             `[columns] name = \"<header>\"` in the sidecar (headers recognised: Name, \
             Exhibitor Name, Company Name, Exhibitor, Company, Firm); the first non-empty row \
             must be the header row",
        ));
    }
    let ignored: Vec<String> = headers
        .iter()
        .zip(&used)
        .filter(|(h, used)| !h.is_empty() && !**used)
        .map(|(h, _)| h.clone())
        .collect();
    if !ignored.is_empty() {
        warnings.push(format!(
            "{file}: columns not imported: {} (map one with `--column <field>=<header>`; \
             fields: {})",
            header_list(&ignored),
            field_list()
        ));
    }
    Ok(cols)
}

// ---------------------------------------------------------------------------------------
// Reading the table
// ---------------------------------------------------------------------------------------

/// A cell's trimmed text, or the error value a spreadsheet cell holds (`#REF!`).
type Cell = Result<String, String>;

/// The list as a header plus rows, whatever the file format.
struct Table {
    /// `Some(sheet)` for a spreadsheet (rows are sheet rows), `None` for CSV (rows are
    /// numbered by the text line they start on).
    sheet: Option<String>,
    header_at: u64,
    headers: Vec<String>,
    rows: Vec<(u64, Vec<Cell>)>,
}

impl Table {
    /// An error at row/line `n`. A CSV line's place carries the column itself; a
    /// spreadsheet row's cannot, so the column goes into the message.
    fn err(
        &self,
        file: &str,
        n: u64,
        column: Option<&str>,
        message: String,
        hint: impl Into<String>,
    ) -> SourceError {
        match &self.sheet {
            None => SourceError::invalid(
                file,
                Place::Line(n, column.map(str::to_string)),
                message,
                hint,
            ),
            Some(sheet) => SourceError::invalid(
                file,
                Place::Row(sheet.clone(), n),
                match column {
                    Some(c) => format!("column {c:?}: {message}"),
                    None => message,
                },
                hint,
            ),
        }
    }

    fn place(&self, n: u64) -> Place {
        match &self.sheet {
            None => Place::Line(n, None),
            Some(sheet) => Place::Row(sheet.clone(), n),
        }
    }
}

const SPREADSHEET_EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xlsb", "xls", "xla", "xlam", "ods"];

fn extension(file: &str) -> String {
    Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// By extension; an unknown extension is sniffed (ZIP for XLSX/ODS, OLE for XLS).
fn is_spreadsheet(file: &str, bytes: &[u8]) -> bool {
    let ext = extension(file);
    if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
        return true;
    }
    if matches!(ext.as_str(), "csv" | "tsv" | "txt") {
        return false;
    }
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Text from bytes: a BOM decides (UTF-8, UTF-16 as Excel's "Unicode text" export
/// writes); else UTF-8; else Windows-1252, the encoding of CSVs saved by Excel on
/// Western-European Windows, which decodes any bytes (and covers Latin-1's letters).
fn decode<'a>(file: &str, bytes: &'a [u8], warnings: &mut Vec<String>) -> Cow<'a, str> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            warnings.push(format!(
                "{file}: not valid {} despite its byte-order mark; undecodable bytes were \
                 replaced by \u{FFFD}",
                encoding.name()
            ));
        }
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(e) => {
            warnings.push(format!(
                "{file}: line {}: not valid UTF-8; the file was read as Windows-1252 \
                 (Latin-1). If names look wrong, save the file as \"CSV UTF-8\" and import \
                 it again",
                line_at(bytes, e.valid_up_to())
            ));
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The delimiter of the header line: the most frequent of `,`, `;` and tab outside
/// quotes, `,` on a tie or when there is none (a one-column list).
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut seen_content = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            // The header line ends here; blank lines before it are skipped, like the CSV
            // reader does.
            '\n' | '\r' if !in_quotes && seen_content => break,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
        if !c.is_whitespace() {
            seen_content = true;
        }
    }
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    [b',', b';', b'\t'][best]
}

/// Line numbers from byte offsets, counted incrementally. The CSV reader reports where
/// it began looking for a record, before the blank lines it skips, so the offset is first
/// moved past those.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, offset: u64) -> u64 {
        let len = self.bytes.len();
        let mut offset = usize::try_from(offset).unwrap_or(len).min(len);
        while offset < len && matches!(self.bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset < self.offset {
            // Not expected (records come in order), but never count backwards.
            (self.offset, self.line) = (0, 1);
        }
        self.line += line_at(&self.bytes[self.offset..offset], usize::MAX) - 1;
        self.offset = offset;
        self.line
    }
}

fn read_csv(file: &str, bytes: &[u8], warnings: &mut Vec<String>) -> Result<Table, SourceError> {
    let text = decode(file, bytes, warnings);
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = Lines {
        bytes: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    let mut header: Option<(u64, Vec<String>)> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.at(p.byte()));
            SourceError::invalid(
                file,
                Place::Line(line, None),
                format!("not valid CSV: {e}"),
                "save the list again as CSV from a spreadsheet program",
            )
        })?;
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        match &header {
            None if cells.iter().all(String::is_empty) => {}
            None => header = Some((line, cells)),
            Some((_, headers)) => {
                // Text past the last header almost always means a value with an unquoted
                // delimiter ("Acme, Inc.") that shifted the row: refuse to guess.
                if let Some(extra) = cells.iter().skip(headers.len()).find(|c| !c.is_empty()) {
                    let delimiter = char::from(delimiter);
                    return Err(SourceError::invalid(
                        file,
                        Place::Line(line, None),
                        format!(
                            "this row has {} cells but the header has {}; {extra:?} is past \
                             the last column",
                            cells.len(),
                            headers.len()
                        ),
                        format!(
                            "a value containing {delimiter:?} must be in double quotes \
                             (\"Acme{delimiter} Inc.\"); or add a header for the extra column"
                        ),
                    ));
                }
                rows.push((line, cells.into_iter().map(Ok).collect()));
            }
        }
    }
    let Some((header_at, headers)) = header else {
        return Err(SourceError::invalid(
            file,
            Place::File,
            "the file has no rows",
            "the list needs a header row (e.g. `Name,Country,Website`) and one row per \
             exhibitor",
        ));
    };
    Ok(Table {
        sheet: None,
        header_at,
        headers,
        rows,
    })
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Error(e) => Err(e.to_string()),
        Data::String(s) => Ok(s.trim().to_string()),
        other => Ok(other.to_string().trim().to_string()),
    }
}

fn read_sheet(
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<Table, SourceError> {
    let unreadable = |e: calamine::Error| {
        SourceError::invalid(
            file,
            Place::File,
            format!("not a readable spreadsheet: {e}"),
            "open it in a spreadsheet program and save it as .xlsx, or export the sheet as CSV",
        )
    };
    let cursor = Cursor::new(bytes);
    // The extension picks the reader, so that the error is about the right format.
    let mut workbook: Sheets<Cursor<&[u8]>> = match extension(file).as_str() {
        "xlsx" | "xlsm" | "xlam" => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
        "xls" | "xla" => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls),
        "xlsb" => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::Xlsb),
        "ods" => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
        _ => calamine::open_workbook_auto_from_rs(cursor),
    }
    .map_err(unreadable)?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                SourceError::invalid(
                    file,
                    Place::File,
                    format!("no sheet named {wanted:?}; sheets: {}", header_list(&names)),
                    "give one of the sheets listed",
                )
            })?,
        None => {
            let first = names.first().cloned().ok_or_else(|| {
                SourceError::invalid(
                    file,
                    Place::File,
                    "the workbook has no sheets",
                    "check that this is the right file",
                )
            })?;
            if names.len() > 1 {
                warnings.push(format!(
                    "{file}: read the first of {} sheets, {first:?} (sheets: {}); choose \
                     another by name if that is not the list",
                    names.len(),
                    header_list(&names)
                ));
            }
            first
        }
    };
    let range = workbook.worksheet_range(&name).map_err(unreadable)?;
    // The range starts at the first used cell, not necessarily at A1.
    let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
    let mut header: Option<(u64, Vec<String>)> = None;
    let mut rows = Vec::new();
    let mut warned_unheaded = false;
    for (i, data) in range.rows().enumerate() {
        let n = first_row + i as u64 + 1;
        let cells: Vec<Cell> = data.iter().map(cell).collect();
        match &header {
            None if cells.iter().all(|c| matches!(c, Ok(s) if s.is_empty())) => {}
            None => {
                let headers = cells.into_iter().map(|c| c.unwrap_or_default()).collect();
                header = Some((n, headers));
            }
            Some((_, headers)) => {
                // Unlike CSV, cells cannot shift here: text under no header is a note
                // beside the list, not a broken row.
                let unheaded = cells.iter().enumerate().any(|(j, c)| {
                    headers.get(j).is_none_or(|h| h.is_empty())
                        && !matches!(c, Ok(s) if s.is_empty())
                });
                if unheaded && !warned_unheaded {
                    warned_unheaded = true;
                    warnings.push(format!(
                        "{file}: sheet {name:?}, row {n}: cells in columns without a header \
                         are not imported (this and any later rows)"
                    ));
                }
                rows.push((n, cells));
            }
        }
    }
    let Some((header_at, headers)) = header else {
        return Err(SourceError::invalid(
            file,
            Place::File,
            format!("sheet {name:?} is empty"),
            "the list needs a header row (e.g. Name, Country, Website) and one row per \
             exhibitor; choose another sheet by name if the list is elsewhere",
        ));
    };
    Ok(Table {
        sheet: Some(name),
        header_at,
        headers,
        rows,
    })
}

// ---------------------------------------------------------------------------------------
// Building the batch
// ---------------------------------------------------------------------------------------

/// `"a; b | c"` → `["a", "b", "c"]`: `;` and `|` separate values, empty ones are
/// dropped, order is kept.
fn split_multi(s: &str) -> Vec<String> {
    s.split([';', '|'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

fn read_exhibitors(
    file: &str,
    table: &Table,
    cols: &Columns,
    progress: &dyn Progress,
    warnings: &mut Vec<String>,
) -> Result<Vec<Exhibitor>, SourceError> {
    let header = |i: usize| table.headers.get(i).map_or("", String::as_str);
    let mut exhibitors = Vec::with_capacity(table.rows.len());
    // Lowercased name → where it was first seen, to warn about repeats.
    let mut seen: HashMap<String, Place> = HashMap::new();
    for (n, cells) in &table.rows {
        progress.advance(1);
        let n = *n;
        if cells.iter().all(|c| matches!(c, Ok(s) if s.is_empty())) {
            continue;
        }
        let get = |field: Field| -> Result<Option<&str>, SourceError> {
            let Some(i) = cols.of(field) else {
                return Ok(None);
            };
            match cells.get(i) {
                None => Ok(None),
                Some(Ok(s)) if s.is_empty() => Ok(None),
                Some(Ok(s)) => Ok(Some(s.as_str())),
                Some(Err(e)) => Err(table.err(
                    file,
                    n,
                    Some(header(i)),
                    format!("the cell holds the spreadsheet error {e}"),
                    "fix the formula, or replace it by its value",
                )),
            }
        };
        let name_col = cols.of(Field::Name).map_or("", header);
        let Some(name) = get(Field::Name)? else {
            let (i, other) = cells
                .iter()
                .enumerate()
                .find_map(|(i, c)| match c {
                    Ok(s) if !s.is_empty() => Some((i, s.clone())),
                    Err(e) => Some((i, e.clone())),
                    Ok(_) => None,
                })
                .unwrap_or_default();
            return Err(table.err(
                file,
                n,
                Some(name_col),
                format!(
                    "this row has no exhibitor name (but {:?} has {other:?})",
                    header(i)
                ),
                "fill in the name, or delete the row (rows with no cells at all are skipped)",
            ));
        };
        let many = |field: Field| get(field).map(|v| v.map(split_multi).unwrap_or_default());
        let aliases = many(Field::Alias)?;
        for (what, value) in
            std::iter::once(("name", name)).chain(aliases.iter().map(|a| ("alias", a.as_str())))
        {
            let chars = value.chars().count();
            if chars > MAX_NAME_CHARS {
                return Err(table.err(
                    file,
                    n,
                    Some(if what == "name" {
                        name_col
                    } else {
                        cols.of(Field::Alias).map_or("", header)
                    }),
                    format!("the {what} is {chars} characters long (limit {MAX_NAME_CHARS})"),
                    "the cell probably holds more than one value or a stray paste; fix it",
                ));
            }
        }
        let place = table.place(n);
        match seen.get(&name.to_lowercase()) {
            Some(first) => warnings.push(format!(
                "{file}: {place}: {name:?} is listed again (first at {first}); both rows are \
                 kept"
            )),
            None => {
                seen.insert(name.to_lowercase(), place);
            }
        }
        exhibitors.push(Exhibitor {
            name: name.to_string(),
            aliases,
            exhibitor_url: get(Field::ExhibitorUrl)?.map(str::to_string),
            contact: Contact {
                addresses: get(Field::Address)?
                    .map(|a| Address {
                        text: Some(a.to_string()),
                        ..Address::default()
                    })
                    .into_iter()
                    .collect(),
                countries: many(Field::Country)?
                    .into_iter()
                    .map(|text| CountryField { text, iso2: None })
                    .collect(),
                websites: many(Field::Website)?,
                emails: many(Field::Email)?,
                telephones: many(Field::Telephone)?,
                socials: Vec::new(),
            },
            categories: many(Field::Category)?,
            country: None,
        });
    }
    Ok(exhibitors)
}

/// What the source hash covers besides the file: the event description (so that
/// describing the event differently makes a new version), which column became which
/// field, and the sheet read.
#[derive(Serialize)]
struct Canonical<'a> {
    spec: &'a EventSpec,
    columns: Vec<(&'static str, &'a str)>,
    sheet: Option<&'a str>,
}

/// Parses a list held in memory. `file` names it in errors and in the source's
/// `location`, and its extension chooses CSV or spreadsheet (an unknown extension is
/// sniffed). `sheet` chooses a spreadsheet's sheet by name (default: the first).
pub fn parse_exhibitor_list(
    file: &str,
    bytes: &[u8],
    spec: &EventSpec,
    sheet: Option<&str>,
    progress: &dyn Progress,
) -> Result<Loaded, SourceError> {
    spec.validate(&format!("event description for {file}"))?;
    let spec = spec.normalized();
    let mut warnings = Vec::new();
    let table = if is_spreadsheet(file, bytes) {
        read_sheet(file, bytes, sheet, &mut warnings)?
    } else {
        if let Some(s) = sheet {
            warnings.push(format!(
                "{file}: a CSV file has no sheets; the sheet {s:?} was ignored"
            ));
        }
        read_csv(file, bytes, &mut warnings)?
    };
    let cols = resolve_columns(file, &table, &spec.columns, &mut warnings)?;
    progress.start(table.rows.len() as u64, "reading exhibitor rows");
    let exhibitors = read_exhibitors(file, &table, &cols, progress, &mut warnings)?;
    if exhibitors.is_empty() {
        return Err(table.err(
            file,
            table.header_at,
            None,
            "no exhibitor rows below the header row".into(),
            "check that this is the right file (or sheet)",
        ));
    }

    let slug = spec.resolved_slug();
    let host = spec.host_country.as_ref().map(|text| CountryField {
        text: text.clone(),
        iso2: iso2_of(text),
    });
    if host.is_none() {
        warnings.push(format!(
            "{file}: no host country given; the event will not count for any country until \
             one is set (`host_country` in the sidecar)"
        ));
    }
    let address_text: Vec<&str> = [spec.venue.as_deref(), spec.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let event = Event {
        slug: slug.clone(),
        name: spec.name.clone(),
        aliases: Vec::new(),
        series: spec.series.clone(),
        edition: spec.edition.clone(),
        dates: EventDates {
            start: spec.start_date.clone(),
            end: spec.end_date.clone(),
            approx: spec.approx_date.clone(),
        },
        online: None,
        contact: Contact {
            addresses: if address_text.is_empty() {
                Vec::new()
            } else {
                vec![Address {
                    text: Some(address_text.join(", ")),
                    ..Address::default()
                }]
            },
            countries: host.iter().cloned().collect(),
            ..Contact::default()
        },
        organisers: Vec::new(),
        exhibitor_list: Some(ListMeta {
            url: spec.source_url.clone(),
            date: spec.retrieved.clone(),
            incomplete: spec.list_incomplete,
        }),
        exhibitors,
        delegation_list: None,
        delegations: Vec::new(),
        // The host is derived like every event's (crates/core/src/geo.rs), from the
        // declared country above, so that re-resolution gives the same answer.
        host: None,
    };

    let canonical = Canonical {
        spec: &EventSpec {
            columns: ColumnMapping::default(),
            ..spec.clone()
        },
        columns: FIELDS
            .iter()
            .filter_map(|&f| Some((f.key(), table.headers.get(cols.of(f)?)?.as_str())))
            .collect(),
        sheet: table.sheet.as_deref(),
    };
    let mut hasher = Sha256::new();
    hasher.update(b"fairwatch exhibitor list\0");
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
    // Serialising strings and booleans cannot fail.
    hasher.update(serde_json::to_vec(&canonical).unwrap_or_default());

    let source = SourceMeta {
        kind: SourceKind::ExhibitorList,
        key: format!("list:{slug}"),
        location: file.to_string(),
        publisher: spec.publisher.clone(),
        url: spec.source_url.clone(),
        licence: spec.licence.clone(),
        retrieved: spec.retrieved.clone(),
        version: None,
        sha256: hex(&hasher.finalize()),
        note: spec.note.clone(),
    };
    Ok(Loaded {
        batch: Batch {
            source,
            events: vec![event],
            cancelled: Vec::new(),
            vendors: Vec::new(),
        },
        warnings,
    })
}

/// Imports one exhibitor list file (CSV or spreadsheet) for the event `spec` describes.
pub struct ExhibitorListImporter {
    pub path: PathBuf,
    pub spec: EventSpec,
    /// The sheet to read from a workbook, by name; default the first.
    pub sheet: Option<String>,
}

impl Importer for ExhibitorListImporter {
    fn describe(&self) -> String {
        format!(
            "exhibitor list of {} at {}",
            self.spec.name.trim(),
            self.path.display()
        )
    }

    fn load(&self, progress: &dyn Progress) -> Result<Loaded, SourceError> {
        let name = self.path.display().to_string();
        let bytes = std::fs::read(&self.path).map_err(|e| SourceError::io(&name, e))?;
        parse_exhibitor_list(&name, &bytes, &self.spec, self.sheet.as_deref(), progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use proptest::prelude::*;

    const DIR: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/exhibitor_list/"
    );

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(DIR).join(name)
    }

    fn sidecar() -> EventSpec {
        EventSpec::from_toml_file(&fixture("iss-world-europe-2019.toml")).unwrap()
    }

    fn spec() -> EventSpec {
        EventSpec {
            name: "Test Fair 2020".into(),
            series: "test-fair".into(),
            edition: "2020".into(),
            approx_date: Some("2020".into()),
            host_country: Some("France".into()),
            ..EventSpec::default()
        }
    }

    fn load(name: &str, spec: EventSpec, sheet: Option<&str>) -> Result<Loaded, SourceError> {
        ExhibitorListImporter {
            path: fixture(name),
            spec,
            sheet: sheet.map(str::to_string),
        }
        .load(&NoProgress)
    }

    fn parse(csv: &str, spec: &EventSpec) -> Result<Loaded, SourceError> {
        parse_exhibitor_list("list.csv", csv.as_bytes(), spec, None, &NoProgress)
    }

    fn event(csv: &str) -> Event {
        parse(csv, &spec()).unwrap().batch.events.remove(0)
    }

    fn err(csv: &str, spec: &EventSpec) -> String {
        parse(csv, spec).unwrap_err().to_string()
    }

    #[test]
    fn codes_slugs_and_sidecar_paths() {
        assert_eq!(iso2_of("fr").as_deref(), Some("FR"));
        assert_eq!(iso2_of("UK").as_deref(), Some("GB"));
        assert_eq!(iso2_of("France"), None);
        assert_eq!(iso2_of("é"), None);
        assert_eq!(slug("ISS World Europe (Prague)"), "iss-world-europe-prague");
        assert_eq!(
            EventSpec::sidecar_for(Path::new("a/list.csv")),
            Path::new("a/list.toml")
        );
    }

    #[test]
    fn the_fixture_list_becomes_one_event_with_its_exhibitors_in_order() {
        let loaded = load("iss-world-europe-2019.csv", sidecar(), None).unwrap();
        let batch = &loaded.batch;
        assert_eq!(batch.events.len(), 1);
        let e = &batch.events[0];
        assert_eq!(e.slug, "iss-world-europe-2019");
        assert_eq!(
            (e.series.as_str(), e.edition.as_str()),
            ("iss-world-europe", "2019")
        );
        assert_eq!(e.dates.start.as_deref(), Some("2019-06-04"));
        assert_eq!(e.dates.end.as_deref(), Some("2019-06-06"));
        assert_eq!(
            e.contact.countries,
            [CountryField {
                text: "cz".into(),
                iso2: Some("CZ".into())
            }]
        );
        assert_eq!(e.contact.addresses[0].text.as_deref(), Some("Prague"));
        assert!(e.host.is_none(), "derived later from the declared country");
        let list = e.exhibitor_list.as_ref().unwrap();
        assert_eq!(
            list.url.as_deref(),
            Some("https://www.issworldtraining.com/ISS_EUROPE/")
        );
        assert_eq!(list.date.as_deref(), Some("2024-05-01"));
        assert!(list.incomplete);

        let names: Vec<&str> = e.exhibitors.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Cellebrite",
                "Micro Systemation AB",
                "Verint Systems",
                "VASTech",
                "Utimaco TS GmbH",
                "SS8 Networks",
                "Septier Communication",
                "Rohde & Schwarz GmbH & Co. KG",
            ]
        );
        let msab = &e.exhibitors[1];
        assert_eq!(msab.aliases, ["MSAB"]);
        assert_eq!(msab.contact.countries[0].text, "Sweden");
        assert_eq!(msab.contact.countries[0].iso2, None);
        assert_eq!(msab.contact.websites, ["https://www.msab.com"]);
        assert_eq!(
            e.exhibitors[0].categories,
            ["Mobile Forensics", "Digital Forensics"]
        );

        let s = &batch.source;
        assert_eq!(s.kind, SourceKind::ExhibitorList);
        assert_eq!(s.key, "list:iss-world-europe-2019");
        assert!(s.location.ends_with("iss-world-europe-2019.csv"));
        assert_eq!(s.publisher.as_deref(), Some("TeleStrategies"));
        assert_eq!(s.retrieved.as_deref(), Some("2024-05-01"));
        assert_eq!(s.version, None);
        assert_eq!(s.sha256.len(), 64);
        assert!(s.note.as_deref().unwrap().contains("not the complete"));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn csv_and_xlsx_give_identical_events() {
        let csv = load("iss-world-europe-2019.csv", sidecar(), None).unwrap();
        let xlsx = load("iss-world-europe-2019.xlsx", sidecar(), None).unwrap();
        assert_eq!(csv.batch.events, xlsx.batch.events);
        assert_ne!(csv.batch.source.sha256, xlsx.batch.source.sha256);
        // The workbook's second sheet is mentioned, not silently ignored.
        assert_eq!(xlsx.warnings.len(), 1, "{:?}", xlsx.warnings);
        assert!(xlsx.warnings[0].contains("\"Exhibitors\""));
        // Naming the first sheet gives the same data, and the same hash.
        let named = load("iss-world-europe-2019.xlsx", sidecar(), Some("exhibitors")).unwrap();
        assert_eq!(named.batch, xlsx.batch);
        assert!(named.warnings.is_empty());
    }

    #[test]
    fn spreadsheet_errors_name_the_sheet_and_row() {
        let m = load("iss-world-europe-2019.xlsx", spec(), Some("Draft"))
            .unwrap_err()
            .to_string();
        assert!(
            m.contains(
                "iss-world-europe-2019.xlsx: sheet \"Draft\", row 4: column \"Exhibitor\": \
                 this row has no exhibitor name (but \"Country\" has \"Sweden\")"
            ),
            "{m}"
        );
        let m = load("iss-world-europe-2019.xlsx", spec(), Some("Missing"))
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("no sheet named \"Missing\"; sheets: \"Exhibitors\", \"Draft\""),
            "{m}"
        );
        let m = parse_exhibitor_list("x.xlsx", b"not a zip", &spec(), None, &NoProgress)
            .unwrap_err()
            .to_string();
        assert!(m.starts_with("x.xlsx: not a readable spreadsheet"), "{m}");
    }

    #[test]
    fn a_semicolon_csv_with_bom_and_pipes() {
        let loaded = load("semicolon.csv", spec(), None).unwrap();
        let e = &loaded.batch.events[0];
        assert_eq!(e.exhibitors.len(), 3);
        // The BOM is not part of the first header, so "Exhibitor" is recognised.
        assert_eq!(e.exhibitors[0].name, "Cellebrite");
        assert_eq!(e.exhibitors[0].contact.countries[0].text, "Israël");
        assert_eq!(
            e.exhibitors[0].categories,
            ["Mobile Forensics", "Digital Forensics"]
        );
        assert_eq!(
            e.exhibitors[2].categories,
            ["Lawful Interception", "Network Monitoring"]
        );
        assert_eq!(e.exhibitors[2].name, "Rohde & Schwarz GmbH & Co. KG");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn a_windows_1252_csv_is_decoded_with_a_warning() {
        let loaded = load("windows-1252.csv", spec(), None).unwrap();
        let e = &loaded.batch.events[0];
        assert_eq!(
            e.exhibitors[0].contact.addresses[0].text.as_deref(),
            Some("Germanusstraße 4, 52080 Aachen")
        );
        assert_eq!(e.exhibitors[1].contact.addresses, []);
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(
            loaded.warnings[0].contains("windows-1252.csv: line 2: not valid UTF-8"),
            "{:?}",
            loaded.warnings
        );
    }

    #[test]
    fn malformed_fixtures_give_errors_naming_file_and_place() {
        let m = load("no-name-column.csv", spec(), None)
            .unwrap_err()
            .to_string();
        assert!(
            m.contains(
                "no-name-column.csv: line 1: no column of exhibitor names; headers found: \
                 \"Exhibitor / Company\", \"Country\", \"Website\""
            ),
            "{m}"
        );
        assert!(m.contains("--column name=<header>"), "{m}");
        assert!(m.contains("[columns] name = \"<header>\""), "{m}");

        let m = load("missing-name.csv", spec(), None)
            .unwrap_err()
            .to_string();
        assert!(
            m.contains(
                "missing-name.csv: line 4, column \"Exhibitor\": this row has no exhibitor name"
            ),
            "{m}"
        );

        let m = EventSpec::from_toml_file(&fixture("bad-key.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("bad-key.toml: line 4: key `strat_date`: unknown field `strat_date`"),
            "{m}"
        );

        let m = EventSpec::from_toml_file(&fixture("bad-date.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            m.contains(
                "bad-date.toml: line 4: `start_date`: \"2019-06-31\" is not a valid date: \
                 month 6 of 2019 has 30 days"
            ),
            "{m}"
        );

        let m = EventSpec::from_toml_file(&fixture("bad-column-key.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("bad-column-key.toml: line 7: key `columns.nmae`: unknown field `nmae`"),
            "{m}"
        );
    }

    #[test]
    fn the_hash_covers_the_event_description() {
        let a = load("iss-world-europe-2019.csv", sidecar(), None).unwrap();
        let again = load("iss-world-europe-2019.csv", sidecar(), None).unwrap();
        assert_eq!(a.batch.source.sha256, again.batch.source.sha256);
        let mut changed = sidecar();
        changed.end_date = Some("2019-06-07".into());
        let b = load("iss-world-europe-2019.csv", changed, None).unwrap();
        assert_ne!(a.batch.source.sha256, b.batch.source.sha256);
        // Spelling differences that change nothing do not make a new version...
        let mut same = sidecar();
        same.name = format!("  {}  ", same.name);
        same.columns.category = None; // detected anyway
        let c = load("iss-world-europe-2019.csv", same, None).unwrap();
        assert_eq!(a.batch.source.sha256, c.batch.source.sha256);
        // ...but a different column mapping does.
        let mut remapped = sidecar();
        remapped.columns.alias = Some(String::new());
        let d = load("iss-world-europe-2019.csv", remapped, None).unwrap();
        assert_ne!(a.batch.source.sha256, d.batch.source.sha256);
    }

    #[test]
    fn headers_are_detected_ignoring_case_and_spacing() {
        let e = event(
            "  EXHIBITOR NAME ,a.k.a.,Nationality,URL,E-mail,Phone,Postal Address,Sector,Exhibitor URL\n\
             Acme,ACME | Acme Ltd,UK; Ireland,http://a.example,a@a.example,+44 1,\"1 Road, London\",Intrusion;;Interception,http://fair/acme\n",
        );
        let x = &e.exhibitors[0];
        assert_eq!(x.name, "Acme");
        assert_eq!(x.aliases, ["ACME", "Acme Ltd"]);
        assert_eq!(x.contact.countries.len(), 2);
        assert_eq!(x.contact.countries[1].text, "Ireland");
        assert_eq!(x.contact.websites, ["http://a.example"]);
        assert_eq!(x.contact.emails, ["a@a.example"]);
        assert_eq!(x.contact.telephones, ["+44 1"]);
        assert_eq!(
            x.contact.addresses[0].text.as_deref(),
            Some("1 Road, London")
        );
        assert_eq!(x.categories, ["Intrusion", "Interception"]);
        assert_eq!(x.exhibitor_url.as_deref(), Some("http://fair/acme"));
    }

    #[test]
    fn explicit_mapping_wins_and_can_turn_detection_off() {
        let csv = "Company,Société,Products,Booth\nHolding A,Acme SA,Gadgets,5\n";
        let mut s = spec();
        s.columns
            .apply_overrides(&["name=société".into(), "category=".into()])
            .unwrap();
        let loaded = parse(csv, &s).unwrap();
        let x = &loaded.batch.events[0].exhibitors[0];
        assert_eq!(x.name, "Acme SA");
        assert!(x.categories.is_empty());
        // "Company" was not taken as the name, so it and the rest are reported.
        assert_eq!(loaded.warnings.len(), 1);
        assert!(
            loaded.warnings[0]
                .contains("columns not imported: \"Company\", \"Products\", \"Booth\""),
            "{:?}",
            loaded.warnings
        );

        s.columns.website = Some("Site".into());
        let m = err(csv, &s);
        assert!(
            m.contains(
                "list.csv: line 1: the column \"Site\" mapped to `website` is not in the \
                 header row; headers found: \"Company\", \"Société\", \"Products\", \"Booth\""
            ),
            "{m}"
        );
    }

    #[test]
    fn column_overrides_are_checked() {
        let m = parse_column_overrides(&["nmae=X".into()])
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("command line: `--column nmae=X`: unknown field `nmae`"),
            "{m}"
        );
        assert!(m.contains("fields: name, alias"), "{m}");
        let m = parse_column_overrides(&["name".into()])
            .unwrap_err()
            .to_string();
        assert!(m.contains("expected `field=Header`"), "{m}");
        let c =
            parse_column_overrides(&["Name = Company Name".into(), "Email=Mail".into()]).unwrap();
        assert_eq!(c.name.as_deref(), Some("Company Name"));
        assert_eq!(c.email.as_deref(), Some("Mail"));
    }

    #[test]
    fn tabs_and_semicolons_are_detected_from_the_header() {
        assert_eq!(detect_delimiter("a,b;c,d\n"), b',');
        assert_eq!(detect_delimiter("\n\"a;b\",c;d;e\n"), b';');
        assert_eq!(detect_delimiter("Name\tCountry\tWeb, site\n"), b'\t');
        assert_eq!(detect_delimiter("Name\n"), b',');
        let e = event("Name\tCountry\nAcme, Inc.\tUS\n");
        assert_eq!(e.exhibitors[0].name, "Acme, Inc.");
    }

    #[test]
    fn empty_rows_are_skipped_and_repeats_warned() {
        let loaded = parse("\n\nName,Country\n,\n\nAcme,FR\n , \nacme,DE\n", &spec()).unwrap();
        let e = &loaded.batch.events[0];
        assert_eq!(e.exhibitors.len(), 2);
        assert!(
            loaded.warnings[0]
                .contains("list.csv: line 8: \"acme\" is listed again (first at line 6)"),
            "{:?}",
            loaded.warnings
        );
        // Blank lines, which the CSV reader skips, still count (CRLF too).
        let m = err("\r\n\r\nName,Country\r\n\r\n\r\n,DE\r\n", &spec());
        assert!(m.contains("list.csv: line 6, column \"Name\""), "{m}");
    }

    #[test]
    fn row_errors_name_the_line_and_column() {
        let m = err("Name,Country\nAcme,FR\n,DE\n", &spec());
        assert!(
            m.contains(
                "list.csv: line 3, column \"Name\": this row has no exhibitor name (but \
                 \"Country\" has \"DE\")"
            ),
            "{m}"
        );
        let m = err("Name,Country\nAcme, Inc.,US\n", &spec());
        assert!(
            m.contains("list.csv: line 2: this row has 3 cells but the header has 2"),
            "{m}"
        );
        let long = "A".repeat(MAX_NAME_CHARS + 1);
        let m = err(&format!("Name\n{long}\n"), &spec());
        assert!(
            m.contains("line 2, column \"Name\": the name is 2001 characters long"),
            "{m}"
        );
        assert!(err("", &spec()).contains("list.csv: the file has no rows"));
        let m = err("Name,Country\n", &spec());
        assert!(m.contains("line 1: no exhibitor rows"), "{m}");
    }

    #[test]
    fn spec_validation() {
        let check = |edit: fn(&mut EventSpec)| {
            let mut s = spec();
            edit(&mut s);
            s.validate("command line").map_err(|e| e.to_string())
        };
        assert!(check(|_| {}).is_ok());
        let m = check(|s| s.series = "ISS World Europe".into()).unwrap_err();
        assert!(
            m.contains("`series`: \"ISS World Europe\" is not a series key"),
            "{m}"
        );
        assert!(m.contains("\"iss-world-europe\""), "{m}");
        let m = check(|s| s.edition = "Spring 2020".into()).unwrap_err();
        assert!(m.contains("`edition`: makes the slug"), "{m}");
        assert!(m.contains("set `slug`"), "{m}");
        assert!(check(|s| {
            s.edition = "Spring 2020".into();
            s.slug = Some("test-fair-2020-spring".into());
        })
        .is_ok());
        let m = check(|s| s.slug = Some("Bad_Slug".into())).unwrap_err();
        assert!(
            m.contains("`slug`: \"Bad_Slug\" is not a valid slug"),
            "{m}"
        );
        let m = check(|s| s.name = " ".into()).unwrap_err();
        assert!(m.contains("`name`: required"), "{m}");
        let m = check(|s| s.approx_date = None).unwrap_err();
        assert!(m.contains("needs `start_date` and `end_date`, or `approx_date`"));
        let m = check(|s| s.start_date = Some("2020-03-01".into())).unwrap_err();
        assert!(m.contains("`start_date`: given without `end_date`"), "{m}");
        let m = check(|s| {
            s.start_date = Some("2020-03-02".into());
            s.end_date = Some("2020-03-01".into());
        })
        .unwrap_err();
        assert!(m.contains("is before `start_date`"), "{m}");
        let m = check(|s| s.retrieved = Some("01/05/2024".into())).unwrap_err();
        assert!(
            m.contains("`retrieved`: \"01/05/2024\" is not a valid date"),
            "{m}"
        );
        // The importer validates too, so a spec built on the command line is checked.
        let mut bad = spec();
        bad.series = String::new();
        let m = err("Name\nAcme\n", &bad);
        assert!(
            m.starts_with("event description for list.csv: `series`"),
            "{m}"
        );
    }

    #[test]
    fn toml_errors_name_line_and_key() {
        let m = EventSpec::from_toml_str("ev.toml", "name = \"X\"\nseries = \"x\"\nedition = \"1\"\napprox_date = \"2020\"\nlist_incomplete = \"yes\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            m.starts_with("ev.toml: line 5: key `list_incomplete`:"),
            "{m}"
        );
        let m =
            EventSpec::from_toml_str("ev.toml", "name = \"X\"\nseries = \"x\"\nedition = \"1\"\n")
                .unwrap_err()
                .to_string();
        assert!(
            m.starts_with("ev.toml: `start_date`: an event needs"),
            "{m}"
        );
        let m = EventSpec::from_toml_str("ev.toml", "name = \"X\nseries = 1")
            .unwrap_err()
            .to_string();
        assert!(m.starts_with("ev.toml: line 1: key `name`:"), "{m}");
        let m = EventSpec::from_toml_str("ev.toml", "name = [1]\n")
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("line 1: key `name`: expected text, found array"),
            "{m}"
        );
    }

    #[test]
    fn progress_counts_every_row() {
        use std::sync::atomic::{AtomicU64, Ordering};
        struct Count(AtomicU64, AtomicU64);
        impl Progress for Count {
            fn start(&self, total: u64, _: &str) {
                self.0.store(total, Ordering::Relaxed);
            }
            fn advance(&self, n: u64) {
                self.1.fetch_add(n, Ordering::Relaxed);
            }
        }
        let count = Count(AtomicU64::new(0), AtomicU64::new(0));
        parse_exhibitor_list("l.csv", b"Name\nA\n,\nB\n", &spec(), None, &count).unwrap();
        assert_eq!(count.0.load(Ordering::Relaxed), 3);
        assert_eq!(count.1.load(Ordering::Relaxed), 3);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_as_csv_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_exhibitor_list("fuzz.csv", &bytes, &spec(), None, &NoProgress);
        }

        #[test]
        fn csv_like_text_never_panics(text in "[A-Za-z ,;\t\"|\r\n\u{e9}\u{feff}]{0,200}") {
            let _ = parse_exhibitor_list("fuzz.csv", text.as_bytes(), &spec(), None, &NoProgress);
            let _ = parse_exhibitor_list("fuzz.csv", format!("Name,Country\n{text}").as_bytes(), &spec(), None, &NoProgress);
        }

        #[test]
        fn arbitrary_toml_never_panics(text in "[a-z_ =\"\\[\\]\n0-9#.-]{0,120}") {
            let _ = EventSpec::from_toml_str("fuzz.toml", &text);
        }
    }
}
