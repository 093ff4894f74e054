using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Picking;
using Xunit;

namespace Wms.Server.Tests.Shipping;

/// <summary>
/// Orders whose lines are already picked, written straight through the DbContext inside the write
/// batcher: shipping tests do not depend on how catalog, allocation and picking get there.
/// </summary>
internal static class ShippingSetup
{
    public sealed record PickedOrder(string WarehouseCode, string Reference, long OrderId);

    public static Task<PickedOrder> PickedOrderAsync(WmsServerFactory factory, params (long Quantity, long Picked)[] lines) =>
        PickedOrderInAsync(factory, "W" + Guid.NewGuid().ToString("N")[..8], lines);

    /// <summary>An order in the given warehouse, which is created when it does not exist yet.</summary>
    public static Task<PickedOrder> PickedOrderInAsync(WmsServerFactory factory, string code, params (long Quantity, long Picked)[] lines)
    {
        var reference = "ORD-" + Guid.NewGuid().ToString("N")[..6];
        return Writes(factory).ExecuteAsync(new CommandInfo("TestSetup", "test", ""), async (db, ct) =>
        {
            var warehouse = await db.Set<Warehouse>().FirstOrDefaultAsync(w => w.Code == code, ct);
            if (warehouse is null)
            {
                warehouse = new Warehouse { Code = code, Name = "Test " + code, Kind = WarehouseKind.Central, Latitude = 50.1, Longitude = 8.7 };
                db.Add(warehouse);
            }

            var skus = lines.Select((_, i) => new Sku { Code = $"{reference}-SKU{i + 1}", Description = "Test item" }).ToList();
            db.AddRange(skus);
            await db.SaveChangesAsync(ct);
            var order = new Order
            {
                WarehouseId = warehouse.Id, Reference = reference, Status = OrderStatus.Picked, CustomerName = "Acme GmbH",
                AddressLine = "Zeil 1, Frankfurt", Latitude = 50.11, Longitude = 8.68, RequestedShipDate = new DateOnly(2026, 11, 23),
            };
            order.Lines.AddRange(lines.Select((l, i) => new OrderLine { LineNumber = i + 1, SkuId = skus[i].Id, Quantity = l.Quantity, PickedQuantity = l.Picked }));
            db.Add(order);
            await db.SaveChangesAsync(ct);
            return new PickedOrder(code, reference, order.Id);
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>A pick task still open for line 1 of the order, as a picker in the middle of a trip leaves it.</summary>
    public static Task<long> AddOpenPickTaskAsync(WmsServerFactory factory, PickedOrder order) =>
        Writes(factory).ExecuteAsync(new CommandInfo("TestSetup", "test", ""), async (db, ct) =>
        {
            var line = await db.Set<OrderLine>().FirstAsync(l => l.OrderId == order.OrderId && l.LineNumber == 1, ct);
            var warehouseId = await db.Set<Warehouse>().Where(w => w.Code == order.WarehouseCode).Select(w => w.Id).FirstAsync(ct);
            var zone = new Zone { WarehouseId = warehouseId, Code = "Z" };
            db.Add(zone);
            await db.SaveChangesAsync(ct);
            var bin = new Bin { WarehouseId = warehouseId, ZoneId = zone.Id, Code = "A-01-01", Kind = BinKind.PickFace };
            var wave = new Wave { WarehouseId = warehouseId, ReleasedBy = "test" };
            db.AddRange(bin, wave);
            await db.SaveChangesAsync(ct);
            var trip = new Trip { WaveId = wave.Id, WarehouseId = warehouseId };
            db.Add(trip);
            await db.SaveChangesAsync(ct);
            var task = new PickTask { TripId = trip.Id, Sequence = 1, OrderId = order.OrderId, OrderLineId = line.Id, BinId = bin.Id, SkuId = line.SkuId, Quantity = 1 };
            db.Add(task);
            await db.SaveChangesAsync(ct);
            return task.Id;
        }, TestContext.Current.CancellationToken);

    public static async Task<T> ReadAsync<T>(WmsServerFactory factory, Func<WmsDbContext, Task<T>> read)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await read(db);
    }

    private static WriteBatcher Writes(WmsServerFactory factory) => factory.Services.GetRequiredService<WriteBatcher>();
}
