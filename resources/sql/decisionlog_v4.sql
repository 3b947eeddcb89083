-- Gate Review decision log, schema version 4: the log's own signing policy.
--
-- One row. require_signed_promotions = 1: the log refuses an unsigned promote_candidate or
-- fast_track_review record from every writer (DecisionLog::append), and `gatereview log verify`
-- reports each unsigned one it holds, including those recorded before the setting was turned on.
-- changed_at / changed_by: the last change (`gatereview log policy`); NULL until the first. A log
-- migrated from version 3 starts with the setting off, as it behaved before.
--
-- The setting is not part of the hash chain (records are decisions on gate reports); whoever
-- holds this file can change it, so an auditor who must not depend on it passes
-- `log verify --require-signed-promotions`. On PostgreSQL only the schema owner may change it.

CREATE TABLE log_policy (
    singleton                 INTEGER PRIMARY KEY CHECK (singleton = 1),
    require_signed_promotions INTEGER NOT NULL CHECK (require_signed_promotions IN (0, 1)),
    changed_at                TEXT,
    changed_by                TEXT
);
INSERT INTO log_policy (singleton, require_signed_promotions) VALUES (1, 0);

CREATE TRIGGER log_policy_no_delete BEFORE DELETE ON log_policy
BEGIN
    SELECT RAISE(ABORT, 'the log policy is changed with `gatereview log policy`, never deleted');
END;
