//! `fairwatch screen names.csv`: every name in a file against the lists in force (and
//! Fairwatch's watchlist), in parallel with a progress bar. Prints or writes the hits
//! with their reasons; records the run (who, lists and versions, threshold, algorithm,
//! results) in the append-only screening log. A hit a reviewer already judged a false
//! positive for the same name and list entry is shown as suppressed, with the decision.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use super::Global;
use crate::output::{print_json, Format, FormatArgs, Table};
use crate::progress::Bar;
use fairwatch_screen::{Hit, Query, Settings, ALGORITHM};
use fairwatch_sources::Progress;
use fairwatch_store::{Disposition, ScreeningRun};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A CSV with a header (a `name` column; optional `country`, `type`, `dob`, `id`),
    /// or a text file with one name per line.
    pub file: PathBuf,
    /// Only these lists (comma-separated keys; see `fairwatch lists list`).
    #[arg(long, value_delimiter = ',')]
    pub lists: Option<Vec<String>>,
    /// Leave out Fairwatch's own watchlist.
    #[arg(long)]
    pub no_watchlist: bool,
    /// The score at or above which a hit is an alert.
    #[arg(long, default_value_t = fairwatch_screen::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Also report near misses down to this score (not alerts).
    #[arg(long)]
    pub floor: Option<f64>,
    /// Write the results to this file (.csv or .json) instead of printing them.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Who is screening (recorded with the run) [default: $USER].
    #[arg(long, env = "FAIRWATCH_REVIEWER")]
    pub who: Option<String>,
    /// Print timings on stderr: index build, the batch, and single-query latency
    /// percentiles (one thread, up to 10,000 of the names).
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub format: FormatArgs,
}

/// One hit as reported.
#[derive(Debug, Clone, Serialize)]
pub struct Reported {
    pub query: String,
    pub line: usize,
    #[serde(flatten)]
    pub hit: Hit,
    /// A reviewer's earlier false-positive decision that suppresses this alert.
    pub suppressed_by: Option<Disposition>,
}

/// Reads the names to screen. Errors name the file and line.
pub fn read_queries(path: &Path, g: &Global) -> anyhow::Result<Vec<(usize, Query)>> {
    let gazetteer = fairwatch_core::country::Gazetteer::builtin();
    let name = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv {
        return Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, Query::name(l.trim())))
            .collect());
    }
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .with_context(|| format!("{name}: cannot read the header row"))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let name_col = col(&["name", "company", "exhibitor", "full name", "full_name", "entity"])
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{name}: line 1: no name column (found: {}); hint: call the column `name` (optional: country, type, dob, id), or give a .txt file with one name per line",
                headers.join(", ")
            )
        })?;
    let country = col(&["country", "country_code", "iso2"]);
    let kind = col(&["type", "kind", "entity_type"]);
    let dob = col(&["dob", "date_of_birth", "birth_date"]);
    let id = col(&["id", "identifier", "passport", "registration"]);
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.with_context(|| format!("{name}: line {line}: not valid CSV"))?;
        let field = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
        let n = field(Some(name_col));
        if n.is_empty() {
            g.note(format!("{name}: line {line}: empty name, skipped"));
            continue;
        }
        let mut q = Query::name(n)
            .country(field(country), &gazetteer)
            .map_err(|e| anyhow::anyhow!("{name}: line {line}: {e}"))?
            .birth_date(field(dob))
            .map_err(|e| anyhow::anyhow!("{name}: line {line}: {e}"))?
            .identifier(field(id));
        q.kind = match field(kind).to_lowercase().as_str() {
            "" => None,
            "company" | "organisation" | "organization" | "entity" => {
                Some(fairwatch_sources::lists::EntityKind::Organisation)
            }
            "person" | "individual" => Some(fairwatch_sources::lists::EntityKind::Person),
            other => anyhow::bail!(
                "{name}: line {line}: unknown type {other:?}; hint: use company or person"
            ),
        };
        out.push((line, q));
    }
    Ok(out)
}

/// A screening to run and record.
pub struct Job<'a> {
    /// Names with the line (or row) they came from.
    pub queries: &'a [(usize, Query)],
    pub only: Option<&'a [String]>,
    pub settings: Settings,
    /// `screen`, `vet` or `kyc`.
    pub command: &'a str,
    pub subject: &'a str,
    pub who: &'a str,
    /// Print timings on stderr.
    pub timings: bool,
}

