-- Fairwatch schema, version 4: the classification of companies into capabilities with
-- confidence tiers and their evidence, under one methodology. Derived: rebuilt by
-- `fairwatch classify` (or on demand) whenever the data or the methodology changes.

CREATE TABLE classification (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    algorithm           TEXT NOT NULL,
    methodology         TEXT NOT NULL,    -- name and version
    methodology_sha256  TEXT NOT NULL,
    dataset_sha256      TEXT NOT NULL,
    classified_at       TEXT NOT NULL,
    assessments         INTEGER NOT NULL
);

CREATE TABLE capability_assessment (
    company_id  TEXT NOT NULL REFERENCES company(id),
    capability  TEXT NOT NULL,
    tier        TEXT,                     -- high | medium | low; NULL: evidence short of every tier
    evidence    TEXT NOT NULL,            -- JSON array of evidence items
    PRIMARY KEY (company_id, capability)
);
