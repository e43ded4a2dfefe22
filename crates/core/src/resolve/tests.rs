//! The resolver's rules on small constructed records with known answers.

use super::*;
use crate::country::Gazetteer;
use crate::model::{LineageClaim, LineageKind, Vendor};

fn normaliser() -> Normaliser {
    Normaliser::new(&Gazetteer::builtin())
}

/// A record at event `event`, with optional country and website.
fn rec(id: i64, event: i64, name: &str, country: Option<&str>, website: Option<&str>) -> Record {
    Record {
        id,
        event,
        name: name.into(),
        country: country.map(str::to_string),
        websites: website.map(|w| vec![w.to_string()]).unwrap_or_default(),
        ..Record::default()
    }
}

fn company_of(res: &Resolution, records: &[Record], name: &str) -> usize {
    let r = records
        .iter()
        .position(|r| r.name == name)
        .expect("record exists");
    res.company_of_node[res.node_of_record[r]]
}

fn run(records: &[Record], decisions: &Decisions) -> Resolution {
    resolve(records, &normaliser(), decisions, Settings::default())
}

#[test]
fn spelling_and_legal_form_variants_are_one_company() {
    let records = vec![
        rec(
            1,
            1,
            "Hacking Team S.r.l.",
            Some("IT"),
            Some("www.hackingteam.it"),
        ),
        rec(2, 2, "HACKING TEAM", Some("IT"), None),
        rec(3, 3, "HackingTeam", Some("IT"), None),
        rec(
            4,
            4,
            "Cellebrite Ltd",
            Some("IL"),
            Some("https://cellebrite.com"),
        ),
    ];
    let res = run(&records, &Decisions::default());
    let ht = company_of(&res, &records, "Hacking Team S.r.l.");
    assert_eq!(ht, company_of(&res, &records, "HACKING TEAM"));
    assert_eq!(ht, company_of(&res, &records, "HackingTeam"));
    assert_ne!(ht, company_of(&res, &records, "Cellebrite Ltd"));
    // Every non-anchor name carries the pair that brought it in.
    let company = &res.companies[ht];
    for &n in &company.nodes[1..] {
        let m = &res.memberships[n];
        assert!(m.scored.is_some() && m.via.is_some(), "{m:?}");
    }
}

#[test]
fn a_lookalike_with_an_extra_distinctive_word_stays_apart() {
    let records = vec![
        rec(
            1,
            1,
            "Gamma International",
            Some("GB"),
            Some("www.gammagroup.com"),
        ),
        rec(2, 2, "GAMMA GROUP", Some("GB"), Some("gammagroup.com")),
        rec(3, 3, "EFFBE GAMMA", Some("FR"), Some("www.effbe.fr")),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Gamma International"),
        company_of(&res, &records, "GAMMA GROUP")
    );
    assert_ne!(
        company_of(&res, &records, "EFFBE GAMMA"),
        company_of(&res, &records, "GAMMA GROUP")
    );
}

#[test]
fn subsidiaries_sharing_the_group_site_join_the_group() {
    let records = vec![
        rec(1, 1, "BAE Systems", Some("GB"), Some("www.baesystems.com")),
        rec(2, 2, "BAE Systems", Some("GB"), Some("www.baesystems.com")),
        rec(
            3,
            3,
            "BAE Systems Hägglunds AB",
            Some("SE"),
            Some("www.baesystems.com/hagglunds"),
        ),
        rec(
            4,
            4,
            "BAE Systems Bofors",
            Some("SE"),
            Some("baesystems.com"),
        ),
        rec(
            5,
            5,
            "BAE Systems Australia",
            Some("AU"),
            Some("www.baesystems.com.au"),
        ),
    ];
    let res = run(&records, &Decisions::default());
    let group = company_of(&res, &records, "BAE Systems");
    for name in [
        "BAE Systems Hägglunds AB",
        "BAE Systems Bofors",
        "BAE Systems Australia",
    ] {
        assert_eq!(company_of(&res, &records, name), group, "{name}");
    }
    assert_eq!(res.companies[group].name, "BAE Systems");
}

#[test]
fn a_common_word_is_not_a_group_brand() {
    // "Delta ..." firms in different countries with their own sites are unrelated.
    let records = vec![
        rec(1, 1, "Delta", Some("US"), None),
        rec(
            2,
            2,
            "Delta Optical",
            Some("PL"),
            Some("www.deltaoptical.pl"),
        ),
        rec(
            3,
            3,
            "Delta Photonics",
            Some("US"),
            Some("deltaphotonics.com"),
        ),
        rec(4, 4, "Delta Defence", Some("SK"), Some("deltadefence.sk")),
    ];
    let res = run(&records, &Decisions::default());
    let ids: std::collections::BTreeSet<usize> = records
        .iter()
        .map(|r| company_of(&res, &records, &r.name))
        .collect();
    assert_eq!(ids.len(), 4, "four unrelated firms");
}

#[test]
fn the_same_short_name_in_two_countries_with_two_sites_is_two_firms() {
    let records = vec![
        rec(1, 1, "ATR", Some("FR"), Some("www.atr-aircraft.com")),
        rec(2, 2, "ATR", Some("FR"), None),
        rec(3, 3, "ATR Ltd", Some("GB"), Some("www.atr-ltd.co.uk")),
    ];
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "ATR"),
        company_of(&res, &records, "ATR Ltd")
    );
}

#[test]
fn a_chain_of_near_matches_does_not_join_unrelated_anchors() {
    // Orion ~ "Orion Xeno" ~ Xeno, each pair above the threshold: the second merge must
    // be refused, because the groups' anchors "orion" and "xeno" are unrelated.
    let records: Vec<Record> = (0..10)
        .map(|i| rec(i, i, "Orion", None, None))
        .chain((10..20).map(|i| rec(i, i, "Xeno", None, None)))
        .chain([rec(20, 20, "Orion Xeno", None, None)])
        .collect();
    let n = normaliser();
    let (mut nodes, _) = node::build(&records, &n, &Default::default());
    // "Orion" is a group brand, so "Orion Xeno" may join it as a division.
    for x in nodes.iter_mut().filter(|x| x.key == "orion") {
        x.group_brand = true;
    }
    let id = |k: &str| nodes.iter().position(|x| x.key == k).unwrap();
    let strong = |link| Scored {
        link,
        score: 5.0,
        features: Vec::new(),
    };
    let edges = vec![
        (id("orion xeno"), id("orion"), strong(Link::Similar)),
        (id("orion xeno"), id("xeno"), strong(Link::Similar)),
    ];
    let out = cluster::cluster(&nodes, edges, &[], Settings::default());
    let cluster_of = |k: &str| {
        out.clusters
            .iter()
            .position(|c| c.contains(&id(k)))
            .unwrap()
    };
    assert_eq!(cluster_of("orion xeno"), cluster_of("orion"));
    assert_ne!(cluster_of("orion"), cluster_of("xeno"));
    assert_eq!(out.review.len(), 1);
    assert_eq!(
        out.review[0].reason,
        "the names the two groups are known by do not match"
    );
}

