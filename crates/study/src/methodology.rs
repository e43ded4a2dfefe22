//! The methodology: one TOML file a user can read, change and compare. It holds the
//! capability taxonomy with its evidence rules, the confidence-tier rules, the region
//! schemes, country groups with dated memberships (NATO, EU, Five Eyes, Wassenaar, the
//! adversary sets), and the defaults of the questions (window, tiers, region scheme).
//!
//! Parsing is two steps: serde reads the file into [`Spec`] (unknown keys are errors, so
//! a typo cannot silently fall back to a default), then [`Methodology::from_spec`]
//! validates what types cannot (references between sections, ISO codes, dates) and
//! compiles the rules. The hash is of the parsed spec, not of the file's bytes: comments
//! and layout do not change a finding's methodology hash, values do.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use fairwatch_core::country::{Continent, Gazetteer};
use fairwatch_core::fold::fold;

use crate::pattern::{Phrase, PhraseSet};

/// The methodology shipped with Fairwatch, with comments: `fairwatch methodology show`.
pub const DEFAULT_TOML: &str = include_str!("../methodology/default.toml");

/// A methodology that did not load: the file, the key, what is wrong, and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MethodologyError {
    #[error("{file}: {message}\n  hint: compare with the commented defaults: `fairwatch methodology show`")]
    Parse { file: String, message: String },
    #[error("{file}: `{key}`: {message}\n  hint: {hint}")]
    Invalid {
        file: String,
        key: String,
        message: String,
        hint: String,
    },
}

// ----------------------------------------------------------------------------------
// The file, as written
// ----------------------------------------------------------------------------------

/// The methodology file as parsed, before validation. Field order and `BTreeMap`s make
/// its JSON form canonical, which is what [`Methodology::sha256`] hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub methodology: About,
    pub window: WindowSpec,
    pub questions: QuestionSpec,
    pub headquarters: HeadquartersSpec,
    pub delegations: DelegationSpec,
    pub tiers: TierSpec,
    #[serde(rename = "capability")]
    pub capabilities: Vec<CapabilitySpec>,
    #[serde(rename = "evidence")]
    pub rules: Vec<RuleSpec>,
    pub regions: BTreeMap<String, RegionSpec>,
    pub groups: BTreeMap<String, GroupSpec>,
    /// Know-your-customer rules for `fairwatch kyc`; defaults when absent.
    #[serde(default)]
    pub kyc: KycSpec,
}

/// When an export needs a licence even though the customer is on no list: the
/// cyber-surveillance catch-all of Regulation (EU) 2021/821, article 5, applied to
/// destinations and declared end uses the methodology names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KycSpec {
    /// Country groups (keys of `[groups]`) whose members, on the day of the check, are
    /// destinations that need a licence.
    #[serde(default)]
    pub licence_groups: Vec<String>,
    /// More destinations that need a licence (ISO alpha-2).
    #[serde(default)]
    pub licence_countries: Vec<String>,
    /// Declared end uses that need a licence wherever the customer is (phrases,
    /// matched as whole words, case-insensitively).
    #[serde(default)]
    pub end_use_terms: Vec<String>,
    /// The legal basis cited with a "licence required" decision.
    #[serde(default = "default_kyc_citation")]
    pub citation: String,
}

fn default_kyc_citation() -> String {
    "Regulation (EU) 2021/821, article 5 (cyber-surveillance items not listed in Annex I)".into()
}

