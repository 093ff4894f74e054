using Wms.Server.Data;

namespace Wms.Server.Inventory;

/// <summary>
/// A hold just placed, as the features downstream of stock see it: the whole bin (<see cref="SkuId"/> null) or one
/// SKU and lot in it.
/// </summary>
public sealed record HoldPlaced(long WarehouseId, long BinId, string BinCode, long? SkuId, string SkuCode, string Lot, string Reason)
{
    /// <summary>The hold in the floor's words, for the work it stops: "bin R-02 is on hold (sprinkler leak)".</summary>
    public string Words => SkuId is null ? $"bin {BinCode} is on hold ({Reason})" : LotHold.Describe(BinCode, SkuCode, Lot, Reason);
}

/// <summary>
/// Work that a hold must stop, in the hold's own transaction (Replenishment cancels its open tasks from or to the
/// held stock). Replenishment builds on Inventory, so Inventory calls out through this seam instead of importing it.
/// Answers how many pieces of work were stopped.
/// </summary>
public interface IHoldFollowUp
{
    Task<int> HeldAsync(WmsDbContext db, HoldPlaced hold, CancellationToken cancellationToken);
}
