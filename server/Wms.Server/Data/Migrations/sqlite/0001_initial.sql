CREATE TABLE "audit" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_audit" PRIMARY KEY AUTOINCREMENT,
    "at" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL
);


CREATE TABLE "request_log" (
    "request_id" TEXT NOT NULL CONSTRAINT "pk_request_log" PRIMARY KEY,
    "command" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "result_json" TEXT NOT NULL,
    "at" INTEGER NOT NULL
);


CREATE TABLE "skus" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_skus" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "unit_of_measure" TEXT NOT NULL,
    "unit_weight_kg" REAL NOT NULL,
    "unit_volume_m3" REAL NOT NULL,
    "lot_tracked" INTEGER NOT NULL,
    "expiry_tracked" INTEGER NOT NULL,
    "case_size" INTEGER NOT NULL,
    CONSTRAINT "ck_skus_case_size" CHECK (case_size >= 0)
);


CREATE TABLE "warehouses" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_warehouses" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL
);


CREATE TABLE "sku_barcodes" (
    "barcode" TEXT NOT NULL CONSTRAINT "pk_sku_barcodes" PRIMARY KEY,
    "sku_id" INTEGER NOT NULL,
    CONSTRAINT "fk_sku_barcodes_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE CASCADE
);


CREATE TABLE "zones" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_zones" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "fk_zones_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


CREATE TABLE "bins" (
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
    CONSTRAINT "fk_bins_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_bins_zone_id" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT
);


CREATE TABLE "stock_balances" (
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
    CONSTRAINT "ck_stock_on_hand_not_negative" CHECK (on_hand >= 0),
    CONSTRAINT "ck_stock_reserved_not_negative" CHECK (reserved >= 0),
    CONSTRAINT "ck_stock_reserved_within_on_hand" CHECK (reserved <= on_hand),
    CONSTRAINT "fk_stock_balances_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_stock_balances_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT
);


CREATE TABLE "ledger" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_ledger" PRIMARY KEY AUTOINCREMENT,
    "at" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "stock_balance_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "reason" INTEGER NOT NULL,
    "reason_code" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    CONSTRAINT "ck_ledger_quantity_not_zero" CHECK (quantity <> 0),
    CONSTRAINT "fk_ledger_stock_balance_id" FOREIGN KEY ("stock_balance_id") REFERENCES "stock_balances" ("id") ON DELETE RESTRICT
);


CREATE INDEX "ix_audit_at" ON "audit" ("at");


CREATE UNIQUE INDEX "ix_bins_warehouse_id_code" ON "bins" ("warehouse_id", "code");


CREATE INDEX "ix_bins_warehouse_id_zone_id_kind" ON "bins" ("warehouse_id", "zone_id", "kind");


CREATE INDEX "ix_bins_zone_id" ON "bins" ("zone_id");


CREATE INDEX "ix_ledger_bin_id_sku_id" ON "ledger" ("bin_id", "sku_id");


CREATE INDEX "ix_ledger_stock_balance_id" ON "ledger" ("stock_balance_id");


CREATE INDEX "ix_ledger_warehouse_id_id" ON "ledger" ("warehouse_id", "id");


CREATE INDEX "ix_sku_barcodes_sku_id" ON "sku_barcodes" ("sku_id");


CREATE UNIQUE INDEX "ix_skus_code" ON "skus" ("code");


CREATE UNIQUE INDEX "ix_stock_balances_bin_id_sku_id_lot" ON "stock_balances" ("bin_id", "sku_id", "lot");


CREATE INDEX "ix_stock_balances_sku_id" ON "stock_balances" ("sku_id");


CREATE INDEX "ix_stock_balances_warehouse_id_sku_id" ON "stock_balances" ("warehouse_id", "sku_id");


CREATE UNIQUE INDEX "ix_warehouses_code" ON "warehouses" ("code");


CREATE UNIQUE INDEX "ix_zones_warehouse_id_code" ON "zones" ("warehouse_id", "code");


