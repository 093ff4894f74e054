using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Outbound;

/// <summary>
/// What the commands on one order share (AllocateOrder, CancelOrder): the order named by warehouse and reference,
/// checked at the edge, loaded with its lines in one write, changed, saved, and answered as a view.
/// </summary>
internal static class OrderCommand
{
    /// <param name="apply">Changes the order; gets the warehouse's id.</param>
    public static Task<OrderView> RunAsync(
        WriteBatcher writes, string name, string requestId, string actor, string warehouseCode, string reference,
        Func<WmsDbContext, Order, long, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        var id = Require.RequestId(requestId);
        var warehouse = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        var key = Require.NotEmpty(reference, "reference", Limits.Reference);
        return writes.ExecuteAsync(
            new CommandInfo(name, actor, id, $"order {key} in {warehouse}"),
            async (db, ct) =>
            {
                var (order, warehouseId) = await OrderViews.LoadAsync(db, warehouse, key, ct);
                await apply(db, order, warehouseId, ct);
                await db.SaveChangesAsync(ct);
                return await OrderViews.BuildAsync(db, warehouse, order, ct);
            },
            cancellationToken);
    }
}
