-- Version 5 (4 is left to another branch).
--
-- Totes: which tote on the picker's cart holds which order of a trip, and where a finished trip's totes
-- were dropped off (issue 12). New tables only: nothing existing changes.

CREATE TABLE "trip_totes" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_trip_totes" PRIMARY KEY AUTOINCREMENT,
    "trip_id" INTEGER NOT NULL,
    "order_id" INTEGER NOT NULL,
    "tote_code" TEXT NOT NULL,
    "recorded_at" INTEGER NOT NULL,
    CONSTRAINT "fk_trip_totes_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_trip_totes_trip_id" FOREIGN KEY ("trip_id") REFERENCES "trips" ("id") ON DELETE RESTRICT
);

CREATE TABLE "trip_drop_offs" (
    "trip_id" INTEGER NOT NULL CONSTRAINT "pk_trip_drop_offs" PRIMARY KEY,
    "bin_id" INTEGER NOT NULL,
    "dropped_by" TEXT NOT NULL,
    "dropped_at" INTEGER NOT NULL,
    CONSTRAINT "fk_trip_drop_offs_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_trip_drop_offs_trip_id" FOREIGN KEY ("trip_id") REFERENCES "trips" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_trip_drop_offs_bin_id" ON "trip_drop_offs" ("bin_id");

CREATE INDEX "ix_trip_totes_order_id" ON "trip_totes" ("order_id");

CREATE UNIQUE INDEX "ix_trip_totes_trip_id_order_id" ON "trip_totes" ("trip_id", "order_id");

CREATE UNIQUE INDEX "ix_trip_totes_trip_id_tote_code" ON "trip_totes" ("trip_id", "tote_code");
