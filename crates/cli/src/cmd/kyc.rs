//! `fairwatch kyc`: know your customer. One customer (`--name`, `--country`,
//! `--end-use`) gets a decision with its reasons and citations:
//!
//! - **deny**: the customer matches an entry of a sanctions or export-control list;
//! - **licence required**: on no list, but the destination or the declared end use is
//!   one the methodology's `[kyc]` section names (the cyber-surveillance catch-all of
//!   Regulation (EU) 2021/821, article 5);
//! - **review**: a near miss on a list, or a match on Fairwatch's watchlist;
//! - **clear**: none of these.
//!
//! `--register` keeps the customer in the register; `--rescreen` screens the whole
//! register again (after a list changed) and reports whose decision changed.

use serde::Serialize;

use super::compare::Kind;
use super::screen::{screen_and_record, Job, Reported};
use super::Global;
use crate::output::{print_json, terminal_safe, Format, Table};
use fairwatch_screen::{Query, Settings};
use fairwatch_store::Customer;
use fairwatch_study::pattern::{words, Phrase};
use fairwatch_study::Methodology;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The customer's name.
    #[arg(long, required_unless_present_any = ["rescreen", "customers"])]
    pub name: Option<String>,
    /// The destination country (ISO code or English name).
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long = "type", value_enum)]
    pub kind: Option<Kind>,
    /// The declared end use, as the customer states it.
    #[arg(long, default_value = "")]
    pub end_use: String,
    /// An identifier (registration number, passport).
    #[arg(long)]
    pub id: Option<String>,
    /// A person's date of birth.
    #[arg(long)]
    pub dob: Option<String>,
    /// Keep the customer in the register, to be re-screened when lists change.
    #[arg(long)]
    pub register: bool,
    /// Screen every registered customer again and report whose decision changed.
    #[arg(long, conflicts_with_all = ["name", "customers"])]
    pub rescreen: bool,
    /// List the register.
    #[arg(long, conflicts_with = "name")]
    pub customers: bool,
    /// Who is checking (recorded with the run) [default: $USER].
    #[arg(long, env = "FAIRWATCH_REVIEWER")]
    pub who: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// One reason for a decision.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub rule: &'static str,
    pub detail: String,
    pub citation: String,
}

/// A KYC decision.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub customer: String,
    pub decision: &'static str,
    pub reasons: Vec<Reason>,
    pub hits: Vec<Reported>,
    pub run: i64,
}

