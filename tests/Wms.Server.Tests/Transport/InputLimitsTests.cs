using Microsoft.Data.Sqlite;
using Wms.Contracts.V1;
using Wms.Client;
using Grpc.Core;
using Wms.Server.Common;
using Wms.Server.Security;
using Wms.Server.Tests.Inventory;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Transport;

/// <summary>
/// One server with a warehouse, a SKU with stock, a receipt, an order and an open cycle count, against
/// which every oversized, overflowing or non-finite input is thrown: each must be refused with
/// INVALID_ARGUMENT naming the field (and its limit), and leave the database exactly as it was.
/// </summary>
public sealed class EdgeServer : WmsServerFactory, IAsyncLifetime
{
    public InventoryKit Kit { get; private set; } = null!;

    public string Sku { get; private set; } = "";

    public string Receipt { get; private set; } = "";

    public string Order { get; private set; } = "";

    public long CountId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Kit = await CreateAsync(this);
        (Sku, _) = await Kit.NewSkuAsync();
        await Kit.StockAsync(Sku, 10, "R-01");
        Receipt = await Kit.NewReceiptAsync((Sku, 5));
        Order = "SO-" + Guid.NewGuid().ToString("N")[..6];
        var order = new CreateOrderRequest { RequestId = Id(), WarehouseCode = Kit.Warehouse, Reference = Order };
        order.Lines.Add(new CreateOrderLine { SkuCode = Sku, Quantity = 2 });
        await Kit.Call(WmsMethods.Order.CreateOrder, order);
        var count = await Kit.Call(WmsMethods.Inventory.RaiseCycleCount, new RaiseCycleCountRequest { RequestId = Id(), WarehouseCode = Kit.Warehouse, BinCode = "R-02" });
        CountId = count.Id;
    }

    /// <summary>Every row of every table, hashed per table: equal before and after means nothing changed.</summary>
    public string Fingerprint()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        // One hash per table, so that a failure names the table that changed. Quartz's tables change on its own
        // clock, and a scheduled run writes its own rows: not the call's doing.
        var hashes = new System.Text.StringBuilder();
        foreach (var table in tables.Where(t => !t.StartsWith("qrtz", StringComparison.OrdinalIgnoreCase) && t != "job_runs"))
        {
            var text = new System.Text.StringBuilder();
            using var select = connection.CreateCommand();
            select.CommandText = table == "audit"
                ? "SELECT * FROM audit WHERE actor NOT IN ('scheduler', 'system', 'mqtt', 'planning') ORDER BY rowid"
                : $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }

            hashes.Append(table).Append(':').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..16]).Append('\n');
        }

        return hashes.ToString();
    }
}

public sealed class InputLimitsTests(EdgeServer server) : IClassFixture<EdgeServer>
{
    private static readonly string Megabyte = new('x', 1 << 20);

    private sealed record Row(Func<EdgeServer, Task> Call, string Field, string Limit);

