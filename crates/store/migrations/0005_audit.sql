-- The audit trail: who did what, when, from where. Append-only: triggers refuse
-- updates and deletes, so a decision's history cannot be rewritten through Fairwatch.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    who      TEXT NOT NULL,
    action   TEXT NOT NULL,   -- e.g. review.merge, review.keep_apart, editor.login
    subject  TEXT NOT NULL,   -- what it acted on, e.g. the pair of raw names
    detail   TEXT NOT NULL,   -- JSON: score, reason, the review pair id...
    origin   TEXT NOT NULL    -- web, cli
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
