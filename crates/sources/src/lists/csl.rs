//! The US Consolidated Screening List (CSL) of the International Trade Administration:
//! the export-screening lists of Commerce (BIS: Entity List, Denied Persons, Unverified,
//! Military End User), State (ITAR debarred, nonproliferation sanctions) and the
//! Treasury (OFAC SDN and non-SDN lists) merged into one table.
//!
//! Two encodings are read:
//!
//! * CSV ([`ListFormat::CslCsv`]), in either published layout, told apart by the header:
//!   the 2019 layout starts `source,entity_number,type,...`; the 2023 layout adds a
//!   leading `_id` column. Columns are found by name, so their order does not matter.
//!   Multi-valued cells (`programs`, `addresses`, `alt_names`, `citizenships`,
//!   `dates_of_birth`, `nationalities`, `places_of_birth`, `ids`) are `;`-separated.
//! * JSON ([`ListFormat::CslJson`]): the API's `{"results": [...], "total": N}` or a bare
//!   array of the same objects. Multi-valued fields are arrays; `addresses` are objects
//!   `{address, city, state, postal_code, country}` and `ids` objects
//!   `{type, number, country, issue_date, expiration_date}`. The API calls `_id` `id`;
//!   both are read.
//!
//! [`parse`] and [`parse_bytes`] sniff which (JSON starts with `{` or `[`).
//!
//! Choices:
//!
//! * **Id**: `_id` when present, else `entity_number` (the OFAC number, which the 2023
//!   layout also uses as `_id`, so an SDN entry keeps its id across layouts), else derived
//!   from `source` and `name`: `csl-` and a 64-bit FNV-1a hash of both, lowercased with
//!   whitespace collapsed (as `plain` derives its ids). Rows sharing an id are
//!   merged into one entry: the Denied Persons and Entity Lists repeat a party once per
//!   address ("Gunther Migeotte" has five rows in the 2019 sample).
//! * **Names**: `name` is primary; `alt_names` are aliases (a leading "and " left by the
//!   Entity List's "A; B; and C" style is dropped). State's "X; and any successor,
//!   sub-unit, or subsidiary thereof" keeps X as the name and moves the rest to remarks.
//!   Names are kept as written: the 2019 layout writes OFAC individuals "SURNAME, Given",
//!   the 2023 layout "Given SURNAME".
//! * **Countries**: `citizenships`, `nationalities`, and for each address its last
//!   comma-separated part when that is an ISO 3166-1 alpha-2 code in capitals (or XK,
//!   Kosovo, as OFAC writes it) or an English country name; JSON addresses give the
//!   country in their own field. The vessel flag is not a country of the entry (it goes
//!   to remarks). Countries stay as written; ISO resolution is downstream. An address
//!   that is only a country ("IL", as the Entity List often writes) is not kept as an
//!   address.
//! * **Identifiers**: the `ids` cell mixes identifiers with OFAC "features". The 2023
//!   layout writes `kind, value[, country, issued, expires]`; the 2019 layout writes
//!   `[country, ]value, kind` (the kind last), so the order is chosen by layout. Features
//!   (labels ending in `:` or `-` such as "Secondary sanctions risk:", "Executive Order
//!   13662 Directive Determination -", and Gender or vessel-flag facts) are not
//!   identifiers and go to remarks. "IMO 9116412" becomes kind `IMO`, value `9116412`.
//!   `call_sign` is an identifier too.
//! * **Remarks** hold the facts the model has no field for, labelled: the list's remarks,
//!   title, places of birth, vessel details, license requirement and policy, Federal
//!   Register notice, end date and the OFAC features.
//! * **Dates of birth**: `YYYY`, `YYYY-MM-DD` as given; `12 Jan 1960` and `Jan 1960`
//!   become `1960-01-12` and `1960-01`; anything else ("circa 1960") is kept as written.
//! * `start_date` is `listed_on`, `source_list_url` the `url` (else
//!   `source_information_url`), and `source` the `sub_list`.
//!
//! A row or result without a name is skipped and reported; so is a CSV row with text past
//! the header's last column (its columns cannot be trusted). A file without the `source`
//! and `name` columns, or JSON of another shape, is an error. CSV text is decoded as in
//! `plain`: byte-order mark, else UTF-8, else Windows-1252, with stray C1 characters
//! read as Windows-1252 (the CSL writes "Gui\u{92}an" for "Gui’an").

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::model::{EntityKind, Identifier, ListEntry, ListFormat, NameKind, ParsedList};
use super::plain::{
    decode, derived_id, non_empty, push_identifier, read_rows, split_list, Entries,
};
use crate::error::{Place, SourceError};

/// The 2023 layout's header; the 2019 layout is the same without `_id`.
const HEADER_2023: &str = "_id,source,entity_number,type,programs,name,title,addresses,\
    federal_register_notice,start_date,end_date,standard_order,license_requirement,\
    license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,\
    vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,\
    places_of_birth,source_information_url,ids";

/// Reads and parses a CSL file, CSV or JSON (sniffed from the content).
pub fn parse(path: &Path) -> Result<ParsedList, SourceError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(&file, e))?;
    parse_bytes(&bytes, &file)
}

/// Parses a CSL file held in memory: JSON when it starts with `{` or `[`, else CSV.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => parse_json_bytes(bytes, file),
        _ => parse_csv_bytes(bytes, file),
    }
}

