//! The questions on the hand-built fixture, against answers computed by hand (see the
//! comments in `fixture.rs` for why each firm lands where it does).

use fairwatch_core::country::Gazetteer;

use super::*;
use crate::classify::classify;
use crate::compare::compare;
use crate::methodology::Methodology;

fn run(m: &Methodology, lineage: bool) -> Answers {
    let data = fixture::dataset();
    data.check().unwrap();
    let scope = Scope::new(m, &data, None, None, Some(lineage)).unwrap();
    analyse(&data, &classify(&data, m), m, &scope)
}

fn ids<'a>(it: impl Iterator<Item = &'a FirmRef>) -> Vec<&'a str> {
    it.map(|f| f.company_id.as_str()).collect()
}

fn default() -> Methodology {
    Methodology::builtin(&Gazetteer::builtin())
}

#[test]
fn the_window_is_the_last_ten_years_with_lists() {
    let a = run(&default(), false);
    assert_eq!((a.finding.window.from, a.finding.window.to), (2014, 2023));
}

#[test]
fn q1_firms_by_tier() {
    let a = run(&default(), false);
    let tiers: Vec<(&str, Tier)> =
        a.q1.firms
            .iter()
            .map(|f| (f.firm.company_id.as_str(), f.tier))
            .collect();
    assert_eq!(
        tiers,
        [
            ("alpha", Tier::High),
            ("beta", Tier::High),
            ("iota", Tier::High),
            ("kappa", Tier::High),
            ("hacking", Tier::High),
            ("theta", Tier::Medium),
            ("eta", Tier::Medium),
            ("gamma", Tier::Medium),
            ("epsilon", Tier::Low),
        ]
    );
    assert_eq!(a.q1.by_tier[&Tier::High], 5);
    assert_eq!(a.q1.by_tier[&Tier::Medium], 3);
    assert_eq!(a.q1.by_tier[&Tier::Low], 1);
}

#[test]
fn q2_share_outside_the_home_region() {
    let a = run(&default(), false);
    let q2 = &a.q2;
    assert_eq!((q2.numerator, q2.denominator), (3, 7));
    assert_eq!(q2.share, Some(0.4286));
    assert_eq!(ids(q2.unknown_hq.iter()), ["gamma"]);
    let outside: Vec<&str> = q2
        .firms
        .iter()
        .filter(|f| f.outside)
        .map(|f| f.firm.company_id.as_str())
        .collect();
    // beta: HQ from the vendor list (IL, Asia) beats the declared GB.
    // Outside first, then by tier, then by the number of outside events.
    assert_eq!(outside, ["iota", "beta", "theta"]);
    let beta = q2
        .firms
        .iter()
        .find(|f| f.firm.company_id == "beta")
        .unwrap();
    assert_eq!(
        (beta.hq_iso2.as_str(), beta.hq_source),
        ("IL", HqSource::VendorList)
    );
    assert_eq!(q2.hq_sources[&HqSource::VendorList], 1);
    assert_eq!(q2.hq_sources[&HqSource::Declared], 6);
}

#[test]
fn q3_fairs_and_hosts_ranked() {
    let a = run(&default(), false);
    let fairs: Vec<(&str, usize, usize, usize)> =
        a.q3.fairs
            .iter()
            .map(|f| {
                (
                    f.series_key.as_str(),
                    f.firms,
                    f.firm_appearances,
                    f.editions,
                )
            })
            .collect();
    assert_eq!(
        fairs,
        [
            ("interpolitex", 4, 4, 1),
            ("helsinki-expo", 3, 3, 2),
            ("milipol-paris", 2, 2, 1),
            ("security-policing", 2, 2, 1),
            ("idef", 1, 1, 1),
            ("milipol-qatar", 1, 1, 1),
        ]
    );
    let hosts: Vec<(&str, usize)> =
        a.q3.hosts
            .iter()
            .map(|h| (h.iso2.as_str(), h.firms))
            .collect();
    assert_eq!(
        hosts,
        [
            ("RU", 4),
            ("FI", 3),
            ("FR", 2),
            ("GB", 2),
            ("QA", 1),
            ("TR", 1)
        ]
    );
}

