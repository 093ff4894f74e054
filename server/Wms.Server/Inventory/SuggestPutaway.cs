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
/// share it; nearest first.
/// </summary>
public sealed class SuggestPutaway(IDbContextFactory<WmsDbContext> contexts)
{
    public sealed record Query(string WarehouseCode, string SkuCode, string? Lot, long Quantity, string? FromBinCode);

    public sealed record Suggestion(string BinCode, string Reason, double DistanceM);

    private sealed record Candidate(string Code, double X, double Y);

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

        var empty = await NearestAsync(withRoom.Where(b => !stock.Any(s => s.BinId == b.Id && s.OnHand > 0)), x, y, cancellationToken);
        if (empty is not null)
        {
            return Suggest(empty, $"empty bin with room for {quantity}", x, y, origin);
        }

        var shared = await NearestAsync(allowed, x, y, cancellationToken);
        if (shared is not null)
        {
            return Suggest(shared, $"may share with the stock it holds and has room for {quantity}", x, y, origin);
        }

        throw DomainException.Precondition(
            $"No reserve or pick-face bin in {warehouseCode} that is not on hold has room for {quantity} of SKU {sku.Code}{lotText}{Size(adding)}.");
    }

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
