-- Version 25.
--
-- Nothing to do on PostgreSQL: its varchar(N) columns have enforced the model's lengths since they were
-- created. The SQLite twin gives SQLite, which ignores declared lengths, the same limits with triggers.
SELECT 1;
