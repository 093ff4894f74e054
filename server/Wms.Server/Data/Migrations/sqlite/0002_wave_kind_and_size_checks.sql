-- migrate: foreign_keys=off
-- Version 2.
--
-- Weight and volume now limit what a bin takes, so the database refuses negative capacities and unit
-- weights or volumes, as it refuses negative stock: a bulk import cannot get past the rule either.
-- SQLite cannot add a CHECK to a table: skus and bins are rebuilt (new table, copy, drop, rename, indexes)
-- with foreign key enforcement off (the directive above; SchemaMigrator checks PRAGMA foreign_key_check
-- before it commits). The new tables are the model's create script, word for word.
--
-- A wave says why it went to the floor: waves released before this version were all ReleaseWave waves
-- (kind 1); AllocateBackorders releases kind 2. SQLite inserts an added column after the last one, where
-- the model's create script has it too.

CREATE TABLE "ef_temp_skus" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_skus" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "unit_of_measure" TEXT NOT NULL,
    "unit_weight_kg" REAL NOT NULL,
    "unit_volume_m3" REAL NOT NULL,
    "lot_tracked" INTEGER NOT NULL,
    "expiry_tracked" INTEGER NOT NULL,
    "case_size" INTEGER NOT NULL,
    CONSTRAINT "ck_skus_case_size" CHECK (case_size >= 0),
    CONSTRAINT "ck_skus_unit_volume" CHECK (unit_volume_m3 >= 0),
    CONSTRAINT "ck_skus_unit_weight" CHECK (unit_weight_kg >= 0)
);
INSERT INTO "ef_temp_skus" ("id", "code", "description", "unit_of_measure", "unit_weight_kg", "unit_volume_m3", "lot_tracked", "expiry_tracked", "case_size")
SELECT "id", "code", "description", "unit_of_measure", "unit_weight_kg", "unit_volume_m3", "lot_tracked", "expiry_tracked", "case_size" FROM "skus";
-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_skus';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_skus', "seq" FROM "sqlite_sequence" WHERE "name" = 'skus';
DROP TABLE "skus";
ALTER TABLE "ef_temp_skus" RENAME TO "skus";
CREATE UNIQUE INDEX "ix_skus_code" ON "skus" ("code");

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
    CONSTRAINT "ck_bins_capacity_units" CHECK (capacity_units >= 0),
    CONSTRAINT "ck_bins_capacity_volume" CHECK (capacity_volume_m3 >= 0),
    CONSTRAINT "ck_bins_capacity_weight" CHECK (capacity_weight_kg >= 0),
    CONSTRAINT "fk_bins_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_bins_zone_id" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT
);
INSERT INTO "ef_temp_bins" ("id", "warehouse_id", "zone_id", "code", "kind", "mix_policy", "aisle", "position", "level", "x", "y", "capacity_units", "capacity_weight_kg", "capacity_volume_m3", "on_hold", "hold_reason")
SELECT "id", "warehouse_id", "zone_id", "code", "kind", "mix_policy", "aisle", "position", "level", "x", "y", "capacity_units", "capacity_weight_kg", "capacity_volume_m3", "on_hold", "hold_reason" FROM "bins";
-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_bins';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_bins', "seq" FROM "sqlite_sequence" WHERE "name" = 'bins';
DROP TABLE "bins";
ALTER TABLE "ef_temp_bins" RENAME TO "bins";
CREATE UNIQUE INDEX "ix_bins_warehouse_id_code" ON "bins" ("warehouse_id", "code");
CREATE INDEX "ix_bins_warehouse_id_zone_id_kind" ON "bins" ("warehouse_id", "zone_id", "kind");
CREATE INDEX "ix_bins_zone_id" ON "bins" ("zone_id");

ALTER TABLE "waves" ADD COLUMN "kind" INTEGER NOT NULL DEFAULT 1;
