//! Entity resolution: from exhibitor appearances to companies.
//!
//! 1. **Nodes** (`node`): rows whose names share a comparison key (from
//!    [`crate::names`]) are pooled with their evidence.
//! 2. **Candidates** (this file): pairs worth comparing, found without comparing all
//!    pairs: names embedded in other names or given as aliases, a group's brand as the
//!    leading words of a division's name, shared web/e-mail domains, names sharing
//!    their rarest word, neighbours in sorted order (typos), and reviewer decisions.
//! 3. **Scoring** (`score`): a sum of weighted, explained features.
//! 4. **Clustering** (`cluster`): pairs above the threshold are merged strongest first,
//!    but two clusters only merge when their *anchors* (the names they are known by)
//!    are compatible too, so a chain of near-matches cannot pull unrelated firms
//!    together; reviewer "keep apart" decisions are hard constraints.
//!
//! Pairs just below the threshold, or refused by the anchor check, go to review.
//! Everything is deterministic: the same records and decisions give the same result.

mod cluster;
pub mod eval;
pub mod evidence;
pub mod links;
pub mod node;
pub mod score;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::fold::slug;
use crate::names::Normaliser;

pub use node::Node;
pub use score::{Feature, Link, Scored};

/// One exhibitor appearance, as the resolver sees it.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The appearance's id in the store.
    pub id: i64,
    /// The event it belongs to (co-occurrence evidence).
    pub event: i64,
    pub name: String,
    pub aliases: Vec<String>,
    /// Declared country (ISO code).
    pub country: Option<String>,
    pub websites: Vec<String>,
    pub emails: Vec<String>,
    pub categories: Vec<String>,
}

/// Reviewer decisions, by raw names as they appear in the data, and firms known to be
/// different.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    pub merge: Vec<(String, String)>,
    pub keep_apart: Vec<(String, String)>,
    /// Pairs of firm names that lineage says are two firms (renamed, spun off or
    /// acquired: Hacking Team / Memento Labs), from the vendor lists and the user's
    /// lineage file. Unlike reviewer decisions these are names, not raw exhibitor
    /// strings: every node whose key, letters run together, or brand is the name's is
    /// kept apart from every node that is the other's. See [`distinct_firms`].
    pub distinct: Vec<(String, String)>,
}

/// The name pairs that lineage claims make two firms: renamed_to, spun_off_from and
/// acquired_by, from `vendors` (both directions of each claim) and the user's claims.
/// A subsidiary_of claim is not one: a subsidiary trading under its group's brand
/// belongs to the group's company.
pub fn distinct_firms(
    vendors: &[crate::model::Vendor],
    user: &[links::UserClaim],
) -> Vec<(String, String)> {
    use crate::model::LineageKind;
    let apart = |k: LineageKind| k != LineageKind::SubsidiaryOf;
    let mut out: Vec<(String, String)> = Vec::new();
    for v in vendors {
        for c in v.lineage.iter().chain(&v.incoming_lineage) {
            if apart(c.kind) {
                out.push((v.name.clone(), c.object.clone()));
            }
        }
    }
    for c in user {
        if apart(c.kind) {
            out.push((c.subject.clone(), c.object.clone()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// For each raw exhibitor name, the node holding most of its rows (ties: the smaller
/// node index): what a reviewer's decision or a labelled pair names.
pub fn node_of_raw<'a>(records: &'a [Record], node_of_record: &[usize]) -> HashMap<&'a str, usize> {
    let mut counts: HashMap<&str, HashMap<usize, usize>> = HashMap::new();
    for (record, &n) in records.iter().zip(node_of_record) {
        *counts
            .entry(record.name.as_str())
            .or_default()
            .entry(n)
            .or_default() += 1;
    }
    counts
        .into_iter()
        .filter_map(|(raw, nodes)| {
            nodes
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(n, _)| (raw, n))
        })
        .collect()
}

/// The nodes a firm name given by lineage stands for: those whose key, key run
/// together, or brand (for a brand of five letters or more) is the name's. Indexed
/// once, looked up per name.
struct NamedNodes<'a> {
    by_key: HashMap<&'a str, Vec<usize>>,
    by_compact: HashMap<&'a str, Vec<usize>>,
    by_brand: HashMap<&'a str, Vec<usize>>,
}

impl<'a> NamedNodes<'a> {
    fn new(nodes: &'a [Node]) -> Self {
        let mut named = NamedNodes {
            by_key: HashMap::new(),
            by_compact: HashMap::new(),
            by_brand: HashMap::new(),
        };
        for (i, n) in nodes.iter().enumerate() {
            named.by_key.entry(n.key.as_str()).or_default().push(i);
            named
                .by_compact
                .entry(n.compact.as_str())
                .or_default()
                .push(i);
            named.by_brand.entry(n.brand.as_str()).or_default().push(i);
        }
        named
    }

    /// The nodes `name` stands for, sorted.
    fn of(&self, normaliser: &Normaliser, name: &str) -> Vec<usize> {
        let n = normaliser.analyse(name);
        if n.key.is_empty() {
            return Vec::new();
        }
        let compact = n.compact_key();
        let mut out: Vec<usize> = [
            self.by_key.get(n.key.as_str()),
            self.by_compact.get(compact.as_str()),
            (n.brand.len() >= 5)
                .then(|| self.by_brand.get(n.brand.as_str()))
                .flatten(),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Thresholds of the resolver; recorded with every resolution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    /// A pair merges at or above this score.
    pub merge_at: f64,
    /// A pair at or above this score, but not merged, goes to review.
    pub review_at: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            merge_at: 4.0,
            review_at: 1.5,
        }
    }
}

/// The version of the resolution algorithm, stored with results so that a change of
/// method is visible.
pub const ALGORITHM: &str = "fairwatch-resolve/4";

/// A resolved firm.
#[derive(Debug, Clone, Serialize)]
pub struct Company {
    /// Stable id: a slug of the anchor name, suffixed when two firms share it.
    pub id: String,
    /// The name it is known by (the anchor node's most frequent display form).
    pub name: String,
    /// The anchor node's key.
    pub key: String,
    /// Headquarters as inferred from declared countries, with how.
    pub hq_iso2: Option<String>,
    pub hq_evidence: Option<String>,
    /// Indexes of its nodes; the anchor first.
    pub nodes: Vec<usize>,
    pub appearances: usize,
}

/// Why a node belongs to its company: the pair that joined its group to the rest.
/// All `None` for a company's anchor, and for nodes that joined as part of a group
/// whose own anchor carries the explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    /// The node on this node's side of the pair.
    pub from: Option<usize>,
    /// The node on the other side.
    pub via: Option<usize>,
    pub scored: Option<Scored>,
}

