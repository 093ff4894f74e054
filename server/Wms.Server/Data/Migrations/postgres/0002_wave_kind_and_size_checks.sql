-- Version 2.
--
-- Weight and volume now limit what a bin takes, so the database refuses negative capacities and unit
-- weights or volumes, as it refuses negative stock: a bulk import cannot get past the rule either.
ALTER TABLE skus ADD CONSTRAINT ck_skus_unit_volume CHECK (unit_volume_m3 >= 0);
ALTER TABLE skus ADD CONSTRAINT ck_skus_unit_weight CHECK (unit_weight_kg >= 0);
ALTER TABLE bins ADD CONSTRAINT ck_bins_capacity_volume CHECK (capacity_volume_m3 >= 0);
ALTER TABLE bins ADD CONSTRAINT ck_bins_capacity_weight CHECK (capacity_weight_kg >= 0);

-- A wave says why it went to the floor: waves released before this version were all ReleaseWave waves
-- (kind 1); AllocateBackorders releases kind 2.
ALTER TABLE waves ADD COLUMN kind integer NOT NULL DEFAULT 1;
