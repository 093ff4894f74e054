-- Version 25.
--
-- SQLite ignores declared lengths (a varchar(N) column is TEXT and takes any length), so until now only the
-- server's edge checks held SQLite's text columns to the lengths PostgreSQL's varchar(N) columns enforce.
-- Here the database holds them too: per table, a BEFORE INSERT and a BEFORE UPDATE OF trigger raise ABORT
-- with a message naming table.column and its limit. Triggers rather than CHECK (length(...) <= N): no table
-- is rebuilt, so no data is copied and foreign keys, indexes and sequences stay as they are.
-- The script is what `dotnet run --project server/Wms.Server -- schema-script sqlite-length-checks` printed
-- from the model (whose lengths come from Common/Limits.cs, the same as PostgreSQL's); LengthLimitsTests
-- holds every text column of a migrated database to PostgreSQL's length.
-- The UPDATE after each table's triggers sets any over-long value to itself, which runs the update trigger
-- over the rows already there: a row longer than its limit (written before the edge checks) stops the
-- upgrade with a message naming table.column; shorten it, then start again (docs/schema.md).
-- A later migration that rebuilds one of these tables drops its triggers with it: print them again with
-- `schema-script sqlite-length-checks <table>` and append them to that migration.

DROP TRIGGER IF EXISTS "ck_alerts_lengths_insert";
DROP TRIGGER IF EXISTS "ck_alerts_lengths_update";
CREATE TRIGGER "ck_alerts_lengths_insert" BEFORE INSERT ON "alerts"
BEGIN
    SELECT CASE
        WHEN length(NEW."message") > 400 THEN RAISE(ABORT, 'alerts.message is longer than 400 characters')
        WHEN length(NEW."resolution") > 200 THEN RAISE(ABORT, 'alerts.resolution is longer than 200 characters')
        WHEN length(NEW."subject") > 64 THEN RAISE(ABORT, 'alerts.subject is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_alerts_lengths_update" BEFORE UPDATE OF "message", "resolution", "subject" ON "alerts"
BEGIN
    SELECT CASE
        WHEN length(NEW."message") > 400 THEN RAISE(ABORT, 'alerts.message is longer than 400 characters')
        WHEN length(NEW."resolution") > 200 THEN RAISE(ABORT, 'alerts.resolution is longer than 200 characters')
        WHEN length(NEW."subject") > 64 THEN RAISE(ABORT, 'alerts.subject is longer than 64 characters')
    END;
END;
UPDATE "alerts" SET "message" = "message" WHERE length("message") > 400 OR length("resolution") > 200 OR length("subject") > 64;

DROP TRIGGER IF EXISTS "ck_api_tokens_lengths_insert";
DROP TRIGGER IF EXISTS "ck_api_tokens_lengths_update";
CREATE TRIGGER "ck_api_tokens_lengths_insert" BEFORE INSERT ON "api_tokens"
BEGIN
    SELECT CASE
        WHEN length(NEW."created_by") > 100 THEN RAISE(ABORT, 'api_tokens.created_by is longer than 100 characters')
        WHEN length(NEW."name") > 100 THEN RAISE(ABORT, 'api_tokens.name is longer than 100 characters')
        WHEN length(NEW."roles") > 200 THEN RAISE(ABORT, 'api_tokens.roles is longer than 200 characters')
        WHEN length(NEW."token_hash") > 64 THEN RAISE(ABORT, 'api_tokens.token_hash is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_api_tokens_lengths_update" BEFORE UPDATE OF "created_by", "name", "roles", "token_hash" ON "api_tokens"
BEGIN
    SELECT CASE
        WHEN length(NEW."created_by") > 100 THEN RAISE(ABORT, 'api_tokens.created_by is longer than 100 characters')
        WHEN length(NEW."name") > 100 THEN RAISE(ABORT, 'api_tokens.name is longer than 100 characters')
        WHEN length(NEW."roles") > 200 THEN RAISE(ABORT, 'api_tokens.roles is longer than 200 characters')
        WHEN length(NEW."token_hash") > 64 THEN RAISE(ABORT, 'api_tokens.token_hash is longer than 64 characters')
    END;
END;
UPDATE "api_tokens" SET "created_by" = "created_by" WHERE length("created_by") > 100 OR length("name") > 100 OR length("roles") > 200 OR length("token_hash") > 64;

DROP TRIGGER IF EXISTS "ck_audit_lengths_insert";
DROP TRIGGER IF EXISTS "ck_audit_lengths_update";
CREATE TRIGGER "ck_audit_lengths_insert" BEFORE INSERT ON "audit"
BEGIN
    SELECT CASE
        WHEN length(NEW."actor") > 100 THEN RAISE(ABORT, 'audit.actor is longer than 100 characters')
        WHEN length(NEW."command") > 100 THEN RAISE(ABORT, 'audit.command is longer than 100 characters')
        WHEN length(NEW."origin") > 100 THEN RAISE(ABORT, 'audit.origin is longer than 100 characters')
        WHEN length(NEW."request_id") > 100 THEN RAISE(ABORT, 'audit.request_id is longer than 100 characters')
        WHEN length(NEW."summary") > 1000 THEN RAISE(ABORT, 'audit.summary is longer than 1000 characters')
    END;
END;
CREATE TRIGGER "ck_audit_lengths_update" BEFORE UPDATE OF "actor", "command", "origin", "request_id", "summary" ON "audit"
BEGIN
    SELECT CASE
        WHEN length(NEW."actor") > 100 THEN RAISE(ABORT, 'audit.actor is longer than 100 characters')
        WHEN length(NEW."command") > 100 THEN RAISE(ABORT, 'audit.command is longer than 100 characters')
        WHEN length(NEW."origin") > 100 THEN RAISE(ABORT, 'audit.origin is longer than 100 characters')
        WHEN length(NEW."request_id") > 100 THEN RAISE(ABORT, 'audit.request_id is longer than 100 characters')
        WHEN length(NEW."summary") > 1000 THEN RAISE(ABORT, 'audit.summary is longer than 1000 characters')
    END;
END;
UPDATE "audit" SET "actor" = "actor" WHERE length("actor") > 100 OR length("command") > 100 OR length("origin") > 100 OR length("request_id") > 100 OR length("summary") > 1000;

DROP TRIGGER IF EXISTS "ck_bins_lengths_insert";
DROP TRIGGER IF EXISTS "ck_bins_lengths_update";
CREATE TRIGGER "ck_bins_lengths_insert" BEFORE INSERT ON "bins"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'bins.code is longer than 64 characters')
        WHEN length(NEW."hold_reason") > 200 THEN RAISE(ABORT, 'bins.hold_reason is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_bins_lengths_update" BEFORE UPDATE OF "code", "hold_reason" ON "bins"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'bins.code is longer than 64 characters')
        WHEN length(NEW."hold_reason") > 200 THEN RAISE(ABORT, 'bins.hold_reason is longer than 200 characters')
    END;
END;
UPDATE "bins" SET "code" = "code" WHERE length("code") > 64 OR length("hold_reason") > 200;

DROP TRIGGER IF EXISTS "ck_cartons_lengths_insert";
DROP TRIGGER IF EXISTS "ck_cartons_lengths_update";
CREATE TRIGGER "ck_cartons_lengths_insert" BEFORE INSERT ON "cartons"
BEGIN
    SELECT CASE
        WHEN length(NEW."label") > 64 THEN RAISE(ABORT, 'cartons.label is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_cartons_lengths_update" BEFORE UPDATE OF "label" ON "cartons"
BEGIN
    SELECT CASE
        WHEN length(NEW."label") > 64 THEN RAISE(ABORT, 'cartons.label is longer than 64 characters')
    END;
END;
UPDATE "cartons" SET "label" = "label" WHERE length("label") > 64;

DROP TRIGGER IF EXISTS "ck_cycle_counts_lengths_insert";
DROP TRIGGER IF EXISTS "ck_cycle_counts_lengths_update";
CREATE TRIGGER "ck_cycle_counts_lengths_insert" BEFORE INSERT ON "cycle_counts"
BEGIN
    SELECT CASE
        WHEN length(NEW."raised_by") > 100 THEN RAISE(ABORT, 'cycle_counts.raised_by is longer than 100 characters')
        WHEN length(NEW."reason") > 200 THEN RAISE(ABORT, 'cycle_counts.reason is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_cycle_counts_lengths_update" BEFORE UPDATE OF "raised_by", "reason" ON "cycle_counts"
BEGIN
    SELECT CASE
        WHEN length(NEW."raised_by") > 100 THEN RAISE(ABORT, 'cycle_counts.raised_by is longer than 100 characters')
        WHEN length(NEW."reason") > 200 THEN RAISE(ABORT, 'cycle_counts.reason is longer than 200 characters')
    END;
END;
UPDATE "cycle_counts" SET "raised_by" = "raised_by" WHERE length("raised_by") > 100 OR length("reason") > 200;

DROP TRIGGER IF EXISTS "ck_devices_lengths_insert";
DROP TRIGGER IF EXISTS "ck_devices_lengths_update";
CREATE TRIGGER "ck_devices_lengths_insert" BEFORE INSERT ON "devices"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'devices.code is longer than 64 characters')
        WHEN length(NEW."last_rejection") > 200 THEN RAISE(ABORT, 'devices.last_rejection is longer than 200 characters')
        WHEN length(NEW."secret_hash") > 64 THEN RAISE(ABORT, 'devices.secret_hash is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_devices_lengths_update" BEFORE UPDATE OF "code", "last_rejection", "secret_hash" ON "devices"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'devices.code is longer than 64 characters')
        WHEN length(NEW."last_rejection") > 200 THEN RAISE(ABORT, 'devices.last_rejection is longer than 200 characters')
        WHEN length(NEW."secret_hash") > 64 THEN RAISE(ABORT, 'devices.secret_hash is longer than 64 characters')
    END;
END;
UPDATE "devices" SET "code" = "code" WHERE length("code") > 64 OR length("last_rejection") > 200 OR length("secret_hash") > 64;

DROP TRIGGER IF EXISTS "ck_job_runs_lengths_insert";
DROP TRIGGER IF EXISTS "ck_job_runs_lengths_update";
CREATE TRIGGER "ck_job_runs_lengths_insert" BEFORE INSERT ON "job_runs"
BEGIN
    SELECT CASE
        WHEN length(NEW."instance") > 200 THEN RAISE(ABORT, 'job_runs.instance is longer than 200 characters')
        WHEN length(NEW."job") > 100 THEN RAISE(ABORT, 'job_runs.job is longer than 100 characters')
        WHEN length(NEW."result") > 1000 THEN RAISE(ABORT, 'job_runs.result is longer than 1000 characters')
        WHEN length(NEW."trigger") > 200 THEN RAISE(ABORT, 'job_runs.trigger is longer than 200 characters')
        WHEN length(NEW."warehouse_code") > 64 THEN RAISE(ABORT, 'job_runs.warehouse_code is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_job_runs_lengths_update" BEFORE UPDATE OF "instance", "job", "result", "trigger", "warehouse_code" ON "job_runs"
BEGIN
    SELECT CASE
        WHEN length(NEW."instance") > 200 THEN RAISE(ABORT, 'job_runs.instance is longer than 200 characters')
        WHEN length(NEW."job") > 100 THEN RAISE(ABORT, 'job_runs.job is longer than 100 characters')
        WHEN length(NEW."result") > 1000 THEN RAISE(ABORT, 'job_runs.result is longer than 1000 characters')
        WHEN length(NEW."trigger") > 200 THEN RAISE(ABORT, 'job_runs.trigger is longer than 200 characters')
        WHEN length(NEW."warehouse_code") > 64 THEN RAISE(ABORT, 'job_runs.warehouse_code is longer than 64 characters')
    END;
END;
UPDATE "job_runs" SET "instance" = "instance" WHERE length("instance") > 200 OR length("job") > 100 OR length("result") > 1000 OR length("trigger") > 200 OR length("warehouse_code") > 64;

DROP TRIGGER IF EXISTS "ck_ledger_lengths_insert";
DROP TRIGGER IF EXISTS "ck_ledger_lengths_update";
CREATE TRIGGER "ck_ledger_lengths_insert" BEFORE INSERT ON "ledger"
BEGIN
    SELECT CASE
        WHEN length(NEW."actor") > 100 THEN RAISE(ABORT, 'ledger.actor is longer than 100 characters')
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'ledger.lot is longer than 64 characters')
        WHEN length(NEW."note") > 500 THEN RAISE(ABORT, 'ledger.note is longer than 500 characters')
        WHEN length(NEW."reason_code") > 32 THEN RAISE(ABORT, 'ledger.reason_code is longer than 32 characters')
        WHEN length(NEW."reference") > 100 THEN RAISE(ABORT, 'ledger.reference is longer than 100 characters')
        WHEN length(NEW."request_id") > 100 THEN RAISE(ABORT, 'ledger.request_id is longer than 100 characters')
    END;
END;
CREATE TRIGGER "ck_ledger_lengths_update" BEFORE UPDATE OF "actor", "lot", "note", "reason_code", "reference", "request_id" ON "ledger"
BEGIN
    SELECT CASE
        WHEN length(NEW."actor") > 100 THEN RAISE(ABORT, 'ledger.actor is longer than 100 characters')
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'ledger.lot is longer than 64 characters')
        WHEN length(NEW."note") > 500 THEN RAISE(ABORT, 'ledger.note is longer than 500 characters')
        WHEN length(NEW."reason_code") > 32 THEN RAISE(ABORT, 'ledger.reason_code is longer than 32 characters')
        WHEN length(NEW."reference") > 100 THEN RAISE(ABORT, 'ledger.reference is longer than 100 characters')
        WHEN length(NEW."request_id") > 100 THEN RAISE(ABORT, 'ledger.request_id is longer than 100 characters')
    END;
END;
UPDATE "ledger" SET "actor" = "actor" WHERE length("actor") > 100 OR length("lot") > 64 OR length("note") > 500 OR length("reason_code") > 32 OR length("reference") > 100 OR length("request_id") > 100;

DROP TRIGGER IF EXISTS "ck_lot_exposures_lengths_insert";
DROP TRIGGER IF EXISTS "ck_lot_exposures_lengths_update";
CREATE TRIGGER "ck_lot_exposures_lengths_insert" BEFORE INSERT ON "lot_exposures"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'lot_exposures.lot is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_lot_exposures_lengths_update" BEFORE UPDATE OF "lot" ON "lot_exposures"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'lot_exposures.lot is longer than 64 characters')
    END;
END;
UPDATE "lot_exposures" SET "lot" = "lot" WHERE length("lot") > 64;

DROP TRIGGER IF EXISTS "ck_lot_holds_lengths_insert";
DROP TRIGGER IF EXISTS "ck_lot_holds_lengths_update";
CREATE TRIGGER "ck_lot_holds_lengths_insert" BEFORE INSERT ON "lot_holds"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'lot_holds.lot is longer than 64 characters')
        WHEN length(NEW."placed_by") > 100 THEN RAISE(ABORT, 'lot_holds.placed_by is longer than 100 characters')
        WHEN length(NEW."reason") > 200 THEN RAISE(ABORT, 'lot_holds.reason is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_lot_holds_lengths_update" BEFORE UPDATE OF "lot", "placed_by", "reason" ON "lot_holds"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'lot_holds.lot is longer than 64 characters')
        WHEN length(NEW."placed_by") > 100 THEN RAISE(ABORT, 'lot_holds.placed_by is longer than 100 characters')
        WHEN length(NEW."reason") > 200 THEN RAISE(ABORT, 'lot_holds.reason is longer than 200 characters')
    END;
END;
UPDATE "lot_holds" SET "lot" = "lot" WHERE length("lot") > 64 OR length("placed_by") > 100 OR length("reason") > 200;

DROP TRIGGER IF EXISTS "ck_mqtt_retained_lengths_insert";
DROP TRIGGER IF EXISTS "ck_mqtt_retained_lengths_update";
CREATE TRIGGER "ck_mqtt_retained_lengths_insert" BEFORE INSERT ON "mqtt_retained"
BEGIN
    SELECT CASE
        WHEN length(NEW."content_type") > 200 THEN RAISE(ABORT, 'mqtt_retained.content_type is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_mqtt_retained_lengths_update" BEFORE UPDATE OF "content_type" ON "mqtt_retained"
BEGIN
    SELECT CASE
        WHEN length(NEW."content_type") > 200 THEN RAISE(ABORT, 'mqtt_retained.content_type is longer than 200 characters')
    END;
END;
UPDATE "mqtt_retained" SET "content_type" = "content_type" WHERE length("content_type") > 200;

DROP TRIGGER IF EXISTS "ck_mqtt_session_messages_lengths_insert";
DROP TRIGGER IF EXISTS "ck_mqtt_session_messages_lengths_update";
CREATE TRIGGER "ck_mqtt_session_messages_lengths_insert" BEFORE INSERT ON "mqtt_session_messages"
BEGIN
    SELECT CASE
        WHEN length(NEW."client_id") > 256 THEN RAISE(ABORT, 'mqtt_session_messages.client_id is longer than 256 characters')
        WHEN length(NEW."content_type") > 200 THEN RAISE(ABORT, 'mqtt_session_messages.content_type is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_mqtt_session_messages_lengths_update" BEFORE UPDATE OF "client_id", "content_type" ON "mqtt_session_messages"
BEGIN
    SELECT CASE
        WHEN length(NEW."client_id") > 256 THEN RAISE(ABORT, 'mqtt_session_messages.client_id is longer than 256 characters')
        WHEN length(NEW."content_type") > 200 THEN RAISE(ABORT, 'mqtt_session_messages.content_type is longer than 200 characters')
    END;
END;
UPDATE "mqtt_session_messages" SET "client_id" = "client_id" WHERE length("client_id") > 256 OR length("content_type") > 200;

DROP TRIGGER IF EXISTS "ck_mqtt_sessions_lengths_insert";
DROP TRIGGER IF EXISTS "ck_mqtt_sessions_lengths_update";
CREATE TRIGGER "ck_mqtt_sessions_lengths_insert" BEFORE INSERT ON "mqtt_sessions"
BEGIN
    SELECT CASE
        WHEN length(NEW."client_id") > 256 THEN RAISE(ABORT, 'mqtt_sessions.client_id is longer than 256 characters')
    END;
END;
CREATE TRIGGER "ck_mqtt_sessions_lengths_update" BEFORE UPDATE OF "client_id" ON "mqtt_sessions"
BEGIN
    SELECT CASE
        WHEN length(NEW."client_id") > 256 THEN RAISE(ABORT, 'mqtt_sessions.client_id is longer than 256 characters')
    END;
END;
UPDATE "mqtt_sessions" SET "client_id" = "client_id" WHERE length("client_id") > 256;

DROP TRIGGER IF EXISTS "ck_mqtt_subscriptions_lengths_insert";
DROP TRIGGER IF EXISTS "ck_mqtt_subscriptions_lengths_update";
CREATE TRIGGER "ck_mqtt_subscriptions_lengths_insert" BEFORE INSERT ON "mqtt_subscriptions"
BEGIN
    SELECT CASE
        WHEN length(NEW."client_id") > 256 THEN RAISE(ABORT, 'mqtt_subscriptions.client_id is longer than 256 characters')
        WHEN length(NEW."topic_filter") > 1024 THEN RAISE(ABORT, 'mqtt_subscriptions.topic_filter is longer than 1024 characters')
    END;
END;
CREATE TRIGGER "ck_mqtt_subscriptions_lengths_update" BEFORE UPDATE OF "client_id", "topic_filter" ON "mqtt_subscriptions"
BEGIN
    SELECT CASE
        WHEN length(NEW."client_id") > 256 THEN RAISE(ABORT, 'mqtt_subscriptions.client_id is longer than 256 characters')
        WHEN length(NEW."topic_filter") > 1024 THEN RAISE(ABORT, 'mqtt_subscriptions.topic_filter is longer than 1024 characters')
    END;
END;
UPDATE "mqtt_subscriptions" SET "client_id" = "client_id" WHERE length("client_id") > 256 OR length("topic_filter") > 1024;

DROP TRIGGER IF EXISTS "ck_orders_lengths_insert";
DROP TRIGGER IF EXISTS "ck_orders_lengths_update";
CREATE TRIGGER "ck_orders_lengths_insert" BEFORE INSERT ON "orders"
BEGIN
    SELECT CASE
        WHEN length(NEW."address_line") > 500 THEN RAISE(ABORT, 'orders.address_line is longer than 500 characters')
        WHEN length(NEW."customer_name") > 200 THEN RAISE(ABORT, 'orders.customer_name is longer than 200 characters')
        WHEN length(NEW."reference") > 64 THEN RAISE(ABORT, 'orders.reference is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_orders_lengths_update" BEFORE UPDATE OF "address_line", "customer_name", "reference" ON "orders"
BEGIN
    SELECT CASE
        WHEN length(NEW."address_line") > 500 THEN RAISE(ABORT, 'orders.address_line is longer than 500 characters')
        WHEN length(NEW."customer_name") > 200 THEN RAISE(ABORT, 'orders.customer_name is longer than 200 characters')
        WHEN length(NEW."reference") > 64 THEN RAISE(ABORT, 'orders.reference is longer than 64 characters')
    END;
END;
UPDATE "orders" SET "address_line" = "address_line" WHERE length("address_line") > 500 OR length("customer_name") > 200 OR length("reference") > 64;

DROP TRIGGER IF EXISTS "ck_pick_tasks_lengths_insert";
DROP TRIGGER IF EXISTS "ck_pick_tasks_lengths_update";
CREATE TRIGGER "ck_pick_tasks_lengths_insert" BEFORE INSERT ON "pick_tasks"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'pick_tasks.lot is longer than 64 characters')
        WHEN length(NEW."short_reason") > 200 THEN RAISE(ABORT, 'pick_tasks.short_reason is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_pick_tasks_lengths_update" BEFORE UPDATE OF "lot", "short_reason" ON "pick_tasks"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'pick_tasks.lot is longer than 64 characters')
        WHEN length(NEW."short_reason") > 200 THEN RAISE(ABORT, 'pick_tasks.short_reason is longer than 200 characters')
    END;
END;
UPDATE "pick_tasks" SET "lot" = "lot" WHERE length("lot") > 64 OR length("short_reason") > 200;

DROP TRIGGER IF EXISTS "ck_planned_stops_lengths_insert";
DROP TRIGGER IF EXISTS "ck_planned_stops_lengths_update";
CREATE TRIGGER "ck_planned_stops_lengths_insert" BEFORE INSERT ON "planned_stops"
BEGIN
    SELECT CASE
        WHEN length(NEW."photo_reference") > 500 THEN RAISE(ABORT, 'planned_stops.photo_reference is longer than 500 characters')
        WHEN length(NEW."received_by") > 200 THEN RAISE(ABORT, 'planned_stops.received_by is longer than 200 characters')
        WHEN length(NEW."unserved_detail") > 500 THEN RAISE(ABORT, 'planned_stops.unserved_detail is longer than 500 characters')
    END;
END;
CREATE TRIGGER "ck_planned_stops_lengths_update" BEFORE UPDATE OF "photo_reference", "received_by", "unserved_detail" ON "planned_stops"
BEGIN
    SELECT CASE
        WHEN length(NEW."photo_reference") > 500 THEN RAISE(ABORT, 'planned_stops.photo_reference is longer than 500 characters')
        WHEN length(NEW."received_by") > 200 THEN RAISE(ABORT, 'planned_stops.received_by is longer than 200 characters')
        WHEN length(NEW."unserved_detail") > 500 THEN RAISE(ABORT, 'planned_stops.unserved_detail is longer than 500 characters')
    END;
END;
UPDATE "planned_stops" SET "photo_reference" = "photo_reference" WHERE length("photo_reference") > 500 OR length("received_by") > 200 OR length("unserved_detail") > 500;

DROP TRIGGER IF EXISTS "ck_receipts_lengths_insert";
DROP TRIGGER IF EXISTS "ck_receipts_lengths_update";
CREATE TRIGGER "ck_receipts_lengths_insert" BEFORE INSERT ON "receipts"
BEGIN
    SELECT CASE
        WHEN length(NEW."reference") > 64 THEN RAISE(ABORT, 'receipts.reference is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_receipts_lengths_update" BEFORE UPDATE OF "reference" ON "receipts"
BEGIN
    SELECT CASE
        WHEN length(NEW."reference") > 64 THEN RAISE(ABORT, 'receipts.reference is longer than 64 characters')
    END;
END;
UPDATE "receipts" SET "reference" = "reference" WHERE length("reference") > 64;

DROP TRIGGER IF EXISTS "ck_replenishment_tasks_lengths_insert";
DROP TRIGGER IF EXISTS "ck_replenishment_tasks_lengths_update";
CREATE TRIGGER "ck_replenishment_tasks_lengths_insert" BEFORE INSERT ON "replenishment_tasks"
BEGIN
    SELECT CASE
        WHEN length(NEW."cancel_reason") > 200 THEN RAISE(ABORT, 'replenishment_tasks.cancel_reason is longer than 200 characters')
        WHEN length(NEW."claimed_by") > 100 THEN RAISE(ABORT, 'replenishment_tasks.claimed_by is longer than 100 characters')
        WHEN length(NEW."done_by") > 100 THEN RAISE(ABORT, 'replenishment_tasks.done_by is longer than 100 characters')
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'replenishment_tasks.lot is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_replenishment_tasks_lengths_update" BEFORE UPDATE OF "cancel_reason", "claimed_by", "done_by", "lot" ON "replenishment_tasks"
BEGIN
    SELECT CASE
        WHEN length(NEW."cancel_reason") > 200 THEN RAISE(ABORT, 'replenishment_tasks.cancel_reason is longer than 200 characters')
        WHEN length(NEW."claimed_by") > 100 THEN RAISE(ABORT, 'replenishment_tasks.claimed_by is longer than 100 characters')
        WHEN length(NEW."done_by") > 100 THEN RAISE(ABORT, 'replenishment_tasks.done_by is longer than 100 characters')
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'replenishment_tasks.lot is longer than 64 characters')
    END;
END;
UPDATE "replenishment_tasks" SET "cancel_reason" = "cancel_reason" WHERE length("cancel_reason") > 200 OR length("claimed_by") > 100 OR length("done_by") > 100 OR length("lot") > 64;

DROP TRIGGER IF EXISTS "ck_request_log_lengths_insert";
DROP TRIGGER IF EXISTS "ck_request_log_lengths_update";
CREATE TRIGGER "ck_request_log_lengths_insert" BEFORE INSERT ON "request_log"
BEGIN
    SELECT CASE
        WHEN length(NEW."request_id") > 100 THEN RAISE(ABORT, 'request_log.request_id is longer than 100 characters')
        WHEN length(NEW."actor") > 100 THEN RAISE(ABORT, 'request_log.actor is longer than 100 characters')
        WHEN length(NEW."command") > 100 THEN RAISE(ABORT, 'request_log.command is longer than 100 characters')
    END;
END;
CREATE TRIGGER "ck_request_log_lengths_update" BEFORE UPDATE OF "request_id", "actor", "command" ON "request_log"
BEGIN
    SELECT CASE
        WHEN length(NEW."request_id") > 100 THEN RAISE(ABORT, 'request_log.request_id is longer than 100 characters')
        WHEN length(NEW."actor") > 100 THEN RAISE(ABORT, 'request_log.actor is longer than 100 characters')
        WHEN length(NEW."command") > 100 THEN RAISE(ABORT, 'request_log.command is longer than 100 characters')
    END;
END;
UPDATE "request_log" SET "request_id" = "request_id" WHERE length("request_id") > 100 OR length("actor") > 100 OR length("command") > 100;

DROP TRIGGER IF EXISTS "ck_route_plans_lengths_insert";
DROP TRIGGER IF EXISTS "ck_route_plans_lengths_update";
CREATE TRIGGER "ck_route_plans_lengths_insert" BEFORE INSERT ON "route_plans"
BEGIN
    SELECT CASE
        WHEN length(NEW."committed_by") > 100 THEN RAISE(ABORT, 'route_plans.committed_by is longer than 100 characters')
        WHEN length(NEW."created_by") > 100 THEN RAISE(ABORT, 'route_plans.created_by is longer than 100 characters')
        WHEN length(NEW."engine") > 16 THEN RAISE(ABORT, 'route_plans.engine is longer than 16 characters')
        WHEN length(NEW."solved_by") > 16 THEN RAISE(ABORT, 'route_plans.solved_by is longer than 16 characters')
    END;
END;
CREATE TRIGGER "ck_route_plans_lengths_update" BEFORE UPDATE OF "committed_by", "created_by", "engine", "solved_by" ON "route_plans"
BEGIN
    SELECT CASE
        WHEN length(NEW."committed_by") > 100 THEN RAISE(ABORT, 'route_plans.committed_by is longer than 100 characters')
        WHEN length(NEW."created_by") > 100 THEN RAISE(ABORT, 'route_plans.created_by is longer than 100 characters')
        WHEN length(NEW."engine") > 16 THEN RAISE(ABORT, 'route_plans.engine is longer than 16 characters')
        WHEN length(NEW."solved_by") > 16 THEN RAISE(ABORT, 'route_plans.solved_by is longer than 16 characters')
    END;
END;
UPDATE "route_plans" SET "committed_by" = "committed_by" WHERE length("committed_by") > 100 OR length("created_by") > 100 OR length("engine") > 16 OR length("solved_by") > 16;

DROP TRIGGER IF EXISTS "ck_shipments_lengths_insert";
DROP TRIGGER IF EXISTS "ck_shipments_lengths_update";
CREATE TRIGGER "ck_shipments_lengths_insert" BEFORE INSERT ON "shipments"
BEGIN
    SELECT CASE
        WHEN length(NEW."route_code") > 64 THEN RAISE(ABORT, 'shipments.route_code is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_shipments_lengths_update" BEFORE UPDATE OF "route_code" ON "shipments"
BEGIN
    SELECT CASE
        WHEN length(NEW."route_code") > 64 THEN RAISE(ABORT, 'shipments.route_code is longer than 64 characters')
    END;
END;
UPDATE "shipments" SET "route_code" = "route_code" WHERE length("route_code") > 64;

DROP TRIGGER IF EXISTS "ck_sku_barcodes_lengths_insert";
DROP TRIGGER IF EXISTS "ck_sku_barcodes_lengths_update";
CREATE TRIGGER "ck_sku_barcodes_lengths_insert" BEFORE INSERT ON "sku_barcodes"
BEGIN
    SELECT CASE
        WHEN length(NEW."barcode") > 64 THEN RAISE(ABORT, 'sku_barcodes.barcode is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_sku_barcodes_lengths_update" BEFORE UPDATE OF "barcode" ON "sku_barcodes"
BEGIN
    SELECT CASE
        WHEN length(NEW."barcode") > 64 THEN RAISE(ABORT, 'sku_barcodes.barcode is longer than 64 characters')
    END;
END;
UPDATE "sku_barcodes" SET "barcode" = "barcode" WHERE length("barcode") > 64;

DROP TRIGGER IF EXISTS "ck_sku_plans_lengths_insert";
DROP TRIGGER IF EXISTS "ck_sku_plans_lengths_update";
CREATE TRIGGER "ck_sku_plans_lengths_insert" BEFORE INSERT ON "sku_plans"
BEGIN
    SELECT CASE
        WHEN length(NEW."abc_class") > 1 THEN RAISE(ABORT, 'sku_plans.abc_class is longer than 1 characters')
        WHEN length(NEW."xyz_class") > 1 THEN RAISE(ABORT, 'sku_plans.xyz_class is longer than 1 characters')
    END;
END;
CREATE TRIGGER "ck_sku_plans_lengths_update" BEFORE UPDATE OF "abc_class", "xyz_class" ON "sku_plans"
BEGIN
    SELECT CASE
        WHEN length(NEW."abc_class") > 1 THEN RAISE(ABORT, 'sku_plans.abc_class is longer than 1 characters')
        WHEN length(NEW."xyz_class") > 1 THEN RAISE(ABORT, 'sku_plans.xyz_class is longer than 1 characters')
    END;
END;
UPDATE "sku_plans" SET "abc_class" = "abc_class" WHERE length("abc_class") > 1 OR length("xyz_class") > 1;

DROP TRIGGER IF EXISTS "ck_skus_lengths_insert";
DROP TRIGGER IF EXISTS "ck_skus_lengths_update";
CREATE TRIGGER "ck_skus_lengths_insert" BEFORE INSERT ON "skus"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'skus.code is longer than 64 characters')
        WHEN length(NEW."description") > 500 THEN RAISE(ABORT, 'skus.description is longer than 500 characters')
        WHEN length(NEW."unit_of_measure") > 16 THEN RAISE(ABORT, 'skus.unit_of_measure is longer than 16 characters')
    END;
END;
CREATE TRIGGER "ck_skus_lengths_update" BEFORE UPDATE OF "code", "description", "unit_of_measure" ON "skus"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 64 THEN RAISE(ABORT, 'skus.code is longer than 64 characters')
        WHEN length(NEW."description") > 500 THEN RAISE(ABORT, 'skus.description is longer than 500 characters')
        WHEN length(NEW."unit_of_measure") > 16 THEN RAISE(ABORT, 'skus.unit_of_measure is longer than 16 characters')
    END;
END;
UPDATE "skus" SET "code" = "code" WHERE length("code") > 64 OR length("description") > 500 OR length("unit_of_measure") > 16;

DROP TRIGGER IF EXISTS "ck_stock_balances_lengths_insert";
DROP TRIGGER IF EXISTS "ck_stock_balances_lengths_update";
CREATE TRIGGER "ck_stock_balances_lengths_insert" BEFORE INSERT ON "stock_balances"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'stock_balances.lot is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_stock_balances_lengths_update" BEFORE UPDATE OF "lot" ON "stock_balances"
BEGIN
    SELECT CASE
        WHEN length(NEW."lot") > 64 THEN RAISE(ABORT, 'stock_balances.lot is longer than 64 characters')
    END;
END;
UPDATE "stock_balances" SET "lot" = "lot" WHERE length("lot") > 64;

DROP TRIGGER IF EXISTS "ck_stock_suggestions_lengths_insert";
DROP TRIGGER IF EXISTS "ck_stock_suggestions_lengths_update";
CREATE TRIGGER "ck_stock_suggestions_lengths_insert" BEFORE INSERT ON "stock_suggestions"
BEGIN
    SELECT CASE
        WHEN length(NEW."decided_by") > 100 THEN RAISE(ABORT, 'stock_suggestions.decided_by is longer than 100 characters')
        WHEN length(NEW."reason") > 300 THEN RAISE(ABORT, 'stock_suggestions.reason is longer than 300 characters')
        WHEN length(NEW."reference") > 64 THEN RAISE(ABORT, 'stock_suggestions.reference is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_stock_suggestions_lengths_update" BEFORE UPDATE OF "decided_by", "reason", "reference" ON "stock_suggestions"
BEGIN
    SELECT CASE
        WHEN length(NEW."decided_by") > 100 THEN RAISE(ABORT, 'stock_suggestions.decided_by is longer than 100 characters')
        WHEN length(NEW."reason") > 300 THEN RAISE(ABORT, 'stock_suggestions.reason is longer than 300 characters')
        WHEN length(NEW."reference") > 64 THEN RAISE(ABORT, 'stock_suggestions.reference is longer than 64 characters')
    END;
END;
UPDATE "stock_suggestions" SET "decided_by" = "decided_by" WHERE length("decided_by") > 100 OR length("reason") > 300 OR length("reference") > 64;

DROP TRIGGER IF EXISTS "ck_suppliers_lengths_insert";
DROP TRIGGER IF EXISTS "ck_suppliers_lengths_update";
CREATE TRIGGER "ck_suppliers_lengths_insert" BEFORE INSERT ON "suppliers"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'suppliers.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'suppliers.name is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_suppliers_lengths_update" BEFORE UPDATE OF "code", "name" ON "suppliers"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'suppliers.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'suppliers.name is longer than 200 characters')
    END;
END;
UPDATE "suppliers" SET "code" = "code" WHERE length("code") > 32 OR length("name") > 200;

DROP TRIGGER IF EXISTS "ck_travel_matrices_lengths_insert";
DROP TRIGGER IF EXISTS "ck_travel_matrices_lengths_update";
CREATE TRIGGER "ck_travel_matrices_lengths_insert" BEFORE INSERT ON "travel_matrices"
BEGIN
    SELECT CASE
        WHEN length(NEW."matrix_key") > 64 THEN RAISE(ABORT, 'travel_matrices.matrix_key is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_travel_matrices_lengths_update" BEFORE UPDATE OF "matrix_key" ON "travel_matrices"
BEGIN
    SELECT CASE
        WHEN length(NEW."matrix_key") > 64 THEN RAISE(ABORT, 'travel_matrices.matrix_key is longer than 64 characters')
    END;
END;
UPDATE "travel_matrices" SET "matrix_key" = "matrix_key" WHERE length("matrix_key") > 64;

DROP TRIGGER IF EXISTS "ck_trip_drop_offs_lengths_insert";
DROP TRIGGER IF EXISTS "ck_trip_drop_offs_lengths_update";
CREATE TRIGGER "ck_trip_drop_offs_lengths_insert" BEFORE INSERT ON "trip_drop_offs"
BEGIN
    SELECT CASE
        WHEN length(NEW."dropped_by") > 100 THEN RAISE(ABORT, 'trip_drop_offs.dropped_by is longer than 100 characters')
    END;
END;
CREATE TRIGGER "ck_trip_drop_offs_lengths_update" BEFORE UPDATE OF "dropped_by" ON "trip_drop_offs"
BEGIN
    SELECT CASE
        WHEN length(NEW."dropped_by") > 100 THEN RAISE(ABORT, 'trip_drop_offs.dropped_by is longer than 100 characters')
    END;
END;
UPDATE "trip_drop_offs" SET "dropped_by" = "dropped_by" WHERE length("dropped_by") > 100;

DROP TRIGGER IF EXISTS "ck_trip_totes_lengths_insert";
DROP TRIGGER IF EXISTS "ck_trip_totes_lengths_update";
CREATE TRIGGER "ck_trip_totes_lengths_insert" BEFORE INSERT ON "trip_totes"
BEGIN
    SELECT CASE
        WHEN length(NEW."tote_code") > 64 THEN RAISE(ABORT, 'trip_totes.tote_code is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_trip_totes_lengths_update" BEFORE UPDATE OF "tote_code" ON "trip_totes"
BEGIN
    SELECT CASE
        WHEN length(NEW."tote_code") > 64 THEN RAISE(ABORT, 'trip_totes.tote_code is longer than 64 characters')
    END;
END;
UPDATE "trip_totes" SET "tote_code" = "tote_code" WHERE length("tote_code") > 64;

DROP TRIGGER IF EXISTS "ck_trips_lengths_insert";
DROP TRIGGER IF EXISTS "ck_trips_lengths_update";
CREATE TRIGGER "ck_trips_lengths_insert" BEFORE INSERT ON "trips"
BEGIN
    SELECT CASE
        WHEN length(NEW."assigned_to") > 100 THEN RAISE(ABORT, 'trips.assigned_to is longer than 100 characters')
    END;
END;
CREATE TRIGGER "ck_trips_lengths_update" BEFORE UPDATE OF "assigned_to" ON "trips"
BEGIN
    SELECT CASE
        WHEN length(NEW."assigned_to") > 100 THEN RAISE(ABORT, 'trips.assigned_to is longer than 100 characters')
    END;
END;
UPDATE "trips" SET "assigned_to" = "assigned_to" WHERE length("assigned_to") > 100;

DROP TRIGGER IF EXISTS "ck_users_lengths_insert";
DROP TRIGGER IF EXISTS "ck_users_lengths_update";
CREATE TRIGGER "ck_users_lengths_insert" BEFORE INSERT ON "users"
BEGIN
    SELECT CASE
        WHEN length(NEW."created_by") > 100 THEN RAISE(ABORT, 'users.created_by is longer than 100 characters')
        WHEN length(NEW."name") > 100 THEN RAISE(ABORT, 'users.name is longer than 100 characters')
        WHEN length(NEW."password_hash") > 200 THEN RAISE(ABORT, 'users.password_hash is longer than 200 characters')
        WHEN length(NEW."recovery_code_hashes") > 1000 THEN RAISE(ABORT, 'users.recovery_code_hashes is longer than 1000 characters')
        WHEN length(NEW."roles") > 200 THEN RAISE(ABORT, 'users.roles is longer than 200 characters')
        WHEN length(NEW."totp_pending_secret") > 400 THEN RAISE(ABORT, 'users.totp_pending_secret is longer than 400 characters')
        WHEN length(NEW."totp_secret") > 400 THEN RAISE(ABORT, 'users.totp_secret is longer than 400 characters')
    END;
END;
CREATE TRIGGER "ck_users_lengths_update" BEFORE UPDATE OF "created_by", "name", "password_hash", "recovery_code_hashes", "roles", "totp_pending_secret", "totp_secret" ON "users"
BEGIN
    SELECT CASE
        WHEN length(NEW."created_by") > 100 THEN RAISE(ABORT, 'users.created_by is longer than 100 characters')
        WHEN length(NEW."name") > 100 THEN RAISE(ABORT, 'users.name is longer than 100 characters')
        WHEN length(NEW."password_hash") > 200 THEN RAISE(ABORT, 'users.password_hash is longer than 200 characters')
        WHEN length(NEW."recovery_code_hashes") > 1000 THEN RAISE(ABORT, 'users.recovery_code_hashes is longer than 1000 characters')
        WHEN length(NEW."roles") > 200 THEN RAISE(ABORT, 'users.roles is longer than 200 characters')
        WHEN length(NEW."totp_pending_secret") > 400 THEN RAISE(ABORT, 'users.totp_pending_secret is longer than 400 characters')
        WHEN length(NEW."totp_secret") > 400 THEN RAISE(ABORT, 'users.totp_secret is longer than 400 characters')
    END;
END;
UPDATE "users" SET "created_by" = "created_by" WHERE length("created_by") > 100 OR length("name") > 100 OR length("password_hash") > 200 OR length("recovery_code_hashes") > 1000 OR length("roles") > 200 OR length("totp_pending_secret") > 400 OR length("totp_secret") > 400;

DROP TRIGGER IF EXISTS "ck_vehicles_lengths_insert";
DROP TRIGGER IF EXISTS "ck_vehicles_lengths_update";
CREATE TRIGGER "ck_vehicles_lengths_insert" BEFORE INSERT ON "vehicles"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'vehicles.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'vehicles.name is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_vehicles_lengths_update" BEFORE UPDATE OF "code", "name" ON "vehicles"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'vehicles.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'vehicles.name is longer than 200 characters')
    END;
END;
UPDATE "vehicles" SET "code" = "code" WHERE length("code") > 32 OR length("name") > 200;

DROP TRIGGER IF EXISTS "ck_warehouses_lengths_insert";
DROP TRIGGER IF EXISTS "ck_warehouses_lengths_update";
CREATE TRIGGER "ck_warehouses_lengths_insert" BEFORE INSERT ON "warehouses"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'warehouses.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'warehouses.name is longer than 200 characters')
        WHEN length(NEW."time_zone") > 64 THEN RAISE(ABORT, 'warehouses.time_zone is longer than 64 characters')
    END;
END;
CREATE TRIGGER "ck_warehouses_lengths_update" BEFORE UPDATE OF "code", "name", "time_zone" ON "warehouses"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'warehouses.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'warehouses.name is longer than 200 characters')
        WHEN length(NEW."time_zone") > 64 THEN RAISE(ABORT, 'warehouses.time_zone is longer than 64 characters')
    END;
END;
UPDATE "warehouses" SET "code" = "code" WHERE length("code") > 32 OR length("name") > 200 OR length("time_zone") > 64;

DROP TRIGGER IF EXISTS "ck_waves_lengths_insert";
DROP TRIGGER IF EXISTS "ck_waves_lengths_update";
CREATE TRIGGER "ck_waves_lengths_insert" BEFORE INSERT ON "waves"
BEGIN
    SELECT CASE
        WHEN length(NEW."released_by") > 100 THEN RAISE(ABORT, 'waves.released_by is longer than 100 characters')
    END;
END;
CREATE TRIGGER "ck_waves_lengths_update" BEFORE UPDATE OF "released_by" ON "waves"
BEGIN
    SELECT CASE
        WHEN length(NEW."released_by") > 100 THEN RAISE(ABORT, 'waves.released_by is longer than 100 characters')
    END;
END;
UPDATE "waves" SET "released_by" = "released_by" WHERE length("released_by") > 100;

DROP TRIGGER IF EXISTS "ck_zones_lengths_insert";
DROP TRIGGER IF EXISTS "ck_zones_lengths_update";
CREATE TRIGGER "ck_zones_lengths_insert" BEFORE INSERT ON "zones"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'zones.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'zones.name is longer than 200 characters')
    END;
END;
CREATE TRIGGER "ck_zones_lengths_update" BEFORE UPDATE OF "code", "name" ON "zones"
BEGIN
    SELECT CASE
        WHEN length(NEW."code") > 32 THEN RAISE(ABORT, 'zones.code is longer than 32 characters')
        WHEN length(NEW."name") > 200 THEN RAISE(ABORT, 'zones.name is longer than 200 characters')
    END;
END;
UPDATE "zones" SET "code" = "code" WHERE length("code") > 32 OR length("name") > 200;

