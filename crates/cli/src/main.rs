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
    quiet_on_closed_pipe();
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

/// `println!` panics when the reader has gone (`fairwatch compare ... | head`); that is
/// the reader's choice, not a failure, so it ends the program quietly, as a closed pipe
/// reported as an error does in `main`.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
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