/// Which way round the parts of an `ids` entry are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IdsOrder {
    /// 2023 layout and JSON strings: `kind, value[, country, issued, expires]`.
    KindFirst,
    /// 2019 layout: `[country, ]value, kind`.
    KindLast,
}

/// One CSL entry as the file gives it, before it becomes a [`ListEntry`]; CSV rows and
/// JSON objects are both read into this, so the choices live in one place ([`entry`]).
#[derive(Default)]
struct Record {
    id: String,
    entity_number: String,
    source: String,
    kind: String,
    name: String,
    title: String,
    federal_register_notice: String,
    start_date: String,
    end_date: String,
    license_requirement: String,
    license_policy: String,
    call_sign: String,
    vessel_type: String,
    gross_tonnage: String,
    gross_registered_tonnage: String,
    vessel_flag: String,
    vessel_owner: String,
    remarks: String,
    source_list_url: String,
    source_information_url: String,
    programs: Vec<String>,
    alt_names: Vec<String>,
    citizenships: Vec<String>,
    dates_of_birth: Vec<String>,
    nationalities: Vec<String>,
    places_of_birth: Vec<String>,
    /// Each address's text and its country, when known.
    addresses: Vec<(String, Option<String>)>,
    /// `(kind, value)`; a feature's value is the rest of its entry.
    ids: Vec<(String, String)>,
}

// ---------------------------------------------------------------------------------------
// CSV

fn parse_csv_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let text = decode(bytes);
    let mut rows = read_rows(file, &text, b',')?.into_iter();
    let Some(header) = rows.next() else {
        return Err(SourceError::invalid(
            file,
            Place::File,
            "the file is empty",
            format!("a Consolidated Screening List CSV starts with the header {HEADER_2023}"),
        ));
    };
    let columns: HashMap<String, usize> = header
        .cells
        .iter()
        .enumerate()
        .rev() // so that the first of a repeated header wins
        .map(|(i, h)| (h.to_lowercase(), i))
        .collect();
    if let Some(missing) = ["source", "name"]
        .into_iter()
        .find(|c| !columns.contains_key(*c))
    {
        return Err(SourceError::invalid(
            file,
            Place::Line(header.line, None),
            format!("not a Consolidated Screening List header: no `{missing}` column"),
            format!(
                "the first row must be the CSL header: {HEADER_2023} (2023 layout), or the \
                 same without `_id` (2019 layout)"
            ),
        ));
    }
    let order = if columns.contains_key("_id") {
        IdsOrder::KindFirst
    } else {
        IdsOrder::KindLast
    };
    let mut entries = Entries::default();
    let mut skipped = Vec::new();
    for row in rows {
        if row
            .cells
            .iter()
            .skip(header.cells.len())
            .any(|c| !c.is_empty())
        {
            skipped.push(format!(
                "{file} line {}: {} cells but the header has {}; the columns cannot be \
                 trusted",
                row.line,
                row.cells.len(),
                header.cells.len()
            ));
            continue;
        }
        let get = |column: &str| -> &str {
            columns
                .get(column)
                .and_then(|&i| row.cells.get(i))
                .map_or("", String::as_str)
        };
        let list = |column: &str| split_list(get(column), ';');
        let record = Record {
            id: get("_id").to_string(),
            entity_number: get("entity_number").to_string(),
            source: get("source").to_string(),
            kind: get("type").to_string(),
            name: get("name").to_string(),
            title: get("title").to_string(),
            federal_register_notice: get("federal_register_notice").to_string(),
            start_date: get("start_date").to_string(),
            end_date: get("end_date").to_string(),
            license_requirement: get("license_requirement").to_string(),
            license_policy: get("license_policy").to_string(),
            call_sign: get("call_sign").to_string(),
            vessel_type: get("vessel_type").to_string(),
            gross_tonnage: get("gross_tonnage").to_string(),
            gross_registered_tonnage: get("gross_registered_tonnage").to_string(),
            vessel_flag: get("vessel_flag").to_string(),
            vessel_owner: get("vessel_owner").to_string(),
            remarks: get("remarks").to_string(),
            source_list_url: get("source_list_url").to_string(),
            source_information_url: get("source_information_url").to_string(),
            programs: list("programs"),
            alt_names: list("alt_names"),
            citizenships: list("citizenships"),
            dates_of_birth: list("dates_of_birth"),
            nationalities: list("nationalities"),
            places_of_birth: list("places_of_birth"),
            addresses: list("addresses")
                .iter()
                .map(|a| {
                    let a = strip_and(a).to_string();
                    let country = address_country(&a);
                    (a, country)
                })
                .collect(),
            ids: list("ids")
                .iter()
                .filter_map(|s| split_id(s, order))
                .collect(),
        };
        match entry(record) {
            Ok(e) => entries.push(e),
            Err(why) => skipped.push(format!("{file} line {}: {why}", row.line)),
        }
    }
    Ok(ParsedList {
        omitted: Default::default(),
        format: ListFormat::CslCsv,
        entries: entries.into_vec(),
        skipped,
    })
}

