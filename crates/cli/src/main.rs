//! `fairwatch`: the command-line interface. Each subcommand lives in `cmd/<name>.rs` and
//! is thin: it parses flags, calls the libraries, and prints through `output`.
#![forbid(unsafe_code)]

mod bundled;
mod cmd;
mod named_csv;
mod output;
mod pipeline;
mod progress;
mod screening;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`fairwatch search x | head`) is the reader's choice, not a
            // failure.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", output::terminal_safe(&format!("{err:#}")));
            ExitCode::from(exit_code(&err))
        }
    }
}

/// 65 (EX_DATAERR) when the user's input data is at fault, 1 otherwise.
fn exit_code(err: &anyhow::Error) -> u8 {
    let data_error = err.chain().any(|c| {
        matches!(
            c.downcast_ref::<fairwatch_sources::SourceError>(),
            Some(fairwatch_sources::SourceError::Invalid { .. })
        ) || c
            .downcast_ref::<fairwatch_study::MethodologyError>()
            .is_some()
    });
    if data_error {
        65
    } else {
        1
    }
}
