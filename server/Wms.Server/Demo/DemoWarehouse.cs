using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Demo;

/// <summary>
/// A warehouse to try the server on: on a first start with an empty database it creates a central
/// warehouse in Frankfurt and a regional one in Munich, with zones, bins in aisles, SKUs, stock (each
/// unit received through the ledger), open orders around each depot and a small delivery fleet. The same seed gives the same
/// data, so a demo or a bug report can be replayed.
/// </summary>
public static class DemoWarehouse
{
    public const int Seed = 20_261_121;
    public const string CentralCode = "FRA";
    public const string RegionalCode = "MUC";

    /// <summary>Metres between aisle centre lines, and between bin positions along an aisle.</summary>
    public const double AisleSpacingM = 3.0;
    public const double PositionSpacingM = 1.2;

    /// <summary>Both demo sites are in Germany.</summary>
    public const string TimeZone = "Europe/Berlin";

    private sealed record Site(string Code, string Name, WarehouseKind Kind, string City, double Latitude, double Longitude, int Aisles, int Positions, int Docks, int StockedSkus, int Orders);

    private static readonly Site[] Sites =
    [
        new(CentralCode, "Frankfurt central warehouse", WarehouseKind.Central, "Frankfurt am Main", 50.0512, 8.5916, Aisles: 8, Positions: 20, Docks: 4, StockedSkus: DemoCatalog.SkuCount, Orders: 16),
        new(RegionalCode, "Munich regional warehouse", WarehouseKind.Regional, "München", 48.1763, 11.5306, Aisles: 4, Positions: 10, Docks: 2, StockedSkus: 30, Orders: 6),
    ];

    /// <summary>Creates the demo data when the database has no warehouse; answers whether it did.</summary>
    public static async Task<bool> SeedAsync(IDbContextFactory<WmsDbContext> contexts, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Set<Warehouse>().AnyAsync(cancellationToken))
        {
            return false;
        }

        var random = new Random(Seed);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var skus = DemoCatalog.Skus(random);
        db.AddRange(skus);
        var warehouses = Sites.Select(s => new Warehouse { Code = s.Code, Name = s.Name, Kind = s.Kind, Latitude = s.Latitude, Longitude = s.Longitude, TimeZone = TimeZone }).ToList();
        db.AddRange(warehouses);
        await db.SaveChangesAsync(cancellationToken);
        db.AddRange(skus.Select((s, i) => new SkuBarcode { Barcode = DemoCatalog.Gtin13(i + 1), SkuId = s.Id }));

        var receipt = new LedgerContext(LedgerReason.Receipt, "demo", "", now, Reference: "demo-seed");
        for (var i = 0; i < Sites.Length; i++)
        {
            var site = Sites[i];
            var bins = await AddLayoutAsync(db, warehouses[i], site, cancellationToken);
            AddStock(db, random, warehouses[i], bins, skus.Take(site.StockedSkus).ToList(), receipt, today);
            db.AddRange(DemoOrders.Orders(random, warehouses[i], site.City, skus.Take(site.StockedSkus).ToList(), site.Orders, today, now));
            db.AddRange(DemoFleet.Vehicles(warehouses[i], site.Kind == WarehouseKind.Central));
        }

