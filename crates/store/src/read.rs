//! Reading: the row types the CLI prints (and the server will serve), and the queries
//! that produce them. All queries take parameters; nothing from the user or the data is
//! ever spliced into SQL text.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::Serialize;

use fairwatch_core::fold::{fold, slug};
use fairwatch_core::model::{Contact, Organiser};

use crate::{Store, StoreError};

/// Counts over the whole record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub sources: i64,
    pub events: i64,
    pub events_with_exhibitors: i64,
    pub events_with_delegations: i64,
    pub series: i64,
    pub appearances: i64,
    pub distinct_exhibitor_names: i64,
    pub delegations: i64,
    /// Distinct organiser names (case- and space-insensitive).
    pub organisers: i64,
    pub host_countries: i64,
    pub cancelled_events: i64,
    pub first_year: Option<i64>,
    pub last_year: Option<i64>,
}

/// Filters for listing events; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Series, by name or key, case-insensitively (`Milipol Paris` or `milipol-paris`).
    pub series: Option<String>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    /// Host ISO codes; an event matches if its host is any of them (a country, or all
    /// the countries of a region, expanded by the caller).
    pub hosts: Option<Vec<String>>,
    /// Only events with an exhibitor list.
    pub with_exhibitors: bool,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub slug: String,
    pub name: String,
    pub series: String,
    pub series_key: String,
    pub edition: String,
    pub year: Option<i64>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub approx_date: Option<String>,
    pub host_iso2: Option<String>,
    pub host_evidence: Option<String>,
    pub host_detail: Option<String>,
    pub exhibitors: i64,
    pub delegations: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow {
    pub kind: String,
    pub key: String,
    pub location: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub licence: Option<String>,
    pub retrieved: Option<String>,
    pub version: Option<String>,
    pub sha256: String,
    pub note: Option<String>,
    pub ingested_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppearanceRow {
    pub event_slug: String,
    pub event_year: Option<i64>,
    pub event_host: Option<String>,
    pub position: i64,
    pub name: String,
    pub aliases: Vec<String>,
    pub country_iso2: Option<String>,
    pub country_evidence: Option<String>,
    pub country_detail: Option<String>,
    pub categories: Vec<String>,
    pub websites: Vec<String>,
    pub exhibitor_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DelegationRow {
    pub name: String,
    pub attended: Option<bool>,
    pub retracted: Option<bool>,
    pub countries: Vec<String>,
    pub organisation: Option<String>,
}

/// One event with everything the record says about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: EventRow,
    pub aliases: Vec<String>,
    pub online: Option<bool>,
    pub contact: Contact,
    pub exhibitor_list_url: Option<String>,
    pub exhibitor_list_date: Option<String>,
    pub exhibitor_list_incomplete: bool,
    pub delegation_list_url: Option<String>,
    pub delegation_list_date: Option<String>,
    pub organisers: Vec<Organiser>,
    pub source: SourceRow,
    pub exhibitor_rows: Vec<AppearanceRow>,
    pub delegation_rows: Vec<DelegationRow>,
}

/// A raw text that did not resolve to a country, with how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnresolvedText {
    pub text: String,
    pub rows: i64,
    /// An example event where it occurs.
    pub example_event: String,
}

/// What the country resolution left open, for `fairwatch doctor`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryReport {
    /// Exhibitor rows that carry a country or an address at all.
    pub appearances_with_location: i64,
    pub appearances_resolved: i64,
    pub delegations: i64,
    pub delegations_resolved: i64,
    pub delegations_organisations: i64,
    pub events_with_lists: i64,
    pub events_with_lists_hosted: i64,
    pub events: i64,
    pub events_hosted: i64,
    /// Country texts of exhibitor rows that did not resolve (country field, or address
    /// text when there is no country field).
    pub unresolved_exhibitor_texts: Vec<UnresolvedText>,
    pub unresolved_delegations: Vec<UnresolvedText>,
    /// Events without a host country (slug, whether it has a list).
    pub events_without_host: Vec<(String, bool)>,
    /// How many rows each kind of evidence decided.
    pub evidence: Vec<(String, String, i64)>,
}

fn json_vec(s: String) -> Vec<String> {
    serde_json::from_str(&s).unwrap_or_default()
}

