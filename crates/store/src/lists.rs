//! Screening lists in the database: each import is a new version of a list, stored
//! with what it added, changed and removed since the version before; and the audit of
//! screening (runs and reviewers' dispositions), both append-only.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use fairwatch_sources::lists::{ListEntry, Omitted};

use crate::{Store, StoreError};

/// Where a list version comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ListMeta {
    pub key: String,
    pub format: String,
    pub name: String,
    pub sha256: String,
    pub location: String,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub licence: Option<String>,
    /// What this publication leaves out, kept from the version in force.
    pub omitted: Omitted,
}

/// What importing a version did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListImport {
    pub key: String,
    /// `None` when this exact publication (same hash) was already in force.
    pub version: Option<i64>,
    pub entries: usize,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// Entries that kept parts the publication omits from the version before.
    pub carried_forward: usize,
}

/// A list and the version in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListRow {
    pub key: String,
    pub format: String,
    pub name: String,
    pub version: i64,
    pub entries: i64,
    pub sha256: String,
    pub published: Option<String>,
    pub location: String,
    pub publisher: Option<String>,
    pub licence: Option<String>,
    pub imported_at: String,
}

/// One version of a list with its counts of changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListVersionRow {
    pub version: i64,
    pub sha256: String,
    pub published: Option<String>,
    pub location: String,
    pub imported_at: String,
    pub entries: i64,
    pub added: i64,
    pub changed: i64,
    pub removed: i64,
    /// What was kept from the version before, and for how many entries.
    pub carried_forward: Option<String>,
}

/// One entry's change in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListChangeRow {
    pub version: i64,
    pub change: String,
    pub entry_id: String,
    pub name: String,
}

/// A screening run to record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreeningRun {
    pub who: String,
    pub command: String,
    pub subject: String,
    /// JSON.
    pub lists: String,
    pub algorithm: String,
    pub threshold: f64,
    pub queries: usize,
    pub alerts: usize,
    /// JSON.
    pub results: String,
}

/// A reviewer's verdict on a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disposition {
    pub id: i64,
    pub at: String,
    pub who: String,
    pub query_key: String,
    pub list_key: String,
    pub entry_id: String,
    pub verdict: String,
    pub reason: String,
    pub run_id: Option<i64>,
}

/// A customer in the KYC register.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub end_use: String,
    pub identifier: String,
    pub added_at: String,
    pub decision: Option<String>,
    pub run_id: Option<i64>,
    pub screened_at: Option<String>,
}

