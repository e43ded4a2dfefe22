//! The EU consolidated financial sanctions list, XML: the Financial Sanctions Files
//! (FSF) export `xmlFullSanctionsList_1_1`
//! (<https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content>).
//!
//! The layout is `<export xmlns="http://eu.europa.ec/fpi/fsd/export">` holding one
//! `<sanctionEntity euReferenceNumber=".." unitedNationId=".." logicalId="..">` per
//! listed person or organisation. Nearly every fact is an attribute of a child of the
//! entity: `<regulation programme=".." publicationDate="..">` (with a
//! `<publicationUrl>` text child), `<subjectType code="person|enterprise">`,
//! `<nameAlias wholeName=".." firstName=".." middleName=".." lastName=".."
//! strong="true|false">`, `<citizenship countryIso2Code=".." countryDescription="..">`,
//! `<birthdate birthdate=".." year=".." monthOfYear=".." yearRangeFrom=".."
//! yearRangeTo=".." countryIso2Code="..">`, `<identification number=".."
//! identificationTypeCode=".." identificationTypeDescription="..">` and `<address
//! street=".." poBox=".." city=".." zipCode=".." region=".." place=".."
//! countryDescription="..">`; `<remark>` is text. Those children carry
//! `<regulationSummary>` and `<remark>` children of their own, which are about that
//! name or document, not the entity, so only the entity's direct children count.
//!
//! The file is read as a stream of events (quick-xml): memory stays at one entity. The
//! namespace is matched by local name only (the EU has published the same layout with
//! and without a prefix). Unknown elements and attributes are ignored.
//!
//! Mapping to [`ListEntry`]:
//! - `id` = the entity's `logicalId` (`euReferenceNumber` if it has none);
//!   `euReferenceNumber` is kept as an identifier of kind `"EU reference"` and
//!   `unitedNationId` as `"UN reference"` (the same kind the UN parser uses, so the
//!   two lists' records of one designation can be joined).
//! - Names: the first `nameAlias` is primary, the others aliases, `strong="false"`
//!   ones [`NameKind::Weak`]. A name is `wholeName`, or first, middle and last name
//!   joined when `wholeName` is empty.
//! - `kind`: `subjectType` code `person` is a person, `enterprise` an organisation
//!   (classification codes `P` and `E` likewise), anything else unknown.
//! - `programs` = each `regulation@programme`; `listed_on` = the earliest
//!   `regulation@publicationDate` (the entity's `designationDate` if no regulation has
//!   one) and `url` = that regulation's `publicationUrl`.
//! - `countries`: the ISO code of each citizenship, address, birth place and document
//!   (`countryIso2Code`), or its `countryDescription` where the code is missing; the
//!   FSF's placeholder for "not known" (`00` / `UNKNOWN`) is dropped.
//! - `birth_dates`: `birthdate` as `YYYY-MM-DD`, else `year` and `monthOfYear` as
//!   `YYYY-MM` or `YYYY`, else every year of `yearRangeFrom`..`yearRangeTo`.
//! - `identifiers`: each identification's `number` (and `latinNumber` when it
//!   differs), of the kind `identificationTypeDescription` ("National passport"), or
//!   `identificationTypeCode` when there is no description.
//! - `remarks`: the entity's own `<remark>`s, one per line.
//!
//! An entity without an id or without any name is skipped and reported with its line.
//! Text that is not well-formed XML is an error naming the line.

use super::xml::{clean, push_reference, Lines};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::model::{EntityKind, Identifier, ListEntry, ListFormat, NameKind, ParsedList};
use crate::error::{Place, SourceError};

const ROOT: &str = "export";
const ENTITY: &str = "sanctionEntity";
const HINT: &str = "expected the EU consolidated financial sanctions list XML, version 1.1 \
     (https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content)";

/// The widest range of birth years expanded year by year.
const MAX_YEAR_SPAN: u32 = 10;

/// Reads and parses an EU consolidated list file.
pub fn parse(path: &Path) -> Result<ParsedList, SourceError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(&file, e))?;
    parse_bytes(&bytes, &file)
}

