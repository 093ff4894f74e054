using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Devices;

/// <summary>Devices with their last state and counters, and their stored readings by time range.</summary>
public sealed class DeviceQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public sealed record ReadingView(long Sequence, DateTimeOffset DeviceTime, DateTimeOffset ReceivedAt, double Value);

    public sealed record LotExposureView(string SkuCode, string Lot, string DeviceCode, string ZoneCode, double Seconds, DateTimeOffset FirstAt, DateTimeOffset LastAt);

    /// <summary>Time out of range per lot and probe in a warehouse, longest first; optionally one SKU and one of its lots.</summary>
    public async Task<List<LotExposureView>> LotExposuresAsync(string? warehouseCode, string? skuCode, string? lot, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code");
        if (string.IsNullOrEmpty(skuCode) && !string.IsNullOrEmpty(lot))
        {
            throw DomainException.Invalid("sku_code", "is needed to ask for a lot (lot codes are per SKU)");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        var rows = from e in db.Set<LotExposure>().AsNoTracking()
                   join d in db.Set<Device>() on e.DeviceId equals d.Id
                   join s in db.Set<Sku>() on e.SkuId equals s.Id
                   from z in db.Set<Zone>().Where(z => z.Id == d.ZoneId).DefaultIfEmpty()
                   where d.WarehouseId == warehouseId
                   select new { e, d, s, z };
        if (!string.IsNullOrEmpty(skuCode))
        {
            rows = rows.Where(x => x.s.Code == skuCode);
        }

        if (!string.IsNullOrEmpty(lot))
        {
            rows = rows.Where(x => x.e.Lot == lot);
        }

        return await rows.OrderByDescending(x => x.e.Seconds).ThenBy(x => x.s.Code).ThenBy(x => x.e.Lot).ThenBy(x => x.d.Code).Take(Paging.MaxPageSize)
            .Select(x => new LotExposureView(x.s.Code, x.e.Lot, x.d.Code, x.z == null ? "" : x.z.Code, x.e.Seconds, x.e.FirstAt, x.e.LastAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<List<DeviceView>> ListAsync(string? warehouseCode, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        return await ViewsAsync(db, db.Set<Device>().Where(d => d.WarehouseId == warehouseId), cancellationToken);
    }

    public async Task<DeviceView> GetAsync(string? deviceCode, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(deviceCode, "device_code");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await ViewsAsync(db, db.Set<Device>().Where(d => d.Code == code), cancellationToken)).FirstOrDefault()
            ?? throw DomainException.NotFound("Device", code);
    }

    /// <summary>Readings whose device time is in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<List<ReadingView>> ReadingsAsync(string? deviceCode, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(deviceCode, "device_code");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deviceId = await db.Set<Device>().Where(d => d.Code == code).Select(d => (long?)d.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Device", code);
        var readings = db.Set<DeviceReading>().AsNoTracking().Where(r => r.DeviceId == deviceId);
        if (from is { } f)
        {
            readings = readings.Where(r => r.DeviceTime >= f);
        }

        if (to is { } t)
        {
            readings = readings.Where(r => r.DeviceTime < t);
        }

        return await readings.OrderBy(r => r.DeviceTime).ThenBy(r => r.Sequence).Take(Paging.PageSize(limit))
            .Select(r => new ReadingView(r.Sequence, r.DeviceTime, r.ReceivedAt, r.Value)).ToListAsync(cancellationToken);
    }

    internal static async Task<List<DeviceView>> ViewsAsync(WmsDbContext db, IQueryable<Device> devices, CancellationToken cancellationToken) =>
        await (from d in devices.AsNoTracking()
               join w in db.Set<Warehouse>() on d.WarehouseId equals w.Id
               from b in db.Set<Bin>().Where(b => b.Id == d.BinId).DefaultIfEmpty()
               from s in db.Set<Sku>().Where(s => s.Id == d.SkuId).DefaultIfEmpty()
               from z in db.Set<Zone>().Where(z => z.Id == d.ZoneId).DefaultIfEmpty()
               orderby d.Code
               select new DeviceView(
                   d.Code, w.Code, d.Kind, d.Enabled, b == null ? "" : b.Code, s == null ? "" : s.Code, z == null ? "" : z.Code,
                   d.TareGrams, d.ToleranceUnits, d.GraceSeconds, d.MinCelsius, d.MaxCelsius, d.HeartbeatSeconds,
                   d.LastSequence, d.LastDeviceTime, d.LastValue, d.LastSeenAt, d.Online, d.OutOfRangeSeconds, d.Accepted, d.Rejected, d.LastRejection))
            .ToListAsync(cancellationToken);
}
