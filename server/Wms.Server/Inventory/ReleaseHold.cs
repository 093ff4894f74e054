using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Takes a bin off hold, or, with a SKU (and its lot), that lot in the bin; releasing what is not held changes
/// nothing. Replenishment tasks the hold cancelled stay cancelled: the next top-up plans afresh from the stock as
/// it is then.
/// </summary>
public static class ReleaseHold
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string BinCode, string? SkuCode = null, string? Lot = null);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<PlaceHold.Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var binCode = Require.NotEmpty(command.BinCode, "bin_code", Limits.BinCode);
            var skuCode = PlaceHold.LotScope(command.SkuCode, command.Lot);
            var what = skuCode.Length == 0 ? binCode : $"{binCode} {skuCode} {command.Lot}".TrimEnd();
            return writes.ExecuteAsync(new CommandInfo(nameof(ReleaseHold), command.Actor, requestId, "release " + what), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                if (skuCode.Length == 0)
                {
                    bin.ReleaseHold();
                    await db.SaveChangesAsync(ct);
                    return new PlaceHold.Result(bin.Code, false, "");
                }

                var sku = await CatalogLookup.SkuAsync(db, skuCode, ct);
                var lot = StockPlaces.LotFor(sku, command.Lot, "lot");
                await db.Set<LotHold>().Where(h => h.BinId == bin.Id && h.SkuId == sku.Id && h.Lot == lot).ExecuteDeleteAsync(ct);
                return new PlaceHold.Result(bin.Code, false, "", sku.Code, lot);
            }, cancellationToken);
        }
    }
}
