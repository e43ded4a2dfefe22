-- The customer register of `fairwatch kyc`: customers kept to be re-screened whenever
-- a list changes. The decision history is in screening_run; this keeps the latest.
CREATE TABLE customer (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    country        TEXT,             -- ISO alpha-2
    kind           TEXT,             -- company, person
    end_use        TEXT NOT NULL DEFAULT '',
    identifier     TEXT NOT NULL DEFAULT '',
    added_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    decision       TEXT,             -- deny, licence_required, review, clear
    run_id         INTEGER REFERENCES screening_run(id),
    screened_at    TEXT,
    UNIQUE (name, country)
);
