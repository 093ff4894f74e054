using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Shipping;

public sealed record CartonLineView(int LineNumber, string SkuCode, long Quantity);

public sealed record CartonView(string Label, string WarehouseCode, string OrderReference, double WeightKg, long ShipmentId, List<CartonLineView> Lines);

public sealed record ShipmentView(
    long ShipmentId, string WarehouseCode, string OrderReference, ShipmentStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? LoadedAt,
    DateTimeOffset? ShippedAt, string RouteCode, int StopNumber, string CustomerName, string AddressLine, double Latitude, double Longitude,
    List<CartonView> Cartons)
{
    public double TotalWeightKg => Cartons.Sum(c => c.WeightKg);
}

/// <summary>A shipment named by its id, or by its warehouse and order reference (one shipment per order).</summary>
public sealed record ShipmentKey(long ShipmentId, string? WarehouseCode, string? OrderReference)
{
    public void Validate()
    {
        if (ShipmentId < 0)
        {
            throw DomainException.Invalid("shipment_id", $"must not be negative, got {ShipmentId}.");
        }

        if ((ShipmentId == 0) == string.IsNullOrWhiteSpace(OrderReference))
        {
            throw DomainException.Invalid("shipment_id/order_reference", "give exactly one of them.");
        }

        if (ShipmentId == 0)
        {
            Require.NotEmpty(WarehouseCode, "warehouse_code", Limits.WarehouseCode);
        }
    }

    public string Describe() => ShipmentId != 0
        ? "shipment " + ShipmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"shipment of {WarehouseCode?.Trim()}/{OrderReference?.Trim()}";

    /// <summary>
    /// The shipment, in one query also when it is named by its order; then that query also reads what its view shows
    /// of the order, which <see cref="ShippingQueries.LoadViewsAsync"/> takes instead of reading the order again.
    /// Only when nothing is found is the order looked up, to say what is missing.
    /// </summary>
    internal async Task<(Shipment Shipment, Dictionary<long, ShippingQueries.OrderHead> Orders)> FindAsync(
        IQueryable<Shipment> shipments, WmsDbContext db, CancellationToken cancellationToken)
    {
        if (ShipmentId != 0)
        {
            return (await shipments.FirstOrDefaultAsync(s => s.Id == ShipmentId, cancellationToken)
                ?? throw DomainException.NotFound("Shipment", ShipmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)), []);
        }

        var (warehouseCode, reference) = (WarehouseCode!.Trim(), OrderReference!.Trim());
        var found = await (from s in shipments
                           join o in db.Set<Order>() on s.OrderId equals o.Id
                           join w in db.Set<Warehouse>() on o.WarehouseId equals w.Id
                           where w.Code == warehouseCode && o.Reference == reference
                           select new { Shipment = s, Order = new ShippingQueries.OrderHead(w.Code, o.Reference, o.CustomerName, o.AddressLine, o.Latitude, o.Longitude) })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            await ShippingQueries.FindOrderAsync(db, warehouseCode, reference, cancellationToken);
            throw DomainException.NotFound("Shipment for order", $"{warehouseCode}/{reference}");
        }

        return (found.Shipment, new() { [found.Shipment.OrderId] = found.Order });
    }
}

