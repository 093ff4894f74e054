-- Version 24.
--
-- Quantities get their documented maximum in the database too (Common/Limits.cs, docs/contracts.md): one bin
-- holds at most Limits.BinQuantity units of a SKU and lot, one order line asks for at most Limits.LineQuantity.
-- The server refuses more at the edge; these stop a write that bypasses it. A row already past a maximum
-- (which no call could have written) stops the upgrade: correct it, then start again.

ALTER TABLE stock_balances ADD CONSTRAINT ck_stock_on_hand_max CHECK (on_hand <= 1000000000);
ALTER TABLE order_lines ADD CONSTRAINT ck_order_lines_quantity_max CHECK (quantity <= 1000000000);
