//! The common shape of every screening list: sanctions and export-control lists (OFAC,
//! UN, EU, UK, BIS, the US Consolidated Screening List), OpenSanctions data, a plain
//! CSV, and Fairwatch's own watchlist all become [`ListEntry`] values, so the matcher
//! and the store never see a format.
//!
//! Parsers keep the list's facts as written (names, countries, dates, identifiers);
//! resolving countries to ISO codes and normalising names is done downstream, once,
//! with the same code entity resolution uses.

use serde::{Deserialize, Serialize};

/// What a list entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Organisation,
    Person,
    Vessel,
    Aircraft,
    /// The list does not say.
    Unknown,
}

/// How a name belongs to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The entry's main name (the first name of every entry is primary).
    Primary,
    /// An alias the list gives ("a.k.a.", "alias", OFAC "aka", UN "Good quality").
    Alias,
    /// A former name ("f.k.a.", "formerly").
    Former,
    /// A weak or low-quality alias (OFAC "weak aka", UN "Low quality"): shown, but a
    /// match on it alone is weaker evidence.
    Weak,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListName {
    pub text: String,
    pub kind: NameKind,
}

/// An identifier the list gives: a passport, a registration or tax number, an IMO number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// As the list labels it: "Passport", "Registration Number", "IMO"...
    pub kind: String,
    pub value: String,
}

/// One entry of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    /// The entry's identifier within its list, stable across publications where the
    /// list has one (OFAC ent_num, UN DATAID/reference number, EU logicalId, CSL _id);
    /// otherwise derived from the primary name (and documented by the parser).
    pub id: String,
    pub kind: EntityKind,
    /// At least one; the first is [`NameKind::Primary`].
    pub names: Vec<ListName>,
    /// Countries as the list gives them (names or codes): nationality, citizenship,
    /// address or registration country. Resolved to ISO codes downstream.
    pub countries: Vec<String>,
    pub addresses: Vec<String>,
    pub identifiers: Vec<Identifier>,
    /// Dates of birth as given; `YYYY-MM-DD`, `YYYY-MM` or `YYYY` where the parser can.
    pub birth_dates: Vec<String>,
    /// Sanctions programmes or regimes ("SDGT", "CYBER2", "DPRK").
    pub programs: Vec<String>,
    /// For aggregate lists (the CSL): the source list the entry comes from, e.g.
    /// "Entity List (EL) - Bureau of Industry and Security".
    pub sub_list: Option<String>,
    /// When the entry was listed, as given.
    pub listed_on: Option<String>,
    /// Remarks, with the facts parsed out of them left in place.
    pub remarks: Option<String>,
    /// A link to the entry or its source notice.
    pub url: Option<String>,
}

impl ListEntry {
    /// An entry with an id, a kind and a primary name; other fields empty.
    pub fn new(id: impl Into<String>, kind: EntityKind, primary: impl Into<String>) -> ListEntry {
        ListEntry {
            id: id.into(),
            kind,
            names: vec![ListName {
                text: primary.into(),
                kind: NameKind::Primary,
            }],
            countries: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            birth_dates: Vec::new(),
            programs: Vec::new(),
            sub_list: None,
            listed_on: None,
            remarks: None,
            url: None,
        }
    }

    /// Adds a name unless the entry already has it (same text, ignoring case).
    pub fn add_name(&mut self, text: impl Into<String>, kind: NameKind) {
        let text: String = text.into();
        let text = text.trim();
        if text.is_empty()
            || self
                .names
                .iter()
                .any(|n| n.text.to_lowercase() == text.to_lowercase())
        {
            return;
        }
        self.names.push(ListName {
            text: text.to_string(),
            kind,
        });
    }

    /// Adds a value to a list field unless empty or already there.
    pub fn push_unique(field: &mut Vec<String>, value: impl Into<String>) {
        let v: String = value.into();
        let v = v.trim();
        if !v.is_empty() && !field.iter().any(|x| x == v) {
            field.push(v.to_string());
        }
    }
}

/// The formats Fairwatch reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListFormat {
    /// US Consolidated Screening List, CSV (the 2019 layout without `_id`, and the
    /// 2023 layout with it).
    CslCsv,
    /// US Consolidated Screening List, JSON (the API's `results` array, or a bare array).
    CslJson,
    /// OFAC legacy CSV set: sdn.csv with optional alt.csv, add.csv, sdn_comments.csv.
    OfacSdn,
    /// OFAC non-SDN consolidated legacy CSV set: cons_prim.csv, cons_alt.csv...
    OfacCons,
    /// UN Security Council consolidated list, XML.
    UnXml,
    /// BIS Denied Persons List, tab-separated.
    BisDpl,
    /// EU consolidated financial sanctions list, XML.
    EuXml,
    /// UK sanctions list (OFSI consolidated list), CSV.
    UkCsv,
    /// OpenSanctions FollowTheMoney entities, JSON lines.
    FtmJson,
    /// A plain CSV: name, aliases, country, type, id.
    PlainCsv,
    /// Fairwatch's own watchlist, from the analysis.
    Watchlist,
}

/// A parsed list: its entries and what was skipped (and why, with the line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedList {
    pub format: ListFormat,
    pub entries: Vec<ListEntry>,
    /// Rows that could not be used, each "file line N: why".
    pub skipped: Vec<String>,
    /// What this publication leaves out of its entries.
    pub omitted: Omitted,
}

/// Parts of its entries a publication leaves out, such as an OFAC set published
/// without its companion files. Importing it keeps those parts from the version in
/// force, rather than dropping every alias and recording every entry as changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Omitted {
    /// No aliases (OFAC `alt.csv`).
    pub aliases: bool,
    /// No addresses, nor the countries they give (OFAC `add.csv`).
    pub addresses: bool,
}

impl Omitted {
    pub fn any(self) -> bool {
        self.aliases || self.addresses
    }

    /// "aliases and addresses", for notes.
    pub fn describe(self) -> String {
        let parts: Vec<&str> = [(self.aliases, "aliases"), (self.addresses, "addresses")]
            .into_iter()
            .filter_map(|(on, what)| on.then_some(what))
            .collect();
        parts.join(" and ")
    }
}

impl ListEntry {
    /// Takes from `previous` (this entry in the version before) the parts a
    /// publication omits; `true` when anything was taken.
    pub fn carry_forward(&mut self, previous: &ListEntry, omitted: Omitted) -> bool {
        let mut took = false;
        if omitted.aliases {
            for n in previous
                .names
                .iter()
                .filter(|n| n.kind != NameKind::Primary)
            {
                if !self.names.iter().any(|m| m.text == n.text) {
                    self.names.push(n.clone());
                    took = true;
                }
            }
        }
        if omitted.addresses {
            for (mine, theirs) in [
                (&mut self.addresses, &previous.addresses),
                (&mut self.countries, &previous.countries),
            ] {
                for x in theirs {
                    if !mine.contains(x) {
                        mine.push(x.clone());
                        took = true;
                    }
                }
            }
        }
        took
    }
}