/// One `ids` entry as `(kind, value)`; see [`IdsOrder`]. A feature keeps the rest of the
/// entry as its value ("Secondary sanctions risk:", "North Korea Sanctions Regulations,
/// sections 510.201 and 510.210"); an identifier's value is one part. An entry of one
/// part has no kind.
fn split_id(s: &str, order: IdsOrder) -> Option<(String, String)> {
    let parts = split_list(s, ',');
    let (kind, rest) = match order {
        IdsOrder::KindFirst => parts.split_first()?,
        IdsOrder::KindLast => parts.split_last()?,
    };
    if rest.is_empty() {
        return Some((String::new(), kind.clone()));
    }
    let value = if is_feature(kind) {
        rest.join(", ")
    } else {
        match order {
            IdsOrder::KindFirst => rest.first().cloned().unwrap_or_default(),
            // "CO, 1978075, Matricula Mercantil No": the country comes first.
            IdsOrder::KindLast => rest.last().cloned().unwrap_or_default(),
        }
    };
    Some((kind.clone(), value))
}

// ---------------------------------------------------------------------------------------
// JSON

/// Parses the CSL JSON: the API's `{"results": [...]}` or a bare array of entries.
pub fn parse_json_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        SourceError::invalid(
            file,
            Place::Line(u64::try_from(e.line()).unwrap_or(0), None),
            format!("not valid JSON: {e}"),
            "the file may be truncated or damaged; download it again",
        )
    })?;
    let shape_error = || {
        SourceError::invalid(
            file,
            Place::JsonPath(String::new()),
            "not Consolidated Screening List JSON",
            "expected the API's response {\"results\": [...], \"total\": N} or an array of \
             entries",
        )
    };
    let (items, prefix) = match &value {
        Value::Array(items) => (items, ""),
        Value::Object(top) => match top.get("results") {
            Some(Value::Array(items)) => (items, "results"),
            _ => return Err(shape_error()),
        },
        _ => return Err(shape_error()),
    };
    let mut entries = Entries::default();
    let mut skipped = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        let Value::Object(obj) = item else {
            return Err(SourceError::invalid(
                file,
                Place::JsonPath(path),
                "an entry is not an object",
                "each entry must be an object such as {\"name\": \"...\", \"source\": \"...\"}",
            ));
        };
        match entry(json_record(obj)) {
            Ok(e) => entries.push(e),
            Err(why) => skipped.push(format!("{file} {path}: {why}")),
        }
    }
    Ok(ParsedList {
        omitted: Default::default(),
        format: ListFormat::CslJson,
        entries: entries.into_vec(),
        skipped,
    })
}

/// A scalar as text (the API writes some numbers as numbers); null and others are empty.
fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// An array of scalars; a string is taken as a `;`-separated list, as in the CSV.
fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .map(|x| text(Some(x)))
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) => split_list(s, ';'),
        _ => Vec::new(),
    }
}

fn json_record(obj: &Map<String, Value>) -> Record {
    let get = |key: &str| text(obj.get(key));
    let list = |key: &str| texts(obj.get(key));
    let mut addresses = Vec::new();
    let mut ids = Vec::new();
    for a in as_items(obj.get("addresses")) {
        match a {
            Value::Object(a) => {
                let parts: Vec<String> = ["address", "city", "state", "postal_code", "country"]
                    .iter()
                    .map(|k| text(a.get(*k)))
                    .filter(|s| !s.is_empty())
                    .collect();
                if !parts.is_empty() {
                    addresses.push((parts.join(", "), non_empty(text(a.get("country")))));
                }
            }
            other => {
                for s in texts(Some(other)) {
                    let s = strip_and(&s).to_string();
                    let country = address_country(&s);
                    addresses.push((s, country));
                }
            }
        }
    }
    for id in as_items(obj.get("ids")) {
        match id {
            Value::Object(id) => ids.push((text(id.get("type")), text(id.get("number")))),
            other => ids.extend(
                texts(Some(other))
                    .iter()
                    .filter_map(|s| split_id(s, IdsOrder::KindFirst)),
            ),
        }
    }
    Record {
        id: non_empty(get("id")).unwrap_or_else(|| get("_id")),
        entity_number: get("entity_number"),
        source: get("source"),
        kind: get("type"),
        name: get("name"),
        title: get("title"),
        federal_register_notice: get("federal_register_notice"),
        start_date: get("start_date"),
        end_date: get("end_date"),
        license_requirement: get("license_requirement"),
        license_policy: get("license_policy"),
        call_sign: get("call_sign"),
        vessel_type: get("vessel_type"),
        gross_tonnage: get("gross_tonnage"),
        gross_registered_tonnage: get("gross_registered_tonnage"),
        vessel_flag: get("vessel_flag"),
        vessel_owner: get("vessel_owner"),
        remarks: get("remarks"),
        source_list_url: get("source_list_url"),
        source_information_url: get("source_information_url"),
        programs: list("programs"),
        alt_names: list("alt_names"),
        citizenships: list("citizenships"),
        dates_of_birth: list("dates_of_birth"),
        nationalities: list("nationalities"),
        places_of_birth: list("places_of_birth"),
        addresses,
        ids,
    }
}

/// The elements of an array field; a lone string is one element.
fn as_items(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(items)) => items,
        Some(v @ Value::String(_)) => std::slice::from_ref(v),
        _ => &[],
    }
}

