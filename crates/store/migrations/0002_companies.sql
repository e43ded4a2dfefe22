-- Fairwatch schema, version 2: vendor reference lists, resolved companies with the
-- explanation of every membership, lineage, the review queue, and reviewers' decisions.

CREATE TABLE vendor (
    id             INTEGER PRIMARY KEY,
    source_id      INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    external_id    TEXT NOT NULL,      -- the list's own id (MISP uuid)
    name           TEXT NOT NULL,
    synonyms       TEXT NOT NULL,      -- JSON array
    hq_iso2        TEXT,
    hq_evidence    TEXT,
    capabilities   TEXT NOT NULL,      -- JSON array
    lineage        TEXT NOT NULL,      -- JSON array of claims about this vendor as subject
    incoming_lineage TEXT NOT NULL,    -- JSON array of claims with the other firm as subject
    official_urls  TEXT NOT NULL,
    refs           TEXT NOT NULL,
    products       TEXT NOT NULL,
    UNIQUE (source_id, external_id)
);
CREATE INDEX vendor_external ON vendor(external_id);

-- Derived by `fairwatch resolve`; rebuilt as a whole, never edited by hand.
CREATE TABLE resolution (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    algorithm        TEXT NOT NULL,
    settings         TEXT NOT NULL,    -- JSON
    dataset_sha256   TEXT NOT NULL,    -- of the sources and decisions it was computed from
    resolved_at      TEXT NOT NULL,
    companies        INTEGER NOT NULL,
    candidate_pairs  INTEGER NOT NULL
);

CREATE TABLE company (
    id           TEXT PRIMARY KEY,     -- stable slug of the anchor name
    name         TEXT NOT NULL,
    key          TEXT NOT NULL,
    hq_iso2      TEXT,
    hq_evidence  TEXT,
    appearances  INTEGER NOT NULL
);
CREATE INDEX company_key ON company(key);

-- Every distinct comparison key, its company, and why it belongs there.
CREATE TABLE name_node (
    key         TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES company(id),
    example     TEXT NOT NULL,
    is_anchor   INTEGER NOT NULL,
    link        TEXT,                  -- how it joined: alternate, division, domain, ...
    from_key    TEXT,                  -- the node on its side of the deciding pair
    via_key     TEXT,                  -- the node on the other side
    score       REAL,
    features    TEXT                   -- JSON: [{name, detail, weight}]
);
CREATE INDEX name_node_company ON name_node(company_id);

CREATE TABLE membership (
    appearance_id  INTEGER PRIMARY KEY REFERENCES appearance(id) ON DELETE CASCADE,
    company_id     TEXT NOT NULL REFERENCES company(id),
    node_key       TEXT NOT NULL,
    qualifier      TEXT               -- national subsidiary or division ("UK", "Nederland")
);
CREATE INDEX membership_company ON membership(company_id);

CREATE TABLE vendor_link (
    vendor_id   INTEGER NOT NULL REFERENCES vendor(id) ON DELETE CASCADE,
    company_id  TEXT NOT NULL REFERENCES company(id),
    score       REAL NOT NULL,
    features    TEXT NOT NULL,
    PRIMARY KEY (vendor_id, company_id)
);
CREATE INDEX vendor_link_company ON vendor_link(company_id);

CREATE TABLE lineage (
    id              INTEGER PRIMARY KEY,
    subject_id      TEXT,             -- company id, when resolved
    subject_name    TEXT NOT NULL,
    kind            TEXT NOT NULL,    -- renamed_to | spun_off_from | acquired_by | subsidiary_of
    object_id       TEXT,
    object_name     TEXT NOT NULL,
    date            TEXT,
    evidence        TEXT NOT NULL     -- where the claim comes from
);
CREATE INDEX lineage_subject ON lineage(subject_id);
CREATE INDEX lineage_object ON lineage(object_id);

CREATE TABLE review_pair (
    id          INTEGER PRIMARY KEY,
    name_a      TEXT NOT NULL,
    name_b      TEXT NOT NULL,
    company_a   TEXT NOT NULL,
    company_b   TEXT NOT NULL,
    score       REAL NOT NULL,
    reason      TEXT NOT NULL,
    features    TEXT NOT NULL
);

-- Human decisions: the only irreplaceable data. Keyed by raw names as they appear in
-- the record, so they survive re-ingest and re-resolution; exportable as text.
CREATE TABLE decision (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('merge', 'keep_apart')),
    name_a      TEXT NOT NULL,
    name_b      TEXT NOT NULL,
    who         TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL,
    UNIQUE (name_a, name_b)
);

