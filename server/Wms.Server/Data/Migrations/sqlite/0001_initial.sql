CREATE TABLE "api_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "revoked_at" INTEGER NULL
);


CREATE TABLE "audit" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_audit" PRIMARY KEY AUTOINCREMENT,
    "at" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL
);


CREATE TABLE "request_log" (
    "request_id" TEXT NOT NULL CONSTRAINT "pk_request_log" PRIMARY KEY,
    "command" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "result_json" TEXT NOT NULL,
    "at" INTEGER NOT NULL
);


CREATE TABLE "skus" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_skus" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "unit_of_measure" TEXT NOT NULL,
    "unit_weight_kg" REAL NOT NULL,
    "unit_volume_m3" REAL NOT NULL,
    "lot_tracked" INTEGER NOT NULL,
    "expiry_tracked" INTEGER NOT NULL,
    "case_size" INTEGER NOT NULL,
    CONSTRAINT "ck_skus_case_size" CHECK (case_size >= 0)
);


CREATE TABLE "warehouses" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_warehouses" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL
);


CREATE TABLE "sku_barcodes" (
    "barcode" TEXT NOT NULL CONSTRAINT "pk_sku_barcodes" PRIMARY KEY,
    "sku_id" INTEGER NOT NULL,
    CONSTRAINT "fk_sku_barcodes_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE CASCADE
);


CREATE TABLE "orders" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_orders" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "reference" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL,
    "requested_ship_date" INTEGER NOT NULL,
    "customer_name" TEXT NOT NULL,
    "address_line" TEXT NOT NULL,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL,
    "window_start_minutes" INTEGER NOT NULL,
    "window_end_minutes" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_orders_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


CREATE TABLE "receipts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_receipts" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "reference" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_receipts_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


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


CREATE TABLE "waves" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_waves" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "released_at" INTEGER NOT NULL,
    "released_by" TEXT NOT NULL,
    CONSTRAINT "fk_waves_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


CREATE TABLE "zones" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_zones" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "fk_zones_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


CREATE TABLE "order_lines" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_order_lines" PRIMARY KEY AUTOINCREMENT,
    "order_id" INTEGER NOT NULL,
    "line_number" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "allocated_quantity" INTEGER NOT NULL,
    "picked_quantity" INTEGER NOT NULL,
    "backordered_quantity" INTEGER NOT NULL,
    CONSTRAINT "ck_order_lines_allocated" CHECK (allocated_quantity >= 0 AND allocated_quantity + picked_quantity <= quantity),
    CONSTRAINT "ck_order_lines_backordered" CHECK (backordered_quantity >= 0),
    CONSTRAINT "ck_order_lines_picked" CHECK (picked_quantity >= 0),
    CONSTRAINT "ck_order_lines_quantity" CHECK (quantity > 0),
    CONSTRAINT "fk_order_lines_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_order_lines_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT
);


CREATE TABLE "shipments" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_shipments" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "order_id" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "loaded_at" INTEGER NULL,
    "shipped_at" INTEGER NULL,
    "route_code" TEXT NOT NULL,
    "stop_number" INTEGER NOT NULL,
    CONSTRAINT "fk_shipments_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_shipments_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT
);


CREATE TABLE "receipt_lines" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_receipt_lines" PRIMARY KEY AUTOINCREMENT,
    "receipt_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "expected_quantity" INTEGER NOT NULL,
    "received_quantity" INTEGER NOT NULL,
    CONSTRAINT "ck_receipt_lines_expected" CHECK (expected_quantity > 0),
    CONSTRAINT "ck_receipt_lines_received" CHECK (received_quantity >= 0),
    CONSTRAINT "fk_receipt_lines_receipt_id" FOREIGN KEY ("receipt_id") REFERENCES "receipts" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_receipt_lines_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT
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


CREATE TABLE "trips" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_trips" PRIMARY KEY AUTOINCREMENT,
    "wave_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "assigned_to" TEXT NOT NULL,
    "planned_distance_m" REAL NOT NULL,
    CONSTRAINT "fk_trips_wave_id" FOREIGN KEY ("wave_id") REFERENCES "waves" ("id") ON DELETE RESTRICT
);


CREATE TABLE "bins" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_bins" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "zone_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "mix_policy" INTEGER NOT NULL,
    "aisle" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "x" REAL NOT NULL,
    "y" REAL NOT NULL,
    "capacity_units" INTEGER NOT NULL,
    "capacity_weight_kg" REAL NOT NULL,
    "capacity_volume_m3" REAL NOT NULL,
    "on_hold" INTEGER NOT NULL,
    "hold_reason" TEXT NOT NULL,
    CONSTRAINT "ck_bins_capacity_units" CHECK (capacity_units >= 0),
    CONSTRAINT "fk_bins_warehouse_id" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_bins_zone_id" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT
);


