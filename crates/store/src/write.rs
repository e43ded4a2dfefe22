//! Writing: whole-source ingest in one transaction, the user's country mapping, and
//! recomputing derived country facts after the mapping changes.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use fairwatch_core::fold::{fold, slug};
use fairwatch_core::geo::Resolver;
use fairwatch_core::model::{Batch, Contact, Event, ResolvedCountry, Vendor};

use crate::{Store, StoreError};

/// What an ingest did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum IngestOutcome {
    /// The same content (same sha256) was already stored: nothing changed.
    Unchanged { key: String, sha256: String },
    /// Stored for the first time, or replacing an earlier version of the same source.
    Stored {
        key: String,
        sha256: String,
        replaced: bool,
        events: usize,
        appearances: usize,
        delegations: usize,
        vendors: usize,
    },
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    Ok(serde_json::to_string(value)?)
}

impl Store {
    /// The stored sha256 of the source with this key, if any.
    pub fn source_sha256(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT sha256 FROM source WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores a batch in one transaction. A source with the same key and sha256 is left
    /// alone; with the same key and different content, the old version and everything it
    /// brought is replaced. On any error nothing is changed.
    pub fn ingest(&mut self, batch: &Batch) -> Result<IngestOutcome, StoreError> {
        let src = &batch.source;
        if self.source_sha256(&src.key)?.as_deref() == Some(src.sha256.as_str()) {
            return Ok(IngestOutcome::Unchanged {
                key: src.key.clone(),
                sha256: src.sha256.clone(),
            });
        }
        let tx = self.conn.transaction()?;
        let replaced = tx.execute("DELETE FROM source WHERE key = ?1", [&src.key])? > 0;
        tx.execute(
            "INSERT INTO source (kind, key, location, publisher, url, licence, retrieved, version, sha256, note, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            params![
                src.kind.as_str(),
                src.key,
                src.location,
                src.publisher,
                src.url,
                src.licence,
                src.retrieved,
                src.version,
                src.sha256,
                src.note,
            ],
        )?;
        let source_id = tx.last_insert_rowid();
        let mut counts = (0, 0);
        for event in &batch.events {
            check_slug_free(&tx, &event.slug, &src.key)?;
            let (a, d) = insert_event(&tx, source_id, event)?;
            counts.0 += a;
            counts.1 += d;
        }
        for v in &batch.vendors {
            insert_vendor(&tx, source_id, v)?;
        }
        {
            let mut stmt = tx.prepare(
                "INSERT OR REPLACE INTO cancelled_event (source_id, slug, note) VALUES (?1, ?2, ?3)",
            )?;
            for c in &batch.cancelled {
                stmt.execute(params![source_id, c.slug, c.note])?;
            }
        }
        tx.commit()?;
        Ok(IngestOutcome::Stored {
            key: src.key.clone(),
            sha256: src.sha256.clone(),
            replaced,
            events: batch.events.len(),
            appearances: counts.0,
            delegations: counts.1,
            vendors: batch.vendors.len(),
        })
    }

