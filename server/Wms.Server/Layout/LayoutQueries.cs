using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Layout;

/// <summary>Read-only lookups of the layout, on their own pooled contexts beside the writer.</summary>
public sealed class LayoutQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public sealed record BinView(Bin Bin, string WarehouseCode, string ZoneCode);

    public sealed record BinFilter(string WarehouseCode, string? ZoneCode, BinKind? Kind, string? CodePrefix, int PageSize, string? PageToken);

    public async Task<(List<Warehouse> Warehouses, string NextPageToken)> ListWarehousesAsync(int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var size = Paging.PageSize(pageSize);
        var after = Paging.AfterId(pageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<Warehouse>().AsNoTracking().Where(w => w.Id > after).OrderBy(w => w.Id).Take(size + 1).ToListAsync(cancellationToken);
        return Paging.Cut(rows, size, w => w.Id);
    }

    public Task<Warehouse> GetWarehouseAsync(WmsDbContext db, string code, CancellationToken cancellationToken) =>
        LayoutLookup.WarehouseAsync(db, code, cancellationToken);

    public async Task<BinView> GetBinAsync(string warehouseCode, string binCode, CancellationToken cancellationToken)
    {
        Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        Require.NotEmpty(binCode, "code", Limits.BinCode);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouse = await GetWarehouseAsync(db, warehouseCode, cancellationToken);
        var row = await (from b in db.Set<Bin>().AsNoTracking()
                         join z in db.Set<Zone>() on b.ZoneId equals z.Id
                         where b.WarehouseId == warehouse.Id && b.Code == binCode
                         select new { b, z.Code }).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Bin", $"{warehouseCode}/{binCode}");
        return new BinView(row.b, warehouse.Code, row.Code);
    }

    public async Task<(List<BinView> Bins, string NextPageToken)> ListBinsAsync(BinFilter filter, CancellationToken cancellationToken)
    {
        Require.NotEmpty(filter.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
        Require.Optional(filter.ZoneCode, "zone_code", Limits.ZoneCode);
        Require.Optional(filter.CodePrefix, "code_prefix", Limits.BinCode);
        var size = Paging.PageSize(filter.PageSize);
        var after = Paging.AfterId(filter.PageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouse = await GetWarehouseAsync(db, filter.WarehouseCode, cancellationToken);
        var zones = db.Set<Zone>().AsNoTracking().Where(z => z.WarehouseId == warehouse.Id);
        var bins = db.Set<Bin>().AsNoTracking().Where(b => b.WarehouseId == warehouse.Id && b.Id > after);
        if (!string.IsNullOrEmpty(filter.ZoneCode))
        {
            var zoneId = await zones.Where(z => z.Code == filter.ZoneCode).Select(z => (long?)z.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw DomainException.NotFound("Zone", $"{filter.WarehouseCode}/{filter.ZoneCode}");
            bins = bins.Where(b => b.ZoneId == zoneId);
        }

        if (filter.Kind is { } kind)
        {
            bins = bins.Where(b => b.Kind == kind);
        }

        if (!string.IsNullOrEmpty(filter.CodePrefix))
        {
            // A range on the unique (warehouse, code) index instead of LIKE, which SQLite will not index here.
            var prefix = filter.CodePrefix;
            var upper = prefix + "\uffff";
            bins = bins.Where(b => string.Compare(b.Code, prefix) >= 0 && string.Compare(b.Code, upper) < 0);
        }

        var rows = await (from b in bins.OrderBy(b => b.Id).Take(size + 1)
                          join z in zones on b.ZoneId equals z.Id
                          orderby b.Id
                          select new BinView(b, warehouse.Code, z.Code)).ToListAsync(cancellationToken);
        return Paging.Cut(rows, size, v => v.Bin.Id);
    }
}
