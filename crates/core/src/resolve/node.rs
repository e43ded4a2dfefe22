//! Name nodes: every appearance whose name has the same comparison key, with the
//! evidence of all those rows pooled (countries, domains, events, categories). Nodes,
//! not rows, are what the resolver compares: 222,845 rows become far fewer nodes.
//!
//! A key declared in several countries gives one node per country, and a row that
//! declares no country is placed by its own evidence (website, its raw name's other
//! rows, its legal form's jurisdiction) before falling back to the best-attested part,
//! so that two firms sharing a name do not pool each other's rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::fold::fold;
use crate::names::{AnnotationKind, Name, Normaliser};

use super::evidence::{is_generic_domain, registrable_domain};
use super::Record;

/// All appearances sharing one comparison key.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Unique id: the key, or `key [CC]` when rows with the same key were declared in
    /// several countries and form several nodes.
    pub id: String,
    pub key: String,
    /// The key without generic words ("gamma group" -> "gamma").
    pub brand: String,
    pub brand_tokens: Vec<String>,
    pub tokens: Vec<String>,
    pub initials: Option<String>,
    /// The most frequent raw name.
    pub example: String,
    /// The most frequent display form (booth noise and annotations removed).
    pub display: String,
    /// Indexes of the records in this node.
    pub records: Vec<usize>,
    /// Raw names with their counts, most frequent first.
    pub raw_names: Vec<(String, usize)>,
    /// Declared countries with counts, most frequent first.
    pub countries: Vec<(String, usize)>,
    /// For a part of a name split by country whose rows declare none: the country its
    /// legal form implies ("NICE SPA": IT beside a British "NICE"). `None` for a
    /// name found in one country only.
    pub inferred_country: Option<String>,
    /// Identifying domains (generic ones removed later), sorted.
    pub domains: Vec<String>,
    /// The domains' names without their public suffix ("baesystems" for
    /// baesystems.com and baesystems.com.au), sorted: what is compared.
    pub domain_stems: Vec<String>,
    /// Event ids, sorted, unique.
    pub events: Vec<i64>,
    /// Folded categories, sorted, unique.
    pub categories: Vec<String>,
    /// Other names embedded in the raw names, and aliases given by the source, as keys,
    /// with how many of the node's rows name each (0 for the resolver's own additions,
    /// such as a name without its leading Chinese place).
    pub alternates: BTreeMap<String, usize>,
    /// Countries named by qualifiers stripped from raw names (GB for "Thales UK"): a
    /// national subsidiary's mark.
    pub qualifier_countries: Vec<String>,
    /// Set by the resolver: other names extend this one as a group brand.
    pub group_brand: bool,
    /// Set by the resolver: the domain the group's names share, when they do.
    pub group_domain: Option<String>,
    /// The key without spaces ("hackingteam"), for names written run together.
    pub compact: String,
    /// The key with each generic word replaced by its English concept ("selex sistemi
    /// integrati" -> "selex systems integration"): see [`crate::lexicon::gloss`].
    pub gloss: String,
    /// Set by the resolver: the leading labels of the web domains used by any node with
    /// this key, hyphens removed ("elbit" for elbit.co.il, "heckler-koch" ->
    /// "hecklerkoch"), sorted. See [`brand_site`].
    pub key_labels: Vec<String>,
    /// Set by the resolver: the countries declared by any node with this key, sorted.
    pub key_countries: Vec<String>,
    /// Lineage annotations found in raw names: (kind, the other firm's name).
    pub annotations: Vec<(AnnotationKind, String)>,
}

