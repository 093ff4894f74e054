using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Bench;

/// <summary>
/// Lays out the benchmark warehouse straight into the database before the server starts: what is
/// measured is the calls, not the set-up. Stock goes in through StockBalance.Add with its ledger rows.
/// </summary>
internal static class Seed
{
    public const string Warehouse = "BENCH";

    public static async Task RunAsync(DataOptions options, int skus, int bins, long unitsPerBalance)
    {
        var builder = new DbContextOptionsBuilder<WmsDbContext>();
        DataRegistration.Configure(builder, options);
        await using var db = new WmsDbContext(builder.Options);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
            await db.Database.CloseConnectionAsync();
        }

        await SchemaMigrator.MigrateAsync(db, options.Provider);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var warehouse = new Warehouse { Code = Warehouse, Name = "Benchmark", Kind = WarehouseKind.Central };
        db.Add(warehouse);
        await db.SaveChangesAsync();
        var zone = new Zone { WarehouseId = warehouse.Id, Code = "A" };
        db.Add(zone);
        await db.SaveChangesAsync();

        var binRows = Enumerable.Range(0, bins).Select(i => new Bin
        {
            WarehouseId = warehouse.Id, ZoneId = zone.Id, Code = BinCode(i), Kind = BinKind.PickFace,
            Aisle = i / 50, Position = i % 50, X = i / 50 * 3.0, Y = i % 50 * 1.2,
        }).ToList();
        db.AddRange(binRows);
        var skuRows = Enumerable.Range(0, skus).Select(i => new Sku { Code = SkuCode(i), Description = "Bench item " + i }).ToList();
        db.AddRange(skuRows);
        await db.SaveChangesAsync();

        // SKU i lives in bin i mod bins: one balance per SKU.
        var ledger = new LedgerContext(LedgerReason.Receipt, "bench", "bench-seed", DateTimeOffset.UtcNow, "bench");
        for (var i = 0; i < skus; i++)
        {
            var balance = new StockBalance { WarehouseId = warehouse.Id, BinId = binRows[i % bins].Id, SkuId = skuRows[i].Id, ReceivedAt = ledger.At };
            db.Add(balance);
            db.Add(balance.Add(unitsPerBalance, ledger));
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>One balance per SKU (SKU i in bin i mod bins), into a warehouse laid out through the API.</summary>
    public static async Task StockAsync(DataOptions options, int skus, int bins, long units)
    {
        var builder = new DbContextOptionsBuilder<WmsDbContext>();
        DataRegistration.Configure(builder, options);
        await using var db = new WmsDbContext(builder.Options);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var warehouse = await db.Set<Warehouse>().SingleAsync(w => w.Code == Warehouse);
        var binIds = await db.Set<Bin>().Where(b => b.WarehouseId == warehouse.Id).ToDictionaryAsync(b => b.Code, b => b.Id);
        var skuIds = await db.Set<Sku>().ToDictionaryAsync(s => s.Code, s => s.Id);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var ledger = new LedgerContext(LedgerReason.Receipt, "bench", "bench-stock", DateTimeOffset.UtcNow, "bench");
        for (var i = 0; i < skus; i++)
        {
            var balance = new StockBalance { WarehouseId = warehouse.Id, BinId = binIds[BinCode(i % bins)], SkuId = skuIds[SkuCode(i)], ReceivedAt = ledger.At };
            db.Add(balance);
            db.Add(balance.Add(units, ledger));
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    public static string BinCode(int i) => $"A-{i / 50:0000}-{i % 50:00}";

    public static string SkuCode(int i) => $"SKU-{i:00000}";
}
