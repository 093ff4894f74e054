using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Alerts;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Replenishment;

/// <summary>
/// Creates the replenishment tasks a warehouse's pick faces need: a face whose on hand plus open
/// replenishment is below its min gets moves from reserve bins that bring it up to its max and no further,
/// within the face's room by units, weight and volume (whole cases when the SKU has a case size), FEFO for
/// lots then full pallets first then FIFO. Runs in the writer, so concurrent triggers are serialised and the
/// second sees the first's tasks: a shortage never gets two tasks.
/// </summary>
public static class TopUpPickFaces
{
    /// <summary>All faces of a warehouse, or only the face (bin, SKU) a pick just took from.</summary>
    public sealed record Command(string WarehouseCode, ReplenishmentTrigger Trigger, long? BinId = null, long? SkuId = null, string RequestId = "", string Actor = "replenishment");

    /// <summary>Units planned count what grew on tasks already open as well as the new tasks.</summary>
    public sealed record Result(int FacesBelowMin, int TasksCreated, long UnitsPlanned, IReadOnlyList<string> FacesWithoutReserve)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{FacesBelowMin} faces below min, {TasksCreated} tasks ({UnitsPlanned} units){(FacesWithoutReserve.Count == 0 ? "" : $"; no reserve stock for {string.Join(", ", FacesWithoutReserve.Take(10))}")}");
    }

    public sealed class Handler(WriteBatcher writes, TimeProvider time, RaiseAlert.Handler alerts)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var result = await writes.ExecuteAsync(new CommandInfo(nameof(TopUpPickFaces), command.Actor, command.RequestId), (db, ct) => RunAsync(db, command, now, ct), cancellationToken);

            // A face below min with nothing in reserve is a stock-out no task can fix: a person must act (buy,
            // transfer, reallocate). One alert per face while it is open, and at most one raise a day per face.
            var day = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            foreach (var named in result.FacesWithoutReserve)
            {
                // An alert's subject holds 64 characters; "bin/SKU" fits for all but the longest codes.
                var face = named.Length <= 64 ? named : named[..64];
                await alerts.HandleAsync(new RaiseAlert.Command(
                    $"low-stock:{day}:{command.WarehouseCode}:{face}", command.Actor, command.WarehouseCode, AlertKind.LowStock, face,
                    $"Pick face {face} is below its min and no reserve bin holds stock to refill it."), cancellationToken);
            }

            return result;
        }
    }

    private sealed record Source(long BinId, string BinCode, double X, double Y, string Lot, DateOnly? Expiry, DateTimeOffset ReceivedAt, long Available)
    {
        public long Left { get; set; } = Available;
    }

    private static async Task<Result> RunAsync(WmsDbContext db, Command command, DateTimeOffset now, CancellationToken ct)
    {
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, command.WarehouseCode, ct);
        var faceQuery = db.Set<PickFace>().AsNoTracking().Where(f => f.WarehouseId == warehouseId);
        if (command.BinId is { } onlyBin)
        {
            faceQuery = faceQuery.Where(f => f.BinId == onlyBin && (command.SkuId == null || f.SkuId == command.SkuId));
        }

        var faces = await faceQuery.ToListAsync(ct);
        if (faces.Count == 0)
        {
            return new Result(0, 0, 0, []);
        }

        var faceBinIds = faces.Select(f => f.BinId).Distinct().ToList();
        var skuIds = faces.Select(f => f.SkuId).Distinct().ToList();
        var bins = await db.Set<Bin>().AsNoTracking().Where(b => faceBinIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        var held = await (from s in db.Set<StockBalance>().AsNoTracking()
                          join k in db.Set<Sku>().AsNoTracking() on s.SkuId equals k.Id
                          where faceBinIds.Contains(s.BinId) && s.OnHand > 0
                          select new { s.BinId, s.SkuId, s.Lot, s.OnHand, k.UnitWeightKg, k.UnitVolumeM3 }).ToListAsync(ct);
        var open = await (from t in db.Set<ReplenishmentTask>().AsNoTracking()
                          join k in db.Set<Sku>().AsNoTracking() on t.SkuId equals k.Id
                          where t.WarehouseId == warehouseId && t.Status == ReplenishmentTaskStatus.Open
                          select new { t.ToBinId, t.FromBinId, t.SkuId, t.Lot, Left = t.Quantity - t.MovedQuantity, k.UnitWeightKg, k.UnitVolumeM3 }).ToListAsync(ct);
        var skus = await db.Set<Sku>().AsNoTracking().Where(k => skuIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, ct);
        var reserve = (await (from s in db.Set<StockBalance>().AsNoTracking()
                              join b in db.Set<Bin>().AsNoTracking() on s.BinId equals b.Id
                              where b.WarehouseId == warehouseId && b.Kind == BinKind.Reserve && !b.OnHold && skuIds.Contains(s.SkuId) && s.OnHand > s.Reserved
                                    && !db.Set<LotHold>().Any(h => h.BinId == s.BinId && h.SkuId == s.SkuId && h.Lot == s.Lot)
                              select new { s.SkuId, s.BinId, b.Code, b.X, b.Y, s.Lot, s.Expiry, s.ReceivedAt, Available = s.OnHand - s.Reserved }).ToListAsync(ct))
            .GroupBy(s => s.SkuId)
            .ToDictionary(g => g.Key, g => g.Select(s =>
            {
                // What open tasks already plan to take from this balance is not there for a new task.
                var planned = open.Where(t => t.FromBinId == s.BinId && t.SkuId == s.SkuId && t.Lot == s.Lot).Sum(t => t.Left);
                return new Source(s.BinId, s.Code, s.X, s.Y, s.Lot, s.Expiry, s.ReceivedAt, s.Available - planned);
            }).Where(s => s.Available > 0).ToList());
        var waiting = await (from l in db.Set<OrderLine>().AsNoTracking()
                             join o in db.Set<Order>().AsNoTracking() on l.OrderId equals o.Id
                             where o.WarehouseId == warehouseId && l.BackorderedQuantity > 0 && skuIds.Contains(l.SkuId)
                             select l.SkuId).Distinct().ToListAsync(ct);

        // In-memory load of each face bin: stock held plus what open tasks bring, updated as tasks are planned.
        var load = faceBinIds.ToDictionary(id => id, id =>
            held.Where(h => h.BinId == id).Aggregate(default(BinLoad), (sum, h) => sum + BinLoad.Of(h.OnHand, h.UnitWeightKg, h.UnitVolumeM3))
            + open.Where(t => t.ToBinId == id).Aggregate(default(BinLoad), (sum, t) => sum + BinLoad.Of(t.Left, t.UnitWeightKg, t.UnitVolumeM3)));
        // Tracked, loaded once: a move already open grows instead of doubling, without a query per source.
        var openMoves = await db.Set<ReplenishmentTask>()
            .Where(t => t.WarehouseId == warehouseId && t.Status == ReplenishmentTaskStatus.Open && faceBinIds.Contains(t.ToBinId)).ToListAsync(ct);
        var belowMin = 0;
        var created = new List<ReplenishmentTask>();
        var withoutReserve = new List<string>();
        var planned = 0L;
        var ordered = faces
            .Select(f => (Face: f, OnHand: held.Where(h => h.BinId == f.BinId && h.SkuId == f.SkuId).Sum(h => h.OnHand),
                Inbound: open.Where(t => t.ToBinId == f.BinId && t.SkuId == f.SkuId).Sum(t => t.Left)))
            .OrderBy(x => (double)(x.OnHand + x.Inbound) / Math.Max(1, x.Face.MaxQuantity));
        foreach (var (face, onHand, inbound) in ordered)
        {
            var shortfall = face.Shortfall(onHand, inbound);
            if (shortfall <= 0 || !bins.TryGetValue(face.BinId, out var bin) || bin.OnHold)
            {
                continue;
            }

            belowMin++;
            var sku = skus[face.SkuId];
            var quantity = WholeCases(Math.Min(shortfall, bin.RoomFor(load[bin.Id], sku.UnitWeightKg, sku.UnitVolumeM3)), sku.CaseSize);
            var sources = reserve.GetValueOrDefault(sku.Id) ?? [];
            var lotHeld = held.FirstOrDefault(h => h.BinId == bin.Id)?.Lot;
            var candidates = Candidates(sources, quantity, bin.MixPolicy == MixPolicy.EmptyOnly ? lotHeld : null);
            if (quantity > 0 && candidates.Count == 0)
            {
                withoutReserve.Add($"{bin.Code}/{sku.Code}");
                continue;
            }

            var urgent = onHand == 0 || waiting.Contains(sku.Id);
            foreach (var source in candidates)
            {
                if (quantity <= 0)
                {
                    break;
                }

                var take = Math.Min(quantity, source.Left);
                source.Left -= take;
                quantity -= take;
                load[bin.Id] += BinLoad.Of(take, sku.UnitWeightKg, sku.UnitVolumeM3);
                // The same move already open (the face was short of room last time): it grows rather than doubles.
                var task = openMoves.FirstOrDefault(t => t.ToBinId == bin.Id && t.SkuId == sku.Id && t.FromBinId == source.BinId && t.Lot == source.Lot);
                if (task is null)
                {
                    task = new ReplenishmentTask
                    {
                        WarehouseId = warehouseId, SkuId = sku.Id, Lot = source.Lot, FromBinId = source.BinId, ToBinId = bin.Id,
                        Trigger = command.Trigger, CreatedAt = now, DistanceM = Math.Round(Math.Abs(source.X - bin.X) + Math.Abs(source.Y - bin.Y), 1),
                    };
                    db.Add(task);
                    created.Add(task);
                }

                task.Quantity += take;
                task.Priority = Math.Min(task.Priority, urgent ? 1 : 2);
                task.Version++;
                planned += take;
                if (bin.MixPolicy == MixPolicy.EmptyOnly)
                {
                    // A pallet position takes one lot at a time.
                    break;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return new Result(belowMin, created.Count, planned, withoutReserve);
    }

    /// <summary>FEFO (earliest expiry first), then sources that go whole (a full pallet or case leaves its bin empty), then FIFO.</summary>
    private static List<Source> Candidates(List<Source> sources, long quantity, string? onlyLot) => sources
        .Where(s => s.Left > 0 && (onlyLot is null || s.Lot == onlyLot))
        .OrderBy(s => s.Expiry ?? DateOnly.MaxValue)
        .ThenBy(s => s.Left <= quantity ? 0 : 1)
        .ThenBy(s => s.ReceivedAt)
        .ThenBy(s => s.BinCode, StringComparer.Ordinal)
        .ToList();

    /// <summary>Whole cases when at least one fits; loose units only when less than a case is wanted.</summary>
    internal static long WholeCases(long quantity, long caseSize) => caseSize > 0 && quantity >= caseSize ? quantity - quantity % caseSize : quantity;
}
