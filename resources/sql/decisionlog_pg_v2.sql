-- Gate Review decision log on PostgreSQL, schema version 2: signed records (see decisionlog_v2.sql
-- for the meaning of the columns).

ALTER TABLE decisions ADD COLUMN signer_key TEXT CHECK (signer_key IS NULL OR length(signer_key) = 52);
ALTER TABLE decisions ADD COLUMN signature TEXT;