#[test]
fn q4_adversaries_and_irresponsible_proliferators() {
    let a = run(&default(), false);
    let q4 = &a.q4;
    let firms: Vec<(&str, bool)> = q4
        .firms
        .iter()
        .map(|f| (f.firm.company_id.as_str(), f.irresponsible))
        .collect();
    // eta's only adversary evidence is its home market; iota's Helsinki edition was
    // before Finland joined NATO; the retracted Russian delegation at S&P is ignored.
    assert_eq!(
        firms,
        [
            ("alpha", true),
            ("beta", true),
            ("kappa", true),
            ("iota", false)
        ]
    );
    assert_eq!(q4.irresponsible, 3);
    let beta = &q4.firms[1];
    assert_eq!(beta.evidence.len(), 1);
    assert_eq!(beta.evidence[0].reason, "delegation");
    assert_eq!(beta.evidence[0].country, "IR");
    assert_eq!(beta.evidence[0].event.slug, "idef-2023");
    assert_eq!(beta.allied_events.len(), 2);
}

#[test]
fn following_lineage_counts_a_renamed_firm_once() {
    let a = run(&default(), true);
    let q4: Vec<&str> = ids(a.q4.firms.iter().map(|f| &f.firm));
    assert!(q4.contains(&"memento"), "{q4:?}");
    assert!(!q4.contains(&"hacking"));
    assert_eq!(a.q4.irresponsible, 4);
    let unit =
        a.q1.firms
            .iter()
            .find(|f| f.firm.company_id == "memento")
            .unwrap();
    assert_eq!(unit.firm.name, "memento (with hacking)");
    assert_eq!(unit.tier, Tier::High);
    assert_eq!(a.q1.firms.len(), 9);
}

#[test]
fn the_timeline_counts_entrants_and_exits() {
    let a = run(&default(), false);
    let y = |year: i32| a.timeline.years.iter().find(|r| r.year == year).unwrap();
    assert_eq!(a.timeline.years.len(), 10);
    assert_eq!(y(2016).firms, 1);
    assert_eq!(y(2016).new_entrants, ["theta"]);
    assert_eq!(y(2019).firms, 7);
    assert_eq!(y(2019).exits, ["alpha", "eta", "gamma", "hacking"]);
    assert_eq!(y(2023).firms, 4);
    assert!(y(2023).exits.is_empty(), "the last year has no exits");
    assert_eq!(y(2015).firms, 0);
}

#[test]
fn a_window_override_moves_every_answer() {
    let m = default();
    let data = fixture::dataset();
    let scope = Scope::new(&m, &data, Some(2005), Some(2005), None).unwrap();
    let a = analyse(&data, &classify(&data, &m), &m, &scope);
    assert_eq!(ids(a.q1.firms.iter().map(|f| &f.firm)), ["zeta"]);
    assert!(Scope::new(&m, &data, Some(2010), Some(2005), None).is_err());
}

#[test]
fn one_changed_value_changes_exactly_the_expected_answers() {
    let base = default();
    // Finland a NATO member from 1 January 2023: iota's March edition becomes allied.
    let mut spec = base.spec.clone();
    if let crate::methodology::Members::Dated(m) = &mut spec.groups.get_mut("nato").unwrap().members
    {
        m.insert(
            "FI".into(),
            crate::methodology::Period::Joined("2023-01-01".into()),
        );
    }
    let other = Methodology::from_spec(spec, "other", &Gazetteer::builtin()).unwrap();
    assert_ne!(base.sha256, other.sha256);
    let cmp = compare(&run(&base, false), &run(&other, false));
    for d in &cmp.answers {
        if d.answer == "q4_proliferators" {
            assert_eq!(ids(d.entered.iter()), ["iota"]);
            assert!(d.left.is_empty());
        } else {
            assert!(
                d.entered.is_empty() && d.left.is_empty() && d.tier_changed.is_empty(),
                "{d:?}"
            );
        }
    }
}

#[test]
fn the_same_inputs_give_byte_identical_json() {
    let a = serde_json::to_string(&run(&default(), false)).unwrap();
    let b = serde_json::to_string(&run(&default(), false)).unwrap();
    assert_eq!(a, b);
    assert!(a.contains(&default().sha256));
}
