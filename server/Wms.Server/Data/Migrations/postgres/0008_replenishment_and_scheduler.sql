-- Quartz.NET 4.7.3 ADO.NET job store on PostgreSQL: the tables and indexes Quartz itself provisions (its
-- database/tables/tables_postgres.sql shape plus what 4.2-4.7 added), created here so the schema has one owner.
-- Jobs, triggers, fired triggers, cluster check-ins, row locks, and Quartz's own execution and misfire history.
CREATE TABLE qrtz_job_details (
  sched_name text not null,
  job_name text not null,
  job_group text not null,
  description text null,
  job_class_name text not null,
  is_durable bool not null,
  is_nonconcurrent bool not null,
  is_update_data bool not null,
  requests_recovery bool not null,
  job_data bytea null,
  primary key (sched_name,job_name,job_group)
);

CREATE TABLE qrtz_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  job_name text not null,
  job_group text not null,
  description text null,
  next_fire_time bigint null,
  prev_fire_time bigint null,
  priority integer null,
  trigger_state text not null,
  trigger_type text not null,
  start_time bigint not null,
  end_time bigint null,
  calendar_name text null,
  misfire_instr smallint null,
  misfire_orig_fire_time bigint null,
  execution_group varchar(200) null,
  preferred_node varchar(200) null,
  preferred_node_auto bool not null default false,
  retry_policy varchar(250) null,
  retry_attempt integer null,
  continues_trigger_name text null,
  continues_trigger_group text null,
  continuation_condition integer null,
  overlap_policy integer null,
  pause_reason varchar(250) null,
  paused_by varchar(200) null,
  paused_at bigint null,
  misfire_threshold bigint null,
  fixed_delay bool null,
  job_data bytea null,
  primary key (sched_name,trigger_name,trigger_group),
  foreign key (sched_name,job_name,job_group) references qrtz_job_details (sched_name,job_name,job_group)
);

CREATE TABLE qrtz_simple_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  repeat_count bigint not null,
  repeat_interval bigint not null,
  times_triggered bigint not null,
  primary key (sched_name,trigger_name,trigger_group),
  foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
);

CREATE TABLE qrtz_cron_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  cron_expression text not null,
  time_zone_id text,
  primary key (sched_name,trigger_name,trigger_group),
  foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
);

CREATE TABLE qrtz_simprop_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  str_prop_1 text null,
  str_prop_2 text null,
  str_prop_3 text null,
  int_prop_1 integer null,
  int_prop_2 integer null,
  long_prop_1 bigint null,
  long_prop_2 bigint null,
  dec_prop_1 numeric null,
  dec_prop_2 numeric null,
  bool_prop_1 bool null,
  bool_prop_2 bool null,
  time_zone_id text null,
  primary key (sched_name,trigger_name,trigger_group),
  foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
);

CREATE TABLE qrtz_blob_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  blob_data bytea null,
  primary key (sched_name,trigger_name,trigger_group),
  foreign key (sched_name,trigger_name,trigger_group) references qrtz_triggers (sched_name,trigger_name,trigger_group) on delete cascade
);

CREATE TABLE qrtz_calendars (
  sched_name text not null,
  calendar_name text not null,
  calendar bytea not null,
  primary key (sched_name,calendar_name)
);

CREATE TABLE qrtz_paused_trigger_grps (
  sched_name text not null,
  trigger_group text not null,
  pause_reason varchar(250) null,
  paused_by varchar(200) null,
  paused_at bigint null,
  primary key (sched_name,trigger_group)
);

CREATE TABLE qrtz_paused_job_grps (
  sched_name text not null,
  job_group text not null,
  pause_reason varchar(250) null,
  paused_by varchar(200) null,
  paused_at bigint null,
  primary key (sched_name,job_group)
);

CREATE TABLE qrtz_fired_triggers (
  sched_name text not null,
  entry_id text not null,
  trigger_name text not null,
  trigger_group text not null,
  instance_name text not null,
  fired_time bigint not null,
  sched_time bigint not null,
  priority integer not null,
  state text not null,
  job_name text null,
  job_group text null,
  is_nonconcurrent bool not null,
  requests_recovery bool null,
  execution_group varchar(200) null,
  progress integer null,
  progress_message varchar(250) null,
  interrupt_requested_time bigint null,
  primary key (sched_name,entry_id)
);

CREATE TABLE qrtz_scheduler_state (
  sched_name text not null,
  instance_name text not null,
  last_checkin_time bigint not null,
  checkin_interval bigint not null,
  quartz_version varchar(20) null,
  primary key (sched_name,instance_name)
);

CREATE TABLE qrtz_locks (
  sched_name text not null,
  lock_name text not null,
  primary key (sched_name,lock_name)
);

