-- Screening lists, their versions and what changed between them; screening runs and
-- reviewers' dispositions of hits (both append-only: the audit of screening).

-- One row per list (`ofac-sdn`, `un`, ...): the version in force.
CREATE TABLE list (
    key          TEXT PRIMARY KEY,
    format       TEXT NOT NULL,
    name         TEXT NOT NULL,      -- "OFAC Specially Designated Nationals"
    version      INTEGER NOT NULL,   -- list_version.version in force
    entries      INTEGER NOT NULL
);

-- Every publication of a list that was imported.
CREATE TABLE list_version (
    key          TEXT NOT NULL REFERENCES list(key),
    version      INTEGER NOT NULL,
    sha256       TEXT NOT NULL,      -- of the input files, in name order
    location     TEXT NOT NULL,      -- where it was read from
    published    TEXT,               -- the publication date, where known
    publisher    TEXT,
    url          TEXT,
    licence      TEXT,
    imported_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    entries      INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    removed      INTEGER NOT NULL,
    PRIMARY KEY (key, version)
);

-- The entries of the version in force.
CREATE TABLE list_entry (
    key          TEXT NOT NULL REFERENCES list(key),
    entry_id     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,      -- the primary name
    data         TEXT NOT NULL,      -- the whole entry, JSON
    PRIMARY KEY (key, entry_id)
);

-- What each version added, changed or removed, entry by entry.
CREATE TABLE list_change (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL,
    version      INTEGER NOT NULL,
    change       TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    entry_id     TEXT NOT NULL,
    name         TEXT NOT NULL
);
CREATE INDEX list_change_by_version ON list_change (key, version);

-- Every screening run: what was screened against which list versions, how.
CREATE TABLE screening_run (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    who          TEXT NOT NULL,
    command      TEXT NOT NULL,      -- screen, vet, kyc
    subject      TEXT NOT NULL,      -- the input file, event or customer
    lists        TEXT NOT NULL,      -- JSON: [{key, version, sha256}]
    algorithm    TEXT NOT NULL,
    threshold    REAL NOT NULL,
    queries      INTEGER NOT NULL,
    alerts       INTEGER NOT NULL,
    results      TEXT NOT NULL       -- JSON: the alerts with their explanations
);

-- Reviewers' verdicts on hits: a false positive decided once for a query name and a
-- list entry is suppressed next time, with a pointer to this row.
CREATE TABLE disposition (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    who          TEXT NOT NULL,
    query_key    TEXT NOT NULL,      -- the screened name, folded
    list_key     TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    verdict      TEXT NOT NULL CHECK (verdict IN ('true_positive', 'false_positive')),
    reason       TEXT NOT NULL,
    run_id       INTEGER REFERENCES screening_run(id)
);
CREATE INDEX disposition_by_pair ON disposition (query_key, list_key, entry_id);

CREATE TRIGGER screening_run_no_update BEFORE UPDATE ON screening_run
BEGIN SELECT RAISE(ABORT, 'screening runs are append-only'); END;
CREATE TRIGGER screening_run_no_delete BEFORE DELETE ON screening_run
BEGIN SELECT RAISE(ABORT, 'screening runs are append-only'); END;
CREATE TRIGGER disposition_no_update BEFORE UPDATE ON disposition
BEGIN SELECT RAISE(ABORT, 'dispositions are append-only'); END;
CREATE TRIGGER disposition_no_delete BEFORE DELETE ON disposition
BEGIN SELECT RAISE(ABORT, 'dispositions are append-only'); END;
