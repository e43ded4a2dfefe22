//! Storage errors: the user's conflicts (an event already brought by another source, a
//! database from a newer Fairwatch) are told apart from SQLite faults.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {path}: {message}\n  hint: check the path (--db or FAIRWATCH_DB) and that its folder is writable")]
    Open { path: String, message: String },
    #[error("the database has schema version {found}, newer than this Fairwatch understands ({supported})\n  hint: upgrade Fairwatch, or point --db at another file")]
    TooNew { found: i64, supported: i64 },
    #[error("event {slug:?} is already in the database from source {other:?}; source {this:?} cannot bring it too\n  hint: give the imported event another slug (edition or series), or remove the other source first")]
    SlugConflict {
        slug: String,
        other: String,
        this: String,
    },
    #[error("unknown country code {0:?} in the country mapping")]
    UnknownCountry(String),
    #[error("the database is inconsistent: {0}\n  hint: run `fairwatch resolve` to rebuild the derived tables")]
    Inconsistent(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON is unreadable: {0}")]
    Json(#[from] serde_json::Error),
}
