-- migrate: foreign_keys=off
-- Version 24.
--
-- Quantities get their documented maximum in the database too (Common/Limits.cs, docs/contracts.md): one bin
-- holds at most Limits.BinQuantity units of a SKU and lot (ck_stock_on_hand_max; reserved <= on_hand bounds
-- what is reserved), one order line asks for at most Limits.LineQuantity (ck_order_lines_quantity_max;
-- allocated + picked <= quantity bounds the rest). The server refuses more at the edge; these stop a write
-- that bypasses it, and keep every sum of quantities far from the range of a 64-bit integer.
-- SQLite cannot add a CHECK to a table: stock_balances and order_lines are rebuilt (new table, copy, drop,
-- rename, indexes) with foreign key enforcement off, as 0002 did; the new tables are the model's create
-- script word for word. A row already past a maximum (which no call could have written) stops the upgrade
-- on the CHECK: correct it, then start again.

CREATE TABLE "ef_temp_stock_balances" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_stock_balances" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "expiry" INTEGER NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "ck_stock_on_hand_max" CHECK (on_hand <= 1000000000),
    CONSTRAINT "ck_stock_on_hand_not_negative" CHECK (on_hand >= 0),
    CONSTRAINT "ck_stock_reserved_not_negative" CHECK (reserved >= 0),
    CONSTRAINT "ck_stock_reserved_within_on_hand" CHECK (reserved <= on_hand),
    CONSTRAINT "fk_stock_balances_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_stock_balances_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT
);
INSERT INTO "ef_temp_stock_balances" ("id", "warehouse_id", "bin_id", "sku_id", "lot", "expiry", "on_hand", "reserved", "received_at", "version")
SELECT "id", "warehouse_id", "bin_id", "sku_id", "lot", "expiry", "on_hand", "reserved", "received_at", "version" FROM "stock_balances";
-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_stock_balances';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_stock_balances', "seq" FROM "sqlite_sequence" WHERE "name" = 'stock_balances';
DROP TABLE "stock_balances";
ALTER TABLE "ef_temp_stock_balances" RENAME TO "stock_balances";
CREATE UNIQUE INDEX "ix_stock_balances_bin_id_sku_id_lot" ON "stock_balances" ("bin_id", "sku_id", "lot");
CREATE INDEX "ix_stock_balances_sku_id" ON "stock_balances" ("sku_id");
CREATE INDEX "ix_stock_balances_warehouse_id_sku_id" ON "stock_balances" ("warehouse_id", "sku_id");

CREATE TABLE "ef_temp_order_lines" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_order_lines" PRIMARY KEY AUTOINCREMENT,
    "order_id" INTEGER NOT NULL,
    "line_number" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "allocated_quantity" INTEGER NOT NULL,
    "picked_quantity" INTEGER NOT NULL,
    "backordered_quantity" INTEGER NOT NULL,
    CONSTRAINT "ck_order_lines_allocated" CHECK (allocated_quantity >= 0 AND allocated_quantity + picked_quantity <= quantity),
    CONSTRAINT "ck_order_lines_backordered" CHECK (backordered_quantity >= 0),
    CONSTRAINT "ck_order_lines_picked" CHECK (picked_quantity >= 0),
    CONSTRAINT "ck_order_lines_quantity" CHECK (quantity > 0),
    CONSTRAINT "ck_order_lines_quantity_max" CHECK (quantity <= 1000000000),
    CONSTRAINT "fk_order_lines_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_order_lines_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT
);
INSERT INTO "ef_temp_order_lines" ("id", "order_id", "line_number", "sku_id", "quantity", "allocated_quantity", "picked_quantity", "backordered_quantity")
SELECT "id", "order_id", "line_number", "sku_id", "quantity", "allocated_quantity", "picked_quantity", "backordered_quantity" FROM "order_lines";
-- AUTOINCREMENT: ids of deleted rows stay used.
DELETE FROM "sqlite_sequence" WHERE "name" = 'ef_temp_order_lines';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'ef_temp_order_lines', "seq" FROM "sqlite_sequence" WHERE "name" = 'order_lines';
DROP TABLE "order_lines";
ALTER TABLE "ef_temp_order_lines" RENAME TO "order_lines";
CREATE UNIQUE INDEX "ix_order_lines_order_id_line_number" ON "order_lines" ("order_id", "line_number");
CREATE INDEX "ix_order_lines_sku_id" ON "order_lines" ("sku_id");
