//! Derived geography: the ISO country of each exhibitor row, the countries behind each
//! delegation, and the host country of each event, each with the evidence it rests on.
//!
//! Evidence is tried strongest first. For an event's host: an ISO code on the venue
//! address, the country field (code, then name), a country named in the address text,
//! then the host of other editions of the same series (fairs rarely move country;
//! where a series has several, the most frequent is taken), and last a single country
//! named in the event's name or aliases. For an exhibitor: the
//! country field, then the address. The user's mapping (spelling -> code) overrides the
//! gazetteer wherever a whole text is matched.

use std::collections::HashMap;

use crate::country::{DelegationParty, Gazetteer};
use crate::fold::fold;
use crate::model::{Contact, CountryEvidence, Event, ResolvedCountry};

/// The ISO 3166-1 code an international party carries, where it has one: the codes
/// ISO reserves exceptionally for the United Nations and the European Union, and the US
/// for AFRICOM, a US military command. NATO has none and stays an organisation only.
fn organisation_code(org: &str) -> Option<&'static str> {
    match org {
        "United Nations" => Some("UN"),
        "European Union" => Some("EU"),
        "AFRICOM" => Some("US"),
        _ => None,
    }
}

/// Resolves countries with the built-in gazetteer plus the user's mapping.
pub struct Resolver {
    gazetteer: Gazetteer,
    /// Folded text -> ISO code, from the user's mapping file.
    user: HashMap<String, String>,
}

impl Resolver {
    pub fn new(gazetteer: Gazetteer) -> Resolver {
        Resolver {
            gazetteer,
            user: HashMap::new(),
        }
    }