    private static Task Adjust(EdgeServer s, Action<AdjustStockRequest> change)
    {
        var request = new AdjustStockRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, BinCode = "R-01", SkuCode = s.Sku, Quantity = 1, Reason = AdjustmentReason.Found };
        change(request);
        return s.Kit.Call(WmsMethods.Inventory.AdjustStock, request);
    }

    private static Task Move(EdgeServer s, Action<MoveStockRequest> change)
    {
        var request = new MoveStockRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, FromBinCode = "R-01", ToBinCode = "R-02", SkuCode = s.Sku, Quantity = 1 };
        change(request);
        return s.Kit.Call(WmsMethods.Inventory.MoveStock, request);
    }

    private static Task Receive(EdgeServer s, Action<ReceiveItemRequest> change)
    {
        var request = new ReceiveItemRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, ReceiptReference = s.Receipt, SkuCode = s.Sku, Quantity = 1, BinCode = "DOCK-1" };
        change(request);
        return s.Kit.Call(WmsMethods.Inventory.ReceiveItem, request);
    }

    private static Task NewWarehouse(EdgeServer s, Action<Warehouse> change)
    {
        var warehouse = new Warehouse { Code = "W" + Guid.NewGuid().ToString("N")[..8], Name = "Edge", Kind = WarehouseKind.Central, Latitude = 50, Longitude = 8 };
        change(warehouse);
        return s.Kit.Call(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest { RequestId = Id(), Warehouse = warehouse });
    }

    private static Task NewOrder(EdgeServer s, Action<CreateOrderRequest> change)
    {
        var request = new CreateOrderRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, Reference = "SO-" + Guid.NewGuid().ToString("N")[..6] };
        request.Lines.Add(new CreateOrderLine { SkuCode = s.Sku, Quantity = 1 });
        change(request);
        return s.Kit.Call(WmsMethods.Order.CreateOrder, request);
    }

    private static Task Count(EdgeServer s, long quantity)
    {
        var request = new SubmitCountRequest { RequestId = Id(), CountId = s.CountId };
        request.Lines.Add(new CountedLine { SkuCode = s.Sku, Quantity = quantity });
        return s.Kit.Call(WmsMethods.Inventory.SubmitCount, request);
    }

    private static Task Layout(EdgeServer s, Action<Bin> change)
    {
        var request = new ImportLayoutRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse };
        var bin = new Bin { ZoneCode = "Z", Code = "NEW-1", Kind = BinKind.Reserve, XM = 1, YM = 1 };
        change(bin);
        request.Bins.Add(bin);
        return s.Kit.Call(WmsMethods.Layout.ImportLayout, request);
    }

    private static readonly string Units = Limits.LineQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["AdjustStock 1 MB bin_code"] = new(s => Adjust(s, r => r.BinCode = Megabyte), "bin_code", "64"),
        ["AdjustStock 1 MB sku_code"] = new(s => Adjust(s, r => r.SkuCode = Megabyte), "sku_code", "64"),
        ["AdjustStock 1 MB lot"] = new(s => Adjust(s, r => r.Lot = Megabyte), "lot", "64"),
        ["AdjustStock 501-character note"] = new(s => Adjust(s, r => r.Note = new string('n', 501)), "note", "500"),
        ["AdjustStock +INT64_MAX"] = new(s => Adjust(s, r => r.Quantity = long.MaxValue), "quantity", Units),
        ["AdjustStock INT64_MIN"] = new(s => Adjust(s, r => r.Quantity = long.MinValue), "quantity", Units),
        ["AdjustStock past the most a bin holds"] = new(s => Adjust(s, r => r.Quantity = Limits.LineQuantity), "quantity", Limits.BinQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ["AdjustStock 1 MB request_id"] = new(s => Adjust(s, r => r.RequestId = Megabyte), "request_id", "100"),
        ["AdjustStock 1 MB warehouse_code"] = new(s => Adjust(s, r => r.WarehouseCode = Megabyte), "warehouse_code", "32"),
        ["MoveStock 1 MB from_bin_code"] = new(s => Move(s, r => r.FromBinCode = Megabyte), "from_bin_code", "64"),
        ["MoveStock 1 MB to_bin_code"] = new(s => Move(s, r => r.ToBinCode = Megabyte), "to_bin_code", "64"),
        ["MoveStock INT64_MAX"] = new(s => Move(s, r => r.Quantity = long.MaxValue), "quantity", Units),
        ["ReceiveItem 1 MB barcode"] = new(s => Receive(s, r => { r.SkuCode = ""; r.Barcode = Megabyte; }), "barcode", "64"),
        ["ReceiveItem 1 MB sku_code"] = new(s => Receive(s, r => r.SkuCode = Megabyte), "sku_code", "64"),
        ["ReceiveItem 1 MB receipt_reference"] = new(s => Receive(s, r => r.ReceiptReference = Megabyte), "receipt_reference", "64"),
        ["ReceiveItem INT64_MAX"] = new(s => Receive(s, r => r.Quantity = long.MaxValue), "quantity", Units),
        ["CancelOrder 1 MB reference"] = new(s => s.Kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, Reference = Megabyte }), "reference", "64"),
        ["CreateWarehouse 1 MB code"] = new(s => NewWarehouse(s, w => w.Code = Megabyte), "warehouse.code", "32"),
        ["CreateWarehouse 1 MB name"] = new(s => NewWarehouse(s, w => w.Name = Megabyte), "warehouse.name", "200"),
        ["CreateWarehouse latitude NaN"] = new(s => NewWarehouse(s, w => w.Latitude = double.NaN), "warehouse.latitude", "90"),
        ["CreateWarehouse longitude +Infinity"] = new(s => NewWarehouse(s, w => w.Longitude = double.PositiveInfinity), "warehouse.longitude", "180"),
        ["CreateWarehouse latitude 91"] = new(s => NewWarehouse(s, w => w.Latitude = 91), "warehouse.latitude", "90"),
        ["CreateWarehouse unknown time zone"] = new(s => NewWarehouse(s, w => w.TimeZone = "Mars/Olympus_Mons"), "warehouse.time_zone", "IANA"),
        ["CreateOrder line of INT64_MAX"] = new(s => NewOrder(s, r => r.Lines[0].Quantity = long.MaxValue), "lines[0].quantity", Units),
        ["CreateOrder latitude NaN"] = new(s => NewOrder(s, r => r.Latitude = double.NaN), "latitude", "90"),
        ["CreateOrder 1 MB reference"] = new(s => NewOrder(s, r => r.Reference = Megabyte), "reference", "64"),
        ["CreateOrder 1 MB customer_name"] = new(s => NewOrder(s, r => r.CustomerName = Megabyte), "customer_name", "200"),
        ["CreateOrder 1 MB address_line"] = new(s => NewOrder(s, r => r.AddressLine = Megabyte), "address_line", "500"),
        ["SubmitCount of INT64_MAX"] = new(s => Count(s, long.MaxValue), "lines[0].quantity", Units),
        ["CreateReceipt line of INT64_MAX"] = new(s =>
        {
            var request = new CreateReceiptRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, Reference = "PO-edge" };
            request.Lines.Add(new ReceiptLine { SkuCode = s.Sku, ExpectedQuantity = long.MaxValue });
            return s.Kit.Call(WmsMethods.Inventory.CreateReceipt, request);
        }, "lines[0].expected_quantity", Units),
        ["PlaceHold 1 MB reason"] = new(s => s.Kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, BinCode = "R-01", Reason = Megabyte }), "reason", "200"),
        ["ImportLayout bin x NaN"] = new(s => Layout(s, b => b.XM = double.NaN), "bins[0].x", "NaN"),
        ["ImportLayout capacity weight NaN"] = new(s => Layout(s, b => b.CapacityWeightKg = double.NaN), "bins[0].capacity_weight_kg", "NaN"),
        ["ImportLayout 1 MB zone name"] = new(s =>
        {
            var request = new ImportLayoutRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse };
            request.Zones.Add(new Zone { Code = "Z2", Name = Megabyte });
            return s.Kit.Call(WmsMethods.Layout.ImportLayout, request);
        }, "zones[0].name", "200"),
        ["UpsertSkus 1 MB description"] = new(s =>
        {
            var request = new UpsertSkusRequest { RequestId = Id() };
            request.Skus.Add(new Sku { Code = "K-edge", Description = Megabyte });
            return s.Kit.Call(WmsMethods.Catalog.UpsertSkus, request);
        }, "skus[0].description", "500"),
        ["PackCarton 1 MB carton_label"] = new(s =>
        {
            var request = new PackCartonRequest { RequestId = Id(), WarehouseCode = s.Kit.Warehouse, OrderReference = s.Order, CartonLabel = Megabyte, WeightKg = 1 };
            request.Lines.Add(new CartonLine { LineNumber = 1, Quantity = 1 });
            return s.Kit.Call(WmsMethods.Shipping.PackCarton, request);
        }, "carton_label", "64"),
        ["ConfirmPick 1 MB scanned_sku"] = new(s => s.Kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest { RequestId = Id(), TaskId = 1, ScannedBinCode = "R-01", ScannedSku = Megabyte, Quantity = 1 }), "scanned_sku", "64"),
        ["QueryStock 1 MB sku_code"] = new(s => s.Kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = s.Kit.Warehouse, SkuCode = Megabyte }), "sku_code", "64"),
        ["QueryStock 1 MB bin_code"] = new(s => s.Kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = s.Kit.Warehouse, BinCode = Megabyte }), "bin_code", "64"),
        ["ListLedger 1 MB sku_code"] = new(s => s.Kit.Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = s.Kit.Warehouse, SkuCode = Megabyte }), "sku_code", "64"),
        ["ListBins 1 MB zone_code"] = new(s => s.Kit.Call(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = s.Kit.Warehouse, ZoneCode = Megabyte }), "zone_code", "32"),
        ["RevokeToken 1 MB name"] = new(s => s.Kit.Call(WmsMethods.Access.RevokeToken, new RevokeTokenRequest { RequestId = Id(), Name = Megabyte }), "name", "100"),
        ["CreateToken 1 MB name"] = new(s =>
        {
            var request = new CreateTokenRequest { RequestId = Id(), Name = Megabyte };
            request.Roles.Add("picker");
            return s.Kit.Call(WmsMethods.Access.CreateToken, request);
        }, "name", "100"),
    };

    public static TheoryData<string> RowNames => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Call_InputBeyondItsLimit_InvalidArgumentNamingFieldAndLimitNothingChanged(string row)
    {
        var (call, field, limit) = Rows[row];
        var before = server.Fingerprint();

        var error = await FailsAsync(call(server));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(limit, error.Status.Detail, StringComparison.Ordinal);
        // The offending value is not echoed back: a stock client would fail on a 1 MB status message.
        Assert.True(error.Status.Detail.Length < 400, error.Status.Detail[..Math.Min(400, error.Status.Detail.Length)]);
        Assert.Equal(before, server.Fingerprint());
    }
}
