#!/usr/bin/env python3
"""What SQLite's length triggers (migration 0025) cost a write: ledger rows inserted into two fresh databases
made by the migration scripts, one without 0025 (the reference, in the same run), rounds interleaved.
Run from the repository root: python3 bench/sqlite-length-triggers.py [rows] [rounds]. Standard library only."""
import glob
import os
import sqlite3
import statistics
import sys
import tempfile
import time

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 7


def database(path, triggers):
    if os.path.exists(path):
        os.remove(path)
    connection = sqlite3.connect(path, isolation_level=None)
    for script in sorted(glob.glob("server/Wms.Server/Data/Migrations/sqlite/*.sql")):
        if triggers or "0025_" not in script:
            with open(script, encoding="utf-8") as f:
                connection.executescript(f.read())
    connection.execute("PRAGMA foreign_keys=OFF")  # the rows point at no bin: only the write is measured
    return connection


def seconds(connection):
    start = time.perf_counter()
    connection.execute("BEGIN")
    for i in range(ROWS):
        connection.execute(
            "INSERT INTO ledger (at, warehouse_id, bin_id, sku_id, lot, stock_balance_id, quantity, reason, reason_code,"
            " actor, request_id, reference, note) VALUES (?, 1, 1, 1, ?, 1, 1, 1, 'PICK', 'picker-07', ?, ?, '')",
            (i, f"LOT-{i}", f"req-{i}", f"order:SO-{i}"))
    connection.execute("COMMIT")
    return time.perf_counter() - start


results = {False: [], True: []}
with tempfile.TemporaryDirectory() as folder:
    for _ in range(ROUNDS):
        for triggers in (False, True):
            connection = database(os.path.join(folder, f"{triggers}.db"), triggers)
            results[triggers].append(seconds(connection))
            connection.close()

for triggers, times in results.items():
    print(f"{'with triggers' if triggers else 'without (ref)'}: median {statistics.median(times):.2f} s for {ROWS} rows"
          f" ({statistics.median(times) / ROWS * 1e6:.1f} us a row); rounds {', '.join(f'{t:.2f}' for t in times)}")
print(f"ratio with/without: {statistics.median(results[True]) / statistics.median(results[False]):.3f}")