#[test]
fn reviewer_decisions_are_hard_constraints() {
    let records = vec![
        rec(
            1,
            1,
            "Gamma International",
            Some("GB"),
            Some("www.gammagroup.com"),
        ),
        rec(2, 2, "GAMMA GROUP", Some("GB"), Some("gammagroup.com")),
        rec(3, 3, "HACKING TEAM", Some("IT"), None),
        rec(4, 4, "Memento Labs", Some("IT"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "GAMMA GROUP"),
        company_of(&res, &records, "Gamma International")
    );
    let apart = Decisions {
        keep_apart: vec![("Gamma International".into(), "GAMMA GROUP".into())],
        ..Decisions::default()
    };
    let res = run(&records, &apart);
    assert_ne!(
        company_of(&res, &records, "Gamma International"),
        company_of(&res, &records, "GAMMA GROUP")
    );
    // Two names with one key can be kept apart too.
    let records2 = vec![
        rec(5, 5, "Hacking Team S.r.l.", Some("IT"), None),
        rec(6, 6, "HACKING TEAM", Some("IT"), None),
    ];
    let together = run(&records2, &Decisions::default());
    assert_eq!(
        company_of(&together, &records2, "Hacking Team S.r.l."),
        company_of(&together, &records2, "HACKING TEAM")
    );
    let apart = Decisions {
        keep_apart: vec![("Hacking Team S.r.l.".into(), "HACKING TEAM".into())],
        ..Decisions::default()
    };
    let res2 = run(&records2, &apart);
    assert_ne!(
        company_of(&res2, &records2, "Hacking Team S.r.l."),
        company_of(&res2, &records2, "HACKING TEAM")
    );
    let merge = Decisions {
        merge: vec![("Memento Labs".into(), "HACKING TEAM".into())],
        ..Decisions::default()
    };
    let res = run(&records, &merge);
    let c = company_of(&res, &records, "Memento Labs");
    assert_eq!(c, company_of(&res, &records, "HACKING TEAM"));
    let joined = res.companies[c].nodes.iter().any(|&n| {
        res.memberships[n]
            .scored
            .as_ref()
            .is_some_and(|s| s.link == Link::UserMerge)
    });
    assert!(joined, "the membership says a reviewer decided it");
}

#[test]
fn results_are_deterministic() {
    let records: Vec<Record> = (0..40)
        .map(|i| {
            rec(
                i,
                i % 7,
                &format!("Firm {} Systems", i % 9),
                Some(["FR", "GB", "US"][i as usize % 3]),
                None,
            )
        })
        .collect();
    let a = run(&records, &Decisions::default());
    let b = run(&records, &Decisions::default());
    let ids = |r: &Resolution| {
        r.companies
            .iter()
            .map(|c| (c.id.clone(), c.nodes.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
}

fn vendor(name: &str, urls: &[&str], hq: Option<&str>) -> Vendor {
    Vendor {
        id: format!("id-{name}"),
        name: name.into(),
        hq_iso2: hq.map(str::to_string),
        official_urls: urls.iter().map(|u| u.to_string()).collect(),
        ..Vendor::default()
    }
}

#[test]
fn short_vendor_names_never_link_on_the_name_alone() {
    let records = vec![
        rec(1, 1, "AREA", Some("IT"), None),
        rec(2, 2, "Area S.p.A.", Some("IT"), Some("www.area.it")),
        rec(3, 3, "Hacking Team", Some("IT"), Some("www.hackingteam.it")),
    ];
    let res = run(&records, &Decisions::default());
    let n = normaliser();
    // Name and country alone: no link.
    let v = vec![
        vendor("Area", &[], Some("IT")),
        vendor("Hacking Team", &[], Some("IT")),
    ];
    let links = links::link_vendors(&v, &res, &n);
    assert!(links.iter().all(|l| l.vendor != 0), "{links:?}");
    assert!(links.iter().any(|l| l.vendor == 1));
    // With the official domain: linked, and the features say why.
    let v = vec![vendor("Area", &["https://www.area.it/"], Some("IT"))];
    let links = links::link_vendors(&v, &res, &n);
    assert_eq!(links.len(), 1);
    assert!(links[0].features.iter().any(|f| f.name == "same_domain"));
}

#[test]
fn lineage_claims_resolve_in_both_directions() {
    let records = vec![
        rec(1, 1, "Hacking Team", Some("IT"), Some("www.hackingteam.it")),
        rec(2, 2, "Memento Labs", Some("IT"), Some("www.mem3nt0.com")),
    ];
    let res = run(&records, &Decisions::default());
    let n = normaliser();
    let mut ht = vendor("Hacking Team", &["www.hackingteam.it"], Some("IT"));
    ht.lineage.push(LineageClaim {
        kind: LineageKind::RenamedTo,
        object: "Memento Labs".into(),
        object_id: None,
        date: Some("2019".into()),
    });
    let mut kape = vendor("Memento Labs", &["www.mem3nt0.com"], Some("IT"));
    kape.incoming_lineage.push(LineageClaim {
        kind: LineageKind::RenamedTo,
        object: "Hacking Team".into(),
        object_id: None,
        date: None,
    });
    let vendors = vec![ht, kape];
    let l = links::link_vendors(&vendors, &res, &n);
    let lin = links::lineage(&vendors, &l, &[], &res, &n);
    let ht_c = company_of(&res, &records, "Hacking Team");
    let ml_c = company_of(&res, &records, "Memento Labs");
    assert!(!lin.is_empty());
    assert!(
        lin.iter().all(|x| x.kind == LineageKind::RenamedTo
            && x.subject == Some(ht_c)
            && x.object == Some(ml_c)),
        "{lin:?}"
    );
}

#[test]
fn user_lineage_resolves_names_through_the_record() {
    let records = vec![
        rec(1, 1, "Verint Systems", Some("US"), Some("www.verint.com")),
        rec(2, 2, "Cognyte", Some("IL"), Some("www.cognyte.com")),
    ];
    let res = run(&records, &Decisions::default());
    let claims = vec![links::UserClaim {
        subject: "COGNYTE".into(),
        kind: LineageKind::SpunOffFrom,
        object: "VERINT SYSTEMS INC.".into(),
        date: Some("2021-02".into()),
    }];
    let lin = links::lineage(&[], &[], &claims, &res, &normaliser());
    assert_eq!(lin.len(), 1);
    assert_eq!(lin[0].subject, Some(company_of(&res, &records, "Cognyte")));
    assert_eq!(
        lin[0].object,
        Some(company_of(&res, &records, "Verint Systems"))
    );
    assert_eq!(lin[0].evidence, "the user's lineage file");
}

#[test]
fn lineage_finds_a_firm_whose_name_is_split_by_country() {
    // "ATR" declared in two countries forms nodes "atr [FR]" and "atr [GB]": no node is
    // called "atr", yet a claim naming ATR must find the best-attested one.
    let records = vec![
        rec(1, 1, "ATR", Some("FR"), None),
        rec(2, 2, "ATR", Some("FR"), None),
        rec(3, 3, "ATR Ltd", Some("GB"), Some("www.atr-ltd.co.uk")),
        rec(4, 4, "Aerospatiale", Some("FR"), None),
    ];
    let res = run(&records, &Decisions::default());
    let claims = vec![links::UserClaim {
        subject: "ATR".into(),
        kind: LineageKind::SubsidiaryOf,
        object: "Aerospatiale".into(),
        date: None,
    }];
    let lin = links::lineage(&[], &[], &claims, &res, &normaliser());
    assert_eq!(lin[0].subject, Some(company_of(&res, &records, "ATR")));
    assert_eq!(
        lin[0].object,
        Some(company_of(&res, &records, "Aerospatiale"))
    );
}

#[test]
fn a_row_without_a_country_follows_its_own_name_not_the_namesake() {
    // Two firms share the key "comarx": one American, one Slovenian. The rows that
    // declare no country belong with the rows of the same raw name.
    let records = vec![
        rec(1, 1, "Comarx", None, None),
        rec(2, 2, "Comarx", Some("US"), Some("https://comarxcorp.com")),
        rec(3, 3, "COMARX d.o.o.", None, None),
        rec(
            4,
            4,
            "COMARX d.o.o.",
            Some("SI"),
            Some("https://comarx-logistics.com"),
        ),
        rec(5, 5, "COMARX d.o.o.", Some("SI"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(res.node_of_record[0], res.node_of_record[1]);
    assert_eq!(res.node_of_record[2], res.node_of_record[3]);
    assert_ne!(
        company_of(&res, &records, "Comarx"),
        company_of(&res, &records, "COMARX d.o.o.")
    );
    // Without any evidence a row still joins the best-attested part.
    let records = vec![
        rec(
            1,
            1,
            "Comarx Inc",
            Some("US"),
            Some("https://comarxcorp.com"),
        ),
        rec(2, 2, "Comarx Inc", Some("US"), None),
        rec(3, 3, "COMARX d.o.o.", Some("SI"), None),
        rec(4, 4, "COMARX", None, None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(res.node_of_record[3], res.node_of_record[0]);
}

#[test]
fn a_row_without_a_country_follows_its_site_and_its_legal_form() {
    let records = vec![
        rec(1, 1, "Nicex", Some("GB"), Some("http://www.nicex.com")),
        rec(2, 2, "Nicex", Some("GB"), None),
        rec(3, 3, "Nicex Limited", None, Some("nicex.com")),
        // An Italian legal form beside a British firm: another firm, not a row of it.
        rec(4, 4, "NICEX SPA", None, None),
        rec(5, 5, "NICEX S.p.A.", None, None),
        // "Ltd" is used everywhere: no country to read from it.
        rec(6, 6, "Nicex Ltd", None, None),
    ];
    let res = run(&records, &Decisions::default());
    let gb = res.node_of_record[0];
    assert_eq!(res.node_of_record[2], gb);
    assert_eq!(res.node_of_record[5], gb);
    let it = res.node_of_record[3];
    assert_ne!(it, gb);
    assert_eq!(res.node_of_record[4], it);
    assert_eq!(res.nodes[it].inferred_country.as_deref(), Some("IT"));
    assert_eq!(res.nodes[it].top_country(), Some("IT"));
    assert_eq!(res.nodes[gb].inferred_country, None);
    assert_ne!(
        company_of(&res, &records, "Nicex"),
        company_of(&res, &records, "NICEX SPA")
    );
}

#[test]
fn one_letter_apart_is_another_firm_for_a_short_one_word_name() {
    let records = vec![
        rec(1, 1, "Tensor AG", Some("DE"), None),
        rec(2, 2, "Tensar", Some("DE"), None),
        // Longer names keep their typo tolerance.
        rec(3, 3, "Rheinmetall Soldier Electronics", Some("DE"), None),
        rec(4, 4, "Rheinmetall Soldier Electronic", Some("DE"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "Tensor AG"),
        company_of(&res, &records, "Tensar")
    );
    assert_eq!(
        company_of(&res, &records, "Rheinmetall Soldier Electronics"),
        company_of(&res, &records, "Rheinmetall Soldier Electronic")
    );
}

#[test]
fn a_division_abroad_with_its_own_site_is_not_the_brand() {
    let records = vec![
        rec(1, 1, "Operon", Some("AU"), None),
        rec(2, 2, "Operon", Some("AU"), None),
        rec(
            3,
            3,
            "Operon Training",
            Some("AU"),
            Some("www.operontraining.com.au"),
        ),
        rec(
            4,
            4,
            "Operon XR Pty Ltd",
            Some("US"),
            Some("https://operonxr.com"),
        ),
    ];
    let res = run(&records, &Decisions::default());
    let brand = company_of(&res, &records, "Operon");
    assert_eq!(company_of(&res, &records, "Operon Training"), brand);
    assert_ne!(company_of(&res, &records, "Operon XR Pty Ltd"), brand);
}

#[test]
fn a_name_embedded_by_one_name_in_many_countries_still_links() {
    // One name declared in five countries is five nodes, but still one name that
    // embeds "NORWID": not a common word embedded by many names.
    let mut records: Vec<Record> = ["CN", "US", "GB", "DE", "FR"]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rec(
                i as i64,
                i as i64,
                "China North Widgets (NORWID)",
                Some(c),
                None,
            )
        })
        .collect();
    records.push(rec(9, 9, "NORWID", Some("CN"), None));
    records.push(rec(10, 10, "NORWID", Some("CN"), None));
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "NORWID"),
        company_of(&res, &records, "China North Widgets (NORWID)")
    );
}

/// A brand's two rows with their sites, a family of two units on `sites[2]`, plus
/// `extra` records.
fn group_with_site(
    brand: &str,
    country: &str,
    sites: [&str; 3],
    extra: Vec<Record>,
) -> Vec<Record> {
    let mut records = vec![
        rec(1, 1, brand, Some(country), Some(sites[0])),
        rec(2, 2, brand, Some(country), Some(sites[1])),
        rec(
            3,
            3,
            &format!("{brand} Cyber"),
            Some(country),
            Some(sites[2]),
        ),
        rec(
            4,
            4,
            &format!("{brand} Land"),
            Some(country),
            Some(sites[2]),
        ),
    ];
    records.extend(extra);
    records
}

#[test]
fn a_subsidiary_site_named_after_the_brand_is_evidence_for_the_group() {
    let records = group_with_site(
        "Korvex Systems",
        "IL",
        ["www.korvex.co.il", "korvexsystems.com", "korvexsystems.com"],
        vec![
            rec(9, 9, "Korvex Systems", Some("US"), None),
            rec(
                10,
                10,
                "Korvex Systems of America",
                Some("US"),
                Some("https://www.korvexamerica.com"),
            ),
        ],
    );
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Korvex Systems of America"),
        company_of(&res, &records, "Korvex Systems")
    );
}

#[test]
fn a_site_named_after_a_brand_that_does_not_own_that_name_is_its_own() {
    // The brand's rows never use vikingharbour.* themselves: "Viking Harbour Air"
    // (vikingharbourair.com) is another firm that starts with the same words.
    let records = group_with_site(
        "Viking Harbour",
        "CA",
        [
            "vikingharbourlighting.com",
            "vikingharbour-life.com",
            "vikingharbour-life.com",
        ],
        vec![rec(
            10,
            10,
            "Viking Harbour Air",
            Some("CA"),
            Some("www.vikingharbourair.com"),
        )],
    );
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "Viking Harbour Air"),
        company_of(&res, &records, "Viking Harbour")
    );
    // A one-word brand that owns its bare name says nothing when it is a dictionary
    // word: such words start many unrelated firms' sites.
    let records = group_with_site(
        "Polaris",
        "US",
        ["polaris.com", "polaris.com", "polaris.com"],
        vec![rec(
            10,
            10,
            "Polaris Aero",
            Some("US"),
            Some("polarisaero.com"),
        )],
    );
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "Polaris Aero"),
        company_of(&res, &records, "Polaris")
    );
    // Nor does a brand abroad whose family's shared site is not its own.
    let records = group_with_site(
        "Quantum Labs",
        "US",
        [
            "quantumlabs.com",
            "quantumlabs.com",
            "quantumlabs-systems.com",
        ],
        vec![
            rec(
                10,
                10,
                "Quantum Labs Systems",
                Some("US"),
                Some("quantumlabs-systems.com"),
            ),
            rec(
                11,
                11,
                "Quantum Labs Wave",
                Some("AU"),
                Some("quantumlabswave.com.au"),
            ),
        ],
    );
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "Quantum Labs Wave"),
        company_of(&res, &records, "Quantum Labs")
    );
}

