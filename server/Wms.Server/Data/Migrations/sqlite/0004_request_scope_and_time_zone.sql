-- migrate: foreign_keys=off
-- Version 4.
--
-- Request ids are scoped to the caller and the method: request_log is keyed by (request_id, actor,
-- command), so another caller's id is a new request and never replays someone else's answer. The
-- request id leads, so looking up a batch's ids stays an index search.
-- SQLite cannot change a primary key: request_log is rebuilt (nothing references it, it has no
-- AUTOINCREMENT and no index of its own). The new table is the model's create script, word for word.
--
-- A warehouse knows its time zone (an order without a requested ship date ships today there); the
-- warehouses created before this version are in UTC until told otherwise. ADD COLUMN would leave the
-- table's text unlike the model's create script, so warehouses is rebuilt too, with foreign key
-- enforcement off (zones, bins, orders, receipts and waves point at it; SchemaMigrator checks
-- PRAGMA foreign_key_check before it commits).

CREATE TABLE "ef_temp_request_log" (
    "request_id" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "result_json" TEXT NOT NULL,
    "at" INTEGER NOT NULL,
    CONSTRAINT "pk_request_log" PRIMARY KEY ("request_id", "actor", "command")
);
INSERT INTO "ef_temp_request_log" ("request_id", "command", "actor", "result_json", "at")
SELECT "request_id", "command", "actor", "result_json", "at" FROM "request_log";
DROP TABLE "request_log";
ALTER TABLE "ef_temp_request_log" RENAME TO "request_log";

CREATE TABLE "ef_temp_warehouses" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_warehouses" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC'
);
INSERT INTO "ef_temp_warehouses" ("id", "code", "name", "kind", "latitude", "longitude")
SELECT "id", "code", "name", "kind", "latitude", "longitude" FROM "warehouses";
-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_warehouses';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_warehouses', "seq" FROM "sqlite_sequence" WHERE "name" = 'warehouses';
DROP TABLE "warehouses";
ALTER TABLE "ef_temp_warehouses" RENAME TO "warehouses";
CREATE UNIQUE INDEX "ix_warehouses_code" ON "warehouses" ("code");
