//! OpenSanctions data as FollowTheMoney (FtM) entities in JSON lines
//! ([`ListFormat::FtmJson`]): one entity per line,
//!
//! ```text
//! {"id": "...", "schema": "Company", "caption": "...",
//!  "properties": {"name": [...], "alias": [...], "country": ["ru"], ...},
//!  "datasets": ["us_ofac_sdn"], "first_seen": "...", ...}
//! ```
//!
//! Every property is a list of strings. OpenSanctions' "nested" export puts related
//! entities (sanctions, addresses) as objects inside properties; those are ignored, so
//! both the flat and the nested exports read.
//!
//! Choices:
//!
//! * **Which entities**: those that can be listed: `Person`; `Company`, `Organization`
//!   and `PublicBody` (organisations); `LegalEntity` (FtM's "person or company", so
//!   [`EntityKind::Unknown`]); `Vessel`; `Airplane`. Other schemata (`Sanction`,
//!   `Address`, `Ownership`, `Identification`, ...) describe those entities and are
//!   skipped silently, counted in one line of [`ParsedList::skipped`].
//! * **Names**: the primary is `caption` (OpenSanctions' chosen display name) when
//!   present, else the first `name`; other `name`s, `alias` and `abbreviation` are
//!   aliases, `weakAlias` weak, `previousName` former. A person without `name` gets one
//!   from `firstName`, `secondName`, `middleName`, `fatherName` and `lastName`.
//! * **Countries**: `country`, `nationality`, `citizenship`, `jurisdiction`,
//!   `mainCountry`. FtM writes ISO codes in lowercase ("ru"); two-letter codes are
//!   uppercased, because downstream reads bare codes only in capitals ("no" is a
//!   word, "NO" Norway). Other values (FtM's "suhh", "ge-ab") are kept as written.
//! * **Identifiers**, labelled: `registrationNumber` Registration Number, `taxNumber`
//!   Tax Number, `innCode` INN, `ogrnCode` OGRN, `leiCode` LEI, `vatCode` VAT,
//!   `swiftBic` SWIFT/BIC, `imoNumber` IMO, `mmsi` MMSI, `callSign` Call Sign,
//!   `passportNumber` Passport, `idNumber` ID Number, `website` Website, `email` Email
//!   Address (the CSL's labels where it has one).
//! * `birthDate` as given (already ISO, possibly partial); `address`; `program` and
//!   `programId` as programmes; `notes` and a person's `position` as remarks;
//!   `sourceUrl` as the URL; `createdAt` (else the entity's `first_seen`) as the listing
//!   date; the entity's `datasets`, comma-joined, as the sub-list (OpenSanctions, like the
//!   CSL, aggregates lists).
//!
//! A line that is not JSON, or not a JSON object, is an error naming the line: the file
//! is damaged and a partial list would screen against less than the user thinks. An
//! entity without an id, a schema or a name is skipped and reported.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde_json::{Map, Value};

use super::model::{EntityKind, Identifier, ListEntry, ListFormat, NameKind, ParsedList};
use super::plain::{non_empty, push_identifier};
use crate::error::{Place, SourceError};

/// FtM properties that are identifiers, and their labels.
const IDENTIFIERS: [(&str, &str); 14] = [
    ("registrationNumber", "Registration Number"),
    ("taxNumber", "Tax Number"),
    ("innCode", "INN"),
    ("ogrnCode", "OGRN"),
    ("leiCode", "LEI"),
    ("vatCode", "VAT"),
    ("swiftBic", "SWIFT/BIC"),
    ("imoNumber", "IMO"),
    ("mmsi", "MMSI"),
    ("callSign", "Call Sign"),
    ("passportNumber", "Passport"),
    ("idNumber", "ID Number"),
    ("website", "Website"),
    ("email", "Email Address"),
];

/// Reads and parses an FtM JSON-lines file, a line at a time (OpenSanctions' full
/// export is gigabytes; only the kept entries are held).
pub fn parse(path: &Path) -> Result<ParsedList, SourceError> {
    let file = path.display().to_string();
    let handle = std::fs::File::open(path).map_err(|e| SourceError::io(&file, e))?;
    let mut reader = std::io::BufReader::new(handle);
    let mut parser = Parser::new(&file);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| SourceError::io(&file, e))?;
        if read == 0 {
            break;
        }
        parser.line(&buf)?;
    }
    Ok(parser.finish())
}