CREATE TABLE qrtz_execution_history (
  sched_name text not null,
  entry_id text not null,
  instance_name text not null,
  job_name text not null,
  job_group text not null,
  trigger_name text not null,
  trigger_group text not null,
  fired_time bigint not null,
  run_time bigint not null,
  succeeded bool not null,
  error_message text null,
  retry_attempt integer not null default 0,
  retry_scheduled bool not null default false,
  execution_log text null,
  result integer null,
  summary text null,
  metrics text null,
  manual bool null,
  fire_instance_id text null,
  job_input text null,
  job_input_too_large bool null,
  primary key (sched_name,entry_id)
);

CREATE TABLE qrtz_misfire_history (
  sched_name text not null,
  entry_id text not null,
  instance_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  job_name text null,
  job_group text null,
  misfire_time bigint not null,
  sched_time bigint null,
  reason integer null,
  primary key (sched_name,entry_id)
);

CREATE TABLE qrtz_job_status (
  sched_name text not null,
  job_group text not null,
  job_name text not null,
  first_fired_time bigint not null,
  last_fired_time bigint not null,
  last_result integer not null,
  last_run_time bigint not null,
  last_instance_name text not null,
  last_entry_id text null,
  last_summary text null,
  last_success_time bigint null,
  last_failure_time bigint null,
  last_failure_message text null,
  consecutive_failures integer not null default 0,
  run_count bigint not null default 0,
  failure_count bigint not null default 0,
  primary key (sched_name,job_group,job_name)
);

CREATE INDEX idx_qrtz_j_g_n ON qrtz_job_details (sched_name, job_group, job_name);

CREATE INDEX idx_qrtz_t_j ON qrtz_triggers (sched_name, job_name, job_group);

CREATE INDEX idx_qrtz_t_g_n ON qrtz_triggers (sched_name, trigger_group, trigger_name);

CREATE INDEX idx_qrtz_t_c ON qrtz_triggers (sched_name, calendar_name);

CREATE INDEX idx_qrtz_t_nft_st ON qrtz_triggers (sched_name, trigger_state, next_fire_time asc, priority desc, misfire_instr);

CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);

CREATE INDEX idx_qrtz_ft_j_g ON qrtz_fired_triggers (sched_name, job_name, job_group);

CREATE INDEX idx_qrtz_ft_t_g ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);

CREATE INDEX idx_qrtz_eh_fired_time ON qrtz_execution_history (sched_name, fired_time);

CREATE INDEX idx_qrtz_eh_inst ON qrtz_execution_history (sched_name, instance_name);

CREATE INDEX idx_qrtz_mh_misfire_time ON qrtz_misfire_history (sched_name, misfire_time);

CREATE INDEX idx_qrtz_mh_inst ON qrtz_misfire_history (sched_name, instance_name);

CREATE INDEX idx_qrtz_eh_job_time ON qrtz_execution_history (sched_name, job_group, job_name, fired_time);

CREATE INDEX idx_qrtz_eh_fire_inst ON qrtz_execution_history (sched_name, fire_instance_id);

CREATE INDEX idx_qrtz_eh_trig_time ON qrtz_execution_history (sched_name, trigger_group, trigger_name, fired_time);

-- Replenishment, planning and the run history of scheduled jobs (docs/replenishment.md).
CREATE TABLE job_runs (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    job character varying(100) NOT NULL,
    warehouse_code character varying(64) NOT NULL,
    trigger character varying(200) NOT NULL,
    instance character varying(200) NOT NULL,
    scheduled_at bigint NOT NULL,
    started_at bigint NOT NULL,
    finished_at bigint NOT NULL,
    succeeded boolean NOT NULL,
    result character varying(1000) NOT NULL,
    CONSTRAINT pk_job_runs PRIMARY KEY (id)
);

CREATE TABLE sku_plans (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    warehouse_id bigint NOT NULL,
    sku_id bigint NOT NULL,
    computed_at bigint NOT NULL,
    method integer NOT NULL,
    daily_mean double precision NOT NULL,
    daily_sigma double precision NOT NULL,
    mae double precision NOT NULL,
    mase double precision NOT NULL,
    abc_class character varying(1) NOT NULL,
    xyz_class character varying(1) NOT NULL,
    lead_time_days double precision NOT NULL,
    lead_time_sigma_days double precision NOT NULL,
    service_level double precision NOT NULL,
    safety_stock double precision NOT NULL,
    reorder_point double precision NOT NULL,
    order_up_to double precision NOT NULL,
    CONSTRAINT pk_sku_plans PRIMARY KEY (id),
    CONSTRAINT fk_sku_plans_sku_id FOREIGN KEY (sku_id) REFERENCES skus (id) ON DELETE RESTRICT,
    CONSTRAINT fk_sku_plans_warehouse_id FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) ON DELETE RESTRICT
);