/// A pair for a reviewer: same firm or not?
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPair {
    pub a: usize,
    pub b: usize,
    pub scored: Scored,
    /// Why it was not merged automatically.
    pub reason: &'static str,
}

/// The outcome of a resolution.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub nodes: Vec<Node>,
    /// For each input record, its node.
    pub node_of_record: Vec<usize>,
    /// For each node, its company.
    pub company_of_node: Vec<usize>,
    pub memberships: Vec<Membership>,
    pub companies: Vec<Company>,
    pub review: Vec<ReviewPair>,
    pub settings: Settings,
    pub candidate_pairs: usize,
}

/// Resolves `records` into companies.
pub fn resolve(
    records: &[Record],
    normaliser: &Normaliser,
    decisions: &Decisions,
    settings: Settings,
) -> Resolution {
    // Keep-apart decisions between two names with one key: each name its own node.
    let separate: BTreeSet<&str> = decisions
        .keep_apart
        .iter()
        .filter(|(a, b)| normaliser.key(a) == normaliser.key(b))
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    let (nodes, node_of_record) = node::build(records, normaliser, &separate);
    let mut nodes = nodes;
    drop_hub_domains(&mut nodes);
    let brands = group_brands(&nodes, &key_index(&nodes), normaliser);
    // Why: a brand is a group whichever country's node of its name a cluster ends up
    // anchored on ("DuPont" is judged on its Swiss node, the most seen, but its American
    // node may anchor the company); the family was judged on the name.
    // Key of a group brand -> the domain its family shares, if any.
    let mut group_of_key: HashMap<String, Option<String>> = HashMap::new();
    for (n, (is_group, domain)) in nodes.iter().zip(brands) {
        if is_group {
            group_of_key.insert(n.key.clone(), domain);
        }
    }
    for n in nodes.iter_mut() {
        if let Some(domain) = group_of_key.get(&n.key) {
            n.group_brand = true;
            n.group_domain = domain.clone();
        }
    }
    let group: Vec<bool> = nodes.iter().map(|n| n.group_brand).collect();
    set_key_labels(&mut nodes);
    add_unplaced_names(&mut nodes, normaliser);

    let index = key_index(&nodes);
    // A decision's raw name stands for the node holding most of its rows.
    let raw_node = node_of_raw(records, &node_of_record);
    let by_raw = |raw: &str| raw_node.get(raw).copied();
    let mut must: Vec<(usize, usize)> = Vec::new();
    for (a, b) in &decisions.merge {
        if let (Some(x), Some(y)) = (by_raw(a), by_raw(b)) {
            if x != y {
                must.push((x, y));
            }
        }
    }
    let mut cannot: Vec<(usize, usize)> = Vec::new();
    for (a, b) in &decisions.keep_apart {
        if let (Some(x), Some(y)) = (by_raw(a), by_raw(b)) {
            if x != y {
                cannot.push((x, y));
            }
        }
    }
    // Why: a renamed or spun-off firm often keeps the other's name, site or alias in
    // the record ("Harris" rows on l3harris.com after the merger), which the scores
    // would read as one firm; lineage says they are two.
    if !decisions.distinct.is_empty() {
        let named = NamedNodes::new(&nodes);
        for (a, b) in &decisions.distinct {
            let (xs, ys) = (named.of(normaliser, a), named.of(normaliser, b));
            for &x in &xs {
                for &y in &ys {
                    if x != y && !xs.contains(&y) && !ys.contains(&x) {
                        cannot.push((x, y));
                    }
                }
            }
        }
    }

    let pairs = candidates(&nodes, &index, &group);
    let candidate_pairs = pairs.len();
    let mut edges: Vec<(usize, usize, Scored)> = pairs
        .into_iter()
        .map(|(a, b, link)| {
            let s = score::score(&nodes[a], &nodes[b], link);
            (a, b, s)
        })
        .chain(
            must.iter()
                .map(|&(a, b)| (a, b, score::score(&nodes[a], &nodes[b], Link::UserMerge))),
        )
        .collect();
    // Strongest first; ties broken by link kind and keys so the order is total.
    edges.sort_by(|x, y| {
        y.2.score
            .total_cmp(&x.2.score)
            .then_with(|| x.2.link.cmp(&y.2.link))
            .then_with(|| nodes[x.0].id.cmp(&nodes[y.0].id))
            .then_with(|| nodes[x.1].id.cmp(&nodes[y.1].id))
    });

    let outcome = cluster::cluster(&nodes, edges, &cannot, settings);
    let companies = companies(&nodes, &outcome.clusters);
    let mut company_of_node = vec![0; nodes.len()];
    for (c, company) in companies.iter().enumerate() {
        for &n in &company.nodes {
            company_of_node[n] = c;
        }
    }
    let mut review = outcome.review;
    review.retain(|p| company_of_node[p.a] != company_of_node[p.b]);
    // One pair per pair of companies: the strongest.
    let mut seen = BTreeSet::new();
    review.retain(|p| {
        let (x, y) = (company_of_node[p.a], company_of_node[p.b]);
        seen.insert((x.min(y), x.max(y)))
    });
    Resolution {
        nodes,
        node_of_record,
        company_of_node,
        memberships: outcome.memberships,
        companies,
        review,
        settings,
        candidate_pairs,
    }
}