// ---------------------------------------------------------------------------------------
// Record to entry: the choices described in the module header.

const SUCCESSOR: &str = "; and any successor";

fn entry(r: Record) -> Result<ListEntry, &'static str> {
    let full_name = r.name.trim();
    // "X; and any successor, sub-unit, or subsidiary thereof": X is the name. The search
    // is on an ASCII-lowercased copy, whose byte offsets are the original's.
    let (name, successor) = match full_name.to_ascii_lowercase().find(SUCCESSOR) {
        Some(i) => (
            full_name.get(..i).unwrap_or(full_name).trim(),
            full_name.get(i + 1..).map(str::trim),
        ),
        None => (full_name, None),
    };
    if name.is_empty() {
        return Err("no name");
    }
    let id = [r.id.trim(), r.entity_number.trim()]
        .into_iter()
        .find(|s| !s.is_empty())
        .map_or_else(
            || derived_id("csl", &[&r.source, full_name]),
            str::to_string,
        );
    let kind = match r.kind.trim().to_lowercase().as_str() {
        "entity" => EntityKind::Organisation,
        "individual" => EntityKind::Person,
        "vessel" => EntityKind::Vessel,
        "aircraft" => EntityKind::Aircraft,
        _ => EntityKind::Unknown,
    };
    let mut e = ListEntry::new(id, kind, name);
    for alias in &r.alt_names {
        e.add_name(strip_and(alias), NameKind::Alias);
    }
    for c in r.citizenships.iter().chain(&r.nationalities) {
        ListEntry::push_unique(&mut e.countries, c.as_str());
    }
    for (address, country) in r.addresses {
        // An "address" that is only a country ("IL") says nothing the countries do not.
        if country.as_deref() != Some(address.as_str()) {
            ListEntry::push_unique(&mut e.addresses, address);
        }
        if let Some(c) = country {
            ListEntry::push_unique(&mut e.countries, c);
        }
    }
    for d in &r.dates_of_birth {
        ListEntry::push_unique(&mut e.birth_dates, birth_date(d));
    }
    for p in r.programs {
        ListEntry::push_unique(&mut e.programs, p);
    }

    let mut remarks: Vec<String> = Vec::new();
    remarks.extend(non_empty(r.remarks));
    remarks.extend(successor.map(str::to_string));
    for (kind, value) in r.ids {
        if is_feature(&kind) {
            remarks.push(feature_text(&kind, &value));
        } else {
            push_identifier(&mut e.identifiers, identifier(kind, value));
        }
    }
    if !r.call_sign.is_empty() {
        push_identifier(
            &mut e.identifiers,
            identifier("Call Sign".into(), r.call_sign),
        );
    }
    let labelled = [
        ("title", r.title),
        ("vessel type", r.vessel_type),
        ("vessel flag", r.vessel_flag),
        ("vessel owner", r.vessel_owner),
        ("gross tonnage", r.gross_tonnage),
        ("gross registered tonnage", r.gross_registered_tonnage),
        ("license requirement", r.license_requirement),
        ("license policy", r.license_policy),
        ("Federal Register notice", r.federal_register_notice),
        ("end date", r.end_date),
    ];
    let births = r.places_of_birth.into_iter().map(|p| ("place of birth", p));
    for (label, value) in births.chain(labelled) {
        if !value.trim().is_empty() {
            remarks.push(format!("{label}: {}", value.trim()));
        }
    }
    e.remarks = non_empty(remarks.join("; "));
    e.sub_list = non_empty(r.source);
    e.listed_on = non_empty(r.start_date);
    e.url = non_empty(r.source_list_url).or_else(|| non_empty(r.source_information_url));
    Ok(e)
}

/// OFAC features that the `ids` cell carries but that identify nothing.
fn is_feature(kind: &str) -> bool {
    let kind = kind.trim();
    let lower = kind.to_lowercase();
    kind.is_empty()
        || kind.ends_with(':')
        || kind.ends_with('-')
        || lower == "gender"
        || lower.contains("vessel flag")
        || lower.contains("year of build")
        || lower == "other vessel type"
        || lower == "organization established date"
        || lower == "target type"
}

fn feature_text(kind: &str, value: &str) -> String {
    let kind = kind.trim();
    if kind.is_empty() {
        value.to_string()
    } else if kind.ends_with(':') || kind.ends_with('-') {
        format!("{kind} {value}")
    } else {
        format!("{kind}: {value}")
    }
}

/// "IMO 9116412" under any label is kind `IMO`, value `9116412`.
fn identifier(kind: String, value: String) -> Identifier {
    match value.trim().strip_prefix("IMO ") {
        Some(number) if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            Identifier {
                kind: "IMO".to_string(),
                value: number.to_string(),
            }
        }
        _ => Identifier { kind, value },
    }
}

/// Drops the "and " the Entity List writes before the last of several names or
/// addresses ("A; B; and C").
fn strip_and(s: &str) -> &str {
    s.trim().strip_prefix("and ").map_or(s.trim(), str::trim)
}

