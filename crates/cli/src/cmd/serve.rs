//! `fairwatch serve`: the report as a live web UI with search, filters and a JSON API
//! (OpenAPI at `/openapi.json`). Binds 127.0.0.1 unless told otherwise; read-only
//! unless started with an editor token, which unlocks the review queue.

use std::net::SocketAddr;

use super::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub addr: SocketAddr,
    /// Unlocks the review queue for editors who give this token (also as a bearer
    /// token for the API). Without it the server is read-only.
    #[arg(long, env = "FAIRWATCH_EDITOR_TOKEN", hide_env_values = true)]
    pub editor_token: Option<String>,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut store = g.open_with_data()?;
    crate::screening::ensure_lists(g, &mut store)?;
    // One study serves both the watchlist and the publication.
    let m = crate::pipeline::methodology(g)?;
    let study = crate::pipeline::study(g, &mut store, &m)?;
    crate::screening::refresh_watchlist_from(g, &mut store, &m, &study)?;
    let (matcher, used) =
        crate::screening::matcher(&store, None, fairwatch_screen::Settings::default())?;
    let publication = crate::pipeline::publication_from(&store, study, m.clone())?;
    let quiet = Global {
        quiet: true,
        ..g.clone()
    };
    let rebuild = Box::new(move |store: &mut fairwatch_store::Store| {
        crate::pipeline::resolve_and_store(store, true)
            .and_then(|_| crate::pipeline::publication(&quiet, store, m.clone()))
            .map_err(|e| format!("{e:#}"))
    });
    if !args.addr.ip().is_loopback() {
        g.note(format!(
            "Warning: listening on {}, which other machines can reach.",
            args.addr.ip()
        ));
    }
    let editing = args.editor_token.as_deref().is_some_and(|t| !t.is_empty());
    let state =
        fairwatch_web::server::AppState::new(publication, store, rebuild, args.editor_token);
    let state = fairwatch_web::server::AppState::with_screening(
        state,
        matcher,
        serde_json::to_value(&used)?,
    );
    println!(
        "Serving Fairwatch on http://{}/ ({}). API: http://{}/openapi.json. Ctrl-C stops.",
        args.addr,
        if editing {
            "editors may review at /review"
        } else {
            "read-only"
        },
        args.addr
    );
    fairwatch_web::server::run_blocking(state, args.addr)
        .map_err(|e| anyhow::anyhow!("cannot serve on {}: {e}", args.addr))
}