impl Default for KycSpec {
    fn default() -> KycSpec {
        KycSpec {
            licence_groups: Vec::new(),
            licence_countries: Vec::new(),
            end_use_terms: Vec::new(),
            citation: default_kyc_citation(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
}

/// Which years the questions look at: the last `last_years` of the data, or `from`..=`to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WindowSpec {
    pub last_years: Option<u32>,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSpec {
    /// The capabilities the questions count (the study's "interception/intrusion").
    pub capabilities: Vec<String>,
    /// The tiers counted as likely sellers in questions 2 to 4 and the time series.
    pub tiers: Vec<Tier>,
    /// A key of `[regions]`.
    pub region_scheme: String,
    /// A key of `[groups]`: whose markets count as adversaries'.
    pub adversaries: String,
    /// A key of `[groups]`: marketing here too makes an "irresponsible proliferator".
    pub allies: String,
    /// Count firms joined by lineage (a renamed firm) as one.
    #[serde(default)]
    pub follow_lineage: bool,
    /// Count an adversary's fair or delegation in the firm's own headquarters country
    /// (a Russian firm at a Moscow fair) as marketing to an adversary.
    #[serde(default)]
    pub count_home_market: bool,
    /// Which lineage relations join firms when `follow_lineage` is on.
    #[serde(default = "default_lineage_kinds")]
    pub lineage_kinds: Vec<String>,
}

fn default_lineage_kinds() -> Vec<String> {
    vec!["renamed_to".into()]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HqSource {
    /// The headquarters country of a linked vendor-list record.
    VendorList,
    /// The country the firm's own appearances declare most often.
    Declared,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadquartersSpec {
    /// Tried in order; the first that gives a country wins.
    pub sources: Vec<HqSource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegationSpec {
    /// Count adversaries' delegations as evidence at all.
    pub count: bool,
    /// Ignore delegations the source marks as retracted.
    pub exclude_retracted: bool,
    /// Count only delegations the source marks as having attended (most rows do not say).
    pub require_attended: bool,
}

/// Confidence that a firm sells a capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    High,
    Medium,
    Low,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::High, Tier::Medium, Tier::Low];
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::High => "high",
            Tier::Medium => "medium",
            Tier::Low => "low",
        }
    }
    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// For each tier, alternative conditions: the first tier with a condition that holds is
/// the firm's tier for that capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierSpec {
    pub high: Vec<Condition>,
    pub medium: Vec<Condition>,
    pub low: Vec<Condition>,
}

impl TierSpec {
    pub fn conditions(&self, tier: Tier) -> &[Condition] {
        match tier {
            Tier::High => &self.high,
            Tier::Medium => &self.medium,
            Tier::Low => &self.low,
        }
    }
}

/// Minimum counts of evidence items. `strong`: items of strength strong; `moderate`:
/// items of strength moderate or stronger; `weak`: items of any strength; `kinds`:
/// distinct kinds of evidence (vendor list, category, name, ...) among all items;
/// `events`: distinct events among the items that come from appearances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Condition {
    pub strong: u32,
    pub moderate: u32,
    pub weak: u32,
    pub kinds: u32,
    pub events: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapabilitySpec {
    pub id: String,
    pub label: String,
}

/// Where an evidence rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A capability tag of a linked vendor-list record (exact tag, folded).
    VendorTag,
    /// An exhibitor category an appearance declares.
    Category,
    /// The exhibitor name of an appearance.
    Name,
    /// A product name of a linked vendor-list record.
    Product,
    /// The series of an event the firm exhibits at (a specialist show such as ISS World).
    Series,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::VendorTag => "vendor_tag",
            EvidenceKind::Category => "category",
            EvidenceKind::Name => "name",
            EvidenceKind::Product => "product",
            EvidenceKind::Series => "series",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Weak,
    Moderate,
    Strong,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub capability: String,
    pub kind: EvidenceKind,
    /// Phrases (or, for `vendor_tag`, tags); any one matching is evidence.
    pub any: Vec<String>,
    /// Phrases that veto a match in the same text.
    #[serde(default)]
    pub unless: Vec<String>,
    pub strength: Strength,
}

/// A region scheme: a built-in one, or named groups of countries with a built-in scheme
/// for the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    #[serde(default)]
    pub label: String,
    /// `continent`, `un_region` or `un_subregion`.
    pub builtin: Option<String>,
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
    /// The built-in scheme for countries in none of `groups`.
    pub fallback: Option<String>,
}

const BUILTIN_REGIONS: [&str; 3] = ["continent", "un_region", "un_subregion"];

