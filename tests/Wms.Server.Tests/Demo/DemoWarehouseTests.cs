using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Demo;
using Wms.Server.Inventory;
using Wms.Server.Outbound;
using Wms.Server.Transport.Grpc;
using Xunit;
using Bin = Wms.Server.Layout.Bin;
using BinKind = Wms.Server.Layout.BinKind;
using Order = Wms.Server.Outbound.Order;
using OrderStatus = Wms.Server.Outbound.OrderStatus;
using LedgerEntry = Wms.Server.Inventory.LedgerEntry;
using LedgerReason = Wms.Server.Inventory.LedgerReason;
using Sku = Wms.Server.Catalog.Sku;
using Warehouse = Wms.Server.Layout.Warehouse;

namespace Wms.Server.Tests.Demo;

public sealed class DemoWarehouseTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeedAsync_EmptyDatabase_CreatesDemoOnceAndLedgerExplainsEveryUnit()
    {
        await using var factory = new WmsServerFactory();
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();

        var first = await DemoWarehouse.SeedAsync(contexts, TimeProvider.System, Cancel);
        var counts = await CountsAsync(contexts);
        var second = await DemoWarehouse.SeedAsync(contexts, TimeProvider.System, Cancel);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(counts, await CountsAsync(contexts));
        Assert.Equal(2, counts.Warehouses);
        Assert.InRange(counts.Bins, 200, 1000);
        Assert.InRange(counts.Skus, 50, 100);
        Assert.True(counts.Orders >= 10);

        await using var db = await contexts.CreateDbContextAsync(Cancel);
        Assert.Equal(6, await db.Set<Wms.Server.Dispatch.Vehicle>().CountAsync(Cancel));
        var balances = await db.Set<StockBalance>().AsNoTracking().ToListAsync(Cancel);
        var ledger = await db.Set<LedgerEntry>().AsNoTracking().GroupBy(e => e.StockBalanceId).Select(g => new { g.Key, Sum = g.Sum(e => e.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Sum, Cancel);
        Assert.NotEmpty(balances);
        Assert.All(balances, b => Assert.Equal(b.OnHand, ledger.GetValueOrDefault(b.Id)));
        Assert.All(balances, b => Assert.Equal(0, b.Reserved));
        Assert.Equal(balances.Count, ledger.Count);
        Assert.All(await db.Set<LedgerEntry>().AsNoTracking().ToListAsync(Cancel), e => Assert.Equal(LedgerReason.Receipt, e.Reason));
    }

    [Fact]
    public async Task SeedAsync_Data_ValidBarcodesTrackedLotsAndConsistentCoordinates()
    {
        await using var factory = new WmsServerFactory();
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
        await DemoWarehouse.SeedAsync(contexts, TimeProvider.System, Cancel);
        await using var db = await contexts.CreateDbContextAsync(Cancel);

        var barcodes = await db.Set<SkuBarcode>().AsNoTracking().Select(b => b.Barcode).ToListAsync(Cancel);
        var skus = await db.Set<Sku>().AsNoTracking().ToListAsync(Cancel);
        var bins = await db.Set<Bin>().AsNoTracking().ToListAsync(Cancel);
        var balances = await db.Set<StockBalance>().AsNoTracking().ToListAsync(Cancel);
        var warehouses = await db.Set<Warehouse>().AsNoTracking().ToListAsync(Cancel);
        var orders = await db.Set<Order>().AsNoTracking().Include(o => o.Lines).ToListAsync(Cancel);

        Assert.Equal(skus.Count, barcodes.Count);
        Assert.All(barcodes, b => Assert.True(IsGtin13(b), b));
        Assert.Contains(skus, s => s.LotTracked && s.ExpiryTracked);
        Assert.Contains(skus, s => s.LotTracked && !s.ExpiryTracked);
        Assert.Contains(skus, s => !s.LotTracked);
        Assert.All(balances.Where(b => skus.Single(s => s.Id == b.SkuId).ExpiryTracked), b => Assert.NotNull(b.Expiry));
        Assert.All(balances.Where(b => skus.Single(s => s.Id == b.SkuId).LotTracked), b => Assert.NotEmpty(b.Lot));
        foreach (var kind in Enum.GetValues<BinKind>())
        {
            Assert.Contains(bins, b => b.Kind == kind);
        }

        Assert.All(bins.Where(b => b.Kind is BinKind.PickFace or BinKind.Reserve), b =>
        {
            Assert.Equal(b.Aisle * 3.0, b.X, 9);
            Assert.Equal(b.Position * 1.2, b.Y, 9);
        });
        Assert.All(balances, b => Assert.Contains(bins.Single(x => x.Id == b.BinId).Kind, new[] { BinKind.PickFace, BinKind.Reserve }));
        Assert.Equal([Server.Layout.WarehouseKind.Central, Server.Layout.WarehouseKind.Regional], warehouses.OrderBy(w => w.Kind).Select(w => w.Kind));
        Assert.All(orders, o =>
        {
            var depot = warehouses.Single(w => w.Id == o.WarehouseId);
            Assert.Equal(OrderStatus.Open, o.Status);
            Assert.NotEmpty(o.Lines);
            Assert.InRange(o.Latitude, depot.Latitude - 0.1, depot.Latitude + 0.1);
            Assert.InRange(o.Longitude, depot.Longitude - 0.15, depot.Longitude + 0.15);
            Assert.True(o.WindowStartMinutes < o.WindowEndMinutes);
            Assert.NotEmpty(o.AddressLine);
            Assert.All(o.Lines, l => Assert.Contains(balances, b => b.SkuId == l.SkuId && b.WarehouseId == o.WarehouseId));
        });
    }

    [Fact]
    public async Task Start_DemoEnabledOnEmptyDatabase_WarehousesAndBinsServed()
    {
        await using var factory = new WmsServerFactory();
        using var demo = factory.WithWebHostBuilder(b => b.UseSetting("Wms:Demo:Enabled", "true"));
        var channel = GrpcChannel.ForAddress(demo.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = demo.Server.CreateHandler() });
        var invoker = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + WmsServerFactory.AdminToken));
        var options = new CallOptions(cancellationToken: Cancel);

        var warehouses = await invoker.AsyncUnaryCall(WmsMethods.Layout.ListWarehouses, new ListWarehousesRequest(), options);
        var pickFaces = await invoker.AsyncUnaryCall(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = DemoWarehouse.CentralCode, Kind = Contracts.V1.BinKind.PickFace, PageSize = 1000 }, options);

        Assert.Equal([DemoWarehouse.CentralCode, DemoWarehouse.RegionalCode], warehouses.Warehouses.Select(w => w.Code));
        Assert.Equal(160, pickFaces.Bins.Count);
    }

    private static bool IsGtin13(string code) =>
        code.Length == 13 && code.All(char.IsAsciiDigit) && DemoCatalog.CheckDigit(code[..12]) == code[12] - '0' && ReferenceCheckDigit(code[..12]) == code[12] - '0';

    /// <summary>The textbook GTIN-13 rule, independent of the seeder's: odd positions weigh 1, even 3, from the left.</summary>
    private static int ReferenceCheckDigit(string twelve) => (10 - twelve.Select((c, i) => (c - '0') * (i % 2 == 0 ? 1 : 3)).Sum() % 10) % 10;

    private static async Task<(int Warehouses, int Bins, int Skus, int Balances, int Ledger, int Orders)> CountsAsync(IDbContextFactory<WmsDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync(Cancel);
        return (await db.Set<Warehouse>().CountAsync(Cancel), await db.Set<Bin>().CountAsync(Cancel), await db.Set<Sku>().CountAsync(Cancel),
            await db.Set<StockBalance>().CountAsync(Cancel), await db.Set<LedgerEntry>().CountAsync(Cancel), await db.Set<Order>().CountAsync(Cancel));
    }
}
