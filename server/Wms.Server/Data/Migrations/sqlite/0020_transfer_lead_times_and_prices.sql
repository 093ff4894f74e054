-- migrate: foreign_keys=off
-- Version 20 (15-19 are left to other branches).
--
-- Planning (issue 15): transfer lead times per (central source, regional target) warehouse pair
-- (transfer_lead_times); suppliers' prices per SKU (supplier_skus.unit_price, 0 = none given); a purchase
-- suggestion keeps the price it was proposed at (stock_suggestions.unit_price); a regional plan names the central
-- warehouse whose lead time it used (sku_plans.source_warehouse_id). The three tables get a CHECK or a foreign key,
-- so SQLite rebuilds them with foreign key enforcement off (SchemaMigrator checks PRAGMA foreign_key_check before
-- it commits); rows already there keep everything, with price 0 and no source.

CREATE TABLE "ef_temp_supplier_skus" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_supplier_skus" PRIMARY KEY AUTOINCREMENT,
    "supplier_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lead_time_days" REAL NOT NULL,
    "lead_time_sigma_days" REAL NOT NULL,
    "min_order_quantity" INTEGER NOT NULL,
    "pack_multiple" INTEGER NOT NULL,
    "unit_price" REAL NOT NULL DEFAULT 0.0,
    CONSTRAINT "ck_supplier_skus_lead_time" CHECK (lead_time_days > 0 AND lead_time_sigma_days >= 0),
    CONSTRAINT "ck_supplier_skus_order" CHECK (min_order_quantity >= 1 AND pack_multiple >= 1),
    CONSTRAINT "ck_supplier_skus_unit_price" CHECK (unit_price >= 0),
    CONSTRAINT "fk_supplier_skus_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_supplier_skus_supplier_id" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id") ON DELETE RESTRICT
);

INSERT INTO "ef_temp_supplier_skus" ("id", "supplier_id", "sku_id", "lead_time_days", "lead_time_sigma_days", "min_order_quantity", "pack_multiple")
SELECT "id", "supplier_id", "sku_id", "lead_time_days", "lead_time_sigma_days", "min_order_quantity", "pack_multiple" FROM "supplier_skus";

-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_supplier_skus';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_supplier_skus', "seq" FROM "sqlite_sequence" WHERE "name" = 'supplier_skus';

DROP TABLE "supplier_skus";

ALTER TABLE "ef_temp_supplier_skus" RENAME TO "supplier_skus";

CREATE INDEX "ix_supplier_skus_sku_id" ON "supplier_skus" ("sku_id");

CREATE UNIQUE INDEX "ix_supplier_skus_supplier_id_sku_id" ON "supplier_skus" ("supplier_id", "sku_id");

CREATE TABLE "ef_temp_sku_plans" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sku_plans" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "computed_at" INTEGER NOT NULL,
    "method" INTEGER NOT NULL,
    "daily_mean" REAL NOT NULL,
    "daily_sigma" REAL NOT NULL,
    "mae" REAL NOT NULL,
    "mase" REAL NOT NULL,
    "abc_class" TEXT NOT NULL,
    "xyz_class" TEXT NOT NULL,
    "lead_time_days" REAL NOT NULL,
    "lead_time_sigma_days" REAL NOT NULL,
    "service_level" REAL NOT NULL,
    "safety_stock" REAL NOT NULL,
    "reorder_point" REAL NOT NULL,
    "order_up_to" REAL NOT NULL,
    "supplier_id" INTEGER NULL,
    "source_warehouse_id" INTEGER NULL,
    CONSTRAINT "fk_sku_plans_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_sku_plans_source_warehouse_id" FOREIGN KEY ("source_warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_sku_plans_supplier_id" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_sku_plans_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);

INSERT INTO "ef_temp_sku_plans" ("id", "warehouse_id", "sku_id", "computed_at", "method", "daily_mean", "daily_sigma", "mae", "mase", "abc_class", "xyz_class", "lead_time_days", "lead_time_sigma_days", "service_level", "safety_stock", "reorder_point", "order_up_to", "supplier_id")
SELECT "id", "warehouse_id", "sku_id", "computed_at", "method", "daily_mean", "daily_sigma", "mae", "mase", "abc_class", "xyz_class", "lead_time_days", "lead_time_sigma_days", "service_level", "safety_stock", "reorder_point", "order_up_to", "supplier_id" FROM "sku_plans";