/// "Varnholt" with a family on varnholt.com, and a well-attested "Kestrel Electronics".
fn varnholt_and_kestrel(unit_site: &str) -> Vec<Record> {
    let mut extra: Vec<Record> = (0..20)
        .map(|i| {
            rec(
                100 + i,
                100 + i,
                "Kestrel Electronics",
                Some("CA"),
                Some("kestrelelectronics.com"),
            )
        })
        .collect();
    extra.push(rec(
        10,
        10,
        "Varnholt Kestrel Electronics",
        Some("CA"),
        Some(unit_site),
    ));
    group_with_site(
        "Varnholt",
        "US",
        ["varnholt.com", "varnholt.com", "varnholt.com"],
        extra,
    )
}

#[test]
fn a_bought_firm_on_the_group_site_is_a_unit_not_a_joint_venture() {
    let records = varnholt_and_kestrel("www.varnholt.com/kestrel");
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Varnholt Kestrel Electronics"),
        company_of(&res, &records, "Varnholt")
    );
    // With a site of its own, a name joining two firms is a joint venture.
    let records = varnholt_and_kestrel("www.vk-jv.com");
    let res = run(&records, &Decisions::default());
    let jv = company_of(&res, &records, "Varnholt Kestrel Electronics");
    assert_ne!(jv, company_of(&res, &records, "Varnholt"));
    assert_ne!(jv, company_of(&res, &records, "Kestrel Electronics"));
}