/// Why two nodes are, or are not, one company: what `fairwatch evaluate --explain`
/// prints for every pair the resolver got wrong.
#[derive(Debug, Clone, Serialize)]
pub struct PairExplanation {
    /// How the candidate rules found the pair, if they did.
    pub link: Option<Link>,
    /// The pair's score: by its link, or as similar names when no rule found it.
    pub scored: Scored,
    /// The anchors of the two companies (the same when merged).
    pub anchors: (usize, usize),
    /// The anchors scored as similar names: what the no-chaining check compares.
    pub anchors_scored: Scored,
}

/// Explains pairs of nodes of a finished resolution, in order. Computes the candidate
/// pairs once (about a second on the full record): for diagnosis, not for the hot path.
pub fn explain_pairs(res: &Resolution, pairs: &[(usize, usize)]) -> Vec<PairExplanation> {
    let index = key_index(&res.nodes);
    let group: Vec<bool> = res.nodes.iter().map(|n| n.group_brand).collect();
    let links: HashMap<(usize, usize), (usize, usize, Link)> =
        candidates(&res.nodes, &index, &group)
            .into_iter()
            .map(|(x, y, link)| ((x.min(y), x.max(y)), (x, y, link)))
            .collect();
    let anchor = |n: usize| res.companies[res.company_of_node[n]].nodes[0];
    pairs
        .iter()
        .map(|&(a, b)| {
            let found = links.get(&(a.min(b), a.max(b))).copied();
            let scored = match found {
                Some((x, y, link)) => score::score(&res.nodes[x], &res.nodes[y], link),
                None => score::score(&res.nodes[a], &res.nodes[b], Link::Similar),
            };
            let (xa, xb) = (anchor(a), anchor(b));
            PairExplanation {
                link: found.map(|f| f.2),
                scored,
                anchors: (xa, xb),
                anchors_scored: score::score(&res.nodes[xa], &res.nodes[xb], Link::Similar),
            }
        })
        .collect()
}

/// Key -> the node with most appearances among those with that key.
pub(crate) fn key_index(nodes: &[Node]) -> HashMap<&str, usize> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        index
            .entry(n.key.as_str())
            .and_modify(|j| {
                if nodes[*j].records.len() < n.records.len() {
                    *j = i
                }
            })
            .or_insert(i);
    }
    index
}

/// Domains shared by many nodes with unrelated names are organisers' catalogues,
/// distributors or hosting, not identity: drop them from every node. "Unrelated" means a
/// different first word: a group's subsidiaries ("BAE Systems Hägglunds", "BAE Systems
/// Bofors") share their group's domain legitimately.
fn drop_hub_domains(nodes: &mut [Node]) {
    let mut brands: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for n in nodes.iter() {
        let first = n.tokens.first().map(String::as_str).unwrap_or("");
        for d in &n.domains {
            brands.entry(d.as_str()).or_default().insert(first);
        }
    }
    let hubs: BTreeSet<String> = brands
        .into_iter()
        .filter(|(d, b)| b.len() > 6 || evidence::is_generic_domain(d))
        .map(|(d, _)| d.to_string())
        .collect();
    for n in nodes.iter_mut() {
        n.domains.retain(|d| !hubs.contains(d));
        n.set_domain_stems();
    }
}

