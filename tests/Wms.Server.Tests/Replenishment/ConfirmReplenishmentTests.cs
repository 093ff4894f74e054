using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Tests.Outbound;
using Xunit;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Replenishment;

public sealed class ConfirmReplenishmentTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private async Task<(ReplenishmentKit Kit, ReplenishmentTask Task, string Picker)> PlannedAsync()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 5);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        await kit.RunAsync();
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        return (kit, Assert.Single(await kit.TasksAsync(picker)), picker);
    }

    [Fact]
    public async Task ConfirmReplenishment_AllScansRight_MovesStockThroughTheLedgerAndClosesTheTask()
    {
        var (kit, task, picker) = await PlannedAsync();

        var result = await kit.ConfirmAsync(ReplenishmentKit.Confirm(task), picker);
        var rerun = await kit.RunAsync();

        Assert.Equal((35L, 0L, true, 40L), (result.MovedQuantity, result.QuantityRemaining, result.Done, result.FaceOnHand));
        Assert.Equal((40L, 0L), await kit.Outbound.BalanceAsync(kit.Warehouse, "F-01", kit.Sku));
        Assert.Equal((45L, 0L), await kit.Outbound.BalanceAsync(kit.Warehouse, "R-01", kit.Sku));
        var ledger = await kit.Outbound.Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = kit.Warehouse, SkuCode = kit.Sku, PageSize = 100 });
        var moves = ledger.Entries.Where(e => e.Reference == "replenishment-task:" + task.TaskId).Select(e => (e.BinCode, e.Quantity)).OrderBy(e => e.Quantity).ToList();
        Assert.Equal([("R-01", -35L), ("F-01", 35L)], moves);
        Assert.Empty(await kit.TasksAsync());
        Assert.Equal(0, rerun.TasksCreated);
        await kit.Outbound.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task ConfirmReplenishment_WrongBinItemOrFace_SaysWhatWasExpectedAndMovesNothing()
    {
        var (kit, task, picker) = await PlannedAsync();

        var wrongFrom = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(new ConfirmReplenishmentRequest(ReplenishmentKit.Confirm(task)) { ScannedFromBinCode = "R-02" }, picker));
        var wrongTo = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(new ConfirmReplenishmentRequest(ReplenishmentKit.Confirm(task)) { ScannedToBinCode = "F-02" }, picker));
        var wrongItem = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(new ConfirmReplenishmentRequest(ReplenishmentKit.Confirm(task)) { ScannedSku = "NOPE" }, picker));

        Assert.Equal("wrong bin: expected R-01, scanned R-02", wrongFrom.Status.Detail);
        Assert.Equal("wrong pick face: expected F-01, scanned F-02", wrongTo.Status.Detail);
        Assert.Equal($"wrong item: expected {kit.Sku}, scanned NOPE", wrongItem.Status.Detail);
        Assert.Equal((5L, 0L), await kit.Outbound.BalanceAsync(kit.Warehouse, "F-01", kit.Sku));
    }

    [Fact]
    public async Task ConfirmReplenishment_PartThenRetryOfTheSameRequest_MovesOnceAndLeavesTheRestOpen()
    {
        var (kit, task, picker) = await PlannedAsync();
        var request = ReplenishmentKit.Confirm(task, quantity: 20);

        var first = await kit.ConfirmAsync(request, picker);
        var retry = await kit.ConfirmAsync(request, picker);
        var open = Assert.Single(await kit.TasksAsync());

        Assert.Equal(first, retry);
        Assert.Equal((20L, 15L, false), (first.MovedQuantity, first.QuantityRemaining, first.Done));
        Assert.Equal(15, open.QuantityRemaining);
        Assert.Equal((25L, 0L), await kit.Outbound.BalanceAsync(kit.Warehouse, "F-01", kit.Sku));
    }

    [Fact]
    public async Task ConfirmReplenishment_MoreThanLeftOrPastMax_RefusedAndFaceNeverAboveMax()
    {
        var (kit, task, picker) = await PlannedAsync();
        // Stock reached the face another way since the task was planned: 35 more would take it to 60 > 40.
        await kit.Outbound.StockAsync(kit.Warehouse, "F-02", kit.Sku, 1);
        await kit.Outbound.Call(WmsMethods.Inventory.MoveStock, new MoveStockRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse, FromBinCode = "R-01", ToBinCode = "F-01", SkuCode = kit.Sku, Quantity = 20,
        });

        var over = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(ReplenishmentKit.Confirm(task, quantity: 36), picker));
        var pastMax = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(ReplenishmentKit.Confirm(task), picker));
        var closed = await kit.ConfirmAsync(new ConfirmReplenishmentRequest(ReplenishmentKit.Confirm(task, quantity: 15)) { Close = true }, picker);

        Assert.Contains("over-move", over.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("max of 40", pastMax.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((true, 40L), (closed.Done, closed.FaceOnHand));
        Assert.Empty(await kit.TasksAsync());
    }
}
