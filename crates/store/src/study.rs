//! The study's side of the database: loading the resolved record as the analysis
//! [`Dataset`], and storing the classification of companies (capabilities, tiers,
//! evidence) under the methodology it was computed with.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use fairwatch_study::dataset::{
    Appearance, Company, Dataset, Delegation, Event, Lineage, VendorEntry,
};
use fairwatch_study::{Classification, Methodology};

use crate::{Store, StoreError};

/// The stored classification's provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassificationMeta {
    pub algorithm: String,
    pub methodology: String,
    pub methodology_sha256: String,
    pub dataset_sha256: String,
    pub classified_at: String,
    pub assessments: i64,
}

/// One company's standing for one capability, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentRow {
    pub capability: String,
    pub tier: Option<String>,
    /// The evidence items, as JSON.
    pub evidence: serde_json::Value,
}

fn json_vec(s: String) -> Vec<String> {
    serde_json::from_str(&s).unwrap_or_default()
}

impl Store {
    /// The hash that findings carry as `dataset_sha256`: the data and decisions the
    /// resolution was computed from, and the resolution's algorithm and settings.
    pub fn dataset_sha256(&self) -> Result<String, StoreError> {
        let mut h = Sha256::new();
        h.update(self.fingerprint()?.as_bytes());
        if let Some(meta) = self.resolution_meta()? {
            h.update([0]);
            h.update(meta.algorithm.as_bytes());
        }
        let settings: Option<String> = self
            .conn
            .query_row("SELECT settings FROM resolution WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        h.update([0]);
        h.update(settings.unwrap_or_default().as_bytes());
        Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Loads the resolved record for the analysis, in a stable order (ids), so that the
    /// same database always gives the same answers.
    pub fn study_dataset(&self) -> Result<Dataset, StoreError> {
        let mut data = Dataset {
            sha256: self.dataset_sha256()?,
            ..Dataset::default()
        };
        let mut event_index: HashMap<i64, usize> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT id, slug, name, series, series_key, year, start_date, host_iso2 FROM event ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            event_index.insert(r.get(0)?, data.events.len());
            data.events.push(Event {
                slug: r.get(1)?,
                name: r.get(2)?,
                series: r.get(3)?,
                series_key: r.get(4)?,
                year: r.get(5)?,
                start_date: r.get(6)?,
                host_iso2: r.get(7)?,
            });
        }
        let mut stmt = self.conn.prepare(
            "SELECT event_id, name, countries, attended, retracted FROM delegation ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let countries: String = r.get(2)?;
            data.delegations.push(Delegation {
                event: event_index[&r.get::<_, i64>(0)?],
                name: r.get(1)?,
                countries: countries
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
                attended: r.get(3)?,
                retracted: r.get(4)?,
            });
        }
        let mut company_index: HashMap<String, usize> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, hq_iso2, hq_evidence FROM company ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            company_index.insert(id.clone(), data.companies.len());
            data.companies.push(Company {
                id,
                name: r.get(1)?,
                declared_hq: r.get(2)?,
                declared_hq_evidence: r.get(3)?,
            });
        }
        let mut stmt = self.conn.prepare(
            "SELECT a.id, m.company_id, a.event_id, a.name, a.categories
             FROM appearance a JOIN membership m ON m.appearance_id = a.id ORDER BY a.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let categories: String = r.get(4)?;
            data.appearances.push(Appearance {
                id: r.get(0)?,
                company: company_index[&r.get::<_, String>(1)?],
                event: event_index[&r.get::<_, i64>(2)?],
                name: r.get(3)?,
                categories: if categories == "[]" {
                    Vec::new()
                } else {
                    json_vec(categories)
                },
            });
        }
        let mut stmt = self.conn.prepare(
            "SELECT l.company_id, s.key, v.external_id, v.name, v.hq_iso2, v.capabilities, v.products
             FROM vendor_link l JOIN vendor v ON v.id = l.vendor_id JOIN source s ON s.id = v.source_id
             ORDER BY l.company_id, s.key, v.external_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            data.vendors.push(VendorEntry {
                company: company_index[&r.get::<_, String>(0)?],
                source: r.get(1)?,
                external_id: r.get(2)?,
                name: r.get(3)?,
                hq_iso2: r.get(4)?,
                capabilities: json_vec(r.get(5)?),
                products: json_vec(r.get(6)?),
            });
        }
        let mut stmt = self.conn.prepare(
            "SELECT subject_id, kind, object_id, date FROM lineage
             WHERE subject_id IS NOT NULL AND object_id IS NOT NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            data.lineage.push(Lineage {
                subject: company_index[&r.get::<_, String>(0)?],
                kind: r.get(1)?,
                object: company_index[&r.get::<_, String>(2)?],
                date: r.get(3)?,
            });
        }
        data.check().map_err(StoreError::Inconsistent)?;
        Ok(data)
    }

    /// The stored classification's provenance, if any.
    pub fn classification_meta(&self) -> Result<Option<ClassificationMeta>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT algorithm, methodology, methodology_sha256, dataset_sha256, classified_at, assessments
                 FROM classification WHERE id = 1",
                [],
                |r| {
                    Ok(ClassificationMeta {
                        algorithm: r.get(0)?,
                        methodology: r.get(1)?,
                        methodology_sha256: r.get(2)?,
                        dataset_sha256: r.get(3)?,
                        classified_at: r.get(4)?,
                        assessments: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Replaces the stored classification, in one transaction.
    pub fn write_classification(
        &mut self,
        data: &Dataset,
        classes: &Classification,
        m: &Methodology,
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch("DELETE FROM capability_assessment; DELETE FROM classification;")?;
        let mut n = 0;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO capability_assessment (company_id, capability, tier, evidence) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (c, assessments) in classes.companies.iter().enumerate() {
                for a in assessments {
                    stmt.execute(params![
                        data.companies[c].id,
                        a.capability,
                        a.tier.map(|t| t.as_str()),
                        serde_json::to_string(&a.evidence)?
                    ])?;
                    n += 1;
                }
            }
        }
        tx.execute(
            "INSERT INTO classification (id, algorithm, methodology, methodology_sha256, dataset_sha256, classified_at, assessments)
             VALUES (1, ?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?5)",
            params![
                fairwatch_study::ALGORITHM,
                format!("{} {}", m.spec.methodology.name, m.spec.methodology.version),
                m.sha256,
                data.sha256,
                n as i64
            ],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// A company's capability assessments, best tier first.
    pub fn company_assessments(&self, id: &str) -> Result<Vec<AssessmentRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT capability, tier, evidence FROM capability_assessment WHERE company_id = ?1
             ORDER BY CASE tier WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, capability",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (capability, tier, evidence) = row?;
            out.push(AssessmentRow {
                capability,
                tier,
                evidence: serde_json::from_str(&evidence)?,
            });
        }
        Ok(out)
    }
}
