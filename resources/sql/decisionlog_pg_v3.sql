-- Gate Review decision log on PostgreSQL, schema version 3: registry actions (see
-- decisionlog_v3.sql for the meaning of the column; hashed only when not NULL).

ALTER TABLE decisions ADD COLUMN registry_action_json TEXT;
