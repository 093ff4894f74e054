using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Data;
using Wms.Server.Tests.Catalog;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Inventory;

/// <summary>
/// A small warehouse per test, on the test class's server: a dock at the origin, a staging bin, reserve
/// bins R-01..R-05 at 1..5 m (capacity 100), a same-SKU pick face P-01 and an empty-only pallet bin E-01,
/// each further out, and a quarantine bin.
/// </summary>
public sealed class InventoryKit(WmsServerFactory factory)
{
    public static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    public string Warehouse { get; private set; } = "";

    public Task<TResponse> Call<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, string? token = WmsServerFactory.AdminToken)
        where TRequest : class
        where TResponse : class
        => factory.Call(method, request, token);

    public static string Id() => Guid.NewGuid().ToString();

    public static async Task<InventoryKit> CreateAsync(WmsServerFactory factory)
    {
        var kit = new InventoryKit(factory);
        kit.Warehouse = "W" + Guid.NewGuid().ToString("N")[..8];
        await kit.Call(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = Id(),
            Warehouse = new Warehouse { Code = kit.Warehouse, Name = "Test", Kind = WarehouseKind.Central },
        });
        var layout = new ImportLayoutRequest { RequestId = Id(), WarehouseCode = kit.Warehouse };
        layout.Zones.Add(new Zone { Code = "Z", Name = "Main" });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "DOCK-1", Kind = BinKind.Dock, XM = 0, YM = 0 });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "STG-1", Kind = BinKind.Staging, XM = 0, YM = 0.5 });
        for (var i = 1; i <= 5; i++)
        {
            layout.Bins.Add(new Bin { ZoneCode = "Z", Code = $"R-{i:00}", Kind = BinKind.Reserve, MixPolicy = MixPolicy.Mixed, XM = i, YM = 0, CapacityUnits = 100 });
        }

        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "P-01", Kind = BinKind.PickFace, MixPolicy = MixPolicy.SameSku, XM = 10, YM = 0, CapacityUnits = 50 });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "E-01", Kind = BinKind.Reserve, MixPolicy = MixPolicy.EmptyOnly, XM = 12, YM = 0, CapacityUnits = 500 });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "Q-1", Kind = BinKind.Quarantine, XM = 0, YM = 20 });
        await kit.Call(WmsMethods.Layout.ImportLayout, layout);
        return kit;
    }

    /// <summary>A new SKU; returns its code and its GTIN.</summary>
    public async Task<(string Code, string Gtin)> NewSkuAsync(bool lots = false, bool expiry = false, double weightKg = 1, double volumeM3 = 0)
    {
        var code = "K" + Guid.NewGuid().ToString("N")[..8];
        var gtin = CatalogTests.NewGtin13();
        var sku = new Sku { Code = code, Description = "Test " + code, LotTracked = lots, ExpiryTracked = expiry, UnitWeightKg = weightKg, UnitVolumeM3 = volumeM3 };
        sku.Barcodes.Add(gtin);
        var request = new UpsertSkusRequest { RequestId = Id() };
        request.Skus.Add(sku);
        await Call(WmsMethods.Catalog.UpsertSkus, request);
        return (code, gtin);
    }

    public async Task<string> NewReceiptAsync(params (string Sku, long Quantity)[] lines)
    {
        var reference = "PO-" + Guid.NewGuid().ToString("N")[..6];
        var request = new CreateReceiptRequest { RequestId = Id(), WarehouseCode = Warehouse, Reference = reference };
        request.Lines.AddRange(lines.Select(l => new ReceiptLine { SkuCode = l.Sku, ExpectedQuantity = l.Quantity }));
        await Call(WmsMethods.Inventory.CreateReceipt, request);
        return reference;
    }

    /// <summary>Receives stock of a SKU into the dock and moves it into <paramref name="bin"/> (when not the dock).</summary>
    public async Task StockAsync(string sku, long quantity, string bin = "DOCK-1", string lot = "", string expiry = "")
    {
        var receipt = await NewReceiptAsync((sku, quantity));
        await Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = Warehouse, ReceiptReference = receipt, SkuCode = sku, Lot = lot, Expiry = expiry, Quantity = quantity, BinCode = "DOCK-1",
        });
        if (bin != "DOCK-1")
        {
            await Call(WmsMethods.Inventory.ConfirmPutaway, new MoveStockRequest
            {
                RequestId = Id(), WarehouseCode = Warehouse, FromBinCode = "DOCK-1", ToBinCode = bin, SkuCode = sku, Lot = lot, Quantity = quantity,
            });
        }
    }

    public async Task<List<StockLine>> StockOfAsync(string sku, string bin = "")
    {
        var response = await Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = Warehouse, SkuCode = sku, BinCode = bin });
        return response.Lines.ToList();
    }

    public async Task<long> OnHandAsync(string sku, string bin) => (await StockOfAsync(sku, bin)).Sum(l => l.OnHand);

    public async Task<List<LedgerEntry>> LedgerAsync(string sku)
    {
        var response = await Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = Warehouse, SkuCode = sku, PageSize = 1000 });
        return response.Entries.ToList();
    }

    /// <summary>Reserves stock for a made-up order line as allocation would: a Reservation row and the balance's reserved.</summary>
    public async Task ReserveAsync(string sku, string bin, long quantity, string lot = "")
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        var skuId = await db.Set<Wms.Server.Catalog.Sku>().Where(s => s.Code == sku).Select(s => s.Id).FirstAsync(ct);
        var warehouseId = await db.Set<Wms.Server.Layout.Warehouse>().Where(w => w.Code == Warehouse).Select(w => w.Id).FirstAsync(ct);
        var binId = await db.Set<Wms.Server.Layout.Bin>().Where(b => b.WarehouseId == warehouseId && b.Code == bin).Select(b => b.Id).FirstAsync(ct);
        var balance = await db.Set<Wms.Server.Inventory.StockBalance>().FirstAsync(s => s.BinId == binId && s.SkuId == skuId && s.Lot == lot, ct);
        var order = new Wms.Server.Outbound.Order { WarehouseId = warehouseId, Reference = "O-" + Guid.NewGuid().ToString("N")[..8] };
        order.Lines.Add(new Wms.Server.Outbound.OrderLine { LineNumber = 1, SkuId = skuId, Quantity = quantity, AllocatedQuantity = quantity });
        db.Add(order);
        await db.SaveChangesAsync(ct);
        balance.Reserve(quantity);
        db.Add(new Wms.Server.Inventory.Reservation { OrderLineId = order.Lines[0].Id, StockBalanceId = balance.Id, Quantity = quantity });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The stock invariants hold for the whole database.</summary>
    public async Task AssertIntegrityAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var problems = await Wms.Server.Inventory.StockIntegrity.VerifyAsync(db, TestContext.Current.CancellationToken);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public static async Task<RpcException> FailsAsync(Task call) => await Assert.ThrowsAsync<RpcException>(() => call);
}