#[test]
fn a_leading_chinese_city_or_province_is_a_registration_place() {
    let records = vec![
        rec(1, 1, "Zhejiang Qorvana Technology Co., Ltd", None, None),
        rec(2, 2, "Qorvana Technology", Some("CN"), None),
        rec(
            3,
            3,
            "Hangzhou Velmixon Digital Technology Co.,Ltd",
            None,
            None,
        ),
        rec(4, 4, "Velmixon UK Ltd", Some("GB"), None),
        rec(5, 5, "Velmixon", Some("CN"), None),
        // A common word after the place names no firm.
        rec(6, 6, "Shanghai Marine Technology Co., Ltd", None, None),
        rec(7, 7, "Marine Technology", Some("US"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Zhejiang Qorvana Technology Co., Ltd"),
        company_of(&res, &records, "Qorvana Technology")
    );
    assert_eq!(
        company_of(
            &res,
            &records,
            "Hangzhou Velmixon Digital Technology Co.,Ltd"
        ),
        company_of(&res, &records, "Velmixon")
    );
    assert_ne!(
        company_of(&res, &records, "Shanghai Marine Technology Co., Ltd"),
        company_of(&res, &records, "Marine Technology")
    );
}

#[test]
fn a_word_many_firms_use_after_a_chinese_place_is_not_a_brand() {
    // "Falcon" starts many names: "Chengdu Falcon Aircraft" is not the "Falcon" firm.
    let mut records: Vec<Record> = (0..21)
        .map(|i| {
            rec(
                100 + i,
                100 + i,
                &format!("Falcon Widget{i}"),
                Some("US"),
                None,
            )
        })
        .collect();
    records.push(rec(1, 1, "Chengdu Falcon Aircraft Co., Ltd", None, None));
    records.push(rec(2, 2, "Falcon", None, None));
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "Chengdu Falcon Aircraft Co., Ltd"),
        company_of(&res, &records, "Falcon")
    );
}

/// "Tervana Optic" (SG) beside "Tervana Optics" in SG and, with a site, in CA.
fn tervana(typo_site: Option<&str>) -> Vec<Record> {
    let mut records = vec![
        rec(1, 1, "TERVANA OPTIC", Some("SG"), typo_site),
        rec(2, 2, "TERVANA OPTICS", Some("SG"), None),
    ];
    records.extend((0..5).map(|i| {
        rec(
            10 + i,
            10 + i,
            "Tervana Optics Inc",
            Some("CA"),
            Some("www.tervana-optics.ca"),
        )
    }));
    records
}

#[test]
fn a_typo_of_a_firm_in_another_country_joins_it_unless_their_sites_differ() {
    let records = tervana(None);
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "TERVANA OPTIC"),
        company_of(&res, &records, "Tervana Optics Inc")
    );
    let records = tervana(Some("tervanaoptic.sg"));
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "TERVANA OPTIC"),
        company_of(&res, &records, "Tervana Optics Inc")
    );
}

#[test]
fn numbered_siblings_are_different_firms() {
    let records = vec![
        rec(
            1,
            1,
            "China Aviation Industry Corporation I (AVIC I)",
            Some("CN"),
            None,
        ),
        rec(
            2,
            2,
            "China Aviation Industry Corporation II (AVIC II)",
            Some("CN"),
            None,
        ),
        rec(3, 3, "China Aviation Industry", Some("CN"), None),
        rec(4, 4, "China Aviation Industry Training", Some("CN"), None),
    ];
    let res = run(&records, &Decisions::default());
    let one = company_of(
        &res,
        &records,
        "China Aviation Industry Corporation I (AVIC I)",
    );
    let two = company_of(
        &res,
        &records,
        "China Aviation Industry Corporation II (AVIC II)",
    );
    assert_ne!(one, two);
    // Not numbered: still a division.
    assert_eq!(
        company_of(&res, &records, "China Aviation Industry Training"),
        company_of(&res, &records, "China Aviation Industry")
    );
    // A number with a letter names no unit of the brand; a stray letter alone is the
    // same name.
    let records = vec![
        rec(1, 1, "Nicetec", Some("GB"), Some("nicetec.com")),
        rec(2, 2, "Nicetec Systems", Some("GB"), Some("nicetec.com")),
        rec(3, 3, "NICETEC 4 U", None, None),
        rec(4, 4, "Nicetec B", Some("GB"), None),
    ];
    let res = run(&records, &Decisions::default());
    let brand = company_of(&res, &records, "Nicetec");
    assert_ne!(company_of(&res, &records, "NICETEC 4 U"), brand);
    assert_eq!(company_of(&res, &records, "Nicetec B"), brand);
}

#[test]
fn initials_on_one_site_are_the_firm() {
    let records = vec![
        rec(1, 1, "MSAB", Some("SE"), Some("www.msab.com")),
        rec(2, 2, "Micro Systemation AB", Some("SE"), Some("msab.com")),
        // The same initials without the site stay apart.
        rec(3, 3, "MSAB", Some("SE"), Some("www.msab.com")),
        rec(
            4,
            4,
            "Marine Surface AB",
            Some("SE"),
            Some("marinesurface.se"),
        ),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "MSAB"),
        company_of(&res, &records, "Micro Systemation AB")
    );
    assert_ne!(
        company_of(&res, &records, "MSAB"),
        company_of(&res, &records, "Marine Surface AB")
    );
}

