//! The engine: lists loaded into a [`ListIndex`], queries screened one at a time or in
//! parallel batches, and two names compared directly. Results carry the threshold and
//! [`crate::ALGORITHM`] they were decided with.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use fairwatch_core::country::Gazetteer;
use fairwatch_core::names::Normaliser;
use fairwatch_sources::lists::{EntityKind, ListEntry, NameKind};

use crate::index::{IndexedEntry, IndexedName, ListIndex};
use crate::score::{adjustments, name_score, Adjustment, Explanation};
use crate::text::{birth_date, identifier, ScreenName};
use crate::{ALGORITHM, DEFAULT_THRESHOLD};

/// What is screened: a name and what else is known about the party.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    pub name: String,
    pub kind: Option<EntityKind>,
    /// ISO alpha-2.
    pub country: Option<String>,
    pub birth: Option<(i32, Option<String>)>,
    /// Normalised identifiers (see [`crate::text::identifier`]).
    pub identifiers: Vec<String>,
}

impl Query {
    pub fn name(name: impl Into<String>) -> Query {
        Query {
            name: name.into(),
            ..Query::default()
        }
    }

    /// Sets the country from a code or a name the gazetteer knows; `Err` names it.
    pub fn country(mut self, text: &str, gazetteer: &Gazetteer) -> Result<Query, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(self);
        }
        let c = gazetteer
            .by_code(text)
            .or_else(|| gazetteer.lookup(text))
            .ok_or_else(|| {
                format!("unknown country {text:?}: give an ISO code (DE) or an English name")
            })?;
        self.country = Some(c.iso2.to_string());
        Ok(self)
    }

    pub fn birth_date(mut self, text: &str) -> Result<Query, String> {
        if !text.trim().is_empty() {
            self.birth = Some(birth_date(text).ok_or_else(|| {
                format!("cannot read the date of birth {text:?}: use YYYY-MM-DD or YYYY")
            })?);
        }
        Ok(self)
    }

    pub fn identifier(mut self, text: &str) -> Query {
        self.identifiers.extend(identifier(text));
        self
    }
}

/// The decision settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    /// A hit at or above this score is an alert.
    pub threshold: f64,
    /// Hits below this are not reported at all (near misses between this and the
    /// threshold are reported as non-alerts, for review).
    pub floor: f64,
    /// At most this many hits per query.
    pub max_hits: usize,
    /// `compare`: also link two names that one list entry gives (one a name of the
    /// entry, the other close to another of its names; docs/SCREENING.md); off, only
    /// the names themselves are compared.
    pub entry_links: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            threshold: DEFAULT_THRESHOLD,
            floor: DEFAULT_THRESHOLD,
            max_hits: 10,
            entry_links: true,
        }
    }
}

/// One list entry a query matched, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub list: String,
    pub entry_id: String,
    pub entry_name: String,
    pub entry_kind: EntityKind,
    pub sub_list: Option<String>,
    pub programs: Vec<String>,
    pub countries: Vec<String>,
    /// The entry's name that matched best, and what kind of name it is.
    pub matched_name: String,
    pub name_kind: NameKind,
    pub score: f64,
    pub alert: bool,
    pub explanation: Explanation,
}

/// `fairwatch compare`: two names scored directly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub score: f64,
    /// `match` at or above the threshold, else `no_match`.
    pub decision: &'static str,
    pub threshold: f64,
    pub algorithm: &'static str,
    pub explanation: Explanation,
}