/// A Chinese firm's name often starts with its city or province of registration
/// ("Zhejiang Dahua Technology", "Hangzhou Hikvision Digital Technology") while its
/// subsidiaries and foreign rows drop it ("Dahua Technology", "Hikvision UK"): the name
/// without the leading place, its brand words, and its first word when distinctive, are
/// other names of the firm, like embedded names (scored on the evidence as those are:
/// another country or another site still counts against). Only
/// when what is left has a distinctive word of five letters or more ("Shenzhen
/// Technology" does not name "Technology"); the rule for keys embedded by many names
/// still applies, so a word after many places ("Beijing Aviation", "Shanghai Aviation")
/// is a category.
fn add_unplaced_names(nodes: &mut [Node], normaliser: &Normaliser) {
    // In how many names (keys) each word occurs: a one-word name left after the place
    // must be rare ("hikvision", in 17 names), not a word many firms use ("smart",
    // "falcon", "maritime", "elite": 40 to 200 names each).
    let mut df: HashMap<&str, usize> = HashMap::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for n in nodes.iter() {
        if seen.insert(n.key.as_str()) {
            for t in n.tokens.iter().collect::<BTreeSet<_>>() {
                *df.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    let rare = |w: &str| df.get(w).copied().unwrap_or(0) <= 20;
    let mut extra: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        let Some(len) = normaliser.leading_city(&n.tokens) else {
            continue;
        };
        let rest = &n.tokens[len..];
        let distinctive = rest.iter().any(|t| {
            t.chars().count() >= 5 && !normaliser.is_common(t) && n.brand_tokens.contains(t)
        });
        if !distinctive {
            continue;
        }
        let rest_key = rest.join(" ");
        let rest_brand = rest
            .iter()
            .filter(|t| !normaliser.is_generic(t))
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        // The first word after the place, when distinctive, is the brand the firm
        // trades under abroad ("Hikvision" for "Hangzhou Hikvision Digital Technology").
        let lead = &rest[0];
        let rest_lead = if lead.chars().count() >= 5 && !normaliser.is_common(lead) {
            lead.clone()
        } else {
            String::new()
        };
        let keys: Vec<String> = [rest_key, rest_brand, rest_lead]
            .into_iter()
            .filter(|k| !k.is_empty() && *k != n.key && (k.contains(' ') || rare(k)))
            .collect();
        extra.push((i, keys));
    }
    for (i, keys) in extra {
        // Named by no row: the resolver's own reading.
        for k in keys {
            nodes[i].alternates.entry(k).or_insert(0);
        }
    }
}

/// Every node gets the domain labels and countries of all nodes with its key (one name split by
/// country still owns its sites together): what [`node::brand_site`] compares.
fn set_key_labels(nodes: &mut [Node]) {
    let mut labels: HashMap<String, (BTreeSet<String>, BTreeSet<String>)> = HashMap::new();
    for n in nodes.iter() {
        let (l, c) = labels.entry(n.key.clone()).or_default();
        l.extend(n.domains.iter().map(|d| node::domain_label(d)));
        c.extend(n.countries.iter().map(|(x, _)| x.clone()));
    }
    for n in nodes.iter_mut() {
        let (l, c) = &labels[&n.key];
        n.key_labels = l.iter().cloned().collect();
        n.key_countries = c.iter().cloned().collect();
    }
}

/// Which nodes are *group brands*: names that other names extend ("Thales" in "Thales
/// UK", "BAE Systems" in "BAE Systems Applied Intelligence") and that are safe to treat
/// as the group those names belong to.
///
/// The record itself tells brands from common words: the extensions of a real group
/// share its web domain ("thalesgroup.com"), while the names that merely start with
/// "Delta", "Global", "China" or "Defence" have unrelated domains. Where too few names
/// carry domains to tell, a multi-word brand with a small family is accepted, a single
/// word is not.
fn group_brands(
    nodes: &[Node],
    index: &HashMap<&str, usize>,
    normaliser: &Normaliser,
) -> Vec<(bool, Option<String>)> {
    let mut family: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        for len in 1..n.tokens.len() {
            if let Some(&j) = index.get(n.tokens[..len].join(" ").as_str()) {
                family[j].push(i);
            }
        }
    }
    let mut same_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        same_key.entry(n.key.as_str()).or_default().push(i);
    }
    nodes
        .iter()
        .enumerate()
        .map(|(j, brand)| {
            let members = &family[j];
            if members.is_empty() {
                return (false, None);
            }
            let with_domains: Vec<usize> = std::iter::once(j)
                .chain(members.iter().copied())
                .filter(|&m| !nodes[m].domains.is_empty())
                .collect();
            let mut freq: HashMap<&str, usize> = HashMap::new();
            for &m in &with_domains {
                for d in &nodes[m].domains {
                    *freq.entry(d.as_str()).or_default() += 1;
                }
            }
            let (top_domain, top) = freq
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(d, n)| (Some(d.to_string()), *n))
                .unwrap_or((None, 0));
            let n = with_domains.len();
            // Why: one firm's own units can share its site inside a family of unrelated
            // names that start with a common word ("Microwave Products Group" and
            // "Microwave Product Group" on mpgdover.com among the "Microwave ..." firms;
            // "IPS Marketing Resources" and "IPS Securex" on ipsmktg.com). For a brand
            // that starts with a dictionary word or one of three letters or fewer, the
            // shared site speaks for the brand only when the brand's own rows use it,
            // when at least three different continuations of the brand do ("General
            // Dynamics Land Systems", "... Mission Systems", "... Ordnance"), or when
            // five names or national parts do (gdels.com, by "General Dynamics European
            // Land Systems" in five countries). A made-up brand ("Chemring", "Tusas")
            // is not shared by unrelated firms: its family's shared site is enough.
            let spoken_for = !common_lead(brand)
                || top_domain.as_deref().is_some_and(|d| {
                    let own = same_key[brand.key.as_str()]
                        .iter()
                        .any(|&k| nodes[k].domains.iter().any(|x| x == d));
                    let continuations: BTreeSet<&str> = members
                        .iter()
                        .filter(|&&m| nodes[m].domains.iter().any(|x| x == d))
                        .filter_map(|&m| nodes[m].tokens.get(brand.tokens.len()))
                        .map(String::as_str)
                        .collect();
                    own || continuations.len() >= 3 || top >= 5
                });
            // Enough domains to judge: a shared domain among a good part of the family.
            let coherent =
                spoken_for && ((top >= 3 && top * 4 >= n) || (top >= 2 && top * 10 >= n * 4));
            // Too few to judge: a small family is a group, a big one a common word
            // ("China ...", "Global ...", "Defence ...").
            let made_up = made_up_lead(brand) && !normaliser.is_place_word(&brand.tokens[0]);
            let small = match brand.brand_tokens.len() {
                0 | 1 if !made_up => members.len() <= 12,
                _ => members.len() <= 30,
            };
            // Without domains, the family should at least mostly declare one country:
            // "Gamma ..." names from FR, GB, HU, MY and ID are unrelated firms.
            let mut countries: HashMap<&str, usize> = HashMap::new();
            for &m in std::iter::once(&j).chain(members) {
                if let Some(c) = nodes[m].top_country() {
                    *countries.entry(c).or_default() += 1;
                }
            }
            let with_country: usize = countries.values().sum();
            let top_country = countries.values().copied().max().unwrap_or(0);
            let one_country = with_country <= 1 || top_country * 10 >= with_country * 6;
            // A made-up word's family is a group across countries ("EADS CASA" in
            // Spain, "EADS Astrium" in France; "Huawei Technologies" in Qatar).
            let group = coherent
                || (small
                    && (one_country || made_up)
                    && (n < 3 || brand.brand_tokens.len() >= 2 || made_up));
            (group, if coherent { top_domain } else { None })
        })
        .collect()
}

