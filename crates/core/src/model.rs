//! The raw fair record as Fairwatch holds it: sources, events, exhibitor appearances,
//! delegations and organisers.
//!
//! These types are what every importer (`fairwatch-sources`) produces and what the store
//! persists. They keep the source's facts verbatim: every field a source offers has a
//! place here, and nothing is cleaned away. Derived facts (ISO country codes, the host
//! country of an event and the evidence for it) live beside the raw fields, filled in by
//! [`crate::geo`], so that they can always be recomputed from the raw ones.

use serde::{Deserialize, Serialize};

/// Which importer produced a source; stored with it so re-ingest knows what to replace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A snapshot of the CAAT / Omega arms-fair record (directory or archive).
    #[default]
    Caat,
    /// One exhibitor list for one event, transcribed into CSV or XLSX.
    ExhibitorList,
    /// A surveillance-vendor reference list (MISP galaxy JSON, or CSV).
    VendorList,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Caat => "caat",
            SourceKind::ExhibitorList => "exhibitor_list",
            SourceKind::VendorList => "vendor_list",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "caat" => Some(SourceKind::Caat),
            "exhibitor_list" => Some(SourceKind::ExhibitorList),
            "vendor_list" => Some(SourceKind::VendorList),
            _ => None,
        }
    }
}

/// Provenance of one ingested input: where it came from, under what terms, and a content
/// hash that makes re-ingest of the same bytes a no-op.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMeta {
    pub kind: SourceKind,
    /// A stable key for "the same source": re-ingesting a source with this key replaces
    /// what the previous version brought (e.g. `caat` for the CAAT record, or the event
    /// slug for an exhibitor list).
    pub key: String,
    /// Where the bytes were read from (path, archive, or "bundled").
    pub location: String,
    pub publisher: Option<String>,
    /// Upstream address (repository, web page) of the data.
    pub url: Option<String>,
    pub licence: Option<String>,
    /// When the data was retrieved from upstream (ISO date).
    pub retrieved: Option<String>,
    /// Upstream version (commit, publication date).
    pub version: Option<String>,
    /// Hex sha256 over the source's content, computed by the importer.
    pub sha256: String,
    pub note: Option<String>,
}

/// A date range or an approximate date, as the source gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDates {
    /// `YYYY-MM-DD`.
    pub start: Option<String>,
    /// `YYYY-MM-DD`.
    pub end: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` when only an approximate date is known.
    pub approx: Option<String>,
}

impl EventDates {
    /// The year of the event, from whichever date is present.
    pub fn year(&self) -> Option<i32> {
        let d = self.start.as_deref().or(self.approx.as_deref())?;
        d.get(..4)?.parse().ok()
    }
}

/// An address as the source gives it: free text, or structured with an ISO code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub text: Option<String>,
    pub iso2: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A country field as the source gives it: free text, optionally with an ISO code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryField {
    pub text: String,
    pub iso2: Option<String>,
}

/// A social-media reference (platform plus handle or URL).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Social {
    pub platform: String,
    pub handle: Option<String>,
    pub url: Option<String>,
}

/// Contact details shared by exhibitors and organisers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub addresses: Vec<Address>,
    pub countries: Vec<CountryField>,
    pub websites: Vec<String>,
    pub emails: Vec<String>,
    pub telephones: Vec<String>,
    pub socials: Vec<Social>,
}

/// How a country code was arrived at: the evidence, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountryEvidence {
    /// The user's mapping file said so.
    UserMapping,
    /// An ISO code attached to the country field by the source.
    CountryIso,
    /// The country field's text, resolved by name.
    CountryText,
    /// An ISO code attached to an address by the source.
    AddressIso,
    /// A country named in free address text.
    AddressText,
    /// The host country of other editions of the same series.
    SeriesEditions,
    /// A country named in the event's name or aliases ("13th China (Shenzhen) ...").
    EventName,
}

impl CountryEvidence {
    pub fn as_str(self) -> &'static str {
        match self {
            CountryEvidence::UserMapping => "user_mapping",
            CountryEvidence::CountryIso => "country_iso",
            CountryEvidence::CountryText => "country_text",
            CountryEvidence::AddressIso => "address_iso",
            CountryEvidence::AddressText => "address_text",
            CountryEvidence::SeriesEditions => "series_editions",
            CountryEvidence::EventName => "event_name",
        }
    }
}

/// A resolved ISO 3166-1 alpha-2 code with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedCountry {
    pub iso2: String,
    pub evidence: CountryEvidence,
    /// The raw text or code the decision rests on (e.g. `"Russian Federation"`).
    pub detail: String,
}

/// One exhibitor row at one event, kept verbatim.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Exhibitor {
    pub name: String,
    pub aliases: Vec<String>,
    pub exhibitor_url: Option<String>,
    pub contact: Contact,
    pub categories: Vec<String>,
    /// Derived: the exhibitor's declared country, resolved to ISO.
    pub country: Option<ResolvedCountry>,
}

/// An official delegation listed for an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    pub name: String,
    pub attended: Option<bool>,
    pub retracted: Option<bool>,
    /// Derived: the countries the delegation represents (usually one; a few source rows
    /// name two), empty for international organisations or unresolved names.
    pub countries: Vec<String>,
    /// Derived: an international organisation (NATO, UN, EU, ...) when not a country.
    pub organisation: Option<String>,
}

/// An organiser of an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organiser {
    pub name: String,
    pub aliases: Vec<String>,
    pub contact: Contact,
}

/// Where and when a list (of exhibitors or delegations) was published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListMeta {
    pub url: Option<String>,
    /// UTC timestamp of retrieval, as the source gives it.
    pub date: Option<String>,
    /// The source says the list is known to be incomplete.
    pub incomplete: bool,
}

/// One edition of a fair.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique key, `<series>-<edition>` in the CAAT layout (e.g. `milipol-paris-2019`).
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Series key (e.g. `milipol-paris`).
    pub series: String,
    pub edition: String,
    pub dates: EventDates,
    pub online: Option<bool>,
    /// Venue address(es), country field(s), websites and social links of the event.
    pub contact: Contact,
    pub organisers: Vec<Organiser>,
    pub exhibitor_list: Option<ListMeta>,
    pub exhibitors: Vec<Exhibitor>,
    pub delegation_list: Option<ListMeta>,
    pub delegations: Vec<Delegation>,
    /// Derived: the host country and the evidence for it.
    pub host: Option<ResolvedCountry>,
}

/// An event the source lists as cancelled or ended (CAAT's `ignore.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledEvent {
    pub slug: String,
    pub note: String,
}

