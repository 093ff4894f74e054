using System.Globalization;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Tests;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Handheld.Tests.Support;

/// <summary>
/// A small warehouse per test, set up the way an office would, through the server's own calls with the
/// admin token: a dock, pick faces A-01-01..A-01-06 along aisle 1, reserve bins R-01..R-03 (room for 100
/// each), a quarantine bin Q-1 and a pack station PACK-1 (staging).
/// </summary>
public sealed class Floor
{
    private readonly CallInvoker _admin;

    private Floor(CallInvoker admin, string warehouse)
    {
        _admin = admin;
        Warehouse = warehouse;
    }

    public string Warehouse { get; }

    public static string Id() => Guid.NewGuid().ToString("N");

    public static async Task<Floor> CreateAsync(CallInvoker admin)
    {
        var floor = new Floor(admin, "W" + Id()[..6].ToUpperInvariant());
        await floor.Call(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = Id(), Warehouse = new Warehouse { Code = floor.Warehouse, Name = "Test DC", Kind = WarehouseKind.Central },
        });
        var layout = new ImportLayoutRequest { RequestId = Id(), WarehouseCode = floor.Warehouse };
        layout.Zones.Add(new Zone { Code = "Z", Name = "Main" });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "DOCK-1", Kind = BinKind.Dock, XM = 0, YM = 0 });
        for (var i = 1; i <= 6; i++)
        {
            layout.Bins.Add(new Bin { ZoneCode = "Z", Code = $"A-01-{i:00}", Kind = BinKind.PickFace, MixPolicy = MixPolicy.Mixed, Aisle = 1, Position = i, XM = 2, YM = i });
        }

        for (var i = 1; i <= 3; i++)
        {
            layout.Bins.Add(new Bin { ZoneCode = "Z", Code = $"R-{i:00}", Kind = BinKind.Reserve, MixPolicy = MixPolicy.Mixed, Aisle = 5, Position = i, XM = 10, YM = i, CapacityUnits = 100 });
        }

        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "Q-1", Kind = BinKind.Quarantine, XM = 0, YM = 20 });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "PACK-1", Kind = BinKind.Staging, XM = 1, YM = 0 });
        await floor.Call(WmsMethods.Layout.ImportLayout, layout);
        return floor;
    }

    public Task<TResponse> Call<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request)
        where TRequest : class
        where TResponse : class
        =>
        _admin.AsyncUnaryCall(method, request, new CallOptions(cancellationToken: TestContext.Current.CancellationToken)).ResponseAsync;

    /// <summary>A new SKU with a GTIN-13 barcode; answers its code and GTIN.</summary>
    public async Task<(string Code, string Gtin)> SkuAsync(string description = "Blue widget", bool lots = false, bool expiry = false)
    {
        var code = "SKU-" + Id()[..5].ToUpperInvariant();
        var gtin = NewGtin13();
        var sku = new Sku { Code = code, Description = description, LotTracked = lots, ExpiryTracked = expiry, UnitWeightKg = 1 };
        sku.Barcodes.Add(gtin);
        var request = new UpsertSkusRequest { RequestId = Id() };
        request.Skus.Add(sku);
        await Call(WmsMethods.Catalog.UpsertSkus, request);
        return (code, gtin);
    }

    public async Task<string> ReceiptAsync(params (string Sku, long Quantity)[] lines)
    {
        var reference = "PO-" + Id()[..5].ToUpperInvariant();
        var request = new CreateReceiptRequest { RequestId = Id(), WarehouseCode = Warehouse, Reference = reference };
        request.Lines.AddRange(lines.Select(l => new ReceiptLine { SkuCode = l.Sku, ExpectedQuantity = l.Quantity }));
        await Call(WmsMethods.Inventory.CreateReceipt, request);
        return reference;
    }

    /// <summary>Stock received at the dock and put away into <paramref name="bin"/>.</summary>
    public async Task StockAsync(string sku, string bin, long quantity, string lot = "", string expiry = "")
    {
        var receipt = await ReceiptAsync((sku, quantity));
        await Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = Warehouse, ReceiptReference = receipt, SkuCode = sku, Lot = lot, Expiry = expiry, Quantity = quantity, BinCode = "DOCK-1",
        });
        await Call(WmsMethods.Inventory.ConfirmPutaway, new MoveStockRequest
        {
            RequestId = Id(), WarehouseCode = Warehouse, FromBinCode = "DOCK-1", ToBinCode = bin, SkuCode = sku, Lot = lot, Quantity = quantity,
        });
    }

    /// <summary>
    /// One order of one line per new SKU ("Widget 1", "Widget 2"...), each SKU stocked (10, in
    /// <paramref name="lot"/> when given) in its own pick face A-01-01, A-01-02...; line i (from 0) asks
    /// <paramref name="quantity"/>(i). Released as one trip.
    /// </summary>
    public async Task<(string Order, List<(string Code, string Gtin)> Skus)> TripAsync(int lines, Func<int, long> quantity, string lot = "")
    {
        var skus = new List<(string Code, string Gtin)>();
        for (var i = 1; i <= lines; i++)
        {
            var sku = await SkuAsync("Widget " + i, lots: lot.Length > 0);
            await StockAsync(sku.Code, $"A-01-{i:00}", 10, lot: lot);
            skus.Add(sku);
        }

        return (await ReleasedOrderAsync([.. skus.Select((s, i) => (s.Code, quantity(i)))]), skus);
    }

    /// <summary>One order with these lines, released as one trip.</summary>
    public async Task<string> ReleasedOrderAsync(params (string Sku, long Quantity)[] lines)
    {
        var reference = await CreateOrderAsync(lines);
        await ReleaseAsync(reference);
        return reference;
    }

    public async Task<string> CreateOrderAsync(params (string Sku, long Quantity)[] lines)
    {
        var reference = "SO-" + Id()[..5].ToUpperInvariant();
        var order = new CreateOrderRequest
        {
            RequestId = Id(), WarehouseCode = Warehouse, Reference = reference, Priority = 1, RequestedShipDate = "2026-12-01",
            CustomerName = "Ada Shop", AddressLine = "1 Main St", Latitude = 52.52, Longitude = 13.40, WindowStart = "08:00", WindowEnd = "12:30",
        };
        order.Lines.AddRange(lines.Select(l => new CreateOrderLine { SkuCode = l.Sku, Quantity = l.Quantity }));
        await Call(WmsMethods.Order.CreateOrder, order);
        return reference;
    }

    /// <summary>These orders released in one wave: one trip when they fit one.</summary>
    public async Task ReleaseAsync(params string[] references)
    {
        var wave = new ReleaseWaveRequest { RequestId = Id(), WarehouseCode = Warehouse };
        wave.OrderReferences.AddRange(references);
        await Call(WmsMethods.Order.ReleaseWave, wave);
    }

    public Task<Order> OrderAsync(string reference) =>
        Call(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = Warehouse, Reference = reference });

    public async Task<long> OnHandAsync(string sku, string bin) =>
        (await Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = Warehouse, SkuCode = sku, BinCode = bin })).Lines.Sum(l => l.OnHand);

    public async Task<List<LedgerEntry>> LedgerAsync(string sku) =>
        [.. (await Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = Warehouse, SkuCode = sku, PageSize = 1000 })).Entries];

    public async Task<List<LedgerEntry>> WarehouseLedgerAsync() =>
        [.. (await Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = Warehouse, PageSize = 1000 })).Entries];

    public Task<CycleCount> RaiseCountAsync(string bin, string reason = "audit") =>
        Call(WmsMethods.Inventory.RaiseCycleCount, new RaiseCycleCountRequest { RequestId = Id(), WarehouseCode = Warehouse, BinCode = bin, Reason = reason });

    /// <summary>A GTIN-13 with a good check digit, different each time.</summary>
    public static string NewGtin13()
    {
        var body = "40" + string.Concat(Guid.NewGuid().ToByteArray().Take(10).Select(b => (char)('0' + b % 10)));
        return body + Wms.Gs1.GtinCheckDigit.Compute(body).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The GS1-128 label text a scanner types for this GTIN-13 (as a GTIN-14) and the given AIs.</summary>
    public static string Label(string gtin13, string? lot = null, string? expiry = null, long? count = null) =>
        "]C101" + "0" + gtin13 + (expiry is null ? "" : "17" + expiry) + (count is null ? "" : "37" + count.Value.ToString(CultureInfo.InvariantCulture) + "\u001d")
        + (lot is null ? "" : "10" + lot);
}
