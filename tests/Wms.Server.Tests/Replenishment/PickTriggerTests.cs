using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Xunit;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Replenishment;

public sealed class PickTriggerTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task ConfirmPick_TakesFaceUnderMin_TaskCreatedAtOnceWithoutAScan()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 10);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 50);
        await kit.SetFaceAsync(min: 8, max: 20);
        await kit.Outbound.CreateOrderAsync(kit.Warehouse, "SO-1", 1, (kit.Sku, 4));
        await kit.Outbound.ReleaseAsync(kit.Warehouse, 0, "SO-1");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        var task = (await kit.Outbound.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse }, picker)).Task;
        Assert.Empty(await kit.TasksAsync());

        await kit.Outbound.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = "F-01", ScannedSku = kit.Sku, Quantity = 4,
        }, picker);
        var tasks = await WaitForTasksAsync(kit);

        var replenish = Assert.Single(tasks);
        Assert.Equal(("R-01", "F-01", 14L, "pick"), (replenish.FromBinCode, replenish.ToBinCode, replenish.Quantity, replenish.Trigger));
    }

    /// <summary>The top-up runs in the background right after the pick's commit: poll briefly (never minutes).</summary>
    private static async Task<List<ReplenishmentTask>> WaitForTasksAsync(ReplenishmentKit kit)
    {
        for (var i = 0; i < 100; i++)
        {
            var tasks = await kit.TasksAsync();
            if (tasks.Count > 0)
            {
                return tasks;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return [];
    }
}
