//! The analysis input: the resolved fair record, loaded whole into memory (the record is
//! small; the questions then run in milliseconds). The store builds it from the
//! database; tests build small ones by hand. Indexes between the tables are positions
//! in these vectors, checked by [`Dataset::check`].

use serde::Serialize;

/// One edition of a fair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub slug: String,
    pub name: String,
    pub series: String,
    pub series_key: String,
    pub year: Option<i32>,
    /// `YYYY-MM-DD` when known.
    pub start_date: Option<String>,
    pub host_iso2: Option<String>,
}

impl Event {
    /// The date memberships are checked on: the start date, or 1 January of the year
    /// (so a country that joined during the year counts from the next edition: the
    /// conservative reading).
    pub fn membership_date(&self) -> Option<String> {
        self.start_date
            .clone()
            .filter(|d| d.len() == 10)
            .or_else(|| self.year.map(|y| format!("{y:04}-01-01")))
    }
}

/// An official delegation listed for an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delegation {
    pub event: usize,
    pub name: String,
    /// ISO codes (usually one); empty for organisations and unresolved rows.
    pub countries: Vec<String>,
    pub attended: Option<bool>,
    pub retracted: Option<bool>,
}

/// A resolved company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    /// The country its own appearances declare most often, and how that was counted.
    pub declared_hq: Option<String>,
    pub declared_hq_evidence: Option<String>,
}

/// One exhibitor row at one event, with the company it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appearance {
    /// The appearance's id in the database, cited as evidence.
    pub id: i64,
    pub company: usize,
    pub event: usize,
    pub name: String,
    pub categories: Vec<String>,
}

/// A vendor-list record linked to a company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendorEntry {
    pub company: usize,
    /// The list (source key) and the record's own id in it.
    pub source: String,
    pub external_id: String,
    pub name: String,
    pub hq_iso2: Option<String>,
    pub capabilities: Vec<String>,
    pub products: Vec<String>,
}

/// A lineage relation between two resolved companies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lineage {
    pub subject: usize,
    pub kind: String,
    pub object: usize,
    pub date: Option<String>,
}

/// Everything the questions read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dataset {
    /// The fingerprint of the data this was loaded from (sources, decisions, mappings,
    /// resolution algorithm); findings carry it as `dataset_sha256`.
    pub sha256: String,
    pub events: Vec<Event>,
    pub delegations: Vec<Delegation>,
    pub companies: Vec<Company>,
    pub appearances: Vec<Appearance>,
    pub vendors: Vec<VendorEntry>,
    pub lineage: Vec<Lineage>,
}

impl Dataset {
    /// Checks that every index points into its table; loaders call it once so that the
    /// analysis can index without checks.
    pub fn check(&self) -> Result<(), String> {
        let (e, c) = (self.events.len(), self.companies.len());
        if let Some(d) = self.delegations.iter().find(|d| d.event >= e) {
            return Err(format!("delegation {:?} points at no event", d.name));
        }
        if let Some(a) = self
            .appearances
            .iter()
            .find(|a| a.event >= e || a.company >= c)
        {
            return Err(format!("appearance {} points at no event or company", a.id));
        }
        if let Some(v) = self.vendors.iter().find(|v| v.company >= c) {
            return Err(format!("vendor record {:?} points at no company", v.name));
        }
        if let Some(l) = self
            .lineage
            .iter()
            .find(|l| l.subject >= c || l.object >= c)
        {
            return Err(format!("lineage {:?} points at no company", l.kind));
        }
        Ok(())
    }

    /// The latest year with at least one exhibitor appearance.
    pub fn last_year(&self) -> Option<i32> {
        self.appearances
            .iter()
            .filter_map(|a| self.events[a.event].year)
            .max()
    }
}
