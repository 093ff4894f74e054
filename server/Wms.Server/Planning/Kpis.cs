using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Inventory;
using Wms.Server.Outbound;
using Wms.Server.Replenishment;

namespace Wms.Server.Planning;

/// <summary>
/// Inventory KPIs of a warehouse over a date range, per ABC class and in total, all from the ledger and the
/// orders: average inventory (end-of-day on hand rebuilt backwards from today's balances through the ledger),
/// units picked, turnover (picked per year ÷ average inventory), days of supply (average inventory ÷ picked per
/// day) against the target (<see cref="PlanningOptions.DaysOfSupplyTarget"/>, the seeds' 45 days), pick-face stock-out
/// days (days a face with levels ended empty), excess (end-of-day on hand above the order-up-to level in force that day,
/// the newest <see cref="PlanLevel"/> on or before it, averaged over the range; a day before the SKU's first plan counts
/// none), and the fill rate of the orders created in the range that have been picked.
/// </summary>
public sealed class Kpis(IDbContextFactory<WmsDbContext> contexts, Microsoft.Extensions.Options.IOptions<PlanningOptions> options)
{
    public sealed record Row(
        string AbcClass, int Skus, long PickedUnits, double AverageInventory, double TurnoverPerYear, double DaysOfSupply, int StockOutFaceDays, long ExcessUnits,
        bool OverDaysOfSupplyTarget = false);

    public sealed record Report(
        DateOnly From, DateOnly To, IReadOnlyList<Row> Classes, Row Total, double FillRate, double OrdersComplete, int OrdersCounted, double DaysOfSupplyTarget = 45);

    public async Task<Report> ComputeAsync(string warehouseCode, string from, string to, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code");
        var first = Require.Date(from, "from");
        var last = Require.Date(to, "to");
        if (last < first)
        {
            throw DomainException.Invalid("to", $"({to}) is before from ({from}).");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        var days = last.DayNumber - first.DayNumber + 1;
        var onHand = await db.Set<StockBalance>().Where(b => b.WarehouseId == warehouseId)
            .GroupBy(b => new { b.SkuId, b.BinId }).Select(g => new { g.Key.SkuId, g.Key.BinId, OnHand = g.Sum(b => b.OnHand) }).ToListAsync(cancellationToken);
        var changes = await ChangesAsync(db, warehouseId, first, cancellationToken);
        var faces = await db.Set<PickFace>().Where(f => f.WarehouseId == warehouseId).Select(f => new { f.SkuId, f.BinId }).ToListAsync(cancellationToken);
        var plans = await db.Set<SkuPlan>().Where(p => p.WarehouseId == warehouseId).ToDictionaryAsync(p => p.SkuId, cancellationToken);
        var levels = await LevelsAsync(db, warehouseId, first, last, cancellationToken);

        // End-of-day on hand of day d = today's on hand − every change after day d.
        var lastIndex = last.DayNumber - first.DayNumber;
        var skuChanges = changes.ToLookup(c => c.SkuId);
        var faceChanges = changes.ToLookup(c => (c.SkuId, c.BinId));
        var binOnHand = onHand.ToDictionary(x => (x.SkuId, x.BinId), x => x.OnHand);
        var skuOnHand = onHand.GroupBy(x => x.SkuId).ToDictionary(g => g.Key, g => g.Sum(x => x.OnHand));
        var perSku = new Dictionary<long, (double InventorySum, long Picked, double ExcessSum)>();
        foreach (var sku in skuOnHand.Keys.Union(changes.Select(c => c.SkuId)))
        {
            var upTo = UpToByDay(levels[sku], first, lastIndex);
            var (sum, _, excess) = Walk(skuOnHand.GetValueOrDefault(sku), skuChanges[sku], lastIndex, upTo);
            perSku[sku] = (sum, skuChanges[sku].Where(c => c.Day <= lastIndex).Sum(c => c.Picked), excess);
        }

        var stockOutDays = new Dictionary<long, int>();
        foreach (var face in faces)
        {
            var key = (face.SkuId, face.BinId);
            stockOutDays[face.SkuId] = stockOutDays.GetValueOrDefault(face.SkuId) + Walk(binOnHand.GetValueOrDefault(key), faceChanges[key], lastIndex).EmptyDays;
        }

        var target = options.Value.DaysOfSupplyTarget;
        Row Summarise(string abc, IEnumerable<long> skus)
        {
            var list = skus.ToList();
            var inventory = list.Sum(s => perSku[s].InventorySum) / days;
            var picked = list.Sum(s => perSku[s].Picked);
            var perDay = (double)picked / days;
            var excess = (long)Math.Round(list.Sum(s => perSku[s].ExcessSum) / days);
            var daysOfSupply = perDay > 0 ? inventory / perDay : double.PositiveInfinity;
            return new Row(abc, list.Count, picked, inventory, inventory > 0 ? perDay * 365 / inventory : 0, daysOfSupply,
                list.Sum(s => stockOutDays.GetValueOrDefault(s)), excess, inventory > 0 && daysOfSupply > target);
        }

        var classes = perSku.Keys.GroupBy(s => plans.TryGetValue(s, out var p) ? p.AbcClass : "-").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Summarise(g.Key, g)).ToList();
        var (fillRate, complete, counted) = await FillRateAsync(db, warehouseId, first, last, cancellationToken);
        return new Report(first, last, classes, Summarise("all", perSku.Keys), fillRate, complete, counted, target);
    }

