//! `fairwatch dispose`: a reviewer's verdict on a screening hit (true or false
//! positive, who, why), appended to the screening log. A false positive decided for a
//! name and a list entry is shown as suppressed, with a pointer to the decision, the
//! next time that name is screened. `fairwatch dispose --list` exports the verdicts.

use super::Global;
use crate::output::{print_json, FormatArgs, Table};
use fairwatch_store::Disposition;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The list key of the hit (as screening printed it).
    #[arg(required_unless_present = "list")]
    pub list_key: Option<String>,
    /// The list entry id of the hit.
    #[arg(required_unless_present = "list")]
    pub entry_id: Option<String>,
    /// The screened name, as it was screened.
    #[arg(required_unless_present = "list")]
    pub query: Option<String>,
    /// The hit is not the listed party.
    #[arg(long, conflicts_with = "true_positive")]
    pub false_positive: bool,
    /// The hit is the listed party.
    #[arg(long)]
    pub true_positive: bool,
    /// Why (recorded; required for a verdict).
    #[arg(long)]
    pub reason: Option<String>,
    /// The screening run the hit came from.
    #[arg(long)]
    pub run: Option<i64>,
    /// Who decides [default: $USER].
    #[arg(long, env = "FAIRWATCH_REVIEWER")]
    pub who: Option<String>,
    /// List every verdict in force instead.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open()?;
    if args.list {
        let all = store.dispositions()?;
        if args.format.json {
            return print_json(&all);
        }
        let mut t = Table::new(vec![
            "id", "at", "who", "verdict", "query", "list", "entry id", "reason", "run",
        ]);
        for d in &all {
            t.push(vec![
                d.id.to_string(),
                d.at.clone(),
                d.who.clone(),
                d.verdict.clone(),
                d.query_key.clone(),
                d.list_key.clone(),
                d.entry_id.clone(),
                d.reason.clone(),
                d.run_id.map(|r| r.to_string()).unwrap_or_default(),
            ]);
        }
        return t.print(args.format.format());
    }
    anyhow::ensure!(
        args.false_positive || args.true_positive,
        "say --false-positive or --true-positive"
    );
    let reason = args
        .reason
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| anyhow::anyhow!("give --reason: why this verdict (it is recorded)"))?;
    let (list_key, entry_id, query) = (
        args.list_key.unwrap_or_default(),
        args.entry_id.unwrap_or_default(),
        args.query.unwrap_or_default(),
    );
    anyhow::ensure!(
        store.lists()?.iter().any(|l| l.key == list_key),
        "no list {list_key:?}; `fairwatch lists list` shows those loaded"
    );
    let who = args
        .who
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    let verdict = if args.false_positive {
        "false_positive"
    } else {
        "true_positive"
    };
    let id = store.add_disposition(&Disposition {
        id: 0,
        at: String::new(),
        who: who.clone(),
        query_key: fairwatch_core::fold::fold(&query),
        list_key: list_key.clone(),
        entry_id: entry_id.clone(),
        verdict: verdict.into(),
        reason,
        run_id: args.run,
    })?;
    println!(
        "Recorded #{id}: {} is a {} for {list_key} entry {entry_id} (by {who}).",
        crate::output::terminal_safe(&query),
        verdict.replace('_', " ")
    );
    Ok(())
}