#[test]
fn a_generic_word_cut_short_or_as_initials_is_the_same_name() {
    let records = vec![
        rec(1, 1, "NUROL BAE SYSTEMS HAVA SİST. A.Ş.", Some("TR"), None),
        rec(
            2,
            2,
            "NUROL BAE SYSTEMS HAVA SİSTEMLERİ A.Ş.",
            Some("TR"),
            None,
        ),
        rec(3, 3, "ZHUHAI ZIYAN UAV CO.,LTD", Some("CN"), None),
        rec(
            4,
            4,
            "Zhuhai Ziyan Unmanned Aerial Vehicle Co. Ltd",
            Some("CN"),
            None,
        ),
        // A brand word cut short is another brand.
        rec(5, 5, "Blue Lab", Some("GB"), None),
        rec(6, 6, "Blueprint Lab", Some("GB"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "NUROL BAE SYSTEMS HAVA SİST. A.Ş."),
        company_of(&res, &records, "NUROL BAE SYSTEMS HAVA SİSTEMLERİ A.Ş.")
    );
    assert_eq!(
        company_of(&res, &records, "ZHUHAI ZIYAN UAV CO.,LTD"),
        company_of(
            &res,
            &records,
            "Zhuhai Ziyan Unmanned Aerial Vehicle Co. Ltd"
        )
    );
    assert_ne!(
        company_of(&res, &records, "Blue Lab"),
        company_of(&res, &records, "Blueprint Lab")
    );
}

#[test]
fn a_made_up_one_word_name_is_one_firm_across_countries_a_dictionary_word_is_not() {
    let records = vec![
        rec(1, 1, "NUIX", Some("GB"), Some("nuix.com")),
        rec(2, 2, "Nuix", Some("AE"), None),
        rec(3, 3, "Harbor", Some("GB"), Some("harbor.co.uk")),
        rec(4, 4, "Harbor", Some("AE"), None),
    ];
    let res = run(&records, &Decisions::default());
    // Two country parts of one name, joined by the resolver, not by the nodes.
    assert_ne!(res.node_of_record[0], res.node_of_record[1]);
    assert_eq!(
        company_of(&res, &records, "NUIX"),
        company_of(&res, &records, "Nuix")
    );
    assert_ne!(
        res.company_of_node[res.node_of_record[2]],
        res.company_of_node[res.node_of_record[3]]
    );
}

#[test]
fn a_site_named_after_a_made_up_one_word_brand_speaks_for_it_abroad() {
    let records = group_with_site(
        "Telvadyne",
        "GB",
        ["telvadyne.com", "telvadyne.com", "telvadyne.com"],
        vec![rec(
            10,
            10,
            "Telvadyne Marine",
            Some("US"),
            Some("www.telvadynemarine.com"),
        )],
    );
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Telvadyne Marine"),
        company_of(&res, &records, "Telvadyne")
    );
}

#[test]
fn a_siteless_dictionary_word_brand_has_no_divisions_with_sites_of_their_own() {
    let records = vec![
        rec(1, 1, "Operator", Some("AU"), None),
        rec(2, 2, "Operator", Some("AU"), None),
        rec(3, 3, "Operator XR", Some("AU"), Some("operatorxr.com")),
        rec(
            4,
            4,
            "Operator TS",
            Some("AU"),
            Some("operatorsimulation.com"),
        ),
        // Without a site of its own, a name under the brand is still its division.
        rec(5, 5, "Operator Training", Some("AU"), None),
    ];
    let res = run(&records, &Decisions::default());
    let brand = company_of(&res, &records, "Operator");
    assert_ne!(company_of(&res, &records, "Operator XR"), brand);
    assert_ne!(company_of(&res, &records, "Operator TS"), brand);
    assert_ne!(
        company_of(&res, &records, "Operator XR"),
        company_of(&res, &records, "Operator TS")
    );
    assert_eq!(company_of(&res, &records, "Operator Training"), brand);
}

#[test]
fn a_common_word_family_is_not_a_group_because_one_firm_shares_its_site() {
    let mut records = vec![
        rec(1, 1, "Microwave", Some("US"), None),
        rec(
            2,
            2,
            "Microwave Products Group",
            Some("GB"),
            Some("mpgdover.com"),
        ),
        rec(
            3,
            3,
            "Microwave Product Group",
            Some("GB"),
            Some("mpgdover.com"),
        ),
        rec(
            4,
            4,
            "Microwave Vision Group",
            Some("FR"),
            Some("mvg-world.com"),
        ),
    ];
    for (i, w) in ["Amps", "Marketing", "Specialty", "Systems"]
        .iter()
        .enumerate()
    {
        records.push(rec(
            10 + i as i64,
            10 + i as i64,
            &format!("Microwave {w}"),
            Some("US"),
            None,
        ));
    }
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "Microwave Products Group"),
        company_of(&res, &records, "Microwave Vision Group")
    );
}

#[test]
fn a_rare_name_that_embeds_another_joins_it_alone() {
    let records = vec![
        rec(1, 1, "中国电子科技集团有限公司", None, None),
        rec(
            2,
            2,
            "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION (中国电子科技集团有限公司)",
            Some("CN"),
            Some("cetc.com.cn"),
        ),
        rec(3, 3, "CETC", Some("CN"), Some("cetc.com.cn")),
        rec(5, 5, "CETC", Some("CN"), Some("cetc.com.cn")),
        rec(6, 6, "CETC", Some("CN"), Some("cetc.com.cn")),
        // The English name joins the better-known "CETC", which becomes the anchor:
        // the Chinese name still joins through the English one that embeds it.
        rec(
            4,
            4,
            "China Electronics Technology Group Corporation (CETC)",
            Some("CN"),
            Some("cetc.com.cn"),
        ),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "中国电子科技集团有限公司"),
        company_of(&res, &records, "CETC")
    );
}

#[test]
fn lineage_keeps_a_renamed_firm_apart_from_its_successor() {
    // Late "Harris" rows use the successor's site and name after the merger.
    let mut late = rec(2, 2, "Harris Corporation", Some("US"), Some("l3harris.com"));
    late.aliases = vec!["L3Harris".into()];
    let records = vec![
        rec(1, 1, "Harris Corporation", Some("US"), Some("harris.com")),
        late,
        rec(
            3,
            3,
            "L3Harris Technologies",
            Some("US"),
            Some("l3harris.com"),
        ),
        rec(4, 4, "L3HARRIS", Some("US"), Some("www.l3harris.com")),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Harris Corporation"),
        company_of(&res, &records, "L3HARRIS")
    );
    let claim = LineageClaim {
        kind: LineageKind::RenamedTo,
        object: "L3Harris".into(),
        object_id: None,
        date: Some("2019".into()),
    };
    let vendor = Vendor {
        id: "v1".into(),
        name: "Harris Corporation".into(),
        lineage: vec![claim],
        ..Vendor::default()
    };
    let decisions = Decisions {
        distinct: distinct_firms(&[vendor], &[]),
        ..Decisions::default()
    };
    assert_eq!(
        decisions.distinct,
        [("Harris Corporation".to_string(), "L3Harris".to_string())]
    );
    let res = run(&records, &decisions);
    assert_ne!(
        company_of(&res, &records, "Harris Corporation"),
        company_of(&res, &records, "L3HARRIS")
    );
    assert_ne!(
        company_of(&res, &records, "Harris Corporation"),
        company_of(&res, &records, "L3Harris Technologies")
    );
    // The successor's own names stay together.
    assert_eq!(
        company_of(&res, &records, "L3Harris Technologies"),
        company_of(&res, &records, "L3HARRIS")
    );
    // A subsidiary claim is not a separation.
    let sub = Vendor {
        id: "v2".into(),
        name: "Thales UK".into(),
        lineage: vec![LineageClaim {
            kind: LineageKind::SubsidiaryOf,
            object: "Thales".into(),
            object_id: None,
            date: None,
        }],
        ..Vendor::default()
    };
    assert!(distinct_firms(&[sub], &[]).is_empty());
}

