//! Companies: the resolver's input (appearances with their evidence), its output
//! (companies, memberships with explanations, vendor links, lineage, review queue)
//! written as one transaction, reviewers' decisions, and the queries behind
//! `fairwatch company show` and the exports.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use fairwatch_core::fold::fold;
use fairwatch_core::model::{Contact, Vendor};
use fairwatch_core::resolve::Record;

use crate::{Store, StoreError};

/// A company row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyRow {
    pub id: String,
    pub name: String,
    pub key: String,
    pub hq_iso2: Option<String>,
    pub hq_evidence: Option<String>,
    pub appearances: i64,
}

/// How one name key belongs to its company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRow {
    pub key: String,
    pub company_id: String,
    pub example: String,
    pub is_anchor: bool,
    pub link: Option<String>,
    pub from_key: Option<String>,
    pub via_key: Option<String>,
    pub score: Option<f64>,
    /// JSON array of `{name, detail, weight}`.
    pub features: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MembershipRow {
    pub appearance_id: i64,
    pub company_id: String,
    pub node_key: String,
    pub qualifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendorLinkRow {
    pub vendor_row: i64,
    pub company_id: String,
    pub score: f64,
    pub features: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineageRow {
    pub subject_id: Option<String>,
    pub subject_name: String,
    pub kind: String,
    pub object_id: Option<String>,
    pub object_name: String,
    pub date: Option<String>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub name_a: String,
    pub name_b: String,
    pub company_a: String,
    pub company_b: String,
    pub score: f64,
    pub reason: String,
    pub features: String,
}

/// Everything one resolution produces, stored together.
#[derive(Debug, Clone, Default)]
pub struct ResolutionWrite {
    pub algorithm: String,
    pub settings_json: String,
    pub fingerprint: String,
    pub candidate_pairs: i64,
    pub companies: Vec<CompanyRow>,
    pub nodes: Vec<NodeRow>,
    pub memberships: Vec<MembershipRow>,
    pub vendor_links: Vec<VendorLinkRow>,
    pub lineage: Vec<LineageRow>,
    pub review: Vec<ReviewRow>,
}

/// The stored resolution's summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolutionMeta {
    pub algorithm: String,
    pub settings: String,
    pub dataset_sha256: String,
    pub resolved_at: String,
    pub companies: i64,
    pub candidate_pairs: i64,
}

/// A stored vendor record with its row id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendorRow {
    pub row: i64,
    pub source_key: String,
    #[serde(flatten)]
    pub vendor: Vendor,
}

/// A reviewer's decision on a pair of raw names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRow {
    pub kind: String,
    pub name_a: String,
    pub name_b: String,
    pub who: String,
    pub note: String,
    pub decided_at: String,
}

/// One entry of the append-only audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub who: String,
    pub action: String,
    pub subject: String,
    /// JSON.
    pub detail: String,
    pub origin: String,
}

/// A lineage relation stated by a user: `subject kind object`, names as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserLineageRow {
    pub subject: String,
    pub kind: String,
    pub object: String,
    pub date: Option<String>,
    pub note: String,
}

/// One line of `fairwatch export appearances`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppearanceExport {
    pub event_slug: String,
    pub year: Option<i64>,
    pub raw_name: String,
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    pub qualifier: Option<String>,
    pub country_iso2: Option<String>,
}

/// One appearance of a company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyAppearance {
    pub event_slug: String,
    pub event_name: String,
    pub year: Option<i64>,
    pub host_iso2: Option<String>,
    pub raw_name: String,
    pub node_key: String,
    pub qualifier: Option<String>,
    pub country_iso2: Option<String>,
    pub categories: Vec<String>,
}

fn company_row(r: &rusqlite::Row) -> rusqlite::Result<CompanyRow> {
    Ok(CompanyRow {
        id: r.get(0)?,
        name: r.get(1)?,
        key: r.get(2)?,
        hq_iso2: r.get(3)?,
        hq_evidence: r.get(4)?,
        appearances: r.get(5)?,
    })
}

fn lineage_row(r: &rusqlite::Row) -> rusqlite::Result<LineageRow> {
    Ok(LineageRow {
        subject_id: r.get(0)?,
        subject_name: r.get(1)?,
        kind: r.get(2)?,
        object_id: r.get(3)?,
        object_name: r.get(4)?,
        date: r.get(5)?,
        evidence: r.get(6)?,
    })
}

