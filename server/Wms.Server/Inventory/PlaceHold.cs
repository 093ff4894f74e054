using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Puts a bin on hold (it takes no receipts or putaway and gives no stock to allocation,
/// <see cref="Layout.Bin.CanGiveStock"/>), or, with a SKU (and its lot), only that stock in the bin
/// (<see cref="LotHold"/>): the bin's other lots stay pickable. Holding again updates the reason. In the same
/// transaction the work the hold stops is stopped (<see cref="IHoldFollowUp"/>: open replenishment tasks from or
/// to the held stock are cancelled, with the hold as their reason).
/// </summary>
public static class PlaceHold
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string BinCode, string Reason, string? SkuCode = null, string? Lot = null);

    public sealed record Result(string BinCode, bool OnHold, string HoldReason, string SkuCode = "", string Lot = "", int TasksCancelled = 0);

    public sealed class Handler(WriteBatcher writes, IEnumerable<IHoldFollowUp> followUps, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var binCode = Require.NotEmpty(command.BinCode, "bin_code", Limits.BinCode);
            var reason = Require.NotEmpty(command.Reason, "reason", Limits.Reason);
            var skuCode = LotScope(command.SkuCode, command.Lot);
            var what = skuCode.Length == 0 ? binCode : $"{binCode} {skuCode} {command.Lot}".TrimEnd();
            return writes.ExecuteAsync(new CommandInfo(nameof(PlaceHold), command.Actor, requestId, $"hold {what}: {reason}"), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                if (skuCode.Length == 0)
                {
                    var cancelled = await HoldBinAsync(db, followUps, bin, reason, command.Actor, time.GetUtcNow(), ct);
                    return new Result(bin.Code, true, reason, TasksCancelled: cancelled);
                }

                var sku = await CatalogLookup.SkuAsync(db, skuCode, ct);
                var lot = StockPlaces.LotFor(sku, command.Lot, "lot");
                var cancelledForLot = await HoldLotAsync(db, followUps, bin, sku, lot, reason, command.Actor, time.GetUtcNow(), ct);
                return new Result(bin.Code, true, reason, sku.Code, lot, cancelledForLot);
            }, cancellationToken);
        }
    }

    /// <summary>The SKU code of a lot hold ("" for a bin hold); a lot without a SKU names the missing field.</summary>
    internal static string LotScope(string? skuCode, string? lot)
    {
        var sku = Require.Optional(skuCode, "sku_code", Limits.SkuCode);
        Require.Optional(lot, "lot", Limits.Lot);
        if (sku.Length == 0 && !string.IsNullOrWhiteSpace(lot))
        {
            throw DomainException.Invalid("sku_code", "is required with a lot: a lot is held in a bin for one SKU.");
        }

        return sku;
    }

    /// <summary>The bin hold itself and what it stops, for a use case that holds a bin inside its own transaction (a picker's exception report).</summary>
    internal static async Task<int> HoldBinAsync(WmsDbContext db, IEnumerable<IHoldFollowUp> followUps, Bin bin, string reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        bin.Hold(reason, actor, now);
        await db.SaveChangesAsync(ct);
        return await FollowUpAsync(db, followUps, new HoldPlaced(bin.WarehouseId, bin.Id, bin.Code, null, "", "", reason), ct);
    }

    /// <summary>
    /// Holds one SKU and lot in a bin, which must hold some of it (a hold on nothing would silently hold what
    /// arrives later), and stops what it touches.
    /// </summary>
    internal static async Task<int> HoldLotAsync(
        WmsDbContext db, IEnumerable<IHoldFollowUp> followUps, Bin bin, Sku sku, string lot, string reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var balance = await StockPlaces.BalanceAsync(db, bin.Id, sku.Id, lot, ct);
        var hold = await db.Set<LotHold>().FirstOrDefaultAsync(h => h.BinId == bin.Id && h.SkuId == sku.Id && h.Lot == lot, ct);
        if ((balance is null || balance.OnHand == 0) && hold is null)
        {
            throw DomainException.Precondition($"Bin {bin.Code} holds no {(lot.Length > 0 ? $"lot {lot} of SKU {sku.Code}" : $"SKU {sku.Code}")}: there is nothing to hold.");
        }

        if (hold is null)
        {
            hold = new LotHold { WarehouseId = bin.WarehouseId, BinId = bin.Id, SkuId = sku.Id, Lot = lot };
            db.Add(hold);
        }

        hold.Reason = reason;
        hold.PlacedBy = actor;
        hold.PlacedAt = now;
        await db.SaveChangesAsync(ct);
        return await FollowUpAsync(db, followUps, new HoldPlaced(bin.WarehouseId, bin.Id, bin.Code, sku.Id, sku.Code, lot, reason), ct);
    }

    private static async Task<int> FollowUpAsync(WmsDbContext db, IEnumerable<IHoldFollowUp> followUps, HoldPlaced hold, CancellationToken ct)
    {
        var stopped = 0;
        foreach (var followUp in followUps)
        {
            stopped += await followUp.HeldAsync(db, hold, ct);
        }

        return stopped;
    }
}
