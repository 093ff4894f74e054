using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Puts a bin on hold: it takes no receipts or putaway and gives no stock to allocation
/// (<see cref="Layout.Bin.CanGiveStock"/>) until the hold is released. Holding a held bin updates the reason.
/// </summary>
public static class PlaceHold
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string BinCode, string Reason);

    public sealed record Result(string BinCode, bool OnHold, string HoldReason);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var binCode = Require.NotEmpty(command.BinCode, "bin_code", Limits.BinCode);
            var reason = Require.NotEmpty(command.Reason, "reason", Limits.Reason);
            return writes.ExecuteAsync(new CommandInfo(nameof(PlaceHold), command.Actor, requestId, $"hold {binCode}: {reason}"), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                Hold(bin, reason);
                await db.SaveChangesAsync(ct);
                return new Result(bin.Code, true, reason);
            }, cancellationToken);
        }
    }

    /// <summary>The hold itself, for a use case that holds a bin inside its own transaction (a picker's exception report).</summary>
    internal static void Hold(Layout.Bin bin, string reason)
    {
        bin.OnHold = true;
        bin.HoldReason = reason;
    }
}
