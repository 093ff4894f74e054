using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Routing.Vehicles.OrTools;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Picking;

namespace Wms.Server.Slotting;

/// <summary>
/// Slotting advice for one warehouse's pick faces: the SKUs' picks per day from the ledger's pick rows, their
/// pick-face stock's volume and weight against each face's capacity, each face's walk from the depot along the
/// pick-path model (<see cref="PickRoute"/>), and OR-Tools' <see cref="SlottingAdvisor"/> choosing the best
/// moves, at most the night's budget. Advice only: stock moves when a supervisor applies a move
/// (<see cref="ApplySlottingMove"/>). When the nightly plan has classed the SKUs (ABC, <see cref="IVelocityClasses"/>), the
/// classes rank first: A SKUs get the faces nearest the depot, then B, then C, and within a class the picks per day decide.
/// </summary>
public static class SuggestSlotting
{
    public const int MaxMoves = 200;
    public const int DefaultHistoryDays = 28;
    public const int MaxHistoryDays = 365;
    public const int MinTimeBudgetMs = 100;
    public const int MaxTimeBudgetMs = 30_000;
    public const int DefaultTimeBudgetMs = 2_000;
    public const double MaxFamilySpreadM = 1_000_000;

    /// <param name="FamilySpreadM">Walking per day charged for each aisle a product family occupies (<see cref="SkuFamilies"/>); 0 ignores families.</param>
    public sealed record Query(string WarehouseCode, int MaxMoves, int HistoryDays, int TimeBudgetMs, double FamilySpreadM = 0);

    public sealed record Move(string SkuCode, string FromBinCode, string ToBinCode, double WalkSavedPerDayM, double PicksPerDay, long Quantity);

    public sealed record Advice(
        string WarehouseCode, IReadOnlyList<Move> Moves, double CurrentWalkPerDayM, double AdvisedWalkPerDayM, bool Optimal,
        int SkusConsidered, int BinsConsidered, int HistoryDays, IReadOnlyList<string> LeftOut, int CurrentFamilyAisles = 0, int AdvisedFamilyAisles = 0);

    /// <summary>A pick face as the advice sees it: the one SKU in it (null when empty) and why it is left out, if it is.</summary>
    private sealed record Face(Bin Bin, Sku? Sku, long OnHand, string? LeftOutBecause);

