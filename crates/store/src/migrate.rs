//! Schema migrations: numbered SQL files under `migrations/`, embedded in the binary and
//! applied in order inside one transaction each. `PRAGMA user_version` records how many
//! have run. Released migrations are never edited; a change is a new file.

use rusqlite::Connection;

use crate::StoreError;

/// Every migration, in order. Index + 1 is the schema version it produces.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_companies.sql"),
    include_str!("../migrations/0003_user_lineage.sql"),
    include_str!("../migrations/0004_classification.sql"),
    include_str!("../migrations/0005_audit.sql"),
    include_str!("../migrations/0006_lists.sql"),
    include_str!("../migrations/0007_customers.sql"),
    include_str!("../migrations/0008_list_carried_forward.sql"),
];

/// The schema version this build produces.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn run(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(StoreError::TooNew {
            found: current,
            supported: LATEST,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