    /// Saves user country mappings (text as it appears in the data -> ISO code). The
    /// caller validates codes against the gazetteer.
    pub fn add_country_mappings(&mut self, rows: &[(String, String)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO country_mapping (text, iso2, added_at)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT(text) DO UPDATE SET iso2 = excluded.iso2, added_at = excluded.added_at",
            )?;
            for (text, iso2) in rows {
                stmt.execute(params![text, iso2])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Recomputes every derived country fact (exhibitor countries, delegation countries,
    /// event hosts) with `resolver`, in one transaction. Returns how many rows changed.
    pub fn recompute_countries(&mut self, resolver: &Resolver) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let mut changed = 0;
        {
            let mut read = tx.prepare(
                "SELECT id, contact, country_iso2, country_evidence, country_detail FROM appearance",
            )?;
            let mut update = tx.prepare(
                "UPDATE appearance SET country_iso2 = ?2, country_evidence = ?3, country_detail = ?4 WHERE id = ?1",
            )?;
            let rows = read.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?;
            for row in rows {
                let (id, contact, iso, evidence, detail) = row?;
                let contact: Contact = serde_json::from_str(&contact)?;
                let new = resolver.exhibitor_country(&contact);
                let new_cols = resolved_columns(new.as_ref());
                if new_cols != (iso, evidence, detail) {
                    update.execute(params![id, new_cols.0, new_cols.1, new_cols.2])?;
                    changed += 1;
                }
            }
        }
        {
            let mut read =
                tx.prepare("SELECT id, name, countries, organisation FROM delegation")?;
            let mut update = tx
                .prepare("UPDATE delegation SET countries = ?2, organisation = ?3 WHERE id = ?1")?;
            let rows = read.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (id, name, countries, organisation) = row?;
                let (new_countries, new_org) = resolver.delegation(&name);
                let new_countries = new_countries.join(",");
                if (new_countries.as_str(), new_org.as_deref())
                    != (countries.as_str(), organisation.as_deref())
                {
                    update.execute(params![id, new_countries, new_org])?;
                    changed += 1;
                }
            }
        }
        {
            // Hosts: direct evidence first, then the fallbacks, which look at all events.
            let mut read = tx.prepare(
                "SELECT id, host_iso2, host_evidence, host_detail, series, name, aliases, contact
                 FROM event",
            )?;
            let mut ids: Vec<(i64, Columns)> = Vec::new();
            let mut events: Vec<Event> = Vec::new();
            let mut rows = read.query([])?;
            while let Some(r) = rows.next()? {
                ids.push((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)));
                events.push(Event {
                    series: r.get(4)?,
                    name: r.get(5)?,
                    aliases: serde_json::from_str(&r.get::<_, String>(6)?)?,
                    contact: serde_json::from_str(&r.get::<_, String>(7)?)?,
                    ..Event::default()
                });
            }
            resolver.resolve_hosts(&mut events, &Default::default());
            let mut update = tx.prepare(
                "UPDATE event SET host_iso2 = ?2, host_evidence = ?3, host_detail = ?4 WHERE id = ?1",
            )?;
            for ((id, old_cols), event) in ids.into_iter().zip(&events) {
                let new_cols = resolved_columns(event.host.as_ref());
                if new_cols != old_cols {
                    update.execute(params![id, new_cols.0, new_cols.1, new_cols.2])?;
                    changed += 1;
                }
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}

type Columns = (Option<String>, Option<String>, Option<String>);

fn resolved_columns(r: Option<&ResolvedCountry>) -> Columns {
    match r {
        Some(r) => (
            Some(r.iso2.clone()),
            Some(r.evidence.as_str().to_string()),
            Some(r.detail.clone()),
        ),
        None => (None, None, None),
    }
}

fn check_slug_free(tx: &Transaction, slug: &str, key: &str) -> Result<(), StoreError> {
    let other: Option<String> = tx
        .query_row(
            "SELECT s.key FROM event e JOIN source s ON s.id = e.source_id WHERE e.slug = ?1",
            [slug],
            |r| r.get(0),
        )
        .optional()?;
    match other {
        Some(other) => Err(StoreError::SlugConflict {
            slug: slug.to_string(),
            other,
            this: key.to_string(),
        }),
        None => Ok(()),
    }
}

fn insert_vendor(tx: &Transaction, source_id: i64, v: &Vendor) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO vendor (source_id, external_id, name, synonyms, hq_iso2, hq_evidence, capabilities,
            lineage, incoming_lineage, official_urls, refs, products)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        source_id,
        v.id,
        v.name,
        json(&v.synonyms)?,
        v.hq_iso2,
        v.hq_evidence,
        json(&v.capabilities)?,
        json(&v.lineage)?,
        json(&v.incoming_lineage)?,
        json(&v.official_urls)?,
        json(&v.refs)?,
        json(&v.products)?,
    ])?;
    Ok(())
}

/// Inserts one event with its organisers, appearances and delegations; returns the
/// number of appearances and delegations.
fn insert_event(tx: &Transaction, source_id: i64, e: &Event) -> Result<(usize, usize), StoreError> {
    let (host_iso2, host_evidence, host_detail) = resolved_columns(e.host.as_ref());
    let exhibitor_list = e.exhibitor_list.clone().unwrap_or_default();
    let delegation_list = e.delegation_list.clone().unwrap_or_default();
    tx.prepare_cached(
        "INSERT INTO event (source_id, slug, name, series, edition, year, start_date, end_date, approx_date,
            online, aliases, contact, exhibitor_list_url, exhibitor_list_date, exhibitor_list_incomplete,
            delegation_list_url, delegation_list_date, host_iso2, host_evidence, host_detail, series_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        source_id,
        e.slug,
        e.name,
        e.series,
        e.edition,
        e.dates.year(),
        e.dates.start,
        e.dates.end,
        e.dates.approx,
        e.online,
        json(&e.aliases)?,
        json(&e.contact)?,
        exhibitor_list.url,
        exhibitor_list.date,
        exhibitor_list.incomplete,
        delegation_list.url,
        delegation_list.date,
        host_iso2,
        host_evidence,
        host_detail,
        slug(&e.series),
    ])?;
    let event_id = tx.last_insert_rowid();

    let mut organiser = tx.prepare_cached(
        "INSERT INTO organiser (event_id, position, name, aliases, contact) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, o) in e.organisers.iter().enumerate() {
        organiser.execute(params![
            event_id,
            i as i64,
            o.name,
            json(&o.aliases)?,
            json(&o.contact)?
        ])?;
    }

    let mut appearance = tx.prepare_cached(
        "INSERT INTO appearance (event_id, position, name, name_folded, aliases, exhibitor_url, contact,
            categories, country_iso2, country_evidence, country_detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, x) in e.exhibitors.iter().enumerate() {
        let (iso, evidence, detail) = resolved_columns(x.country.as_ref());
        appearance.execute(params![
            event_id,
            i as i64,
            x.name,
            fold(&x.name),
            json(&x.aliases)?,
            x.exhibitor_url,
            json(&x.contact)?,
            json(&x.categories)?,
            iso,
            evidence,
            detail,
        ])?;
    }

    let mut delegation = tx.prepare_cached(
        "INSERT INTO delegation (event_id, position, name, attended, retracted, countries, organisation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, d) in e.delegations.iter().enumerate() {
        delegation.execute(params![
            event_id,
            i as i64,
            d.name,
            d.attended,
            d.retracted,
            d.countries.join(","),
            d.organisation,
        ])?;
    }
    Ok((e.exhibitors.len(), e.delegations.len()))
}
