using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Asks for a blind count of one bin. A bin has at most one count in progress: raising another (a second
/// short pick, a scale disagreeing again) returns the one already open.
/// </summary>
public static class RaiseCycleCount
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string BinCode, string? Reason);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<InventoryQueries.CycleCountView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var binCode = Require.NotEmpty(command.BinCode, "bin_code", Limits.BinCode);
            var reason = Require.Optional(command.Reason, "reason", Limits.Reason);

            return writes.ExecuteAsync(new CommandInfo(nameof(RaiseCycleCount), command.Actor, requestId, $"count {binCode}: {reason}"), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                var count = await db.Set<CycleCount>().FirstOrDefaultAsync(
                    c => c.BinId == bin.Id && (c.Status == CycleCountStatus.Open || c.Status == CycleCountStatus.RecountRequested), ct);
                if (count is null)
                {
                    count = new CycleCount { WarehouseId = warehouseId, BinId = bin.Id, Reason = reason, RaisedBy = command.Actor, RaisedAt = time.GetUtcNow() };
                    db.Add(count);
                    await db.SaveChangesAsync(ct);
                }

                return new InventoryQueries.CycleCountView(count.Id, warehouseCode, bin.Code, count.Status, count.Reason, count.RaisedBy, count.RaisedAt, count.Attempts);
            }, cancellationToken);
        }
    }
}
