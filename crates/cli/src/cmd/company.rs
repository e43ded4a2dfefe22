//! `fairwatch company show <name>` and `fairwatch company list`: a resolved company with
//! its aliases, websites, appearances, lineage and vendor-list links, and why each name
//! belongs to it.

use serde::Serialize;

use fairwatch_store::{
    AssessmentRow, ClassificationMeta, CompanyAppearance, CompanyRow, LineageRow, NodeRow,
};

use super::Global;
use crate::output::{opt, print_fields, print_json, Format, FormatArgs, Table};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// One company: canonical name, HQ, aliases, websites, appearances, lineage, vendor
    /// records, and the evidence for every name.
    Show(ShowArgs),
    /// Companies whose names start with the query (all companies, largest first, without).
    List(ListArgs),
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// A company id, or any of its names.
    pub name: String,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    pub query: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Serialize)]
struct VendorLinkView {
    source: String,
    vendor_id: String,
    name: String,
    hq_iso2: Option<String>,
    capabilities: Vec<String>,
    score: f64,
    features: serde_json::Value,
}

#[derive(Serialize)]
struct CompanyView {
    #[serde(flatten)]
    company: CompanyRow,
    names: Vec<NameView>,
    aliases: Vec<(String, i64)>,
    websites: Vec<(String, i64)>,
    lineage: Vec<LineageRow>,
    vendor_records: Vec<VendorLinkView>,
    /// Capabilities with confidence tiers and the evidence items behind them.
    capabilities: Vec<AssessmentRow>,
    classification: Option<ClassificationMeta>,
    appearances: Vec<CompanyAppearance>,
}

#[derive(Serialize)]
struct NameView {
    #[serde(flatten)]
    node: NodeRow,
    appearances: i64,
}

pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    crate::pipeline::ensure_resolved(g, &mut store)?;
    if matches!(cmd, Command::Show(_)) {
        let m = crate::pipeline::methodology(g)?;
        crate::pipeline::ensure_classified(g, &mut store, &m)?;
    }
    match cmd {
        Command::Show(args) => show(&store, args),
        Command::List(args) => list(&store, args),
    }
}

fn list(store: &fairwatch_store::Store, args: ListArgs) -> anyhow::Result<()> {
    let rows = store.list_companies(args.query.as_deref(), args.limit)?;
    if args.format.format() == Format::Json {
        return print_json(&rows);
    }
    let mut t = Table::new(vec!["id", "name", "hq", "appearances"]);
    for c in rows {
        t.push(vec![
            c.id,
            c.name,
            opt(&c.hq_iso2),
            c.appearances.to_string(),
        ]);
    }
    t.print(args.format.format())
}

fn show(store: &fairwatch_store::Store, args: ShowArgs) -> anyhow::Result<()> {
    let key =
        fairwatch_core::names::Normaliser::new(&fairwatch_core::country::Gazetteer::builtin())
            .key(&args.name);
    let found = store.find_company(&args.name, &key)?;
    let company = match found.as_slice() {
        [] => anyhow::bail!(
            "no company named {:?}; try `fairwatch company list {}` or `fairwatch search {}`",
            args.name,
            args.name,
            args.name
        ),
        [one] => one.clone(),
        many if many[0].key == key || many[0].id == args.name => many[0].clone(),
        many => {
            let ids: Vec<String> = many
                .iter()
                .take(10)
                .map(|c| format!("{} ({})", c.id, c.name))
                .collect();
            anyhow::bail!(
                "{:?} matches several companies: {}; give an id",
                args.name,
                ids.join(", ")
            )
        }
    };
    let view = CompanyView {
        names: store
            .company_nodes(&company.id)?
            .into_iter()
            .map(|(node, appearances)| NameView { node, appearances })
            .collect(),
        aliases: store.company_aliases(&company.id)?,
        websites: store.company_websites(&company.id)?,
        lineage: store.company_lineage(&company.id)?,
        vendor_records: store
            .company_vendor_links(&company.id)?
            .into_iter()
            .map(|(v, score, features)| VendorLinkView {
                source: v.source_key,
                vendor_id: v.vendor.id,
                name: v.vendor.name,
                hq_iso2: v.vendor.hq_iso2,
                capabilities: v.vendor.capabilities,
                score,
                features: serde_json::from_str(&features).unwrap_or_default(),
            })
            .collect(),
        appearances: store.company_appearances(&company.id)?,
        capabilities: store.company_assessments(&company.id)?,
        classification: store.classification_meta()?,
        company,
    };
    match args.format.format() {
        Format::Json => print_json(&view),
        Format::Csv => {
            let mut t = Table::new(vec![
                "event",
                "year",
                "host",
                "raw_name",
                "qualifier",
                "country",
            ]);
            for a in &view.appearances {
                t.push(vec![
                    a.event_slug.clone(),
                    opt(&a.year),
                    opt(&a.host_iso2),
                    a.raw_name.clone(),
                    opt(&a.qualifier),
                    opt(&a.country_iso2),
                ]);
            }
            t.print(Format::Csv)
        }
        Format::Table => print_view(&view),
    }
}

