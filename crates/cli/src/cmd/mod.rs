//! The subcommands, one module each, and the plumbing they share: the global options,
//! opening the database, and storing a loaded batch.

mod analyze;
mod classify;
mod company;
mod compare;
mod decisions;
mod dispose;
mod doctor;
mod evaluate;
mod event;
mod events;
mod export;
mod import;
mod ingest;
mod kyc;
mod lineage;
mod lists;
mod methodology;
mod report;
mod resolve;
mod review;
mod screen;
mod search;
mod serve;
mod sources;
mod stats;
mod vendors;
mod vet;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use fairwatch_core::country::Gazetteer;
use fairwatch_core::geo::Resolver;
use fairwatch_sources::{Importer, Loaded};
use fairwatch_store::{IngestOutcome, Store};

use crate::progress::Bar;

/// Fairwatch: who markets cyber surveillance technology where, from the public record
/// of arms and security fairs.
#[derive(Parser, Debug)]
#[command(name = "fairwatch", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// The database file [default: $XDG_DATA_HOME/fairwatch/fairwatch.db, i.e.
    /// ~/.local/share/fairwatch/fairwatch.db].
    #[arg(long, global = true, env = "FAIRWATCH_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Print less: no progress bars and no notes on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The methodology file (TOML) for classification and the questions [default: the
    /// built-in one, see `fairwatch methodology show`].
    #[arg(
        long,
        global = true,
        env = "FAIRWATCH_METHODOLOGY",
        value_name = "FILE"
    )]
    pub methodology: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load the CAAT arms-fair record: the bundled snapshot, or a directory or archive.
    Ingest(ingest::Args),
    /// Import one exhibitor list (CSV or XLSX) for one event.
    Import(Box<import::Args>),
    /// Counts over the whole record.
    Stats(stats::Args),
    /// The sources in the database, with provenance.
    Sources(sources::Args),
    /// List events, filtered by series, years, host country or region.
    Events(events::Args),
    /// Show one event with its exhibitors and delegations.
    Event(event::Args),
    /// Search exhibitor appearances by name (ignores case and diacritics).
    Search(search::Args),
    /// Check country resolution, list what stays unresolved, apply a mapping file.
    Doctor(doctor::Args),
    /// Resolve exhibitor appearances into companies (also runs on demand).
    Resolve(resolve::Args),
    /// Show or list resolved companies.
    #[command(subcommand)]
    Company(company::Command),
    /// Review pairs near the decision threshold: merge, keep apart, skip.
    Review(review::Args),
    /// Export or import reviewers' decisions as CSV.
    #[command(subcommand)]
    Decisions(decisions::Command),
    /// Export tables (appearances with their companies).
    #[command(subcommand)]
    Export(export::Command),
    /// Lineage between firms: import or export your own file, list every relation.
    #[command(subcommand)]
    Lineage(lineage::Command),
    /// Measure resolution against labelled pairs (default eval/er-pairs.csv).
    Evaluate(evaluate::Args),
    /// Surveillance-vendor reference lists: import one, or list the records.
    #[command(subcommand)]
    Vendors(vendors::Command),
    /// Classify every company: capabilities with confidence tiers and their evidence.
    Classify(classify::Args),
    /// Answer the four research questions (and the yearly series) for a window.
    Analyze(analyze::Args),
    /// Show the built-in methodology or check your own.
    #[command(subcommand)]
    Methodology(methodology::Command),
    /// Write the findings as a static HTML site (runs the whole pipeline if needed).
    Report(report::Args),
    /// Serve the findings as a live web UI with search, filters and a JSON API.
    Serve(serve::Args),
    /// Screening lists (sanctions, export controls): list, import a version, history.
    #[command(subcommand)]
    Lists(lists::Command),
    /// Score two names with the screening matcher and decide at the threshold.
    Compare(compare::Args),
    /// Screen a file of names against the lists and the watchlist.
    Screen(screen::Args),
    /// Record a reviewer's verdict on a screening hit, or list the verdicts.
    Dispose(dispose::Args),
    /// Vet a fair's exhibitors (an event of the record, or a file) and write a report.
    Vet(vet::Args),
    /// Know your customer: deny, licence required, review or clear, with reasons.
    Kyc(kyc::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let g = &cli.global;
    match cli.command {
        Command::Ingest(a) => ingest::run(g, a),
        Command::Import(a) => import::run(g, *a),
        Command::Stats(a) => stats::run(g, a),
        Command::Sources(a) => sources::run(g, a),
        Command::Events(a) => events::run(g, a),
        Command::Event(a) => event::run(g, a),
        Command::Search(a) => search::run(g, a),
        Command::Doctor(a) => doctor::run(g, a),
        Command::Resolve(a) => resolve::run(g, a),
        Command::Company(c) => company::run(g, c),
        Command::Review(a) => review::run(g, a),
        Command::Decisions(c) => decisions::run(g, c),
        Command::Export(c) => export::run(g, c),
        Command::Vendors(c) => vendors::run(g, c),
        Command::Evaluate(a) => evaluate::run(g, a),
        Command::Lineage(c) => lineage::run(g, c),
        Command::Classify(a) => classify::run(g, a),
        Command::Analyze(a) => analyze::run(g, a),
        Command::Methodology(c) => methodology::run(g, c),
        Command::Report(a) => report::run(g, a),
        Command::Serve(a) => serve::run(g, a),
        Command::Lists(c) => lists::run(g, c),
        Command::Compare(a) => compare::run(g, a),
        Command::Screen(a) => screen::run(g, a),
        Command::Dispose(a) => dispose::run(g, a),
        Command::Vet(a) => vet::run(g, a),
        Command::Kyc(a) => kyc::run(g, a),
    }
}