/// Parses FtM JSON lines held in memory; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let mut parser = Parser::new(file);
    for line in bytes.split(|&b| b == b'\n') {
        parser.line(line)?;
    }
    Ok(parser.finish())
}

struct Parser<'a> {
    file: &'a str,
    /// The number of the line being read, 1-based.
    line: u64,
    entries: Vec<ListEntry>,
    skipped: Vec<String>,
    /// Entities of other schemata, by schema.
    others: BTreeMap<String, usize>,
}

impl<'a> Parser<'a> {
    fn new(file: &'a str) -> Self {
        Parser {
            file,
            line: 0,
            entries: Vec::new(),
            skipped: Vec::new(),
            others: BTreeMap::new(),
        }
    }

    fn invalid(&self, message: String) -> SourceError {
        SourceError::invalid(
            self.file,
            Place::Line(self.line, None),
            message,
            "each line must be one FollowTheMoney entity as a JSON object; the file may be \
             truncated or damaged: download it again",
        )
    }

    fn line(&mut self, bytes: &[u8]) -> Result<(), SourceError> {
        self.line += 1;
        let bytes = match self.line {
            1 => bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes),
            _ => bytes,
        };
        let bytes = bytes.trim_ascii();
        if bytes.is_empty() {
            return Ok(());
        }
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| self.invalid(format!("not valid JSON: {e}")))?;
        let Value::Object(entity) = value else {
            return Err(self.invalid("not a JSON object".to_string()));
        };
        let Some(schema) = entity.get("schema").and_then(Value::as_str) else {
            self.skip("no schema");
            return Ok(());
        };
        let kind = match schema {
            "Person" => EntityKind::Person,
            "Company" | "Organization" | "PublicBody" => EntityKind::Organisation,
            "LegalEntity" => EntityKind::Unknown,
            "Vessel" => EntityKind::Vessel,
            "Airplane" => EntityKind::Aircraft,
            other => {
                *self.others.entry(other.to_string()).or_default() += 1;
                return Ok(());
            }
        };
        let id = entity.get("id").and_then(Value::as_str).map(str::trim);
        let Some(id) = id.filter(|id| !id.is_empty()) else {
            self.skip("no id");
            return Ok(());
        };
        match entry(id, kind, &entity) {
            Some(e) => self.entries.push(e),
            None => self.skip(&format!("{schema} {id} has no name")),
        }
        Ok(())
    }

    fn skip(&mut self, why: &str) {
        self.skipped
            .push(format!("{} line {}: {why}", self.file, self.line));
    }

    fn finish(mut self) -> ParsedList {
        let count: usize = self.others.values().sum();
        if count > 0 {
            let by_schema: Vec<String> = self
                .others
                .iter()
                .map(|(schema, n)| format!("{schema} {n}"))
                .collect();
            let noun = if count == 1 { "entity" } else { "entities" };
            self.skipped.push(format!(
                "{}: {count} {noun} of other schemata skipped ({})",
                self.file,
                by_schema.join(", ")
            ));
        }
        ParsedList {
            omitted: Default::default(),
            format: ListFormat::FtmJson,
            entries: self.entries,
            skipped: self.skipped,
        }
    }
}

