-- Version 17.
--
-- Handheld and holds (issue 12): a replenishment task is claimed by the operator who takes it
-- (`claimed_by`, `claimed_at`) and says why a hold cancelled it (`cancel_reason`); `lot_holds` holds one SKU
-- and lot in one bin while the bin's other lots stay pickable.

-- ADD COLUMN would put the new columns after the table's constraints in sqlite_master, unlike the model's create
-- script, so replenishment_tasks is rebuilt (nothing references it), keeping its ids and AUTOINCREMENT sequence.
CREATE TABLE "ef_temp_replenishment_tasks" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_replenishment_tasks" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "from_bin_id" INTEGER NOT NULL,
    "to_bin_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "moved_quantity" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL,
    "trigger" INTEGER NOT NULL,
    "distance_m" REAL NOT NULL,
    "created_at" INTEGER NOT NULL,
    "done_at" INTEGER NULL,
    "done_by" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "claimed_by" TEXT NOT NULL DEFAULT '',
    "claimed_at" INTEGER NULL,
    "cancel_reason" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ck_replenishment_tasks_moved" CHECK (moved_quantity >= 0 AND moved_quantity <= quantity),
    CONSTRAINT "ck_replenishment_tasks_quantity" CHECK (quantity > 0),
    CONSTRAINT "fk_replenishment_tasks_from_bin_id" FOREIGN KEY ("from_bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_replenishment_tasks_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_replenishment_tasks_to_bin_id" FOREIGN KEY ("to_bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_replenishment_tasks_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);
INSERT INTO "ef_temp_replenishment_tasks" ("id", "warehouse_id", "sku_id", "lot", "from_bin_id", "to_bin_id", "quantity", "moved_quantity", "status",
    "priority", "trigger", "distance_m", "created_at", "done_at", "done_by", "version")
SELECT "id", "warehouse_id", "sku_id", "lot", "from_bin_id", "to_bin_id", "quantity", "moved_quantity", "status",
    "priority", "trigger", "distance_m", "created_at", "done_at", "done_by", "version" FROM "replenishment_tasks";
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_replenishment_tasks';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_replenishment_tasks', "seq" FROM "sqlite_sequence" WHERE "name" = 'replenishment_tasks';
DROP TABLE "replenishment_tasks";
ALTER TABLE "ef_temp_replenishment_tasks" RENAME TO "replenishment_tasks";
CREATE INDEX "ix_replenishment_tasks_from_bin_id_sku_id" ON "replenishment_tasks" ("from_bin_id", "sku_id");
CREATE INDEX "ix_replenishment_tasks_sku_id" ON "replenishment_tasks" ("sku_id");
CREATE UNIQUE INDEX "ix_replenishment_tasks_to_bin_id_sku_id_from_bin_id_lot" ON "replenishment_tasks" ("to_bin_id", "sku_id", "from_bin_id", "lot") WHERE status = 1;
CREATE INDEX "ix_replenishment_tasks_warehouse_id_status_priority" ON "replenishment_tasks" ("warehouse_id", "status", "priority");

CREATE TABLE "lot_holds" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_lot_holds" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "placed_by" TEXT NOT NULL,
    "placed_at" INTEGER NOT NULL,
    CONSTRAINT "fk_lot_holds_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lot_holds_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lot_holds_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "ix_lot_holds_bin_id_sku_id_lot" ON "lot_holds" ("bin_id", "sku_id", "lot");
CREATE INDEX "ix_lot_holds_sku_id" ON "lot_holds" ("sku_id");
CREATE INDEX "ix_lot_holds_warehouse_id" ON "lot_holds" ("warehouse_id");