/// Parses the EU consolidated list from memory; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<ParsedList, SourceError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = Reader::from_reader(bytes);
    // `<nameAlias .../>` then arrives as a start and an end, exactly like a
    // `<nameAlias ...>` with children, so both shapes take one path.
    reader.config_mut().expand_empty_elements = true;
    let mut lines = Lines::new(bytes);
    let invalid = |line: u64, message: String| {
        SourceError::invalid(file, Place::Line(line, None), message, HINT)
    };

    let mut out = ParsedList {
        omitted: Default::default(),
        format: ListFormat::EuXml,
        entries: Vec::new(),
        skipped: Vec::new(),
    };
    // The open elements, innermost last: the depth says what an element is (1 the
    // root, 2 an entity, 3 a fact about it, 4 a part of that fact).
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut entity: Option<Entity> = None;
    // The attributes of the entity's child being read (depth 3), and the text of its
    // `publicationUrl` child.
    let mut child: Vec<(String, String)> = Vec::new();
    let mut child_url = String::new();

    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.at(reader.error_position());
                return Err(invalid(line, format!("malformed XML: {e}")));
            }
        };
        match event {
            Event::Start(start) => {
                text.clear();
                let name = start.local_name();
                let name = name.as_ref();
                stack.push(name.to_string());
                match stack.len() {
                    1 if name != ROOT => {
                        let line = lines.at(reader.buffer_position());
                        return Err(invalid(
                            line,
                            format!("the root element is <{name}>, not <{ROOT}>"),
                        ));
                    }
                    2 if name == ENTITY => {
                        let line = lines.at(reader.buffer_position());
                        let attrs = attributes(&start)
                            .map_err(|e| invalid(line, format!("malformed attribute: {e}")))?;
                        entity = Some(Entity::new(line, &attrs));
                    }
                    3 if entity.is_some() => {
                        child = attributes(&start).map_err(|e| {
                            invalid(
                                lines.at(reader.buffer_position()),
                                format!("malformed attribute: {e}"),
                            )
                        })?;
                        child_url.clear();
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                let value = std::mem::take(&mut text);
                let name = end.local_name();
                let name = name.as_ref();
                match (stack.len(), entity.as_mut()) {
                    (4, Some(_)) if name == "publicationUrl" => child_url = value,
                    (3, Some(e)) => e.child(name, &child, &value, &child_url),
                    (2, Some(_)) => {
                        if let Some(e) = entity.take() {
                            match e.finish() {
                                Ok(entry) => out.entries.push(entry),
                                Err((line, why)) => {
                                    out.skipped.push(format!("{file} line {line}: {why}"));
                                }
                            }
                        }
                    }
                    (1, _) => break,
                    _ => {}
                }
                stack.pop();
            }
            Event::Text(t) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(t) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) => push_reference(&mut text, &r),
            Event::Eof => {
                let line = lines.at(reader.buffer_position());
                return Err(match stack.last() {
                    Some(open) => invalid(
                        line,
                        format!("the file ends inside <{open}>: it is truncated"),
                    ),
                    None => invalid(
                        line,
                        format!("no <{ROOT}> element: the file is empty or not XML"),
                    ),
                });
            }
            Event::Empty(_)
            | Event::Comment(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::DocType(_) => {}
        }
    }
    Ok(out)
}

/// An element's attributes by local name, unescaped and whitespace-normalised.
fn attributes(start: &BytesStart) -> Result<Vec<(String, String)>, quick_xml::Error> {
    let mut out = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(quick_xml::Error::InvalidAttr)?;
        let key = attr.key.local_name().as_ref().to_string();
        let value = attr.normalized_value(XmlVersion::Implicit1_0)?;
        out.push((key, clean(&value)));
    }
    Ok(out)
}

