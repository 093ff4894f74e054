using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Outbound;

/// <summary>
/// Reserves stock for order lines: from bins that can give stock (not on hold, not quarantine, no count
/// in progress: a bin waiting to be counted, after a short pick say, has a book quantity in doubt) and stock whose
/// lot is not held there (<see cref="LotHold"/>), pick
/// faces first, then reserve bins, then anything else; FEFO for expiry-tracked SKUs, else FIFO. Runs
/// inside a WriteBatcher command, so two allocations never interleave in one process; the balance's
/// Version token and the reserved &lt;= on_hand CHECK stop a race between processes.
/// </summary>
internal static class Allocator
{
    public sealed record NewReservation(Reservation Reservation, StockBalance Balance, OrderLine Line);

    public static async Task<List<NewReservation>> ReserveAsync(
        WmsDbContext db, long warehouseId, IReadOnlyList<OrderLine> lines, long? excludeBinId, CancellationToken cancellationToken)
    {
        var created = new List<NewReservation>();
        var wanted = lines.Where(l => Outstanding(l) > 0).ToList();
        if (wanted.Count > 0)
        {
            var excluded = excludeBinId ?? 0;
            var skuIds = wanted.Select(l => l.SkuId).Distinct().ToList();
            var expiryTracked = await db.Set<Sku>().Where(s => skuIds.Contains(s.Id) && s.ExpiryTracked).Select(s => s.Id).ToListAsync(cancellationToken);
            var candidates = await (from sb in db.Set<StockBalance>()
                                    join b in db.Set<Bin>() on sb.BinId equals b.Id
                                    where sb.WarehouseId == warehouseId && skuIds.Contains(sb.SkuId) && sb.OnHand > sb.Reserved
                                          && !b.OnHold && b.Kind != BinKind.Quarantine && b.Id != excluded
                                          && !db.Set<LotHold>().Any(h => h.BinId == sb.BinId && h.SkuId == sb.SkuId && h.Lot == sb.Lot)
                                          && !db.Set<CycleCount>().Any(c => c.BinId == b.Id
                                              && (c.Status == CycleCountStatus.Open || c.Status == CycleCountStatus.RecountRequested))
                                    select new { Balance = sb, b.Kind }).ToListAsync(cancellationToken);
            var bySku = candidates
                .GroupBy(c => c.Balance.SkuId)
                .ToDictionary(g => g.Key, g => g
                    .OrderBy(c => KindRank(c.Kind))
                    .ThenBy(c => expiryTracked.Contains(g.Key) ? c.Balance.Expiry ?? DateOnly.MaxValue : DateOnly.MaxValue)
                    .ThenBy(c => c.Balance.ReceivedAt)
                    .ThenBy(c => c.Balance.Id)
                    .Select(c => c.Balance)
                    .ToList());

            foreach (var line in wanted)
            {
                var need = Outstanding(line);
                foreach (var balance in bySku.GetValueOrDefault(line.SkuId) ?? [])
                {
                    if (need == 0)
                    {
                        break;
                    }

                    var take = Math.Min(need, balance.Available);
                    if (take <= 0)
                    {
                        continue;
                    }

                    balance.Reserve(take);
                    var reservation = new Reservation { OrderLineId = line.Id, StockBalanceId = balance.Id, Quantity = take };
                    db.Add(reservation);
                    line.AllocatedQuantity += take;
                    need -= take;
                    created.Add(new NewReservation(reservation, balance, line));
                }
            }
        }

        foreach (var line in lines)
        {
            line.BackorderedQuantity = Outstanding(line);
        }

        return created;
    }

    /// <summary>Neither reserved nor picked yet.</summary>
    public static long Outstanding(OrderLine line) => line.Quantity - line.AllocatedQuantity - line.PickedQuantity;

    private static int KindRank(BinKind kind) => kind switch
    {
        BinKind.PickFace => 0,
        BinKind.Reserve => 1,
        _ => 2,
    };
}