        db.Add(new AuditEntry { At = now, Actor = "server", Command = "SeedDemo", RequestId = "", Summary = "demo warehouses " + string.Join(", ", Sites.Select(s => s.Code)) });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Zones and bins of one site. Aisle a runs along y at x = a × 3 m; position p sits 1.2 m further
    /// along it; pick faces are level 0 and reserve levels 1-2 above every other position. Docks and
    /// staging lie in front of the aisles (y below 0), quarantine beside the last aisle.
    /// </summary>
    private static async Task<List<Bin>> AddLayoutAsync(WmsDbContext db, Warehouse warehouse, Site site, CancellationToken cancellationToken)
    {
        var zones = new Dictionary<BinKind, Zone>
        {
            [BinKind.PickFace] = new() { WarehouseId = warehouse.Id, Code = "A", Name = "Ambient pick faces" },
            [BinKind.Reserve] = new() { WarehouseId = warehouse.Id, Code = "R", Name = "Reserve racking" },
            [BinKind.Dock] = new() { WarehouseId = warehouse.Id, Code = "D", Name = "Docks" },
            [BinKind.Staging] = new() { WarehouseId = warehouse.Id, Code = "S", Name = "Staging" },
            [BinKind.Quarantine] = new() { WarehouseId = warehouse.Id, Code = "Q", Name = "Quarantine" },
        };
        db.AddRange(zones.Values);
        await db.SaveChangesAsync(cancellationToken);

        var bins = new List<Bin>();
        Bin NewBin(BinKind kind, string code, int aisle, int position, int level, double x, double y, long capacity, MixPolicy mix) => new()
        {
            WarehouseId = warehouse.Id, ZoneId = zones[kind].Id, Code = code, Kind = kind, MixPolicy = mix, Aisle = aisle, Position = position, Level = level,
            X = x, Y = y, CapacityUnits = capacity, CapacityWeightKg = kind == BinKind.Reserve ? 1000 : 0,
        };

        for (var aisle = 1; aisle <= site.Aisles; aisle++)
        {
            for (var position = 1; position <= site.Positions; position++)
            {
                var (x, y) = (aisle * AisleSpacingM, position * PositionSpacingM);
                var code = $"A-{aisle.ToString("00", CultureInfo.InvariantCulture)}-{position.ToString("00", CultureInfo.InvariantCulture)}";
                bins.Add(NewBin(BinKind.PickFace, code, aisle, position, 0, x, y, 200, MixPolicy.SameSku));
                for (var level = 1; level <= 2 && position % 2 == 0; level++)
                {
                    bins.Add(NewBin(BinKind.Reserve, $"{code}-{level.ToString(CultureInfo.InvariantCulture)}", aisle, position, level, x, y, 2000, MixPolicy.EmptyOnly));
                }
            }
        }

        for (var i = 1; i <= site.Docks; i++)
        {
            bins.Add(NewBin(BinKind.Dock, $"DOCK-{i.ToString("00", CultureInfo.InvariantCulture)}", 0, i, 0, i * 2 * AisleSpacingM, -6, 0, MixPolicy.Mixed));
            bins.Add(NewBin(BinKind.Staging, $"STG-{i.ToString("00", CultureInfo.InvariantCulture)}", 0, i, 0, i * 2 * AisleSpacingM, -3, 0, MixPolicy.Mixed));
        }

        var quarantineAisle = site.Aisles + 1;
        for (var i = 1; i <= 2; i++)
        {
            bins.Add(NewBin(BinKind.Quarantine, $"QUA-{i.ToString("00", CultureInfo.InvariantCulture)}", quarantineAisle, i, 0, quarantineAisle * AisleSpacingM, i * PositionSpacingM, 0, MixPolicy.Mixed));
        }

        db.AddRange(bins);
        await db.SaveChangesAsync(cancellationToken);
        return bins;
    }

    /// <summary>
    /// Every stocked SKU gets a pick face and a reserve bin (a newer lot there, so FEFO has a choice); all
    /// of it enters through <see cref="StockBalance.Add"/> with a Receipt ledger row, so the ledger
    /// explains every unit.
    /// </summary>
    private static void AddStock(WmsDbContext db, Random random, Warehouse warehouse, List<Bin> bins, List<Sku> skus, LedgerContext receipt, DateOnly today)
    {
        var pickFaces = bins.Where(b => b.Kind == BinKind.PickFace).ToList();
        var reserve = bins.Where(b => b.Kind == BinKind.Reserve).ToList();
        var spread = Math.Max(1, pickFaces.Count / skus.Count);
        for (var i = 0; i < skus.Count; i++)
        {
            var sku = skus[i];
            Receive(pickFaces[(i * spread) % pickFaces.Count], sku, random.Next(20, 81), age: 60);
            if (i < reserve.Count)
            {
                Receive(reserve[i], sku, Math.Max(1, sku.CaseSize) * random.Next(5, 21), age: 10);
            }
        }

        void Receive(Bin bin, Sku sku, long quantity, int age)
        {
            var received = today.AddDays(-random.Next(age / 2, age + 1));
            var balance = new StockBalance
            {
                WarehouseId = warehouse.Id,
                BinId = bin.Id,
                SkuId = sku.Id,
                Lot = sku.LotTracked ? "L" + received.ToString("yyMMdd", CultureInfo.InvariantCulture) + "-" + random.Next(1, 10).ToString(CultureInfo.InvariantCulture) : "",
                Expiry = sku.ExpiryTracked ? received.AddDays(random.Next(120, 400)) : null,
                ReceivedAt = receipt.At,
            };
            db.Add(balance);
            StockLedger.Add(db, balance, quantity, receipt);
        }
    }
}