impl Global {
    /// The database path: `--db`, `FAIRWATCH_DB`, or the per-user data directory.
    pub fn db_path(&self) -> PathBuf {
        if let Some(p) = &self.db {
            return p.clone();
        }
        let base = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        base.join("fairwatch").join("fairwatch.db")
    }

    pub fn note(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", crate::output::terminal_safe(msg.as_ref()));
        }
    }

    pub fn open(&self) -> anyhow::Result<Store> {
        Ok(Store::open(&self.db_path())?)
    }

    /// Opens the database, loading the bundled record first if it holds nothing yet, so
    /// that every read command works on a fresh machine.
    pub fn open_with_data(&self) -> anyhow::Result<Store> {
        let mut store = self.open()?;
        if store.sources()?.is_empty() {
            self.note(format!(
                "The database {} is empty: loading the bundled data first.",
                self.db_path().display()
            ));
            for importer in crate::bundled::all() {
                store_loaded(self, &mut store, importer.as_ref())?;
            }
        }
        Ok(store)
    }
}

/// A country resolver with the user's stored mapping.
pub fn resolver(store: &Store) -> anyhow::Result<Resolver> {
    let mapping = store.country_mappings()?;
    Resolver::new(Gazetteer::builtin())
        .with_mapping(mapping.iter().map(|(t, c)| (t.as_str(), c.as_str())))
        .map_err(|code| anyhow::anyhow!("the stored country mapping has an unknown code {code:?}"))
}

/// Loads with `importer`, resolves countries and stores the batch in one transaction;
/// prints what happened.
pub fn store_loaded(
    g: &Global,
    store: &mut Store,
    importer: &dyn Importer,
) -> anyhow::Result<IngestOutcome> {
    let started = std::time::Instant::now();
    let bar = if g.quiet { None } else { Some(Bar::new()) };
    let progress: &dyn fairwatch_sources::Progress = match &bar {
        Some(b) => b,
        None => &fairwatch_sources::NoProgress,
    };
    let Loaded {
        mut batch,
        warnings,
    } = importer
        .load(progress)
        .with_context(|| format!("cannot load the {}", importer.describe()))?;
    if let Some(b) = &bar {
        b.finish();
    }
    let resolver = resolver(store)?;
    resolver.resolve_events(&mut batch.events, &store.series_hosts()?);
    let outcome = store
        .ingest(&batch)
        .with_context(|| format!("cannot store the {}", importer.describe()))?;
    for w in warnings.iter().take(10) {
        g.note(format!("warning: {w}"));
    }
    if warnings.len() > 10 {
        g.note(format!("warning: ... and {} more", warnings.len() - 10));
    }
    match &outcome {
        IngestOutcome::Unchanged { key, sha256 } => g.note(format!(
            "{}: unchanged (source {key}, sha256 {}), nothing to do.",
            importer.describe(),
            &sha256[..12]
        )),
        IngestOutcome::Stored {
            key,
            replaced,
            events,
            appearances,
            delegations,
            vendors,
            ..
        } => g.note(format!(
            "{} source {key}: {} in {:.2} s.",
            if *replaced { "Replaced" } else { "Stored" },
            if *vendors > 0 {
                format!("{vendors} vendor records")
            } else {
                format!("{events} events, {appearances} exhibitor appearances, {delegations} delegations")
            },
            started.elapsed().as_secs_f64()
        )),
    }
    Ok(outcome)
}

/// Parses a host filter: an ISO code or a country name.
pub fn country_code(gazetteer: &Gazetteer, text: &str) -> anyhow::Result<String> {
    gazetteer
        .get(text)
        .or_else(|| gazetteer.lookup(text))
        .map(|c| c.iso2.to_string())
        .with_context(|| {
            format!(
                "unknown country {text:?}: give an ISO 3166-1 code (e.g. FR) or an English name"
            )
        })
}