    /// <summary>
    /// The order-up-to level in force on each day of the range (index 0 = the first day), whole units: the newest plan
    /// made on or before that day; <see cref="long.MaxValue"/> (no excess) before the SKU's first plan.
    /// </summary>
    private static long[] UpToByDay(IEnumerable<PlanLevel> levels, DateOnly first, int lastIndex)
    {
        var upTo = new long[lastIndex + 1];
        Array.Fill(upTo, long.MaxValue);
        foreach (var level in levels.OrderBy(l => l.Day))
        {
            var from = Math.Max(0, level.Day.DayNumber - first.DayNumber);
            Array.Fill(upTo, (long)Math.Ceiling(level.OrderUpTo - 1e-9), from, lastIndex + 1 - from);
        }

        return upTo;
    }

    /// <summary>The levels set in the range, and per SKU the newest one before it (in force on the range's first day).</summary>
    private static async Task<ILookup<long, PlanLevel>> LevelsAsync(WmsDbContext db, long warehouseId, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var inRange = await db.Set<PlanLevel>().AsNoTracking().Where(l => l.WarehouseId == warehouseId && l.Day >= first && l.Day <= last).ToListAsync(ct);
        var latestBefore = db.Set<PlanLevel>().Where(l => l.WarehouseId == warehouseId && l.Day < first)
            .GroupBy(l => l.SkuId).Select(g => new { SkuId = g.Key, Day = g.Max(l => l.Day) });
        var carried = await (from l in db.Set<PlanLevel>().AsNoTracking()
                             join b in latestBefore on new { l.SkuId, l.Day } equals new { b.SkuId, b.Day }
                             where l.WarehouseId == warehouseId
                             select l).ToListAsync(ct);
        return inRange.Concat(carried).ToLookup(l => l.SkuId);
    }

    /// <summary>
    /// Walks back from today's on hand through the daily changes: the sum of end-of-day levels over the range, the days
    /// that ended empty, and the sum of what each day ended with above that day's <paramref name="upTo"/> (none: no excess).
    /// </summary>
    private static (double Sum, int EmptyDays, double ExcessSum) Walk(long current, IEnumerable<Change> changes, int lastIndex, long[]? upTo = null)
    {
        var net = new Dictionary<int, long>();
        foreach (var c in changes)
        {
            net[c.Day] = net.GetValueOrDefault(c.Day) + c.Net;
        }

        var level = current - net.Where(n => n.Key > lastIndex).Sum(n => n.Value);
        double sum = 0, excess = 0;
        var empty = 0;
        for (var d = lastIndex; d >= 0; d--)
        {
            sum += level;
            empty += level <= 0 ? 1 : 0;
            excess += upTo is not null && level > upTo[d] ? level - upTo[d] : 0;
            level -= net.GetValueOrDefault(d);
        }

        return (sum, empty, excess);
    }

    private sealed record Change(long SkuId, long BinId, int Day, long Net, long Picked);

    /// <summary>Net change and units picked per SKU, bin and day (0 = the range's first day) from the range's start to now.</summary>
    private static async Task<List<Change>> ChangesAsync(WmsDbContext db, long warehouseId, DateOnly first, CancellationToken cancellationToken)
    {
        var from = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;
        var rows = new List<Change>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                SELECT sku_id, bin_id, (at - {from}) / {TimeSpan.TicksPerDay}, SUM(quantity), SUM(CASE WHEN reason = {(int)LedgerReason.Pick} THEN -quantity ELSE 0 END)
                FROM ledger WHERE warehouse_id = {warehouseId} AND at >= {from}
                GROUP BY sku_id, bin_id, (at - {from}) / {TimeSpan.TicksPerDay}
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new Change(reader.GetInt64(0), reader.GetInt64(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return rows;
    }

    /// <summary>Of the orders created in the range and picked since: units picked ÷ units ordered, and the share picked complete.</summary>
    private static async Task<(double FillRate, double Complete, int Counted)> FillRateAsync(WmsDbContext db, long warehouseId, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        OrderStatus[] done = [OrderStatus.Picked, OrderStatus.Packed, OrderStatus.Shipped];
        var orders = await db.Set<Order>().AsNoTracking()
            .Where(o => o.WarehouseId == warehouseId && o.CreatedAt >= start && o.CreatedAt < end && done.Contains(o.Status))
            .Select(o => new { Ordered = o.Lines.Sum(l => l.Quantity), Picked = o.Lines.Sum(l => l.PickedQuantity) }).ToListAsync(ct);
        var ordered = orders.Sum(o => o.Ordered);
        return (ordered > 0 ? (double)orders.Sum(o => o.Picked) / ordered : double.NaN,
            orders.Count > 0 ? (double)orders.Count(o => o.Picked >= o.Ordered) / orders.Count : double.NaN, orders.Count);
    }
}