/// The value of an attribute, empty if absent.
fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> &'a str {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// One sanctionEntity while it is being read.
struct Entity {
    line: u64,
    logical_id: String,
    eu_reference: String,
    un_reference: String,
    designation_date: String,
    kind: EntityKind,
    names: Vec<(String, NameKind)>,
    countries: Vec<String>,
    addresses: Vec<String>,
    identifiers: Vec<Identifier>,
    birth_dates: Vec<String>,
    programs: Vec<String>,
    /// The earliest regulation: its publication date and URL.
    first_regulation: Option<(String, String)>,
    remarks: Vec<String>,
}

impl Entity {
    fn new(line: u64, attrs: &[(String, String)]) -> Entity {
        Entity {
            line,
            logical_id: attr(attrs, "logicalId").to_string(),
            eu_reference: attr(attrs, "euReferenceNumber").to_string(),
            un_reference: attr(attrs, "unitedNationId").to_string(),
            designation_date: attr(attrs, "designationDate").to_string(),
            kind: EntityKind::Unknown,
            names: Vec::new(),
            countries: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            birth_dates: Vec::new(),
            programs: Vec::new(),
            first_regulation: None,
            remarks: Vec::new(),
        }
    }

    /// A direct child of the entity has ended: `attrs` are its attributes, `text` its
    /// own text and `url` the text of its `publicationUrl` child.
    fn child(&mut self, name: &str, attrs: &[(String, String)], text: &str, url: &str) {
        let a = |key: &str| attr(attrs, key);
        match name {
            "remark" => {
                let t = text.trim();
                if !t.is_empty() {
                    self.remarks.push(t.to_string());
                }
            }
            "regulation" => {
                ListEntry::push_unique(&mut self.programs, a("programme"));
                if let Some(date) = date(a("publicationDate")) {
                    // Dates are ISO, so string order is date order.
                    let earlier = self
                        .first_regulation
                        .as_ref()
                        .is_none_or(|(first, _)| date < *first);
                    if earlier {
                        self.first_regulation = Some((date, clean(url)));
                    }
                }
            }
            "subjectType" => {
                self.kind = match (a("code").to_lowercase().as_str(), a("classificationCode")) {
                    ("person", _) | ("", "P") => EntityKind::Person,
                    ("enterprise", _) | ("", "E") => EntityKind::Organisation,
                    _ => EntityKind::Unknown,
                };
            }
            "nameAlias" => {
                let mut name = a("wholeName").to_string();
                if name.is_empty() {
                    name = [a("firstName"), a("middleName"), a("lastName")]
                        .iter()
                        .filter(|p| !p.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ");
                }
                if !name.is_empty() {
                    let kind = if a("strong").eq_ignore_ascii_case("false") {
                        NameKind::Weak
                    } else {
                        NameKind::Alias
                    };
                    self.names.push((name, kind));
                }
            }
            "citizenship" => self.country(attrs),
            "birthdate" => {
                self.country(attrs);
                for d in birth_dates(attrs) {
                    ListEntry::push_unique(&mut self.birth_dates, d);
                }
            }
            "identification" => {
                self.country(attrs);
                let kind = match a("identificationTypeDescription") {
                    "" => match a("identificationTypeCode") {
                        "" => "Identification",
                        code => code,
                    },
                    description => description,
                };
                for value in [a("number"), a("latinNumber")] {
                    let id = Identifier {
                        kind: kind.to_string(),
                        value: value.to_string(),
                    };
                    if !value.is_empty() && !self.identifiers.contains(&id) {
                        self.identifiers.push(id);
                    }
                }
            }
            "address" => {
                let country = country_name(a("countryDescription"));
                let parts: Vec<&str> = [
                    a("street"),
                    a("poBox"),
                    a("city"),
                    a("zipCode"),
                    a("region"),
                    a("place"),
                    country,
                ]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
                // An address that is only "UNKNOWN" says nothing.
                ListEntry::push_unique(&mut self.addresses, parts.join(", "));
                self.country(attrs);
            }
            _ => {}
        }
    }

    /// Adds the country of a citizenship, address, birth place or document.
    fn country(&mut self, attrs: &[(String, String)]) {
        let code = attr(attrs, "countryIso2Code");
        let value = if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            code.to_ascii_uppercase()
        } else {
            country_name(attr(attrs, "countryDescription")).to_string()
        };
        ListEntry::push_unique(&mut self.countries, value);
    }

