//! The derived stages run on demand: resolution of appearances into companies (with
//! vendor links and lineage), stored as one transaction. Commands that read companies
//! call [`ensure_resolved`], which re-resolves when the data or the decisions changed.

use std::collections::HashMap;
use std::time::Instant;

use serde::Serialize;

use fairwatch_core::country::Gazetteer;
use fairwatch_core::model::LineageKind;
use fairwatch_core::names::Normaliser;
use fairwatch_core::resolve::links::{lineage, link_vendors, UserClaim};
use fairwatch_core::resolve::{self, Decisions, Settings, ALGORITHM};
use fairwatch_store::{
    CompanyRow, LineageRow, MembershipRow, NodeRow, ResolutionWrite, ReviewRow, Store,
    VendorLinkRow,
};

use fairwatch_study::{classify, Classification, Dataset, Methodology};

use crate::cmd::Global;

/// What a resolution did, for the terminal and `--json`.
#[derive(Debug, Serialize)]
pub struct ResolveSummary {
    pub appearances: usize,
    pub name_keys: usize,
    pub candidate_pairs: usize,
    pub companies: usize,
    pub companies_with_several_names: usize,
    pub review_pairs: usize,
    pub vendor_records: usize,
    pub vendor_links: usize,
    pub lineage: usize,
    pub seconds: f64,
}

