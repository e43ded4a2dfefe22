//! `fairwatch analyze [q1|q2|q3|q4|timeline]`: the four research questions and the yearly
//! series, on the bundled data by default (ingesting, resolving and classifying first if
//! needed). `--compare other.toml` shows which firms enter or leave each answer under
//! another methodology; `--out DIR` writes every table as CSV plus the JSON.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use fairwatch_study::compare::{compare, Comparison};
use fairwatch_study::questions::{Answers, EventRef};
use fairwatch_study::{analyse, Methodology, Scope};

use super::Global;
use crate::output::{csv_safe, print_json, Format, FormatArgs, Table};
use crate::pipeline::Study;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// All four answers and the yearly series.
    All,
    /// Firms marketing interception/intrusion at arms fairs, by tier.
    Q1,
    /// Firms marketing outside their headquarters region, and the share.
    Q2,
    /// Fairs ranked by counted firms.
    Q3,
    /// Host countries ranked by counted firms.
    Q3Hosts,
    /// Firms marketing to adversaries; irresponsible proliferators.
    Q4,
    /// Counted firms per year, new entrants and exits.
    Timeline,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which answer to print.
    #[arg(value_enum, default_value = "all")]
    pub question: Question,
    /// First year of the window [default: from the methodology].
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year of the window [default: from the methodology].
    #[arg(long)]
    pub to: Option<i32>,
    /// Count firms joined by lineage (a renamed firm) as one.
    #[arg(long)]
    pub follow_lineage: bool,
    /// Compare with another methodology: which firms enter or leave each answer.
    #[arg(long, value_name = "OTHER.toml")]
    pub compare: Option<PathBuf>,
    /// Write answers.json and one CSV per table into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Rows per table on the terminal with `all` (0: every row).
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    /// Print how long loading, classifying and answering took (stderr).
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let m = crate::pipeline::methodology(g)?;
    let mut store = g.open_with_data()?;
    let study = crate::pipeline::study(g, &mut store, &m)?;
    let follow = args.follow_lineage.then_some(true);
    let scope =
        Scope::new(&m, &study.data, args.from, args.to, follow).map_err(|e| anyhow::anyhow!(e))?;
    let started = Instant::now();
    let answers = analyse(&study.data, &study.classes, &m, &scope);
    let answer_seconds = started.elapsed().as_secs_f64();
    if args.timings {
        timings(g, &study, &m, &scope, answer_seconds);
    }
    if let Some(other_path) = &args.compare {
        let other = crate::pipeline::methodology_at(Some(other_path))?;
        let classes = fairwatch_study::classify(&study.data, &other);
        let other_scope = Scope::new(&other, &study.data, args.from, args.to, follow)
            .map_err(|e| anyhow::anyhow!(e))?;
        let other_answers = analyse(&study.data, &classes, &other, &other_scope);
        return print_comparison(&compare(&answers, &other_answers), args.format.format());
    }
    if let Some(dir) = &args.out {
        write_out(dir, &answers)?;
        g.note(format!(
            "Wrote answers.json and the CSV tables to {}",
            dir.display()
        ));
    }
    match args.format.format() {
        Format::Json => match args.question {
            Question::All => print_json(&answers),
            Question::Q1 => print_json(&answers.q1),
            Question::Q2 => print_json(&answers.q2),
            Question::Q3 | Question::Q3Hosts => print_json(&answers.q3),
            Question::Q4 => print_json(&answers.q4),
            Question::Timeline => print_json(&answers.timeline),
        },
        Format::Csv => {
            if args.question == Question::All {
                anyhow::bail!(
                    "--csv prints one table: name it (q1, q2, q3, q3-hosts, q4, timeline), or use --out DIR for all of them"
                );
            }
            table(&answers, args.question, 0, true).print(Format::Csv)
        }
        Format::Table => print_terminal(&answers, &m, args.question, args.top),
    }
}

/// Loading and classifying once, then the questions 20 times: the median is the figure
/// docs/PERFORMANCE.md records ("all four questions, data loaded").
fn timings(g: &Global, study: &Study, m: &Methodology, scope: &Scope, first: f64) {
    let mut runs: Vec<f64> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(analyse(&study.data, &study.classes, m, scope));
            t.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    g.note(format!(
        "timings: load {:.1} ms, classify {:.1} ms, questions {:.1} ms (first run), {:.1} ms median of 20 runs",
        study.load_seconds * 1e3,
        study.classify_seconds * 1e3,
        first * 1e3,
        runs[runs.len() / 2] * 1e3
    ));
}

fn event_label(e: &EventRef) -> String {
    format!(
        "{} {} ({})",
        e.series,
        e.year.map(|y| y.to_string()).unwrap_or_default(),
        e.host_iso2.as_deref().unwrap_or("?")
    )
}

fn cite(events: &[String], limit: usize) -> String {
    let mut s = events
        .iter()
        .take(limit)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if events.len() > limit {
        s.push_str(&format!("; +{} more", events.len() - limit));
    }
    s
}

