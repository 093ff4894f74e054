using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Outbound;

public sealed record OrderLineView(int LineNumber, string SkuCode, long Quantity, long Allocated, long Picked, long Backordered);

/// <summary>An order as callers see it: codes instead of ids, lines in their numbered order.</summary>
public sealed record OrderView(
    string WarehouseCode, string Reference, OrderStatus Status, int Priority, DateOnly RequestedShipDate,
    string CustomerName, string AddressLine, double Latitude, double Longitude, int WindowStartMinutes, int WindowEndMinutes,
    DateTimeOffset CreatedAt, IReadOnlyList<OrderLineView> Lines);

internal static class OrderViews
{
    public static async Task<List<OrderView>> BuildAsync(WmsDbContext db, string warehouseCode, IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        var skuIds = orders.SelectMany(o => o.Lines).Select(l => l.SkuId).Distinct().ToList();
        var codes = await db.Set<Sku>().AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Code, cancellationToken);
        return orders.Select(o => From(o, warehouseCode, codes)).ToList();
    }

    public static async Task<OrderView> BuildAsync(WmsDbContext db, string warehouseCode, Order order, CancellationToken cancellationToken) =>
        (await BuildAsync(db, warehouseCode, [order], cancellationToken))[0];

    public static OrderView From(Order o, string warehouseCode, IReadOnlyDictionary<long, string> skuCodes) => new(
        warehouseCode, o.Reference, o.Status, o.Priority, o.RequestedShipDate, o.CustomerName, o.AddressLine, o.Latitude, o.Longitude,
        o.WindowStartMinutes, o.WindowEndMinutes, o.CreatedAt,
        o.Lines.OrderBy(l => l.LineNumber)
            .Select(l => new OrderLineView(l.LineNumber, skuCodes.GetValueOrDefault(l.SkuId, ""), l.Quantity, l.AllocatedQuantity, l.PickedQuantity, l.BackorderedQuantity))
            .ToList());

    /// <summary>Loads an order with its lines, tracked, by its reference in a warehouse given by code.</summary>
    public static async Task<(Order Order, long WarehouseId)> LoadAsync(WmsDbContext db, string warehouseCode, string reference, CancellationToken cancellationToken)
    {
        var warehouseId = await Layout.LayoutLookup.WarehouseIdAsync(db, warehouseCode, cancellationToken);
        var order = await db.Set<Order>().Include(o => o.Lines).FirstOrDefaultAsync(o => o.WarehouseId == warehouseId && o.Reference == reference, cancellationToken)
            ?? throw DomainException.NotFound("Order", $"{warehouseCode}/{reference}");
        return (order, warehouseId);
    }

    /// <summary>The status an order has after an allocation attempt, from its lines.</summary>
    public static OrderStatus StatusAfterAllocation(Order order) =>
        order.Lines.All(l => l.BackorderedQuantity == 0) ? OrderStatus.Allocated
        : order.Lines.Any(l => l.AllocatedQuantity > 0) ? OrderStatus.PartiallyAllocated
        : OrderStatus.Open;
}