/// <summary>Read-only views of cartons and shipments, on their own pooled contexts beside the writer.</summary>
public sealed class ShippingQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public sealed record ShipmentFilter(string WarehouseCode, ShipmentStatus? Status, int PageSize, string? PageToken);

    public async Task<ShipmentView> GetShipmentAsync(ShipmentKey key, CancellationToken cancellationToken)
    {
        key.Validate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (shipment, orders) = await key.FindAsync(db.Set<Shipment>().AsNoTracking(), db, cancellationToken);
        return (await LoadViewsAsync(db, [shipment], cancellationToken, orders))[0];
    }

    public async Task<(List<ShipmentView> Shipments, string NextPageToken)> ListShipmentsAsync(ShipmentFilter filter, CancellationToken cancellationToken)
    {
        var warehouseCode = Require.NotEmpty(filter.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
        if (filter.Status is { } s && !Enum.IsDefined(s))
        {
            throw DomainException.Invalid("status", $"{(int)s} is not a shipment status.");
        }

        var size = Paging.PageSize(filter.PageSize);
        var after = Paging.AfterId(filter.PageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouse = await LayoutLookup.WarehouseAsync(db, warehouseCode, cancellationToken);
        var query = db.Set<Shipment>().AsNoTracking().Where(x => x.WarehouseId == warehouse.Id && x.Id > after);
        if (filter.Status is { } status)
        {
            query = query.Where(x => x.Status == status);
        }

        var rows = await query.OrderBy(x => x.Id).Take(size + 1).ToListAsync(cancellationToken);
        var (page, next) = Paging.Cut(rows, size, x => x.Id);
        return (await LoadViewsAsync(db, page, cancellationToken), next);
    }

    internal static async Task<Order> FindOrderAsync(WmsDbContext db, string warehouseCode, string reference, CancellationToken cancellationToken)
    {
        var warehouse = await LayoutLookup.WarehouseAsync(db, warehouseCode, cancellationToken);
        return await db.Set<Order>().Include(o => o.Lines).FirstOrDefaultAsync(o => o.WarehouseId == warehouse.Id && o.Reference == reference, cancellationToken)
            ?? throw DomainException.NotFound("Order", $"{warehouseCode}/{reference}");
    }

    /// <summary>
    /// Shipments with their cartons, lines and SKU codes, in a fixed number of queries whatever the page
    /// size: the orders (with their warehouse codes) are read once for the shipments and their cartons alike, and not
    /// at all when the caller read them already (<paramref name="known"/>, from <see cref="ShipmentKey.FindAsync"/>).
    /// </summary>
    internal static async Task<List<ShipmentView>> LoadViewsAsync(
        WmsDbContext db, List<Shipment> shipments, CancellationToken cancellationToken, Dictionary<long, OrderHead>? known = null)
    {
        var ids = shipments.Select(s => s.Id).ToList();
        var cartons = await db.Set<Carton>().AsNoTracking().Include(c => c.Lines)
            .Where(c => c.ShipmentId != null && ids.Contains(c.ShipmentId.Value)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var orders = await OrderHeadsAsync(
            db, shipments.Select(s => s.OrderId).Concat(cartons.Select(c => c.OrderId)).Where(id => known?.ContainsKey(id) != true), cancellationToken);
        foreach (var (id, head) in known ?? [])
        {
            orders[id] = head;
        }

        var cartonViews = await CartonViewsAsync(db, cartons, orders, cancellationToken);
        return shipments.Select(s =>
        {
            var order = orders[s.OrderId];
            return new ShipmentView(
                s.Id, order.WarehouseCode, order.Reference, s.Status, s.CreatedAt, s.LoadedAt, s.ShippedAt, s.RouteCode, s.StopNumber,
                order.CustomerName, order.AddressLine, order.Latitude, order.Longitude,
                cartons.Where(c => c.ShipmentId == s.Id).Select(c => cartonViews[c.Id]).ToList());
        }).ToList();
    }

    internal static async Task<Dictionary<long, CartonView>> CartonViewsAsync(WmsDbContext db, List<Carton> cartons, CancellationToken cancellationToken) =>
        await CartonViewsAsync(db, cartons, await OrderHeadsAsync(db, cartons.Select(c => c.OrderId), cancellationToken), cancellationToken);

    private static async Task<Dictionary<long, CartonView>> CartonViewsAsync(
        WmsDbContext db, List<Carton> cartons, Dictionary<long, OrderHead> orders, CancellationToken cancellationToken)
    {
        var lineIds = cartons.SelectMany(c => c.Lines).Select(l => l.OrderLineId).Distinct().ToList();
        var lines = await (from l in db.Set<OrderLine>().AsNoTracking()
                           join s in db.Set<Sku>() on l.SkuId equals s.Id
                           where lineIds.Contains(l.Id)
                           select new { l.Id, l.LineNumber, s.Code }).ToDictionaryAsync(x => x.Id, cancellationToken);
        return cartons.ToDictionary(c => c.Id, c => new CartonView(
            c.Label, orders[c.OrderId].WarehouseCode, orders[c.OrderId].Reference, c.WeightKg, c.ShipmentId ?? 0,
            c.Lines.OrderBy(l => lines[l.OrderLineId].LineNumber).Select(l => new CartonLineView(lines[l.OrderLineId].LineNumber, lines[l.OrderLineId].Code, l.Quantity)).ToList()));
    }

    /// <summary>What a shipment or carton view shows of its order.</summary>
    internal sealed record OrderHead(string WarehouseCode, string Reference, string CustomerName, string AddressLine, double Latitude, double Longitude);

    private static async Task<Dictionary<long, OrderHead>> OrderHeadsAsync(WmsDbContext db, IEnumerable<long> orderIds, CancellationToken cancellationToken)
    {
        var ids = orderIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        return await (from o in db.Set<Order>().AsNoTracking()
                      join w in db.Set<Warehouse>() on o.WarehouseId equals w.Id
                      where ids.Contains(o.Id)
                      select new { o.Id, Head = new OrderHead(w.Code, o.Reference, o.CustomerName, o.AddressLine, o.Latitude, o.Longitude) })
            .ToDictionaryAsync(x => x.Id, x => x.Head, cancellationToken);
    }
}