/// Today as `YYYY-MM-DD` (UTC), for group membership on the day of the check.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    // Days to civil date (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The decision for one customer from its screening hits and the `[kyc]` rules.
fn decide(
    m: &Methodology,
    name: &str,
    country: Option<&str>,
    end_use: &str,
    hits: Vec<Reported>,
    run: i64,
) -> Decision {
    let k = &m.spec.kyc;
    let mut reasons = Vec::new();
    let listed: Vec<&Reported> = hits
        .iter()
        .filter(|h| {
            h.hit.alert && h.suppressed_by.is_none() && h.hit.list != crate::screening::WATCHLIST
        })
        .collect();
    for h in &listed {
        reasons.push(Reason {
            rule: "listed_party",
            detail: format!(
                "matches {} entry {} {:?} (score {:.3}{})",
                h.hit.list,
                h.hit.entry_id,
                h.hit.entry_name,
                h.hit.score,
                if h.hit.programs.is_empty() {
                    String::new()
                } else {
                    format!("; programmes {}", h.hit.programs.join(", "))
                }
            ),
            citation: h
                .hit
                .sub_list
                .clone()
                .unwrap_or_else(|| format!("list {}", h.hit.list)),
        });
    }
    let date = today();
    if let Some(c) = country {
        let groups: Vec<&String> = k
            .licence_groups
            .iter()
            .filter(|g| m.member(g, c, &date))
            .collect();
        if !groups.is_empty() || k.licence_countries.iter().any(|x| x == c) {
            reasons.push(Reason {
                rule: "destination",
                detail: format!(
                    "destination {c} is a licence destination{}",
                    if groups.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (member of {} on {date})",
                            groups
                                .iter()
                                .map(|g| g.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                ),
                citation: k.citation.clone(),
            });
        }
    }
    let use_words = words(end_use);
    for term in &k.end_use_terms {
        if Phrase::new(term).is_some_and(|p| p.matches(&use_words)) {
            reasons.push(Reason {
                rule: "end_use",
                detail: format!("the declared end use mentions {term:?}"),
                citation: k.citation.clone(),
            });
        }
    }
    let watch = hits.iter().filter(|h| {
        h.hit.alert && h.suppressed_by.is_none() && h.hit.list == crate::screening::WATCHLIST
    });
    for h in watch {
        reasons.push(Reason {
            rule: "watchlist",
            detail: format!(
                "matches Fairwatch's watchlist entry {} {:?} ({})",
                h.hit.entry_id,
                h.hit.entry_name,
                h.hit.programs.join(", ")
            ),
            citation: "Fairwatch analysis (see `fairwatch company show`)".into(),
        });
    }
    for h in hits
        .iter()
        .filter(|h| !h.hit.alert && h.hit.list != crate::screening::WATCHLIST)
    {
        reasons.push(Reason {
            rule: "near_miss",
            detail: format!(
                "resembles {} entry {} {:?} (score {:.3}, below the alert threshold)",
                h.hit.list, h.hit.entry_id, h.hit.entry_name, h.hit.score
            ),
            citation: format!("list {}", h.hit.list),
        });
    }
    let has = |r: &str| reasons.iter().any(|x| x.rule == r);
    let decision = if has("listed_party") {
        "deny"
    } else if has("destination") || has("end_use") {
        "licence_required"
    } else if has("watchlist") || has("near_miss") {
        "review"
    } else {
        "clear"
    };
    Decision {
        customer: name.to_string(),
        decision,
        reasons,
        hits,
        run,
    }
}

fn query_of(c: &Customer, g: &fairwatch_core::country::Gazetteer) -> anyhow::Result<Query> {
    let mut q = Query::name(&c.name);
    if let Some(country) = &c.country {
        q = q.country(country, g).map_err(|e| anyhow::anyhow!(e))?;
    }
    q.kind = match c.kind.as_deref() {
        Some("person") => Some(fairwatch_sources::lists::EntityKind::Person),
        Some("company") => Some(fairwatch_sources::lists::EntityKind::Organisation),
        _ => None,
    };
    Ok(q.identifier(&c.identifier))
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    if args.customers {
        let all = store.customers()?;
        if args.json {
            return print_json(&all);
        }
        let mut t = Table::new(vec!["id", "name", "country", "decision", "screened", "run"]);
        for c in &all {
            t.push(vec![
                c.id.to_string(),
                c.name.clone(),
                c.country.clone().unwrap_or_default(),
                c.decision.clone().unwrap_or_default(),
                c.screened_at.clone().unwrap_or_default(),
                c.run_id.map(|r| r.to_string()).unwrap_or_default(),
            ]);
        }
        return t.print(Format::Table);
    }
    crate::screening::ensure_lists(g, &mut store)?;
    crate::screening::refresh_watchlist(g, &mut store)?;
    let m = crate::pipeline::methodology(g)?;
    let gazetteer = fairwatch_core::country::Gazetteer::builtin();
    let who = args
        .who
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    let settings = Settings {
        floor: fairwatch_screen::DEFAULT_THRESHOLD - 0.10,
        ..Settings::default()
    };
    let customers: Vec<Customer> = if args.rescreen {
        store.customers()?
    } else {
        let mut q = Query::name(args.name.clone().unwrap_or_default());
        if let Some(c) = &args.country {
            q = q.country(c, &gazetteer).map_err(|e| anyhow::anyhow!(e))?;
        }
        vec![Customer {
            name: q.name.clone(),
            country: q.country.clone(),
            kind: args.kind.map(|k| match k {
                Kind::Company => "company".to_string(),
                Kind::Person => "person".to_string(),
            }),
            end_use: args.end_use.clone(),
            identifier: args.id.clone().unwrap_or_default(),
            ..Customer::default()
        }]
    };
    if customers.is_empty() {
        println!("The customer register is empty; add customers with `fairwatch kyc --name ... --register`.");
        return Ok(());
    }
    let mut queries = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        let mut q = query_of(c, &gazetteer)?;
        if let Some(d) = &args.dob {
            q = q.birth_date(d).map_err(|e| anyhow::anyhow!(e))?;
        }
        queries.push((i + 1, q));
    }
    let subject = if args.rescreen {
        "customer register".to_string()
    } else {
        format!("customer {}", customers[0].name)
    };
    let (run, reported, _) = screen_and_record(
        g,
        &mut store,
        &Job {
            queries: &queries,
            only: None,
            settings,
            command: "kyc",
            subject: &subject,
            who: &who,
            timings: false,
        },
    )?;
    let mut decisions = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        let hits: Vec<Reported> = reported
            .iter()
            .filter(|r| r.line == i + 1)
            .cloned()
            .collect();
        let d = decide(&m, &c.name, c.country.as_deref(), &c.end_use, hits, run);
        let before = c.decision.clone();
        if args.rescreen {
            store.set_customer_decision(c.id, d.decision, run)?;
        } else if args.register {
            let id = store.upsert_customer(c)?;
            store.set_customer_decision(id, d.decision, run)?;
        }
        decisions.push((before, d));
    }
    if args.rescreen {
        let changed: Vec<&(Option<String>, Decision)> = decisions
            .iter()
            .filter(|(before, d)| before.as_deref() != Some(d.decision))
            .collect();
        if args.json {
            return print_json(&serde_json::json!({
                "run": run,
                "customers": decisions.len(),
                "changed": changed.iter().map(|(b, d)| serde_json::json!({"before": b, "after": d})).collect::<Vec<_>>(),
            }));
        }
        println!(
            "Re-screened {} customers (run {run}): {} decisions changed.",
            decisions.len(),
            changed.len()
        );
        for (before, d) in changed {
            println!(
                "  {}: {} -> {}",
                terminal_safe(&d.customer),
                before.as_deref().unwrap_or("(none)"),
                d.decision
            );
            for r in &d.reasons {
                println!("      {}: {}", r.rule, terminal_safe(&r.detail));
            }
        }
        return Ok(());
    }
    let (_, d) = decisions.pop().expect("one customer");
    if args.json {
        return print_json(&d);
    }
    println!(
        "{}: {} (run {run})",
        terminal_safe(&d.customer),
        d.decision.replace('_', " ").to_uppercase()
    );
    for r in &d.reasons {
        println!("  {}: {}", r.rule, terminal_safe(&r.detail));
        println!("      cites: {}", terminal_safe(&r.citation));
    }
    if d.reasons.is_empty() {
        println!("  on no list, no near miss, destination and end use need no licence under the methodology");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_date() {
        let t = super::today();
        assert_eq!(t.len(), 10);
        assert!(t.starts_with("20"));
    }
}
