-- Version 2: a wave says why it went to the floor. Waves released before this version were all
-- ReleaseWave waves (kind 1); AllocateBackorders releases kind 2.
ALTER TABLE waves ADD COLUMN kind integer NOT NULL DEFAULT 1;