fn counted(map: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

impl Node {
    /// Recomputes [`Node::domain_stems`] from [`Node::domains`].
    pub fn set_domain_stems(&mut self) {
        let mut stems: Vec<String> = self.domains.iter().map(|d| domain_stem(d)).collect();
        stems.sort();
        stems.dedup();
        self.domain_stems = stems;
    }

    /// The most declared country, else the inferred one.
    pub fn top_country(&self) -> Option<&str> {
        self.countries
            .first()
            .map(|(c, _)| c.as_str())
            .or(self.inferred_country.as_deref())
    }

    pub fn has_country(&self, c: &str) -> bool {
        self.countries.iter().any(|(x, _)| x == c) || self.inferred_country.as_deref() == Some(c)
    }

    /// How many events both nodes appear at.
    pub fn shared_events(&self, other: &Node) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.events.len() && j < other.events.len() {
            match self.events[i].cmp(&other.events[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// Jaccard overlap of the two nodes' categories (0 when either has none).
    pub fn category_overlap(&self, other: &Node) -> f64 {
        if self.categories.is_empty() || other.categories.is_empty() {
            return 0.0;
        }
        let inter = self
            .categories
            .iter()
            .filter(|c| other.categories.binary_search(c).is_ok())
            .count();
        let union = self.categories.len() + other.categories.len() - inter;
        inter as f64 / union as f64
    }
}

/// What two domains must share to count as one site: the name without its suffix when
/// that name is long ("baesystems" for baesystems.com and baesystems.com.au) or a
/// made-up word of five letters or more ("airbus" for airbus.com and airbus.fr), else
/// the whole domain: a short or dictionary name ("tensor", "nice") is shared by
/// unrelated firms under other suffixes (tensor.co.uk, tensor.aero).
pub fn domain_stem(domain: &str) -> String {
    match domain.split_once('.') {
        Some((stem, _))
            if stem.len() >= 8 || (stem.len() >= 5 && crate::lexicon::is_made_up(stem)) =>
        {
            stem.to_string()
        }
        _ => domain.to_string(),
    }
}

/// A domain's leading label with hyphens removed: "rheinmetall-us.com" -> "rheinmetallus".
pub fn domain_label(domain: &str) -> String {
    domain.split('.').next().unwrap_or("").replace('-', "")
}

/// Does `division` use a website of its own that carries `brand`'s name, where the
/// brand's own rows use that bare name as a domain ("elbitamerica.com" for "Elbit
/// Systems of America" beside Elbit's "elbit.co.il"; "teledynemarine.com" beside
/// "teledyne.com")? Returns that domain.
///
/// Why: groups give their subsidiaries sites named brand-plus-word, so such a site is
/// evidence *for* the group, not a sign of an unrelated firm. The brand must own the
/// bare label (some row named as the brand uses it): "Viking Air" (vikingair.com) is
/// not part of a "Viking" whose sites are vikinglighting.com and viking-life.com. The
/// label must be the brand's leading distinctive words (not a generic word) and at
/// least five letters: "nice", "hk" or "global" say nothing. The brand must be a name
/// of two words or more ("Elbit Systems"; one word like "Polaris" or "Harris" starts
/// many unrelated firms' sites), be where the division is (some row with the brand's
/// name declares the division's country), and be the hub of its group (its own rows
/// use the domain its family shares): "Quantum Wave" (AU, quantumwave.com.au) is not
/// part of the American "Quantum" (quantum.com), whose family's shared site is
/// another firm's. A made-up brand ("Teledyne", "Teleplan") needs none of the three.
pub fn brand_site<'a>(division: &'a Node, brand: &Node) -> Option<&'a str> {
    // A one-word brand is too often a word many firms use ("Polaris", "Harris",
    // "Planet", "Target", "Zebra": each the start of several unrelated firms' sites).
    // A made-up one-word brand ("Teledyne": teledynemarine.com beside teledyne.com;
    // "Teleplan") is not such a word.
    let one_word_ok = super::made_up_lead(brand);
    if brand.key_labels.is_empty()
        || division.domains.is_empty()
        || (brand.tokens.len() < 2 && !one_word_ok)
    {
        return None;
    }
    let hub = brand
        .group_domain
        .as_ref()
        .is_some_and(|g| brand.domains.contains(g));
    let here = division.countries.is_empty()
        || division
            .countries
            .iter()
            .any(|(c, _)| brand.key_countries.binary_search(c).is_ok());
    // A made-up brand needs neither: no unrelated firm puts "teledyne" or "teleplan"
    // in its site ("Teleplan Forsberg", teleplanforsberg.com, in Britain beside the
    // Norwegian Teleplan).
    if !((hub && here) || one_word_ok) {
        return None;
    }
    // The first word must be a brand word, not a generic one ("Global ...").
    if brand.brand_tokens.first() != brand.tokens.first() {
        return None;
    }
    let mut prefix = String::new();
    let mut owned: Vec<String> = Vec::new();
    for t in &brand.tokens {
        prefix.push_str(t);
        if prefix.chars().count() >= 5 && brand.key_labels.binary_search(&prefix).is_ok() {
            owned.push(prefix.clone());
        }
    }
    division.domains.iter().map(String::as_str).find(|d| {
        let label = domain_label(d);
        owned
            .iter()
            .any(|p| label.len() > p.len() && label.starts_with(p.as_str()))
    })
}

/// Do all these names start with one distinctive word (five letters or more, not a
/// dictionary word), allowing a typo in it (two edits at most, the same length give or
/// take a letter: "Rhienmetall" for "Rheinmetall")?
fn one_brand(names: &[&String]) -> bool {
    let first = |k: &str| k.split(' ').next().unwrap_or("").to_string();
    let Some(lead) = names.first().map(|k| first(k)) else {
        return false;
    };
    lead.len() >= 5
        && !crate::lexicon::is_word(&lead)
        && names.iter().all(|k| {
            let w = first(k);
            w == lead
                || (w.len() >= 5
                    && w.len().abs_diff(lead.len()) <= 1
                    && rapidfuzz::distance::levenshtein::distance(w.chars(), lead.chars()) <= 2)
        })
}

/// One country's part of the rows sharing a key.
#[derive(Debug, Default)]
struct Part {
    rows: Vec<usize>,
    /// Rows that declared this country (the others were placed here).
    declared: usize,
    /// The country comes from a legal form, not from any row's declaration.
    inferred: bool,
}

/// Splits the rows of one key (`members`, in record order) by country. Rows declaring a
/// country form its part. A row declaring none goes, on the first evidence that
/// decides:
///
/// 1. to the part whose rows use its web or e-mail domain;
/// 2. to the part where the other rows with its exact raw name declared their country
///    (the same string in one record is most likely the same exhibitor: "Comark" at
///    AUSA 2022 is the "Comark" that declared US at AUSA 2023, not "COMARK d.o.o.");
/// 3. by its legal form: to the biggest part in a country where the form is used, or,
///    if there is none, to a new part in the form's typical country ("NICE SPA" is
///    Italian, not the British "NICE");
/// 4. otherwise to the biggest part (most declaring rows; ties: the smaller code).
///
/// Before, every such row joined the biggest part, which pooled one firm's rows into
/// another's node when the two shared a name.
fn place_undeclared(
    records: &[Record],
    members: &[usize],
    analysed: &HashMap<&str, Name>,
    normaliser: &Normaliser,
) -> BTreeMap<String, Part> {
    let mut parts: BTreeMap<String, Part> = BTreeMap::new();
    let mut undeclared = Vec::new();
    for &i in members {
        match &records[i].country {
            Some(c) => {
                let p = parts.entry(c.clone()).or_default();
                p.rows.push(i);
                p.declared += 1;
            }
            None => undeclared.push(i),
        }
    }
    if undeclared.is_empty() {
        return parts;
    }
    let domains_of = |i: usize| -> Vec<String> {
        let r = &records[i];
        r.websites
            .iter()
            .chain(&r.emails)
            .filter_map(|w| registrable_domain(w))
            .filter(|d| !is_generic_domain(d))
            .collect()
    };
    // Evidence from the declaring rows: domain -> countries, raw name -> countries.
    let mut by_domain: HashMap<String, BTreeSet<&str>> = HashMap::new();
    let mut by_raw: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    for &i in members {
        if let Some(c) = records[i].country.as_deref() {
            for d in domains_of(i) {
                by_domain.entry(d).or_default().insert(c);
            }
            *by_raw
                .entry(records[i].name.as_str())
                .or_default()
                .entry(c)
                .or_default() += 1;
        }
    }
    let biggest =
        |parts: &BTreeMap<String, Part>, among: &dyn Fn(&str) -> bool| -> Option<String> {
            parts
                .iter()
                .filter(|(c, _)| among(c))
                .max_by(|a, b| {
                    (a.1.declared, a.1.rows.len())
                        .cmp(&(b.1.declared, b.1.rows.len()))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map(|(c, _)| c.clone())
        };
    let mut unplaced = Vec::new();
    for i in undeclared {
        let r = &records[i];
        // 1. A domain used by exactly one part.
        let mut by_site: BTreeSet<&str> = BTreeSet::new();
        for d in domains_of(i) {
            if let Some(cs) = by_domain.get(&d) {
                by_site.extend(cs.iter().copied());
            }
        }
        let mut target: Option<(String, bool)> = None;
        if by_site.len() == 1 {
            target = by_site.first().map(|c| (c.to_string(), false));
        }
        // 2. The same raw name's declared country.
        if target.is_none() {
            target = by_raw.get(r.name.as_str()).and_then(|cs| {
                cs.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(c, _)| (c.to_string(), false))
            });
        }
        // 3. The legal form's countries.
        if target.is_none() {
            // Every form counts: "Vastech AS (Pty) Ltd" is South African ("Pty") as
            // well as Norwegian ("AS"), and joins the South African part.
            let forms = &analysed[r.name.as_str()].legal_forms;
            let countries: Vec<&String> = forms
                .iter()
                .flat_map(|f| normaliser.legal_form_countries(f))
                .collect();
            if let Some(first) = countries.first() {
                target = biggest(&parts, &|c| countries.iter().any(|x| *x == c))
                    .map(|c| (c, false))
                    .or_else(|| Some(((*first).clone(), true)));
            }
        }
        match target {
            Some((c, inferred)) => {
                let p = parts.entry(c).or_insert_with(|| Part {
                    inferred,
                    ..Part::default()
                });
                p.rows.push(i);
            }
            None => unplaced.push(i),
        }
    }
    // 4. The biggest part, or one part of the key when nothing is known.
    match biggest(&parts, &|_| true) {
        Some(c) => parts.get_mut(&c).expect("exists").rows.extend(unplaced),
        None => {
            parts.insert(
                String::new(),
                Part {
                    rows: unplaced,
                    ..Part::default()
                },
            );
        }
    }
    parts
}

/// Builds the nodes of `records`: analyses each distinct raw name once, groups rows by
/// key (and country, see below). Returns the nodes (sorted by id, so the result is
/// stable) and each record's node.
///
/// Raw names in `separate` get nodes of their own: a reviewer said they are not the firm
/// the other names with the same key are.
pub fn build(
    records: &[Record],
    normaliser: &Normaliser,
    separate: &BTreeSet<&str>,
) -> (Vec<Node>, Vec<usize>) {
    let mut analysed: HashMap<&str, Name> = HashMap::new();
    for r in records {
        analysed
            .entry(r.name.as_str())
            .or_insert_with(|| normaliser.analyse(&r.name));
    }
    // Keys: an empty key (a name of punctuation only) keeps its folded raw text so that
    // such rows never merge with anything else by accident.
    let key_of = |name: &Name| -> String {
        if name.key.is_empty() {
            format!("\u{2205}{}", fold(&name.raw))
        } else {
            name.key.clone()
        }
    };
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        by_key
            .entry(key_of(&analysed[r.name.as_str()]))
            .or_default()
            .push(i);
    }
    // One name can belong to different firms in different countries ("ATR" the French
    // aircraft maker, "ATR Ltd" a British security firm): rows with one key are split by
    // declared country, and rows without a country go where their evidence points (see
    // `place_undeclared`). The resolver then decides from the evidence whether the
    // parts are one firm.
    let mut groups: Vec<(String, String, Vec<usize>, Option<String>)> = Vec::new();
    for (key, mut members) in by_key {
        if !separate.is_empty() {
            let mut own: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            members.retain(|&i| {
                let name = records[i].name.as_str();
                let keep = !separate.contains(name);
                if !keep {
                    own.entry(name).or_default().push(i);
                }
                keep
            });
            for (name, part) in own {
                groups.push((format!("{key} \u{ab}{name}\u{bb}"), key.clone(), part, None));
            }
            if members.is_empty() {
                continue;
            }
        }
        let parts = place_undeclared(records, &members, &analysed, normaliser);
        // A key in one country only is one node; an inferred country only counts
        // where it tells two firms apart (alone it would be a guess).
        if parts.len() <= 1 {
            groups.push((key.clone(), key, members, None));
            continue;
        }
        for (country, mut part) in parts {
            part.rows.sort_unstable();
            let inferred = part.inferred.then(|| country.clone());
            groups.push((
                format!("{key} [{country}]"),
                key.clone(),
                part.rows,
                inferred,
            ));
        }
    }
    let mut node_of = vec![0usize; records.len()];
    let mut nodes = Vec::with_capacity(groups.len());
    for (n, (id, key, members, inferred_country)) in groups.into_iter().enumerate() {
        let mut raw: HashMap<String, usize> = HashMap::new();
        let mut display: HashMap<String, usize> = HashMap::new();
        let mut countries: HashMap<String, usize> = HashMap::new();
        let mut domains: BTreeSet<String> = BTreeSet::new();
        let mut events: BTreeSet<i64> = BTreeSet::new();
        let mut categories: BTreeSet<String> = BTreeSet::new();
        let mut alternates: BTreeMap<String, usize> = BTreeMap::new();
        let mut qualifier_countries: BTreeSet<String> = BTreeSet::new();
        let mut annotations: Vec<(AnnotationKind, String)> = Vec::new();
        for &i in &members {
            node_of[i] = n;
            let r = &records[i];
            let name = &analysed[r.name.as_str()];
            *raw.entry(r.name.clone()).or_default() += 1;
            *display.entry(name.display.clone()).or_default() += 1;
            if let Some(c) = &r.country {
                *countries.entry(c.clone()).or_default() += 1;
            }
            domains.extend(
                r.websites
                    .iter()
                    .chain(&r.emails)
                    .filter_map(|w| registrable_domain(w)),
            );
            events.insert(r.event);
            categories.extend(r.categories.iter().map(|c| fold(c)));
            // A name that embeds one other name ("HT SRL — HACKING TEAM") says both are
            // one firm; a name listing several ("Textron Systems | Textron Aviation |
            // Bell") is a joint stand, not an identity, unless every piece starts with
            // the same brand ("Rheinmetall Defence - Rheinmetall Soldier Electronics",
            // even with a typo in one): one group's units.
            let others: Vec<&String> = name.alternates.iter().filter(|k| **k != key).collect();
            let mut named: BTreeSet<String> = BTreeSet::new();
            if others.len() == 1 || one_brand(&others) {
                named.extend(others.iter().map(|k| (*k).clone()));
            }
            for alias in &r.aliases {
                let k = normaliser.key(alias);
                if !k.is_empty() && k != key {
                    named.insert(k);
                }
            }
            for k in named {
                *alternates.entry(k).or_default() += 1;
            }
            if let Some(q) = &name.qualifier {
                qualifier_countries.extend(q.iso2.clone());
            }
            for a in &name.annotations {
                if !annotations
                    .iter()
                    .any(|(k, n)| *k == a.kind && *n == a.name)
                {
                    annotations.push((a.kind, a.name.clone()));
                }
            }
        }
        let first = &analysed[records[members[0]].name.as_str()];
        let raw_names = counted(raw);
        let display = counted(display);
        let domains: Vec<String> = domains.into_iter().collect();
        nodes.push(Node {
            id,
            domain_stems: Vec::new(),
            brand: if first.brand.is_empty() {
                key.clone()
            } else {
                first.brand.clone()
            },
            brand_tokens: if first.brand.is_empty() {
                first.tokens.clone()
            } else {
                first.brand.split(' ').map(str::to_string).collect()
            },
            tokens: first.tokens.clone(),
            // "Micro Systemation AB" is known as "MSAB": the legal form's letters count.
            initials: first.initials.clone().map(|i| {
                if first.legal_forms.len() == 1 && first.legal_forms[0].len() <= 3 && i.len() == 2 {
                    format!("{i}{}", first.legal_forms[0].replace(' ', ""))
                } else {
                    i
                }
            }),
            group_brand: false,
            group_domain: None,
            key_labels: Vec::new(),
            key_countries: Vec::new(),
            compact: first.compact_key(),
            gloss: crate::lexicon::gloss_key(&first.key),
            example: raw_names[0].0.clone(),
            display: display[0].0.clone(),
            key,
            records: members,
            raw_names,
            countries: counted(countries),
            inferred_country,
            domains,
            events: events.into_iter().collect(),
            categories: categories.into_iter().collect(),
            alternates,
            qualifier_countries: qualifier_countries.into_iter().collect(),
            annotations,
        });
    }
    (nodes, node_of)
}
