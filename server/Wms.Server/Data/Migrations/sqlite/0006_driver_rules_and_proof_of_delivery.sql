-- Version 6.
--
-- Dispatch (issue 13): drivers' rules per vehicle (legal driving limit, a break after so much driving),
-- the break a route's driver takes after a stop, the estimated arrival per stop, and proof of delivery
-- (when, to whom, a photo's reference). New columns only, each with a default for the rows already
-- there; SQLite inserts an added column after the last one, where the model's create script has it too.

ALTER TABLE "vehicles" ADD COLUMN "max_driving_minutes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "vehicles" ADD COLUMN "break_after_driving_minutes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "vehicles" ADD COLUMN "break_minutes" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "planned_stops" ADD COLUMN "break_after_seconds" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "planned_stops" ADD COLUMN "eta_second" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "planned_stops" ADD COLUMN "delivered_second" INTEGER NULL;
ALTER TABLE "planned_stops" ADD COLUMN "received_by" TEXT NOT NULL DEFAULT '';
ALTER TABLE "planned_stops" ADD COLUMN "photo_reference" TEXT NOT NULL DEFAULT '';

-- Stops planned before this version: their estimated arrival is the planned one.
UPDATE "planned_stops" SET "eta_second" = "arrival_second";
