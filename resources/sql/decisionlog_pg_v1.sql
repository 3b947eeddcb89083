-- Gate Review decision log on PostgreSQL, schema version 1: the same tables, columns and chain as
-- the SQLite log (decisionlog_v1.sql), in the schema `gatereview`, plus what a shared server can
-- enforce itself:
--   * decision_log_meta holds what SQLite keeps in PRAGMA application_id / user_version;
--   * decisions_link (SECURITY DEFINER, runs as the schema owner) checks every new row extends
--     the chain head and moves the head, so writers need neither UPDATE on chain_head nor trust;
--   * triggers refuse UPDATE, DELETE and TRUNCATE of decisions, and any change to chain_head
--     that does not come from decisions_link. `gatereview log init` adds the two roles whose
--     grants make this hold for everyone but the owner.
--
-- The loader splits this file into statements at lines ending in ';' outside $$ bodies.

CREATE SCHEMA IF NOT EXISTS gatereview;

CREATE TABLE gatereview.decision_log_meta (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    application_id INTEGER NOT NULL,
    schema_version INTEGER NOT NULL
);
INSERT INTO gatereview.decision_log_meta VALUES (1, 1196575815, 0);

CREATE TABLE gatereview.decisions (
    id                   BIGINT PRIMARY KEY,
    decision             TEXT NOT NULL,
    rationale            TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
    notes_json           TEXT NOT NULL,
    author               TEXT NOT NULL CHECK (length(trim(author)) > 0),
    decided_at           TEXT NOT NULL,
    gate_result          TEXT NOT NULL CHECK (gate_result IN ('PROMOTED', 'NOT_PROMOTED', 'INVALID')),
    gate_report_json     TEXT NOT NULL,
    policy_sha256        TEXT NOT NULL,
    champion_sha256      TEXT NOT NULL,
    candidate_sha256     TEXT NOT NULL,
    test_set_fingerprint TEXT NOT NULL,
    champion_label       TEXT NOT NULL,
    champion_model       TEXT NOT NULL,
    champion_version     TEXT NOT NULL,
    candidate_label      TEXT NOT NULL,
    candidate_model      TEXT NOT NULL,
    candidate_version    TEXT NOT NULL,
    app_version          TEXT NOT NULL,
    supersedes           BIGINT UNIQUE REFERENCES gatereview.decisions(id),
    prev_hash            TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash                 TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);

CREATE INDEX decisions_by_time ON gatereview.decisions(decided_at);
CREATE INDEX decisions_by_author ON gatereview.decisions(author);

CREATE TABLE gatereview.chain_head (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id      BIGINT NOT NULL,
    last_hash    TEXT NOT NULL,
    record_count BIGINT NOT NULL
);
INSERT INTO gatereview.chain_head VALUES
    (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

CREATE FUNCTION gatereview.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the decision log is append-only: record a superseding decision instead';
END
$$;

CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON gatereview.decisions
    FOR EACH ROW EXECUTE FUNCTION gatereview.refuse_change();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON gatereview.decisions
    FOR EACH STATEMENT EXECUTE FUNCTION gatereview.refuse_change();
CREATE TRIGGER chain_head_no_delete BEFORE DELETE ON gatereview.chain_head
    FOR EACH ROW EXECUTE FUNCTION gatereview.refuse_change();
CREATE TRIGGER chain_head_no_truncate BEFORE TRUNCATE ON gatereview.chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION gatereview.refuse_change();

-- The head moves only inside decisions_link (trigger depth 2), never by a direct UPDATE.
CREATE FUNCTION gatereview.chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'the chain head moves only when a decision is recorded';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER chain_head_guard BEFORE UPDATE ON gatereview.chain_head
    FOR EACH ROW EXECUTE FUNCTION gatereview.chain_head_guard();

-- A row that does not extend the head lost a race (the client retries after re-reading the head)
-- or was written by something that is not Gate Review.
CREATE FUNCTION gatereview.decisions_link() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = gatereview, pg_temp AS $$
DECLARE
    head gatereview.chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM gatereview.chain_head WHERE singleton = 1 FOR UPDATE;
    IF NEW.id <> head.last_id + 1 OR NEW.prev_hash <> head.last_hash THEN
        RAISE EXCEPTION 'record % does not extend the chain head (record %)', NEW.id, head.last_id
            USING ERRCODE = 'serialization_failure';
    END IF;
    UPDATE gatereview.chain_head
       SET last_id = NEW.id, last_hash = NEW.hash, record_count = head.record_count + 1
     WHERE singleton = 1;
    RETURN NEW;
END
$$;
CREATE TRIGGER decisions_link BEFORE INSERT ON gatereview.decisions
    FOR EACH ROW EXECUTE FUNCTION gatereview.decisions_link();
