-- Version 7.
--
-- MQTT ingest: registered devices (credentials hashed, settings, last state), their stored readings
-- (keyed by device and sequence, which deduplicates redeliveries) and alerts. New tables only.

CREATE TABLE "alerts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_alerts" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "kind" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "raised_at" INTEGER NOT NULL,
    "resolved_at" INTEGER NULL,
    "resolution" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "fk_alerts_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);

CREATE TABLE "devices" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_devices" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "enabled" INTEGER NOT NULL,
    "bin_id" INTEGER NULL,
    "sku_id" INTEGER NULL,
    "zone_id" INTEGER NULL,
    "tare_grams" REAL NOT NULL,
    "tolerance_units" REAL NOT NULL,
    "grace_seconds" INTEGER NOT NULL,
    "min_celsius" REAL NOT NULL,
    "max_celsius" REAL NOT NULL,
    "heartbeat_seconds" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "last_sequence" INTEGER NOT NULL,
    "last_device_time" INTEGER NULL,
    "last_value" REAL NOT NULL,
    "last_seen_at" INTEGER NULL,
    "online" INTEGER NOT NULL,
    "deviation_since" INTEGER NULL,
    "out_of_range_seconds" REAL NOT NULL,
    "accepted" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "last_rejection" TEXT NOT NULL,
    CONSTRAINT "ck_devices_settings" CHECK (grace_seconds >= 0 AND heartbeat_seconds >= 0 AND tolerance_units >= 0),
    CONSTRAINT "fk_devices_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_devices_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_devices_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_devices_zone_id" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT
);

CREATE TABLE "device_readings" (
    "device_id" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" INTEGER NOT NULL,
    "device_time" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    CONSTRAINT "pk_device_readings" PRIMARY KEY ("device_id", "sequence"),
    CONSTRAINT "fk_device_readings_device_id" FOREIGN KEY ("device_id") REFERENCES "devices" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_alerts_position" ON "alerts" ("position");

CREATE INDEX "ix_alerts_warehouse_id_kind_subject" ON "alerts" ("warehouse_id", "kind", "subject");

CREATE INDEX "ix_device_readings_device_id_device_time" ON "device_readings" ("device_id", "device_time");

CREATE INDEX "ix_device_readings_received_at" ON "device_readings" ("received_at");

CREATE INDEX "ix_devices_bin_id" ON "devices" ("bin_id");

CREATE UNIQUE INDEX "ix_devices_code" ON "devices" ("code");

CREATE INDEX "ix_devices_sku_id" ON "devices" ("sku_id");

CREATE INDEX "ix_devices_warehouse_id" ON "devices" ("warehouse_id");

CREATE INDEX "ix_devices_zone_id" ON "devices" ("zone_id");