/// A group of countries with dated memberships (NATO, the EU) or undated (an adversary
/// set as a list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub label: String,
    /// Where the membership comes from (a treaty, a regulation, a web page and its date).
    pub source: String,
    pub members: Members,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Members {
    /// Members at all times.
    Always(Vec<String>),
    /// ISO code -> the date it joined, or `{ joined, left }`.
    Dated(BTreeMap<String, Period>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Period {
    Joined(String),
    Span {
        joined: String,
        #[serde(default)]
        left: Option<String>,
    },
}

// ----------------------------------------------------------------------------------
// Validated and compiled
// ----------------------------------------------------------------------------------

/// A loaded, valid methodology.
#[derive(Debug, Clone)]
pub struct Methodology {
    pub spec: Spec,
    /// Where it came from: a path, or "built-in default".
    pub origin: String,
    /// sha256 of the canonical JSON of [`Spec`].
    pub sha256: String,
    pub(crate) rules: Vec<Rule>,
    groups: BTreeMap<String, Group>,
    regions: BTreeMap<String, HashMap<&'static str, String>>,
}

/// An evidence rule ready to apply.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub capability: String,
    pub kind: EvidenceKind,
    pub strength: Strength,
    /// For `vendor_tag`: folded tags.
    pub tags: Vec<String>,
    pub phrases: PhraseSet,
}

#[derive(Debug, Clone, Default)]
struct Group {
    /// ISO code -> (joined, left), dates padded to `YYYY-MM-DD`; `None` = always.
    members: HashMap<String, (Option<String>, Option<String>)>,
}

impl Methodology {
    /// The methodology shipped with Fairwatch.
    pub fn builtin(gazetteer: &Gazetteer) -> Methodology {
        Methodology::parse(DEFAULT_TOML, "built-in default", gazetteer)
            .expect("the bundled methodology is valid (tested)")
    }

    /// Parses and validates TOML; `origin` names the file in errors.
    pub fn parse(
        toml_text: &str,
        origin: &str,
        gazetteer: &Gazetteer,
    ) -> Result<Methodology, MethodologyError> {
        let spec: Spec = toml::from_str(toml_text).map_err(|e| MethodologyError::Parse {
            file: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        Methodology::from_spec(spec, origin, gazetteer)
    }

    /// Validates a spec and compiles its rules.
    pub fn from_spec(
        spec: Spec,
        origin: &str,
        gazetteer: &Gazetteer,
    ) -> Result<Methodology, MethodologyError> {
        let v = Validator { origin };
        v.about(&spec.methodology)?;
        v.window(&spec.window)?;
        let capabilities = v.capabilities(&spec.capabilities)?;
        let rules = v.rules(&spec.rules, &capabilities)?;
        v.tiers(&spec.tiers)?;
        let groups = v.groups(&spec.groups, gazetteer)?;
        let regions = v.regions(&spec.regions, gazetteer)?;
        v.questions(&spec.questions, &capabilities, &spec.regions, &spec.groups)?;
        v.kyc(&spec.kyc, &spec.groups, gazetteer)?;
        if spec.headquarters.sources.is_empty() {
            return Err(v.invalid(
                "headquarters.sources",
                "is empty, so no firm would have a headquarters",
                "list one or both of \"vendor_list\" and \"declared\"",
            ));
        }
        let canonical = serde_json::to_string(&spec).expect("a spec serialises");
        let sha256 = Sha256::digest(canonical.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Methodology {
            spec,
            origin: origin.to_string(),
            sha256,
            rules,
            groups,
            regions,
        })
    }

    /// Whether `iso2` belongs to `group` on `date` (`YYYY-MM-DD`).
    pub fn member(&self, group: &str, iso2: &str, date: &str) -> bool {
        let Some(g) = self.groups.get(group) else {
            return false;
        };
        match g.members.get(iso2) {
            None => false,
            Some((joined, left)) => {
                joined.as_deref().is_none_or(|j| j <= date)
                    && left.as_deref().is_none_or(|l| date < l)
            }
        }
    }

    /// The members of a group at any time, sorted.
    pub fn group_members(&self, group: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .groups
            .get(group)
            .map(|g| g.members.keys().cloned().collect())
            .unwrap_or_default();
        out.sort();
        out
    }

    /// The region of a country under a scheme; `None` for an unknown code.
    pub fn region(&self, scheme: &str, iso2: &str) -> Option<&str> {
        self.regions.get(scheme)?.get(iso2).map(String::as_str)
    }

    /// The label of a capability, or its id.
    pub fn capability_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.spec
            .capabilities
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.label.as_str())
    }
}

/// Pads a partial ISO date (`2024`, `2024-03`, `2024-03-07`) to a full one, taking the
/// earliest day; `None` when it is not such a date.
pub fn pad_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize, lo: u32, hi: u32| {
        p.len() == len
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
    };
    let ok = match parts.as_slice() {
        [y] => num(y, 4, 1000, 9999),
        [y, m] => num(y, 4, 1000, 9999) && num(m, 2, 1, 12),
        [y, m, d] => num(y, 4, 1000, 9999) && num(m, 2, 1, 12) && num(d, 2, 1, 31),
        _ => false,
    };
    ok.then(|| match parts.len() {
        1 => format!("{s}-01-01"),
        2 => format!("{s}-01"),
        _ => s.to_string(),
    })
}

