-- Gate Review decision log on PostgreSQL, schema version 4: the log's own signing policy (see
-- decisionlog_v4.sql for the meaning of the columns).
--
-- Only the schema owner may change it: `gatereview log init` grants writers and readers SELECT
-- on every table of the schema and nothing else on this one, so a writer's UPDATE is refused
-- with "permission denied". The server enforces the setting itself: a writer that inserts an
-- unsigned promote decision with another client is refused by decisions_signed_promotions.
-- SELECT goes to PUBLIC here so that a log migrated by its owner outside `log init` stays
-- readable by its writers (USAGE on the schema still decides who reaches it at all).

CREATE TABLE gatereview.log_policy (
    singleton                 INTEGER PRIMARY KEY CHECK (singleton = 1),
    require_signed_promotions INTEGER NOT NULL CHECK (require_signed_promotions IN (0, 1)),
    changed_at                TEXT,
    changed_by                TEXT
);
INSERT INTO gatereview.log_policy (singleton, require_signed_promotions) VALUES (1, 0);
GRANT SELECT ON gatereview.log_policy TO PUBLIC;

CREATE TRIGGER log_policy_no_delete BEFORE DELETE ON gatereview.log_policy
    FOR EACH ROW EXECUTE FUNCTION gatereview.refuse_change();
CREATE TRIGGER log_policy_no_truncate BEFORE TRUNCATE ON gatereview.log_policy
    FOR EACH STATEMENT EXECUTE FUNCTION gatereview.refuse_change();

CREATE FUNCTION gatereview.decisions_signed_promotions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.decision IN ('promote_candidate', 'fast_track_review')
       AND (NEW.signer_key IS NULL OR NEW.signature IS NULL)
       AND (SELECT require_signed_promotions FROM gatereview.log_policy WHERE singleton = 1) = 1
    THEN
        RAISE EXCEPTION 'record % (%) is unsigned, but this log requires signed promote decisions',
            NEW.id, NEW.decision USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER decisions_signed_promotions BEFORE INSERT ON gatereview.decisions
    FOR EACH ROW EXECUTE FUNCTION gatereview.decisions_signed_promotions();
