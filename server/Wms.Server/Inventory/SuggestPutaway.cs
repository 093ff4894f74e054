using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Directed putaway: the bin to take goods to. Reserve and pick-face bins only, never one on hold, always
/// within the bin's capacity in units, weight and volume (each where set) and its mix policy; first a bin
/// that already holds the same SKU and lot, then an empty bin, then a bin whose policy lets the goods
/// share it; nearest first. A SKU with a velocity class (<see cref="IVelocityClasses"/>, the nightly plan's ABC) looks for
/// the empty or shared bin in its class's zone first: the bins are ranked by distance from the dispatch point (the first
/// staging bin, else the first dock) and cut in the shares of the warehouse's SKUs per class, so A SKUs go to the bins
/// nearest dispatch and C SKUs to the far ones; a full zone overflows outwards (A to B to C, B to C) before inwards.
/// </summary>
public sealed class SuggestPutaway(IDbContextFactory<WmsDbContext> contexts, IEnumerable<IVelocityClasses> velocityClasses)
{
    public sealed record Query(string WarehouseCode, string SkuCode, string? Lot, long Quantity, string? FromBinCode);

    public sealed record Suggestion(string BinCode, string Reason, double DistanceM);

    private sealed record Candidate(string Code, double X, double Y);

    /// <summary>Where a class's bins lie: squared distance from the dispatch point (<see cref="X"/>, <see cref="Y"/>) above <see cref="Above"/> and up to <see cref="UpTo"/>.</summary>
    private sealed record ClassZone(char Class, double Above, double UpTo, double X, double Y, string Words);

    public async Task<Suggestion> SuggestAsync(Query query, CancellationToken cancellationToken)
    {
        var warehouseCode = Require.NotEmpty(query.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
        var skuCode = Require.NotEmpty(query.SkuCode, "sku_code", Limits.SkuCode);
        var quantity = Require.Positive(query.Quantity, "quantity");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, cancellationToken);
        var sku = await CatalogLookup.SkuAsync(db, skuCode, cancellationToken);
        var lot = StockPlaces.LotFor(sku, query.Lot, "lot");
        var (x, y, origin) = await OriginAsync(db, warehouseId, warehouseCode, query.FromBinCode, cancellationToken);

        var stock = db.Set<StockBalance>().AsNoTracking();
        var held = from s in stock join k in db.Set<Sku>().AsNoTracking() on s.SkuId equals k.Id select new { s.BinId, s.OnHand, k.UnitWeightKg, k.UnitVolumeM3 };
        var adding = BinLoad.Of(quantity, sku.UnitWeightKg, sku.UnitVolumeM3);
        var bins = db.Set<Bin>().AsNoTracking().Where(b =>
            b.WarehouseId == warehouseId && !b.OnHold && (b.Kind == BinKind.Reserve || b.Kind == BinKind.PickFace));

        // The same limits as Bin.EnsureRoomFor, in SQL: what the bin holds plus the goods, each capacity where set.
        var withRoom = bins.Where(b =>
            (b.CapacityUnits == 0 || stock.Where(s => s.BinId == b.Id).Sum(s => s.OnHand) + quantity <= b.CapacityUnits)
            && (b.CapacityWeightKg == 0 || adding.WeightKg == 0
                || held.Where(h => h.BinId == b.Id).Sum(h => h.OnHand * h.UnitWeightKg) + adding.WeightKg <= b.CapacityWeightKg + Bin.Slack)
            && (b.CapacityVolumeM3 == 0 || adding.VolumeM3 == 0
                || held.Where(h => h.BinId == b.Id).Sum(h => h.OnHand * h.UnitVolumeM3) + adding.VolumeM3 <= b.CapacityVolumeM3 + Bin.Slack));
        var allowed = withRoom.Where(b =>
            b.MixPolicy == MixPolicy.Mixed
            || (b.MixPolicy == MixPolicy.SameSku && !stock.Any(s => s.BinId == b.Id && s.OnHand > 0 && s.SkuId != sku.Id))
            || (b.MixPolicy == MixPolicy.EmptyOnly && !stock.Any(s => s.BinId == b.Id && s.OnHand > 0 && (s.SkuId != sku.Id || s.Lot != lot))));

        var lotText = lot.Length == 0 ? "" : $" lot {lot}";
        var same = await NearestAsync(allowed.Where(b => stock.Any(s => s.BinId == b.Id && s.SkuId == sku.Id && s.Lot == lot && s.OnHand > 0)), x, y, cancellationToken);
        if (same is not null)
        {
            return Suggest(same, $"already holds SKU {sku.Code}{lotText} and has room for {quantity}", x, y, origin);
        }

        var emptyBins = withRoom.Where(b => !stock.Any(s => s.BinId == b.Id && s.OnHand > 0));
        var zones = await ZonesAsync(db, warehouseId, sku.Id, bins, cancellationToken);
        foreach (var zone in zones)
        {
            var inZone = await NearestAsync(InZone(emptyBins, zone), zone.X, zone.Y, cancellationToken);
            if (inZone is not null)
            {
                return Suggest(inZone, $"empty bin with room for {quantity}; {zone.Words}", x, y, origin);
            }
        }

        var empty = await NearestAsync(emptyBins, x, y, cancellationToken);
        if (empty is not null)
        {
            return Suggest(empty, $"empty bin with room for {quantity}", x, y, origin);
        }

        foreach (var zone in zones)
        {
            var inZone = await NearestAsync(InZone(allowed, zone), zone.X, zone.Y, cancellationToken);
            if (inZone is not null)
            {
                return Suggest(inZone, $"may share with the stock it holds and has room for {quantity}; {zone.Words}", x, y, origin);
            }
        }

        var shared = await NearestAsync(allowed, x, y, cancellationToken);
        if (shared is not null)
        {
            return Suggest(shared, $"may share with the stock it holds and has room for {quantity}", x, y, origin);
        }

        throw DomainException.Precondition(
            $"No reserve or pick-face bin in {warehouseCode} that is not on hold has room for {quantity} of SKU {sku.Code}{lotText}{Size(adding)}.");
    }