#[test]
fn a_made_up_site_name_matches_under_any_suffix_a_dictionary_one_does_not() {
    assert_eq!(
        node::domain_stem("airbus.fr"),
        node::domain_stem("airbus.com")
    );
    assert_ne!(
        node::domain_stem("tensor.co.uk"),
        node::domain_stem("tensor.aero")
    );
    // Long names always did.
    assert_eq!(
        node::domain_stem("baesystems.com"),
        node::domain_stem("baesystems.com.au")
    );
}

#[test]
fn russian_endings_romanised_two_ways_are_one_word() {
    assert!(score::same_word("izhevskiy", "izhevsky"));
    assert!(score::same_word("izhevskii", "izhevsky"));
    assert!(!score::same_word("izhevskiy", "izhevska"));
    let toks = |k: &str| -> Vec<String> { k.split(' ').map(str::to_string).collect() };
    assert!(score::one_typo(
        &toks("izhevskiy mekhanichsekiy zavod"),
        &toks("izhevsky mekhanichesky zavod")
    ));
}

#[test]
fn every_legal_form_of_a_name_can_place_it() {
    let records = vec![
        rec(1, 1, "Vastechx", Some("ZA"), Some("vastechx.co.za")),
        rec(2, 2, "Vastechx", Some("GB"), None),
        // "AS" is Norwegian, "(Pty) Ltd" South African: the existing South African
        // part is the one to join, not a new Norwegian one.
        rec(3, 3, "Vastechx AS (Pty) Ltd", None, None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(res.node_of_record[2], res.node_of_record[0]);
}

#[test]
fn a_lone_mention_between_established_names_is_weak() {
    let mut records: Vec<Record> = (0..20)
        .map(|i| rec(i, i, "Thalor", Some("FR"), Some("thalorgroup.com")))
        .collect();
    for i in 0..7 {
        records.push(rec(100 + i, 100 + i, "Thomsor-CSF", Some("FR"), None));
    }
    records.push(rec(200, 200, "Thomsor CSF (Thalor)", Some("FR"), None));
    let res = run(&records, &Decisions::default());
    assert_ne!(
        company_of(&res, &records, "Thomsor-CSF"),
        company_of(&res, &records, "Thalor")
    );
    // Said by most of its rows, it is one firm.
    for r in records.iter_mut().filter(|r| r.name == "Thomsor-CSF") {
        r.name = "Thomsor CSF (Thalor)".into();
    }
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Thomsor CSF (Thalor)"),
        company_of(&res, &records, "Thalor")
    );
}

#[test]
fn one_name_spaced_two_ways_at_one_event_is_one_exhibitor() {
    let records = vec![
        rec(1, 1, "L3HARRIS TECHNOLOGIES", Some("US"), None),
        // Declared elsewhere, as in the record (a Thai agent's row).
        rec(2, 1, "L3HARRISTECHNOLOGIE S", Some("TH"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "L3HARRIS TECHNOLOGIES"),
        company_of(&res, &records, "L3HARRISTECHNOLOGIE S")
    );
}

#[test]
fn a_bought_firm_smaller_than_the_brand_is_a_unit_a_peer_makes_a_joint_venture() {
    let mut records: Vec<Record> = (0..90)
        .map(|i| {
            rec(
                i,
                i,
                "Northgrum Systems",
                Some("US"),
                Some("northgrumsystems.com"),
            )
        })
        .collect();
    for i in 0..3 {
        records.push(rec(
            100 + i,
            100 + i,
            "Northgrum Systems Cyber",
            Some("US"),
            Some("northgrumsystems.com"),
        ));
    }
    // A firm of twenty rows or more but under a third of the brand's size: bought, a
    // unit.
    for i in 0..25 {
        records.push(rec(200 + i, 200 + i, "Litorf", Some("DE"), None));
    }
    records.push(rec(300, 300, "Northgrum Systems Litorf", Some("DE"), None));
    // A firm of the brand's own size: a joint venture.
    for i in 0..90 {
        records.push(rec(
            400 + i,
            400 + i,
            "Raythor",
            Some("US"),
            Some("raythor.com"),
        ));
    }
    records.push(rec(500, 500, "Northgrum Systems Raythor", Some("US"), None));
    let res = run(&records, &Decisions::default());
    let brand = company_of(&res, &records, "Northgrum Systems");
    assert_eq!(
        company_of(&res, &records, "Northgrum Systems Litorf"),
        brand
    );
    assert_ne!(
        company_of(&res, &records, "Northgrum Systems Raythor"),
        brand
    );
}

#[test]
fn a_group_brand_run_together_is_the_prefix_of_its_spaced_divisions() {
    let records = vec![
        rec(1, 1, "L3Harris", Some("US"), Some("l3harris.com")),
        rec(2, 2, "L3Harris", Some("US"), Some("l3harris.com")),
        rec(3, 3, "L3Harris", Some("US"), Some("l3harris.com")),
        rec(
            6,
            6,
            "L3Harris Technologies",
            Some("US"),
            Some("l3harris.com"),
        ),
        rec(4, 4, "L3 Harris", Some("GB"), Some("l3harris.com")),
        rec(5, 5, "L3 Harris ASV", Some("GB"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "L3 Harris ASV"),
        company_of(&res, &records, "L3Harris")
    );
}

#[test]
fn a_made_up_brand_is_a_group_across_countries_and_its_home_units_may_have_sites() {
    let mut records = vec![
        rec(1, 1, "Zelvorix", Some("TR"), Some("zelvorix.com.tr")),
        rec(2, 2, "Zelvorix", Some("TR"), Some("zelvorix.com.tr")),
        // Abroad, without a site: the group across countries.
        rec(3, 3, "Zelvorix Technologies", Some("QA"), None),
        // At home, with a site of its own: still the group's unit.
        rec(
            4,
            4,
            "Zelvorix Hassas Optik",
            Some("TR"),
            Some("zho.com.tr"),
        ),
    ];
    for (i, c) in ["FR", "ES", "DE", "GB"].iter().enumerate() {
        records.push(rec(
            10 + i as i64,
            10 + i as i64,
            &format!("Zelvorix Unit{i}"),
            Some(c),
            None,
        ));
    }
    let res = run(&records, &Decisions::default());
    let brand = company_of(&res, &records, "Zelvorix");
    assert_eq!(company_of(&res, &records, "Zelvorix Technologies"), brand);
    assert_eq!(company_of(&res, &records, "Zelvorix Hassas Optik"), brand);
    // The same family under a dictionary word is not a group.
    let common: Vec<Record> = records
        .iter()
        .map(|r| Record {
            name: r.name.replace("Zelvorix", "Harbor"),
            ..r.clone()
        })
        .collect();
    let res = run(&common, &Decisions::default());
    assert_ne!(
        company_of(&res, &common, "Harbor Technologies"),
        company_of(&res, &common, "Harbor")
    );
}

#[test]
fn a_specific_groups_unit_abroad_may_have_a_site_of_its_own() {
    let mut records: Vec<Record> = (0..5)
        .map(|i| {
            rec(
                i,
                i,
                "Northrup Grammen",
                Some("US"),
                Some("northrupgrammen.com"),
            )
        })
        .collect();
    for (i, w) in ["Aviation", "Marine", "Space"].iter().enumerate() {
        records.push(rec(
            20 + i as i64,
            20 + i as i64,
            &format!("Northrup Grammen {w}"),
            Some("US"),
            Some("northrupgrammen.com"),
        ));
    }
    records.push(rec(
        30,
        30,
        "Northrup Grammen Litfa",
        Some("DE"),
        Some("litfa.de"),
    ));
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Northrup Grammen Litfa"),
        company_of(&res, &records, "Northrup Grammen")
    );
}

#[test]
fn a_word_one_typo_from_the_other_names_word_is_not_extra() {
    // "Croup" is "Group" mistyped at its first letter, where Jaro-Winkler is weak.
    let records = vec![
        rec(1, 1, "Asian Prezz Group", Some("MY"), None),
        rec(2, 2, "ASIAN PREZZ CROUP", Some("MY"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Asian Prezz Group"),
        company_of(&res, &records, "ASIAN PREZZ CROUP")
    );
}

#[test]
fn a_brand_is_a_group_on_every_countrys_node_of_its_name() {
    // "Dupax" is judged a group on its Swiss node (the most seen); the American node,
    // with the site, is another node of the same name.
    let records = vec![
        rec(1, 1, "Dupax", Some("CH"), None),
        rec(2, 2, "Dupax", Some("CH"), None),
        rec(3, 3, "Dupax", Some("CH"), None),
        rec(4, 4, "Dupax", Some("US"), Some("dupax.com")),
        rec(5, 5, "Dupax Kevlon", Some("US"), Some("dupax.com")),
        rec(6, 6, "Dupax Tyvon", Some("CH"), Some("dupax.com")),
    ];
    let res = run(&records, &Decisions::default());
    let swiss = res.node_of_record[0];
    let american = res.node_of_record[3];
    assert_ne!(swiss, american);
    assert!(res.nodes[swiss].group_brand);
    assert!(res.nodes[american].group_brand);
    assert_eq!(
        res.nodes[swiss].group_domain,
        res.nodes[american].group_domain
    );
}

#[test]
fn a_rare_name_spaced_or_translated_differently_joins_the_firm_alone() {
    let records = vec![
        rec(1, 1, "L3Harris", Some("US"), Some("l3harris.com")),
        rec(2, 2, "L3Harris", Some("US"), Some("l3harris.com")),
        rec(3, 3, "L3Harris", Some("US"), Some("l3harris.com")),
        rec(
            4,
            4,
            "L3Harris Technologies",
            Some("US"),
            Some("l3harris.com"),
        ),
        rec(
            5,
            5,
            "L3Harris Technologies",
            Some("US"),
            Some("l3harris.com"),
        ),
        rec(6, 6, "L3HARRISTECHNOLOGIE S", Some("TH"), None),
        rec(
            7,
            7,
            "Selex Sistemi Integrati",
            Some("IT"),
            Some("selex-si.com"),
        ),
        rec(
            8,
            8,
            "Selex Sistemi Integrati",
            Some("IT"),
            Some("selex-si.com"),
        ),
        rec(9, 9, "Selex Sistemi", Some("IT"), Some("selex-si.com")),
        rec(10, 10, "Selex Sistemi", Some("IT"), Some("selex-si.com")),
        rec(11, 11, "Selex Sistemi", Some("IT"), Some("selex-si.com")),
        rec(12, 12, "SELEX Systems Integration", Some("GB"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "L3HARRISTECHNOLOGIE S"),
        company_of(&res, &records, "L3Harris")
    );
    assert_eq!(
        company_of(&res, &records, "SELEX Systems Integration"),
        company_of(&res, &records, "Selex Sistemi Integrati")
    );
}

#[test]
fn names_in_two_languages_are_one_name_when_they_share_a_brand_word() {
    let records = vec![
        rec(1, 1, "Keyvan Havacılık", Some("TR"), None),
        rec(2, 2, "Keyvan Aviation", Some("TR"), None),
        // The name embedded in English beside the Turkish one.
        rec(
            3,
            3,
            "NUROL BAE SYSTEMS HAVA SİSTEMLERİ A.Ş.",
            Some("TR"),
            None,
        ),
        rec(4, 4, "BNA (NUROL BAE SYSTEMS AIR SYSTEMS INC.)", None, None),
        // Only generic words, or a dictionary word spelt two ways: not enough.
        rec(5, 5, "Sistemas Integrados", Some("ES"), None),
        rec(6, 6, "Integrated Systems", Some("US"), None),
        rec(7, 7, "Delta Defence", Some("SK"), Some("deltadefence.sk")),
        rec(8, 8, "Delta Defense", Some("FR"), None),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Keyvan Havacılık"),
        company_of(&res, &records, "Keyvan Aviation")
    );
    assert_eq!(
        company_of(&res, &records, "NUROL BAE SYSTEMS HAVA SİSTEMLERİ A.Ş."),
        company_of(&res, &records, "BNA (NUROL BAE SYSTEMS AIR SYSTEMS INC.)")
    );
    assert_ne!(
        company_of(&res, &records, "Sistemas Integrados"),
        company_of(&res, &records, "Integrated Systems")
    );
    assert_ne!(
        company_of(&res, &records, "Delta Defence"),
        company_of(&res, &records, "Delta Defense")
    );
}

#[test]
fn a_siteless_part_of_a_name_with_its_own_site_is_not_a_common_words_division() {
    // "Elettronica" is Italian for "electronics": a word many firms use, whose
    // "divisions" with sites of their own are firms of their own.
    let mut records = group_with_site(
        "Elettronica",
        "IT",
        [
            "elettronicagroup.com",
            "elettronicagroup.com",
            "elettronicagroup.com",
        ],
        vec![
            rec(
                10,
                10,
                "Elettronica Aster SpA",
                Some("IT"),
                Some("elaster.it"),
            ),
            rec(
                11,
                11,
                "Elettronica Aster SpA",
                Some("IT"),
                Some("elaster.it"),
            ),
            // The Indian part has no site: the name's Italian site speaks for it.
            rec(12, 12, "Elettronica Aster", Some("IN"), None),
        ],
    );
    records.push(rec(13, 13, "Elettronica Land", Some("IT"), None));
    let res = run(&records, &Decisions::default());
    let elettronica = company_of(&res, &records, "Elettronica");
    assert_ne!(company_of(&res, &records, "Elettronica Aster"), elettronica);
    assert_ne!(
        company_of(&res, &records, "Elettronica Aster SpA"),
        elettronica
    );
    assert_eq!(company_of(&res, &records, "Elettronica Land"), elettronica);
}

/// A firm seen five times as `name` in `country` with `site`.
fn established(first_id: i64, name: &str, country: &str, site: Option<&str>) -> Vec<Record> {
    (first_id..first_id + 5)
        .map(|i| rec(i, i, name, Some(country), site))
        .collect()
}

#[test]
fn a_firms_name_after_a_nationality_a_division_or_its_parent_on_its_site_is_the_firm() {
    let mut records = established(1, "Rhenvatt", "DE", Some("rhenvatt.com"));
    records.extend(established(10, "Zelta Systems", "IL", Some("iai.co.il")));
    records.extend(established(20, "Casvidian", "DE", None));
    records.extend(established(30, "BAE Systems", "GB", Some("baesystems.com")));
    records.extend([
        rec(
            40,
            40,
            "American Rhenvatt",
            Some("US"),
            Some("rhenvatt-us.com"),
        ),
        rec(
            41,
            41,
            "SIGINT EW Division Zelta Systems Ltd",
            Some("IL"),
            None,
        ),
        rec(
            42,
            42,
            "IAI-Zelta Systems Ltd",
            Some("IL"),
            Some("iai.co.il"),
        ),
        rec(
            43,
            43,
            "EADS Defence & Security - Casvidian",
            None,
            Some("casvidian.com"),
        ),
        // A joint venture names a parent but neither qualifies it nor uses its site.
        rec(
            44,
            44,
            "Nurol BAE Systems",
            Some("TR"),
            Some("nurolbaesystems.com"),
        ),
        // An established firm needs a word of its own.
        rec(45, 45, "Curtiss Wright Metal Improvement", Some("US"), None),
    ]);
    records.extend(established(50, "Metal Improvement", "US", None));
    let res = run(&records, &Decisions::default());
    for (name, firm) in [
        ("American Rhenvatt", "Rhenvatt"),
        ("SIGINT EW Division Zelta Systems Ltd", "Zelta Systems"),
        ("IAI-Zelta Systems Ltd", "Zelta Systems"),
        ("EADS Defence & Security - Casvidian", "Casvidian"),
    ] {
        assert_eq!(
            company_of(&res, &records, name),
            company_of(&res, &records, firm),
            "{name}"
        );
    }
    assert_ne!(
        company_of(&res, &records, "Nurol BAE Systems"),
        company_of(&res, &records, "BAE Systems")
    );
    assert_ne!(
        company_of(&res, &records, "Curtiss Wright Metal Improvement"),
        company_of(&res, &records, "Metal Improvement")
    );
}

#[test]
fn pieces_of_a_name_under_one_brand_are_one_groups_units_not_a_joint_stand() {
    let mut records = established(1, "Rheinvalt Soldier Electronics", "DE", None);
    records.extend(established(10, "Textrel Aviation", "US", None));
    records.extend([
        // A typo in one piece's brand.
        rec(
            20,
            20,
            "Rhienvalt Defence - Rheinvalt Soldier Electronics GmbH",
            Some("DE"),
            None,
        ),
        // A joint stand of several firms.
        rec(21, 21, "Bellmark | Textrel Aviation", Some("US"), None),
    ]);
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(
            &res,
            &records,
            "Rhienvalt Defence - Rheinvalt Soldier Electronics GmbH"
        ),
        company_of(&res, &records, "Rheinvalt Soldier Electronics")
    );
    assert_ne!(
        company_of(&res, &records, "Bellmark | Textrel Aviation"),
        company_of(&res, &records, "Textrel Aviation")
    );
}

#[test]
fn a_siteless_name_that_is_another_names_site_is_that_firm() {
    let mut records = established(1, "CETC International Co., Ltd.", "CN", Some("cetci.cn"));
    records.extend([
        rec(10, 10, "CETCI", Some("CN"), None),
        rec(11, 11, "CETCI", Some("CN"), None),
        // A dictionary word is many firms' site name.
        rec(12, 12, "Harbor", Some("US"), None),
        rec(13, 13, "Harbor Freight", Some("US"), Some("harbor.com")),
    ]);
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "CETCI"),
        company_of(&res, &records, "CETC International Co., Ltd.")
    );
    assert_ne!(
        company_of(&res, &records, "Harbor"),
        company_of(&res, &records, "Harbor Freight")
    );
}

#[test]
fn names_starting_with_the_brand_their_shared_site_is_named_after_are_its_units() {
    let records = vec![
        rec(
            1,
            1,
            "Alaris Antennas (Pty) Ltd",
            Some("ZA"),
            Some("alaris.tech"),
        ),
        rec(2, 2, "Alaris Antennas (Pty) Ltd", Some("ZA"), None),
        rec(
            3,
            3,
            "Alaris Cojot Antennas",
            Some("FI"),
            Some("alaris.tech"),
        ),
        // A dictionary word is many firms' brand and site name.
        rec(4, 4, "Harbor Antennas", Some("ZA"), Some("harbor.tech")),
        rec(
            5,
            5,
            "Harbor Cojot Antennas",
            Some("FI"),
            Some("harbor.tech"),
        ),
    ];
    let res = run(&records, &Decisions::default());
    assert_eq!(
        company_of(&res, &records, "Alaris Antennas (Pty) Ltd"),
        company_of(&res, &records, "Alaris Cojot Antennas")
    );
    assert_ne!(
        company_of(&res, &records, "Harbor Antennas"),
        company_of(&res, &records, "Harbor Cojot Antennas")
    );
}

#[test]
fn a_vendor_site_borrowed_by_a_predecessor_firm_does_not_link_it() {
    let mut records = established(1, "L3Harris Technologies", "US", Some("l3harris.com"));
    records.extend([
        rec(10, 10, "Harris Corporation", Some("US"), Some("harris.com")),
        rec(11, 11, "Harris Corporation", Some("US"), Some("harris.com")),
        // A late Harris row on its successor's site.
        rec(
            12,
            12,
            "Harris Corporation",
            Some("US"),
            Some("l3harris.com"),
        ),
    ]);
    // "L3Harris merged-from Harris Corporation": Harris was absorbed, another firm.
    let mut l3 = vendor("L3Harris", &["https://www.l3harris.com/"], Some("US"));
    l3.incoming_lineage.push(LineageClaim {
        kind: LineageKind::AcquiredBy,
        object: "Harris Corporation".into(),
        object_id: None,
        date: Some("2019".into()),
    });
    let trenchant = || vendor("Trenchant", &["https://www.l3harris.com/trenchant"], None);
    let vendors = vec![l3, trenchant()];
    let decisions = Decisions {
        distinct: distinct_firms(&vendors, &[]),
        ..Decisions::default()
    };
    let res = run(&records, &decisions);
    let l3harris = company_of(&res, &records, "L3Harris Technologies");
    let harris = company_of(&res, &records, "Harris Corporation");
    assert_ne!(harris, l3harris);
    let links = links::link_vendors(&vendors, &res, &normaliser());
    assert_eq!(
        links
            .iter()
            .map(|l| (l.vendor, l.company))
            .collect::<Vec<_>>(),
        [(0, l3harris), (1, l3harris)],
        "{links:?}"
    );
    // Without the lineage, the late row's site links the record to Harris too.
    let links = links::link_vendors(&[trenchant()], &res, &normaliser());
    assert!(links.iter().any(|l| l.company == harris), "{links:?}");
}

#[test]
fn a_bare_word_that_starts_a_vendor_records_name_means_that_record() {
    let mut records = established(1, "AZIMUT", "ES", Some("azimut.es"));
    records.push(rec(10, 10, "Azimuth", Some("ES"), None));
    records.extend(established(20, "Trenchant", "US", Some("trenchant.com")));
    let res = run(&records, &Decisions::default());
    let azimut = company_of(&res, &records, "AZIMUT");
    // The one-row "Azimuth" joined the Spanish AZIMUT by its name.
    assert_eq!(company_of(&res, &records, "Azimuth"), azimut);
    let mut trenchant = vendor("Trenchant", &["trenchant.com"], Some("US"));
    trenchant.incoming_lineage.push(LineageClaim {
        kind: LineageKind::AcquiredBy,
        object: "Azimuth".into(),
        object_id: None,
        date: None,
    });
    let vendors = vec![trenchant, vendor("Azimuth Security", &[], Some("AU"))];
    let n = normaliser();
    let l = links::link_vendors(&vendors, &res, &n);
    let lin = links::lineage(&vendors, &l, &[], &res, &n);
    let claim = lin
        .iter()
        .find(|x| x.subject_name == "Azimuth")
        .expect("the claim is listed");
    // "Azimuth" is the unlinked record "Azimuth Security", not AZIMUT.
    assert_eq!(claim.subject, None, "{claim:?}");
    assert_eq!(claim.object, Some(company_of(&res, &records, "Trenchant")));
}
