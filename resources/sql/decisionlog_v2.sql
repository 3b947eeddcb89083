-- Gate Review decision log, schema version 2: signed records.
--
-- signer_key: the author's Ed25519 public key ("ed25519:" + base64 of its 32 bytes), or NULL for
-- an unsigned record. When present it is part of the record's hash, so it cannot be swapped or
-- stripped without breaking the chain; records of version 1 (NULL) keep their hashes.
-- signature: base64 Ed25519 signature over "gatereview-decision-signature-v1\n" + hash. Not part
-- of the hash (it signs the hash); stripping it makes the record read BAD SIGNATURE.

ALTER TABLE decisions ADD COLUMN signer_key TEXT CHECK (signer_key IS NULL OR length(signer_key) = 52);
ALTER TABLE decisions ADD COLUMN signature TEXT;
