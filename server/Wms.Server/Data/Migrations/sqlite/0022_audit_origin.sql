-- Version 22.
--
-- The audit trail says where each call came from (issue 18): the peer's address, and "for" the address the
-- web console names for its person. Rows from before have none (''). TOTP secrets are encrypted from now on
-- (the server converts the stored ones at start, with its key ring); SQLite's TEXT needs no wider column.

-- ADD COLUMN would leave audit's text unlike the model's create script, so it is rebuilt (nothing references
-- it), keeping its ids and its AUTOINCREMENT sequence.
CREATE TABLE "ef_temp_audit" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_audit" PRIMARY KEY AUTOINCREMENT,
    "at" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "ef_temp_audit" ("id", "at", "actor", "command", "request_id", "summary")
SELECT "id", "at", "actor", "command", "request_id", "summary" FROM "audit";
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_audit';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_audit', "seq" FROM "sqlite_sequence" WHERE "name" = 'audit';
DROP TABLE "audit";
ALTER TABLE "ef_temp_audit" RENAME TO "audit";
CREATE INDEX "ix_audit_at" ON "audit" ("at");
