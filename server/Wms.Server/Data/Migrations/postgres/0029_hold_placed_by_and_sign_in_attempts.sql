-- Version 29.
--
-- Web console (issue 18):
-- - Who put a bin on hold and when (`bins.hold_placed_by`, `hold_placed_at`), as lot holds already say: the floor
--   page shows it. Bins on hold from before have neither ('' and NULL); the default fills the rows there are and
--   is then dropped, as the model has none.
-- - The per-address limit on sign-in attempts counted in the database (`sign_in_attempts`: attempts per address
--   and 10-second step), so several servers on one database share one count. New table only.

ALTER TABLE bins ADD COLUMN hold_placed_by character varying(100) NOT NULL DEFAULT '';
ALTER TABLE bins ALTER COLUMN hold_placed_by DROP DEFAULT;
ALTER TABLE bins ADD COLUMN hold_placed_at bigint;

CREATE TABLE sign_in_attempts (
    address character varying(64) NOT NULL,
    time_step bigint NOT NULL,
    attempts integer NOT NULL,
    CONSTRAINT pk_sign_in_attempts PRIMARY KEY (address, time_step)
);

CREATE INDEX ix_sign_in_attempts_time_step ON sign_in_attempts (time_step);