    /// Adds the user's mapping. Codes must be known to the gazetteer; the first unknown
    /// one is returned as the error.
    pub fn with_mapping<'a>(
        mut self,
        rows: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Resolver, String> {
        for (text, iso2) in rows {
            let country = self.gazetteer.get(iso2).ok_or_else(|| iso2.to_string())?;
            self.user.insert(fold(text), country.iso2.to_string());
        }
        Ok(self)
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    fn user(&self, text: &str) -> Option<ResolvedCountry> {
        self.user.get(&fold(text)).map(|iso2| ResolvedCountry {
            iso2: iso2.clone(),
            evidence: CountryEvidence::UserMapping,
            detail: text.to_string(),
        })
    }

    fn known_code(&self, code: &str) -> Option<String> {
        self.gazetteer.get(code).map(|c| c.iso2.to_string())
    }

    fn by_country_fields(&self, contact: &Contact) -> Option<ResolvedCountry> {
        let fields = &contact.countries;
        fields
            .iter()
            .find_map(|f| {
                let iso2 = self.known_code(f.iso2.as_deref()?)?;
                Some(ResolvedCountry {
                    iso2,
                    evidence: CountryEvidence::CountryIso,
                    detail: f.iso2.clone().unwrap_or_default(),
                })
            })
            .or_else(|| fields.iter().find_map(|f| self.user(&f.text)))
            .or_else(|| {
                fields.iter().find_map(|f| {
                    let c = self.gazetteer.lookup(&f.text)?;
                    Some(ResolvedCountry {
                        iso2: c.iso2.to_string(),
                        evidence: CountryEvidence::CountryText,
                        detail: f.text.clone(),
                    })
                })
            })
    }

    fn by_address_codes(&self, contact: &Contact) -> Option<ResolvedCountry> {
        contact.addresses.iter().find_map(|a| {
            let code = a.iso2.as_deref()?;
            Some(ResolvedCountry {
                iso2: self.known_code(code)?,
                evidence: CountryEvidence::AddressIso,
                detail: code.to_string(),
            })
        })
    }

    fn by_address_text(&self, contact: &Contact) -> Option<ResolvedCountry> {
        let texts = || contact.addresses.iter().filter_map(|a| a.text.as_deref());
        texts().find_map(|t| self.user(t)).or_else(|| {
            texts().find_map(|t| {
                let c = self.gazetteer.find_in_address(t)?;
                Some(ResolvedCountry {
                    iso2: c.iso2.to_string(),
                    evidence: CountryEvidence::AddressText,
                    detail: t.to_string(),
                })
            })
        })
    }

    /// The country an exhibitor row declares: its country field, then its address.
    pub fn exhibitor_country(&self, contact: &Contact) -> Option<ResolvedCountry> {
        self.by_country_fields(contact)
            .or_else(|| self.by_address_codes(contact))
            .or_else(|| self.by_address_text(contact))
    }

    /// The host country of an event from its own record (no series fallback).
    pub fn event_host(&self, contact: &Contact) -> Option<ResolvedCountry> {
        self.by_address_codes(contact)
            .or_else(|| self.by_country_fields(contact))
            .or_else(|| self.by_address_text(contact))
    }

    /// The countries (ISO codes) a delegation represents, or the organisation it is.
    pub fn delegation(&self, name: &str) -> (Vec<String>, Option<String>) {
        if let Some(r) = self.user(name) {
            return (vec![r.iso2], None);
        }
        match self.gazetteer.delegation(name) {
            DelegationParty::Countries(codes) => {
                (codes.into_iter().map(str::to_string).collect(), None)
            }
            DelegationParty::Organisation(org) => (
                organisation_code(org)
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
                Some(org.to_string()),
            ),
            DelegationParty::Unknown => (Vec::new(), None),
        }
    }

    /// Resolves every derived country fact of a batch of events in place: exhibitor
    /// countries, delegations and hosts. `known_series_hosts` (series -> ISO code, e.g.
    /// from events already stored) feeds the series fallback for hosts.
    pub fn resolve_events(
        &self,
        events: &mut [Event],
        known_series_hosts: &HashMap<String, String>,
    ) {
        for event in events.iter_mut() {
            for x in &mut event.exhibitors {
                x.country = self.exhibitor_country(&x.contact);
            }
            for d in &mut event.delegations {
                let (countries, organisation) = self.delegation(&d.name);
                d.countries = countries;
                d.organisation = organisation;
            }
        }
        self.resolve_hosts(events, known_series_hosts);
    }

    /// Sets `host` on every event: its own evidence first, then the series fallback
    /// (hosts of other editions in `events` and in `known_series_hosts`).
    pub fn resolve_hosts(
        &self,
        events: &mut [Event],
        known_series_hosts: &HashMap<String, String>,
    ) {
        for event in events.iter_mut() {
            event.host = self.event_host(&event.contact);
        }
        let mut votes: HashMap<&str, HashMap<String, usize>> = HashMap::new();
        for event in events.iter() {
            if let Some(h) = &event.host {
                *votes
                    .entry(event.series.as_str())
                    .or_default()
                    .entry(h.iso2.clone())
                    .or_default() += 1;
            }
        }
        let mut series_host: HashMap<String, (String, usize, usize)> = votes
            .into_iter()
            .map(|(series, counts)| {
                let total = counts.values().sum();
                // Most editions wins; ties go to the alphabetically first code so the
                // result does not depend on hash order.
                let (iso2, n) = counts
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .unwrap_or_default();
                (series.to_string(), (iso2, n, total))
            })
            .collect();
        for (series, iso2) in known_series_hosts {
            series_host
                .entry(series.clone())
                .or_insert_with(|| (iso2.clone(), 1, 1));
        }
        for event in events.iter_mut().filter(|e| e.host.is_none()) {
            if let Some((iso2, n, total)) = series_host.get(&event.series) {
                event.host = Some(ResolvedCountry {
                    iso2: iso2.clone(),
                    evidence: CountryEvidence::SeriesEditions,
                    detail: format!(
                        "{n} of {total} editions of {} with a known host held in {iso2}",
                        event.series
                    ),
                });
            } else {
                event.host = self.country_in_event_name(event);
            }
        }
    }

    /// The one country named in an event's name and aliases, if exactly one is. Runs of
    /// up to four words are looked up; words in capitals of three letters or fewer are
    /// skipped, since fair acronyms ("AAD", "ISS") can look like country codes.
    fn country_in_event_name(&self, event: &Event) -> Option<ResolvedCountry> {
        let mut found: Option<(String, String)> = None;
        for text in std::iter::once(&event.name).chain(&event.aliases) {
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| !w.is_empty())
                .collect();
            for start in 0..words.len() {
                for end in start + 1..=(start + 4).min(words.len()) {
                    let run = &words[start..end];
                    if run.len() == 1
                        && run[0].len() <= 3
                        && run[0].chars().all(|c| c.is_uppercase())
                    {
                        continue;
                    }
                    let phrase = run.join(" ");
                    if let Some(c) = self.gazetteer.lookup(&phrase) {
                        match &found {
                            Some((iso2, _)) if iso2 != c.iso2 => return None,
                            Some(_) => {}
                            None => found = Some((c.iso2.to_string(), text.clone())),
                        }
                    }
                }
            }
        }
        found.map(|(iso2, detail)| ResolvedCountry {
            iso2,
            evidence: CountryEvidence::EventName,
            detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, CountryField, Exhibitor};

    fn resolver() -> Resolver {
        Resolver::new(Gazetteer::builtin())
    }

    fn contact(
        countries: &[(&str, Option<&str>)],
        addresses: &[(Option<&str>, Option<&str>)],
    ) -> Contact {
        Contact {
            countries: countries
                .iter()
                .map(|(t, i)| CountryField {
                    text: t.to_string(),
                    iso2: i.map(str::to_string),
                })
                .collect(),
            addresses: addresses
                .iter()
                .map(|(t, i)| Address {
                    text: t.map(str::to_string),
                    iso2: i.map(str::to_string),
                    ..Address::default()
                })
                .collect(),
            ..Contact::default()
        }
    }

    #[test]
    fn exhibitor_country_prefers_the_country_field() {
        let r = resolver();
        let c = r
            .exhibitor_country(&contact(
                &[("Russian Federation", None)],
                &[(None, Some("FR"))],
            ))
            .unwrap();
        assert_eq!(
            (c.iso2.as_str(), c.evidence),
            ("RU", CountryEvidence::CountryText)
        );
        let c = r
            .exhibitor_country(&contact(&[("Germany", Some("DE"))], &[]))
            .unwrap();
        assert_eq!(c.evidence, CountryEvidence::CountryIso);
        let c = r
            .exhibitor_country(&contact(&[("Europe", None)], &[(None, Some("BE"))]))
            .unwrap();
        assert_eq!(
            (c.iso2.as_str(), c.evidence),
            ("BE", CountryEvidence::AddressIso)
        );
        let c = r
            .exhibitor_country(&contact(
                &[],
                &[(Some("KADDB Industrial Park\nKhaldeyah\nJordan"), None)],
            ))
            .unwrap();
        assert_eq!(
            (c.iso2.as_str(), c.evidence),
            ("JO", CountryEvidence::AddressText)
        );
        assert!(r
            .exhibitor_country(&contact(&[("Europe", None)], &[]))
            .is_none());
    }

    #[test]
    fn user_mapping_overrides_and_is_recorded_as_such() {
        let r = resolver().with_mapping([("Borneo", "MY")]).unwrap();
        let c = r
            .exhibitor_country(&contact(&[("BORNEO", None)], &[]))
            .unwrap();
        assert_eq!(
            (c.iso2.as_str(), c.evidence),
            ("MY", CountryEvidence::UserMapping)
        );
        assert_eq!(
            resolver().with_mapping([("x", "ZZ")]).err().as_deref(),
            Some("ZZ")
        );
    }

    #[test]
    fn event_host_prefers_the_venue_address_code_then_falls_back_to_the_series() {
        let r = resolver();
        let mut events = vec![
            Event {
                slug: "a-2019".into(),
                series: "a".into(),
                contact: contact(&[("France", None)], &[(Some("Paris"), Some("FR"))]),
                ..Event::default()
            },
            Event {
                slug: "a-2021".into(),
                series: "a".into(),
                contact: contact(&[("Germany", None)], &[]),
                ..Event::default()
            },
            Event {
                slug: "a-2023".into(),
                series: "a".into(),
                contact: contact(&[], &[(None, Some("FR"))]),
                ..Event::default()
            },
            Event {
                slug: "a-2025".into(),
                series: "a".into(),
                exhibitors: vec![Exhibitor::default()],
                ..Event::default()
            },
            Event {
                slug: "b-2025".into(),
                series: "b".into(),
                ..Event::default()
            },
        ];
        let known = HashMap::from([("b".to_string(), "GB".to_string())]);
        r.resolve_events(&mut events, &known);
        let host = |i: usize| {
            events[i]
                .host
                .as_ref()
                .map(|h| (h.iso2.as_str(), h.evidence))
        };
        assert_eq!(host(0), Some(("FR", CountryEvidence::AddressIso)));
        assert_eq!(host(1), Some(("DE", CountryEvidence::CountryText)));
        assert_eq!(host(3), Some(("FR", CountryEvidence::SeriesEditions)));
        assert!(events[3]
            .host
            .as_ref()
            .unwrap()
            .detail
            .starts_with("2 of 3"));
        assert_eq!(host(4), Some(("GB", CountryEvidence::SeriesEditions)));
    }

    #[test]
    fn a_single_country_in_the_event_name_is_the_last_resort() {
        let r = resolver();
        let mut events = vec![
            Event {
                series: "cmte".into(),
                name: "CMTE 2025".into(),
                aliases: vec!["13th China (Shenzhen) Military Civilian Dual Use Expo".into()],
                ..Event::default()
            },
            Event {
                series: "x".into(),
                name: "France and Germany Expo".into(),
                ..Event::default()
            },
            Event {
                series: "y".into(),
                name: "AAD ISS Asia Pacific".into(),
                ..Event::default()
            },
        ];
        r.resolve_events(&mut events, &HashMap::new());
        let h = events[0].host.as_ref().unwrap();
        assert_eq!(
            (h.iso2.as_str(), h.evidence),
            ("CN", CountryEvidence::EventName)
        );
        assert!(events[1].host.is_none(), "two countries named: no evidence");
        assert!(events[2].host.is_none());
    }

    #[test]
    fn delegations_resolve_to_countries_or_organisations() {
        let r = resolver();
        assert_eq!(r.delegation("Korea (Rep of)\t").0, ["KR"]);
        assert_eq!(r.delegation("Estados Unidos \tEtiópia").0, ["US", "ET"]);
        let (countries, org) = r.delegation("NATO");
        assert!(countries.is_empty() && org.is_some());
        // ISO 3166-1 reserves UN and EU; AFRICOM is a US command.
        assert_eq!(r.delegation("United Nations (UN)").0, ["UN"]);
        assert_eq!(r.delegation("EUROPEAN UNION").0, ["EU"]);
        assert_eq!(
            r.delegation("AFRICOM"),
            (vec!["US".to_string()], Some("AFRICOM".to_string()))
        );
    }
}
