using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Planning;

namespace Wms.Planning.Bench;

/// <summary>
/// The nightly planning job with its database part, on SQLite (the default store) or, with a PostgreSQL connection
/// string, on a throw-away database of that server: a central warehouse with
/// <c>skus</c> SKUs and a year of the generated demand as pick rows in the ledger (one row per SKU and day with
/// demand), then <see cref="RunPlanning.Handler"/> as the scheduled job runs it: the ledger scan of the picks, the plans,
/// and one writer transaction that upserts every plan and proposes the purchases. Timed beside, in the same run: a
/// plain full scan of the same ledger (the reference), the demand read alone and the arithmetic alone.
/// </summary>
internal static class DatabaseBench
{
    private const int Days = 365;
    private const int Bins = 500;

    public static async Task RunAsync(int skus, int seed, string? keep, string? postgres)
    {
        var path = keep ?? Path.Combine(Path.GetTempPath(), $"wms-planning-bench-{Guid.NewGuid():N}.db");
        var database = postgres is null ? null : await Wms.Server.Bench.PostgresDatabase.CreateAsync(postgres);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wms:Database:Provider"] = database is null ? "Sqlite" : "Postgres",
            ["Wms:Database:ConnectionString"] = database ?? "Data Source=" + path,
            ["Wms:Database:SqliteSynchronous"] = "NORMAL",
            ["Wms:Planning:HistoryDays"] = Days.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddData(builder.Configuration);
        builder.Services.AddPlanning(builder.Configuration);
        using var host = builder.Build();
        try
        {
            await host.Services.InitializeDatabaseAsync();
            var seeding = Stopwatch.StartNew();
            var (warehouse, rows) = await SeedAsync(host.Services, skus, seed);
            seeding.Stop();
            await host.StartAsync();
            var contexts = host.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
            var handler = host.Services.GetRequiredService<RunPlanning.Handler>();
            var options = host.Services.GetRequiredService<IOptions<PlanningOptions>>().Value;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);

            // Alternating rounds, each with its reference, so a burst of load from the other agents shows in both.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{skus} SKUs x {Days} days, {rows:N0} pick rows in the ledger, {(database is null ? "SQLite" : "PostgreSQL")}, {Environment.ProcessorCount} cores; seeding {seeding.Elapsed.TotalSeconds:0.0} s"));
            for (var round = 1; round <= 2; round++)
            {
                var reference = await TimeAsync(() => FullScanAsync(contexts));
                var scan = await TimeAsync(async () =>
                {
                    await using var db = await contexts.CreateDbContextAsync();
                    return (await DemandHistory.DailyAsync(db, warehouse, today.AddDays(-Days), today, CancellationToken.None)).Count;
                });
                Dictionary<long, double[]> demand;
                await using (var db = await contexts.CreateDbContextAsync())
                {
                    demand = await DemandHistory.DailyAsync(db, warehouse, today.AddDays(-Days), today, CancellationToken.None);
                }

                var arithmetic = await TimeAsync(() => Task.FromResult(
                    Planner.PlanAll(demand, options, options.SupplierLeadTimeDays, options.SupplierLeadTimeSigmaDays).Count));
                RunPlanning.Result? result = null;
                var job = await TimeAsync(async () =>
                {
                    result = await handler.HandleAsync(new RunPlanning.Command("BENCH"), CancellationToken.None);
                    return result.Skus;
                });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: nightly job {job.Seconds:0.00} s, CPU {job.Cpu:0.00} s ({result!.Skus} plans, {result.Suggestions} suggestions); " +
                    $"demand history read {scan.Seconds:0.00} s, CPU {scan.Cpu:0.00} s; arithmetic {arithmetic.Seconds:0.00} s, CPU {arithmetic.Cpu:0.00} s; " +
                    $"reference full ledger scan {reference.Seconds:0.00} s, CPU {reference.Cpu:0.00} s; job / reference {job.Seconds / reference.Seconds:0.0} (CPU {job.Cpu / reference.Cpu:0.0})"));
            }

            await host.StopAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (database is not null)
            {
                await Wms.Server.Bench.PostgresDatabase.DropAsync(postgres!, database);
            }
            else if (keep is null)
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(path + suffix);
                }
            }
        }
    }

    /// <summary>Wall time and this process's CPU time (all threads, SQLite's work included): on a loaded machine the CPU time is the steadier figure.</summary>
    private static async Task<(double Seconds, double Cpu, long Value)> TimeAsync(Func<Task<long>> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var value = await work();
        return (watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, value);
    }

    private static async Task<(double Seconds, double Cpu, long Value)> TimeAsync(Func<Task<int>> work) => await TimeAsync(async () => (long)await work());

    /// <summary>The reference: every ledger row read once and summed, no grouping.</summary>
    private static async Task<long> FullScanAsync(IDbContextFactory<WmsDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT COUNT(*), SUM(quantity) FROM ledger";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }

    /// <summary>
    /// A central warehouse, 500 pick faces, the SKUs (SKU i in bin i mod 500), and per SKU one receipt of a year's
    /// demand plus 0-20 days more, then the year's picks: the balances match the ledger. Most SKUs end at or under their
    /// reorder point (a 7-day lead time), so the job also proposes a purchase for most of them: the heavy case.
    /// </summary>
    private static async Task<(long Warehouse, long Rows)> SeedAsync(IServiceProvider services, int skus, int seed)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var warehouse = new Warehouse { Code = "BENCH", Name = "Planning bench", Kind = WarehouseKind.Central };
        db.Add(warehouse);
        await db.SaveChangesAsync();
        var zone = new Zone { WarehouseId = warehouse.Id, Code = "A" };
        db.Add(zone);
        await db.SaveChangesAsync();
        var bins = Enumerable.Range(0, Bins).Select(i => new Bin
        {
            WarehouseId = warehouse.Id, ZoneId = zone.Id, Code = $"F-{i:D4}", Kind = BinKind.PickFace, Aisle = i / 50, Position = i % 50,
        }).ToList();
        db.AddRange(bins);
        var items = Enumerable.Range(0, skus).Select(i => new Sku { Code = $"P-{i:D6}", Description = "Planning bench item " + i }).ToList();
        db.AddRange(items);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();

        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.Date.AddDays(-Days);
        var series = new double[skus][];
        var balances = new List<StockBalance>(skus);
        for (var i = 0; i < skus; i++)
        {
            series[i] = Demand.Generate(i, Days, seed);
            var year = (long)series[i].Sum();
            var left = (long)Math.Round(year / (double)Days * 20 * random.NextDouble());
            balances.Add(new StockBalance
            {
                WarehouseId = warehouse.Id, BinId = bins[i % Bins].Id, SkuId = items[i].Id, OnHand = left, ReceivedAt = new DateTimeOffset(start, TimeSpan.Zero),
            });
        }

        db.AddRange(balances);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();

        var rows = db.Database.IsSqlite()
            ? await InsertLedgerSqliteAsync(db, warehouse.Id, balances, series, start)
            : await InsertLedgerPostgresAsync(db, warehouse.Id, balances, series, start);
        return (warehouse.Id, rows);
    }

    /// <summary>The ledger in plain prepared inserts, one transaction: what EF would take minutes to track.</summary>
    private static async Task<long> InsertLedgerSqliteAsync(WmsDbContext db, long warehouseId, List<StockBalance> balances, double[][] series, DateTime start)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO ledger (at, warehouse_id, bin_id, sku_id, lot, stock_balance_id, quantity, reason, reason_code, actor, request_id, reference, note)
            VALUES ($at, $w, $bin, $sku, '', $balance, $q, $reason, '', 'bench', '', $ref, '')
            """;
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        insert.Parameters.AddWithValue("$w", warehouseId);
        var bin = insert.Parameters.Add("$bin", SqliteType.Integer);
        var sku = insert.Parameters.Add("$sku", SqliteType.Integer);
        var balanceId = insert.Parameters.Add("$balance", SqliteType.Integer);
        var quantity = insert.Parameters.Add("$q", SqliteType.Integer);
        var reason = insert.Parameters.Add("$reason", SqliteType.Integer);
        var reference = insert.Parameters.Add("$ref", SqliteType.Text);
        insert.Prepare();
        var rows = await ForEachLedgerRowAsync(balances, series, start, async (b, ticks, q, r, text) =>
        {
            (at.Value, bin.Value, sku.Value, balanceId.Value, quantity.Value, reason.Value, reference.Value) = (ticks, b.BinId, b.SkuId, b.Id, q, (int)r, text);
            await insert.ExecuteNonQueryAsync();
        });
        await transaction.CommitAsync();
        await db.Database.CloseConnectionAsync();
        return rows;
    }

    /// <summary>The ledger through PostgreSQL's binary COPY, the bulk path; the planning job reads it as it reads any ledger.</summary>
    private static async Task<long> InsertLedgerPostgresAsync(WmsDbContext db, long warehouseId, List<StockBalance> balances, double[][] series, DateTime start)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        long rows;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY ledger (at, warehouse_id, bin_id, sku_id, lot, stock_balance_id, quantity, reason, reason_code, actor, request_id, reference, note) FROM STDIN (FORMAT BINARY)"))
        {
            // Seeding only: 3.8 M rows with their foreign key checks outlast the 30 s command timeout on a loaded machine.
            copy.Timeout = TimeSpan.FromMinutes(20);
            rows = await ForEachLedgerRowAsync(balances, series, start, async (b, ticks, q, r, text) =>
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(ticks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(warehouseId, NpgsqlDbType.Bigint);
                await copy.WriteAsync(b.BinId, NpgsqlDbType.Bigint);
                await copy.WriteAsync(b.SkuId, NpgsqlDbType.Bigint);
                await copy.WriteAsync("", NpgsqlDbType.Varchar);
                await copy.WriteAsync(b.Id, NpgsqlDbType.Bigint);
                await copy.WriteAsync(q, NpgsqlDbType.Bigint);
                await copy.WriteAsync((int)r, NpgsqlDbType.Integer);
                await copy.WriteAsync("", NpgsqlDbType.Varchar);
                await copy.WriteAsync("bench", NpgsqlDbType.Varchar);
                await copy.WriteAsync("", NpgsqlDbType.Varchar);
                await copy.WriteAsync(text, NpgsqlDbType.Varchar);
                await copy.WriteAsync("", NpgsqlDbType.Varchar);
            });
            await copy.CompleteAsync();
        }

        // Fresh statistics, as autovacuum would have them on a ledger that grew over a year.
        await using (var analyze = new NpgsqlCommand("ANALYZE ledger", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await db.Database.CloseConnectionAsync();
        return rows;
    }

    /// <summary>Per SKU one receipt of everything it will ship plus what is left, then one pick row per day with demand; gives the pick row count.</summary>
    private static async Task<long> ForEachLedgerRowAsync(
        List<StockBalance> balances, double[][] series, DateTime start, Func<StockBalance, long, long, LedgerReason, string, Task> write)
    {
        long rows = 0;
        for (var i = 0; i < balances.Count; i++)
        {
            var b = balances[i];
            var received = b.OnHand + (long)series[i].Sum();
            if (received > 0)
            {
                await write(b, new DateTimeOffset(start, TimeSpan.Zero).AddHours(6).UtcTicks, received, LedgerReason.Receipt, "bench-seed");
            }

            for (var d = 0; d < Days; d++)
            {
                if (series[i][d] > 0)
                {
                    await write(b, new DateTimeOffset(start.AddDays(d).AddHours(10), TimeSpan.Zero).UtcTicks, -(long)series[i][d], LedgerReason.Pick, "pick-task:0");
                    rows++;
                }
            }
        }

        return rows;
    }
}
