-- Version 11.
--
-- Dispatch (issue 13): several trips per vehicle a day (how many, and the reload time between them),
-- the depot a vehicle is based at when not its own warehouse (a regional warehouse), and the trip each
-- planned stop is on. New columns only, each with a default for the rows already there. The depot is a
-- plain column: warehouses are never deleted and UpsertVehicles checks the code.

ALTER TABLE "vehicles" ADD COLUMN "max_trips" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "vehicles" ADD COLUMN "reload_minutes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "vehicles" ADD COLUMN "depot_warehouse_id" INTEGER NULL;

ALTER TABLE "planned_stops" ADD COLUMN "trip" INTEGER NOT NULL DEFAULT 1;
