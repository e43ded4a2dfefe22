//! Store tests: whole-source transactions, idempotence and migrations, on small batches
//! built in code.

use fairwatch_core::model::{Batch, Event, EventDates, Exhibitor, SourceKind, SourceMeta};
use fairwatch_store::{IngestOutcome, Store, StoreError};

fn source(key: &str, sha: &str) -> SourceMeta {
    SourceMeta {
        kind: SourceKind::ExhibitorList,
        key: key.into(),
        location: "test".into(),
        publisher: None,
        url: None,
        licence: None,
        retrieved: None,
        version: None,
        sha256: sha.into(),
        note: None,
    }
}

fn event(slug: &str, exhibitors: &[&str]) -> Event {
    Event {
        slug: slug.into(),
        name: slug.into(),
        series: slug.rsplit_once('-').unwrap().0.into(),
        edition: slug.rsplit_once('-').unwrap().1.into(),
        dates: EventDates {
            approx: Some("2020".into()),
            ..EventDates::default()
        },
        exhibitors: exhibitors
            .iter()
            .map(|n| Exhibitor {
                name: n.to_string(),
                ..Exhibitor::default()
            })
            .collect(),
        ..Event::default()
    }
}

fn batch(key: &str, sha: &str, events: Vec<Event>) -> Batch {
    Batch {
        source: source(key, sha),
        events,
        cancelled: Vec::new(),
        vendors: Vec::new(),
    }
}

#[test]
fn a_conflicting_batch_is_rolled_back_entirely() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .ingest(&batch("a", "1", vec![event("x-2020", &["Acme"])]))
        .unwrap();
    let before = store.stats().unwrap();
    // Source b brings a new event first, then one that source a already owns.
    let err = store
        .ingest(&batch(
            "b",
            "2",
            vec![
                event("y-2020", &["Beta", "Gamma"]),
                event("x-2020", &["Delta"]),
            ],
        ))
        .unwrap_err();
    assert!(matches!(err, StoreError::SlugConflict { ref slug, .. } if slug == "x-2020"));
    assert!(
        err.to_string()
            .contains("already in the database from source \"a\""),
        "{err}"
    );
    assert_eq!(
        store.stats().unwrap(),
        before,
        "y-2020 must not be half-stored"
    );
    assert_eq!(store.sources().unwrap().len(), 1);
}

#[test]
fn same_content_is_a_no_op_and_new_content_replaces() {
    let mut store = Store::open_in_memory().unwrap();
    let first = store
        .ingest(&batch("a", "1", vec![event("x-2020", &["Acme", "Beta"])]))
        .unwrap();
    assert!(matches!(
        first,
        IngestOutcome::Stored {
            replaced: false,
            appearances: 2,
            ..
        }
    ));
    let again = store
        .ingest(&batch("a", "1", vec![event("x-2020", &["Acme", "Beta"])]))
        .unwrap();
    assert!(matches!(again, IngestOutcome::Unchanged { .. }));
    let newer = store
        .ingest(&batch("a", "2", vec![event("x-2021", &["Acme"])]))
        .unwrap();
    assert!(matches!(
        newer,
        IngestOutcome::Stored { replaced: true, .. }
    ));
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.appearances), (1, 1));
    assert!(store.event("x-2020").unwrap().is_none());
}

#[test]
fn migrations_run_once_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let v = Store::open(&path).unwrap().schema_version().unwrap();
    assert!(v >= 1);
    assert_eq!(Store::open(&path).unwrap().schema_version().unwrap(), v);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", v + 1).unwrap();
    }
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
}

#[test]
fn an_unwritable_location_is_a_clear_error() {
    let err = Store::open(std::path::Path::new("/proc/no/such/dir/x.db"))
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("cannot open the database at /proc/no/such/dir/x.db"),
        "{err}"
    );
}