/// One answer as a flat table. `full` adds the hashes to every row (CSV) and cites every
/// event instead of the first few.
fn table(a: &Answers, q: Question, top: usize, full: bool) -> Table {
    let limit = if full { usize::MAX } else { 3 };
    let take = |n: usize| if top == 0 { n } else { top.min(n) };
    let mut t = match q {
        Question::All => unreachable!("`all` prints several tables"),
        Question::Q1 => {
            let mut t = Table::new(vec![
                "company_id",
                "firm",
                "tier",
                "capabilities",
                "hq",
                "events",
                "appearances",
                "years",
            ]);
            for f in a.q1.firms.iter().take(take(a.q1.firms.len())) {
                t.push(vec![
                    f.firm.company_id.clone(),
                    f.firm.name.clone(),
                    f.tier.to_string(),
                    f.capabilities
                        .iter()
                        .map(|(c, t)| format!("{c}:{t}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    f.hq_iso2.clone().unwrap_or_default(),
                    f.events.to_string(),
                    f.appearances.to_string(),
                    match (f.first_year, f.last_year) {
                        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
                        (Some(a), _) => a.to_string(),
                        _ => String::new(),
                    },
                ]);
            }
            t
        }
        Question::Q2 => {
            let mut t = Table::new(vec![
                "company_id",
                "firm",
                "tier",
                "hq",
                "hq_region",
                "hq_source",
                "outside",
                "regions",
                "outside_events",
            ]);
            for f in a.q2.firms.iter().take(take(a.q2.firms.len())) {
                let events: Vec<String> = f.outside_events.iter().map(event_label).collect();
                t.push(vec![
                    f.firm.company_id.clone(),
                    f.firm.name.clone(),
                    f.tier.to_string(),
                    f.hq_iso2.clone(),
                    f.hq_region.clone(),
                    serde_json::to_value(f.hq_source)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    if f.outside { "yes" } else { "no" }.into(),
                    f.regions.iter().cloned().collect::<Vec<_>>().join(", "),
                    cite(&events, limit),
                ]);
            }
            t
        }
        Question::Q3 => {
            let mut t = Table::new(vec![
                "series",
                "fair",
                "firms",
                "firm_appearances",
                "editions",
                "hosts",
            ]);
            for f in a.q3.fairs.iter().take(take(a.q3.fairs.len())) {
                t.push(vec![
                    f.series_key.clone(),
                    f.series.clone(),
                    f.firms.to_string(),
                    f.firm_appearances.to_string(),
                    f.editions.to_string(),
                    f.hosts.iter().cloned().collect::<Vec<_>>().join(" "),
                ]);
            }
            t
        }
        Question::Q3Hosts => {
            let mut t = Table::new(vec!["host", "firms", "firm_appearances", "events"]);
            for h in a.q3.hosts.iter().take(take(a.q3.hosts.len())) {
                t.push(vec![
                    h.iso2.clone(),
                    h.firms.to_string(),
                    h.firm_appearances.to_string(),
                    h.events.to_string(),
                ]);
            }
            t
        }
        Question::Q4 => {
            let mut t = Table::new(vec![
                "company_id",
                "firm",
                "tier",
                "hq",
                "proliferator",
                "adversary_evidence",
                "allied_events",
            ]);
            for f in a.q4.firms.iter().take(take(a.q4.firms.len())) {
                let evidence: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|e| match &e.delegation {
                        Some(d) => format!(
                            "{}: delegation {} ({})",
                            event_label(&e.event),
                            d,
                            e.country
                        ),
                        None => format!("{}: hosted", event_label(&e.event)),
                    })
                    .collect();
                let allied: Vec<String> = f.allied_events.iter().map(event_label).collect();
                t.push(vec![
                    f.firm.company_id.clone(),
                    f.firm.name.clone(),
                    f.tier.to_string(),
                    f.hq_iso2.clone().unwrap_or_default(),
                    if f.irresponsible { "yes" } else { "no" }.into(),
                    cite(&evidence, limit),
                    if full {
                        cite(&allied, limit)
                    } else {
                        allied.len().to_string()
                    },
                ]);
            }
            t
        }
        Question::Timeline => {
            let mut t = Table::new(vec![
                "year",
                "events_with_lists",
                "firms",
                "new_entrants",
                "exits",
            ]);
            for y in &a.timeline.years {
                t.push(vec![
                    y.year.to_string(),
                    y.events_with_lists.to_string(),
                    y.firms.to_string(),
                    if full {
                        y.new_entrants.join(" ")
                    } else {
                        y.new_entrants.len().to_string()
                    },
                    if full {
                        y.exits.join(" ")
                    } else {
                        y.exits.len().to_string()
                    },
                ]);
            }
            t
        }
    };
    if full {
        t.headers.extend(["dataset_sha256", "methodology_sha256"]);
        for row in &mut t.rows {
            row.push(a.finding.dataset_sha256.clone());
            row.push(a.finding.methodology_sha256.clone());
        }
    }
    t
}

fn print_terminal(a: &Answers, m: &Methodology, q: Question, top: usize) -> anyhow::Result<()> {
    let f = &a.finding;
    let tiers: Vec<&str> = f.tiers.iter().map(|t| t.as_str()).collect();
    println!(
        "Window {}-{}; capabilities: {}; tiers counted: {}; regions: {}; adversaries: {}; allies: {}{}",
        f.window.from,
        f.window.to,
        f.capabilities.join(", "),
        tiers.join(", "),
        f.region_scheme,
        m.spec.groups[&f.adversaries].label,
        m.spec.groups[&f.allies].label,
        if f.window.follow_lineage { "; lineage followed" } else { "" },
    );
    println!(
        "Dataset sha256 {}; methodology {} sha256 {}",
        f.dataset_sha256, f.methodology, f.methodology_sha256
    );
    let top = if q == Question::All { top } else { 0 };
    let more = |shown: usize, total: usize| {
        if shown < total {
            println!(
                "... {} more: `fairwatch analyze <question>` lists all, --csv or --json exports",
                total - shown
            );
        }
    };
    let show = |which: Question, title: String, total: usize| -> anyhow::Result<()> {
        if q == Question::All || q == which {
            println!("\n{title}\n");
            let t = table(a, which, top, false);
            let shown = t.rows.len();
            t.print(Format::Table)?;
            more(shown, total);
        }
        Ok(())
    };
    let by = |t| a.q1.by_tier.get(&t).copied().unwrap_or(0);
    use fairwatch_study::Tier;
    show(
        Question::Q1,
        format!(
            "Q1. Firms marketing {} at arms fairs: {} high, {} medium, {} low confidence",
            f.capabilities.join("/"),
            by(Tier::High),
            by(Tier::Medium),
            by(Tier::Low)
        ),
        a.q1.firms.len(),
    )?;
    let q2 = &a.q2;
    show(
        Question::Q2,
        format!(
            "Q2. Firms marketing outside their headquarters region ({}): {} of {} with a known HQ{}; {} with HQ unknown, not counted",
            q2.region_scheme,
            q2.numerator,
            q2.denominator,
            q2.share.map(|s| format!(" ({:.1}%)", s * 100.0)).unwrap_or_default(),
            q2.unknown_hq.len()
        ),
        q2.firms.len(),
    )?;
    show(
        Question::Q3,
        "Q3. Fairs ranked by high/medium-confidence firms (distinct firms; firm-appearances)"
            .into(),
        a.q3.fairs.len(),
    )?;
    show(
        Question::Q3Hosts,
        "Q3. Host countries ranked by the same firms".into(),
        a.q3.hosts.len(),
    )?;
    show(
        Question::Q4,
        format!(
            "Q4. Firms marketing to {}: {}; irresponsible proliferators (also marketing in {}): {}",
            m.spec.groups[&f.adversaries].label,
            a.q4.firms.len(),
            m.spec.groups[&f.allies].label,
            a.q4.irresponsible
        ),
        a.q4.firms.len(),
    )?;
    show(
        Question::Timeline,
        "Counted firms per year, new entrants and exits".into(),
        a.timeline.years.len(),
    )
}

fn print_comparison(c: &Comparison, format: Format) -> anyhow::Result<()> {
    if format == Format::Json {
        return print_json(c);
    }
    println!(
        "Base: {} (sha256 {}), window {}-{}\nOther: {} (sha256 {}), window {}-{}\n",
        c.base.methodology,
        &c.base.methodology_sha256[..12],
        c.base.window.from,
        c.base.window.to,
        c.other.methodology,
        &c.other.methodology_sha256[..12],
        c.other.window.from,
        c.other.window.to
    );
    let mut t = Table::new(vec![
        "answer",
        "base",
        "other",
        "entered",
        "left",
        "tier changed",
    ]);
    let names = |v: &[fairwatch_study::questions::FirmRef]| {
        cite(&v.iter().map(|f| f.name.clone()).collect::<Vec<_>>(), 8)
    };
    for d in &c.answers {
        t.push(vec![
            d.label.to_string(),
            d.base.to_string(),
            d.other.to_string(),
            names(&d.entered),
            names(&d.left),
            cite(
                &d.tier_changed
                    .iter()
                    .map(|x| format!("{} {}->{}", x.firm.name, x.base, x.other))
                    .collect::<Vec<_>>(),
                8,
            ),
        ]);
    }
    t.print(format)
}

/// `answers.json` and one CSV per table.
fn write_out(dir: &Path, a: &Answers) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let json = serde_json::to_string_pretty(a)? + "\n";
    std::fs::write(dir.join("answers.json"), json)
        .with_context(|| format!("cannot write {}", dir.join("answers.json").display()))?;
    for (name, q) in [
        ("q1.csv", Question::Q1),
        ("q2.csv", Question::Q2),
        ("q3-fairs.csv", Question::Q3),
        ("q3-hosts.csv", Question::Q3Hosts),
        ("q4.csv", Question::Q4),
        ("timeline.csv", Question::Timeline),
    ] {
        let t = table(a, q, 0, true);
        let path = dir.join(name);
        let mut w = csv::Writer::from_path(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        w.write_record(&t.headers)?;
        for row in &t.rows {
            w.write_record(row.iter().map(|c| csv_safe(c).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(())
}
