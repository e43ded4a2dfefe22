//! Importers: one module per input format, each turning bytes into a
//! [`fairwatch_core::model::Batch`] ready to store. Parsing is pure (no database, no
//! terminal); reading files is the only I/O. Every error names the file, the place in it
//! (JSON path, line or row) and what to do about it.
#![forbid(unsafe_code)]

pub mod caat;
pub mod error;
pub mod exhibitor_list;
pub mod input;
mod json_path;
pub mod lists;
pub mod vendors;

pub use error::SourceError;
use fairwatch_core::model::Batch;

/// Reports progress of a long import (the CLI draws a bar; tests ignore it).
pub trait Progress: Sync {
    /// The total number of units (files, rows) about to be processed.
    fn start(&self, total: u64, what: &str);
    /// `n` more units are done.
    fn advance(&self, n: u64);
}

/// A [`Progress`] that reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: u64, _what: &str) {}
    fn advance(&self, _n: u64) {}
}

/// What an importer produced: the batch plus warnings about input it tolerated.
#[derive(Debug)]
pub struct Loaded {
    pub batch: Batch,
    /// Things the user may want to know but that did not stop the import (e.g. a
    /// field unknown to the schema), each naming file and place.
    pub warnings: Vec<String>,
}

/// One input format. Implementations are cheap descriptions of where to read from;
/// `load` does the work.
pub trait Importer {
    /// A short human description of the input ("CAAT record at data/caat.tar.gz").
    fn describe(&self) -> String;
    /// Reads and parses everything, or fails without side effects.
    fn load(&self, progress: &dyn Progress) -> Result<Loaded, SourceError>;
}