fn print_view(v: &CompanyView) -> anyhow::Result<()> {
    let c = &v.company;
    print_fields(&[
        ("company", c.name.clone()),
        ("id", c.id.clone()),
        (
            "headquarters",
            match (&c.hq_iso2, &c.hq_evidence) {
                (Some(h), Some(e)) => format!("{h} ({e})"),
                _ => "unknown".into(),
            },
        ),
        ("appearances", c.appearances.to_string()),
        (
            "websites",
            v.websites
                .iter()
                .take(5)
                .map(|(w, _)| w.clone())
                .collect::<Vec<_>>()
                .join(" "),
        ),
    ])?;

    println!("\nNames and why they belong ({}):", v.names.len());
    let mut t = Table::new(vec!["key", "rows", "example", "how", "score", "evidence"]);
    for n in &v.names {
        let evidence = n
            .node
            .features
            .as_deref()
            .and_then(|f| serde_json::from_str::<Vec<serde_json::Value>>(f).ok())
            .unwrap_or_default()
            .iter()
            .map(|f| {
                format!(
                    "{} {:+} ({})",
                    f["name"].as_str().unwrap_or(""),
                    f["weight"],
                    f["detail"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let how = if n.node.is_anchor {
            "anchor".to_string()
        } else {
            match (&n.node.link, &n.node.from_key, &n.node.via_key) {
                (Some(l), Some(f), Some(v)) if f == &n.node.key => format!("{l} to {v:?}"),
                (Some(l), Some(f), Some(v)) => format!("with {f:?}: {l} to {v:?}"),
                _ => "same group as its neighbours".into(),
            }
        };
        t.push(vec![
            n.node.key.clone(),
            n.appearances.to_string(),
            n.node.example.clone(),
            how,
            n.node.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            evidence,
        ]);
    }
    t.print(Format::Table)?;

    println!("\nAliases ({} raw names):", v.aliases.len());
    let mut t = Table::new(vec!["rows", "raw name"]);
    for (name, n) in v.aliases.iter().take(30) {
        t.push(vec![n.to_string(), name.clone()]);
    }
    t.print(Format::Table)?;
    if v.aliases.len() > 30 {
        println!("... {} more (--json lists all)", v.aliases.len() - 30);
    }

    if !v.lineage.is_empty() {
        println!("\nLineage:");
        for l in &v.lineage {
            println!(
                "  {} {} {}{}  [{}]",
                crate::output::terminal_safe(&l.subject_name),
                l.kind,
                crate::output::terminal_safe(&l.object_name),
                l.date
                    .as_ref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default(),
                crate::output::terminal_safe(&l.evidence)
            );
        }
    }
    if !v.vendor_records.is_empty() {
        println!("\nVendor-list records:");
        let mut t = Table::new(vec!["list", "record", "hq", "capabilities", "score", "why"]);
        for r in &v.vendor_records {
            let why = r
                .features
                .as_array()
                .map(|fs| {
                    fs.iter()
                        .map(|f| {
                            format!(
                                "{} ({})",
                                f["name"].as_str().unwrap_or(""),
                                f["detail"].as_str().unwrap_or("")
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            t.push(vec![
                r.source.clone(),
                r.name.clone(),
                opt(&r.hq_iso2),
                r.capabilities.join(", "),
                format!("{:.1}", r.score),
                why,
            ]);
        }
        t.print(Format::Table)?;
    }

    if let Some(meta) = &v.classification {
        println!(
            "\nCapabilities (methodology {}, sha256 {}):",
            meta.methodology,
            &meta.methodology_sha256[..12.min(meta.methodology_sha256.len())]
        );
        if v.capabilities.is_empty() {
            println!("  no evidence of any capability in the methodology");
        } else {
            let mut t = Table::new(vec!["capability", "tier", "items", "evidence"]);
            for a in &v.capabilities {
                let items = a.evidence.as_array().cloned().unwrap_or_default();
                let shown: Vec<String> = items
                    .iter()
                    .take(4)
                    .map(|i| {
                        let place = match i["source"].as_str() {
                            Some("appearance") => format!(
                                "{} (row {})",
                                i["event"].as_str().unwrap_or(""),
                                i["appearance_id"]
                            ),
                            _ => format!(
                                "{}: {}",
                                i["list"].as_str().unwrap_or(""),
                                i["record"].as_str().unwrap_or("")
                            ),
                        };
                        format!(
                            "{} [{}] {:?} at {}",
                            i["rule"].as_str().unwrap_or(""),
                            i["strength"].as_str().unwrap_or(""),
                            i["text"].as_str().unwrap_or(""),
                            place
                        )
                    })
                    .collect();
                let mut evidence = shown.join("; ");
                if items.len() > shown.len() {
                    evidence.push_str(&format!("; +{} more (--json)", items.len() - shown.len()));
                }
                t.push(vec![
                    a.capability.clone(),
                    a.tier.clone().unwrap_or_else(|| "below every tier".into()),
                    items.len().to_string(),
                    evidence,
                ]);
            }
            t.print(Format::Table)?;
        }
    }

    println!("\nAppearances ({}):", v.appearances.len());
    let mut t = Table::new(vec!["event", "year", "host", "raw name", "qualifier"]);
    for a in &v.appearances {
        t.push(vec![
            a.event_slug.clone(),
            opt(&a.year),
            opt(&a.host_iso2),
            a.raw_name.clone(),
            opt(&a.qualifier),
        ]);
    }
    t.print(Format::Table)
}
