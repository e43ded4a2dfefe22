-- Fairwatch schema, version 3: lineage a user states (a file a team keeps in git): human data, never derived.
CREATE TABLE user_lineage (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL,       -- a firm's name as it appears in the record or a list
    kind        TEXT NOT NULL CHECK (kind IN ('renamed_to', 'spun_off_from', 'acquired_by', 'subsidiary_of')),
    object      TEXT NOT NULL,
    date        TEXT,
    note        TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL,
    UNIQUE (subject, kind, object)
);