/// Does the name start with a word that many unrelated firms use: an English
/// dictionary word ("Microwave", "Harris", "Operator") or one of three letters or fewer
/// ("IPS", "PAL")?
pub(crate) fn common_lead(node: &Node) -> bool {
    node.tokens
        .first()
        .is_none_or(|t| t.chars().count() <= 3 || crate::lexicon::is_word(t))
}

/// Does the name start with a made-up brand word ("Teledyne", "Aselsan", "Huawei"):
/// a distinctive word of five letters or more that no dictionary has, nor starts
/// ([`crate::lexicon::is_made_up`])? Unrelated firms rarely share such a word, so a
/// family of names that start with it is one group even across countries and sites,
/// which a family under "Gamma" or "Polaris" is not. Place names ("Hubei", "Bretagne")
/// pass this test; [`group_brands`] rules them out, the site rules do not yet.
pub(crate) fn made_up_lead(node: &Node) -> bool {
    match (node.tokens.first(), node.brand_tokens.first()) {
        (Some(t), Some(b)) => t == b && t.len() >= 5 && crate::lexicon::is_made_up(t),
        _ => false,
    }
}

/// A group whose brand is two distinctive words or more, whose own rows use its
/// family's shared site, and which owns a site named after its whole brand
/// ("Northrop Grumman", northropgrumman.com): a name too specific to start an unrelated
/// firm's.
pub(crate) fn specific_group(brand: &Node) -> bool {
    brand.brand_tokens.len() >= 2
        && brand.brand_tokens.len() == brand.tokens.len()
        && brand
            .group_domain
            .as_ref()
            .is_some_and(|g| brand.domains.contains(g))
        && brand.key_labels.binary_search(&brand.compact).is_ok()
}

/// Is a name that starts with a brand's `len` words a numbered sibling rather than a
/// unit? It ends in a number ("China Aviation Industry Corporation I" and "... II" are
/// two firms), or the rest is a number with single letters ("NICE 4 U"), which names
/// no unit. (A stray letter alone, "Sagem B", is left-over punctuation of the same
/// name.)
fn names_no_unit(tokens: &[String], len: usize) -> bool {
    use crate::names::is_numeral;
    let rest = &tokens[len..];
    tokens.last().is_some_and(|t| is_numeral(t))
        || (rest.iter().all(|t| t.chars().count() == 1 || is_numeral(t))
            && rest.iter().any(|t| t.bytes().all(|b| b.is_ascii_digit())))
}

/// Does the rest of a division's name (after the brand) name another big firm, one of
/// the brand's own size? Then it is a joint venture ("Thales Raytheon Systems",
/// "Samsung Thales"), not a division. A much smaller firm named after the brand is one
/// the group bought and kept the name of ("Northrop Grumman LITEF", "HENSOLDT Kelvin
/// Hughes").
fn names_another_firm(
    rest: &[String],
    brand: &Node,
    index: &HashMap<&str, usize>,
    nodes: &[Node],
) -> bool {
    (0..rest.len()).any(|start| {
        (start + 1..=rest.len().min(start + 3)).any(|end| {
            index
                .get(rest[start..end].join(" ").as_str())
                .is_some_and(|&k| {
                    let other = nodes[k].records.len();
                    other >= 20 && other * 3 >= brand.records.len()
                })
        })
    })
}

