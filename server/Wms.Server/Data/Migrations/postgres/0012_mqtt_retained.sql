-- Retained messages of the embedded MQTT broker, kept across restarts (docs/mqtt.md).
CREATE TABLE mqtt_retained (
    topic text NOT NULL,
    payload bytea NOT NULL,
    qos integer NOT NULL,
    content_type character varying(200) NOT NULL,
    payload_format integer NOT NULL,
    CONSTRAINT pk_mqtt_retained PRIMARY KEY (topic)
);
