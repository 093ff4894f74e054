-- Version 2: a wave says why it went to the floor. Waves released before this version were all
-- ReleaseWave waves (kind 1); AllocateBackorders releases kind 2.
-- SQLite inserts an added column after the last one, where the model's create script has it too.
ALTER TABLE "waves" ADD COLUMN "kind" INTEGER NOT NULL DEFAULT 1;