/// Resolves everything from scratch and stores the result.
pub fn resolve_and_store(store: &mut Store, quiet: bool) -> anyhow::Result<ResolveSummary> {
    let started = Instant::now();
    let spinner = crate::progress::Spinner::new(quiet);
    spinner.stage("reading appearances");
    let records = store.resolver_records()?;
    let fingerprint = store.fingerprint()?;
    let normaliser = Normaliser::new(&Gazetteer::builtin());
    let settings = Settings::default();
    let inputs = resolver_inputs(store)?;
    let (decisions, vendor_rows, vendors, user) = (
        inputs.decisions,
        inputs.vendor_rows,
        inputs.vendors,
        inputs.user,
    );
    spinner.stage("resolving names into companies");
    let res = resolve::resolve(&records, &normaliser, &decisions, settings);
    spinner.stage("linking vendor lists and lineage");
    let links = link_vendors(&vendors, &res, &normaliser);
    let relations = lineage(&vendors, &links, &user, &res, &normaliser);

    let company_id = |c: usize| res.companies[c].id.clone();
    let mut write = ResolutionWrite {
        algorithm: ALGORITHM.into(),
        settings_json: serde_json::to_string(&settings)?,
        fingerprint,
        candidate_pairs: res.candidate_pairs as i64,
        ..ResolutionWrite::default()
    };
    write.companies = res
        .companies
        .iter()
        .map(|c| CompanyRow {
            id: c.id.clone(),
            name: c.name.clone(),
            key: c.key.clone(),
            hq_iso2: c.hq_iso2.clone(),
            hq_evidence: c.hq_evidence.clone(),
            appearances: c.appearances as i64,
        })
        .collect();
    for (n, node) in res.nodes.iter().enumerate() {
        let m = &res.memberships[n];
        let company = &res.companies[res.company_of_node[n]];
        write.nodes.push(NodeRow {
            key: node.id.clone(),
            company_id: company.id.clone(),
            example: node.example.clone(),
            is_anchor: company.nodes[0] == n,
            link: m.scored.as_ref().map(|s| {
                serde_json::to_value(s.link)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
            from_key: m.from.map(|x| res.nodes[x].id.clone()),
            via_key: m.via.map(|x| res.nodes[x].id.clone()),
            score: m.scored.as_ref().map(|s| s.score),
            features: m
                .scored
                .as_ref()
                .map(|s| serde_json::to_string(&s.features))
                .transpose()?,
        });
    }
    let mut qualifier_cache: HashMap<&str, Option<String>> = HashMap::new();
    for (r, record) in records.iter().enumerate() {
        let n = res.node_of_record[r];
        let node = &res.nodes[n];
        let company = &res.companies[res.company_of_node[n]];
        let qualifier = qualifier_cache
            .entry(record.name.as_str())
            .or_insert_with(|| {
                let name = normaliser.analyse(&record.name);
                name.qualifier.map(|q| q.text).or_else(|| {
                    // A division under the group's brand: the words after the brand.
                    let anchor = &res.nodes[company.nodes[0]];
                    (node.key != anchor.key && node.tokens.starts_with(&anchor.tokens))
                        .then(|| node.tokens[anchor.tokens.len()..].join(" "))
                        .filter(|s| !s.is_empty())
                })
            })
            .clone();
        write.memberships.push(MembershipRow {
            appearance_id: record.id,
            company_id: company.id.clone(),
            node_key: node.id.clone(),
            qualifier,
        });
    }
    for l in &links {
        write.vendor_links.push(VendorLinkRow {
            vendor_row: vendor_rows[l.vendor].row,
            company_id: company_id(l.company),
            score: l.score,
            features: serde_json::to_string(&l.features)?,
        });
    }
    for l in &relations {
        write.lineage.push(LineageRow {
            subject_id: l.subject.map(company_id),
            subject_name: l.subject_name.clone(),
            kind: l.kind.as_str().into(),
            object_id: l.object.map(company_id),
            object_name: l.object_name.clone(),
            date: l.date.clone(),
            evidence: l.evidence.clone(),
        });
    }
    for p in &res.review {
        write.review.push(ReviewRow {
            id: 0,
            name_a: res.nodes[p.a].example.clone(),
            name_b: res.nodes[p.b].example.clone(),
            company_a: company_id(res.company_of_node[p.a]),
            company_b: company_id(res.company_of_node[p.b]),
            score: p.scored.score,
            reason: p.reason.into(),
            features: serde_json::to_string(&p.scored.features)?,
        });
    }
    spinner.stage("writing companies");
    store.write_resolution(&write)?;
    Ok(ResolveSummary {
        appearances: records.len(),
        name_keys: res.nodes.len(),
        candidate_pairs: res.candidate_pairs,
        companies: res.companies.len(),
        companies_with_several_names: res.companies.iter().filter(|c| c.nodes.len() > 1).count(),
        review_pairs: res.review.len(),
        vendor_records: vendors.len(),
        vendor_links: links.len(),
        lineage: relations.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What the resolver reads besides the appearances: reviewers' decisions, with the
/// firms lineage keeps apart, and the vendor lists and user lineage those come from.
pub struct ResolverInputs {
    pub decisions: Decisions,
    pub vendor_rows: Vec<fairwatch_store::VendorRow>,
    pub vendors: Vec<fairwatch_core::model::Vendor>,
    pub user: Vec<UserClaim>,
}

/// Reads [`ResolverInputs`] from the store.
pub fn resolver_inputs(store: &Store) -> anyhow::Result<ResolverInputs> {
    let mut decisions = Decisions::default();
    for row in store.decisions()? {
        let pair = (row.name_a, row.name_b);
        match row.kind.as_str() {
            "merge" => decisions.merge.push(pair),
            _ => decisions.keep_apart.push(pair),
        }
    }
    let vendor_rows = store.vendors()?;
    let vendors: Vec<_> = vendor_rows.iter().map(|v| v.vendor.clone()).collect();
    let user: Vec<UserClaim> = store
        .user_lineage()?
        .into_iter()
        .filter_map(|r| {
            Some(UserClaim {
                kind: LineageKind::parse(&r.kind)?,
                subject: r.subject,
                object: r.object,
                date: r.date,
            })
        })
        .collect();
    // Lineage keeps renamed, spun-off and acquired firms apart.
    decisions.distinct = resolve::distinct_firms(&vendors, &user);
    Ok(ResolverInputs {
        decisions,
        vendor_rows,
        vendors,
        user,
    })
}

/// Resolves first if there is no resolution yet or it is stale.
pub fn ensure_resolved(g: &Global, store: &mut Store) -> anyhow::Result<()> {
    let current = store.fingerprint()?;
    let stale = match store.resolution_meta()? {
        Some(meta) => meta.dataset_sha256 != current,
        None => true,
    };
    if stale {
        g.note("Resolving exhibitor appearances into companies (the data or decisions changed)...");
        let s = resolve_and_store(store, g.quiet)?;
        g.note(format!(
            "Resolved {} appearances into {} companies in {:.1} s.",
            s.appearances, s.companies, s.seconds
        ));
    }
    Ok(())
}

/// The methodology: `--methodology FILE` (or `FAIRWATCH_METHODOLOGY`), or the built-in one.
pub fn methodology(g: &Global) -> anyhow::Result<Methodology> {
    methodology_at(g.methodology.as_deref())
}

/// Loads a methodology file, or the built-in one for `None`.
pub fn methodology_at(path: Option<&std::path::Path>) -> anyhow::Result<Methodology> {
    let gazetteer = Gazetteer::builtin();
    match path {
        None => Ok(Methodology::builtin(&gazetteer)),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                anyhow::anyhow!(
                    "cannot read the methodology file {}: {e}\n  hint: check the path; `fairwatch methodology show > mine.toml` writes the defaults to start from",
                    p.display()
                )
            })?;
            Ok(Methodology::parse(
                &text,
                &p.display().to_string(),
                &gazetteer,
            )?)
        }
    }
}

/// The resolved record in memory, classified under a methodology.
pub struct Study {
    pub data: Dataset,
    pub classes: Classification,
    /// Seconds spent loading and classifying, for `--timings`.
    pub load_seconds: f64,
    pub classify_seconds: f64,
}

/// Resolves if needed, loads the record, classifies it under `m`, and stores the
/// classification when the stored one is for other data or another methodology (so
/// that `fairwatch company show` shows the tiers the last analysis used).
pub fn study(g: &Global, store: &mut Store, m: &Methodology) -> anyhow::Result<Study> {
    ensure_resolved(g, store)?;
    let started = Instant::now();
    let data = store.study_dataset()?;
    let load_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let classes = classify(&data, m);
    let classify_seconds = started.elapsed().as_secs_f64();
    let fresh = store.classification_meta()?.is_some_and(|meta| {
        meta.dataset_sha256 == data.sha256 && meta.methodology_sha256 == m.sha256
    });
    if !fresh {
        store.write_classification(&data, &classes, m)?;
    }
    Ok(Study {
        data,
        classes,
        load_seconds,
        classify_seconds,
    })
}

/// Makes sure the stored classification is for the current data and `m`.
pub fn ensure_classified(g: &Global, store: &mut Store, m: &Methodology) -> anyhow::Result<()> {
    ensure_resolved(g, store)?;
    let current = store.dataset_sha256()?;
    let fresh = store
        .classification_meta()?
        .is_some_and(|meta| meta.dataset_sha256 == current && meta.methodology_sha256 == m.sha256);
    if !fresh {
        study(g, store, m)?;
    }
    Ok(())
}

/// The publication the report and the server show: the study under `m`, its answers,
/// and the provenance of the inputs.
pub fn publication(
    g: &Global,
    store: &mut Store,
    m: Methodology,
) -> anyhow::Result<fairwatch_web::Publication> {
    let study = study(g, store, &m)?;
    publication_from(store, study, m)
}

/// [`publication`] from a study already loaded.
pub fn publication_from(
    store: &Store,
    study: Study,
    m: Methodology,
) -> anyhow::Result<fairwatch_web::Publication> {
    let sources = store.sources()?;
    fairwatch_web::Publication::new(study.data, study.classes, m, sources)
        .map_err(|e| anyhow::anyhow!("{e}"))
}
