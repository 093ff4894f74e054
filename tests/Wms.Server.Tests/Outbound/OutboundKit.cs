using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Data;
using Wms.Server.Transport.Grpc;
using Xunit;
using Bin = Wms.Server.Layout.Bin;
using BinKind = Wms.Server.Layout.BinKind;
using LedgerContext = Wms.Server.Inventory.LedgerContext;
using LedgerEntry = Wms.Server.Inventory.LedgerEntry;
using LedgerReason = Wms.Server.Inventory.LedgerReason;
using Reservation = Wms.Server.Inventory.Reservation;
using Sku = Wms.Server.Catalog.Sku;
using SkuBarcode = Wms.Server.Catalog.SkuBarcode;
using StockBalance = Wms.Server.Inventory.StockBalance;
using Warehouse = Wms.Server.Layout.Warehouse;
using Zone = Wms.Server.Layout.Zone;

namespace Wms.Server.Tests.Outbound;

public sealed record BinSpec(string Code, BinKind Kind, int Aisle, int Position, int Level = 0, bool OnHold = false);

/// <summary>
/// Sets up warehouses, SKUs and stock straight through the DbContext inside the WriteBatcher (as the
/// catalog and receiving calls will), and checks the stock invariants afterwards.
/// </summary>
public sealed class OutboundKit(WmsServerFactory factory)
{
    public static string NewId() => Guid.NewGuid().ToString("N");