impl Store {
    /// Imports a version of a list in one transaction: entries replaced, changes
    /// recorded. Importing the version already in force (same hash) changes nothing.
    pub fn import_list(
        &mut self,
        meta: &ListMeta,
        entries: &[ListEntry],
    ) -> Result<ListImport, StoreError> {
        let tx = self.conn.transaction()?;
        let current: Option<(i64, String)> = tx
            .query_row(
                "SELECT l.version, v.sha256 FROM list l JOIN list_version v ON v.key = l.key AND v.version = l.version WHERE l.key = ?1",
                [&meta.key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((_, sha)) = &current {
            if *sha == meta.sha256 {
                return Ok(ListImport {
                    key: meta.key.clone(),
                    version: None,
                    entries: entries.len(),
                    added: 0,
                    changed: 0,
                    removed: 0,
                    carried_forward: 0,
                });
            }
        }
        let version = current.as_ref().map_or(1, |(v, _)| v + 1);
        let mut old: HashMap<String, (String, String)> = HashMap::new();
        {
            let mut stmt =
                tx.prepare("SELECT entry_id, name, data FROM list_entry WHERE key = ?1")?;
            let mut rows = stmt.query([&meta.key])?;
            while let Some(r) = rows.next()? {
                old.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
            }
        }
        let mut changes: Vec<(&str, String, String)> = Vec::new();
        let mut new_ids = std::collections::HashSet::new();
        let mut rows = Vec::with_capacity(entries.len());
        let mut carried = 0;
        for e in entries {
            // Later duplicates of an id (a list repeating an entry) are dropped.
            if !new_ids.insert(e.id.clone()) {
                continue;
            }
            let mut e = std::borrow::Cow::Borrowed(e);
            if meta.omitted.any() {
                if let Some((_, d)) = old.get(&e.id) {
                    let previous: ListEntry = serde_json::from_str(d)?;
                    if e.to_mut().carry_forward(&previous, meta.omitted) {
                        carried += 1;
                    }
                }
            }
            let data = serde_json::to_string(&*e).expect("plain values");
            match old.get(&e.id) {
                None => changes.push(("added", e.id.clone(), e.names[0].text.clone())),
                Some((_, d)) if *d != data => {
                    changes.push(("changed", e.id.clone(), e.names[0].text.clone()))
                }
                Some(_) => {}
            }
            rows.push((e, data));
        }
        for (id, (name, _)) in &old {
            if !new_ids.contains(id) {
                changes.push(("removed", id.clone(), name.clone()));
            }
        }
        changes.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.cmp(&b.1)));
        let count = |k: &str| changes.iter().filter(|c| c.0 == k).count();
        let (added, changed, removed) = (count("added"), count("changed"), count("removed"));
        tx.execute(
            "INSERT INTO list (key, format, name, version, entries) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(key) DO UPDATE SET format = excluded.format, name = excluded.name,
                version = excluded.version, entries = excluded.entries",
            params![meta.key, meta.format, meta.name, version, rows.len() as i64],
        )?;
        let carried_note = (carried > 0).then(|| {
            format!(
                "{} of {carried} {} kept from version {} (this publication has none)",
                meta.omitted.describe(),
                if carried == 1 { "entry" } else { "entries" },
                version - 1
            )
        });
        tx.execute(
            "INSERT INTO list_version (key, version, sha256, location, published, publisher, url, licence,
                entries, added, changed, removed, carried_forward)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                meta.key,
                version,
                meta.sha256,
                meta.location,
                meta.published,
                meta.publisher,
                meta.url,
                meta.licence,
                rows.len() as i64,
                added as i64,
                changed as i64,
                removed as i64,
                carried_note
            ],
        )?;
        tx.execute("DELETE FROM list_entry WHERE key = ?1", [&meta.key])?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO list_entry (key, entry_id, kind, name, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (e, data) in &rows {
                let kind = serde_json::to_value(e.kind).expect("plain values");
                stmt.execute(params![
                    meta.key,
                    e.id,
                    kind.as_str().unwrap_or("unknown"),
                    e.names[0].text,
                    data
                ])?;
            }
            let mut stmt = tx.prepare(
                "INSERT INTO list_change (key, version, change, entry_id, name) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (change, id, name) in &changes {
                stmt.execute(params![meta.key, version, change, id, name])?;
            }
        }
        tx.commit()?;
        Ok(ListImport {
            key: meta.key.clone(),
            version: Some(version),
            entries: rows.len(),
            added,
            changed,
            removed,
            carried_forward: carried,
        })
    }

    /// Every list with the version in force.
    pub fn lists(&self) -> Result<Vec<ListRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT l.key, l.format, l.name, l.version, l.entries, v.sha256, v.published, v.location,
                    v.publisher, v.licence, v.imported_at
             FROM list l JOIN list_version v ON v.key = l.key AND v.version = l.version ORDER BY l.key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ListRow {
                key: r.get(0)?,
                format: r.get(1)?,
                name: r.get(2)?,
                version: r.get(3)?,
                entries: r.get(4)?,
                sha256: r.get(5)?,
                published: r.get(6)?,
                location: r.get(7)?,
                publisher: r.get(8)?,
                licence: r.get(9)?,
                imported_at: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The entries in force of the given lists (all lists for `None`), by list key.
    pub fn list_entries(
        &self,
        keys: Option<&[String]>,
    ) -> Result<Vec<(String, Vec<ListEntry>)>, StoreError> {
        let mut out: Vec<(String, Vec<ListEntry>)> = Vec::new();
        let mut stmt = self
            .conn
            .prepare("SELECT key, entry_id, data FROM list_entry ORDER BY key, rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            if keys.is_some_and(|k| !k.contains(&key)) {
                continue;
            }
            let data: String = r.get(2)?;
            let entry: ListEntry = serde_json::from_str(&data).map_err(|e| {
                StoreError::Inconsistent(format!(
                    "list {key} entry {}: stored JSON does not read back ({e}); re-import the list",
                    r.get::<_, String>(1).unwrap_or_default()
                ))
            })?;
            match out.last_mut() {
                Some((k, v)) if *k == key => v.push(entry),
                _ => out.push((key, vec![entry])),
            }
        }
        Ok(out)
    }

    /// A list's versions, oldest first.
    pub fn list_versions(&self, key: &str) -> Result<Vec<ListVersionRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT version, sha256, published, location, imported_at, entries, added, changed, removed,
                    carried_forward
             FROM list_version WHERE key = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([key], |r| {
            Ok(ListVersionRow {
                version: r.get(0)?,
                sha256: r.get(1)?,
                published: r.get(2)?,
                location: r.get(3)?,
                imported_at: r.get(4)?,
                entries: r.get(5)?,
                added: r.get(6)?,
                changed: r.get(7)?,
                removed: r.get(8)?,
                carried_forward: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What one version of a list changed.
    pub fn list_changes(&self, key: &str, version: i64) -> Result<Vec<ListChangeRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT version, change, entry_id, name FROM list_change WHERE key = ?1 AND version = ?2
             ORDER BY change, name",
        )?;
        let rows = stmt.query_map(params![key, version], |r| {
            Ok(ListChangeRow {
                version: r.get(0)?,
                change: r.get(1)?,
                entry_id: r.get(2)?,
                name: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a customer to the register, or updates the one with the same name and
    /// country; returns its id.
    pub fn upsert_customer(&mut self, c: &Customer) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO customer (name, country, kind, end_use, identifier) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(name, country) DO UPDATE SET kind = excluded.kind, end_use = excluded.end_use,
                identifier = excluded.identifier",
            params![c.name, c.country, c.kind, c.end_use, c.identifier],
        )?;
        Ok(self.conn.query_row(
            "SELECT id FROM customer WHERE name = ?1 AND country IS ?2",
            params![c.name, c.country],
            |r| r.get(0),
        )?)
    }

    /// Records a customer's latest decision.
    pub fn set_customer_decision(
        &mut self,
        id: i64,
        decision: &str,
        run_id: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE customer SET decision = ?2, run_id = ?3, screened_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE id = ?1",
            params![id, decision, run_id],
        )?;
        Ok(())
    }

    /// The register, by id.
    pub fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, country, kind, end_use, identifier, added_at, decision, run_id, screened_at
             FROM customer ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Customer {
                id: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
                kind: r.get(3)?,
                end_use: r.get(4)?,
                identifier: r.get(5)?,
                added_at: r.get(6)?,
                decision: r.get(7)?,
                run_id: r.get(8)?,
                screened_at: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a screening run; returns its id.
    pub fn record_screening(&mut self, run: &ScreeningRun) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO screening_run (who, command, subject, lists, algorithm, threshold, queries, alerts, results)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                run.who,
                run.command,
                run.subject,
                run.lists,
                run.algorithm,
                run.threshold,
                run.queries as i64,
                run.alerts as i64,
                run.results
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The screening log, newest first (`limit` 0 for all of it), with its id and time.
    pub fn screening_runs(
        &self,
        limit: usize,
    ) -> Result<Vec<(i64, String, ScreeningRun)>, StoreError> {
        let limit = if limit == 0 { -1 } else { limit as i64 };
        let mut stmt = self.conn.prepare(
            "SELECT id, at, who, command, subject, lists, algorithm, threshold, queries, alerts, results
             FROM screening_run ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                ScreeningRun {
                    who: r.get(2)?,
                    command: r.get(3)?,
                    subject: r.get(4)?,
                    lists: r.get(5)?,
                    algorithm: r.get(6)?,
                    threshold: r.get(7)?,
                    queries: r.get::<_, i64>(8)? as usize,
                    alerts: r.get::<_, i64>(9)? as usize,
                    results: r.get(10)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Appends a reviewer's verdict; returns its id.
    pub fn add_disposition(&mut self, d: &Disposition) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO disposition (who, query_key, list_key, entry_id, verdict, reason, run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                d.who,
                d.query_key,
                d.list_key,
                d.entry_id,
                d.verdict,
                d.reason,
                d.run_id
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The latest verdict per (query, list entry): what suppresses a known false positive.
    pub fn dispositions(&self) -> Result<Vec<Disposition>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, who, query_key, list_key, entry_id, verdict, reason, run_id FROM disposition d
             WHERE id = (SELECT max(id) FROM disposition e WHERE e.query_key = d.query_key
                          AND e.list_key = d.list_key AND e.entry_id = d.entry_id)
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Disposition {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                query_key: r.get(3)?,
                list_key: r.get(4)?,
                entry_id: r.get(5)?,
                verdict: r.get(6)?,
                reason: r.get(7)?,
                run_id: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairwatch_sources::lists::{EntityKind, ListEntry, NameKind};

    fn meta(sha: &str) -> ListMeta {
        ListMeta {
            key: "test".into(),
            format: "plain_csv".into(),
            name: "Test list".into(),
            sha256: sha.into(),
            location: "test.csv".into(),
            ..ListMeta::default()
        }
    }

    #[test]
    fn versions_record_what_was_added_changed_and_removed() {
        let mut s = Store::open_in_memory().unwrap();
        let a = ListEntry::new("1", EntityKind::Organisation, "Alpha");
        let b = ListEntry::new("2", EntityKind::Organisation, "Beta");
        let first = s.import_list(&meta("v1"), &[a.clone(), b.clone()]).unwrap();
        assert_eq!((first.version, first.added), (Some(1), 2));
        let again = s.import_list(&meta("v1"), &[a.clone(), b]).unwrap();
        assert_eq!(again.version, None);
        let mut a2 = a;
        a2.countries.push("DE".into());
        let c = ListEntry::new("3", EntityKind::Person, "Gamma");
        let second = s.import_list(&meta("v2"), &[a2, c]).unwrap();
        assert_eq!(
            (second.version, second.added, second.changed, second.removed),
            (Some(2), 1, 1, 1)
        );
        let changes = s.list_changes("test", 2).unwrap();
        let names: Vec<_> = changes
            .iter()
            .map(|c| (c.change.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("added", "Gamma"),
                ("changed", "Alpha"),
                ("removed", "Beta")
            ]
        );
        let entries = s.list_entries(None).unwrap();
        assert_eq!(entries[0].1.len(), 2);
        assert_eq!(s.lists().unwrap()[0].version, 2);
        assert_eq!(s.list_versions("test").unwrap().len(), 2);
    }

    #[test]
    fn a_publication_without_aliases_keeps_those_of_the_version_before() {
        let mut s = Store::open_in_memory().unwrap();
        let mut a = ListEntry::new("1", EntityKind::Organisation, "Saito Tech Ltd.");
        a.add_name("Candiru", NameKind::Alias);
        a.addresses.push("Tel Aviv".into());
        a.countries.push("IL".into());
        let b = ListEntry::new("2", EntityKind::Organisation, "Beta");
        s.import_list(&meta("v1"), &[a, b]).unwrap();
        // The next publication has the primary table only: its entries have no aliases.
        let bare = ListEntry::new("1", EntityKind::Organisation, "Saito Tech Ltd.");
        let partial = ListMeta {
            omitted: Omitted {
                aliases: true,
                addresses: true,
            },
            ..meta("v2")
        };
        let mut b2 = ListEntry::new("2", EntityKind::Organisation, "Beta");
        b2.programs.push("CYBER2".into());
        let done = s.import_list(&partial, &[bare, b2]).unwrap();
        // Only the real change counts; the alias and address are kept.
        assert_eq!((done.changed, done.carried_forward), (1, 1));
        let entries = s.list_entries(None).unwrap();
        let kept = entries[0].1.iter().find(|e| e.id == "1").unwrap();
        assert_eq!(kept.names.len(), 2);
        assert_eq!(kept.countries, ["IL"]);
        let versions = s.list_versions("test").unwrap();
        assert_eq!(versions[0].carried_forward, None);
        assert_eq!(
            versions[1].carried_forward.as_deref(),
            Some(
                "aliases and addresses of 1 entry kept from version 1 (this publication has none)"
            )
        );
    }

    #[test]
    fn screening_audit_is_append_only() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s
            .record_screening(&ScreeningRun {
                who: "ana".into(),
                command: "screen".into(),
                subject: "names.csv".into(),
                lists: "[]".into(),
                algorithm: "x".into(),
                threshold: 0.85,
                queries: 1,
                alerts: 0,
                results: "[]".into(),
            })
            .unwrap();
        assert!(s
            .conn
            .execute("DELETE FROM screening_run WHERE id = ?1", [id])
            .is_err());
        let d = Disposition {
            id: 0,
            at: String::new(),
            who: "ana".into(),
            query_key: "effbe gamma".into(),
            list_key: "test".into(),
            entry_id: "1".into(),
            verdict: "false_positive".into(),
            reason: "a different firm".into(),
            run_id: Some(id),
        };
        s.add_disposition(&d).unwrap();
        s.add_disposition(&Disposition {
            verdict: "true_positive".into(),
            ..d
        })
        .unwrap();
        let latest = s.dispositions().unwrap();
        assert_eq!(latest.len(), 1);
        assert_eq!(latest[0].verdict, "true_positive");
        assert!(s
            .conn
            .execute("UPDATE disposition SET verdict = 'x'", [])
            .is_err());
    }
}
