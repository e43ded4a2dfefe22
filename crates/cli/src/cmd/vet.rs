//! `fairwatch vet <event | exhibitor file>`: a fair organiser's check of every
//! exhibitor against the sanctions and export-control lists and Fairwatch's watchlist.
//! Prints who is flagged and why; `--out DIR` writes a report to act on (Markdown),
//! with the hits as CSV and JSON. The run is recorded in the screening log.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;

use super::screen::{read_queries, screen_and_record, table, Job, Reported};
use super::Global;
use crate::output::{print_json, Format, FormatArgs};
use fairwatch_screen::{Query, Settings, ALGORITHM};
use fairwatch_sources::lists::EntityKind;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An event slug from the record (`fairwatch events`), or an exhibitor file (CSV
    /// with a `name` column, or one name per line).
    pub target: String,
    /// Only these lists (comma-separated keys), plus the watchlist.
    #[arg(long, value_delimiter = ',')]
    pub lists: Option<Vec<String>>,
    /// The score at or above which a hit is an alert.
    #[arg(long, default_value_t = fairwatch_screen::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Write vet-<target>.md, .csv and .json into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Who is vetting (recorded with the run) [default: $USER].
    #[arg(long, env = "FAIRWATCH_REVIEWER")]
    pub who: Option<String>,
    #[command(flatten)]
    pub format: FormatArgs,
}

