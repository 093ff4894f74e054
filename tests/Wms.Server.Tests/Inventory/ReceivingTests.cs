using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Inventory;

public sealed class ReceivingTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task ReceiveItem_ByBarcodeWithLotAndExpiry_StockLedgerAndReceiptLineUpdated()
    {
        var kit = await CreateAsync(factory);
        var (sku, gtin) = await kit.NewSkuAsync(lots: true, expiry: true);
        var receipt = await kit.NewReceiptAsync((sku, 30));

        var first = await kit.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, Barcode = gtin, Lot = "L1", Expiry = "2027-03-31", Quantity = 10, BinCode = "DOCK-1",
        });
        var second = await kit.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = sku, Lot = "L1", Expiry = "2027-03-31", Quantity = 20, BinCode = "DOCK-1",
        });
        var stock = Assert.Single(await kit.StockOfAsync(sku));
        var ledger = await kit.LedgerAsync(sku);
        var read = await kit.Call(WmsMethods.Inventory.GetReceipt, new GetReceiptRequest { WarehouseCode = kit.Warehouse, Reference = receipt });

        Assert.Equal((sku, 10L, ReceiptStatus.Receiving), (first.SkuCode, first.LineReceivedQuantity, first.ReceiptStatus));
        Assert.Equal((30L, ReceiptStatus.Closed), (second.BinOnHand, second.ReceiptStatus));
        Assert.Equal(("DOCK-1", "L1", "2027-03-31", 30L, 0L, 30L), (stock.BinCode, stock.Lot, stock.Expiry, stock.OnHand, stock.Reserved, stock.Available));
        Assert.Equal([10L, 20L], ledger.Select(e => e.Quantity));
        Assert.All(ledger, e => Assert.Equal((LedgerReason.Receipt, "receipt:" + receipt, "admin"), (e.Reason, e.Reference, e.Actor)));
        Assert.Equal(second.LedgerPosition, ledger[1].Position);
        Assert.Equal((ReceiptStatus.Closed, 30L), (read.Status, read.Lines[0].ReceivedQuantity));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task ReceiveItem_SkuWithoutLotTracking_LotAndExpiryIgnored()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var receipt = await kit.NewReceiptAsync((sku, 5));

        var result = await kit.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = sku, Lot = "IGNORED", Expiry = "2030-01-01", Quantity = 5, BinCode = "STG-1",
        });

        var stock = Assert.Single(await kit.StockOfAsync(sku));

        Assert.Equal("", result.Lot);
        Assert.Equal(("", ""), (stock.Lot, stock.Expiry));
        await kit.AssertIntegrityAsync();
    }

    public static TheoryData<string, Action<ReceiveItemRequest>, StatusCode, string> BadReceipts => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no sku or barcode", r => r.SkuCode = "", StatusCode.InvalidArgument, "sku_code" },
        { "zero quantity", r => r.Quantity = 0, StatusCode.InvalidArgument, "quantity" },
        { "negative quantity", r => r.Quantity = -3, StatusCode.InvalidArgument, "quantity" },
        { "no bin", r => r.BinCode = "", StatusCode.InvalidArgument, "bin_code" },
        { "lot missing for lot-tracked SKU", r => r.Lot = "", StatusCode.InvalidArgument, "lot" },
        { "expiry missing", r => r.Expiry = "", StatusCode.InvalidArgument, "expiry" },
        { "expiry not ISO", r => r.Expiry = "31/03/2027", StatusCode.InvalidArgument, "expiry" },
        { "unknown receipt", r => r.ReceiptReference = "NOPE", StatusCode.NotFound, "NOPE" },
        { "unknown bin", r => r.BinCode = "X-9", StatusCode.NotFound, "X-9" },
        { "unknown barcode", r => { r.SkuCode = ""; r.Barcode = "NO-SUCH"; }, StatusCode.NotFound, "NO-SUCH" },
        { "reserve bin", r => r.BinCode = "R-01", StatusCode.FailedPrecondition, "dock or staging" },
        { "over the receipt", r => r.Quantity = 11, StatusCode.FailedPrecondition, "over the receipt" },
    };

    [Theory]
    [MemberData(nameof(BadReceipts))]
    public async Task ReceiveItem_BadInput_ErrorNamesFieldAndNothingChanged(string scenario, Action<ReceiveItemRequest> spoil, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true, expiry: true);
        var receipt = await kit.NewReceiptAsync((sku, 10));
        var request = new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = sku, Lot = "L1", Expiry = "2027-03-31", Quantity = 10, BinCode = "DOCK-1",
        };
        spoil(request);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.ReceiveItem, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await kit.StockOfAsync(sku));
        Assert.Empty(await kit.LedgerAsync(sku));
        var read = await kit.Call(WmsMethods.Inventory.GetReceipt, new GetReceiptRequest { WarehouseCode = kit.Warehouse, Reference = receipt });
        Assert.Equal((ReceiptStatus.Open, 0L), (read.Status, read.Lines[0].ReceivedQuantity));
    }

    [Fact]
    public async Task ReceiveItem_SkuNotOnReceipt_FailedPrecondition()
    {
        var kit = await CreateAsync(factory);
        var (expected, _) = await kit.NewSkuAsync();
        var (other, _) = await kit.NewSkuAsync();
        var receipt = await kit.NewReceiptAsync((expected, 10));

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = other, Quantity = 1, BinCode = "DOCK-1",
        }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(other, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await kit.StockOfAsync(other));
    }

    [Fact]
    public async Task ReceiveItem_SameRequestIdTwice_SecondReturnsFirstAnswerAndAddsNothing()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var receipt = await kit.NewReceiptAsync((sku, 10));
        var request = new ReceiveItemRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = sku, Quantity = 4, BinCode = "DOCK-1" };

        var first = await kit.Call(WmsMethods.Inventory.ReceiveItem, request);
        var second = await kit.Call(WmsMethods.Inventory.ReceiveItem, request);

        Assert.Equal(first, second);
        Assert.Equal(4, await kit.OnHandAsync(sku, "DOCK-1"));
        Assert.Single(await kit.LedgerAsync(sku));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task ReceiveItem_RolesAndHold_DispatcherDeniedPickerAllowedHeldBinRefused()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var receipt = await kit.NewReceiptAsync((sku, 10));
        var picker = factory.RegisterToken("picker-rcv", Role.Picker);
        var dispatcher = factory.RegisterToken("dispatcher-rcv", Role.Dispatcher);
        ReceiveItemRequest Request(string bin) => new() { RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = sku, Quantity = 1, BinCode = bin };
        await kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "STG-1", Reason = "spill" });

        var denied = await FailsAsync(kit.Call(WmsMethods.Inventory.ReceiveItem, Request("DOCK-1"), dispatcher));
        var held = await FailsAsync(kit.Call(WmsMethods.Inventory.ReceiveItem, Request("STG-1"), picker));
        var done = await kit.Call(WmsMethods.Inventory.ReceiveItem, Request("DOCK-1"), picker);
        var entry = Assert.Single(await kit.LedgerAsync(sku));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, held.StatusCode);
        Assert.Contains("on hold (spill)", held.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, done.BinOnHand);
        Assert.Equal("picker-rcv", entry.Actor);
    }

    public static TheoryData<string, Action<CreateReceiptRequest>, StatusCode, string> BadReceiptHeaders => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no reference", r => r.Reference = "", StatusCode.InvalidArgument, "reference" },
        { "no lines", r => r.Lines.Clear(), StatusCode.InvalidArgument, "lines" },
        { "zero expected", r => r.Lines[1].ExpectedQuantity = 0, StatusCode.InvalidArgument, "lines[1].expected_quantity" },
        { "line without sku", r => r.Lines[0].SkuCode = "", StatusCode.InvalidArgument, "lines[0].sku_code" },
        { "sku twice", r => r.Lines[1].SkuCode = r.Lines[0].SkuCode, StatusCode.InvalidArgument, "lines[1].sku_code" },
        { "unknown sku", r => r.Lines[1].SkuCode = "NO-SKU", StatusCode.NotFound, "lines[1].sku_code" },
        { "unknown warehouse", r => r.WarehouseCode = "NO-WH", StatusCode.NotFound, "NO-WH" },
    };

    [Theory]
    [MemberData(nameof(BadReceiptHeaders))]
    public async Task CreateReceipt_BadInput_ErrorNamesFieldAndNothingCreated(string scenario, Action<CreateReceiptRequest> spoil, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var (a, _) = await kit.NewSkuAsync();
        var (b, _) = await kit.NewSkuAsync();
        var request = new CreateReceiptRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, Reference = "PO-BAD" };
        request.Lines.Add(new ReceiptLine { SkuCode = a, ExpectedQuantity = 5 });
        request.Lines.Add(new ReceiptLine { SkuCode = b, ExpectedQuantity = 5 });
        spoil(request);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.CreateReceipt, request));
        var missing = await FailsAsync(kit.Call(WmsMethods.Inventory.GetReceipt, new GetReceiptRequest { WarehouseCode = kit.Warehouse, Reference = "PO-BAD" }));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task CreateReceipt_DuplicateReference_AlreadyExists()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var receipt = await kit.NewReceiptAsync((sku, 1));
        var again = new CreateReceiptRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, Reference = receipt };
        again.Lines.Add(new ReceiptLine { SkuCode = sku, ExpectedQuantity = 1 });

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.CreateReceipt, again));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains(receipt, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryStock_Filters_BinSkuLotAndPagesOfTwo()
    {
        var kit = await CreateAsync(factory);
        var (lotted, _) = await kit.NewSkuAsync(lots: true);
        var (plain, _) = await kit.NewSkuAsync();
        await kit.StockAsync(lotted, 5, "R-01", lot: "A");
        await kit.StockAsync(lotted, 6, "R-01", lot: "B");
        await kit.StockAsync(plain, 7, "R-01");
        await kit.StockAsync(plain, 8, "R-02");
        QueryStockRequest Query() => new() { WarehouseCode = kit.Warehouse };

        var bin = await kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, BinCode = "R-01" });
        var lot = await kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, SkuCode = lotted, Lot = "B" });
        var pages = new List<StockLine>();
        var token = "";
        do
        {
            var page = await kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, PageSize = 2, PageToken = token });
            Assert.True(page.Lines.Count <= 2);
            pages.AddRange(page.Lines);
            token = page.NextPageToken;
        }
        while (token != "");
        var unknown = await FailsAsync(kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, BinCode = "NO-BIN" }));
        var badToken = await FailsAsync(kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, PageToken = "garbage" }));
        var device = await kit.Call(WmsMethods.Inventory.QueryStock, Query(), factory.RegisterToken("scale-1", Role.Device));

        Assert.Equal(3, bin.Lines.Count);
        Assert.Equal(18, bin.Lines.Sum(l => l.OnHand));
        Assert.Equal(("R-01", 6L), (Assert.Single(lot.Lines).BinCode, lot.Lines[0].OnHand));
        Assert.Equal(4, pages.Count);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);
        Assert.Equal(4, device.Lines.Count);
        await kit.AssertIntegrityAsync();
    }
}
