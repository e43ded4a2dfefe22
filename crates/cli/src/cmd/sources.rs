//! `fairwatch sources`: what is in the database and where it came from.

use super::Global;
use crate::output::{opt, print_json, Format, FormatArgs, Table};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let store = g.open()?;
    let sources = store.sources()?;
    if args.format.format() == Format::Json {
        return print_json(&sources);
    }
    let mut t = Table::new(vec![
        "key",
        "kind",
        "publisher",
        "version",
        "retrieved",
        "licence",
        "sha256",
        "ingested",
        "location",
        "url",
    ]);
    for s in sources {
        t.push(vec![
            s.key,
            s.kind,
            opt(&s.publisher),
            opt(&s.version),
            opt(&s.retrieved),
            opt(&s.licence),
            s.sha256.chars().take(16).collect(),
            s.ingested_at,
            s.location,
            opt(&s.url),
        ]);
    }
    t.print(args.format.format())
}