const EVENT_COLUMNS: &str =
    "e.slug, e.name, e.series, e.series_key, e.edition, e.year, e.start_date, e.end_date,
    e.approx_date, e.host_iso2, e.host_evidence, e.host_detail,
    (SELECT count(*) FROM appearance a WHERE a.event_id = e.id),
    (SELECT count(*) FROM delegation d WHERE d.event_id = e.id)";

fn event_row(r: &Row) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        slug: r.get(0)?,
        name: r.get(1)?,
        series: r.get(2)?,
        series_key: r.get(3)?,
        edition: r.get(4)?,
        year: r.get(5)?,
        start_date: r.get(6)?,
        end_date: r.get(7)?,
        approx_date: r.get(8)?,
        host_iso2: r.get(9)?,
        host_evidence: r.get(10)?,
        host_detail: r.get(11)?,
        exhibitors: r.get(12)?,
        delegations: r.get(13)?,
    })
}

const APPEARANCE_COLUMNS: &str = "e.slug, e.year, e.host_iso2, a.position, a.name, a.aliases,
    a.country_iso2, a.country_evidence, a.country_detail, a.categories,
    json_extract(a.contact, '$.websites'), a.exhibitor_url";

fn appearance_row(r: &Row) -> rusqlite::Result<AppearanceRow> {
    Ok(AppearanceRow {
        event_slug: r.get(0)?,
        event_year: r.get(1)?,
        event_host: r.get(2)?,
        position: r.get(3)?,
        name: r.get(4)?,
        aliases: json_vec(r.get(5)?),
        country_iso2: r.get(6)?,
        country_evidence: r.get(7)?,
        country_detail: r.get(8)?,
        categories: json_vec(r.get(9)?),
        websites: json_vec(r.get::<_, Option<String>>(10)?.unwrap_or_default()),
        exhibitor_url: r.get(11)?,
    })
}

fn source_row(r: &Row) -> rusqlite::Result<SourceRow> {
    Ok(SourceRow {
        kind: r.get(0)?,
        key: r.get(1)?,
        location: r.get(2)?,
        publisher: r.get(3)?,
        url: r.get(4)?,
        licence: r.get(5)?,
        retrieved: r.get(6)?,
        version: r.get(7)?,
        sha256: r.get(8)?,
        note: r.get(9)?,
        ingested_at: r.get(10)?,
    })
}

const SOURCE_COLUMNS: &str =
    "s.kind, s.key, s.location, s.publisher, s.url, s.licence, s.retrieved, s.version, s.sha256, s.note, s.ingested_at";