/// Screens queries, marks suppressed hits, records the run. Shared with `vet` and `kyc`.
pub fn screen_and_record(
    g: &Global,
    store: &mut fairwatch_store::Store,
    job: &Job,
) -> anyhow::Result<(i64, Vec<Reported>, Vec<crate::screening::UsedList>)> {
    let Job {
        queries,
        only,
        settings,
        command,
        subject,
        who,
        ..
    } = *job;
    let started = std::time::Instant::now();
    let (matcher, used) = crate::screening::matcher(store, only, settings)?;
    let built = started.elapsed().as_secs_f64();
    let bar = Bar::new();
    bar.start(queries.len() as u64, "screening");
    let just: Vec<Query> = queries.iter().map(|(_, q)| q.clone()).collect();
    let started = std::time::Instant::now();
    let results = matcher.screen_batch(&just, &|| bar.advance(1));
    let batch = started.elapsed().as_secs_f64();
    bar.finish();
    if job.timings {
        let mut each: Vec<f64> = just
            .iter()
            .take(10_000)
            .map(|q| {
                let t = std::time::Instant::now();
                let _ = matcher.screen(q);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        each.sort_by(f64::total_cmp);
        let pct = |p: f64| each[((each.len() as f64 - 1.0) * p).round() as usize];
        eprintln!(
            "timings: lists loaded and indexed {built:.2} s ({} names); batch of {} in {batch:.2} s ({:.0}/s); single query p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms over {}",
            matcher.index.names.len(),
            just.len(),
            just.len() as f64 / batch.max(1e-9),
            pct(0.50),
            pct(0.95),
            pct(0.99),
            pct(1.0),
            each.len()
        );
    }
    let decided: HashMap<(String, String, String), Disposition> = store
        .dispositions()?
        .into_iter()
        .map(|d| {
            (
                (d.query_key.clone(), d.list_key.clone(), d.entry_id.clone()),
                d,
            )
        })
        .collect();
    let mut reported = Vec::new();
    for ((line, q), hits) in queries.iter().zip(results) {
        let key = fairwatch_core::fold::fold(&q.name);
        for hit in hits {
            let suppressed_by = decided
                .get(&(key.clone(), hit.list.clone(), hit.entry_id.clone()))
                .filter(|d| d.verdict == "false_positive" && hit.alert)
                .cloned();
            reported.push(Reported {
                query: q.name.clone(),
                line: *line,
                hit,
                suppressed_by,
            });
        }
    }
    let alerts = reported
        .iter()
        .filter(|r| r.hit.alert && r.suppressed_by.is_none())
        .count();
    let run = ScreeningRun {
        who: who.to_string(),
        command: command.to_string(),
        subject: subject.to_string(),
        lists: serde_json::to_string(&used)?,
        algorithm: ALGORITHM.to_string(),
        threshold: settings.threshold,
        queries: queries.len(),
        alerts,
        results: serde_json::to_string(
            &reported.iter().filter(|r| r.hit.alert).collect::<Vec<_>>(),
        )?,
    };
    let id = store.record_screening(&run)?;
    g.note(format!(
        "Screened {} names against {} lists: {alerts} alerts (run {id}).",
        queries.len(),
        used.len()
    ));
    Ok((id, reported, used))
}

/// The reported hits as a table.
pub fn table(reported: &[Reported]) -> Table {
    let mut t = Table::new(vec![
        "line",
        "query",
        "alert",
        "score",
        "list",
        "entry id",
        "entry",
        "matched name",
        "why",
    ]);
    for r in reported {
        let h = &r.hit;
        let mut why = vec![format!("name {:.2}", h.explanation.name_score)];
        why.extend(
            h.explanation
                .adjustments
                .iter()
                .map(|a| format!("{} {:+.2}", a.feature, a.delta)),
        );
        t.push(vec![
            r.line.to_string(),
            r.query.clone(),
            match (&r.suppressed_by, h.alert) {
                (Some(d), _) => format!("suppressed (#{})", d.id),
                (None, true) => "ALERT".into(),
                (None, false) => "near miss".into(),
            },
            format!("{:.3}", h.score),
            h.list.clone(),
            h.entry_id.clone(),
            h.entry_name.clone(),
            h.matched_name.clone(),
            why.join("; "),
        ]);
    }
    t
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let queries = read_queries(&args.file, g)?;
    anyhow::ensure!(
        !queries.is_empty(),
        "{}: no names to screen",
        args.file.display()
    );
    // The fair record is needed only for the watchlist; without it, a fresh database
    // gets the lists alone.
    let mut store = if args.no_watchlist {
        g.open()?
    } else {
        g.open_with_data()?
    };
    crate::screening::ensure_lists(g, &mut store)?;
    if !args.no_watchlist {
        crate::screening::refresh_watchlist(g, &mut store)?;
    }
    let mut only = args.lists.clone();
    if let (Some(keys), false) = (&mut only, args.no_watchlist) {
        if !keys.iter().any(|k| k == crate::screening::WATCHLIST) {
            keys.push(crate::screening::WATCHLIST.into());
        }
    }
    if args.no_watchlist && only.is_none() {
        only = Some(
            store
                .lists()?
                .into_iter()
                .map(|l| l.key)
                .filter(|k| k != crate::screening::WATCHLIST)
                .collect(),
        );
    }
    let settings = Settings {
        threshold: args.threshold,
        floor: args.floor.unwrap_or(args.threshold).min(args.threshold),
        ..Settings::default()
    };
    let who = args
        .who
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    let subject = args.file.display().to_string();
    let (run_id, reported, used) = screen_and_record(
        g,
        &mut store,
        &Job {
            queries: &queries,
            only: only.as_deref(),
            settings,
            command: "screen",
            subject: &subject,
            who: &who,
            timings: args.timings,
        },
    )?;
    let doc = serde_json::json!({
        "run": run_id,
        "algorithm": ALGORITHM,
        "threshold": settings.threshold,
        "lists": used,
        "queries": queries.len(),
        "alerts": reported.iter().filter(|r| r.hit.alert && r.suppressed_by.is_none()).count(),
        "hits": reported,
    });
    if let Some(out) = &args.out {
        let is_json = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let text = if is_json {
            serde_json::to_string_pretty(&doc)? + "\n"
        } else {
            table(&reported).to_csv()?
        };
        std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?;
        println!(
            "Wrote {} hits to {} (run {run_id}).",
            reported.len(),
            out.display()
        );
        return Ok(());
    }
    match args.format.format() {
        Format::Json => print_json(&doc),
        f => table(&reported).print(f),
    }
}