    public sealed class Handler(IDbContextFactory<WmsDbContext> contexts, TimeProvider time, IEnumerable<IVelocityClasses> velocityClasses)
    {
        // Each advice takes a core for its whole budget: one at a time, as route solves are bounded.
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task<Advice> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var warehouseCode = Require.NotEmpty(query.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var maxMoves = query.MaxMoves is >= 1 and <= MaxMoves ? query.MaxMoves
                : throw DomainException.Invalid("max_moves", $"must be from 1 to {MaxMoves}, got {query.MaxMoves}.");
            var days = query.HistoryDays switch
            {
                0 => DefaultHistoryDays,
                >= 1 and <= MaxHistoryDays => query.HistoryDays,
                _ => throw DomainException.Invalid("history_days", $"must be from 1 to {MaxHistoryDays} (0 for {DefaultHistoryDays}), got {query.HistoryDays}."),
            };
            var budget = query.TimeBudgetMs switch
            {
                0 => DefaultTimeBudgetMs,
                >= MinTimeBudgetMs and <= MaxTimeBudgetMs => query.TimeBudgetMs,
                _ => throw DomainException.Invalid(
                    "time_budget_ms", $"must be from {MinTimeBudgetMs} to {MaxTimeBudgetMs} (0 for {DefaultTimeBudgetMs}), got {query.TimeBudgetMs}."),
            };

            var spread = double.IsFinite(query.FamilySpreadM) && query.FamilySpreadM is >= 0 and <= MaxFamilySpreadM ? query.FamilySpreadM
                : throw DomainException.Invalid("family_spread_m", $"must be from 0 to {MaxFamilySpreadM} metres per day, got {query.FamilySpreadM}.");

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, cancellationToken);
            var faces = await FacesAsync(db, warehouseId, cancellationToken);
            var since = time.GetUtcNow().AddDays(-days);
            var picks = await db.Set<LedgerEntry>().AsNoTracking()
                .Where(e => e.WarehouseId == warehouseId && e.Reason == LedgerReason.Pick && e.At >= since)
                .GroupBy(e => e.SkuId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

            var usable = faces.Where(f => f.LeftOutBecause is null).ToList();
            var leftOut = faces.Where(f => f.LeftOutBecause is not null).Select(f => $"{f.Bin.Code}: {f.LeftOutBecause}").ToList();
            if (usable.Count == 0)
            {
                return new Advice(warehouseCode, [], 0, 0, true, 0, 0, days, leftOut);
            }

            var layout = PickRoute.Block(usable.Select(f => new BinLocation(f.Bin.Aisle, f.Bin.Position, f.Bin.Level)).ToList());
            var bins = usable.Select(f => SlottingBin.At(
                f.Bin.Code, layout, PickRoute.Where(new BinLocation(f.Bin.Aisle, f.Bin.Position, f.Bin.Level)),
                capacity: Limit(f.Bin.CapacityVolumeM3), maxWeightKg: Limit(f.Bin.CapacityWeightKg))).ToList();
            var slotted = usable.Where(f => f.Sku is not null).ToList();
            var families = spread > 0
                ? await SkuFamilies.ReadAsync(db, warehouseId, DateOnly.FromDateTime(since.UtcDateTime), slotted.ToDictionary(f => f.Sku!.Id, f => f.Sku!.Code), cancellationToken)
                : [];
            var perDay = slotted.ToDictionary(f => f.Sku!.Code, f => picks.GetValueOrDefault(f.Sku!.Id) / (double)days, StringComparer.Ordinal);
            var weight = await ClassWeightsAsync(velocityClasses, db, warehouseId, slotted, perDay, cancellationToken);
            var skus = slotted.Select(f => new SlottingSku(
                f.Sku!.Code, weight?[f.Sku.Code] ?? perDay[f.Sku.Code], f.OnHand * f.Sku.UnitVolumeM3, f.OnHand * f.Sku.UnitWeightKg, f.Bin.Code,
                families.GetValueOrDefault(f.Sku.Id))).ToList();

            SlottingAdvice advice;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                advice = await Task.Run(() => SlottingAdvisor.Advise(skus, bins, maxMoves, TimeSpan.FromMilliseconds(budget), spread, cancellationToken), cancellationToken);
            }
            finally
            {
                _gate.Release();
            }