    /// The entry, or the line and reason it is skipped.
    fn finish(self) -> Result<ListEntry, (u64, String)> {
        let id = if self.logical_id.is_empty() {
            self.eu_reference.clone()
        } else {
            self.logical_id
        };
        if id.is_empty() {
            return Err((
                self.line,
                "sanctionEntity without logicalId or euReferenceNumber".to_string(),
            ));
        }
        let mut names = self.names.into_iter();
        let Some((primary, _)) = names.next() else {
            return Err((self.line, format!("sanctionEntity {id} has no name")));
        };
        let mut entry = ListEntry::new(id, self.kind, primary);
        for (name, kind) in names {
            entry.add_name(name, kind);
        }
        for (kind, value) in [
            ("EU reference", self.eu_reference),
            ("UN reference", self.un_reference),
        ] {
            if !value.is_empty() {
                entry.identifiers.push(Identifier {
                    kind: kind.to_string(),
                    value,
                });
            }
        }
        entry.identifiers.extend(self.identifiers);
        entry.countries = self.countries;
        entry.addresses = self.addresses;
        entry.birth_dates = self.birth_dates;
        entry.programs = self.programs;
        match self.first_regulation {
            Some((date, url)) => {
                entry.listed_on = Some(date);
                entry.url = (!url.is_empty()).then_some(url);
            }
            None => entry.listed_on = date(&self.designation_date),
        }
        entry.remarks = (!self.remarks.is_empty()).then(|| self.remarks.join("\n"));
        Ok(entry)
    }
}

/// A country description, or "" for the FSF's "not known" placeholder.
fn country_name(description: &str) -> &str {
    if description.eq_ignore_ascii_case("UNKNOWN") || description == "00" {
        ""
    } else {
        description
    }
}