/// The established firm whose whole name ends `n`'s name after words that qualify it
/// rather than name another firm: a nationality ("American Rheinmetall"), a division
/// ("SIGINT EW & Communications Division ELTA Systems"), or a parent's name where `n`
/// uses the firm's own site ("IAI-ELTA Systems" on iai.co.il like ELTA Systems;
/// "EADS Defence & Security - Cassidian" on cassidian.com).
///
/// Why: such names put the group or the country first and the firm's own name last,
/// which the brand rules (leading words) do not see. The firm must be seen five times
/// or more and have a word of its own (four letters or more, in no dictionary): a
/// name ending in "Aerospace" or "Metal Improvement" is not thereby another firm's. A
/// joint venture ("Nurol BAE Systems", nurolbaesystems.com) names its parents but
/// neither qualifies them nor uses their sites. (Any name ending in a known firm was
/// tried: "Curtiss Wright Metal Improvement" and hundreds more went wrong.)
fn qualified_name(n: &Node, nodes: &[Node], index: &HashMap<&str, usize>) -> Option<usize> {
    (1..n.tokens.len()).find_map(|start| {
        let &j = index.get(n.tokens[start..].join(" ").as_str())?;
        let firm = &nodes[j];
        let established = firm.records.len() >= 5
            && firm
                .tokens
                .iter()
                .any(|t| t.len() >= 4 && !crate::lexicon::is_word(t));
        let lead = &n.tokens[..start];
        let qualified = (start == 1 && score::nationality(&lead[0]).is_some())
            || lead.last().is_some_and(|t| t == "division")
            || score::shares_site(n, firm)
            || n.domains
                .iter()
                .any(|d| node::domain_label(d) == firm.compact);
        (established && qualified).then_some(j)
    })
}