/// Lists loaded and indexed, ready to screen.
pub struct Matcher {
    pub gazetteer: Gazetteer,
    normaliser: Normaliser,
    pub index: ListIndex,
    pub settings: Settings,
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl Matcher {
    pub fn new(lists: Vec<(String, Vec<ListEntry>)>, settings: Settings) -> Matcher {
        let gazetteer = Gazetteer::builtin();
        let normaliser = Normaliser::new(&gazetteer);
        let index = ListIndex::build(lists, &normaliser, &gazetteer);
        Matcher {
            gazetteer,
            normaliser,
            index,
            settings,
        }
    }

    /// The full score of a list name with its explanation.
    fn explain(
        &self,
        q: &Query,
        read: &ScreenName,
        qw: &[f64],
        name: &IndexedName,
    ) -> (f64, Explanation) {
        let entry = &self.index.entries[name.entry as usize];
        let (base, words) = name_score(read, qw, &name.read, &name.weights);
        let adjustments = adjustments(q, name, entry);
        let total = (base + adjustments.iter().map(|a| a.delta).sum::<f64>()).clamp(0.0, 1.0);
        (
            round(total),
            Explanation {
                name_score: round(base),
                words,
                adjustments,
            },
        )
    }

    /// The query read as a company and as a person, as its kind allows: each list
    /// name is compared with the reading of its own entry's kind.
    fn readings(&self, q: &Query) -> Readings {
        let with_weights = |r: ScreenName| {
            let w = crate::score::weights(&self.index, &r);
            (r, w)
        };
        let company = (q.kind != Some(EntityKind::Person))
            .then(|| ScreenName::read(&self.normaliser, &q.name))
            .flatten()
            .map(with_weights);
        let person = (q.kind != Some(EntityKind::Organisation))
            .then(|| ScreenName::read_person(&q.name))
            .flatten()
            .map(with_weights);
        [company, person]
    }

    /// The entries `q` matches at or above the floor, best first, one hit per entry.
    ///
    /// Candidates whose found words cannot lift them to the floor are skipped
    /// unscored; the rest get the quick name score, adjustments only when they could
    /// matter, and an explanation only when they are reported.
    pub fn screen(&self, q: &Query) -> Vec<Hit> {
        let readings = self.readings(q);
        let mut candidates: Vec<(u32, f64)> = Vec::new();
        for (read, w) in readings.iter().flatten() {
            candidates.extend(self.index.candidates(read, w));
        }
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        candidates.dedup_by_key(|c| c.0);
        // The most qualifiers can add: country, date of birth; an identifier more.
        let lift = if q.identifiers.is_empty() { 0.08 } else { 0.58 };
        let floor = self.settings.floor;
        let mut best: HashMap<u32, (f64, u32, usize)> = HashMap::new();
        for (c, found) in candidates {
            let name = &self.index.names[c as usize];
            let entry = &self.index.entries[name.entry as usize];
            let person = entry.entry.kind == EntityKind::Person;
            let pick = if person { 1 } else { 0 };
            let Some((r, (read, qw))) = readings[pick]
                .as_ref()
                .map(|x| (pick, x))
                .or_else(|| readings[1 - pick].as_ref().map(|x| (1 - pick, x)))
            else {
                continue;
            };
            let qt: f64 = qw.iter().sum();
            // A list name is scored only when the words that connect it to the query
            // (exactly or within one edit) could carry it near the floor: twice their
            // weight over both names' weight, with slack for words that pair up by
            // transliteration. This is part of the algorithm, not only a shortcut: it
            // keeps out names that share nothing distinctive with the query (on the
            // exhibitor record, 114 of 6,788 exhaustive hits, all of them spurious:
            // "SOUTH AFRICAN AIRWAYS" and "AFRICADA AIRWAYS").
            if 1.2 * (2.0 * found) / (qt + name.total) + lift + 0.1 < floor {
                continue;
            }
            let base = crate::score::quick_score(read, qw, &name.read, &name.weights);
            if base + lift < floor {
                continue;
            }
            let delta: f64 = adjustments(q, name, entry).iter().map(|a| a.delta).sum();
            let score = round((base + delta).clamp(0.0, 1.0));
            if score < floor {
                continue;
            }
            let slot = best.entry(name.entry).or_insert((-1.0, c, r));
            if score > slot.0 {
                *slot = (score, c, r);
            }
        }
        let mut hits: Vec<Hit> = best
            .into_values()
            .filter_map(|(_, c, r)| {
                let name = &self.index.names[c as usize];
                let (read, qw) = readings[r].as_ref()?;
                let (score, explanation) = self.explain(q, read, qw, name);
                let e: &IndexedEntry = &self.index.entries[name.entry as usize];
                Some(Hit {
                    list: e.list.clone(),
                    entry_id: e.entry.id.clone(),
                    entry_name: e.entry.names[0].text.clone(),
                    entry_kind: e.entry.kind,
                    sub_list: e.entry.sub_list.clone(),
                    programs: e.entry.programs.clone(),
                    countries: e.countries.clone(),
                    matched_name: e.entry.names[name.name as usize].text.clone(),
                    name_kind: name.kind,
                    score,
                    alert: score >= self.settings.threshold,
                    explanation,
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.list.cmp(&b.list))
                .then_with(|| a.entry_id.cmp(&b.entry_id))
        });
        hits.truncate(self.settings.max_hits);
        hits
    }

    /// Screens many queries on every core; `progress` is called once per query done.
    pub fn screen_batch(&self, queries: &[Query], progress: &(dyn Fn() + Sync)) -> Vec<Vec<Hit>> {
        queries
            .par_iter()
            .map(|q| {
                let hits = self.screen(q);
                progress();
                hits
            })
            .collect()
    }

    /// Whether a list entry of `entry` kind may stand for a party of `kind`.
    fn kind_fits(kind: Option<EntityKind>, entry: EntityKind) -> bool {
        match kind {
            Some(EntityKind::Person) => entry == EntityKind::Person,
            Some(_) => entry != EntityKind::Person,
            None => true,
        }
    }

    /// Two names one list entry gives: when `named` is, however spaced, a name of an
    /// entry, `other` is scored against each of that entry's names, for the lists say
    /// they all name one party ("Candiru" and "Saito Tech Ltd.", "Positive
    /// Technologies" and "POZITIV TEKNOLODZHIZ, AO"). The best such score of at least
    /// [`ENTRY_LINK_MIN`], with the entry. Both names come as [`Matcher::readings`].
    /// Consulted only when the names alone fall short of the threshold: a match needs
    /// no second hand.
    fn via_entry(
        &self,
        named: &Readings,
        other: &Readings,
        kind: Option<EntityKind>,
    ) -> Option<EntryLink> {
        let mut best: Option<EntryLink> = None;
        for (pick, read) in named.iter().enumerate() {
            let (Some((read, _)), Some((other, ow))) = (read, &other[pick]) else {
                continue;
            };
            for &x in self.index.names_with_compact(&read.compact) {
                let entry = self.index.names[x as usize].entry;
                let e = self.index.entries[entry as usize].entry.kind;
                if usize::from(e == EntityKind::Person) != pick || !Self::kind_fits(kind, e) {
                    continue;
                }
                for m in self.index.entry_names(entry) {
                    let name = &self.index.names[m];
                    // A name sharing no word cannot reach the bar (every word would
                    // need a near-perfect partner): skip it unscored.
                    let t = &name.read.tokens;
                    if other.compact != name.read.compact
                        && !other.tokens.iter().any(|w| t.contains(w))
                    {
                        continue;
                    }
                    let score = crate::score::quick_score(other, ow, &name.read, &name.weights);
                    if score >= ENTRY_LINK_MIN && best.as_ref().is_none_or(|b| score > b.score) {
                        best = Some(EntryLink {
                            score,
                            named: x,
                            matched: m as u32,
                            pick,
                        });
                    }
                }
            }
        }
        best
    }

    /// The better of the two ways round of [`Matcher::via_entry`]; `swapped` when `a`
    /// is the name the entry gives exactly.
    fn entry_link(
        &self,
        ra: &Readings,
        rb: &Readings,
        kind: Option<EntityKind>,
    ) -> Option<(EntryLink, bool)> {
        if !self.settings.entry_links {
            return None;
        }
        let one = self.via_entry(rb, ra, kind).map(|l| (l, false));
        let two = self.via_entry(ra, rb, kind).map(|l| (l, true));
        match (one, two) {
            (Some(x), Some(y)) => Some(if y.0.score > x.0.score { y } else { x }),
            (x, y) => x.or(y),
        }
    }

    /// Both names of a pair read as their kinds allow, and which reading compares them
    /// directly (1, person, when either is a person).
    fn pair_readings(
        &self,
        a: &Query,
        b: &str,
        b_kind: Option<EntityKind>,
    ) -> (Readings, Readings, usize, Option<EntityKind>) {
        let kind = b_kind.or(a.kind);
        let person = b_kind == Some(EntityKind::Person) || a.kind == Some(EntityKind::Person);
        let read = |text: &str| {
            self.readings(&Query {
                kind: if person {
                    Some(EntityKind::Person)
                } else {
                    kind
                },
                ..Query::name(text)
            })
        };
        (read(&a.name), read(b), usize::from(person), kind)
    }

    /// The score of [`Matcher::compare`] alone, without the explanation (word rarity
    /// from the loaded lists): for scoring many labelled pairs. `None` when a name has
    /// nothing to compare.
    pub fn compare_score(&self, a: &Query, b: &str, b_kind: Option<EntityKind>) -> Option<f64> {
        let (ra, rb, pick, kind) = self.pair_readings(a, b, b_kind);
        let ((x, xw), (y, yw)) = (ra[pick].as_ref()?, rb[pick].as_ref()?);
        let mut base = crate::score::quick_score(x, xw, y, yw);
        if base < self.settings.threshold {
            if let Some((link, _)) = self.entry_link(&ra, &rb, kind) {
                base = base.max(link.score - self.weak_penalty(&link));
            }
        }
        // Of the qualifiers only the entity type applies to a bare pair of names.
        let clash = matches!(
            (a.kind, b_kind),
            (Some(EntityKind::Organisation), Some(EntityKind::Person))
                | (Some(EntityKind::Person), Some(EntityKind::Organisation))
        );
        Some(round(
            (base - if clash { 0.10 } else { 0.0 }).clamp(0.0, 1.0),
        ))
    }

    /// A list's weak alias on either side of an entry link weighs a little less.
    fn weak_penalty(&self, link: &EntryLink) -> f64 {
        let weak = |n: u32| self.index.names[n as usize].kind == NameKind::Weak;
        if weak(link.named) || weak(link.matched) {
            0.05
        } else {
            0.0
        }
    }

    /// [`Matcher::compare_score`] for many pairs `(a, b, kind)`, on every core.
    pub fn compare_scores(
        &self,
        pairs: &[(Query, String, Option<EntityKind>)],
    ) -> Vec<Option<f64>> {
        pairs
            .par_iter()
            .map(|(a, b, kind)| self.compare_score(a, b, *kind))
            .collect()
    }

    /// Scores `a` against `b` with the explanation, decided at the threshold: the
    /// names compared directly and, below the threshold, through a list entry that
    /// gives both (reported as a `list_entry` adjustment).
    pub fn compare(
        &self,
        a: &Query,
        b: &str,
        b_kind: Option<EntityKind>,
    ) -> Result<Comparison, String> {
        let (ra, rb, pick, kind) = self.pair_readings(a, b, b_kind);
        let (x, qw) = ra[pick]
            .clone()
            .ok_or_else(|| format!("{:?} has no letters or digits to compare", a.name))?;
        let (y, _) = rb[pick]
            .clone()
            .ok_or_else(|| format!("{b:?} has no letters or digits to compare"))?;
        let entry = IndexedEntry {
            list: String::new(),
            entry: ListEntry::new("", b_kind.unwrap_or(EntityKind::Unknown), b),
            countries: Vec::new(),
            birth: Vec::new(),
            identifiers: Vec::new(),
        };
        let weights = crate::score::weights(&self.index, &y);
        let name = IndexedName {
            entry: 0,
            name: 0,
            kind: NameKind::Primary,
            total: weights.iter().sum(),
            weights,
            read: y,
        };
        let (mut base, mut words) = name_score(&x, &qw, &name.read, &name.weights);
        let mut adjustments = adjustments(a, &name, &entry);
        if base < self.settings.threshold {
            if let Some((link, swapped)) = self.entry_link(&ra, &rb, kind) {
                let penalty = self.weak_penalty(&link);
                if link.score - penalty > base {
                    let named = &self.index.names[link.named as usize];
                    let matched = &self.index.names[link.matched as usize];
                    let e = &self.index.entries[named.entry as usize];
                    let (other, exact) = if swapped {
                        (b, a.name.as_str())
                    } else {
                        (a.name.as_str(), b)
                    };
                    let other_read = if swapped { &rb } else { &ra };
                    if let Some((r, w)) = &other_read[link.pick] {
                        (base, words) = name_score(r, w, &matched.read, &matched.weights);
                    }
                    adjustments.push(Adjustment {
                        feature: "list_entry",
                        detail: format!(
                            "{exact:?} is a name of {} entry {} ({}); {other:?} was compared \
                             with its name {:?}",
                            e.list,
                            e.entry.id,
                            e.entry.names[0].text,
                            e.entry.names[matched.name as usize].text
                        ),
                        delta: 0.0,
                    });
                    if penalty > 0.0 {
                        adjustments.push(Adjustment {
                            feature: "weak_alias",
                            detail: "the list marks this alias as weak or low quality".into(),
                            delta: -penalty,
                        });
                    }
                }
            }
        }
        let score =
            round((base + adjustments.iter().map(|x| x.delta).sum::<f64>()).clamp(0.0, 1.0));
        Ok(Comparison {
            a: a.name.clone(),
            b: b.to_string(),
            score,
            decision: if score >= self.settings.threshold {
                "match"
            } else {
                "no_match"
            },
            threshold: self.settings.threshold,
            algorithm: ALGORITHM,
            explanation: Explanation {
                name_score: round(base),
                words,
                adjustments,
            },
        })
    }
}

/// A name read as a company and as a person, each with its word weights.
type Readings = [Option<(ScreenName, Vec<f64>)>; 2];

/// The least score a name needs against a list entry's name for a pair to be linked
/// through that entry: the link is second-hand, so the first hand must be close.
pub const ENTRY_LINK_MIN: f64 = 0.9;

/// Two names one list entry gives, linking a compared pair (see
/// [`Matcher::via_entry`]): the name given exactly, the one the other side matched
/// and how well, and which reading (0 company, 1 person) was used.
struct EntryLink {
    score: f64,
    named: u32,
    matched: u32,
    pick: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        let mut gamma = ListEntry::new("g1", EntityKind::Organisation, "Gamma Group");
        gamma.add_name("Gamma International GmbH", NameKind::Alias);
        gamma.countries.push("GB".into());
        let mut kim = ListEntry::new("p1", EntityKind::Person, "KIM, Jong Un");
        kim.birth_dates.push("1984-01-08".into());
        let stilsoft = ListEntry::new("s1", EntityKind::Organisation, "OOO STILSOFT");
        let mut saito = ListEntry::new("c1", EntityKind::Organisation, "SAITO TECH LTD.");
        saito.add_name("CANDIRU", NameKind::Alias);
        let filler: Vec<ListEntry> = (0..50)
            .map(|i| {
                ListEntry::new(
                    format!("f{i}"),
                    EntityKind::Organisation,
                    format!("Trading Company Number{i}"),
                )
            })
            .collect();
        let mut lists = vec![("test".to_string(), vec![gamma, kim, stilsoft, saito])];
        lists.push(("filler".to_string(), filler));
        Matcher::new(lists, Settings::default())
    }

    #[test]
    fn exact_reordered_transliterated_and_typo_names_alert() {
        let m = matcher();
        let top = |q: Query| m.screen(&q).first().map(|h| (h.entry_id.clone(), h.alert));
        assert_eq!(
            top(Query::name("Gamma Group Ltd")),
            Some(("g1".into(), true))
        );
        assert_eq!(top(Query::name("Jong Un Kim")), Some(("p1".into(), true)));
        assert_eq!(top(Query::name("ООО СТИЛСОФТ")), Some(("s1".into(), true)));
        assert_eq!(
            top(Query::name("Gamma Internationl GmbH")),
            Some(("g1".into(), true))
        );
    }

    #[test]
    fn effbe_gamma_raises_no_alert_against_gamma_entries() {
        let m = matcher();
        assert!(m
            .screen(&Query::name("EFFBE GAMMA"))
            .iter()
            .all(|h| !h.alert));
        let c = m
            .compare(
                &Query::name("EFFBE GAMMA"),
                "Gamma Group",
                Some(EntityKind::Organisation),
            )
            .unwrap();
        assert_eq!(c.decision, "no_match", "{c:?}");
    }

    #[test]
    fn qualifiers_move_the_score_and_are_explained() {
        let m = matcher();
        let plain = m.screen(&Query::name("Kim Jong Un"))[0].score;
        let wrong_year = m.screen(&Query::name("Kim Jong Un").birth_date("1950").unwrap());
        assert!(wrong_year.is_empty() || wrong_year[0].score < plain);
        let company = Query {
            kind: Some(EntityKind::Organisation),
            ..Query::name("Kim Jong Un")
        };
        let hits = m.screen(&company);
        assert!(
            hits.is_empty()
                || hits[0]
                    .explanation
                    .adjustments
                    .iter()
                    .any(|a| a.feature == "entity_type")
        );
        let gb = Query::name("Gamma Group")
            .country("United Kingdom", &m.gazetteer)
            .unwrap();
        let hit = &m.screen(&gb)[0];
        assert!(hit
            .explanation
            .adjustments
            .iter()
            .any(|a| a.feature == "country" && a.delta > 0.0));
    }

    proptest::proptest! {
        /// Any text screens and compares without panicking, and scores stay in [0, 1].
        #[test]
        fn any_name_screens_without_panic(a in "\\PC{0,60}", b in "\\PC{0,60}") {
            static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
            let m = M.get_or_init(matcher);
            for h in m.screen(&Query::name(&a)) {
                proptest::prop_assert!((0.0..=1.0).contains(&h.score));
            }
            if let Ok(c) = m.compare(&Query::name(&a), &b, None) {
                proptest::prop_assert!((0.0..=1.0).contains(&c.score));
            }
        }
    }

    #[test]
    fn a_person_known_by_fewer_names_still_matches() {
        let m = matcher();
        let person = |n: &str| Query {
            kind: Some(EntityKind::Person),
            ..Query::name(n)
        };
        let c = m
            .compare(
                &person("BAHAZIQ, Mahmoud"),
                "BAHAZIQ, Mahmoud Mohammad Ahmed",
                Some(EntityKind::Person),
            )
            .unwrap();
        assert_eq!(c.decision, "match", "{c:?}");
        // Without the rule the list's two extra names count in full.
        let plain = m
            .compare(
                &Query::name("BAHAZIQ, Mahmoud"),
                "BAHAZIQ, Mahmoud Mohammad Ahmed",
                None,
            )
            .unwrap();
        assert!(plain.score < c.score, "{plain:?}");
    }

    #[test]
    fn two_names_of_one_list_entry_match_through_it() {
        let m = matcher();
        let org = Some(EntityKind::Organisation);
        let c = m
            .compare(&Query::name("Candiru Ltd"), "Saito Tech", org)
            .unwrap();
        assert_eq!(c.decision, "match", "{c:?}");
        let link = c
            .explanation
            .adjustments
            .iter()
            .find(|a| a.feature == "list_entry")
            .expect("the entry is named");
        assert!(link.detail.contains("test entry c1"), "{link:?}");
        assert_eq!(
            m.compare_score(&Query::name("Candiru Ltd"), "Saito Tech", org),
            Some(1.0)
        );
        // Either way round, and only names close to the entry's own.
        let back = m
            .compare(&Query::name("Saito Tech"), "Candiru", org)
            .unwrap();
        assert_eq!(back.decision, "match");
        let far = m
            .compare(&Query::name("Candida"), "Saito Tech", org)
            .unwrap();
        assert_eq!(far.decision, "no_match");
        // Names only: the link is not made.
        let names_only = Matcher {
            settings: Settings {
                entry_links: false,
                ..Settings::default()
            },
            ..matcher()
        };
        let c = names_only
            .compare(&Query::name("Candiru Ltd"), "Saito Tech", org)
            .unwrap();
        assert_eq!(c.decision, "no_match");
    }

    #[test]
    fn acronyms_abbreviations_and_shorter_names_of_companies() {
        let m = matcher();
        let org = Some(EntityKind::Organisation);
        let score = |a: &str, b: &str| m.compare_score(&Query::name(a), b, org).unwrap();
        assert!(score("SKS Steel Company", "South Kaveh Steel Company") >= 0.75);
        assert!(
            score(
                "Cosco Shipping Seaman Shp Mgmt",
                "Cosco Shipping Seaman Ship Management"
            ) >= 0.75
        );
        assert!(score("Mammut Industrial Group", "Mammut Tehran Industrial Group") >= 0.75);
        assert!(score("Imatel Plus LLC", "Emma Tel Plus LLC") >= 0.75);
        assert!(score("Fleurette Energy I", "Fleurette Energy II") < 0.75);
        // Two distinctive words extra: another firm of the same family.
        assert!(
            score(
                "Omran Va Maskan Company",
                "Omran Va Maskan Abad Day Company"
            ) < 0.75
        );
        // One distinctive word is not enough to stand for a longer name.
        assert!(score("Effbe Gamma", "Gamma") < 0.75);
    }

    #[test]
    fn arabic_names_written_several_ways() {
        let m = matcher();
        let person = Some(EntityKind::Person);
        let score = |a: &str, b: &str| {
            let q = Query {
                kind: person,
                ..Query::name(a)
            };
            m.compare_score(&q, b, person).unwrap()
        };
        assert!(score("Mohammed bin Salman", "Muhammad ibn Salman") >= 0.75);
        assert!(score("Abdel Rahman", "Abd al-Rahman") >= 0.75);
        assert!(score("Kim Jong Un", "Kim Jong Il") < 0.75);
    }

    #[test]
    fn unrelated_names_find_nothing() {
        let m = matcher();
        assert!(m.screen(&Query::name("Rohde & Schwarz")).is_empty());
        assert!(m.screen(&Query::name("")).is_empty());
    }
}