CREATE TABLE stock_suggestions (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    warehouse_id bigint NOT NULL,
    sku_id bigint NOT NULL,
    kind integer NOT NULL,
    source_warehouse_id bigint,
    quantity bigint NOT NULL,
    status integer NOT NULL,
    reason character varying(300) NOT NULL,
    created_at bigint NOT NULL,
    decided_at bigint,
    decided_by character varying(100) NOT NULL,
    reference character varying(64) NOT NULL,
    CONSTRAINT pk_stock_suggestions PRIMARY KEY (id),
    CONSTRAINT ck_stock_suggestions_quantity CHECK (quantity > 0),
    CONSTRAINT fk_stock_suggestions_sku_id FOREIGN KEY (sku_id) REFERENCES skus (id) ON DELETE RESTRICT,
    CONSTRAINT fk_stock_suggestions_source_warehouse_id FOREIGN KEY (source_warehouse_id) REFERENCES warehouses (id) ON DELETE RESTRICT,
    CONSTRAINT fk_stock_suggestions_warehouse_id FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) ON DELETE RESTRICT
);

CREATE TABLE pick_faces (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    warehouse_id bigint NOT NULL,
    bin_id bigint NOT NULL,
    sku_id bigint NOT NULL,
    min_quantity bigint NOT NULL,
    max_quantity bigint NOT NULL,
    levels integer NOT NULL,
    updated_at bigint NOT NULL,
    CONSTRAINT pk_pick_faces PRIMARY KEY (id),
    CONSTRAINT ck_pick_faces_max CHECK (max_quantity >= min_quantity AND max_quantity > 0),
    CONSTRAINT ck_pick_faces_min CHECK (min_quantity >= 0),
    CONSTRAINT fk_pick_faces_bin_id FOREIGN KEY (bin_id) REFERENCES bins (id) ON DELETE RESTRICT,
    CONSTRAINT fk_pick_faces_sku_id FOREIGN KEY (sku_id) REFERENCES skus (id) ON DELETE RESTRICT,
    CONSTRAINT fk_pick_faces_warehouse_id FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) ON DELETE RESTRICT
);

CREATE TABLE replenishment_tasks (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    warehouse_id bigint NOT NULL,
    sku_id bigint NOT NULL,
    lot character varying(64) NOT NULL,
    from_bin_id bigint NOT NULL,
    to_bin_id bigint NOT NULL,
    quantity bigint NOT NULL,
    moved_quantity bigint NOT NULL,
    status integer NOT NULL,
    priority integer NOT NULL,
    trigger integer NOT NULL,
    distance_m double precision NOT NULL,
    created_at bigint NOT NULL,
    done_at bigint,
    done_by character varying(100) NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_replenishment_tasks PRIMARY KEY (id),
    CONSTRAINT ck_replenishment_tasks_moved CHECK (moved_quantity >= 0 AND moved_quantity <= quantity),
    CONSTRAINT ck_replenishment_tasks_quantity CHECK (quantity > 0),
    CONSTRAINT fk_replenishment_tasks_from_bin_id FOREIGN KEY (from_bin_id) REFERENCES bins (id) ON DELETE RESTRICT,
    CONSTRAINT fk_replenishment_tasks_sku_id FOREIGN KEY (sku_id) REFERENCES skus (id) ON DELETE RESTRICT,
    CONSTRAINT fk_replenishment_tasks_to_bin_id FOREIGN KEY (to_bin_id) REFERENCES bins (id) ON DELETE RESTRICT,
    CONSTRAINT fk_replenishment_tasks_warehouse_id FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) ON DELETE RESTRICT
);

CREATE INDEX ix_job_runs_warehouse_code_job_id ON job_runs (warehouse_code, job, id);

CREATE UNIQUE INDEX ix_pick_faces_bin_id_sku_id ON pick_faces (bin_id, sku_id);

CREATE INDEX ix_pick_faces_sku_id ON pick_faces (sku_id);

CREATE INDEX ix_pick_faces_warehouse_id_sku_id ON pick_faces (warehouse_id, sku_id);

CREATE INDEX ix_replenishment_tasks_from_bin_id_sku_id ON replenishment_tasks (from_bin_id, sku_id);

CREATE INDEX ix_replenishment_tasks_sku_id ON replenishment_tasks (sku_id);

CREATE UNIQUE INDEX ix_replenishment_tasks_to_bin_id_sku_id_from_bin_id_lot ON replenishment_tasks (to_bin_id, sku_id, from_bin_id, lot) WHERE status = 1;

CREATE INDEX ix_replenishment_tasks_warehouse_id_status_priority ON replenishment_tasks (warehouse_id, status, priority);

CREATE INDEX ix_sku_plans_sku_id ON sku_plans (sku_id);

CREATE UNIQUE INDEX ix_sku_plans_warehouse_id_sku_id ON sku_plans (warehouse_id, sku_id);

CREATE INDEX ix_stock_suggestions_sku_id ON stock_suggestions (sku_id);

CREATE INDEX ix_stock_suggestions_source_warehouse_id ON stock_suggestions (source_warehouse_id);

CREATE INDEX ix_stock_suggestions_warehouse_id_sku_id_status ON stock_suggestions (warehouse_id, sku_id, status);

CREATE INDEX ix_stock_suggestions_warehouse_id_status ON stock_suggestions (warehouse_id, status);
