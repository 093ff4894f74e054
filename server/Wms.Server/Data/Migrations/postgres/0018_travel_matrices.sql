-- Road-network travel matrices kept for re-plans and other servers (docs/dispatch.md, "Road distances").
CREATE TABLE travel_matrices (
    matrix_key character varying(64) NOT NULL,
    points integer NOT NULL,
    created_at bigint NOT NULL,
    distance_km bytea NOT NULL,
    time_seconds bytea NOT NULL,
    CONSTRAINT pk_travel_matrices PRIMARY KEY (matrix_key)
);
CREATE INDEX ix_travel_matrices_created_at ON travel_matrices (created_at);
