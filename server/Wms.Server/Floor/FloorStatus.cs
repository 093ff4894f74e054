using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Picking;

namespace Wms.Server.Floor;

/// <summary>
/// What a supervisor watches on the floor, read in one go: each picker's progress (trips in hand, lines done
/// and open, lines and units picked today, the last pick), the bins on hold with the stock they block, and the
/// short picks of the last day with their reasons.
/// </summary>
public sealed class FloorStatus(IDbContextFactory<WmsDbContext> contexts, TimeProvider time)
{
    private const int MaxRows = 200;

    public sealed record PickerProgress(string Picker, int TripsInProgress, int LinesDone, int LinesOpen, int LinesPickedToday, long UnitsPickedToday, DateTimeOffset? LastPickAt);

    /// <summary>A held bin, or one SKU's lot held in a bin (<see cref="SkuCode"/> set), with who placed the hold and when.</summary>
    public sealed record HeldBin(string BinCode, string Reason, long UnitsOnHand, int Skus, string PlacedBy, DateTimeOffset? PlacedAt, string SkuCode = "", string Lot = "");

    public sealed record ShortPickLine(long TaskId, long TripId, string Picker, string OrderReference, string BinCode, string SkuCode, long Quantity, long PickedQuantity, string Reason, DateTimeOffset WaveReleasedAt);

    /// <summary>A wave on the floor (some trip of it not done): its trips by state and its lines done against all.</summary>
    public sealed record WaveProgress(long WaveId, WaveKind Kind, DateTimeOffset ReleasedAt, string ReleasedBy, int TripsReady, int TripsInProgress, int TripsCompleted, int LinesDone, int Lines);

    public sealed record Report(IReadOnlyList<PickerProgress> Pickers, IReadOnlyList<HeldBin> Holds, IReadOnlyList<ShortPickLine> ShortPicks, IReadOnlyList<WaveProgress> Waves);

    public async Task<Report> ReadAsync(string warehouseCode, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);

        // Trips a picker holds: the lines of each by status.
        var inHand = await (from trip in db.Set<Trip>()
                            where trip.WarehouseId == warehouseId && trip.Status == TripStatus.InProgress && trip.AssignedTo != ""
                            join task in db.Set<PickTask>() on trip.Id equals task.TripId
                            group task by new { trip.AssignedTo, trip.Id } into g
                            select new
                            {
                                g.Key.AssignedTo,
                                Done = g.Count(t => t.Status == PickTaskStatus.Picked || t.Status == PickTaskStatus.Short),
                                Open = g.Count(t => t.Status == PickTaskStatus.Open),
                            }).ToListAsync(cancellationToken);
        var picks = await db.Set<LedgerEntry>().AsNoTracking()
            .Where(e => e.WarehouseId == warehouseId && e.Reason == LedgerReason.Pick && e.At >= dayStart)
            .Select(e => new { e.Actor, e.Quantity, e.At }).ToListAsync(cancellationToken);
        var pickers = inHand.Select(t => t.AssignedTo).Union(picks.Select(p => p.Actor)).Distinct().Order(StringComparer.Ordinal)
            .Select(picker =>
            {
                var trips = inHand.Where(t => t.AssignedTo == picker).ToList();
                var own = picks.Where(p => p.Actor == picker).ToList();
                return new PickerProgress(picker, trips.Count, trips.Sum(t => t.Done), trips.Sum(t => t.Open), own.Count, own.Sum(p => -p.Quantity),
                    own.Count == 0 ? null : own.Max(p => p.At));
            }).ToList();

