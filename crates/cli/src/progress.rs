//! Progress bars on the terminal (indicatif), behind the importers' `Progress` trait.
//! Hidden when stderr is not a terminal, so logs and tests stay clean.

use indicatif::{ProgressBar, ProgressStyle};

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Bar {
        let bar = ProgressBar::hidden();
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.set_style(
            ProgressStyle::with_template("{msg:>22} [{bar:40}] {pos}/{len} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl fairwatch_sources::Progress for Bar {
    fn start(&self, total: u64, what: &str) {
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_message(what.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}

/// A spinner with a message for work without a known length (resolution), drawn only
/// on a terminal; cleared when dropped.
pub struct Spinner {
    bar: ProgressBar,
}

impl Spinner {
    pub fn new(quiet: bool) -> Spinner {
        let bar = ProgressBar::hidden();
        if !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Spinner { bar }
    }

    pub fn stage(&self, msg: &str) {
        self.bar.set_message(msg.to_string());
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