/// The dates of birth one `<birthdate>` gives.
fn birth_dates(attrs: &[(String, String)]) -> Vec<String> {
    let a = |key: &str| attr(attrs, key);
    if let Some(d) = date(a("birthdate")) {
        return vec![d];
    }
    let year = a("year");
    if is_year(year) {
        return match a("monthOfYear").parse::<u32>() {
            Ok(m) if (1..=12).contains(&m) => vec![format!("{year}-{m:02}")],
            _ => vec![year.to_string()],
        };
    }
    let (from, to) = (a("yearRangeFrom"), a("yearRangeTo"));
    match (from.parse::<u32>(), to.parse::<u32>()) {
        (Ok(f), Ok(t)) if is_year(from) && is_year(to) && f <= t && t - f <= MAX_YEAR_SPAN => {
            (f..=t).map(|y| y.to_string()).collect()
        }
        _ => [from, to]
            .into_iter()
            .filter(|y| is_year(y))
            .map(str::to_string)
            .collect(),
    }
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A date as `YYYY-MM-DD` when it starts like one (the FSF writes `2022-02-23`),
/// otherwise as written; `None` if empty.
fn date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let b = raw.as_bytes();
    let iso = b.len() >= 10
        && b.iter().take(10).enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    Some(match raw.get(..10) {
        Some(d) if iso => d.to_string(),
        _ => raw.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::lists::model::ListName;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists/eu-fsf-sample.xml")
    }

    fn name(text: &str, kind: NameKind) -> ListName {
        ListName {
            text: text.to_string(),
            kind,
        }
    }

    fn id(kind: &str, value: &str) -> Identifier {
        Identifier {
            kind: kind.to_string(),
            value: value.to_string(),
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn url(act: &str) -> Option<String> {
        Some(format!(
            "https://example.org/fsf-sample/act?id={act}&lang=EN"
        ))
    }

    fn line_of(err: SourceError) -> (u64, String, String) {
        match err {
            SourceError::Invalid {
                place: Place::Line(n, None),
                message,
                hint,
                ..
            } => (n, message, hint),
            other => panic!("expected Invalid with a line, got {other:?}"),
        }
    }

    /// An entity in the FSF layout with the given children.
    fn one(children: &str) -> String {
        format!(
            "<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">\n\
             <sanctionEntity euReferenceNumber=\"EU.1.1\" logicalId=\"1\">\n\
             {children}\n\
             </sanctionEntity>\n\
             </export>"
        )
    }

    #[test]
    fn fixture_every_entity_and_field() {
        let list = parse(&fixture()).expect("the fixture parses");
        assert_eq!(list.format, ListFormat::EuXml);
        let expected = vec![
            ListEntry {
                id: "900001".into(),
                kind: EntityKind::Organisation,
                names: vec![
                    name("EXAMPLE DEFENCE HOLDING JSC", NameKind::Primary),
                    name("АО «Пример Оборонный Холдинг»", NameKind::Alias),
                    name("EDH", NameKind::Weak),
                ],
                countries: strings(&["RU"]),
                addresses: strings(&["ul. Primernaya 1, Moscow, 101000, RUSSIAN FEDERATION"]),
                identifiers: vec![
                    id("EU reference", "EU.9001.01"),
                    id("Registration Number", "1027700000001"),
                ],
                birth_dates: vec![],
                // Two regulations of one programme: listed once.
                programs: strings(&["RUS"]),
                sub_list: None,
                listed_on: Some("2022-06-03".into()),
                // The identification's own remark is not the entity's.
                remarks: Some("Sample entry: manufacturer of military electronics.".into()),
                url: url("2022-0001"),
            },
            ListEntry {
                id: "900002".into(),
                kind: EntityKind::Organisation,
                names: vec![
                    name("SAMPLE OPTICS & LASER SYSTEMS LIMITED", NameKind::Primary),
                    name("样品光学激光系统有限公司", NameKind::Alias),
                    name("Sample Optics and Laser Systems Ltd.", NameKind::Alias),
                ],
                countries: strings(&["HK"]),
                addresses: strings(&[
                    "Unit 1, 1/F, Example Tower, 1 Sample Road, Hong Kong, Kowloon, HONG KONG",
                ]),
                identifiers: vec![id("EU reference", "EU.9002.02")],
                birth_dates: vec![],
                programs: strings(&["RUS", "BLR"]),
                sub_list: None,
                // The earlier of the two regulations, though listed second.
                listed_on: Some("2023-08-03".into()),
                remarks: None,
                url: url("2023-0004"),
            },
            ListEntry {
                id: "900003".into(),
                kind: EntityKind::Person,
                names: vec![
                    name("Ivan Ivanovich IVANOV", NameKind::Primary),
                    name("Иван Иванович ИВАНОВ", NameKind::Alias),
                    name("Vanya", NameKind::Weak),
                ],
                countries: strings(&["RU"]),
                addresses: vec![],
                identifiers: vec![
                    id("EU reference", "EU.9003.03"),
                    id("National passport", "7500000001"),
                ],
                birth_dates: strings(&["1970-01-02"]),
                programs: strings(&["UKR"]),
                sub_list: None,
                listed_on: Some("2022-02-23".into()),
                remarks: Some("Sample data: not a real designation.".into()),
                url: url("2022-0005"),
            },
            ListEntry {
                id: "900004".into(),
                kind: EntityKind::Person,
                // No wholeName: first and last name joined.
                names: vec![
                    name("Erika MUSTERMANN", NameKind::Primary),
                    name("Erika Gabler", NameKind::Alias),
                ],
                // A citizenship with only a description; "00"/"UNKNOWN" dropped.
                countries: strings(&["DE", "AUSTRIA"]),
                addresses: vec![],
                identifiers: vec![
                    id("EU reference", "EU.9004.04"),
                    id("National identification card", "L01X00T47"),
                ],
                birth_dates: strings(&["1964"]),
                programs: strings(&["TERR"]),
                sub_list: None,
                listed_on: Some("2019-10-01".into()),
                remarks: None,
                url: url("2019-0006"),
            },
            ListEntry {
                id: "900005".into(),
                kind: EntityKind::Person,
                names: vec![
                    name("Fulan AL-FULANI", NameKind::Primary),
                    name("فلان الفلاني", NameKind::Alias),
                    name("Abu Sample", NameKind::Weak),
                ],
                countries: strings(&["YE", "SA"]),
                addresses: vec![],
                identifiers: vec![
                    id("EU reference", "EU.9005.05"),
                    id("UN reference", "QDi.999"),
                    id("National passport", "أ ٠٠٠٠٠٠١"),
                    id("National passport", "A 000 0001"),
                ],
                birth_dates: strings(&["1975-03", "1958", "1959", "1960"]),
                programs: strings(&["AQD"]),
                sub_list: None,
                listed_on: Some("2011-05-10".into()),
                remarks: Some("Sample data. Two possible dates of birth.".into()),
                url: url("2011-0007"),
            },
            ListEntry {
                id: "900006".into(),
                kind: EntityKind::Organisation,
                names: vec![
                    name("MUSTER RÜSTUNGSTECHNIK GMBH", NameKind::Primary),
                    name("MRT", NameKind::Weak),
                ],
                countries: strings(&["DE", "AE"]),
                addresses: strings(&[
                    "Musterstraße 1, Berlin, 10115, GERMANY",
                    "P.O. Box 00000, Dubai, UNITED ARAB EMIRATES",
                ]),
                // No type description: the type code.
                identifiers: vec![
                    id("EU reference", "EU.9006.06"),
                    id("regnumber", "HRB 000000"),
                ],
                birth_dates: vec![],
                programs: strings(&["IRN"]),
                sub_list: None,
                listed_on: Some("2020-12-21".into()),
                remarks: Some(
                    "Sample entry: supplier of machine tools.\nSecond remark, kept on its own line."
                        .into(),
                ),
                url: url("2020-0008"),
            },
        ];
        assert_eq!(list.entries.len(), expected.len());
        for (got, want) in list.entries.iter().zip(&expected) {
            assert_eq!(got, want);
        }
        let file = fixture().display().to_string();
        assert_eq!(
            list.skipped,
            vec![format!(
                "{file} line 109: sanctionEntity 900007 has no name"
            )]
        );
    }

    #[test]
    fn truncated_fixture_is_invalid_with_its_line() {
        let bytes = std::fs::read(fixture()).expect("readable");
        for cut in [bytes.len() / 2, bytes.len() / 3, bytes.len() - 5, 700, 1200] {
            let head = &bytes[..cut];
            let lines_in_head = head.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            let err = parse_bytes(head, "cut.xml").expect_err("truncated");
            assert_eq!(err.file(), "cut.xml");
            let (line, message, hint) = line_of(err);
            assert!(
                line + 1 >= lines_in_head && line <= lines_in_head,
                "cut at {cut}: line {line}, file has {lines_in_head} lines: {message}"
            );
            assert_eq!(hint, HINT);
        }
    }

    #[test]
    fn wrong_root_is_invalid_with_hint() {
        let un =
            b"<?xml version=\"1.0\"?>\n\n<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>";
        let err = parse_bytes(un, "un.xml").expect_err("the UN list is not the EU list");
        let text = err.to_string();
        let (line, message, hint) = line_of(err);
        assert_eq!(line, 3);
        assert!(message.contains("<CONSOLIDATED_LIST>"), "{message}");
        assert!(hint.contains("xmlFullSanctionsList_1_1"), "{hint}");
        assert!(
            text.contains("hint: expected the EU consolidated"),
            "{text}"
        );
        let (_, message, _) = line_of(parse_bytes(b"  \n", "blank.xml").expect_err("blank"));
        assert!(message.contains("empty"), "{message}");
    }

    #[test]
    fn malformed_attribute_and_mismatched_tags_name_the_line() {
        let dup = one("<nameAlias wholeName=\"A\" wholeName=\"B\"/>");
        let (line, message, _) = line_of(parse_bytes(dup.as_bytes(), "dup.xml").expect_err("dup"));
        assert_eq!(line, 3, "{message}");
        let mismatched = one("<remark>x</remarks>");
        let (line, _, _) = line_of(parse_bytes(mismatched.as_bytes(), "m.xml").expect_err("m"));
        assert_eq!(line, 3);
    }

    #[test]
    fn small_documents() {
        // BOM, a namespace prefix, classification code only, designationDate fallback,
        // an unknown element, an empty nameAlias skipped, a year-only birth with a month.
        let xml = "\u{feff}<fsd:export xmlns:fsd=\"http://eu.europa.ec/fpi/fsd/export\">
<fsd:sanctionEntity designationDate=\"2005-05-05\" euReferenceNumber=\"EU.2.2\">
<fsd:subjectType classificationCode=\"P\"/>
<fsd:additionalInformation key=\"k\" value=\"v\"/>
<fsd:nameAlias wholeName=\"\"/>
<fsd:nameAlias firstName=\"A\" lastName=\"B\" strong=\"FALSE\"/>
<fsd:nameAlias wholeName=\"  C   D \"/>
<fsd:birthdate year=\"1980\" monthOfYear=\"13\" countryIso2Code=\"fr\"/>
<fsd:birthdate yearRangeFrom=\"1900\" yearRangeTo=\"1950\"/>
</fsd:sanctionEntity>
<sanctionEntity logicalId=\"3\"><subjectType code=\"vessel\"/><nameAlias wholeName=\"X\"/></sanctionEntity>
<sanctionEntity><nameAlias wholeName=\"Y\"/></sanctionEntity>
<somethingElse logicalId=\"4\"><nameAlias wholeName=\"Z\"/></somethingElse>
</fsd:export>";
        let list = parse_bytes(xml.as_bytes(), "small.xml").expect("parses");
        assert_eq!(list.entries.len(), 2);
        let e = &list.entries[0];
        // No logicalId: the EU reference number is the id.
        assert_eq!(e.id, "EU.2.2");
        assert_eq!(e.kind, EntityKind::Person);
        // The first name is primary even when it is not strong.
        assert_eq!(
            e.names,
            vec![name("A B", NameKind::Primary), name("C D", NameKind::Alias)]
        );
        assert_eq!(e.listed_on.as_deref(), Some("2005-05-05"));
        assert_eq!(e.url, None);
        assert_eq!(e.countries, strings(&["FR"]));
        assert_eq!(e.birth_dates, strings(&["1980", "1900", "1950"]));
        assert_eq!(list.entries[1].kind, EntityKind::Unknown);
        assert_eq!(
            list.skipped,
            strings(&["small.xml line 12: sanctionEntity without logicalId or euReferenceNumber"])
        );
    }

    #[test]
    fn random_input_never_panics() {
        // A fixed xorshift generator: the same inputs on every run.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let seed = std::fs::read(fixture()).expect("readable");
        for round in 0..400 {
            let len = (next() % 600) as usize;
            let input: Vec<u8> = match round % 4 {
                // Pure noise.
                0 => (0..len).map(|_| next() as u8).collect(),
                // Noise drawn from XML's own characters.
                1 => {
                    const ALPHABET: &[u8] = b"<>/=\"'&;#!?[]- \nexportsanctionEntitynameAlias";
                    (0..len)
                        .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                        .collect()
                }
                // The fixture with bytes overwritten.
                2 => {
                    let mut v = seed.clone();
                    for _ in 0..(1 + next() % 8) {
                        let i = (next() % v.len() as u64) as usize;
                        v[i] = next() as u8;
                    }
                    v
                }
                // The fixture cut anywhere.
                _ => seed[..(next() % seed.len() as u64) as usize].to_vec(),
            };
            // Ok or Err are both fine; what matters is no panic.
            let _ = parse_bytes(&input, "random.xml");
        }
    }

    #[test]
    fn missing_file_is_io() {
        let err = parse(Path::new("/nonexistent/eu.xml")).expect_err("missing");
        assert!(matches!(err, SourceError::Io { .. }));
    }
}
