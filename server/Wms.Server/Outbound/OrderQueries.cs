using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Outbound;

/// <summary>Read-only order lookups, on their own pooled contexts beside the writer.</summary>
public sealed class OrderQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public async Task<OrderView> GetOrderAsync(string warehouseCode, string reference, CancellationToken cancellationToken)
    {
        var warehouse = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        var orderReference = Require.NotEmpty(reference, "reference", Limits.Reference);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouse, cancellationToken);
        var order = await db.Set<Order>().AsNoTracking().Include(o => o.Lines)
            .FirstOrDefaultAsync(o => o.WarehouseId == warehouseId && o.Reference == orderReference, cancellationToken)
            ?? throw DomainException.NotFound("Order", $"{warehouse}/{orderReference}");
        return await OrderViews.BuildAsync(db, warehouse, order, cancellationToken);
    }

    public async Task<(List<OrderView> Orders, string NextPageToken)> ListOrdersAsync(
        string warehouseCode, OrderStatus? status, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var warehouse = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        if (status is { } s && !Enum.IsDefined(s))
        {
            throw DomainException.Invalid("status", $"unknown order status {(int)s}.");
        }

        var size = Paging.PageSize(pageSize);
        var after = Paging.AfterId(pageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouse, cancellationToken);
        var orders = db.Set<Order>().AsNoTracking().Where(o => o.WarehouseId == warehouseId && o.Id > after);
        if (status is { } wanted)
        {
            orders = orders.Where(o => o.Status == wanted);
        }

        var rows = await orders.OrderBy(o => o.Id).Take(size + 1).Include(o => o.Lines).AsSplitQuery().ToListAsync(cancellationToken);
        var (page, next) = Paging.Cut(rows, size, o => o.Id);
        return (await OrderViews.BuildAsync(db, warehouse, page, cancellationToken), next);
    }
}
