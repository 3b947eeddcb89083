-- Gate Review decision log, schema version 3: registry actions.
--
-- A row whose registry_action_json is not NULL records an action taken on the MLflow registry
-- because of a decision (a guarded promotion or rollback of @champion): what was reviewed, what
-- the alias pointed at before, what it points at now (read back after the write), who did it.
-- Such a row supersedes the record it acted on, so a decision executes once; it is itself an
-- action, never a decision that can be promoted again.
--
-- The chain hash covers registry_action_json only when it is not NULL, so every record written
-- under schema versions 1 and 2 keeps its hash.

ALTER TABLE decisions ADD COLUMN registry_action_json TEXT;
