-- Fairwatch schema, version 1: the raw fair record with provenance, and the country
-- facts derived from it. Migrations are append-only: never edit a released file, add
-- the next one.

CREATE TABLE source (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,            -- importer: caat | exhibitor_list
    key          TEXT NOT NULL UNIQUE,     -- "the same source" across versions
    location     TEXT NOT NULL,            -- path or archive read from
    publisher    TEXT,
    url          TEXT,
    licence      TEXT,
    retrieved    TEXT,
    version      TEXT,
    sha256       TEXT NOT NULL,
    note         TEXT,
    ingested_at  TEXT NOT NULL
);

CREATE TABLE event (
    id                         INTEGER PRIMARY KEY,
    source_id                  INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    slug                       TEXT NOT NULL UNIQUE,
    name                       TEXT NOT NULL,
    series                     TEXT NOT NULL,  -- series name as the source gives it
    series_key                 TEXT NOT NULL,  -- slug of the series name, for filters
    edition                    TEXT NOT NULL,
    year                       INTEGER,
    start_date                 TEXT,
    end_date                   TEXT,
    approx_date                TEXT,
    online                     INTEGER,
    aliases                    TEXT NOT NULL,  -- JSON array of strings
    contact                    TEXT NOT NULL,  -- JSON: addresses, countries, websites, ...
    exhibitor_list_url         TEXT,
    exhibitor_list_date        TEXT,
    exhibitor_list_incomplete  INTEGER NOT NULL DEFAULT 0,
    delegation_list_url        TEXT,
    delegation_list_date       TEXT,
    -- derived: host country and the evidence for it
    host_iso2                  TEXT,
    host_evidence              TEXT,
    host_detail                TEXT
);
CREATE INDEX event_series ON event(series_key);
CREATE INDEX event_year ON event(year);
CREATE INDEX event_host ON event(host_iso2);

CREATE TABLE organiser (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    aliases   TEXT NOT NULL,
    contact   TEXT NOT NULL
);
CREATE INDEX organiser_event ON organiser(event_id);

-- One raw exhibitor row at one event, verbatim.
CREATE TABLE appearance (
    id                INTEGER PRIMARY KEY,
    event_id          INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,       -- 0-based index in the source's list
    name              TEXT NOT NULL,
    name_folded       TEXT NOT NULL,          -- case- and diacritic-folded, for search
    aliases           TEXT NOT NULL,
    exhibitor_url     TEXT,
    contact           TEXT NOT NULL,
    categories        TEXT NOT NULL,
    -- derived: declared country and the evidence for it
    country_iso2      TEXT,
    country_evidence  TEXT,
    country_detail    TEXT
);
CREATE INDEX appearance_event ON appearance(event_id);
CREATE INDEX appearance_country ON appearance(country_iso2);

CREATE TABLE delegation (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    attended      INTEGER,
    retracted     INTEGER,
    -- derived: ISO codes (comma-separated; usually one) or an organisation
    countries     TEXT NOT NULL DEFAULT '',
    organisation  TEXT
);
CREATE INDEX delegation_event ON delegation(event_id);

CREATE TABLE cancelled_event (
    source_id  INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    note       TEXT NOT NULL,
    PRIMARY KEY (source_id, slug)
);

-- The user's country mapping: a spelling in the data -> ISO code. Human decisions, so
-- kept across re-ingest and exportable.
CREATE TABLE country_mapping (
    text      TEXT PRIMARY KEY,
    iso2      TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