    public Task<TResponse> Call<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, string? token = WmsServerFactory.AdminToken)
        where TRequest : class
        where TResponse : class
        => factory.Call(method, request, token);

    public Task<T> SetupAsync<T>(Func<WmsDbContext, CancellationToken, Task<T>> body) =>
        factory.Services.GetRequiredService<WriteBatcher>().ExecuteAsync(new CommandInfo("TestSetup", "test", ""), body, TestContext.Current.CancellationToken);

    public Task<string> WarehouseAsync(params BinSpec[] bins) => SetupAsync(async (db, ct) =>
    {
        var code = "W" + NewId()[..8];
        var warehouse = new Warehouse { Code = code, Name = code };
        db.Add(warehouse);
        await db.SaveChangesAsync(ct);
        var zone = new Zone { WarehouseId = warehouse.Id, Code = "A" };
        db.Add(zone);
        await db.SaveChangesAsync(ct);
        foreach (var b in bins)
        {
            db.Add(new Bin
            {
                WarehouseId = warehouse.Id, ZoneId = zone.Id, Code = b.Code, Kind = b.Kind, Aisle = b.Aisle, Position = b.Position, Level = b.Level,
                OnHold = b.OnHold, HoldReason = b.OnHold ? "test" : "",
            });
        }

        await db.SaveChangesAsync(ct);
        return code;
    });

    public Task<string> SkuAsync(bool lotTracked = false, bool expiryTracked = false, string? barcode = null) => SetupAsync(async (db, ct) =>
    {
        var sku = new Sku { Code = "SKU-" + NewId()[..10], Description = "Test item", LotTracked = lotTracked, ExpiryTracked = expiryTracked };
        db.Add(sku);
        await db.SaveChangesAsync(ct);
        if (barcode is not null)
        {
            db.Add(new SkuBarcode { Barcode = barcode, SkuId = sku.Id });
            await db.SaveChangesAsync(ct);
        }

        return sku.Code;
    });

    public Task<long> StockAsync(string warehouse, string bin, string sku, long quantity, string lot = "", DateOnly? expiry = null, DateTimeOffset? receivedAt = null) =>
        SetupAsync(async (db, ct) =>
        {
            var w = await db.Set<Warehouse>().SingleAsync(x => x.Code == warehouse, ct);
            var b = await db.Set<Bin>().SingleAsync(x => x.WarehouseId == w.Id && x.Code == bin, ct);
            var s = await db.Set<Sku>().SingleAsync(x => x.Code == sku, ct);
            var balance = new StockBalance
            {
                WarehouseId = w.Id, BinId = b.Id, SkuId = s.Id, Lot = lot, Expiry = expiry,
                ReceivedAt = receivedAt ?? DateTimeOffset.UnixEpoch,
            };
            db.Add(balance);
            db.Add(balance.Add(quantity, new LedgerContext(LedgerReason.Receipt, "test", "", DateTimeOffset.UtcNow, "test stock")));
            await db.SaveChangesAsync(ct);
            return balance.Id;
        });

    /// <summary>On hand and reserved of one bin, SKU and lot.</summary>
    public async Task<(long OnHand, long Reserved)> BalanceAsync(string warehouse, string bin, string sku, string lot = "")
    {
        await using var db = await Contexts().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var row = await (from sb in db.Set<StockBalance>()
                         join b in db.Set<Bin>() on sb.BinId equals b.Id
                         join w in db.Set<Warehouse>() on b.WarehouseId equals w.Id
                         join s in db.Set<Sku>() on sb.SkuId equals s.Id
                         where w.Code == warehouse && b.Code == bin && s.Code == sku && sb.Lot == lot
                         select new { sb.OnHand, sb.Reserved }).SingleAsync(TestContext.Current.CancellationToken);
        return (row.OnHand, row.Reserved);
    }

    public async Task<T> QueryAsync<T>(Func<WmsDbContext, Task<T>> query)
    {
        await using var db = await Contexts().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await query(db);
    }

    /// <summary>
    /// Every balance: reserved equals the sum of its open reservations, on hand the sum of its ledger rows,
    /// neither negative, reserved within on hand. (Inventory/StockIntegrity.cs will do the same once merged.)
    /// </summary>
    public async Task AssertStockIntegrityAsync()
    {
        await using var db = await Contexts().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        var rows = await db.Set<StockBalance>().AsNoTracking()
            .Select(b => new
            {
                b.Id, b.OnHand, b.Reserved,
                Ledger = db.Set<LedgerEntry>().Where(e => e.StockBalanceId == b.Id).Sum(e => (long?)e.Quantity) ?? 0,
                Open = db.Set<Reservation>().Where(r => r.StockBalanceId == b.Id && r.Open).Sum(r => (long?)r.Quantity) ?? 0,
            }).ToListAsync(ct);
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.True(r.OnHand >= 0 && r.Reserved >= 0 && r.Reserved <= r.OnHand, $"balance {r.Id}: {r.OnHand} on hand, {r.Reserved} reserved");
            Assert.True(r.OnHand == r.Ledger, $"balance {r.Id}: {r.OnHand} on hand but ledger sums to {r.Ledger}");
            Assert.True(r.Reserved == r.Open, $"balance {r.Id}: {r.Reserved} reserved but open reservations sum to {r.Open}");
        });
    }

    private IDbContextFactory<WmsDbContext> Contexts() => factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();

    public static CreateOrderRequest Order(string warehouse, string reference, params (string Sku, long Quantity)[] lines)
    {
        var request = new CreateOrderRequest
        {
            RequestId = NewId(), WarehouseCode = warehouse, Reference = reference, Priority = 1, RequestedShipDate = "2026-12-01",
            CustomerName = "Ada Shop", AddressLine = "1 Main St", Latitude = 52.52, Longitude = 13.40, WindowStart = "08:00", WindowEnd = "12:30",
        };
        request.Lines.AddRange(lines.Select(l => new CreateOrderLine { SkuCode = l.Sku, Quantity = l.Quantity }));
        return request;
    }

    public async Task<Contracts.V1.Order> CreateOrderAsync(string warehouse, string reference, int priority, params (string Sku, long Quantity)[] lines)
    {
        var request = Order(warehouse, reference, lines);
        request.Priority = priority;
        return await Call(WmsMethods.Order.CreateOrder, request);
    }

    public Task<Contracts.V1.Order> AllocateAsync(string warehouse, string reference) =>
        Call(WmsMethods.Order.AllocateOrder, new AllocateOrderRequest { RequestId = NewId(), WarehouseCode = warehouse, Reference = reference });

    public Task<Contracts.V1.Order> GetOrderAsync(string warehouse, string reference) =>
        Call(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = warehouse, Reference = reference });

    public Task<Contracts.V1.Wave> ReleaseAsync(string warehouse, int maxLinesPerTrip, params string[] references)
    {
        var request = new ReleaseWaveRequest { RequestId = NewId(), WarehouseCode = warehouse, MaxLinesPerTrip = maxLinesPerTrip };
        request.OrderReferences.AddRange(references);
        return Call(WmsMethods.Order.ReleaseWave, request);
    }
}