/// The country an address ends with: an ISO alpha-2 code in capitals, or an English
/// country name. A US address ending with its state code ("..., TX") would not be
/// read as a country, since the CSL writes the ZIP code after it.
fn address_country(address: &str) -> Option<String> {
    let last = address.rsplit(',').next()?.trim();
    let is_code = last.len() == 2
        && last.bytes().all(|b| b.is_ascii_uppercase())
        && ISO_CODES.split(' ').any(|c| c == last);
    let lower = || last.chars().flat_map(char::to_lowercase);
    let is_name = || {
        COUNTRY_NAMES
            .split('|')
            .any(|n| n.chars().flat_map(char::to_lowercase).eq(lower()))
    };
    (is_code || is_name()).then(|| last.to_string())
}

/// A date of birth in ISO form where the CSL's forms allow: `1960`, `1960-01-12` as
/// given; `12 Jan 1960` and `Jan 1960` rewritten; anything else ("circa 1960", "1958 to
/// 1960") as written.
fn birth_date(s: &str) -> String {
    let s = s.trim();
    let year =
        |y: &str| (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| y.to_string());
    let month = |m: &str| {
        let m = m.get(..3)?.to_ascii_lowercase();
        let at = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .position(|x| *x == m)?;
        Some(at + 1)
    };
    let day = |d: &str| d.parse::<u8>().ok().filter(|d| (1..=31).contains(d));
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.as_slice() {
        [d, m, y] => match (day(d), month(m), year(y)) {
            (Some(d), Some(m), Some(y)) => format!("{y}-{m:02}-{d:02}"),
            _ => s.to_string(),
        },
        [m, y] => match (month(m), year(y)) {
            (Some(m), Some(y)) => format!("{y}-{m:02}"),
            _ => s.to_string(),
        },
        _ => s.to_string(),
    }
}

