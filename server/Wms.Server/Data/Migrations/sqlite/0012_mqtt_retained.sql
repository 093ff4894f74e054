-- Retained messages of the embedded MQTT broker, kept across restarts (docs/mqtt.md).
CREATE TABLE "mqtt_retained" (
    "topic" TEXT NOT NULL CONSTRAINT "pk_mqtt_retained" PRIMARY KEY,
    "payload" BLOB NOT NULL,
    "qos" INTEGER NOT NULL,
    "content_type" TEXT NOT NULL,
    "payload_format" INTEGER NOT NULL
);
