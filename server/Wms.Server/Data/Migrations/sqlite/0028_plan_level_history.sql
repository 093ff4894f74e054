-- Version 28 (numbers between 22 and 28 are left to other branches).
--
-- Planning (issue 15): the levels each nightly plan set, one row per warehouse, SKU and UTC day (sku_plan_levels), so
-- the KPIs measure a past day's stock against the order-up-to level in force that day instead of today's. The plans
-- already stored become the first rows, on the day they were computed (ticks / ticks per day = the day number).

CREATE TABLE "sku_plan_levels" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sku_plan_levels" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "reorder_point" REAL NOT NULL,
    "order_up_to" REAL NOT NULL,
    CONSTRAINT "fk_sku_plan_levels_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_sku_plan_levels_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_sku_plan_levels_sku_id" ON "sku_plan_levels" ("sku_id");

CREATE UNIQUE INDEX "ix_sku_plan_levels_warehouse_id_day_sku_id" ON "sku_plan_levels" ("warehouse_id", "day", "sku_id");

INSERT INTO "sku_plan_levels" ("warehouse_id", "sku_id", "day", "reorder_point", "order_up_to")
SELECT "warehouse_id", "sku_id", "computed_at" / 864000000000, "reorder_point", "order_up_to" FROM "sku_plans";
