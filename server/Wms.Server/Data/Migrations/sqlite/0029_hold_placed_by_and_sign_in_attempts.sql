-- migrate: foreign_keys=off
-- Version 29.
--
-- Web console (issue 18):
-- - Who put a bin on hold and when (`bins.hold_placed_by`, `hold_placed_at`), as lot holds already say: the floor
--   page shows it. Bins on hold from before have neither ('' and NULL). SQLite would add the columns after the
--   table's constraints, unlike the model's create script, so `bins` is rebuilt as 0002 did (foreign key
--   enforcement off by the directive above; SchemaMigrator checks PRAGMA foreign_key_check before it commits).
-- - The per-address limit on sign-in attempts counted in the database (`sign_in_attempts`: attempts per address
--   and 10-second step), so several servers on one database share one count. New table only.

CREATE TABLE "ef_temp_bins" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_bins" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "zone_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "mix_policy" INTEGER NOT NULL,
    "aisle" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "x" REAL NOT NULL,
    "y" REAL NOT NULL,
    "capacity_units" INTEGER NOT NULL,
    "capacity_weight_kg" REAL NOT NULL,
    "capacity_volume_m3" REAL NOT NULL,
    "on_hold" INTEGER NOT NULL,
    "hold_reason" TEXT NOT NULL,
    "hold_placed_by" TEXT NOT NULL,
    "hold_placed_at" INTEGER NULL,
    CONSTRAINT "ck_bins_capacity_units" CHECK (capacity_units >= 0),
    CONSTRAINT "ck_bins_capacity_volume" CHECK (capacity_volume_m3 >= 0),
    CONSTRAINT "ck_bins_capacity_weight" CHECK (capacity_weight_kg >= 0),
    CONSTRAINT "fk_bins_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_bins_zone_id" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT
);
INSERT INTO "ef_temp_bins" ("id", "warehouse_id", "zone_id", "code", "kind", "mix_policy", "aisle", "position", "level", "x", "y", "capacity_units", "capacity_weight_kg", "capacity_volume_m3", "on_hold", "hold_reason", "hold_placed_by", "hold_placed_at")
SELECT "id", "warehouse_id", "zone_id", "code", "kind", "mix_policy", "aisle", "position", "level", "x", "y", "capacity_units", "capacity_weight_kg", "capacity_volume_m3", "on_hold", "hold_reason", '', NULL FROM "bins";
-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_bins';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_bins', "seq" FROM "sqlite_sequence" WHERE "name" = 'bins';
DROP TABLE "bins";
ALTER TABLE "ef_temp_bins" RENAME TO "bins";
CREATE UNIQUE INDEX "ix_bins_warehouse_id_code" ON "bins" ("warehouse_id", "code");
CREATE INDEX "ix_bins_warehouse_id_zone_id_kind" ON "bins" ("warehouse_id", "zone_id", "kind");
CREATE INDEX "ix_bins_zone_id" ON "bins" ("zone_id");

CREATE TABLE "sign_in_attempts" (
    "address" TEXT NOT NULL,
    "time_step" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    CONSTRAINT "pk_sign_in_attempts" PRIMARY KEY ("address", "time_step")
);

CREATE INDEX "ix_sign_in_attempts_time_step" ON "sign_in_attempts" ("time_step");

-- The rebuilt bins table and the new sign_in_attempts table get the length checks of migration 0025
-- (printed by `dotnet run --project server/Wms.Server -- schema-script sqlite-length-checks bins sign_in_attempts`).
DROP TRIGGER IF EXISTS "ck_bins_lengths_insert";
DROP TRIGGER IF EXISTS "ck_bins_lengths_update";
CREATE TRIGGER "ck_bins_lengths_insert" BEFORE INSERT ON "bins"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'bins.code is longer than 64 characters')
        WHEN length(NEW."hold_placed_by") > 100 THEN RAISE(ABORT, 'bins.hold_placed_by is longer than 100 characters')
        WHEN length(NEW."hold_reason") > 200 THEN RAISE(ABORT, 'bins.hold_reason is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_bins_lengths_update" BEFORE UPDATE OF "code", "hold_placed_by", "hold_reason" ON "bins"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'bins.code is longer than 64 characters')
        WHEN length(NEW."hold_placed_by") > 100 THEN RAISE(ABORT, 'bins.hold_placed_by is longer than 100 characters')
        WHEN length(NEW."hold_reason") > 200 THEN RAISE(ABORT, 'bins.hold_reason is longer than 200 characters')
    END;
END;
UPDATE "bins" SET "code" = "code" WHERE length("code") > 64 OR length("hold_placed_by") > 100 OR length("hold_reason") > 200;

DROP TRIGGER IF EXISTS "ck_sign_in_attempts_lengths_insert";
DROP TRIGGER IF EXISTS "ck_sign_in_attempts_lengths_update";
CREATE TRIGGER "ck_sign_in_attempts_lengths_insert" BEFORE INSERT ON "sign_in_attempts"
BEGIN
    SELECT CASE
        WHEN length(NEW."address") > 64 THEN RAISE(ABORT, 'sign_in_attempts.address is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_sign_in_attempts_lengths_update" BEFORE UPDATE OF "address" ON "sign_in_attempts"
BEGIN
    SELECT CASE
        WHEN length(NEW."address") > 64 THEN RAISE(ABORT, 'sign_in_attempts.address is longer than 64 characters')
    END;
END;
UPDATE "sign_in_attempts" SET "address" = "address" WHERE length("address") > 64;

