-- Version 4.
--
-- Request ids are scoped to the caller and the method: request_log is keyed by (request_id, actor,
-- command), so another caller's id is a new request and never replays someone else's answer. The
-- request id leads, so looking up a batch's ids stays an index search.
ALTER TABLE request_log DROP CONSTRAINT pk_request_log;
ALTER TABLE request_log ADD CONSTRAINT pk_request_log PRIMARY KEY (request_id, actor, command);

-- Every name has a documented maximum length (docs/contracts.md); zone names were the one text column
-- without one.
ALTER TABLE zones ALTER COLUMN name TYPE character varying(200);

-- A warehouse knows its time zone (an order without a requested ship date ships today there); the
-- warehouses created before this version are in UTC until told otherwise.
ALTER TABLE warehouses ADD COLUMN time_zone character varying(64) NOT NULL DEFAULT 'UTC';