/// Candidate pairs (node, node, how found), each pair once.
fn candidates(
    nodes: &[Node],
    index: &HashMap<&str, usize>,
    group: &[bool],
) -> Vec<(usize, usize, Link)> {
    // (pair) -> (link, first, second): the order matters for divisions (division,
    // brand) and embedded names (container, embedded).
    let mut out: HashMap<(usize, usize), (Link, usize, usize)> = HashMap::new();
    let mut add = |a: usize, b: usize, link: Link| {
        if a == b {
            return;
        }
        let k = (a.min(b), a.max(b));
        // Keep the most specific way a pair was found (lower = more specific).
        out.entry(k)
            .and_modify(|e| {
                if link < e.0 {
                    *e = (link, a, b)
                }
            })
            .or_insert((link, a, b));
    };

    // Embedded names and aliases. A key embedded by many different names is a
    // category or a place ("Aircraft", "Pavilion"), not another name of each firm.
    // Count names (keys), not nodes: one name split by country is still one name.
    let mut embedded_by: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for n in nodes {
        for k in n.alternates.keys() {
            embedded_by
                .entry(k.as_str())
                .or_default()
                .insert(n.key.as_str());
        }
    }
    // An embedded name may be given in another language than the firm's own rows
    // ("BNA (Nurol BAE Systems Air Systems)" beside "... Hava Sistemleri").
    let mut gloss_index: HashMap<&str, usize> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.gloss != n.key {
            gloss_index
                .entry(n.gloss.as_str())
                .and_modify(|j| {
                    if nodes[*j].records.len() < n.records.len() {
                        *j = i
                    }
                })
                .or_insert(i);
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        for k in n.alternates.keys() {
            if embedded_by[k.as_str()].len() > 3 {
                continue;
            }
            let translated = || {
                gloss_index
                    .get(crate::lexicon::gloss_key(k).as_str())
                    .copied()
                    .filter(|&j| score::share_own_word(&nodes[j].tokens, k))
            };
            if let Some(j) = index.get(k.as_str()).copied().or_else(translated) {
                add(i, j, Link::Alternate);
            }
        }
    }

    // Group brands: the longest leading run of words that is itself a node, when that
    // node is a group brand (or shares a domain with this name), and the rest of the
    // name does not name another firm.
    for (i, n) in nodes.iter().enumerate() {
        for len in (1..n.tokens.len()).rev() {
            let prefix = n.tokens[..len].join(" ");
            if let Some(&j) = index.get(prefix.as_str()) {
                let brand = &nodes[j];
                // Shared site: the same domain name under any suffix (baesystems.com,
                // baesystems.com.au) or the group's domain.
                let group_stem = brand.group_domain.as_deref().map(node::domain_stem);
                let shares_domain = n
                    .domain_stems
                    .iter()
                    .any(|d| brand.domain_stems.contains(d) || group_stem.as_ref() == Some(d));
                // A site named after the brand is not a site of its own (but does not
                // make a common word a group: "Quantum Wave", quantumwave.com.au, is not
                // part of Quantum, quantum.com).
                let branded_site = node::brand_site(n, brand).is_some();
                // A name with its own, different website is its own firm, not a division
                // ("Viking Air", vikingair.com, is not a division of "VIKING"); nor is a
                // name far better attested than the "brand" it starts with.
                // The brand's site may be on another country's node of its name ("IPS"
                // in Italy uses ips-intelligence.com; an "IPS" row elsewhere has none).
                // A one-word dictionary brand with no site at all proves nothing either
                // (a short initialism does: "SS8", "DXC", "FMV" units): its "divisions"
                // with sites of their own are firms that start with the same word
                // ("Operator XR", operatorxr.com, and "Operator TS",
                // operatorsimulation.com, beside a siteless "Operator").
                let brand_has_site = !brand.domains.is_empty()
                    || !brand.key_labels.is_empty()
                    || brand.group_domain.is_some()
                    || (brand.tokens.len() == 1 && crate::lexicon::is_word(&brand.key));
                // Why: a group whose brand is two distinctive words and whose own rows
                // use its family's shared site is too specific a name to start an
                // unrelated firm's ("Northrop Grumman LITEF" on litef.de is Northrop
                // Grumman's); a one-word brand is not ("Viking Air"). Likewise a
                // made-up brand's unit at home ("Aselsan Hassas Optik", aho.com.tr, in
                // Turkey beside Aselsan).
                let units_may_have_sites = specific_group(brand)
                    || (made_up_lead(brand)
                        && group[j]
                        && n.countries
                            .first()
                            .is_some_and(|(c, _)| brand.key_countries.binary_search(c).is_ok()));
                // Why: a part of the name without a site, whose name has one in another
                // country (an Indian "Elettronica Aster" beside the Italian one on
                // elaster.it), is that firm's: the name's site speaks for it, under a
                // one-word brand that is a word many firms use ("elettronica" is
                // "electronics"). A longer or made-up brand's units are judged on their
                // own sites (the American part of "TUSAS Aerospace Industries").
                let name_has_own_site = brand.tokens.len() == 1
                    && common_lead(brand)
                    && n.domains.is_empty()
                    && !n.key_labels.is_empty()
                    && n.key_labels.iter().all(|l| {
                        brand.key_labels.binary_search(l).is_err()
                            && !l.starts_with(brand.compact.as_str())
                            && brand
                                .group_domain
                                .as_deref()
                                .is_none_or(|g| node::domain_label(g) != *l)
                    });
                let own_site = (!n.domains.is_empty() || name_has_own_site)
                    && !shares_domain
                    && !branded_site
                    && brand_has_site
                    && !units_may_have_sites;
                let outweighs =
                    n.records.len() > 2 * brand.records.len() + 5 && brand.group_domain.is_none();
                // Why: a firm bought by a group keeps its name after the brand
                // ("Esterline CMC Electronics", "Rheinmetall Expal Munitions"); when such a
                // name uses the group's own domain (esterline.com, rheinmetall.com) it is
                // the group's unit, not a joint venture with a site of its own (rbsl.com,
                // thalesraytheon.com).
                let on_group_site = brand
                    .group_domain
                    .as_ref()
                    .is_some_and(|g| n.domains.contains(g));
                let another =
                    !on_group_site && names_another_firm(&n.tokens[len..], brand, index, nodes);
                let numbered = names_no_unit(&n.tokens, len);
                if (group[j] || shares_domain) && !own_site && !outweighs && !another && !numbered {
                    add(i, j, Link::Division);
                }
                break;
            }
        }
    }

    // Qualified names: an established firm's name after words that say whose or where
    // it is, not another firm's. See [`qualified_name`].
    for (i, n) in nodes.iter().enumerate() {
        if let Some(j) = qualified_name(n, nodes, index) {
            add(i, j, Link::Alternate);
        }
    }

    // Shared domains.
    let mut by_domain: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        for d in &n.domains {
            by_domain.entry(d.as_str()).or_default().push(i);
        }
    }
    for members in by_domain.values() {
        if members.len() <= 12 {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    add(a, b, Link::Domain);
                }
            }
        } else {
            // A big family (e.g. a group's many subsidiaries): link each to the node
            // with most appearances rather than all pairs.
            let hub = *members
                .iter()
                .max_by_key(|&&m| nodes[m].records.len())
                .unwrap_or(&members[0]);
            for &m in members {
                add(m, hub, Link::Domain);
            }
        }
    }

    // Similar names: pairs sharing their rarest brand word.
    let mut df: HashMap<&str, usize> = HashMap::new();
    for n in nodes {
        for t in n.brand_tokens.iter().collect::<BTreeSet<_>>() {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        let rarest = n
            .brand_tokens
            .iter()
            .filter(|t| t.chars().count() >= 3 && !t.chars().all(|c| c.is_ascii_digit()))
            .min_by_key(|t| (df[t.as_str()], t.as_str()));
        if let Some(t) = rarest {
            postings.entry(t.as_str()).or_default().push(i);
        }
    }
    let mut tokens_index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        for t in n.brand_tokens.iter().collect::<BTreeSet<_>>() {
            tokens_index.entry(t.as_str()).or_default().push(i);
        }
    }
    for (token, owners) in &postings {
        let Some(block) = tokens_index.get(token) else {
            continue;
        };
        if block.len() > 400 {
            continue; // too common to be a block: the other rules cover such names
        }
        for &a in owners {
            for &b in block {
                if a != b && close_names(&nodes[a], &nodes[b]) {
                    add(a, b, Link::Similar);
                }
            }
        }
    }

    // Typos in the first word: neighbours in sorted order of the key and of the
    // reversed key.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    for reversed in [false, true] {
        let sort_key = |i: usize| -> String {
            if reversed {
                nodes[i].id.chars().rev().collect()
            } else {
                nodes[i].id.clone()
            }
        };
        let keys: Vec<String> = (0..nodes.len()).map(sort_key).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        for w in 0..order.len() {
            for v in order.iter().skip(w + 1).take(4) {
                let (a, b) = (order[w], *v);
                if close_names(&nodes[a], &nodes[b]) {
                    add(a, b, Link::Similar);
                }
            }
        }
    }

    // One key declared in several countries.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        by_key.entry(n.key.as_str()).or_default().push(i);
    }
    for members in by_key.values().filter(|m| m.len() > 1) {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                add(a, b, Link::Similar);
            }
        }
    }

    // Names written run together ("HackingTeam" / "Hacking Team"), or in two
    // languages ("Selex Sistemi Integrati" / "Selex Systems Integration").
    for translated in [false, true] {
        let mut by: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            let same = if translated { &n.gloss } else { &n.compact };
            by.entry(same.as_str()).or_default().push(i);
        }
        // Members that all share one key are paired by the one-key rule above.
        let several_keys = |m: &&Vec<usize>| m.iter().any(|&x| nodes[x].key != nodes[m[0]].key);
        for members in by
            .values()
            .filter(|m| m.len() > 1 && m.len() <= 12)
            .filter(several_keys)
        {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    add(a, b, Link::Similar);
                }
            }
        }
    }

    // A name that is another's site name ("CETCI", cetci.cn): see
    // [`score::named_after_site`].
    let mut by_compact: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.domains.is_empty() {
            by_compact.entry(n.compact.as_str()).or_default().push(i);
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        for d in &n.domains {
            if let Some(named) = by_compact.get(node::domain_label(d).as_str()) {
                for &j in named.iter().take(12) {
                    if score::named_after_site(&nodes[j], n).is_some() {
                        add(j, i, Link::Similar);
                    }
                }
            }
        }
    }

    // Acronyms: a one-word key equal to the initials of a longer name.
    for (i, n) in nodes.iter().enumerate() {
        if let Some(initials) = &n.initials {
            if initials.len() >= 3 {
                if let Some(&j) = index.get(initials.as_str()) {
                    add(i, j, Link::Acronym);
                }
            }
        }
    }

    let mut pairs: Vec<(usize, usize, Link)> =
        out.into_values().map(|(l, a, b)| (a, b, l)).collect();
    pairs.sort_unstable();
    pairs
}

