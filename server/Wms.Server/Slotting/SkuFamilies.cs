using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Slotting;

/// <summary>
/// Product families for slotting, read from the orders: two SKUs belong together when they shared at least
/// <see cref="MinSharedOrders"/> orders and those are at least half the orders of the rarer one (what pickers
/// fetch together); families are the groups this links. The catalog has no family field, and the orders say
/// what is picked together better than a category would.
/// </summary>
internal static class SkuFamilies
{
    public const int MinSharedOrders = 2;

    /// <summary>Family name (its lowest SKU code) of each SKU in a family of two or more; SKUs alone are absent.</summary>
    public static async Task<Dictionary<long, string>> ReadAsync(
        WmsDbContext db, long warehouseId, DateOnly since, IReadOnlyDictionary<long, string> skuCodes, CancellationToken ct)
    {
        var ids = skuCodes.Keys.ToList();
        var lines = await db.Set<OrderLine>().AsNoTracking()
            .Join(db.Set<Order>().Where(o => o.WarehouseId == warehouseId && o.RequestedShipDate >= since), l => l.OrderId, o => o.Id, (l, o) => new { l.OrderId, l.SkuId })
            .Where(x => ids.Contains(x.SkuId))
            .Distinct()
            .ToListAsync(ct);
        var ordersOf = lines.GroupBy(x => x.SkuId).ToDictionary(g => g.Key, g => g.Count());
        var shared = new Dictionary<(long, long), int>();
        foreach (var order in lines.GroupBy(x => x.OrderId))
        {
            var skus = order.Select(x => x.SkuId).Order().ToArray();
            for (int i = 0; i < skus.Length; i++)
            {
                for (int j = i + 1; j < skus.Length; j++)
                {
                    shared[(skus[i], skus[j])] = shared.GetValueOrDefault((skus[i], skus[j])) + 1;
                }
            }
        }

        var parent = ids.ToDictionary(id => id, id => id);
        long Root(long id) => parent[id] == id ? id : parent[id] = Root(parent[id]);
        foreach (var ((a, b), count) in shared)
        {
            if (count >= MinSharedOrders && 2 * count >= Math.Min(ordersOf[a], ordersOf[b]))
            {
                parent[Root(a)] = Root(b);
            }
        }

        return ids.GroupBy(Root).Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(id => (id, name: g.Select(m => skuCodes[m]).Min(StringComparer.Ordinal)!)))
            .ToDictionary(x => x.id, x => x.name);
    }
}