    /// <summary>
    /// The zones to try, in order, for a SKU with a velocity class: its own, then outwards, then inwards (A: A, B, C; B: B, C,
    /// A; C: C, B, A). None for a SKU without a class, or a warehouse with no putaway bins.
    /// </summary>
    private async Task<List<ClassZone>> ZonesAsync(
        WmsDbContext db, long warehouseId, long skuId, IQueryable<Bin> bins, CancellationToken ct)
    {
        SkuVelocity? velocity = null;
        foreach (var source in velocityClasses)
        {
            velocity ??= await source.ClassOfAsync(db, warehouseId, skuId, ct);
        }

        if (velocity is null)
        {
            return [];
        }

        var dispatch = await db.Set<Bin>().AsNoTracking().Where(b => b.WarehouseId == warehouseId && (b.Kind == BinKind.Staging || b.Kind == BinKind.Dock))
            .OrderBy(b => b.Kind == BinKind.Staging ? 0 : 1).ThenBy(b => b.Id).Select(b => new { b.Code, b.Kind, b.X, b.Y }).FirstOrDefaultAsync(ct);
        var (dx, dy, place) = dispatch is null ? (0.0, 0.0, "the warehouse origin") : (dispatch.X, dispatch.Y, $"{(dispatch.Kind == BinKind.Staging ? "staging" : "dock")} {dispatch.Code}");
        var distances = await bins.Select(b => (b.X - dx) * (b.X - dx) + (b.Y - dy) * (b.Y - dy)).OrderBy(d => d).ToListAsync(ct);
        var total = velocity.ACount + velocity.BCount + velocity.CCount;
        if (distances.Count == 0 || total == 0)
        {
            return [];
        }

        // Cut the bins, nearest first, in the classes' shares of the SKUs: the last bin of a zone marks its outer edge.
        var aEnd = (int)Math.Round(distances.Count * (double)velocity.ACount / total);
        var bEnd = (int)Math.Round(distances.Count * (double)(velocity.ACount + velocity.BCount) / total);
        var aEdge = aEnd == 0 ? -1 : distances[aEnd - 1];
        var bEdge = bEnd == 0 ? -1 : distances[bEnd - 1];
        ClassZone Zone(char c, double above, double upTo, int from, int to) => new(c, above, upTo, dx, dy, Text(
            $"velocity class {velocity.Class}: zone {c}, the {(to - from) * 100.0 / distances.Count:0}% of bins {(c == 'A' ? "nearest to" : c == 'B' ? "next nearest to" : "farthest from")} {place}"));
        var zones = new Dictionary<char, ClassZone>
        {
            ['A'] = Zone('A', double.NegativeInfinity, aEdge, 0, aEnd),
            ['B'] = Zone('B', aEdge, bEdge, aEnd, bEnd),
            ['C'] = Zone('C', bEdge, double.PositiveInfinity, bEnd, distances.Count),
        };
        var order = velocity.Class switch { 'A' => "ABC", 'B' => "BCA", _ => "CBA" };
        return order.Select(c => zones[c]).Where(z => z.UpTo > z.Above).ToList();
    }