/// Escapes `%`, `_` and `\` so user text is matched literally by `LIKE ... ESCAPE '\'`.
fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let q = |sql: &str| -> Result<i64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
        };
        let years: (Option<i64>, Option<i64>) =
            self.conn
                .query_row("SELECT min(year), max(year) FROM event", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok(Stats {
            sources: q("SELECT count(*) FROM source")?,
            events: q("SELECT count(*) FROM event")?,
            events_with_exhibitors: q("SELECT count(DISTINCT event_id) FROM appearance")?,
            events_with_delegations: q("SELECT count(DISTINCT event_id) FROM delegation")?,
            series: q("SELECT count(DISTINCT series) FROM event")?,
            appearances: q("SELECT count(*) FROM appearance")?,
            distinct_exhibitor_names: q("SELECT count(DISTINCT name_folded) FROM appearance")?,
            delegations: q("SELECT count(*) FROM delegation")?,
            organisers: q("SELECT count(DISTINCT lower(trim(name))) FROM organiser")?,
            host_countries: q("SELECT count(DISTINCT host_iso2) FROM event")?,
            cancelled_events: q("SELECT count(*) FROM cancelled_event")?,
            first_year: years.0,
            last_year: years.1,
        })
    }

    pub fn sources(&self) -> Result<Vec<SourceRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SOURCE_COLUMNS} FROM source s ORDER BY s.key"
        ))?;
        let rows = stmt.query_map([], source_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>, StoreError> {
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM event e WHERE 1=1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(series) = &filter.series {
            args.push(slug(series).into());
            sql += &format!(" AND e.series_key = ?{}", args.len());
        }
        if let Some(y) = filter.from_year {
            args.push(i64::from(y).into());
            sql += &format!(" AND e.year >= ?{}", args.len());
        }
        if let Some(y) = filter.to_year {
            args.push(i64::from(y).into());
            sql += &format!(" AND e.year <= ?{}", args.len());
        }
        if let Some(hosts) = &filter.hosts {
            args.push(hosts.join(",").into());
            // One parameter holding the comma-separated list, matched with instr(): keeps
            // the SQL text fixed however many countries a region expands to.
            sql += &format!(
                " AND e.host_iso2 IS NOT NULL AND instr(',' || ?{} || ',', ',' || e.host_iso2 || ',') > 0",
                args.len()
            );
        }
        if filter.with_exhibitors {
            sql += " AND EXISTS (SELECT 1 FROM appearance a WHERE a.event_id = e.id)";
        }
        sql += " ORDER BY coalesce(e.start_date, e.approx_date), e.slug";
        if let Some(limit) = filter.limit {
            args.push((limit as i64).into());
            sql += &format!(" LIMIT ?{}", args.len());
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), event_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One event with its exhibitors, delegations, organisers and source.
    pub fn event(&self, slug: &str) -> Result<Option<EventDetail>, StoreError> {
        let found = self
            .conn
            .query_row(
                &format!(
                    "SELECT {EVENT_COLUMNS}, e.id, e.aliases, e.online, e.contact, e.exhibitor_list_url,
                        e.exhibitor_list_date, e.exhibitor_list_incomplete, e.delegation_list_url,
                        e.delegation_list_date, e.source_id
                     FROM event e WHERE e.slug = ?1"
                ),
                [slug],
                |r| {
                    Ok((
                        event_row(r)?,
                        r.get::<_, i64>(14)?,
                        r.get::<_, String>(15)?,
                        r.get::<_, Option<bool>>(16)?,
                        r.get::<_, String>(17)?,
                        r.get::<_, Option<String>>(18)?,
                        r.get::<_, Option<String>>(19)?,
                        r.get::<_, bool>(20)?,
                        r.get::<_, Option<String>>(21)?,
                        r.get::<_, Option<String>>(22)?,
                        r.get::<_, i64>(23)?,
                    ))
                },
            )
            .optional()?;
        let Some((
            event,
            id,
            aliases,
            online,
            contact,
            xl_url,
            xl_date,
            xl_incomplete,
            dl_url,
            dl_date,
            source_id,
        )) = found
        else {
            return Ok(None);
        };
        let source = self.conn.query_row(
            &format!("SELECT {SOURCE_COLUMNS} FROM source s WHERE s.id = ?1"),
            [source_id],
            source_row,
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT name, aliases, contact FROM organiser WHERE event_id = ?1 ORDER BY position",
        )?;
        let organisers = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .map(|row| -> Result<Organiser, StoreError> {
                let (name, aliases, contact) = row?;
                Ok(Organiser {
                    name,
                    aliases: json_vec(aliases),
                    contact: serde_json::from_str(&contact)?,
                })
            })
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {APPEARANCE_COLUMNS} FROM appearance a JOIN event e ON e.id = a.event_id
             WHERE a.event_id = ?1 ORDER BY a.position"
        ))?;
        let exhibitor_rows = stmt
            .query_map([id], appearance_row)?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT name, attended, retracted, countries, organisation FROM delegation
             WHERE event_id = ?1 ORDER BY position",
        )?;
        let delegation_rows = stmt
            .query_map([id], |r| {
                let countries: String = r.get(3)?;
                Ok(DelegationRow {
                    name: r.get(0)?,
                    attended: r.get(1)?,
                    retracted: r.get(2)?,
                    countries: countries
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect(),
                    organisation: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(EventDetail {
            event,
            aliases: json_vec(aliases),
            online,
            contact: serde_json::from_str(&contact)?,
            exhibitor_list_url: xl_url,
            exhibitor_list_date: xl_date,
            exhibitor_list_incomplete: xl_incomplete,
            delegation_list_url: dl_url,
            delegation_list_date: dl_date,
            organisers,
            source,
            exhibitor_rows,
            delegation_rows,
        }))
    }

    /// Exhibitor appearances whose name contains `query`, ignoring case and diacritics,
    /// newest events first. Also filters by event year range when given.
    pub fn search_appearances(
        &self,
        query: &str,
        from_year: Option<i32>,
        to_year: Option<i32>,
        limit: usize,
    ) -> Result<Vec<AppearanceRow>, StoreError> {
        let pattern = format!("%{}%", like_literal(&fold(query)));
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {APPEARANCE_COLUMNS} FROM appearance a JOIN event e ON e.id = a.event_id
             WHERE a.name_folded LIKE ?1 ESCAPE '\\'
               AND (?2 IS NULL OR e.year >= ?2) AND (?3 IS NULL OR e.year <= ?3)
             ORDER BY e.year DESC, e.slug, a.position
             LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![pattern, from_year, to_year, limit as i64],
            appearance_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The stored user country mapping, sorted by text.
    pub fn country_mappings(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT text, iso2 FROM country_mapping ORDER BY text")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Series key -> most frequent host among its stored editions.
    pub fn series_hosts(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT series, host_iso2, count(*) AS n FROM event WHERE host_iso2 IS NOT NULL
             GROUP BY series, host_iso2 ORDER BY series, n DESC, host_iso2",
        )?;
        let mut out = HashMap::new();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (series, host) = row?;
            out.entry(series).or_insert(host);
        }
        Ok(out)
    }

    /// Coverage of country resolution and what stays unresolved.
    pub fn country_report(&self) -> Result<CountryReport, StoreError> {
        let q = |sql: &str| -> Result<i64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
        };
        const HAS_LOCATION: &str = "(json_array_length(a.contact, '$.countries') > 0
            OR json_array_length(a.contact, '$.addresses') > 0)";
        let unresolved = |sql: &str| -> Result<Vec<UnresolvedText>, StoreError> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok(UnresolvedText {
                    text: r.get(0)?,
                    rows: r.get(1)?,
                    example_event: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let mut stmt = self.conn.prepare(
            "SELECT e.slug, EXISTS (SELECT 1 FROM appearance a WHERE a.event_id = e.id)
                 OR EXISTS (SELECT 1 FROM delegation d WHERE d.event_id = e.id)
             FROM event e WHERE e.host_iso2 IS NULL ORDER BY e.slug",
        )?;
        let events_without_host = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT 'appearance', country_evidence, count(*) FROM appearance
               WHERE country_evidence IS NOT NULL GROUP BY 2
             UNION ALL
             SELECT 'event', host_evidence, count(*) FROM event
               WHERE host_evidence IS NOT NULL GROUP BY 2
             ORDER BY 1, 3 DESC",
        )?;
        let evidence = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(CountryReport {
            appearances_with_location: q(&format!(
                "SELECT count(*) FROM appearance a WHERE {HAS_LOCATION}"
            ))?,
            appearances_resolved: q(&format!(
                "SELECT count(*) FROM appearance a WHERE {HAS_LOCATION} AND a.country_iso2 IS NOT NULL"
            ))?,
            delegations: q("SELECT count(*) FROM delegation")?,
            delegations_resolved: q("SELECT count(*) FROM delegation WHERE countries != ''")?,
            delegations_organisations: q(
                "SELECT count(*) FROM delegation WHERE organisation IS NOT NULL",
            )?,
            events_with_lists: q(
                "SELECT count(*) FROM event e WHERE EXISTS (SELECT 1 FROM appearance a WHERE a.event_id = e.id)
                   OR EXISTS (SELECT 1 FROM delegation d WHERE d.event_id = e.id)",
            )?,
            events_with_lists_hosted: q(
                "SELECT count(*) FROM event e WHERE e.host_iso2 IS NOT NULL AND
                   (EXISTS (SELECT 1 FROM appearance a WHERE a.event_id = e.id)
                   OR EXISTS (SELECT 1 FROM delegation d WHERE d.event_id = e.id))",
            )?,
            events: q("SELECT count(*) FROM event")?,
            events_hosted: q("SELECT count(*) FROM event WHERE host_iso2 IS NOT NULL")?,
            unresolved_exhibitor_texts: unresolved(&format!(
                "SELECT coalesce(json_extract(a.contact, '$.countries[0].text'),
                                 json_extract(a.contact, '$.addresses[0].text'), '(address without text)') AS t,
                        count(*), min(e.slug)
                 FROM appearance a JOIN event e ON e.id = a.event_id
                 WHERE {HAS_LOCATION} AND a.country_iso2 IS NULL
                 GROUP BY t ORDER BY count(*) DESC, t"
            ))?,
            unresolved_delegations: unresolved(
                "SELECT d.name, count(*), min(e.slug) FROM delegation d JOIN event e ON e.id = d.event_id
                 WHERE d.countries = '' GROUP BY d.name ORDER BY count(*) DESC, d.name",
            )?,
            events_without_host,
            evidence,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_literal("100%_a\\b"), "100\\%\\_a\\\\b");
    }
}
