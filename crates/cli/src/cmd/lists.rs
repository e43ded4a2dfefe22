//! `fairwatch lists`: the screening lists in the database, importing a new publication
//! of one (each import is a version, with what it added, changed and removed), and the
//! history of a list.

use std::path::PathBuf;

use super::Global;
use crate::output::{print_json, Format, FormatArgs, Table};
use crate::screening::{import, ListSpec};
use fairwatch_sources::lists::{self, ListFormat};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// The lists loaded, with the version in force (loads the bundled lists if none).
    List(FormatArgs),
    /// Import a list file or directory as the next version of a list.
    Import(ImportArgs),
    /// The versions of a list and what each changed.
    History(HistoryArgs),
    /// The screening log: every screen, vet, kyc and API run, newest first (`--json`
    /// adds each run's alerts with their explanations).
    Runs(RunsArgs),
}

#[derive(clap::Args, Debug)]
pub struct RunsArgs {
    /// At most this many runs (0 for all).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// A file, or a directory for OFAC's legacy CSV sets.
    pub path: PathBuf,
    /// The list's key [default: from the format, e.g. ofac-sdn, un, bis-dpl].
    #[arg(long)]
    pub key: Option<String>,
    /// The format [default: detected from the file].
    #[arg(long, value_enum)]
    pub format: Option<FormatName>,
    /// A name for the list [default: the key].
    #[arg(long)]
    pub name: Option<String>,
    /// The publication date of this version (YYYY-MM-DD).
    #[arg(long)]
    pub published: Option<String>,
    #[arg(long)]
    pub publisher: Option<String>,
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long)]
    pub licence: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    pub key: String,
    /// List the entries one version added, changed and removed.
    #[arg(long)]
    pub version: Option<i64>,
    #[command(flatten)]
    pub format: FormatArgs,
}

/// The formats by the names users type.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum FormatName {
    CslCsv,
    CslJson,
    OfacSdn,
    OfacCons,
    UnXml,
    BisDpl,
    EuXml,
    UkCsv,
    FtmJson,
    PlainCsv,
}

impl FormatName {
    fn format(self) -> ListFormat {
        match self {
            FormatName::CslCsv => ListFormat::CslCsv,
            FormatName::CslJson => ListFormat::CslJson,
            FormatName::OfacSdn => ListFormat::OfacSdn,
            FormatName::OfacCons => ListFormat::OfacCons,
            FormatName::UnXml => ListFormat::UnXml,
            FormatName::BisDpl => ListFormat::BisDpl,
            FormatName::EuXml => ListFormat::EuXml,
            FormatName::UkCsv => ListFormat::UkCsv,
            FormatName::FtmJson => ListFormat::FtmJson,
            FormatName::PlainCsv => ListFormat::PlainCsv,
        }
    }
}

fn default_key(format: ListFormat, path: &std::path::Path) -> String {
    match format {
        ListFormat::OfacSdn => "ofac-sdn".into(),
        ListFormat::OfacCons => "ofac-cons".into(),
        ListFormat::UnXml => "un".into(),
        ListFormat::BisDpl => "bis-dpl".into(),
        ListFormat::CslCsv | ListFormat::CslJson => "csl".into(),
        ListFormat::EuXml => "eu-fsf".into(),
        ListFormat::UkCsv => "uk-sanctions".into(),
        ListFormat::FtmJson => "opensanctions".into(),
        ListFormat::PlainCsv | ListFormat::Watchlist => fairwatch_core::fold::slug(
            &path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "list".into()),
        ),
    }
}

pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut store = g.open()?;
    match cmd {
        Command::List(f) => {
            crate::screening::ensure_lists(g, &mut store)?;
            let lists = store.lists()?;
            if f.format() == Format::Json {
                return print_json(&lists);
            }
            let mut t = Table::new(vec![
                "key",
                "version",
                "entries",
                "published",
                "format",
                "sha256",
                "name",
            ]);
            for l in &lists {
                t.push(vec![
                    l.key.clone(),
                    l.version.to_string(),
                    l.entries.to_string(),
                    l.published.clone().unwrap_or_default(),
                    l.format.clone(),
                    l.sha256.chars().take(12).collect(),
                    l.name.clone(),
                ]);
            }
            t.print(f.format())
        }
        Command::Import(a) => {
            let read = lists::read_path(&a.path, a.format.map(FormatName::format))?;
            let key = a.key.unwrap_or_else(|| default_key(read.format, &a.path));
            let spec = ListSpec {
                name: a.name.unwrap_or_else(|| key.clone()),
                key,
                published: a.published,
                publisher: a.publisher,
                url: a.url,
                licence: a.licence,
            };
            let done = import(g, &mut store, &read, &spec)?;
            for s in read.parsed.skipped.iter().take(20) {
                eprintln!("  skipped: {}", crate::output::terminal_safe(s));
            }
            if read.parsed.skipped.len() > 20 {
                eprintln!("  ... and {} more skipped", read.parsed.skipped.len() - 20);
            }
            match done.version {
                Some(v) => println!(
                    "{}: version {v} in force: {} entries ({} added, {} changed, {} removed).",
                    spec.key, done.entries, done.added, done.changed, done.removed
                ),
                None => println!("{}: already in force, nothing changed.", spec.key),
            }
            Ok(())
        }
        Command::Runs(a) => {
            let runs = store.screening_runs(a.limit)?;
            if a.format.format() == Format::Json {
                let doc: Vec<serde_json::Value> = runs
                    .iter()
                    .map(|(id, at, r)| {
                        serde_json::json!({
                            "id": id, "at": at, "who": r.who, "command": r.command, "subject": r.subject,
                            "lists": serde_json::from_str::<serde_json::Value>(&r.lists).unwrap_or_default(),
                            "algorithm": r.algorithm, "threshold": r.threshold, "queries": r.queries,
                            "alerts": r.alerts,
                            "results": serde_json::from_str::<serde_json::Value>(&r.results).unwrap_or_default(),
                        })
                    })
                    .collect();
                return print_json(&doc);
            }
            let mut t = Table::new(vec![
                "run",
                "at",
                "who",
                "command",
                "subject",
                "names",
                "alerts",
                "threshold",
                "algorithm",
            ]);
            for (id, at, r) in &runs {
                t.push(vec![
                    id.to_string(),
                    at.clone(),
                    r.who.clone(),
                    r.command.clone(),
                    r.subject.clone(),
                    r.queries.to_string(),
                    r.alerts.to_string(),
                    r.threshold.to_string(),
                    r.algorithm.clone(),
                ]);
            }
            t.print(a.format.format())
        }
        Command::History(a) => {
            crate::screening::ensure_lists(g, &mut store)?;
            let versions = store.list_versions(&a.key)?;
            anyhow::ensure!(
                !versions.is_empty(),
                "no list {:?}; `fairwatch lists list` shows those loaded",
                a.key
            );
            if let Some(v) = a.version {
                let changes = store.list_changes(&a.key, v)?;
                if a.format.format() == Format::Json {
                    return print_json(&changes);
                }
                let mut t = Table::new(vec!["change", "entry id", "name"]);
                for c in &changes {
                    t.push(vec![c.change.clone(), c.entry_id.clone(), c.name.clone()]);
                }
                return t.print(a.format.format());
            }
            if a.format.format() == Format::Json {
                return print_json(&versions);
            }
            let mut t = Table::new(vec![
                "version",
                "published",
                "entries",
                "added",
                "changed",
                "removed",
                "imported",
                "from",
            ]);
            for v in &versions {
                t.push(vec![
                    v.version.to_string(),
                    v.published.clone().unwrap_or_default(),
                    v.entries.to_string(),
                    v.added.to_string(),
                    v.changed.to_string(),
                    v.removed.to_string(),
                    v.imported_at.clone(),
                    v.location.clone(),
                ]);
            }
            t.print(a.format.format())?;
            if a.format.format() == Format::Table {
                for v in versions.iter().filter(|v| v.carried_forward.is_some()) {
                    println!(
                        "version {}: {}",
                        v.version,
                        v.carried_forward.as_deref().unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
    }
}