const LINEAGE_COLUMNS: &str =
    "subject_id, subject_name, kind, object_id, object_name, date, evidence";

fn json_vec(s: String) -> Vec<String> {
    serde_json::from_str(&s).unwrap_or_default()
}

impl Store {
    /// Every appearance with the evidence the resolver uses, in id order.
    pub fn resolver_records(&self) -> Result<Vec<Record>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, event_id, name, aliases, country_iso2, contact, categories FROM appearance ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let contact: Contact = serde_json::from_str(&r.get::<_, String>(5)?)?;
            out.push(Record {
                id: r.get(0)?,
                event: r.get(1)?,
                name: r.get(2)?,
                aliases: json_vec(r.get(3)?),
                country: r.get(4)?,
                websites: contact.websites,
                emails: contact.emails,
                categories: json_vec(r.get(6)?),
            });
        }
        Ok(out)
    }

    /// All stored vendor records.
    pub fn vendors(&self) -> Result<Vec<VendorRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT v.id, s.key, v.external_id, v.name, v.synonyms, v.hq_iso2, v.hq_evidence, v.capabilities,
                    v.lineage, v.official_urls, v.refs, v.products, v.incoming_lineage
             FROM vendor v JOIN source s ON s.id = v.source_id ORDER BY s.key, v.name, v.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(VendorRow {
                row: r.get(0)?,
                source_key: r.get(1)?,
                vendor: Vendor {
                    id: r.get(2)?,
                    name: r.get(3)?,
                    synonyms: json_vec(r.get(4)?),
                    hq_iso2: r.get(5)?,
                    hq_evidence: r.get(6)?,
                    capabilities: json_vec(r.get(7)?),
                    lineage: serde_json::from_str(&r.get::<_, String>(8)?)?,
                    official_urls: json_vec(r.get(9)?),
                    refs: json_vec(r.get(10)?),
                    products: json_vec(r.get(11)?),
                    incoming_lineage: serde_json::from_str(&r.get::<_, String>(12)?)?,
                },
            });
        }
        Ok(out)
    }

    /// A hash of everything a resolution depends on: every source's content hash and
    /// every decision. A stored resolution with another fingerprint is stale.
    pub fn fingerprint(&self) -> Result<String, StoreError> {
        let mut h = Sha256::new();
        let mut stmt = self
            .conn
            .prepare("SELECT key, sha256 FROM source ORDER BY key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            h.update(r.get::<_, String>(0)?.as_bytes());
            h.update([0]);
            h.update(r.get::<_, String>(1)?.as_bytes());
            h.update([1]);
        }
        for l in self.user_lineage()? {
            for part in [
                &l.subject,
                &l.kind,
                &l.object,
                l.date.as_deref().unwrap_or(""),
            ] {
                h.update(part.as_bytes());
                h.update([2]);
            }
        }
        for d in self.decisions()? {
            for part in [&d.kind, &d.name_a, &d.name_b] {
                h.update(part.as_bytes());
                h.update([0]);
            }
        }
        // Country mappings change declared and host countries, and so the resolution.
        for (text, iso2) in self.country_mappings()? {
            h.update(text.as_bytes());
            h.update([3]);
            h.update(iso2.as_bytes());
            h.update([3]);
        }
        Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn resolution_meta(&self) -> Result<Option<ResolutionMeta>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT algorithm, settings, dataset_sha256, resolved_at, companies, candidate_pairs FROM resolution",
                [],
                |r| {
                    Ok(ResolutionMeta {
                        algorithm: r.get(0)?,
                        settings: r.get(1)?,
                        dataset_sha256: r.get(2)?,
                        resolved_at: r.get(3)?,
                        companies: r.get(4)?,
                        candidate_pairs: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Replaces the stored resolution with `w`, in one transaction.
    pub fn write_resolution(&mut self, w: &ResolutionWrite) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM capability_assessment; DELETE FROM classification;
             DELETE FROM review_pair; DELETE FROM lineage; DELETE FROM vendor_link;
             DELETE FROM membership; DELETE FROM name_node; DELETE FROM company; DELETE FROM resolution;",
        )?;
        tx.execute(
            "INSERT INTO resolution (id, algorithm, settings, dataset_sha256, resolved_at, companies, candidate_pairs)
             VALUES (1, ?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4, ?5)",
            params![w.algorithm, w.settings_json, w.fingerprint, w.companies.len() as i64, w.candidate_pairs],
        )?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO company (id, name, key, hq_iso2, hq_evidence, appearances) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in &w.companies {
                stmt.execute(params![
                    c.id,
                    c.name,
                    c.key,
                    c.hq_iso2,
                    c.hq_evidence,
                    c.appearances
                ])?;
            }
            let mut stmt = tx.prepare(
                "INSERT INTO name_node (key, company_id, example, is_anchor, link, from_key, via_key, score, features)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for n in &w.nodes {
                stmt.execute(params![
                    n.key,
                    n.company_id,
                    n.example,
                    n.is_anchor,
                    n.link,
                    n.from_key,
                    n.via_key,
                    n.score,
                    n.features
                ])?;
            }
            let mut stmt = tx.prepare(
                "INSERT INTO membership (appearance_id, company_id, node_key, qualifier) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for m in &w.memberships {
                stmt.execute(params![
                    m.appearance_id,
                    m.company_id,
                    m.node_key,
                    m.qualifier
                ])?;
            }
            let mut stmt = tx.prepare(
                "INSERT INTO vendor_link (vendor_id, company_id, score, features) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for v in &w.vendor_links {
                stmt.execute(params![v.vendor_row, v.company_id, v.score, v.features])?;
            }
            let mut stmt = tx.prepare(
                "INSERT INTO lineage (subject_id, subject_name, kind, object_id, object_name, date, evidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for l in &w.lineage {
                stmt.execute(params![
                    l.subject_id,
                    l.subject_name,
                    l.kind,
                    l.object_id,
                    l.object_name,
                    l.date,
                    l.evidence
                ])?;
            }
            let mut stmt = tx.prepare(
                "INSERT INTO review_pair (name_a, name_b, company_a, company_b, score, reason, features)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for r in &w.review {
                stmt.execute(params![
                    r.name_a,
                    r.name_b,
                    r.company_a,
                    r.company_b,
                    r.score,
                    r.reason,
                    r.features
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Finds a company by id, exact name, or comparison `key` (the normalised name);
    /// then by key prefix.
    pub fn find_company(&self, text: &str, key: &str) -> Result<Vec<CompanyRow>, StoreError> {
        let folded = key.to_string();
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT c.id, c.name, c.key, c.hq_iso2, c.hq_evidence, c.appearances
             FROM company c LEFT JOIN name_node n ON n.company_id = c.id
             WHERE c.id = ?1 OR c.key = ?2 OR n.key = ?2 OR n.key LIKE ?2 || ' [%]' OR lower(c.name) = lower(?1)
             ORDER BY c.appearances DESC, c.id",
        )?;
        let exact: Vec<CompanyRow> = stmt
            .query_map(params![text, folded], company_row)?
            .collect::<Result<_, _>>()?;
        if !exact.is_empty() {
            return Ok(exact);
        }
        let pattern = format!("{}%", folded.replace(['%', '_', '\\'], ""));
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT c.id, c.name, c.key, c.hq_iso2, c.hq_evidence, c.appearances
             FROM company c JOIN name_node n ON n.company_id = c.id
             WHERE n.key LIKE ?1 ORDER BY c.appearances DESC, c.id LIMIT 20",
        )?;
        let rows = stmt.query_map([pattern], company_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Companies whose id or name key starts with `query` (all when `None`), largest first.
    pub fn list_companies(
        &self,
        query: Option<&str>,
        limit: usize,
    ) -> Result<Vec<CompanyRow>, StoreError> {
        let pattern = format!(
            "{}%",
            query
                .map(fold)
                .unwrap_or_default()
                .replace(['%', '_', '\\'], "")
        );
        let mut stmt = self.conn.prepare(
            "SELECT id, name, key, hq_iso2, hq_evidence, appearances FROM company
             WHERE key LIKE ?1 OR id LIKE ?1 ORDER BY appearances DESC, id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![pattern, limit as i64], company_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn company_nodes(&self, id: &str) -> Result<Vec<(NodeRow, i64)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT n.key, n.company_id, n.example, n.is_anchor, n.link, n.from_key, n.via_key, n.score, n.features,
                    (SELECT count(*) FROM membership m WHERE m.node_key = n.key)
             FROM name_node n WHERE n.company_id = ?1 ORDER BY n.is_anchor DESC, 10 DESC, n.key",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                NodeRow {
                    key: r.get(0)?,
                    company_id: r.get(1)?,
                    example: r.get(2)?,
                    is_anchor: r.get(3)?,
                    link: r.get(4)?,
                    from_key: r.get(5)?,
                    via_key: r.get(6)?,
                    score: r.get(7)?,
                    features: r.get(8)?,
                },
                r.get(9)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Raw names of a company's appearances with counts, most frequent first.
    pub fn company_aliases(&self, id: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.name, count(*) FROM membership m JOIN appearance a ON a.id = m.appearance_id
             WHERE m.company_id = ?1 GROUP BY a.name ORDER BY count(*) DESC, a.name",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Websites declared across a company's appearances, with counts.
    pub fn company_websites(&self, id: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT lower(w.value), count(*) FROM membership m JOIN appearance a ON a.id = m.appearance_id,
                    json_each(a.contact, '$.websites') w
             WHERE m.company_id = ?1 GROUP BY lower(w.value) ORDER BY count(*) DESC, 1",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn company_appearances(&self, id: &str) -> Result<Vec<CompanyAppearance>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT e.slug, e.name, e.year, e.host_iso2, a.name, m.node_key, m.qualifier, a.country_iso2, a.categories
             FROM membership m JOIN appearance a ON a.id = m.appearance_id JOIN event e ON e.id = a.event_id
             WHERE m.company_id = ?1 ORDER BY coalesce(e.start_date, e.approx_date), e.slug, a.position",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(CompanyAppearance {
                event_slug: r.get(0)?,
                event_name: r.get(1)?,
                year: r.get(2)?,
                host_iso2: r.get(3)?,
                raw_name: r.get(4)?,
                node_key: r.get(5)?,
                qualifier: r.get(6)?,
                country_iso2: r.get(7)?,
                categories: json_vec(r.get(8)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn company_vendor_links(
        &self,
        id: &str,
    ) -> Result<Vec<(VendorRow, f64, String)>, StoreError> {
        let links: Vec<(i64, f64, String)> = {
            let mut stmt = self.conn.prepare(
                "SELECT vendor_id, score, features FROM vendor_link WHERE company_id = ?1 ORDER BY score DESC, vendor_id",
            )?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let vendors = self.vendors()?;
        Ok(links
            .into_iter()
            .filter_map(|(row, score, features)| {
                vendors
                    .iter()
                    .find(|v| v.row == row)
                    .map(|v| (v.clone(), score, features))
            })
            .collect())
    }

    pub fn company_lineage(&self, id: &str) -> Result<Vec<LineageRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LINEAGE_COLUMNS} FROM lineage
             WHERE subject_id = ?1 OR object_id = ?1 ORDER BY kind, subject_name, object_name"
        ))?;
        let rows = stmt.query_map([id], lineage_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every lineage relation of the stored resolution.
    pub fn all_lineage(&self) -> Result<Vec<LineageRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LINEAGE_COLUMNS} FROM lineage ORDER BY subject_name, kind, object_name"
        ))?;
        let rows = stmt.query_map([], lineage_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every appearance with its company, in event order (for `export appearances`).
    pub fn export_appearances(&self) -> Result<Vec<AppearanceExport>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT e.slug, e.year, a.name, m.company_id, c.name, m.qualifier, a.country_iso2
             FROM appearance a JOIN event e ON e.id = a.event_id
             LEFT JOIN membership m ON m.appearance_id = a.id LEFT JOIN company c ON c.id = m.company_id
             ORDER BY e.slug, a.position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AppearanceExport {
                event_slug: r.get(0)?,
                year: r.get(1)?,
                raw_name: r.get(2)?,
                company_id: r.get(3)?,
                company_name: r.get(4)?,
                qualifier: r.get(5)?,
                country_iso2: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The review queue, strongest pairs first.
    pub fn review_pairs(&self) -> Result<Vec<ReviewRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name_a, name_b, company_a, company_b, score, reason, features FROM review_pair
             WHERE NOT EXISTS (SELECT 1 FROM decision d
                               WHERE (d.name_a = review_pair.name_a AND d.name_b = review_pair.name_b)
                                  OR (d.name_a = review_pair.name_b AND d.name_b = review_pair.name_a))
             ORDER BY score DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ReviewRow {
                id: r.get(0)?,
                name_a: r.get(1)?,
                name_b: r.get(2)?,
                company_a: r.get(3)?,
                company_b: r.get(4)?,
                score: r.get(5)?,
                reason: r.get(6)?,
                features: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds (or updates) lineage stated by a user.
    pub fn add_user_lineage(&mut self, rows: &[UserLineageRow]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO user_lineage (subject, kind, object, date, note, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                 ON CONFLICT(subject, kind, object) DO UPDATE SET date = excluded.date, note = excluded.note",
            )?;
            for r in rows {
                stmt.execute(params![r.subject, r.kind, r.object, r.date, r.note])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn user_lineage(&self) -> Result<Vec<UserLineageRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT subject, kind, object, date, note FROM user_lineage ORDER BY subject, kind, object")?;
        let rows = stmt.query_map([], |r| {
            Ok(UserLineageRow {
                subject: r.get(0)?,
                kind: r.get(1)?,
                object: r.get(2)?,
                date: r.get(3)?,
                note: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records (or replaces) decisions; names are stored in a canonical order so that
    /// (a, b) and (b, a) are one decision.
    pub fn add_decisions(&mut self, rows: &[DecisionRow]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        Self::insert_decisions(&tx, rows)?;
        tx.commit()?;
        Ok(())
    }

    fn insert_decisions(
        tx: &rusqlite::Transaction,
        rows: &[DecisionRow],
    ) -> Result<(), StoreError> {
        let mut stmt = tx.prepare(
            "INSERT INTO decision (kind, name_a, name_b, who, note, decided_at) VALUES (?1, ?2, ?3, ?4, ?5,
                coalesce(nullif(?6, ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))
             ON CONFLICT(name_a, name_b) DO UPDATE SET kind = excluded.kind, who = excluded.who,
                note = excluded.note, decided_at = excluded.decided_at",
        )?;
        for d in rows {
            let (a, b) = if d.name_a <= d.name_b {
                (&d.name_a, &d.name_b)
            } else {
                (&d.name_b, &d.name_a)
            };
            stmt.execute(params![d.kind, a, b, d.who, d.note, d.decided_at])?;
        }
        Ok(())
    }

    /// Records decisions and their audit entries in one transaction: either both are
    /// stored or neither. `origin` says where they were made (`web`, `cli`).
    pub fn add_decisions_audited(
        &mut self,
        rows: &[DecisionRow],
        details: &[String],
        origin: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut audit = tx.prepare(
                "INSERT INTO audit_log (who, action, subject, detail, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (d, detail) in rows.iter().zip(details) {
                let subject = serde_json::json!([d.name_a, d.name_b]).to_string();
                audit.execute(params![
                    d.who,
                    format!("review.{}", d.kind),
                    subject,
                    detail,
                    origin
                ])?;
            }
        }
        Self::insert_decisions(&tx, rows)?;
        tx.commit()?;
        Ok(())
    }

    /// Appends one entry to the audit trail.
    pub fn audit(
        &mut self,
        who: &str,
        action: &str,
        subject: &str,
        detail: &str,
        origin: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO audit_log (who, action, subject, detail, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![who, action, subject, detail, origin],
        )?;
        Ok(())
    }

    /// The audit trail, newest first; `limit` 0 for all of it.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let limit = if limit == 0 { -1 } else { limit as i64 };
        let mut stmt = self.conn.prepare(
            "SELECT id, at, who, action, subject, detail, origin FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                detail: r.get(5)?,
                origin: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn decisions(&self) -> Result<Vec<DecisionRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, name_a, name_b, who, note, decided_at FROM decision ORDER BY name_a, name_b",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DecisionRow {
                kind: r.get(0)?,
                name_a: r.get(1)?,
                name_b: r.get(2)?,
                who: r.get(3)?,
                note: r.get(4)?,
                decided_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
