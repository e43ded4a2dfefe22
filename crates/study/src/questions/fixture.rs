//! A small hand-built dataset whose answers are computed by hand in `tests.rs`: a firm
//! for each rule the questions apply (regions, home market, NATO accession dates,
//! delegations, lineage, the window).

use crate::dataset::{Appearance, Company, Dataset, Delegation, Event, Lineage, VendorEntry};

fn event(slug: &str, series: &str, year: i32, date: Option<&str>, host: &str) -> Event {
    Event {
        slug: slug.into(),
        name: slug.into(),
        series: series.into(),
        series_key: fairwatch_core::fold::slug(series),
        year: Some(year),
        start_date: date.map(str::to_string),
        host_iso2: Some(host.into()),
    }
}

fn company(id: &str, declared: Option<&str>) -> Company {
    Company {
        id: id.into(),
        name: id.into(),
        declared_hq: declared.map(str::to_string),
        declared_hq_evidence: declared.map(|_| "declared by 1 of 1 appearances".into()),
    }
}

fn vendor(company: usize, tag: &str, hq: Option<&str>) -> VendorEntry {
    VendorEntry {
        company,
        source: "misp".into(),
        external_id: format!("uuid-{company}"),
        name: format!("vendor {company}"),
        hq_iso2: hq.map(str::to_string),
        capabilities: vec![tag.into()],
        products: vec![],
    }
}

pub(crate) const EVENTS: [&str; 8] = [
    "milipol-paris-2019",
    "sp-2019",
    "interpolitex-2019",
    "idef-2023",
    "milipol-qatar-2016",
    "dsei-2005",
    "helsinki-2023-03",
    "helsinki-2023-05",
];

pub(crate) fn dataset() -> Dataset {
    let events = vec![
        event(EVENTS[0], "Milipol Paris", 2019, None, "FR"),
        event(EVENTS[1], "Security & Policing", 2019, None, "GB"),
        event(EVENTS[2], "Interpolitex", 2019, None, "RU"),
        event(EVENTS[3], "IDEF", 2023, None, "TR"),
        event(EVENTS[4], "Milipol Qatar", 2016, None, "QA"),
        event(EVENTS[5], "DSEI", 2005, None, "GB"),
        // Finland joined NATO on 2023-04-04: one edition before, one after.
        event(EVENTS[6], "Helsinki Expo", 2023, Some("2023-03-01"), "FI"),
        event(EVENTS[7], "Helsinki Expo", 2023, Some("2023-05-01"), "FI"),
    ];
    let companies = vec![
        company("alpha", Some("DE")),   // 0 high; Paris + Moscow
        company("beta", Some("GB")),    // 1 high; vendor HQ IL; S&P + IDEF (Iran delegation)
        company("gamma", None),         // 2 medium; HQ unknown
        company("delta", Some("US")),   // 3 video only: not I/I
        company("epsilon", Some("FR")), // 4 low: generic category
        company("zeta", Some("GB")),    // 5 medium, only before the window
        company("eta", Some("RU")),     // 6 medium by name; home market in Moscow
        company("theta", Some("US")),   // 7 medium; Helsinki (March) + Doha
        company("hacking", Some("IT")), // 8 high; renamed to memento
        company("memento", Some("IT")), // 9 no evidence of its own; Moscow
        company("iota", Some("CN")),    // 10 high; Helsinki before accession + Moscow
        company("kappa", Some("GB")),   // 11 high; Helsinki after accession + Moscow
    ];
    let mut id = 0;
    let mut ap = |company: usize, event: usize, name: &str, cats: &[&str]| {
        id += 1;
        Appearance {
            id,
            company,
            event,
            name: name.into(),
            categories: cats.iter().map(|s| s.to_string()).collect(),
        }
    };
    let appearances = vec![
        ap(0, 0, "Alpha GmbH", &[]),
        ap(0, 2, "Alpha GmbH", &[]),
        ap(1, 1, "Beta Ltd", &[]),
        ap(1, 3, "Beta Ltd", &[]),
        ap(2, 1, "Gamma", &["Telephone Interception"]),
        ap(3, 0, "Delta", &[]),
        ap(4, 2, "Epsilon", &["Comms Data"]),
        ap(5, 5, "Zeta", &["Telephone Interception"]),
        ap(6, 2, "Eta Lawful Interception", &[]),
        ap(7, 6, "Theta", &["Lawful interception"]),
        ap(7, 4, "Theta", &["Lawful interception"]),
        ap(8, 0, "Hacking", &[]),
        ap(9, 2, "Memento", &[]),
        ap(10, 6, "Iota", &[]),
        ap(10, 2, "Iota", &[]),
        ap(11, 7, "Kappa", &[]),
        ap(11, 2, "Kappa", &[]),
    ];
    Dataset {
        sha256: "fixture".into(),
        events,
        delegations: vec![
            Delegation {
                event: 3,
                name: "Iran".into(),
                countries: vec!["IR".into()],
                attended: None,
                retracted: None,
            },
            Delegation {
                event: 1,
                name: "Russia (withdrawn)".into(),
                countries: vec!["RU".into()],
                attended: None,
                retracted: Some(true),
            },
        ],
        companies,
        appearances,
        vendors: vec![
            vendor(0, "interception", None),
            vendor(1, "forensics", Some("IL")),
            vendor(3, "video", None),
            vendor(8, "intrusion", None),
            vendor(10, "interception", None),
            vendor(11, "intrusion", None),
        ],
        lineage: vec![Lineage {
            subject: 8,
            kind: "renamed_to".into(),
            object: 9,
            date: Some("2019".into()),
        }],
    }
}