/// Markdown-safe text: characters Markdown or HTML would interpret are escaped, so an
/// exhibitor name can neither format the report nor inject markup.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    crate::screening::ensure_lists(g, &mut store)?;
    crate::screening::refresh_watchlist(g, &mut store)?;
    let path = PathBuf::from(&args.target);
    let (queries, subject, title) = if path.is_file() {
        let q = read_queries(&path, g)?;
        (
            q,
            args.target.clone(),
            format!("exhibitor file {}", args.target),
        )
    } else {
        let event = store.event(&args.target)?.ok_or_else(|| {
            anyhow::anyhow!(
                "{:?} is neither a file nor an event slug; `fairwatch events --series ...` lists slugs",
                args.target
            )
        })?;
        let mut q = Vec::new();
        for (i, row) in event.exhibitor_rows.iter().enumerate() {
            let mut query = Query::name(&row.name);
            query.kind = Some(EntityKind::Organisation);
            query.country = row.country_iso2.clone();
            q.push((i + 1, query));
        }
        anyhow::ensure!(
            !q.is_empty(),
            "{} has no exhibitor list in the record; vet an exhibitor file instead",
            args.target
        );
        let name = event.event.name.clone();
        (q, format!("event {}", args.target), name)
    };
    let mut only = args.lists.clone();
    if let Some(keys) = &mut only {
        keys.push(crate::screening::WATCHLIST.into());
    }
    let settings = Settings {
        threshold: args.threshold,
        floor: (args.threshold - 0.10).max(0.0),
        ..Settings::default()
    };
    let who = args
        .who
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    let (run_id, reported, used) = screen_and_record(
        g,
        &mut store,
        &Job {
            queries: &queries,
            only: only.as_deref(),
            settings,
            command: "vet",
            subject: &subject,
            who: &who,
            timings: false,
        },
    )?;
    let alerts: Vec<&Reported> = reported
        .iter()
        .filter(|r| r.hit.alert && r.suppressed_by.is_none())
        .collect();
    let flagged: BTreeMap<(usize, &str), Vec<&Reported>> =
        alerts.iter().fold(BTreeMap::new(), |mut m, r| {
            m.entry((r.line, r.query.as_str())).or_default().push(*r);
            m
        });
    let doc = serde_json::json!({
        "run": run_id,
        "target": subject,
        "algorithm": ALGORITHM,
        "threshold": settings.threshold,
        "lists": used,
        "exhibitors": queries.len(),
        "flagged": flagged.len(),
        "hits": reported,
    });
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let stem = format!("vet-{}", fairwatch_core::fold::slug(&args.target));
        let mut report = String::new();
        let _ = writeln!(report, "# Exhibitor vetting: {}\n", md(&title));
        let _ = writeln!(
            report,
            "Screened {} exhibitors against {} lists on the record of run {run_id} ({ALGORITHM}, alert threshold {}). **{} exhibitors are flagged.**\n",
            queries.len(),
            used.len(),
            settings.threshold,
            flagged.len()
        );
        let _ = writeln!(report, "## Flagged exhibitors\n");
        if flagged.is_empty() {
            let _ = writeln!(report, "None.\n");
        }
        for ((line, name), hits) in &flagged {
            let _ = writeln!(report, "### {} (row {line})\n", md(name));
            for r in hits {
                let h = &r.hit;
                let why: Vec<String> =
                    std::iter::once(format!("name score {:.2}", h.explanation.name_score))
                        .chain(
                            h.explanation
                                .adjustments
                                .iter()
                                .map(|a| format!("{} ({:+.2}): {}", a.feature, a.delta, a.detail)),
                        )
                        .collect();
                let _ = writeln!(
                    report,
                    "- **{}** entry `{}`: {} (matched name: {}; score {:.3}){}{}\n  - why: {}",
                    md(&h.list),
                    md(&h.entry_id),
                    md(&h.entry_name),
                    md(&h.matched_name),
                    h.score,
                    if h.programs.is_empty() {
                        String::new()
                    } else {
                        format!("; programmes: {}", md(&h.programs.join(", ")))
                    },
                    h.sub_list
                        .as_deref()
                        .map(|s| format!("; {}", md(s)))
                        .unwrap_or_default(),
                    md(&why.join("; "))
                );
                if h.list == crate::screening::WATCHLIST {
                    let _ = writeln!(
                        report,
                        "  - evidence: `fairwatch company show {}` lists the appearances and the capability evidence",
                        md(&h.entry_id)
                    );
                }
            }
            let _ = writeln!(report);
        }
        let near: Vec<&Reported> = reported.iter().filter(|r| !r.hit.alert).collect();
        let _ = writeln!(report, "## Near misses to look at ({})\n", near.len());
        for r in near.iter().take(100) {
            let _ = writeln!(
                report,
                "- {} ~ {} entry `{}` {} (score {:.3})",
                md(&r.query),
                md(&r.hit.list),
                md(&r.hit.entry_id),
                md(&r.hit.entry_name),
                r.hit.score
            );
        }
        let _ = writeln!(report, "\n## Lists used\n");
        for l in &used {
            let _ = writeln!(
                report,
                "- {} version {} ({} entries, sha256 {})",
                md(&l.key),
                l.version,
                l.entries,
                l.sha256
            );
        }
        let _ = writeln!(
            report,
            "\n## How to read this\n\nA flag is a name match, not a finding: confirm identity (address, registration, website) before acting. Record your verdict with `fairwatch dispose <list> <entry id> \"<name>\" --false-positive|--true-positive --reason ... --run {run_id}`; decided false positives are suppressed in later runs."
        );
        std::fs::write(dir.join(format!("{stem}.md")), report)?;
        std::fs::write(dir.join(format!("{stem}.csv")), table(&reported).to_csv()?)?;
        std::fs::write(
            dir.join(format!("{stem}.json")),
            serde_json::to_string_pretty(&doc)? + "\n",
        )?;
        println!(
            "Vetted {} exhibitors of {}: {} flagged. Report: {}",
            queries.len(),
            crate::output::terminal_safe(&title),
            flagged.len(),
            dir.join(format!("{stem}.md")).display()
        );
        return Ok(());
    }
    match args.format.format() {
        Format::Json => print_json(&doc),
        f => {
            println!(
                "{} exhibitors of {}: {} flagged (run {run_id}).",
                queries.len(),
                crate::output::terminal_safe(&title),
                flagged.len()
            );
            let shown: Vec<Reported> = reported.into_iter().filter(|r| r.hit.alert).collect();
            table(&shown).print(f)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_cannot_be_injected() {
        assert_eq!(
            super::md("<script>*x*</script>"),
            "&lt;script&gt;\\*x\\*&lt;/script&gt;"
        );
        assert_eq!(super::md("A | B [c](d)"), "A \\| B \\[c\\](d)");
    }
}
