using Wms.Contracts.V1;
using Wms.Client;
using Grpc.Core;
using Wms.Server.Security;
using Wms.Server.Tests.Inventory;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Transport;

/// <summary>A request id belongs to its caller and its method: only the same caller on the same method replays.</summary>
public sealed class RequestIdScopeTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static MoveStockRequest Move(InventoryKit kit, string id, string sku, string to, long quantity) =>
        new() { RequestId = id, WarehouseCode = kit.Warehouse, FromBinCode = "R-01", ToBinCode = to, SkuCode = sku, Quantity = quantity };

    [Fact]
    public async Task MoveStock_PickerReusesSupervisorsRequestId_NewRequestWithItsOwnAnswer()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        var supervisor = factory.RegisterToken("supervisor-" + Id()[..6], Role.Supervisor);
        var picker = factory.RegisterToken("picker-" + Id()[..6], Role.Picker);
        var id = Id();

        var first = await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, id, sku, "R-02", 1), supervisor);
        var other = await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, id, sku, "R-03", 2), picker);
        var replay = await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, id, sku, "R-03", 2), picker);

        Assert.Equal((9L, 1L), (first.FromBinOnHand, first.ToBinOnHand));
        Assert.Equal((7L, 2L), (other.FromBinOnHand, other.ToBinOnHand));
        Assert.Equal(other.LedgerPosition, replay.LedgerPosition);
        Assert.Equal((7L, 1L, 2L), (await kit.OnHandAsync(sku, "R-01"), await kit.OnHandAsync(sku, "R-02"), await kit.OnHandAsync(sku, "R-03")));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task RequestId_SameCallerOnAnotherMethod_NewRequest()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        var id = Id();

        var moved = await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, id, sku, "R-02", 4));
        var adjusted = await kit.Call(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = id, WarehouseCode = kit.Warehouse, BinCode = "R-01", SkuCode = sku, Quantity = -1, Reason = AdjustmentReason.Lost,
        });

        Assert.Equal(6L, moved.FromBinOnHand);
        Assert.Equal(5L, adjusted.OnHand);
        Assert.NotEqual(moved.LedgerPosition, adjusted.LedgerPosition);
    }
}
