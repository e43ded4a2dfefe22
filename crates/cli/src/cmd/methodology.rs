//! `fairwatch methodology show` prints the built-in methodology with its comments (the
//! starting point for your own); `fairwatch methodology check FILE` validates one and
//! prints its hash and what it sets.

use std::io::Write;
use std::path::PathBuf;

use super::Global;
use crate::output::{print_fields, print_json, Format, FormatArgs};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Print the built-in methodology (TOML, commented): `... show > mine.toml`.
    Show,
    /// Check a methodology file: errors name the key and the fix; prints its hash.
    Check(CheckArgs),
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The file to check [default: --methodology, or the built-in one].
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Show => {
            let mut out = std::io::stdout().lock();
            out.write_all(fairwatch_study::methodology::DEFAULT_TOML.as_bytes())?;
            Ok(())
        }
        Command::Check(a) => {
            let path = a.file.as_deref().or(g.methodology.as_deref());
            let m = crate::pipeline::methodology_at(path)?;
            let q = &m.spec.questions;
            let window = match (
                m.spec.window.last_years,
                m.spec.window.from,
                m.spec.window.to,
            ) {
                (Some(n), _, _) => format!("the last {n} years of the data"),
                (None, Some(f), Some(t)) => format!("{f}-{t}"),
                (None, Some(f), None) => format!("{f} to the end of the data"),
                _ => String::new(),
            };
            let fields = vec![
                ("file", m.origin.clone()),
                (
                    "name",
                    format!("{} {}", m.spec.methodology.name, m.spec.methodology.version),
                ),
                ("sha256", m.sha256.clone()),
                ("window", window),
                ("capabilities", q.capabilities.join(", ")),
                (
                    "tiers counted",
                    q.tiers
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("region scheme", q.region_scheme.clone()),
                ("adversaries", q.adversaries.clone()),
                ("allies", q.allies.clone()),
                ("evidence rules", m.spec.rules.len().to_string()),
                ("follow lineage", q.follow_lineage.to_string()),
            ];
            if a.format.format() == Format::Json {
                let obj: serde_json::Map<String, serde_json::Value> = fields
                    .into_iter()
                    .map(|(k, v)| (k.replace(' ', "_"), v.into()))
                    .collect();
                return print_json(&obj);
            }
            g.note("The methodology is valid.");
            print_fields(&fields)
        }
    }
}