/// A property's string values (numbers as text; nested entities ignored).
fn prop(props: Option<&Map<String, Value>>, key: &str) -> Vec<String> {
    let scalar = |v: &Value| match v {
        Value::String(s) => non_empty(s.as_str()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match props.and_then(|p| p.get(key)) {
        Some(Value::Array(values)) => values.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).into_iter().collect(),
        None => Vec::new(),
    }
}

fn entry(id: &str, kind: EntityKind, entity: &Map<String, Value>) -> Option<ListEntry> {
    let props = entity.get("properties").and_then(Value::as_object);
    let p = |key: &str| prop(props, key);
    let names = p("name");
    let composed = || {
        let parts: Vec<String> = [
            "firstName",
            "secondName",
            "middleName",
            "fatherName",
            "lastName",
        ]
        .iter()
        .flat_map(|k| p(k).into_iter().take(1))
        .collect();
        non_empty(parts.join(" "))
    };
    let caption = entity.get("caption").and_then(Value::as_str);
    let primary = caption
        .and_then(non_empty)
        .or_else(|| names.first().cloned())
        .or_else(|| (kind == EntityKind::Person).then(composed).flatten())?;

    let mut e = ListEntry::new(id, kind, primary);
    for (key, name_kind) in [
        ("name", NameKind::Alias),
        ("alias", NameKind::Alias),
        ("abbreviation", NameKind::Alias),
        ("weakAlias", NameKind::Weak),
        ("previousName", NameKind::Former),
    ] {
        for name in p(key) {
            e.add_name(name, name_kind);
        }
    }
    for key in [
        "country",
        "nationality",
        "citizenship",
        "jurisdiction",
        "mainCountry",
    ] {
        for c in p(key) {
            let c = if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) {
                c.to_ascii_uppercase()
            } else {
                c
            };
            ListEntry::push_unique(&mut e.countries, c);
        }
    }
    for d in p("birthDate") {
        ListEntry::push_unique(&mut e.birth_dates, d);
    }
    for a in p("address") {
        ListEntry::push_unique(&mut e.addresses, a);
    }
    for (key, label) in IDENTIFIERS {
        for value in p(key) {
            let kind = label.to_string();
            push_identifier(&mut e.identifiers, Identifier { kind, value });
        }
    }
    for program in p("program").into_iter().chain(p("programId")) {
        ListEntry::push_unique(&mut e.programs, program);
    }
    let mut remarks = p("notes");
    remarks.extend(p("position").into_iter().map(|x| format!("position: {x}")));
    e.remarks = non_empty(remarks.join("; "));
    e.url = p("sourceUrl").into_iter().next();
    e.listed_on = p("createdAt").into_iter().next().or_else(|| {
        entity
            .get("first_seen")
            .and_then(Value::as_str)
            .and_then(non_empty)
    });
    let datasets: Vec<&str> = entity
        .get("datasets")
        .and_then(Value::as_array)
        .map(|d| d.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    e.sub_list = non_empty(datasets.join(", "));
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lists")
            .join(name)
    }

    fn find<'a>(list: &'a ParsedList, id: &str) -> &'a ListEntry {
        match list.entries.iter().find(|e| e.id == id) {
            Some(e) => e,
            None => panic!("no entry {id:?}"),
        }
    }

    fn names(e: &ListEntry) -> Vec<(&str, NameKind)> {
        e.names.iter().map(|n| (n.text.as_str(), n.kind)).collect()
    }

    #[test]
    fn fixture_parses() -> Result<(), SourceError> {
        let path = fixture("opensanctions-sample.jsonl");
        let list = parse(&path)?;
        assert_eq!(list.format, ListFormat::FtmJson);
        assert_eq!(list.entries.len(), 7);
        let file = path.display().to_string();
        assert_eq!(
            list.skipped,
            [format!(
                "{file}: 2 entities of other schemata skipped (Address 1, Sanction 1)"
            )]
        );

        let rosoboronexport = find(&list, "fixture-rosoboronexport");
        assert_eq!(rosoboronexport.kind, EntityKind::Organisation);
        assert_eq!(
            names(rosoboronexport),
            [
                ("Rosoboronexport", NameKind::Primary),
                ("Joint Stock Company Rosoboronexport", NameKind::Alias),
                ("Рособоронэкспорт", NameKind::Alias),
                ("АО Рособоронэкспорт", NameKind::Alias),
            ]
        );
        assert_eq!(rosoboronexport.countries, ["RU"]);
        assert_eq!(rosoboronexport.sub_list.as_deref(), Some("us_ofac_sdn"));

        let nso = find(&list, "fixture-nso-group");
        assert_eq!(
            names(nso)[1..],
            [("NSO Group", NameKind::Alias), ("NSO", NameKind::Weak)]
        );
        assert_eq!(nso.countries, ["IL"]);
        assert_eq!(nso.listed_on.as_deref(), Some("2021-11-04"));
        assert_eq!(
            nso.url.as_deref(),
            Some("https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list")
        );

        let prigozhin = find(&list, "fixture-prigozhin");
        assert_eq!(prigozhin.kind, EntityKind::Person);
        assert_eq!(prigozhin.birth_dates, ["1961-06-01"]);
        assert_eq!(prigozhin.countries, ["RU"]);
        assert!(names(prigozhin).contains(&("Евгений Викторович Пригожин", NameKind::Alias)));

        // No name property: composed from the name parts.
        let examplov = find(&list, "fixture-examplov");
        assert_eq!(examplov.names[0].text, "Pavel Petrovich Examplov");
        assert_eq!(examplov.birth_dates, ["1970"]);
        assert_eq!(
            examplov.identifiers,
            [Identifier {
                kind: "Passport".into(),
                value: "AB0000001".into()
            }]
        );
        assert_eq!(
            examplov.remarks.as_deref(),
            Some("Invented sample entry; position: Director, Example Trading LLC")
        );
        assert_eq!(examplov.listed_on.as_deref(), Some("2024-02-01T00:00:00"));

        let ship = find(&list, "fixture-example-star");
        assert_eq!(ship.kind, EntityKind::Vessel);
        assert_eq!(ship.identifiers[0].kind, "IMO");
        assert!(
            ship.countries.is_empty(),
            "the flag is not a country of the entry"
        );

        let holding = find(&list, "fixture-example-holdings");
        assert_eq!(holding.kind, EntityKind::Unknown);
        assert_eq!(holding.countries, ["CY"]);
        assert_eq!(
            names(holding)[1],
            ("Example Trading Holdings", NameKind::Former)
        );
        assert_eq!(holding.identifiers[0].kind, "Registration Number");

        let komid = find(&list, "fixture-komid");
        assert_eq!(komid.programs, ["DPRK"]);

        // parse and parse_bytes agree.
        let bytes = std::fs::read(&path).map_err(|e| SourceError::io(&file, e))?;
        assert_eq!(parse_bytes(&bytes, &file)?, list);
        Ok(())
    }

    #[test]
    fn bad_json_names_the_line() {
        let text =
            "{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"A\"]}}\n\
                    \n\
                    {\"id\": \"b\", \"schema\": \"Company\", \"properties\": {\"name\": [\"B\"]}\n";
        match parse_bytes(text.as_bytes(), "o.jsonl") {
            Err(SourceError::Invalid {
                file,
                place,
                message,
                ..
            }) => {
                assert_eq!(file, "o.jsonl");
                assert_eq!(place, Place::Line(3, None));
                assert!(message.starts_with("not valid JSON"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_bytes(b"[1, 2]\n", "o.jsonl"),
            Err(SourceError::Invalid {
                place: Place::Line(1, None),
                ..
            })
        ));
        assert!(matches!(
            parse_bytes(b"\xff\xfe garbage\n", "o.jsonl"),
            Err(SourceError::Invalid {
                place: Place::Line(1, None),
                ..
            })
        ));
    }

    #[test]
    fn entities_without_id_or_name_are_reported() -> Result<(), SourceError> {
        let text = "\u{feff}{\"schema\": \"Company\", \"properties\": {\"name\": [\"A\"]}}\r\n\
                    {\"id\": \"x\", \"schema\": \"Person\", \"properties\": {}}\r\n\
                    {\"id\": \"y\", \"properties\": {\"name\": [\"Y\"]}}\r\n\
                    {\"id\": \"z\", \"schema\": \"Ownership\"}\r\n";
        let list = parse_bytes(text.as_bytes(), "o.jsonl")?;
        assert!(list.entries.is_empty());
        assert_eq!(
            list.skipped,
            [
                "o.jsonl line 1: no id",
                "o.jsonl line 2: Person x has no name",
                "o.jsonl line 3: no schema",
                "o.jsonl: 1 entity of other schemata skipped (Ownership 1)",
            ]
        );
        Ok(())
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x0bad_5eed_dead_beef_u64;
        let table = b"{}[]\":, \n\"id\"\"schema\"\"Person\"\"properties\"\"name\"\xc3\xff";
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len % 101)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    table[(seed % table.len() as u64) as usize]
                })
                .collect();
            let _ = parse_bytes(&bytes, "fuzz");
        }
    }
}