/// Cheap pre-filter for the similar-name rules.
fn close_names(a: &Node, b: &Node) -> bool {
    let (la, lb) = (a.key.len(), b.key.len());
    if la.min(lb) * 2 < la.max(lb) {
        return score::shortened(a, b);
    }
    score::jw(&a.key, &b.key) >= 0.9
        || (a.brand == b.brand && !a.brand.is_empty())
        || score::shortened(a, b)
}

/// Builds companies from clusters of nodes: name, id, headquarters.
fn companies(nodes: &[Node], clusters: &[Vec<usize>]) -> Vec<Company> {
    let mut out: Vec<Company> = clusters
        .iter()
        .map(|members| {
            let anchor = &nodes[members[0]];
            let appearances = members.iter().map(|&n| nodes[n].records.len()).sum();
            // Headquarters: the anchor's most declared country; failing that, the
            // cluster's.
            let (hq_iso2, hq_evidence) = match anchor.countries.first() {
                Some((c, k)) => (
                    Some(c.clone()),
                    Some(format!(
                        "declared by {k} of {} appearances named {:?}",
                        anchor.records.len(),
                        anchor.example
                    )),
                ),
                None => {
                    let mut counts: HashMap<&str, usize> = HashMap::new();
                    for &n in members {
                        for (c, k) in &nodes[n].countries {
                            *counts.entry(c.as_str()).or_default() += k;
                        }
                    }
                    let best = counts
                        .into_iter()
                        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)));
                    match best {
                        Some((c, k)) => (
                            Some(c.to_string()),
                            Some(format!(
                                "declared by {k} of {appearances} appearances of the company"
                            )),
                        ),
                        None => (None, None),
                    }
                }
            };
            Company {
                id: String::new(),
                name: anchor.display.trim().to_string(),
                key: anchor.key.clone(),
                hq_iso2,
                hq_evidence,
                nodes: members.clone(),
                appearances,
            }
        })
        .collect();
    // Stable ids: slug of the anchor key (ASCII already), numbered on collision in key
    // order so the numbering does not depend on anything else.
    out.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.name.cmp(&b.name)));
    let mut used: HashMap<String, usize> = HashMap::new();
    for c in &mut out {
        let mut base = slug(&c.key);
        if base.is_empty() {
            base = "company".into();
        }
        let n = used.entry(base.clone()).or_default();
        *n += 1;
        c.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
    out
}

#[cfg(test)]
mod tests;