            var bySku = slotted.ToDictionary(f => f.Sku!.Code, StringComparer.Ordinal);
            // The walks reported are real walking, by picks per day (the advisor's own measure, SlottingAdvisor.Walk), also when
            // the classes weighted the advisor's choice.
            var binById = bins.ToDictionary(b => b.Id, StringComparer.Ordinal);
            var byPicks = skus.ToDictionary(k => k.Id, k => k with { PicksPerDay = perDay[k.Id] }, StringComparer.Ordinal);
            double Walk(string sku, string bin) => SlottingAdvisor.Walk(byPicks[sku], binById[bin]);
            var moves = InOrder(advice.Moves).Select(m => new Move(
                m.SkuId, m.FromBin, m.ToBin, weight is null ? m.WalkSavedPerDayM : Walk(m.SkuId, m.FromBin) - Walk(m.SkuId, m.ToBin), perDay[m.SkuId],
                bySku[m.SkuId].OnHand)).ToList();
            var walked = weight is null ? advice.CurrentWalkPerDayM : skus.Sum(k => Walk(k.Id, k.CurrentBin));
            var (current, advised) = weight is null ? (walked, advice.AdvisedWalkPerDayM) : (walked, walked - moves.Sum(m => m.WalkSavedPerDayM));
            return new Advice(warehouseCode, moves, current, advised, advice.IsOptimal, skus.Count, bins.Count, days, leftOut,
                advice.CurrentFamilyZones, advice.AdvisedFamilyZones);
        }
    }

    /// <summary>
    /// Class-based storage: the advisor's weight per SKU when any slotted SKU has a velocity class, else null (picks per day
    /// alone). Each class above C adds more than any SKU's picks per day (A twice that step, B once), so the cheapest layout
    /// puts every A nearer the depot than any B, and every B nearer than any C, where capacities allow; within a class the
    /// picks per day still order them. An unclassed SKU (no plan yet) ranks with C.
    /// </summary>
    private static async Task<Dictionary<string, double>?> ClassWeightsAsync(
        IEnumerable<IVelocityClasses> velocityClasses, WmsDbContext db, long warehouseId, List<Face> slotted, Dictionary<string, double> perDay, CancellationToken ct)
    {
        var classes = new Dictionary<long, char>();
        foreach (var source in velocityClasses)
        {
            foreach (var (sku, abc) in await source.ClassesAsync(db, warehouseId, ct))
            {
                classes.TryAdd(sku, abc);
            }
        }

        if (!slotted.Any(f => classes.ContainsKey(f.Sku!.Id)))
        {
            return null;
        }

        var step = perDay.Values.DefaultIfEmpty(0).Max() + 1;
        return slotted.ToDictionary(f => f.Sku!.Code, f => perDay[f.Sku!.Code] + step * (classes.GetValueOrDefault(f.Sku!.Id) switch { 'A' => 2, 'B' => 1, _ => 0 }),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The warehouse's pick faces with what is in them. The advisor's model has one SKU per bin, so a face
    /// holding several SKUs, a SKU on several faces, reserved stock (it cannot move before it is picked) or a
    /// hold keeps the face out of the advice, saying why.
    /// </summary>
    private static async Task<List<Face>> FacesAsync(WmsDbContext db, long warehouseId, CancellationToken ct)
    {
        var bins = await db.Set<Bin>().AsNoTracking().Where(b => b.WarehouseId == warehouseId && b.Kind == BinKind.PickFace).OrderBy(b => b.Code).ToListAsync(ct);
        var stock = await db.Set<StockBalance>().AsNoTracking().Where(s => s.WarehouseId == warehouseId && s.OnHand > 0).ToListAsync(ct);
        var binIds = bins.Select(b => b.Id).ToHashSet();
        var onFaces = stock.Where(s => binIds.Contains(s.BinId)).ToList();
        var skuIds = onFaces.Select(s => s.SkuId).Distinct().ToList();
        var skus = await db.Set<Sku>().AsNoTracking().Where(k => skuIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, ct);
        var facesOfSku = onFaces.GroupBy(s => s.SkuId).ToDictionary(g => g.Key, g => g.Select(s => s.BinId).Distinct().Count());
        var byBin = onFaces.GroupBy(s => s.BinId).ToDictionary(g => g.Key, g => g.ToList());
        return bins.Select(bin =>
        {
            var held = byBin.GetValueOrDefault(bin.Id) ?? [];
            var skuIdsHere = held.Select(s => s.SkuId).Distinct().ToList();
            var sku = skuIdsHere.Count == 1 ? skus[skuIdsHere[0]] : null;
            string? why = bin.OnHold ? "on hold"
                : skuIdsHere.Count > 1 ? $"holds {skuIdsHere.Count} SKUs"
                : sku is not null && facesOfSku[sku.Id] > 1 ? $"SKU {sku.Code} is on {facesOfSku[sku.Id]} pick faces"
                : held.Sum(s => s.Reserved) is var reserved and > 0 ? Text($"{reserved} units reserved for picking")
                : null;
            return new Face(bin, sku, held.Sum(s => s.OnHand), why);
        }).ToList();
    }

    /// <summary>
    /// Moves in an order a supervisor can carry them out: a move into a bin that another move empties comes
    /// after it. Moves in a cycle (two SKUs swapping faces) need a spare bin and come last, as the advisor gave them.
    /// </summary>
    private static List<SlottingMove> InOrder(IReadOnlyList<SlottingMove> moves)
    {
        var pending = moves.ToList();
        var occupied = moves.Select(m => m.FromBin).ToHashSet(StringComparer.Ordinal);
        var ordered = new List<SlottingMove>(moves.Count);
        while (pending.FirstOrDefault(m => !occupied.Contains(m.ToBin)) is { SkuId: not null } next)
        {
            ordered.Add(next);
            pending.Remove(next);
            occupied.Remove(next.FromBin);
        }

        ordered.AddRange(pending);
        return ordered;
    }

    // A capacity of 0 is "not limited" for bins (Bin.EnsureRoomFor); the advisor says that with infinity.
    private static double Limit(double capacity) => capacity > 0 ? capacity : double.PositiveInfinity;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