    private static IQueryable<Bin> InZone(IQueryable<Bin> bins, ClassZone zone)
    {
        var (above, upTo, dx, dy) = (zone.Above, zone.UpTo, zone.X, zone.Y);
        var inner = double.IsNegativeInfinity(above);
        var outer = double.IsPositiveInfinity(upTo);
        return bins.Where(b => (inner || (b.X - dx) * (b.X - dx) + (b.Y - dy) * (b.Y - dy) > above)
            && (outer || (b.X - dx) * (b.X - dx) + (b.Y - dy) * (b.Y - dy) <= upTo));
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Size(BinLoad load)
    {
        var parts = new List<string>();
        if (load.WeightKg > 0)
        {
            parts.Add(Math.Round(load.WeightKg, 3).ToString("0.###", CultureInfo.InvariantCulture) + " kg");
        }

        if (load.VolumeM3 > 0)
        {
            parts.Add(Math.Round(load.VolumeM3, 3).ToString("0.###", CultureInfo.InvariantCulture) + " m3");
        }

        return parts.Count == 0 ? "" : " (" + string.Join(", ", parts) + ")";
    }

    private static Task<Candidate?> NearestAsync(IQueryable<Bin> bins, double x, double y, CancellationToken ct) =>
        bins.OrderBy(b => (b.X - x) * (b.X - x) + (b.Y - y) * (b.Y - y)).ThenBy(b => b.Id)
            .Select(b => new Candidate(b.Code, b.X, b.Y))
            .FirstOrDefaultAsync(ct);

    private static Suggestion Suggest(Candidate bin, string why, double x, double y, string origin)
    {
        var distance = Math.Round(Math.Sqrt((bin.X - x) * (bin.X - x) + (bin.Y - y) * (bin.Y - y)), 2);
        return new Suggestion(bin.Code, $"{why}; {distance.ToString("0.##", CultureInfo.InvariantCulture)} m from {origin}", distance);
    }

    /// <summary>Distances run from where the goods are, else from the warehouse's first dock bin.</summary>
    private static async Task<(double X, double Y, string Name)> OriginAsync(WmsDbContext db, long warehouseId, string warehouseCode, string? fromBinCode, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(fromBinCode))
        {
            var code = fromBinCode.Trim();
            var from = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, code, ct);
            return (from.X, from.Y, "bin " + code);
        }

        var dock = await db.Set<Bin>().AsNoTracking().Where(b => b.WarehouseId == warehouseId && b.Kind == BinKind.Dock)
            .OrderBy(b => b.Id).Select(b => new { b.Code, b.X, b.Y }).FirstOrDefaultAsync(ct);
        return dock is null ? (0, 0, "the warehouse origin") : (dock.X, dock.Y, "dock " + dock.Code);
    }
}
