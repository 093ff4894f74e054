using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Inventory;

public sealed class AdjustAndHoldTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static AdjustStockRequest Adjust(InventoryKit kit, string sku, long quantity, AdjustmentReason reason, string bin = "R-01", string lot = "") =>
        new() { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = bin, SkuCode = sku, Lot = lot, Quantity = quantity, Reason = reason, Note = "seen by " + reason };

    [Fact]
    public async Task AdjustStock_FoundThenDamaged_LedgerRowsCarryReasonCodeAndNote()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true, expiry: true);

        var found = await kit.Call(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-01", SkuCode = sku, Lot = "L1", Expiry = "2028-02-29", Quantity = 7, Reason = AdjustmentReason.Found, Note = "behind the pallet",
        });
        var damaged = await kit.Call(WmsMethods.Inventory.AdjustStock, Adjust(kit, sku, -2, AdjustmentReason.Damaged, lot: "L1"));
        var ledger = await kit.LedgerAsync(sku);
        var stock = Assert.Single(await kit.StockOfAsync(sku));

        Assert.Equal((7L, 5L), (found.OnHand, damaged.OnHand));
        Assert.Equal(("2028-02-29", 5L), (stock.Expiry, stock.OnHand));
        Assert.Equal([(7L, "found", "behind the pallet"), (-2L, "damaged", "seen by Damaged")], ledger.Select(e => (e.Quantity, e.ReasonCode, e.Note)));
        Assert.All(ledger, e => Assert.Equal(LedgerReason.Adjustment, e.Reason));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task AdjustStock_DownIntoReservedStock_FailedPreconditionNothingChanged()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        await kit.ReserveAsync(sku, "R-01", 6);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.AdjustStock, Adjust(kit, sku, -5, AdjustmentReason.Lost)));
        var ok = await kit.Call(WmsMethods.Inventory.AdjustStock, Adjust(kit, sku, -4, AdjustmentReason.Lost));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("4 of SKU", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((6L, 6L), (ok.OnHand, ok.Reserved));
        await kit.AssertIntegrityAsync();
    }

    public static TheoryData<string, Action<AdjustStockRequest>, StatusCode, string> BadAdjustments => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "zero quantity", r => r.Quantity = 0, StatusCode.InvalidArgument, "quantity" },
        { "no reason", r => r.Reason = AdjustmentReason.Unspecified, StatusCode.InvalidArgument, "reason" },
        { "no bin", r => r.BinCode = "", StatusCode.InvalidArgument, "bin_code" },
        { "no lot for lot-tracked", r => r.Lot = "", StatusCode.InvalidArgument, "lot" },
        { "bad expiry", r => r.Expiry = "2027-13-01", StatusCode.InvalidArgument, "expiry" },
        { "note too long", r => r.Note = new string('n', 501), StatusCode.InvalidArgument, "note" },
        { "unknown bin", r => r.BinCode = "NO-BIN", StatusCode.NotFound, "NO-BIN" },
        { "unknown sku", r => r.SkuCode = "NO-SKU", StatusCode.NotFound, "NO-SKU" },
        { "more than on hand", r => r.Quantity = -11, StatusCode.FailedPrecondition, "cannot take out 11" },
        { "lot not in bin", r => { r.Lot = "ZZ"; r.Quantity = -1; }, StatusCode.FailedPrecondition, "holds no SKU" },
    };

    [Theory]
    [MemberData(nameof(BadAdjustments))]
    public async Task AdjustStock_BadInput_ErrorNamesFieldAndNothingChanged(string scenario, Action<AdjustStockRequest> spoil, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true);
        await kit.StockAsync(sku, 10, "R-01", lot: "L1");
        var request = Adjust(kit, sku, -1, AdjustmentReason.Damaged, lot: "L1");
        spoil(request);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.AdjustStock, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(10, await kit.OnHandAsync(sku, "R-01"));
        Assert.DoesNotContain(await kit.LedgerAsync(sku), e => e.Reason == LedgerReason.Adjustment);
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task AdjustStock_ReplayAndRoles_AppliedOnceOnlySupervisorsMayAdjust()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var request = Adjust(kit, sku, 3, AdjustmentReason.Found);
        var supervisor = factory.RegisterToken("super-adj", Role.Supervisor);

        var denied = await FailsAsync(kit.Call(WmsMethods.Inventory.AdjustStock, request, factory.RegisterToken("picker-adj", Role.Picker)));
        var first = await kit.Call(WmsMethods.Inventory.AdjustStock, request, supervisor);
        var second = await kit.Call(WmsMethods.Inventory.AdjustStock, request, supervisor);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(first, second);
        Assert.Equal(3, await kit.OnHandAsync(sku, "R-01"));
        Assert.Equal("super-adj", Assert.Single(await kit.LedgerAsync(sku)).Actor);
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task PlaceHold_ThenRelease_BinRefusesStockWhileHeldAndTakesItAfter()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");

        var held = await kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-02", Reason = "sprinkler leak" });
        var bin = await kit.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = kit.Warehouse, Code = "R-02" });
        var refused = await FailsAsync(kit.Call(WmsMethods.Inventory.MoveStock, new MoveStockRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, FromBinCode = "R-01", ToBinCode = "R-02", SkuCode = sku, Quantity = 1,
        }));
        var released = await kit.Call(WmsMethods.Inventory.ReleaseHold, new ReleaseHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-02" });
        var moved = await kit.Call(WmsMethods.Inventory.MoveStock, new MoveStockRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, FromBinCode = "R-01", ToBinCode = "R-02", SkuCode = sku, Quantity = 1,
        });

        Assert.Equal(("R-02", true, "sprinkler leak"), (held.BinCode, held.OnHold, held.HoldReason));
        Assert.Equal((true, "sprinkler leak"), (bin.OnHold, bin.HoldReason));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("sprinkler leak", refused.Status.Detail, StringComparison.Ordinal);
        Assert.False(released.OnHold);
        Assert.Equal(1, moved.ToBinOnHand);
        await kit.AssertIntegrityAsync();
    }

    public static TheoryData<string, Action<PlaceHoldRequest>, StatusCode, string> BadHolds => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no reason", r => r.Reason = " ", StatusCode.InvalidArgument, "reason" },
        { "no bin", r => r.BinCode = "", StatusCode.InvalidArgument, "bin_code" },
        { "unknown bin", r => r.BinCode = "NO-BIN", StatusCode.NotFound, "NO-BIN" },
    };

    [Theory]
    [MemberData(nameof(BadHolds))]
    public async Task PlaceHold_BadInput_ErrorNamesFieldAndBinNotHeld(string scenario, Action<PlaceHoldRequest> spoil, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var request = new PlaceHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-01", Reason = "check" };
        spoil(request);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.PlaceHold, request));
        var bin = await kit.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = kit.Warehouse, Code = "R-01" });

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.False(bin.OnHold);
    }

    [Fact]
    public async Task PlaceHold_PickerToken_PermissionDenied()
    {
        var kit = await CreateAsync(factory);
        var picker = factory.RegisterToken("picker-hold", Role.Picker);

        var place = await FailsAsync(kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-01", Reason = "x" }, picker));
        var release = await FailsAsync(kit.Call(WmsMethods.Inventory.ReleaseHold, new ReleaseHoldRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = "R-01" }, picker));

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (place.StatusCode, release.StatusCode));
    }
}
