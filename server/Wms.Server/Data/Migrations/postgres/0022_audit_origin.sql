-- Version 22.
--
-- The audit trail says where each call came from (issue 18): the peer's address, and "for" the address the
-- web console names for its person. Rows from before have none (''). TOTP secrets are encrypted from now on
-- (the server converts the stored ones at start, with its key ring), which needs wider columns.

ALTER TABLE audit ADD COLUMN origin character varying(100) NOT NULL DEFAULT '';

ALTER TABLE users ALTER COLUMN totp_secret TYPE character varying(400);

ALTER TABLE users ALTER COLUMN totp_pending_secret TYPE character varying(400);