-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_sku_plans';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_sku_plans', "seq" FROM "sqlite_sequence" WHERE "name" = 'sku_plans';

DROP TABLE "sku_plans";

ALTER TABLE "ef_temp_sku_plans" RENAME TO "sku_plans";

CREATE INDEX "ix_sku_plans_sku_id" ON "sku_plans" ("sku_id");

CREATE INDEX "ix_sku_plans_source_warehouse_id" ON "sku_plans" ("source_warehouse_id");

CREATE INDEX "ix_sku_plans_supplier_id" ON "sku_plans" ("supplier_id");

CREATE UNIQUE INDEX "ix_sku_plans_warehouse_id_sku_id" ON "sku_plans" ("warehouse_id", "sku_id");

CREATE TABLE "ef_temp_stock_suggestions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_stock_suggestions" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "kind" INTEGER NOT NULL,
    "source_warehouse_id" INTEGER NULL,
    "quantity" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "decided_at" INTEGER NULL,
    "decided_by" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "supplier_id" INTEGER NULL,
    "unit_price" REAL NOT NULL DEFAULT 0.0,
    CONSTRAINT "ck_stock_suggestions_quantity" CHECK (quantity > 0),
    CONSTRAINT "ck_stock_suggestions_unit_price" CHECK (unit_price >= 0),
    CONSTRAINT "fk_stock_suggestions_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_stock_suggestions_source_warehouse_id" FOREIGN KEY ("source_warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_stock_suggestions_supplier_id" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_stock_suggestions_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);

INSERT INTO "ef_temp_stock_suggestions" ("id", "warehouse_id", "sku_id", "kind", "source_warehouse_id", "quantity", "status", "reason", "created_at", "decided_at", "decided_by", "reference", "supplier_id")
SELECT "id", "warehouse_id", "sku_id", "kind", "source_warehouse_id", "quantity", "status", "reason", "created_at", "decided_at", "decided_by", "reference", "supplier_id" FROM "stock_suggestions";

-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_stock_suggestions';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_stock_suggestions', "seq" FROM "sqlite_sequence" WHERE "name" = 'stock_suggestions';

DROP TABLE "stock_suggestions";

ALTER TABLE "ef_temp_stock_suggestions" RENAME TO "stock_suggestions";

CREATE INDEX "ix_stock_suggestions_sku_id" ON "stock_suggestions" ("sku_id");

CREATE INDEX "ix_stock_suggestions_source_warehouse_id" ON "stock_suggestions" ("source_warehouse_id");

CREATE INDEX "ix_stock_suggestions_supplier_id" ON "stock_suggestions" ("supplier_id");

CREATE INDEX "ix_stock_suggestions_warehouse_id_sku_id_status" ON "stock_suggestions" ("warehouse_id", "sku_id", "status");

CREATE INDEX "ix_stock_suggestions_warehouse_id_status" ON "stock_suggestions" ("warehouse_id", "status");

CREATE TABLE "transfer_lead_times" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_transfer_lead_times" PRIMARY KEY AUTOINCREMENT,
    "source_warehouse_id" INTEGER NOT NULL,
    "target_warehouse_id" INTEGER NOT NULL,
    "lead_time_days" REAL NOT NULL,
    "lead_time_sigma_days" REAL NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "ck_transfer_lead_times_lead_time" CHECK (lead_time_days > 0 AND lead_time_sigma_days >= 0),
    CONSTRAINT "ck_transfer_lead_times_two_warehouses" CHECK (source_warehouse_id <> target_warehouse_id),
    CONSTRAINT "fk_transfer_lead_times_source_warehouse_id" FOREIGN KEY ("source_warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_transfer_lead_times_target_warehouse_id" FOREIGN KEY ("target_warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_transfer_lead_times_source_warehouse_id_target_warehouse_id" ON "transfer_lead_times" ("source_warehouse_id", "target_warehouse_id");

CREATE INDEX "ix_transfer_lead_times_target_warehouse_id" ON "transfer_lead_times" ("target_warehouse_id");
