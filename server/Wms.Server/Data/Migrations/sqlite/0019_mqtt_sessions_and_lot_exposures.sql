-- Persistent sessions of the embedded MQTT broker (sessions, their subscriptions, unacknowledged QoS 1/2 messages) kept across
-- restarts, and cold-chain time out of range per lot and probe (docs/mqtt.md). New tables only.
CREATE TABLE "mqtt_sessions" (
    "client_id" TEXT NOT NULL CONSTRAINT "pk_mqtt_sessions" PRIMARY KEY,
    "is_device" INTEGER NOT NULL,
    "expiry_seconds" INTEGER NOT NULL,
    "disconnected_at" INTEGER NULL
);

CREATE TABLE "mqtt_session_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_mqtt_session_messages" PRIMARY KEY AUTOINCREMENT,
    "client_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" BLOB NOT NULL,
    "qos" INTEGER NOT NULL,
    "content_type" TEXT NOT NULL,
    "payload_format" INTEGER NOT NULL,
    CONSTRAINT "fk_mqtt_session_messages_client_id" FOREIGN KEY ("client_id") REFERENCES "mqtt_sessions" ("client_id") ON DELETE CASCADE
);

CREATE TABLE "mqtt_subscriptions" (
    "client_id" TEXT NOT NULL,
    "topic_filter" TEXT NOT NULL,
    "qos" INTEGER NOT NULL,
    "no_local" INTEGER NOT NULL,
    "retain_as_published" INTEGER NOT NULL,
    CONSTRAINT "pk_mqtt_subscriptions" PRIMARY KEY ("client_id", "topic_filter"),
    CONSTRAINT "fk_mqtt_subscriptions_client_id" FOREIGN KEY ("client_id") REFERENCES "mqtt_sessions" ("client_id") ON DELETE CASCADE
);

CREATE TABLE "lot_exposures" (
    "device_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "seconds" REAL NOT NULL,
    "first_at" INTEGER NOT NULL,
    "last_at" INTEGER NOT NULL,
    CONSTRAINT "pk_lot_exposures" PRIMARY KEY ("device_id", "sku_id", "lot"),
    CONSTRAINT "fk_lot_exposures_device_id" FOREIGN KEY ("device_id") REFERENCES "devices" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_lot_exposures_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_lot_exposures_sku_id_lot" ON "lot_exposures" ("sku_id", "lot");

CREATE INDEX "ix_mqtt_session_messages_client_id_id" ON "mqtt_session_messages" ("client_id", "id");
