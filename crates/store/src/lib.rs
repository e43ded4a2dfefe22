//! Fairwatch's storage: an embedded SQLite database holding the raw fair record with its
//! provenance, and the facts derived from it.
//!
//! Writes are whole-source transactions: a batch is stored completely or not at all, and
//! re-storing a source whose content hash is unchanged is a no-op. Reads return plain
//! row types that the CLI prints and the server will serialise.
#![forbid(unsafe_code)]

mod companies;
mod error;
mod lists;
mod migrate;
mod read;
mod study;
mod write;

pub use companies::*;
pub use error::StoreError;
pub use lists::*;
pub use read::*;
pub use study::*;
pub use write::IngestOutcome;

use std::path::Path;

use rusqlite::Connection;

/// The Fairwatch database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        }
        let conn = Connection::open(path).map_err(|e| StoreError::Open {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::setup(conn)
    }

    /// A private in-memory database, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store, StoreError> {
        // WAL lets a reader (the web UI) run while an ingest writes; foreign keys make
        // replacing a source cascade to everything it brought.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn };
        migrate::run(&mut store.conn)?;
        Ok(store)
    }

    /// The schema version after migrations.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
