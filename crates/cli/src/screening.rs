//! The screening side of the pipeline: the bundled lists loaded on first use, the
//! watchlist derived from the analysis, and the matcher over the lists in force.

use std::collections::BTreeSet;

use anyhow::Context;
use serde::Serialize;
use sha2::{Digest, Sha256};

use fairwatch_screen::{Matcher, Settings};
use fairwatch_sources::lists::{self, EntityKind, ListEntry, NameKind};
use fairwatch_store::{ListImport, ListMeta, Store};

use crate::cmd::Global;

/// The key of Fairwatch's own watchlist.
pub const WATCHLIST: &str = "fairwatch-watchlist";

/// What a list is, beyond its files.
#[derive(Debug, Clone, Default)]
pub struct ListSpec {
    pub key: String,
    pub name: String,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub licence: Option<String>,
}

/// Imports one list version read from files, printing what changed.
pub fn import(
    g: &Global,
    store: &mut Store,
    read: &lists::ReadList,
    spec: &ListSpec,
) -> anyhow::Result<ListImport> {
    let key = spec.key.as_str();
    let meta = ListMeta {
        key: spec.key.clone(),
        format: serde_json::to_value(read.format)?
            .as_str()
            .unwrap_or_default()
            .to_string(),
        name: spec.name.clone(),
        sha256: read.sha256.clone(),
        location: read.location.clone(),
        published: spec.published.clone(),
        publisher: spec.publisher.clone(),
        url: spec.url.clone(),
        licence: spec.licence.clone(),
        omitted: read.parsed.omitted,
    };
    let done = store.import_list(&meta, &read.parsed.entries)?;
    match done.version {
        None => g.note(format!(
            "{key}: this publication ({} entries) is already in force.",
            done.entries
        )),
        Some(v) => g.note(format!(
            "{key}: version {v}, {} entries ({} added, {} changed, {} removed){}.",
            done.entries,
            done.added,
            done.changed,
            done.removed,
            if read.parsed.skipped.is_empty() {
                String::new()
            } else {
                format!("; {} rows skipped", read.parsed.skipped.len())
            }
        )),
    }
    if done.carried_forward > 0 {
        g.note(format!(
            "{key}: the publication has no {}; kept those of {} entries from the version before.",
            read.parsed.omitted.describe(),
            done.carried_forward
        ));
    }
    Ok(done)
}

/// Loads the bundled lists if the database has none.
pub fn ensure_lists(g: &Global, store: &mut Store) -> anyhow::Result<()> {
    if !store.lists()?.is_empty() {
        return Ok(());
    }
    g.note("No screening lists in the database: loading the bundled lists first.");
    for (spec, read) in crate::bundled::lists()? {
        import(g, store, &read, &spec)?;
    }
    Ok(())
}

/// Fairwatch's own watchlist: the irresponsible proliferators (question 4) and the
/// high-tier firms (question 1) under the methodology in force, each with the names
/// it exhibits under. Stored as a list so that it has versions and history like any
/// other.
pub fn refresh_watchlist(g: &Global, store: &mut Store) -> anyhow::Result<()> {
    let m = crate::pipeline::methodology(g)?;
    let study = crate::pipeline::study(g, store, &m)?;
    refresh_watchlist_from(g, store, &m, &study)
}

/// [`refresh_watchlist`] from a study already loaded (the server loads it once for
/// the watchlist and the publication).
pub fn refresh_watchlist_from(
    g: &Global,
    store: &mut Store,
    m: &fairwatch_study::Methodology,
    study: &crate::pipeline::Study,
) -> anyhow::Result<()> {
    let scope = fairwatch_study::Scope::new(m, &study.data, None, None, None)
        .map_err(|e| anyhow::anyhow!(e))?;
    let a = fairwatch_study::analyse(&study.data, &study.classes, m, &scope);
    let mut entries: Vec<ListEntry> = Vec::new();
    let index: std::collections::HashMap<&str, usize> = study
        .data
        .companies
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut names_of: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); study.data.companies.len()];
    for ap in &study.data.appearances {
        names_of[ap.company].insert(ap.name.as_str());
    }
    let mut add = |id: &str, program: String, hq: Option<&str>| {
        if let Some(e) = entries.iter_mut().find(|e| e.id == id) {
            ListEntry::push_unique(&mut e.programs, program);
            return;
        }
        let Some(&c) = index.get(id) else { return };
        let mut e = ListEntry::new(id, EntityKind::Organisation, &study.data.companies[c].name);
        for n in names_of[c].iter().take(25) {
            e.add_name(*n, NameKind::Alias);
        }
        if let Some(hq) = hq {
            e.countries.push(hq.to_string());
        }
        e.programs.push(program);
        e.remarks = Some(format!(
            "Fairwatch analysis {}-{}, methodology {} ({})",
            a.finding.window.from, a.finding.window.to, m.spec.methodology.name, m.sha256
        ));
        entries.push(e);
    };
    for f in a.q4.firms.iter().filter(|f| f.irresponsible) {
        add(
            &f.firm.company_id,
            "irresponsible-proliferator".into(),
            f.hq_iso2.as_deref(),
        );
    }
    for f in
        a.q1.firms
            .iter()
            .filter(|f| f.tier == fairwatch_study::Tier::High)
    {
        add(&f.firm.company_id, "high-tier".into(), f.hq_iso2.as_deref());
    }
    entries.sort_by(|x, y| x.id.cmp(&y.id));
    let json = serde_json::to_string(&entries)?;
    let read = lists::ReadList {
        format: lists::ListFormat::Watchlist,
        sha256: Sha256::digest(json.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        location: format!("fairwatch analysis, dataset {}", a.finding.dataset_sha256),
        parsed: lists::ParsedList {
            format: lists::ListFormat::Watchlist,
            entries,
            skipped: Vec::new(),
            omitted: Default::default(),
        },
    };
    let quiet = Global {
        quiet: true,
        ..g.clone()
    };
    let spec = ListSpec {
        key: WATCHLIST.into(),
        name: "Fairwatch watchlist: irresponsible proliferators and high-tier firms".into(),
        publisher: Some("Fairwatch".into()),
        licence: Some("CC0 (derived facts)".into()),
        ..ListSpec::default()
    };
    import(&quiet, store, &read, &spec)?;
    Ok(())
}

/// The lists a run used, for the record: key, version, hash.
#[derive(Debug, Clone, Serialize)]
pub struct UsedList {
    pub key: String,
    pub version: i64,
    pub sha256: String,
    pub entries: i64,
}

/// A matcher over the lists in force (`only` restricts to some keys).
pub fn matcher(
    store: &Store,
    only: Option<&[String]>,
    settings: Settings,
) -> anyhow::Result<(Matcher, Vec<UsedList>)> {
    let all = store.lists()?;
    if let Some(keys) = only {
        for k in keys {
            anyhow::ensure!(
                all.iter().any(|l| l.key == *k),
                "no list {k:?} in the database; `fairwatch lists` shows those loaded: {}",
                all.iter()
                    .map(|l| l.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let used: Vec<UsedList> = all
        .iter()
        .filter(|l| only.is_none_or(|k| k.contains(&l.key)))
        .map(|l| UsedList {
            key: l.key.clone(),
            version: l.version,
            sha256: l.sha256.clone(),
            entries: l.entries,
        })
        .collect();
    let entries = store
        .list_entries(only)
        .context("cannot read the lists from the database")?;
    Ok((Matcher::new(entries, settings), used))
}
