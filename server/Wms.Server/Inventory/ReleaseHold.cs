using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>Takes a bin off hold; releasing a bin that is not on hold changes nothing.</summary>
public static class ReleaseHold
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string BinCode);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<PlaceHold.Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var binCode = Require.NotEmpty(command.BinCode, "bin_code", Limits.BinCode);
            return writes.ExecuteAsync(new CommandInfo(nameof(ReleaseHold), command.Actor, requestId, "release " + binCode), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                bin.OnHold = false;
                bin.HoldReason = "";
                await db.SaveChangesAsync(ct);
                return new PlaceHold.Result(bin.Code, false, "");
            }, cancellationToken);
        }
    }
}
