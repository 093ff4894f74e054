-- Version 22.
--
-- The audit trail says where each call came from (issue 18): the peer's address, and "for" the address the
-- web console names for its person. Rows from before have none (''). TOTP secrets are encrypted from now on
-- (the server converts the stored ones at start, with its key ring); SQLite's TEXT needs no wider column.

ALTER TABLE "audit" ADD COLUMN "origin" TEXT NOT NULL DEFAULT '';
