-- Gate Review decision log, schema version 1.
--
-- One row per recorded decision. Rows are append-only: a correction is a new row whose
-- `supersedes` names the row it corrects. Each row stores its predecessor's hash (`prev_hash`)
-- and its own `hash` (SHA-256 over a canonical serialisation of the row's fields and prev_hash),
-- so `gatereview log verify` detects edited, reordered and deleted rows.
--
-- The loader splits this file into statements at lines ending in ';' (outside BEGIN...END).

CREATE TABLE decisions (
    id                   INTEGER PRIMARY KEY,            -- assigned by the log: 1, 2, 3, ...
    decision             TEXT NOT NULL,                  -- DecisionKind id, e.g. "champion_stays"
    rationale            TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
    notes_json           TEXT NOT NULL,                  -- {"1": "...", "4": "..."} per diagnosis step, verbatim
    author               TEXT NOT NULL CHECK (length(trim(author)) > 0),
    decided_at           TEXT NOT NULL,                  -- UTC, ISO-8601 with milliseconds and Z
    gate_result          TEXT NOT NULL CHECK (gate_result IN ('PROMOTED', 'NOT_PROMOTED', 'INVALID')),
    gate_report_json     TEXT NOT NULL,                  -- the full gatereview/gate-report/v1 document
    policy_sha256        TEXT NOT NULL,
    champion_sha256      TEXT NOT NULL,                  -- SHA-256 of the champion's prediction file
    candidate_sha256     TEXT NOT NULL,
    test_set_fingerprint TEXT NOT NULL,                  -- empty when the test sets differed (INVALID)
    champion_label       TEXT NOT NULL,
    champion_model       TEXT NOT NULL,
    champion_version     TEXT NOT NULL,
    candidate_label      TEXT NOT NULL,
    candidate_model      TEXT NOT NULL,
    candidate_version    TEXT NOT NULL,
    app_version          TEXT NOT NULL,                  -- the Gate Review that recorded the row
    supersedes           INTEGER UNIQUE REFERENCES decisions(id),
    prev_hash            TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash                 TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);

CREATE INDEX decisions_by_time ON decisions(decided_at);
CREATE INDEX decisions_by_author ON decisions(author);

-- The end of the chain, written in the same transaction as each row. Without it, deleting the
-- newest row would leave a shorter chain that is still consistent.
CREATE TABLE chain_head (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id      INTEGER NOT NULL,
    last_hash    TEXT NOT NULL,
    record_count INTEGER NOT NULL
);
INSERT INTO chain_head (singleton, last_id, last_hash, record_count)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

-- Guards against accidental edits by other tools; deliberate tampering is what the chain is for.
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only: record a superseding decision instead');
END;

CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only: record a superseding decision instead');
END;