CREATE TABLE "cartons" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cartons" PRIMARY KEY AUTOINCREMENT,
    "order_id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "weight_kg" REAL NOT NULL,
    "shipment_id" INTEGER NULL,
    CONSTRAINT "ck_cartons_weight" CHECK (weight_kg >= 0),
    CONSTRAINT "fk_cartons_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_cartons_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "shipments" ("id") ON DELETE RESTRICT
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


CREATE TABLE "cycle_counts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cycle_counts" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "raised_by" TEXT NOT NULL,
    "raised_at" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "posted_at" INTEGER NULL,
    CONSTRAINT "fk_cycle_counts_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT
);


CREATE TABLE "pick_tasks" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_pick_tasks" PRIMARY KEY AUTOINCREMENT,
    "trip_id" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "order_id" INTEGER NOT NULL,
    "order_line_id" INTEGER NOT NULL,
    "reservation_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "picked_quantity" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "skips" INTEGER NOT NULL,
    "short_reason" TEXT NOT NULL,
    CONSTRAINT "ck_pick_tasks_picked" CHECK (picked_quantity >= 0 AND picked_quantity <= quantity),
    CONSTRAINT "ck_pick_tasks_quantity" CHECK (quantity > 0),
    CONSTRAINT "fk_pick_tasks_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_pick_tasks_order_line_id" FOREIGN KEY ("order_line_id") REFERENCES "order_lines" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_pick_tasks_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_pick_tasks_trip_id" FOREIGN KEY ("trip_id") REFERENCES "trips" ("id") ON DELETE RESTRICT
);


CREATE TABLE "stock_balances" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_stock_balances" PRIMARY KEY AUTOINCREMENT,
    "warehouse_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "expiry" INTEGER NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "ck_stock_on_hand_not_negative" CHECK (on_hand >= 0),
    CONSTRAINT "ck_stock_reserved_not_negative" CHECK (reserved >= 0),
    CONSTRAINT "ck_stock_reserved_within_on_hand" CHECK (reserved <= on_hand),
    CONSTRAINT "fk_stock_balances_bin_id" FOREIGN KEY ("bin_id") REFERENCES "bins" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_stock_balances_sku_id" FOREIGN KEY ("sku_id") REFERENCES "skus" ("id") ON DELETE RESTRICT
);


CREATE TABLE "carton_lines" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_carton_lines" PRIMARY KEY AUTOINCREMENT,
    "carton_id" INTEGER NOT NULL,
    "order_line_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "ck_carton_lines_quantity" CHECK (quantity > 0),
    CONSTRAINT "fk_carton_lines_carton_id" FOREIGN KEY ("carton_id") REFERENCES "cartons" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_carton_lines_order_line_id" FOREIGN KEY ("order_line_id") REFERENCES "order_lines" ("id") ON DELETE RESTRICT
);


CREATE TABLE "ledger" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_ledger" PRIMARY KEY AUTOINCREMENT,
    "at" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "lot" TEXT NOT NULL,
    "stock_balance_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "reason" INTEGER NOT NULL,
    "reason_code" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    CONSTRAINT "ck_ledger_quantity_not_zero" CHECK (quantity <> 0),
    CONSTRAINT "fk_ledger_stock_balance_id" FOREIGN KEY ("stock_balance_id") REFERENCES "stock_balances" ("id") ON DELETE RESTRICT
);


CREATE TABLE "reservations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_reservations" PRIMARY KEY AUTOINCREMENT,
    "order_line_id" INTEGER NOT NULL,
    "stock_balance_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "open" INTEGER NOT NULL,
    CONSTRAINT "ck_reservations_quantity" CHECK (quantity >= 0),
    CONSTRAINT "fk_reservations_order_line_id" FOREIGN KEY ("order_line_id") REFERENCES "order_lines" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_reservations_stock_balance_id" FOREIGN KEY ("stock_balance_id") REFERENCES "stock_balances" ("id") ON DELETE RESTRICT
);


CREATE INDEX "ix_api_tokens_name" ON "api_tokens" ("name");


CREATE UNIQUE INDEX "ix_api_tokens_token_hash" ON "api_tokens" ("token_hash");


CREATE INDEX "ix_audit_at" ON "audit" ("at");


CREATE UNIQUE INDEX "ix_bins_warehouse_id_code" ON "bins" ("warehouse_id", "code");


CREATE INDEX "ix_bins_warehouse_id_zone_id_kind" ON "bins" ("warehouse_id", "zone_id", "kind");


CREATE INDEX "ix_bins_zone_id" ON "bins" ("zone_id");


CREATE INDEX "ix_carton_lines_carton_id" ON "carton_lines" ("carton_id");