        var held = await db.Set<Bin>().AsNoTracking().Where(b => b.WarehouseId == warehouseId && b.OnHold).OrderBy(b => b.Code).Take(MaxRows)
            .Select(b => new { b.Id, b.Code, b.HoldReason, b.HoldPlacedBy, b.HoldPlacedAt }).ToListAsync(cancellationToken);
        var heldIds = held.Select(b => b.Id).ToList();
        var blocked = await db.Set<StockBalance>().AsNoTracking().Where(s => heldIds.Contains(s.BinId) && s.OnHand > 0)
            .GroupBy(s => s.BinId).Select(g => new { BinId = g.Key, Units = g.Sum(s => s.OnHand), Skus = g.Select(s => s.SkuId).Distinct().Count() })
            .ToDictionaryAsync(x => x.BinId, cancellationToken);
        var holds = held.Select(b => new HeldBin(b.Code, b.HoldReason, blocked.TryGetValue(b.Id, out var s) ? s.Units : 0, blocked.TryGetValue(b.Id, out var t) ? t.Skus : 0, b.HoldPlacedBy, b.HoldPlacedAt)).ToList();
        holds.AddRange(await (from hold in db.Set<LotHold>().AsNoTracking()
                              where hold.WarehouseId == warehouseId
                              join bin in db.Set<Bin>() on hold.BinId equals bin.Id
                              join sku in db.Set<Sku>() on hold.SkuId equals sku.Id
                              orderby bin.Code, sku.Code, hold.Lot
                              select new HeldBin(bin.Code, hold.Reason,
                                  db.Set<StockBalance>().Where(s => s.BinId == hold.BinId && s.SkuId == hold.SkuId && s.Lot == hold.Lot).Sum(s => s.OnHand), 1,
                                  hold.PlacedBy, hold.PlacedAt, sku.Code, hold.Lot))
            .Take(MaxRows).ToListAsync(cancellationToken));

        var since = now.AddDays(-1);
        var shorts = await (from task in db.Set<PickTask>()
                            where task.Status == PickTaskStatus.Short
                            join trip in db.Set<Trip>() on task.TripId equals trip.Id
                            where trip.WarehouseId == warehouseId
                            join wave in db.Set<Wave>() on trip.WaveId equals wave.Id
                            where wave.ReleasedAt >= since
                            join order in db.Set<Order>() on task.OrderId equals order.Id
                            join bin in db.Set<Bin>() on task.BinId equals bin.Id
                            join sku in db.Set<Sku>() on task.SkuId equals sku.Id
                            orderby task.Id descending
                            select new ShortPickLine(task.Id, trip.Id, trip.AssignedTo, order.Reference, bin.Code, sku.Code, task.Quantity, task.PickedQuantity, task.ShortReason, wave.ReleasedAt))
            .Take(MaxRows).ToListAsync(cancellationToken);
        return new Report(pickers, holds, shorts, await WavesAsync(db, warehouseId, cancellationToken));
    }

    /// <summary>Waves still on the floor, oldest first: three reads whatever their number (waves, their trips by state, their lines).</summary>
    private static async Task<List<WaveProgress>> WavesAsync(WmsDbContext db, long warehouseId, CancellationToken cancellationToken)
    {
        // By their trips rather than the wave's status, which databases from before this version never set to Completed.
        var onTheFloor = db.Set<Trip>().Where(t => t.WarehouseId == warehouseId && t.Status != TripStatus.Completed).Select(t => t.WaveId);
        var waves = await db.Set<Wave>().AsNoTracking().Where(w => onTheFloor.Contains(w.Id))
            .OrderBy(w => w.Id).Take(MaxRows).Select(w => new { w.Id, w.Kind, w.ReleasedAt, w.ReleasedBy }).ToListAsync(cancellationToken);
        var ids = waves.Select(w => w.Id).ToList();
        var trips = await db.Set<Trip>().AsNoTracking().Where(t => ids.Contains(t.WaveId))
            .GroupBy(t => new { t.WaveId, t.Status }).Select(g => new { g.Key.WaveId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        var lines = await (from task in db.Set<PickTask>()
                           join trip in db.Set<Trip>() on task.TripId equals trip.Id
                           where ids.Contains(trip.WaveId) && task.Status != PickTaskStatus.Cancelled
                           group task by trip.WaveId into g
                           select new { WaveId = g.Key, Done = g.Count(t => t.Status == PickTaskStatus.Picked || t.Status == PickTaskStatus.Short), All = g.Count() })
            .ToDictionaryAsync(x => x.WaveId, cancellationToken);
        int Trips(long wave, TripStatus status) => trips.Where(t => t.WaveId == wave && t.Status == status).Sum(t => t.Count);
        return waves.Select(w => new WaveProgress(w.Id, w.Kind, w.ReleasedAt, w.ReleasedBy, Trips(w.Id, TripStatus.Ready), Trips(w.Id, TripStatus.InProgress), Trips(w.Id, TripStatus.Completed),
            lines.TryGetValue(w.Id, out var l) ? l.Done : 0, lines.TryGetValue(w.Id, out var a) ? a.All : 0)).ToList();
    }
}
