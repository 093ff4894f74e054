using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Inventory;

public sealed class PutawayTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static SuggestPutawayRequest Suggest(InventoryKit kit, string sku, long quantity, string lot = "") =>
        new() { WarehouseCode = kit.Warehouse, SkuCode = sku, Lot = lot, Quantity = quantity };

    private static MoveStockRequest Move(InventoryKit kit, string sku, long quantity, string from, string to, string lot = "") =>
        new() { RequestId = Id(), WarehouseCode = kit.Warehouse, SkuCode = sku, Lot = lot, Quantity = quantity, FromBinCode = from, ToBinCode = to };

    [Fact]
    public async Task SuggestPutaway_NothingStocked_NearestEmptyReserveBinFromTheDock()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();

        var suggestion = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 10));

        Assert.Equal("R-01", suggestion.BinCode);
        Assert.Equal(1.0, suggestion.DistanceM);
        Assert.Contains("empty", suggestion.Reason, StringComparison.Ordinal);
        Assert.Contains("dock DOCK-1", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestPutaway_SameSkuAndLotInAFartherBin_ThatBinFirstOtherLotGetsAnEmptyBin()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true);
        await kit.StockAsync(sku, 10, "R-03", lot: "A");

        var sameLot = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 5, "A"));
        var otherLot = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 5, "B"));

        Assert.Equal("R-03", sameLot.BinCode);
        Assert.Contains("already holds", sameLot.Reason, StringComparison.Ordinal);
        Assert.Equal("R-01", otherLot.BinCode);
    }

    [Fact]
    public async Task SuggestPutaway_HeldFullAndSmallBins_SkippedForOneWithRoom()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var (other, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 95, "R-02");
        await kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-01", Reason = "damaged rack" });
        await kit.StockAsync(other, 1, "R-03");

        var small = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 5));
        var tooBigForR02 = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 10));
        var pallet = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 300));
        var none = await FailsAsync(kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 1000)));

        Assert.Equal("R-02", small.BinCode);
        Assert.Equal("R-04", tooBigForR02.BinCode);
        Assert.Equal("E-01", pallet.BinCode);
        Assert.Equal(StatusCode.FailedPrecondition, none.StatusCode);
        Assert.Contains("No reserve or pick-face bin", none.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestPutaway_NoEmptyBinLeft_MixedBinWithRoomNeverSameSkuBinOfAnother()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var (other, _) = await kit.NewSkuAsync();
        foreach (var bin in new[] { "R-01", "R-02", "R-03", "R-04", "R-05", "P-01", "E-01" })
        {
            await kit.StockAsync(other, 10, bin);
        }

        var suggestion = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, sku, 10));

        Assert.Equal("R-01", suggestion.BinCode);
        Assert.Contains("share", suggestion.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<SuggestPutawayRequest>, StatusCode, string> BadSuggestions => new()
    {
        { "no warehouse", r => r.WarehouseCode = "", StatusCode.InvalidArgument, "warehouse_code" },
        { "no sku", r => r.SkuCode = "", StatusCode.InvalidArgument, "sku_code" },
        { "zero quantity", r => r.Quantity = 0, StatusCode.InvalidArgument, "quantity" },
        { "no lot for lot-tracked SKU", r => r.Lot = "", StatusCode.InvalidArgument, "lot" },
        { "unknown from bin", r => r.FromBinCode = "NO-BIN", StatusCode.NotFound, "NO-BIN" },
        { "unknown sku", r => r.SkuCode = "NO-SKU", StatusCode.NotFound, "NO-SKU" },
    };

    [Theory]
    [MemberData(nameof(BadSuggestions))]
    public async Task SuggestPutaway_BadInput_ErrorNamesField(string scenario, Action<SuggestPutawayRequest> spoil, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true);
        var request = Suggest(kit, sku, 5, "A");
        spoil(request);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.SuggestPutaway, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmPutaway_FromDock_TwoPutawayLedgerRowsAndStockMoved()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true, expiry: true);
        await kit.StockAsync(sku, 12, lot: "L7", expiry: "2027-01-15");

        var result = await kit.Call(WmsMethods.Inventory.ConfirmPutaway, Move(kit, sku, 12, "DOCK-1", "R-02", "L7"));
        var stock = Assert.Single(await kit.StockOfAsync(sku));
        var ledger = await kit.LedgerAsync(sku);

        Assert.Equal((0L, 12L), (result.FromBinOnHand, result.ToBinOnHand));
        Assert.Equal(("R-02", "L7", "2027-01-15", 12L), (stock.BinCode, stock.Lot, stock.Expiry, stock.OnHand));
        Assert.Equal([LedgerReason.Receipt, LedgerReason.Putaway, LedgerReason.Putaway], ledger.Select(e => e.Reason));
        Assert.Equal([("DOCK-1", -12L), ("R-02", 12L)], ledger.Skip(1).Select(e => (e.BinCode, e.Quantity)));
        Assert.Equal(result.LedgerPosition, ledger[2].Position);
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task MoveStock_ReservedStock_OnlyTheUnreservedPartMoves()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        await kit.ReserveAsync(sku, "R-01", 8);

        var refused = await FailsAsync(kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, sku, 3, "R-01", "R-02")));
        var moved = await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, sku, 2, "R-01", "R-02"));
        var ledger = await kit.LedgerAsync(sku);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("2 of SKU", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("8 reserved", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((8L, 2L), (moved.FromBinOnHand, moved.ToBinOnHand));
        Assert.Equal([LedgerReason.Move, LedgerReason.Move], ledger.TakeLast(2).Select(e => e.Reason));
        await kit.AssertIntegrityAsync();
    }

    public static TheoryData<string, Func<InventoryKit, string, MoveStockRequest>, StatusCode, string> BadMoves => new()
    {
        { "no request id", (k, s) => { var m = Move(k, s, 5, "R-01", "R-02"); m.RequestId = ""; return m; }, StatusCode.InvalidArgument, "request_id" },
        { "same bin", (k, s) => Move(k, s, 5, "R-01", "R-01"), StatusCode.InvalidArgument, "to_bin_code" },
        { "no from bin", (k, s) => Move(k, s, 5, "", "R-02"), StatusCode.InvalidArgument, "from_bin_code" },
        { "zero quantity", (k, s) => Move(k, s, 0, "R-01", "R-02"), StatusCode.InvalidArgument, "quantity" },
        { "no sku", (k, s) => Move(k, "", 5, "R-01", "R-02"), StatusCode.InvalidArgument, "sku_code" },
        { "unknown destination", (k, s) => Move(k, s, 5, "R-01", "NO-BIN"), StatusCode.NotFound, "NO-BIN" },
        { "more than in the bin", (k, s) => Move(k, s, 11, "R-01", "R-02"), StatusCode.FailedPrecondition, "10 of SKU" },
        { "held destination", (k, s) => Move(k, s, 5, "R-01", "R-05"), StatusCode.FailedPrecondition, "on hold" },
        { "same-SKU bin of another SKU", (k, s) => Move(k, s, 5, "R-01", "P-01"), StatusCode.FailedPrecondition, "one SKU only" },
        { "empty-only bin not empty", (k, s) => Move(k, s, 5, "R-01", "E-01"), StatusCode.FailedPrecondition, "one SKU and lot at a time" },
        { "no room", (k, s) => Move(k, s, 5, "R-01", "R-03"), StatusCode.FailedPrecondition, "no room for 5" },
    };

    [Theory]
    [MemberData(nameof(BadMoves))]
    public async Task MoveStock_BadInput_ErrorNamesFieldOrRuleAndNothingChanged(string scenario, Func<InventoryKit, string, MoveStockRequest> build, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var (other, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        await kit.StockAsync(other, 1, "P-01");
        await kit.StockAsync(other, 1, "E-01");
        await kit.StockAsync(other, 97, "R-03");
        await kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-05", Reason = "inspection" });
        var before = await kit.LedgerAsync(sku);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.MoveStock, build(kit, sku)));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(10, await kit.OnHandAsync(sku, "R-01"));
        Assert.Equal(before, await kit.LedgerAsync(sku));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task MoveStock_SameRequestIdTwice_MovesOnceAndAnswersTheSame()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        var request = Move(kit, sku, 4, "R-01", "R-02");

        var first = await kit.Call(WmsMethods.Inventory.MoveStock, request);
        var second = await kit.Call(WmsMethods.Inventory.MoveStock, request);

        Assert.Equal(first, second);
        Assert.Equal((6L, 4L), (await kit.OnHandAsync(sku, "R-01"), await kit.OnHandAsync(sku, "R-02")));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task MoveStock_Roles_PickerMovesDispatcherDenied()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");

        var denied = await FailsAsync(kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, sku, 1, "R-01", "R-02"), factory.RegisterToken("disp-mv", Role.Dispatcher)));
        var moved = await kit.Call(WmsMethods.Inventory.ConfirmPutaway, Move(kit, sku, 1, "R-01", "R-02"), factory.RegisterToken("picker-mv", Role.Picker));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(1, moved.ToBinOnHand);
    }
}