/// ISO 3166-1 alpha-2 codes (Debian iso-codes), plus XK, which OFAC uses for Kosovo.
const ISO_CODES: &str = "\
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN \
    BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL \
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM \
    JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME \
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP \
    NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD \
    SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO \
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// English country names an address may end with: the ISO 3166-1 names and common names
/// without commas (Debian iso-codes), and usual short forms ("Russia", "Burma", "UK").
const COUNTRY_NAMES: &str = "\
    Afghanistan|Albania|Algeria|American Samoa|Andorra|Angola|Anguilla|Antarctica|\
    Antigua and Barbuda|Argentina|Armenia|Aruba|Australia|Austria|Azerbaijan|\
    Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bermuda|Bhutan|\
    Bolivia|Bosnia and Herzegovina|Botswana|Bouvet Island|Brazil|\
    British Indian Ocean Territory|Brunei|Brunei Darussalam|Bulgaria|Burkina Faso|\
    Burma|Burundi|Cabo Verde|Cambodia|Cameroon|Canada|Cape Verde|Cayman Islands|\
    Central African Republic|Chad|Chile|China|Christmas Island|Colombia|Comoros|\
    Congo|Cook Islands|Costa Rica|Croatia|Cuba|Curaçao|Cyprus|Czech Republic|\
    Czechia|Côte d'Ivoire|Democratic Republic of the Congo|Denmark|Djibouti|\
    Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|\
    Estonia|Eswatini|Ethiopia|Faroe Islands|Fiji|Finland|France|French Guiana|\
    French Polynesia|French Southern Territories|Gabon|Gambia|Georgia|Germany|Ghana|\
    Gibraltar|Great Britain|Greece|Greenland|Grenada|Guadeloupe|Guam|Guatemala|\
    Guernsey|Guinea|Guinea-Bissau|Guyana|Haiti|Heard Island and McDonald Islands|\
    Holy See|Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|\
    Isle of Man|Israel|Italy|Ivory Coast|Jamaica|Japan|Jersey|Jordan|Kazakhstan|\
    Kenya|Kiribati|Korea|Kosovo|Kuwait|Kyrgyzstan|Lao People's Democratic Republic|\
    Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|\
    Macao|Macau|Macedonia|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|\
    Marshall Islands|Martinique|Mauritania|Mauritius|Mayotte|Mexico|Micronesia|\
    Moldova|Monaco|Mongolia|Montenegro|Montserrat|Morocco|Mozambique|Myanmar|\
    Namibia|Nauru|Nepal|Netherlands|New Caledonia|New Zealand|Nicaragua|Niger|\
    Nigeria|Niue|Norfolk Island|North Korea|North Macedonia|\
    Northern Mariana Islands|Norway|Oman|Pakistan|Palau|Palestine|Panama|\
    Papua New Guinea|Paraguay|Peru|Philippines|Pitcairn|Poland|Portugal|Puerto Rico|\
    Qatar|Republic of Korea|Romania|Russia|Russian Federation|Rwanda|Réunion|\
    Saint Barthélemy|Saint Kitts and Nevis|Saint Lucia|Saint Pierre and Miquelon|\
    Saint Vincent and the Grenadines|Samoa|San Marino|Sao Tome and Principe|\
    Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|\
    Solomon Islands|Somalia|South Africa|\
    South Georgia and the South Sandwich Islands|South Korea|South Sudan|Spain|\
    Sri Lanka|Sudan|Suriname|Svalbard and Jan Mayen|Swaziland|Sweden|Switzerland|\
    Syria|Syrian Arab Republic|Taiwan|Tajikistan|Tanzania|Thailand|The Bahamas|\
    The Gambia|The Netherlands|Timor-Leste|Togo|Tokelau|Tonga|Trinidad and Tobago|\
    Tunisia|Turkey|Turkmenistan|Turks and Caicos Islands|Tuvalu|Türkiye|UAE|Uganda|\
    UK|Ukraine|United Arab Emirates|United Kingdom|United States|\
    United States Minor Outlying Islands|United States of America|Uruguay|USA|\
    Uzbekistan|Vanuatu|Vatican|Venezuela|Viet Nam|Vietnam|Wallis and Futuna|\
    Western Sahara|Yemen|Zambia|Zimbabwe|Åland Islands";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The shared real-data folder (`FAIRWATCH_SHARED` overrides it).
    fn shared() -> PathBuf {
        std::env::var_os("FAIRWATCH_SHARED").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists"),
            PathBuf::from,
        )
    }

    fn sample(name: &str) -> PathBuf {
        shared().join("csl-samples").join(name)
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lists")
            .join(name)
    }

    fn find<'a>(list: &'a ParsedList, name: &str) -> &'a ListEntry {
        match list.entries.iter().find(|e| e.names[0].text == name) {
            Some(e) => e,
            None => panic!("no entry {name:?}"),
        }
    }

    fn names(e: &ListEntry, kind: NameKind) -> Vec<&str> {
        let of_kind = e.names.iter().filter(|n| n.kind == kind);
        of_kind.map(|n| n.text.as_str()).collect()
    }

    fn id(kind: &str, value: &str) -> Identifier {
        Identifier {
            kind: kind.to_string(),
            value: value.to_string(),
        }
    }

    fn remarks(e: &ListEntry) -> &str {
        e.remarks.as_deref().unwrap_or("")
    }

    #[test]
    fn layout_2019() -> Result<(), SourceError> {
        let list = parse(&sample("csl-2019-format.csv"))?;
        assert_eq!(list.format, ListFormat::CslCsv);
        // 115 rows: Gunther Migeotte's five rows (Entity List) and Al Naser Wings
        // Airlines' two (Denied Persons) are one entry each.
        assert_eq!(list.entries.len(), 110);
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);

        let tir = find(&list, "7TH OF TIR");
        assert_eq!(tir.id, "10863");
        assert_eq!(tir.kind, EntityKind::Organisation);
        assert_eq!(tir.names.len(), 8);
        assert_eq!(tir.names[1].text, "7TH OF TIR INDUSTRIAL COMPLEX");
        assert_eq!(names(tir, NameKind::Alias).len(), 7);
        assert_eq!(tir.programs, ["IFSR", "NPWMD"]);
        assert_eq!(
            tir.addresses,
            [
                "Mobarakeh Road Km 45, Isfahan, IR",
                "P.O. Box 81465-478, Isfahan, IR"
            ]
        );
        assert_eq!(tir.countries, ["IR"]);
        assert!(tir.identifiers.is_empty());
        assert_eq!(
            tir.remarks.as_deref(),
            Some("Additional Sanctions Information - Subject to Secondary Sanctions")
        );
        assert_eq!(
            tir.sub_list.as_deref(),
            Some("Specially Designated Nationals (SDN) - Treasury Department")
        );
        assert_eq!(tir.url.as_deref(), Some("http://bit.ly/1I7ipyR"));
        assert_eq!(tir.listed_on, None);

        // Kind last, country first: "US, 80-0890696, Tax ID No.".
        let psa = find(&list, "200G PSA HOLDINGS LLC");
        assert_eq!(psa.identifiers, [id("Tax ID No.", "80-0890696")]);
        assert_eq!(psa.countries, ["US"]);

        let akbari = find(&list, "AKBARI, Mohammadreza Ali");
        assert_eq!(akbari.kind, EntityKind::Person);
        assert_eq!(akbari.birth_dates, ["1967-10-31"]);
        assert_eq!(akbari.identifiers, [id("Passport", "21795618")]);

        let tanker = find(&list, "ADRIAN DARYA 1");
        assert_eq!(tanker.kind, EntityKind::Vessel);
        assert_eq!(tanker.identifiers, [id("IMO", "9116412")]);
        assert_eq!(names(tanker, NameKind::Alias), ["GRACE 1"]);
        assert!(
            tanker.countries.is_empty(),
            "the flag is not a country of the entry"
        );
        assert!(remarks(tanker).contains("Former Vessel Flag: Panama"));
        assert!(remarks(tanker).contains("vessel flag: Iran"));
        assert!(remarks(tanker).contains("vessel type: Crude Oil Tanker"));

        // An address without a country ("..., AZ, 85043") gives none; names are trimmed.
        let denied = find(&list, "ADRIAN MANUEL HERNANDEZ");
        assert!(denied.countries.is_empty());
        assert_eq!(denied.kind, EntityKind::Unknown);
        assert!(denied.id.starts_with("csl-"));
        assert_eq!(denied.listed_on.as_deref(), Some("2017-10-16"));
        assert!(remarks(denied).contains("end date: 2020-10-13"));

        let migeotte = find(&list, "Gunther Migeotte");
        assert_eq!(migeotte.addresses.len(), 8);
        assert_eq!(migeotte.countries, ["ZA", "NO"]);
        assert_eq!(migeotte.listed_on.as_deref(), Some("2010-06-28"));

        let minister = find(&list, "AHED AL-ZOUBI, Omran");
        assert!(remarks(minister).contains("title: Minister of Information"));
        assert!(remarks(minister).contains("place of birth: Damascus, Syria"));
        Ok(())
    }

    #[test]
    fn layout_2023() -> Result<(), SourceError> {
        let list = parse(&sample("csl-2023-format.csv"))?;
        assert_eq!(list.entries.len(), 13);
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);

        let sino = &list.entries[0];
        assert_eq!(
            sino.id,
            "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"
        );
        assert_eq!(sino.names.len(), 1);
        assert_eq!(sino.names[0].text, "Sinobright Import and Export Company");
        assert_eq!(sino.kind, EntityKind::Unknown);
        assert_eq!(sino.programs, ["INKSNA"]);
        assert_eq!(sino.listed_on.as_deref(), Some("2023-07-19"));
        assert_eq!(
            sino.sub_list.as_deref(),
            Some("Nonproliferation Sanctions (ISN) - State Department")
        );
        assert!(remarks(sino).starts_with("and any successor, sub-unit, or subsidiary thereof"));

        // Kind first: "Passport, 836238033, KP"; features to remarks.
        let rim = find(&list, "RIM, Ryong Nam");
        assert_eq!(rim.id, "52291");
        assert_eq!(rim.kind, EntityKind::Person);
        assert_eq!(rim.identifiers, [id("Passport", "836238033")]);
        assert_eq!(rim.countries, ["KP", "CN"]);
        assert_eq!(rim.birth_dates, ["1978-12-05"]);
        assert!(remarks(rim).contains("Gender: Male"));
        assert!(remarks(rim).contains(
            "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 \
             and 510.210"
        ));

        let rosneft = find(&list, "ROSNEFT TRADE LIMITED");
        assert_eq!(
            rosneft.identifiers,
            [
                id("Registration ID", "C122790"),
                id("Email Address", "hrm@rosneft-sh.com.cy")
            ]
        );
        assert_eq!(rosneft.countries, ["CY"]);

        // "A; and B" addresses and aliases; a country name ends an address.
        let cetc = find(
            &list,
            "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)",
        );
        assert_eq!(cetc.addresses.len(), 3);
        assert!(cetc.addresses[1].starts_with("21 Changsheng Street"));
        assert_eq!(cetc.countries, ["China", "CN"]);
        assert!(names(cetc, NameKind::Alias).contains(&"CETC Research Institute 13"));

        // The same SDN entry has the same id in both layouts.
        let abu = find(&list, "Mohammed ABU JHEISHEH");
        assert_eq!(abu.id, "9673");
        let old = parse(&sample("csl-2019-format.csv"))?;
        assert_eq!(find(&old, "ABU JHEISHEH, Mohammed").id, "9673");
        Ok(())
    }

    #[test]
    fn spyware_compilation() -> Result<(), SourceError> {
        let list = parse(&sample("entity-list-spyware-compiled.csv"))?;
        assert_eq!(list.entries.len(), 8);
        assert!(list.skipped.is_empty());
        let candiru = find(&list, "Candiru");
        assert_eq!(candiru.id, "fw-el-0002");
        assert_eq!(candiru.kind, EntityKind::Unknown);
        assert_eq!(names(candiru, NameKind::Alias), ["Saito Tech Ltd."]);
        assert_eq!(
            candiru.sub_list.as_deref(),
            Some("Entity List (EL) - Bureau of Industry and Security")
        );
        assert_eq!(candiru.countries, ["IL"]);
        assert!(
            candiru.addresses.is_empty(),
            "\"IL\" is a country, not an address"
        );
        assert_eq!(candiru.listed_on.as_deref(), Some("2021-11-04"));
        assert_eq!(
            candiru.remarks.as_deref(),
            Some(
                "license requirement: For all items subject to the EAR; license policy: \
                 Presumption of denial"
            )
        );
        assert_eq!(candiru.url, None);
        let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"fw-el-0001"));
        assert_eq!(ids.last(), Some(&"fw-el-0008"));
        Ok(())
    }

    #[test]
    fn json_fixture() -> Result<(), SourceError> {
        let list = parse(&fixture("csl-sample.json"))?;
        assert_eq!(list.format, ListFormat::CslJson);
        assert_eq!(list.entries.len(), 7);
        assert!(list.skipped.is_empty(), "{:?}", list.skipped);

        let candiru = find(&list, "Candiru");
        assert_eq!(candiru.id, "fw-el-0002");
        assert_eq!(names(candiru, NameKind::Alias), ["Saito Tech Ltd."]);
        assert_eq!(candiru.countries, ["IL"]);

        let sino = &list.entries[2];
        assert_eq!(sino.names[0].text, "Sinobright Import and Export Company");

        // entity_number written as a JSON number; address and id objects.
        let rim = find(&list, "RIM, Ryong Nam");
        assert_eq!(rim.id, "52291");
        assert_eq!(rim.addresses, ["Shenyang, CN", "Pyongyang, KP"]);
        assert_eq!(rim.countries, ["KP", "CN"]);
        assert_eq!(rim.identifiers, [id("Passport", "836238033")]);
        assert!(remarks(rim).contains("Gender: Male"));

        let rosneft = find(&list, "ROSNEFT TRADE LIMITED");
        assert_eq!(
            rosneft.addresses,
            ["Elenion Building 5 Themistokli Dervi, 2nd floor, Lefkosia, Nicosia, 1066, CY"]
        );
        assert!(remarks(rosneft)
            .contains("Executive Order 13662 Directive Determination - Subject to Directive 4"));

        let tanker = find(&list, "ADRIAN DARYA 1");
        assert_eq!(tanker.kind, EntityKind::Vessel);
        assert_eq!(tanker.identifiers, [id("IMO", "9116412")]);

        // The same entries as a bare array, through parse_bytes' sniffing.
        let text = std::fs::read_to_string(fixture("csl-sample.json"))
            .map_err(|e| SourceError::io("csl-sample.json", e))?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| SourceError::invalid("csl-sample.json", Place::File, e.to_string(), ""))?;
        let bare = value
            .get("results")
            .map(Value::to_string)
            .unwrap_or_default();
        let again = parse_bytes(bare.as_bytes(), "bare.json")?;
        assert_eq!(again.entries, list.entries);
        Ok(())
    }

    #[test]
    fn json_errors_and_skips() {
        let bad = parse_json_bytes(
            b"{\"results\": [\n{\"name\": \"A\"},\n{\"name\": }\n]}",
            "x.json",
        );
        match bad {
            Err(SourceError::Invalid { file, place, .. }) => {
                assert_eq!(file, "x.json");
                assert_eq!(place, Place::Line(3, None));
            }
            other => panic!("{other:?}"),
        }
        let shape = parse_json_bytes(b"{\"total\": 0}", "x.json");
        assert!(matches!(
            shape,
            Err(SourceError::Invalid {
                place: Place::JsonPath(_),
                ..
            })
        ));
        let not_object = parse_json_bytes(b"[{\"name\": \"A\"}, 3]", "x.json");
        assert!(matches!(
            not_object,
            Err(SourceError::Invalid { place: Place::JsonPath(p), .. }) if p == "[1]"
        ));
        let skipped = parse_json_bytes(b"[{\"name\": null, \"source\": \"X\"}]", "x.json");
        assert_eq!(
            skipped.map(|l| l.skipped).ok(),
            Some(vec!["x.json [0]: no name".to_string()])
        );
    }

    #[test]
    fn csv_errors_and_skips() -> Result<(), SourceError> {
        let missing = parse_bytes(b"_id,source,entity_number,title\n1,EL,,x\n", "c.csv");
        match missing {
            Err(SourceError::Invalid {
                file,
                place,
                message,
                hint,
            }) => {
                assert_eq!(file, "c.csv");
                assert_eq!(place, Place::Line(1, None));
                assert!(message.contains("`name`"), "{message}");
                assert!(hint.contains("source_list_url"), "{hint}");
            }
            other => panic!("{other:?}"),
        }
        let csv = "source,name,addresses\nEL,,CN\nEL,Acme,\"Road 1, Beijing, CN\",extra\n\
                   EL,Beta Corp,\"Road 2, Tehran, Iran\"\n";
        let list = parse_bytes(csv.as_bytes(), "c.csv")?;
        assert_eq!(list.entries.len(), 1);
        assert_eq!(list.entries[0].countries, ["Iran"]);
        assert_eq!(list.skipped.len(), 2);
        assert!(list.skipped[0].starts_with("c.csv line 2: no name"));
        assert!(list.skipped[1].starts_with("c.csv line 3: 4 cells"));
        Ok(())
    }

    #[test]
    fn garbage_never_panics() {
        let e = parse_bytes(b"\x00\x9f\x92garbage\xff\xfe", "g.csv");
        assert!(matches!(e, Err(SourceError::Invalid { .. })));
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let table = b"{}[]\":,;\n\r source,name,ids _id\xe2\x80\x99\xff0";
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len % 97)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    table[(seed % table.len() as u64) as usize]
                })
                .collect();
            let _ = parse_bytes(&bytes, "fuzz");
            let _ = parse_json_bytes(&bytes, "fuzz");
            let mut with_header = b"source,name,ids,addresses,dates_of_birth\n".to_vec();
            with_header.extend_from_slice(&bytes);
            let _ = parse_bytes(&with_header, "fuzz");
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(birth_date("12 Jan 1960"), "1960-01-12");
        assert_eq!(birth_date("Jan 1960"), "1960-01");
        assert_eq!(birth_date("1960"), "1960");
        assert_eq!(birth_date("circa 1960"), "circa 1960");
        assert_eq!(birth_date("12 Ñé 1960"), "12 Ñé 1960");
        assert_eq!(
            address_country("Rue du Canada 3, Paris, FR").as_deref(),
            Some("FR")
        );
        assert_eq!(address_country("1 Main St, Dallas, TX, 75081"), None);
        assert_eq!(address_country("1 Main St, Dallas, TX"), None);
        assert_eq!(
            address_country("Yerevan, Armenia").as_deref(),
            Some("Armenia")
        );
        assert_eq!(
            split_id("CO, 811038291-3, NIT #", IdsOrder::KindLast),
            Some(("NIT #".into(), "811038291-3".into()))
        );
        assert_eq!(
            split_id("V.A.T. Number, CHE-267.936.404, CH", IdsOrder::KindFirst),
            Some(("V.A.T. Number".into(), "CHE-267.936.404".into()))
        );
    }
}