CREATE INDEX "ix_carton_lines_order_line_id" ON "carton_lines" ("order_line_id");


CREATE UNIQUE INDEX "ix_cartons_label" ON "cartons" ("label");


CREATE INDEX "ix_cartons_order_id" ON "cartons" ("order_id");


CREATE INDEX "ix_cartons_shipment_id" ON "cartons" ("shipment_id");


CREATE INDEX "ix_cycle_counts_bin_id_status" ON "cycle_counts" ("bin_id", "status");


CREATE INDEX "ix_cycle_counts_warehouse_id_status" ON "cycle_counts" ("warehouse_id", "status");


CREATE INDEX "ix_ledger_bin_id_sku_id" ON "ledger" ("bin_id", "sku_id");


CREATE INDEX "ix_ledger_stock_balance_id" ON "ledger" ("stock_balance_id");


CREATE INDEX "ix_ledger_warehouse_id_id" ON "ledger" ("warehouse_id", "id");


CREATE UNIQUE INDEX "ix_order_lines_order_id_line_number" ON "order_lines" ("order_id", "line_number");


CREATE INDEX "ix_order_lines_sku_id" ON "order_lines" ("sku_id");


CREATE UNIQUE INDEX "ix_orders_warehouse_id_reference" ON "orders" ("warehouse_id", "reference");


CREATE INDEX "ix_orders_warehouse_id_status" ON "orders" ("warehouse_id", "status");


CREATE INDEX "ix_pick_tasks_bin_id" ON "pick_tasks" ("bin_id");


CREATE INDEX "ix_pick_tasks_order_line_id" ON "pick_tasks" ("order_line_id");


CREATE INDEX "ix_pick_tasks_sku_id" ON "pick_tasks" ("sku_id");


CREATE INDEX "ix_pick_tasks_trip_id_sequence" ON "pick_tasks" ("trip_id", "sequence");


CREATE UNIQUE INDEX "ix_planned_routes_plan_id_vehicle_id" ON "planned_routes" ("plan_id", "vehicle_id");


CREATE INDEX "ix_planned_routes_vehicle_id" ON "planned_routes" ("vehicle_id");


CREATE INDEX "ix_planned_stops_pinned_vehicle_id" ON "planned_stops" ("pinned_vehicle_id");


CREATE UNIQUE INDEX "ix_planned_stops_plan_id_shipment_id" ON "planned_stops" ("plan_id", "shipment_id");


CREATE INDEX "ix_planned_stops_route_id" ON "planned_stops" ("route_id");


CREATE INDEX "ix_planned_stops_shipment_id" ON "planned_stops" ("shipment_id");


CREATE INDEX "ix_receipt_lines_receipt_id" ON "receipt_lines" ("receipt_id");


CREATE INDEX "ix_receipt_lines_sku_id" ON "receipt_lines" ("sku_id");


CREATE UNIQUE INDEX "ix_receipts_warehouse_id_reference" ON "receipts" ("warehouse_id", "reference");


CREATE INDEX "ix_reservations_order_line_id" ON "reservations" ("order_line_id");


CREATE INDEX "ix_reservations_stock_balance_id_open" ON "reservations" ("stock_balance_id", "open");


CREATE INDEX "ix_route_plans_warehouse_id_delivery_date" ON "route_plans" ("warehouse_id", "delivery_date");


CREATE INDEX "ix_shipments_order_id" ON "shipments" ("order_id");


CREATE INDEX "ix_shipments_warehouse_id_status" ON "shipments" ("warehouse_id", "status");


CREATE INDEX "ix_sku_barcodes_sku_id" ON "sku_barcodes" ("sku_id");


CREATE UNIQUE INDEX "ix_skus_code" ON "skus" ("code");


CREATE UNIQUE INDEX "ix_stock_balances_bin_id_sku_id_lot" ON "stock_balances" ("bin_id", "sku_id", "lot");


CREATE INDEX "ix_stock_balances_sku_id" ON "stock_balances" ("sku_id");


CREATE INDEX "ix_stock_balances_warehouse_id_sku_id" ON "stock_balances" ("warehouse_id", "sku_id");


CREATE INDEX "ix_trips_warehouse_id_status" ON "trips" ("warehouse_id", "status");


CREATE INDEX "ix_trips_wave_id" ON "trips" ("wave_id");


CREATE UNIQUE INDEX "ix_vehicles_warehouse_id_code" ON "vehicles" ("warehouse_id", "code");


CREATE UNIQUE INDEX "ix_warehouses_code" ON "warehouses" ("code");


CREATE INDEX "ix_waves_warehouse_id" ON "waves" ("warehouse_id");


CREATE UNIQUE INDEX "ix_zones_warehouse_id_code" ON "zones" ("warehouse_id", "code");


