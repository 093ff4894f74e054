using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Wms.Client;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Shipping;
using Wms.Server.Transport.Grpc;
using Xunit;
using Carton = Wms.Server.Shipping.Carton;
using CartonLine = Wms.Server.Shipping.CartonLine;
using Order = Wms.Server.Outbound.Order;
using OrderLine = Wms.Server.Outbound.OrderLine;
using OrderStatus = Wms.Server.Outbound.OrderStatus;
using Shipment = Wms.Server.Shipping.Shipment;
using ShipmentStatus = Wms.Server.Shipping.ShipmentStatus;
using Sku = Wms.Server.Catalog.Sku;
using Warehouse = Wms.Server.Layout.Warehouse;
using WarehouseKind = Wms.Server.Layout.WarehouseKind;

namespace Wms.Server.Tests.Dispatch;

/// <summary>
/// A warehouse in Frankfurt with shipments ready to go around it, written straight through the write
/// batcher (dispatch tests do not depend on how picking and packing get there), and its fleet through gRPC.
/// </summary>
internal static class DispatchSetup
{
    public const string DeliveryDate = "2026-11-23";
    public const double DepotLatitude = 50.05;
    public const double DepotLongitude = 8.59;

    /// <summary>A shipment to make: weight, window (HH:MM), and where, as offsets in degrees from the depot.</summary>
    public sealed record Drop(double WeightKg, string From = "00:00", string To = "24:00", double North = 0.03, double East = 0.03);

    public sealed record Site(string WarehouseCode, List<long> ShipmentIds);

    /// <summary>A new request id.</summary>
    public static string Id() => Guid.NewGuid().ToString();

    public static Task<Site> SiteAsync(WmsServerFactory factory, params Drop[] drops) => SiteAsync(factory, "D" + Guid.NewGuid().ToString("N")[..8], drops);

    /// <summary>As above, with the warehouse code chosen (for settings keyed by it).</summary>
    public static Task<Site> SiteAsync(WmsServerFactory factory, string code, params Drop[] drops)
    {
        return factory.Services.GetRequiredService<WriteBatcher>().ExecuteAsync(new CommandInfo("TestSetup", "test", ""), async (db, ct) =>
        {
            var warehouse = new Warehouse { Code = code, Name = "Dispatch " + code, Kind = WarehouseKind.Central, Latitude = DepotLatitude, Longitude = DepotLongitude };
            var sku = new Sku { Code = code + "-SKU", Description = "Boxed item", UnitWeightKg = 1, UnitVolumeM3 = 0.01 };
            db.AddRange(warehouse, sku);
            await db.SaveChangesAsync(ct);
            var ids = new List<long>();
            for (var i = 0; i < drops.Length; i++)
            {
                var drop = drops[i];
                var order = new Order
                {
                    WarehouseId = warehouse.Id, Reference = $"{code}-O{i + 1}", Status = OrderStatus.Packed, CustomerName = $"Customer {i + 1}", AddressLine = $"Street {i + 1}",
                    Latitude = DepotLatitude + drop.North, Longitude = DepotLongitude + drop.East, RequestedShipDate = DateOnly.Parse(DeliveryDate, System.Globalization.CultureInfo.InvariantCulture),
                    WindowStartMinutes = Minutes(drop.From), WindowEndMinutes = Minutes(drop.To),
                };
                order.Lines.Add(new OrderLine { LineNumber = 1, SkuId = sku.Id, Quantity = 2, PickedQuantity = 2 });
                db.Add(order);
                await db.SaveChangesAsync(ct);
                var shipment = new Shipment { WarehouseId = warehouse.Id, OrderId = order.Id, Status = ShipmentStatus.Open, CreatedAt = DateTimeOffset.UtcNow };
                db.Add(shipment);
                await db.SaveChangesAsync(ct);
                var carton = new Carton { OrderId = order.Id, Label = $"{code}-C{i + 1}", WeightKg = drop.WeightKg, ShipmentId = shipment.Id };
                carton.Lines.Add(new CartonLine { OrderLineId = order.Lines[0].Id, Quantity = 2 });
                db.Add(carton);
                await db.SaveChangesAsync(ct);
                ids.Add(shipment.Id);
            }

            return new Site(code, ids);
        }, TestContext.Current.CancellationToken);
    }

    public static Contracts.V1.Vehicle Van(string code, double capacityKg = 100, string shiftStart = "06:00", string shiftEnd = "20:00") => new()
    {
        Code = code, Name = "Van " + code, WeightCapacityKg = capacityKg, VolumeCapacityM3 = 10, ShiftStart = shiftStart, ShiftEnd = shiftEnd, CostPerKm = 0.5, FixedCost = 20,
    };

    public static Task<UpsertVehiclesResponse> FleetAsync(WmsServerFactory factory, string warehouseCode, params Contracts.V1.Vehicle[] vehicles)
    {
        var request = new UpsertVehiclesRequest { RequestId = Guid.NewGuid().ToString(), WarehouseCode = warehouseCode };
        request.Vehicles.AddRange(vehicles);
        return factory.Call(WmsMethods.Dispatch.UpsertVehicles, request);
    }

    public static PlanRoutesRequest Plan(string warehouseCode, int budgetMs = 200, int seed = 1) =>
        new() { RequestId = Guid.NewGuid().ToString(), WarehouseCode = warehouseCode, DeliveryDate = DeliveryDate, TimeBudgetMs = budgetMs, Seed = seed };

    private static int Minutes(string clock) => (int.Parse(clock[..2], System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(clock[3..], System.Globalization.CultureInfo.InvariantCulture);
}