struct Validator<'a> {
    origin: &'a str,
}

impl Validator<'_> {
    fn invalid(&self, key: &str, message: &str, hint: &str) -> MethodologyError {
        MethodologyError::Invalid {
            file: self.origin.to_string(),
            key: key.to_string(),
            message: message.to_string(),
            hint: hint.to_string(),
        }
    }

    fn about(&self, a: &About) -> Result<(), MethodologyError> {
        if a.name.trim().is_empty() {
            return Err(self.invalid(
                "methodology.name",
                "is empty",
                "name the methodology so that findings can say which one they used",
            ));
        }
        if a.version.trim().is_empty() {
            return Err(self.invalid(
                "methodology.version",
                "is empty",
                "give a version such as \"1\" and change it when you change a value",
            ));
        }
        Ok(())
    }

    fn window(&self, w: &WindowSpec) -> Result<(), MethodologyError> {
        match (w.last_years, w.from, w.to) {
            (Some(0), _, _) => Err(self.invalid(
                "window.last_years",
                "is 0",
                "use 1 or more, e.g. `last_years = 10`",
            )),
            (Some(_), None, None) => Ok(()),
            (Some(_), _, _) => Err(self.invalid(
                "window",
                "sets both `last_years` and `from`/`to`",
                "keep either `last_years = 10` or `from = 2015` (with an optional `to`)",
            )),
            (None, None, _) => Err(self.invalid(
                "window",
                "sets neither `last_years` nor `from`",
                "add `last_years = 10`, or `from = 2015` and `to = 2024`",
            )),
            (None, Some(from), Some(to)) if to < from => Err(self.invalid(
                "window.to",
                &format!("{to} is before `from` ({from})"),
                "make `to` the same year as `from` or later",
            )),
            (None, Some(_), _) => Ok(()),
        }
    }

    fn capabilities(&self, caps: &[CapabilitySpec]) -> Result<Vec<String>, MethodologyError> {
        let mut ids: Vec<String> = Vec::new();
        for (i, c) in caps.iter().enumerate() {
            let key = format!("capability[{i}].id");
            if c.id.is_empty()
                || !c
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(self.invalid(
                    &key,
                    &format!("{:?} is not an identifier", c.id),
                    "use lower-case letters, digits and _, e.g. \"interception\"",
                ));
            }
            if ids.contains(&c.id) {
                return Err(self.invalid(
                    &key,
                    &format!("{:?} is defined twice", c.id),
                    "give each [[capability]] its own id",
                ));
            }
            ids.push(c.id.clone());
        }
        if ids.is_empty() {
            return Err(self.invalid(
                "capability",
                "no capabilities are defined",
                "add [[capability]] tables with `id` and `label`",
            ));
        }
        Ok(ids)
    }

    fn rules(
        &self,
        specs: &[RuleSpec],
        capabilities: &[String],
    ) -> Result<Vec<Rule>, MethodologyError> {
        let mut out: Vec<Rule> = Vec::new();
        for (i, r) in specs.iter().enumerate() {
            let at = |k: &str| format!("evidence[{i}] ({:?}).{k}", r.id);
            if r.id.trim().is_empty() {
                return Err(self.invalid(
                    &format!("evidence[{i}].id"),
                    "is empty",
                    "give every [[evidence]] rule an id: findings cite it",
                ));
            }
            if out.iter().any(|o| o.id == r.id) {
                return Err(self.invalid(
                    &at("id"),
                    "is used by an earlier rule",
                    "give each [[evidence]] rule its own id",
                ));
            }
            if !capabilities.contains(&r.capability) {
                return Err(self.invalid(
                    &at("capability"),
                    &format!("{:?} is not a defined capability", r.capability),
                    &format!("use one of: {}", capabilities.join(", ")),
                ));
            }
            if r.any.is_empty() {
                return Err(self.invalid(
                    &at("any"),
                    "is empty, so the rule can never match",
                    "list at least one phrase, or delete the rule",
                ));
            }
            let compile = |list: &[String], k: &str| -> Result<Vec<Phrase>, MethodologyError> {
                list.iter()
                    .map(|p| {
                        Phrase::new(p).ok_or_else(|| {
                            self.invalid(
                                &at(k),
                                &format!("{p:?} has no letters or digits"),
                                "write words, e.g. \"lawful interception\" or \"intercept*\"",
                            )
                        })
                    })
                    .collect()
            };
            let (tags, phrases) = if r.kind == EvidenceKind::VendorTag {
                (
                    r.any.iter().map(|t| fold(t)).collect(),
                    PhraseSet::default(),
                )
            } else {
                (
                    Vec::new(),
                    PhraseSet {
                        any: compile(&r.any, "any")?,
                        unless: compile(&r.unless, "unless")?,
                    },
                )
            };
            out.push(Rule {
                id: r.id.clone(),
                capability: r.capability.clone(),
                kind: r.kind,
                strength: r.strength,
                tags,
                phrases,
            });
        }
        Ok(out)
    }

    fn tiers(&self, t: &TierSpec) -> Result<(), MethodologyError> {
        for tier in Tier::ALL {
            for (i, c) in t.conditions(tier).iter().enumerate() {
                if *c == Condition::default() {
                    return Err(self.invalid(
                        &format!("tiers.{tier}[{i}]"),
                        "is empty, so every firm would qualify, even with no evidence",
                        "set at least one minimum, e.g. `{ strong = 1 }`",
                    ));
                }
            }
        }
        Ok(())
    }

    fn country(
        &self,
        key: &str,
        code: &str,
        gazetteer: &Gazetteer,
    ) -> Result<&'static str, MethodologyError> {
        gazetteer.get(code).map(|c| c.iso2).ok_or_else(|| {
            self.invalid(
                key,
                &format!("{code:?} is not an ISO 3166-1 alpha-2 country code"),
                "use two upper-case letters such as \"DE\" (\"XK\" for Kosovo)",
            )
        })
    }

    fn groups(
        &self,
        specs: &BTreeMap<String, GroupSpec>,
        gazetteer: &Gazetteer,
    ) -> Result<BTreeMap<String, Group>, MethodologyError> {
        let mut out = BTreeMap::new();
        for (name, g) in specs {
            let mut group = Group::default();
            match &g.members {
                Members::Always(list) => {
                    for code in list {
                        let iso =
                            self.country(&format!("groups.{name}.members"), code, gazetteer)?;
                        group.members.insert(iso.to_string(), (None, None));
                    }
                }
                Members::Dated(map) => {
                    for (code, period) in map {
                        let key = format!("groups.{name}.members.{code}");
                        let iso = self.country(&key, code, gazetteer)?;
                        let (joined, left) = match period {
                            Period::Joined(j) => (j.as_str(), None),
                            Period::Span { joined, left } => (joined.as_str(), left.as_deref()),
                        };
                        let date = |d: &str| {
                            pad_date(d).ok_or_else(|| {
                                self.invalid(
                                    &key,
                                    &format!("{d:?} is not a date"),
                                    "write \"YYYY-MM-DD\" (or \"YYYY\" / \"YYYY-MM\" when the day is not known)",
                                )
                            })
                        };
                        let joined = date(joined)?;
                        let left = left.map(date).transpose()?;
                        if left.as_deref().is_some_and(|l| l <= joined.as_str()) {
                            return Err(self.invalid(
                                &key,
                                "`left` is not after `joined`",
                                "check the two dates",
                            ));
                        }
                        group.members.insert(iso.to_string(), (Some(joined), left));
                    }
                }
            }
            out.insert(name.clone(), group);
        }
        Ok(out)
    }

    fn builtin_region(scheme: &str, c: &fairwatch_core::country::Country) -> String {
        match scheme {
            "continent" => c.continent.label().to_string(),
            "un_region" if !c.region.is_empty() => c.region.to_string(),
            "un_subregion" if !c.subregion.is_empty() => c.subregion.to_string(),
            _ => Continent::Antarctica.label().to_string(),
        }
    }

    fn regions(
        &self,
        specs: &BTreeMap<String, RegionSpec>,
        gazetteer: &Gazetteer,
    ) -> Result<BTreeMap<String, HashMap<&'static str, String>>, MethodologyError> {
        let mut out = BTreeMap::new();
        let known = || format!("use one of: {}", BUILTIN_REGIONS.join(", "));
        for (name, r) in specs {
            let check = |key: &str, b: &str| {
                if BUILTIN_REGIONS.contains(&b) {
                    Ok(())
                } else {
                    Err(self.invalid(
                        &format!("regions.{name}.{key}"),
                        &format!("{b:?} is not a built-in region scheme"),
                        &known(),
                    ))
                }
            };
            let base = match (&r.builtin, r.groups.is_empty(), &r.fallback) {
                (Some(b), true, None) => {
                    check("builtin", b)?;
                    b.clone()
                }
                (None, false, Some(f)) => {
                    check("fallback", f)?;
                    f.clone()
                }
                _ => {
                    return Err(self.invalid(
                        &format!("regions.{name}"),
                        "needs either `builtin`, or `groups` with a `fallback`",
                        "e.g. `builtin = \"continent\"`, or `groups = { \"Gulf\" = [\"AE\", \"SA\"] }` with `fallback = \"continent\"`",
                    ))
                }
            };
            let mut map: HashMap<&'static str, String> = gazetteer
                .all()
                .map(|c| (c.iso2, Validator::builtin_region(&base, c)))
                .collect();
            let mut seen: HashMap<&'static str, &str> = HashMap::new();
            for (region, codes) in &r.groups {
                for code in codes {
                    let key = format!("regions.{name}.groups.{region}");
                    let iso = self.country(&key, code, gazetteer)?;
                    if let Some(other) = seen.insert(iso, region) {
                        return Err(self.invalid(
                            &key,
                            &format!("{iso} is also in region {other:?}"),
                            "put each country in one region only",
                        ));
                    }
                    map.insert(iso, region.clone());
                }
            }
            out.insert(name.clone(), map);
        }
        Ok(out)
    }

    fn kyc(
        &self,
        k: &KycSpec,
        groups: &BTreeMap<String, GroupSpec>,
        gazetteer: &Gazetteer,
    ) -> Result<(), MethodologyError> {
        for g in &k.licence_groups {
            if !groups.contains_key(g) {
                return Err(self.invalid(
                    "kyc.licence_groups",
                    &format!("{g:?} is not defined under [groups]"),
                    &format!(
                        "use one of: {}",
                        groups.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        for c in &k.licence_countries {
            if gazetteer.get(c).is_none() {
                return Err(self.invalid(
                    "kyc.licence_countries",
                    &format!("{c:?} is not an ISO 3166-1 alpha-2 code"),
                    "use upper-case codes such as \"IR\"",
                ));
            }
        }
        Ok(())
    }

    fn questions(
        &self,
        q: &QuestionSpec,
        capabilities: &[String],
        regions: &BTreeMap<String, RegionSpec>,
        groups: &BTreeMap<String, GroupSpec>,
    ) -> Result<(), MethodologyError> {
        if q.capabilities.is_empty() {
            return Err(self.invalid(
                "questions.capabilities",
                "is empty",
                "list the capabilities the questions count, e.g. [\"interception\", \"intrusion\"]",
            ));
        }
        for c in &q.capabilities {
            if !capabilities.contains(c) {
                return Err(self.invalid(
                    "questions.capabilities",
                    &format!("{c:?} is not a defined capability"),
                    &format!("use ids of [[capability]]: {}", capabilities.join(", ")),
                ));
            }
        }
        if q.tiers.is_empty() {
            return Err(self.invalid(
                "questions.tiers",
                "is empty",
                "list the tiers counted as likely sellers, e.g. [\"high\", \"medium\"]",
            ));
        }
        if !regions.contains_key(&q.region_scheme) {
            return Err(self.invalid(
                "questions.region_scheme",
                &format!("{:?} is not defined under [regions]", q.region_scheme),
                &format!(
                    "use one of: {}",
                    regions.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        for (key, g) in [("adversaries", &q.adversaries), ("allies", &q.allies)] {
            if !groups.contains_key(g) {
                return Err(self.invalid(
                    &format!("questions.{key}"),
                    &format!("{g:?} is not defined under [groups]"),
                    &format!(
                        "use one of: {}",
                        groups.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        for k in &q.lineage_kinds {
            if fairwatch_core::model::LineageKind::parse(k).is_none() {
                return Err(self.invalid(
                    "questions.lineage_kinds",
                    &format!("{k:?} is not a lineage relation"),
                    "use renamed_to, spun_off_from, acquired_by or subsidiary_of",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::builtin()
    }

    fn with(edit: impl Fn(&mut toml::Table)) -> Result<Methodology, MethodologyError> {
        let mut t: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
        edit(&mut t);
        Methodology::parse(&toml::to_string(&t).unwrap(), "test.toml", &gaz())
    }

    fn key_of(e: MethodologyError) -> String {
        match e {
            MethodologyError::Invalid { key, .. } => key,
            MethodologyError::Parse { message, .. } => format!("parse: {message}"),
        }
    }

    #[test]
    fn the_default_is_valid_and_its_hash_ignores_comments() {
        let m = Methodology::builtin(&gaz());
        let stripped: String = DEFAULT_TOML
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let again = Methodology::parse(&stripped, "x", &gaz()).unwrap();
        assert_eq!(m.sha256, again.sha256);
        assert_eq!(m.sha256.len(), 64);
    }

    #[test]
    fn changing_a_value_changes_the_hash() {
        let a = Methodology::builtin(&gaz());
        let b = with(|t| {
            t["window"]["last_years"] = toml::Value::Integer(5);
        })
        .unwrap();
        assert_ne!(a.sha256, b.sha256);
    }

    #[test]
    fn nato_accessions_are_dated() {
        let m = Methodology::builtin(&gaz());
        assert!(m.member("nato", "FI", "2023-04-04"));
        assert!(!m.member("nato", "FI", "2023-04-03"));
        assert!(!m.member("nato", "SE", "2023-12-31"));
        assert!(m.member("nato", "SE", "2024-03-07"));
        assert!(m.member("nato", "US", "2010-01-01"));
        assert!(!m.member("nato", "RU", "2020-01-01"));
        // The UK left the EU on 31 January 2020.
        assert!(m.member("eu", "GB", "2019-06-01"));
        assert!(!m.member("eu", "GB", "2020-02-01"));
    }

    #[test]
    fn the_default_adversaries_are_those_of_15_cfr_791_4() {
        let m = Methodology::builtin(&gaz());
        let set = &m.spec.questions.adversaries;
        assert_eq!(
            m.group_members(set),
            ["CN", "CU", "HK", "IR", "KP", "RU", "VE"]
        );
    }

    #[test]
    fn regions_builtin_and_custom() {
        let m = Methodology::builtin(&gaz());
        assert_eq!(m.region("continent", "FR"), Some("Europe"));
        assert_eq!(m.region("continent", "AE"), Some("Asia"));
        assert_eq!(m.region("un_subregion", "FR"), Some("Western Europe"));
        let custom = with(|t| {
            let r: toml::Table = toml::from_str(
                "label = \"x\"\nfallback = \"continent\"\ngroups = { \"Gulf\" = [\"AE\", \"SA\"] }",
            )
            .unwrap();
            t["regions"]
                .as_table_mut()
                .unwrap()
                .insert("gulf".into(), r.into());
        })
        .unwrap();
        assert_eq!(custom.region("gulf", "AE"), Some("Gulf"));
        assert_eq!(custom.region("gulf", "QA"), Some("Asia"));
    }

    #[test]
    fn errors_name_the_key() {
        let e = with(|t| {
            t["questions"]["region_scheme"] = "planets".into();
        });
        assert_eq!(key_of(e.unwrap_err()), "questions.region_scheme");
        let e = with(|t| {
            t["evidence"][0]["capability"] = "telepathy".into();
        })
        .unwrap_err();
        assert!(key_of(e.clone()).ends_with(".capability"), "{e}");
        assert!(e.to_string().contains("use one of"), "{e}");
        let e = with(|t| {
            t["groups"]["nato"]["members"]
                .as_table_mut()
                .unwrap()
                .insert("ZZ".into(), "2001".into());
        })
        .unwrap_err();
        assert_eq!(key_of(e), "groups.nato.members.ZZ");
        let e = with(|t| {
            t["groups"]["nato"]["members"]["FI"] = "April 2023".into();
        })
        .unwrap_err();
        assert_eq!(key_of(e), "groups.nato.members.FI");
        let e = with(|t| {
            t["tiers"]["high"] = toml::Value::Array(vec![toml::Table::new().into()]);
        })
        .unwrap_err();
        assert_eq!(key_of(e), "tiers.high[0]");
        let e = with(|t| {
            t["window"]
                .as_table_mut()
                .unwrap()
                .insert("from".into(), 2010.into());
        })
        .unwrap_err();
        assert_eq!(key_of(e), "window");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let text = DEFAULT_TOML.replacen("[window]", "[window]\nlast_yaers = 3", 1);
        let e = Methodology::parse(&text, "mine.toml", &gaz()).unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("mine.toml:"), "{s}");
        assert!(s.contains("last_yaers"), "{s}");
        assert!(s.contains("line"), "{s}");
    }

    #[test]
    fn partial_dates_pad_to_the_earliest_day() {
        assert_eq!(pad_date("2024").as_deref(), Some("2024-01-01"));
        assert_eq!(pad_date("2024-03").as_deref(), Some("2024-03-01"));
        assert_eq!(pad_date("2024-03-07").as_deref(), Some("2024-03-07"));
        assert_eq!(pad_date("2024-13"), None);
        assert_eq!(pad_date("24"), None);
        assert_eq!(pad_date("2024-03-07T00"), None);
    }
}

#[cfg(test)]
mod never_panics {
    use super::*;

    proptest::proptest! {
        #[test]
        fn on_arbitrary_text(text in "\\PC{0,400}") {
            let _ = Methodology::parse(&text, "fuzz.toml", &Gazetteer::builtin());
        }

        #[test]
        fn on_the_default_with_one_line_replaced(line in 0usize..400, junk in "\\PC{0,40}") {
            let mut lines: Vec<String> = DEFAULT_TOML.lines().map(str::to_string).collect();
            let n = lines.len();
            lines[line % n] = junk;
            let _ = Methodology::parse(&lines.join("\n"), "fuzz.toml", &Gazetteer::builtin());
        }
    }
}