/// A typed relation between two firms. Stored in one direction: the subject is the firm
/// the claim is about, the object the other firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineageKind {
    /// The subject was renamed (rebranded) to the object: Hacking Team -> Memento Labs.
    RenamedTo,
    /// The subject was spun off from the object: Cognyte from Verint.
    SpunOffFrom,
    /// The subject was acquired by the object.
    AcquiredBy,
    /// The subject is a subsidiary, division or part of the object.
    SubsidiaryOf,
}

impl LineageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineageKind::RenamedTo => "renamed_to",
            LineageKind::SpunOffFrom => "spun_off_from",
            LineageKind::AcquiredBy => "acquired_by",
            LineageKind::SubsidiaryOf => "subsidiary_of",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "renamed_to" => Some(LineageKind::RenamedTo),
            "spun_off_from" => Some(LineageKind::SpunOffFrom),
            "acquired_by" => Some(LineageKind::AcquiredBy),
            "subsidiary_of" => Some(LineageKind::SubsidiaryOf),
            _ => None,
        }
    }
}

/// A lineage claim as a source states it: the subject is the record it sits on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineageClaim {
    pub kind: LineageKind,
    /// The other firm, by name as the source gives it.
    pub object: String,
    /// The other firm's id in the same list, when the source links it.
    pub object_id: Option<String>,
    /// When it happened (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if known.
    pub date: Option<String>,
}

/// One record of a surveillance-vendor reference list (MISP galaxy, a CSV list).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vendor {
    /// The list's own stable id (a UUID for MISP-derived lists).
    pub id: String,
    pub name: String,
    pub synonyms: Vec<String>,
    /// Headquarters country, when the list states one.
    pub hq_iso2: Option<String>,
    /// How the list knows the headquarters (its words, e.g. "based in: Herzliya").
    pub hq_evidence: Option<String>,
    /// Capability tags as the list gives them (intrusion, interception, forensics, ...).
    pub capabilities: Vec<String>,
    pub lineage: Vec<LineageClaim>,
    /// Lineage claims the list states on this record whose subject is the *other* firm:
    /// `kind` holds from `object` to this vendor (`formerly:Crossrider` on Kape =
    /// Crossrider renamed_to Kape). Kept apart from `lineage` so that no reader takes
    /// them the wrong way round.
    #[serde(default)]
    pub incoming_lineage: Vec<LineageClaim>,
    /// The vendor's own websites.
    pub official_urls: Vec<String>,
    /// Reference URLs (reports, articles) about the vendor.
    pub refs: Vec<String>,
    pub products: Vec<String>,
}

/// Everything one source brings, ready to be stored in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub source: SourceMeta,
    pub events: Vec<Event>,
    pub cancelled: Vec<CancelledEvent>,
    /// Vendor reference-list records (empty for event sources).
    pub vendors: Vec<Vendor>,
}
