-- Version 3.
--
-- Dispatch: the delivery fleet (vehicles) and route plans (routes and their stops, pinned or locked by a
-- dispatcher) until they are committed onto the shipments. New tables only: nothing existing changes.

CREATE TABLE "route_plans" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_route_plans" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "delivery_date" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "time_budget_ms" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "committed_at" INTEGER NULL,
    "committed_by" TEXT NOT NULL,
    CONSTRAINT "fk_route_plans_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


CREATE TABLE "vehicles" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_vehicles" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weight_capacity_kg" REAL NOT NULL,
    "volume_capacity_m3" REAL NOT NULL,
    "shift_start_minutes" INTEGER NOT NULL,
    "shift_end_minutes" INTEGER NOT NULL,
    "cost_per_km" REAL NOT NULL,
    "fixed_cost" REAL NOT NULL,
    "max_route_minutes" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,
    CONSTRAINT "ck_vehicles_capacity" CHECK (weight_capacity_kg > 0 AND volume_capacity_m3 >= 0),
    CONSTRAINT "ck_vehicles_shift" CHECK (shift_start_minutes >= 0 AND shift_end_minutes <= 1440 AND shift_start_minutes < shift_end_minutes),
    CONSTRAINT "fk_vehicles_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


CREATE TABLE "planned_routes" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_planned_routes" PRIMARY KEY AUTOINCREMENT,
    "plan_id" INTEGER NOT NULL,
    "vehicle_id" INTEGER NOT NULL,
    "locked" INTEGER NOT NULL,
    "start_second" INTEGER NOT NULL,
    "end_second" INTEGER NOT NULL,
    "distance_km" REAL NOT NULL,
    "load_weight_kg" REAL NOT NULL,
    "load_volume_m3" REAL NOT NULL,
    "cost" REAL NOT NULL,
    CONSTRAINT "fk_planned_routes_plan_id" FOREIGN KEY ("plan_id") REFERENCES "route_plans" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_planned_routes_vehicle_id" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles" ("id") ON DELETE RESTRICT
);


CREATE TABLE "planned_stops" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_planned_stops" PRIMARY KEY AUTOINCREMENT,
    "plan_id" INTEGER NOT NULL,
    "shipment_id" INTEGER NOT NULL,
    "pinned_vehicle_id" INTEGER NULL,
    "route_id" INTEGER NULL,
    "stop_number" INTEGER NOT NULL,
    "arrival_second" INTEGER NOT NULL,
    "service_start_second" INTEGER NOT NULL,
    "departure_second" INTEGER NOT NULL,
    "weight_kg" REAL NOT NULL,
    "volume_m3" REAL NOT NULL,
    "load_after_kg" REAL NOT NULL,
    "unserved_reason" INTEGER NULL,
    "unserved_detail" TEXT NOT NULL,
    CONSTRAINT "ck_planned_stops_number" CHECK (stop_number >= 0),
    CONSTRAINT "fk_planned_stops_pinned_vehicle_id" FOREIGN KEY ("pinned_vehicle_id") REFERENCES "vehicles" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_planned_stops_plan_id" FOREIGN KEY ("plan_id") REFERENCES "route_plans" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_planned_stops_route_id" FOREIGN KEY ("route_id") REFERENCES "planned_routes" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_planned_stops_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "shipments" ("id") ON DELETE RESTRICT
);


CREATE UNIQUE INDEX "ix_planned_routes_plan_id_vehicle_id" ON "planned_routes" ("plan_id", "vehicle_id");


CREATE INDEX "ix_planned_routes_vehicle_id" ON "planned_routes" ("vehicle_id");


CREATE INDEX "ix_planned_stops_pinned_vehicle_id" ON "planned_stops" ("pinned_vehicle_id");


CREATE UNIQUE INDEX "ix_planned_stops_plan_id_shipment_id" ON "planned_stops" ("plan_id", "shipment_id");


CREATE INDEX "ix_planned_stops_route_id" ON "planned_stops" ("route_id");


CREATE INDEX "ix_planned_stops_shipment_id" ON "planned_stops" ("shipment_id");


CREATE INDEX "ix_route_plans_warehouse_id_delivery_date" ON "route_plans" ("warehouse_id", "delivery_date");


CREATE UNIQUE INDEX "ix_vehicles_warehouse_id_code" ON "vehicles" ("warehouse_id", "code");


