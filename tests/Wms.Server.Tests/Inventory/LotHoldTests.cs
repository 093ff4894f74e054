using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Inventory;

/// <summary>
/// Holds on one SKU and lot in a bin: that stock gives nothing to allocation or picking and moves only into
/// quarantine, while the bin's other lots stay pickable; released the same way.
/// </summary>
public sealed class LotHoldTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins =
    [
        new("F-01", BinKind.PickFace, 1, 1), new("R-01", BinKind.Reserve, 5, 1), new("R-02", BinKind.Reserve, 6, 1),
        new("Q-01", BinKind.Quarantine, 9, 1), new("DOCK", BinKind.Dock, 0, 0),
    ];

    /// <summary>R-01 holds lot L1 (10, expires first, so FEFO takes it first) and lot L2 (10) of a lot-tracked SKU.</summary>
    private async Task<(string Warehouse, string Sku)> TwoLotsAsync()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync(lotTracked: true, expiryTracked: true);
        await _kit.StockAsync(warehouse, "R-01", sku, 10, lot: "L1", expiry: new DateOnly(2027, 1, 10));
        await _kit.StockAsync(warehouse, "R-01", sku, 10, lot: "L2", expiry: new DateOnly(2027, 3, 10));
        return (warehouse, sku);
    }

    private Task<BinHold> HoldAsync(string warehouse, string bin, string sku, string lot, string reason = "temperature excursion", string? requestId = null) =>
        _kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest
        {
            RequestId = requestId ?? OutboundKit.NewId(), WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Lot = lot, Reason = reason,
        });

    private Task<BinHold> ReleaseAsync(string warehouse, string bin, string sku, string lot) =>
        _kit.Call(WmsMethods.Inventory.ReleaseHold, new ReleaseHoldRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Lot = lot });

    private async Task<Dictionary<string, string>> HoldReasonsAsync(string warehouse, string bin) =>
        (await _kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = warehouse, BinCode = bin })).Lines.ToDictionary(l => l.Lot, l => l.HoldReason);

    private Task<MoveStockResponse> MoveAsync(string warehouse, string from, string to, string sku, string lot, long quantity) =>
        _kit.Call(WmsMethods.Inventory.MoveStock, new MoveStockRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, FromBinCode = from, ToBinCode = to, SkuCode = sku, Lot = lot, Quantity = quantity,
        });

    [Fact]
    public async Task PlaceHold_OneLotInABin_AllocationSkipsItWhileTheBinsOtherLotStaysAllocatable()
    {
        var (warehouse, sku) = await TwoLotsAsync();

        var held = await HoldAsync(warehouse, "R-01", sku, "L1");
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 12));
        var first = await _kit.AllocateAsync(warehouse, "SO-1");

        Assert.Equal(("R-01", true, "temperature excursion", sku, "L1"), (held.BinCode, held.OnHold, held.HoldReason, held.SkuCode, held.Lot));
        Assert.False((await _kit.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = warehouse, Code = "R-01" })).OnHold);
        Assert.Equal((10L, 2L), (first.Lines[0].AllocatedQuantity, first.Lines[0].BackorderedQuantity));
        Assert.Equal((10L, 0L), await _kit.BalanceAsync(warehouse, "R-01", sku, "L1"));
        Assert.Equal((10L, 10L), await _kit.BalanceAsync(warehouse, "R-01", sku, "L2"));
        Assert.Equal(new Dictionary<string, string> { ["L1"] = "temperature excursion", ["L2"] = "" }, await HoldReasonsAsync(warehouse, "R-01"));

        var released = await ReleaseAsync(warehouse, "R-01", sku, "L1");
        await _kit.CreateOrderAsync(warehouse, "SO-2", 1, (sku, 4));
        var second = await _kit.AllocateAsync(warehouse, "SO-2");

        Assert.Equal((false, sku, "L1"), (released.OnHold, released.SkuCode, released.Lot));
        Assert.Equal(4L, second.Lines[0].AllocatedQuantity);
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(warehouse, "R-01", sku, "L1"));
        Assert.Equal("", (await HoldReasonsAsync(warehouse, "R-01"))["L1"]);
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task PlaceHold_LotHeld_MovesOnlyIntoQuarantineAndNothingOfItIsPutOntoIt()
    {
        var (warehouse, sku) = await TwoLotsAsync();
        await HoldAsync(warehouse, "R-01", sku, "L1");

        var outOfHold = await Assert.ThrowsAsync<RpcException>(() => MoveAsync(warehouse, "R-01", "R-02", sku, "L1", 3));
        var otherLot = await MoveAsync(warehouse, "R-01", "R-02", sku, "L2", 4);
        var quarantined = await MoveAsync(warehouse, "R-01", "Q-01", sku, "L1", 3);
        await HoldAsync(warehouse, "R-02", sku, "L2", "crushed pallet");
        var ontoHold = await Assert.ThrowsAsync<RpcException>(() => MoveAsync(warehouse, "R-01", "R-02", sku, "L2", 1));

        Assert.Equal(StatusCode.FailedPrecondition, outOfHold.StatusCode);
        Assert.Equal($"Lot L1 of SKU {sku} in bin R-01 is on hold (temperature excursion): it moves only into a quarantine bin until the hold is released.", outOfHold.Status.Detail);
        Assert.Equal((4L, 3L), (otherLot.ToBinOnHand, quarantined.ToBinOnHand));
        Assert.Equal($"Lot L2 of SKU {sku} in bin R-02 is on hold (crushed pallet): nothing of it can be put into that bin.", ontoHold.Status.Detail);
        Assert.Equal((7L, 0L), await _kit.BalanceAsync(warehouse, "R-01", sku, "L1"));
        Assert.Equal((6L, 0L), await _kit.BalanceAsync(warehouse, "R-01", sku, "L2"));
        await _kit.AssertStockIntegrityAsync();
    }

    public static TheoryData<string, string, string, StatusCode, string> BadLotHolds => new()
    {
        { "lot without SKU", "", "L1", StatusCode.InvalidArgument, "sku_code: is required with a lot" },
        { "lot-tracked SKU without lot", "SKU", "", StatusCode.InvalidArgument, "lot: is required" },
        { "unknown SKU", "NO-SUCH-SKU", "L1", StatusCode.NotFound, "NO-SUCH-SKU" },
        { "lot not in the bin", "SKU", "L9", StatusCode.FailedPrecondition, "Bin R-01 holds no lot L9 of SKU" },
        { "lot too long", "SKU", new string('L', 65), StatusCode.InvalidArgument, "lot:" },
    };

    [Theory]
    [MemberData(nameof(BadLotHolds))]
    public async Task PlaceHold_LotBadInput_ErrorNamesTheFieldAndNothingIsHeld(string scenario, string skuCode, string lot, StatusCode code, string named)
    {
        var (warehouse, sku) = await TwoLotsAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => HoldAsync(warehouse, "R-01", skuCode == "SKU" ? sku : skuCode, lot));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.All((await HoldReasonsAsync(warehouse, "R-01")).Values, reason => Assert.Equal("", reason));
        Assert.False((await _kit.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = warehouse, Code = "R-01" })).OnHold);
    }

    [Fact]
    public async Task PlaceHold_LotReplayedOrHeldAgain_OneHoldWithTheNewReasonAndReleasingNothingChangesNothing()
    {
        var (warehouse, sku) = await TwoLotsAsync();
        var requestId = OutboundKit.NewId();

        var first = await HoldAsync(warehouse, "R-01", sku, "L1", requestId: requestId);
        var replay = await HoldAsync(warehouse, "R-01", sku, "L1", "another reason", requestId);
        var again = await HoldAsync(warehouse, "R-01", sku, "L1", "probe 2 also out of range");
        var notHeld = await ReleaseAsync(warehouse, "R-01", sku, "L2");

        Assert.Equal(first, replay);
        Assert.Equal("probe 2 also out of range", again.HoldReason);
        Assert.False(notHeld.OnHold);
        Assert.Equal(new Dictionary<string, string> { ["L1"] = "probe 2 also out of range", ["L2"] = "" }, await HoldReasonsAsync(warehouse, "R-01"));
    }

    [Fact]
    public async Task ConfirmPick_LotHeldAfterAllocation_RefusedNamingTheHoldAndTheShortTakesTheOtherLot()
    {
        var (warehouse, sku) = await TwoLotsAsync();
        await _kit.StockAsync(warehouse, "R-02", sku, 10, lot: "L3", expiry: new DateOnly(2027, 5, 1));
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 6));
        await _kit.ReleaseAsync(warehouse, 0, "SO-1");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        var task = (await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;
        Assert.Equal("L1", task.Lot);
        await HoldAsync(warehouse, "R-01", sku, "L1");

        var refused = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = "R-01", ScannedSku = sku, Lot = "L1", Quantity = 6,
        }, picker));
        var foundSome = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.ShortPick, new ShortPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, QuantityFound = 2, Reason = "damaged",
        }, picker));
        var shorted = await _kit.Call(WmsMethods.Picking.ShortPick, new ShortPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, QuantityFound = 0, Reason = "lot on hold",
        }, picker);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith($"Lot L1 of SKU {sku} in bin R-01 is on hold (temperature excursion): do not pick it;", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, foundSome.StatusCode);
        Assert.StartsWith("quantity_found: must be 0:", foundSome.Status.Detail, StringComparison.Ordinal);
        // A short takes the order's units from another bin (R-01 waits for its count): lot L3 in R-02.
        Assert.Equal((0L, 6L, 0L), (shorted.PickedQuantity, shorted.ReallocatedQuantity, shorted.BackorderedQuantity));
        Assert.Equal((10L, 6L), await _kit.BalanceAsync(warehouse, "R-02", sku, "L3"));
        Assert.Equal((10L, 0L), await _kit.BalanceAsync(warehouse, "R-01", sku, "L1"));
        await _kit.AssertStockIntegrityAsync();
    }
}
