using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;
using Wms.Server.Picking;

namespace Wms.Server.Shipping;

/// <summary>
/// Closes packing of an order: its cartons become one shipment (status Open) and the order is Packed.
/// Refused while anything picked is still unpacked or anything is still to be picked, so no unit is left
/// behind at the pack station.
/// </summary>
public static class CreateShipment
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string OrderReference);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<ShipmentView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var reference = Require.NotEmpty(command.OrderReference, "order_reference", Limits.Reference);
            return writes.ExecuteAsync(new CommandInfo(nameof(CreateShipment), command.Actor, requestId, $"shipment for {warehouseCode}/{reference}"), async (db, ct) =>
            {
                var order = await ShippingQueries.FindOrderAsync(db, warehouseCode, reference, ct);
                if (await db.Set<Shipment>().Where(s => s.OrderId == order.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct) is { } existing)
                {
                    throw new DomainException(ErrorKind.AlreadyExists, $"Order {reference} already has shipment {existing}.");
                }

                if (order.Status == OrderStatus.Cancelled)
                {
                    throw DomainException.Precondition($"Order {reference} is cancelled: it cannot be shipped.");
                }

                var openTasks = await db.Set<PickTask>().CountAsync(t => t.OrderId == order.Id && t.Status == PickTaskStatus.Open, ct);
                if (openTasks > 0)
                {
                    throw DomainException.Precondition($"Order {reference} has {openTasks} open pick tasks: finish or cancel them first.");
                }

                var packed = await PackCarton.PackedByLineAsync(db, order.Id, ct);
                foreach (var line in order.Lines.OrderBy(l => l.LineNumber))
                {
                    if (line.AllocatedQuantity > 0)
                    {
                        throw DomainException.Precondition($"Line {line.LineNumber} of order {reference} still has {line.AllocatedQuantity} allocated to pick.");
                    }

                    var done = packed.GetValueOrDefault(line.Id);
                    if (done != line.PickedQuantity)
                    {
                        throw DomainException.Precondition($"Line {line.LineNumber} of order {reference}: {line.PickedQuantity} picked but {done} packed; pack the remaining {line.PickedQuantity - done} first.");
                    }
                }

                var cartons = await db.Set<Carton>().Where(c => c.OrderId == order.Id && c.ShipmentId == null).ToListAsync(ct);
                if (cartons.Count == 0)
                {
                    throw DomainException.Precondition($"Order {reference} has no packed carton: pack it first.");
                }

                var shipment = new Shipment { WarehouseId = order.WarehouseId, OrderId = order.Id, Status = ShipmentStatus.Open, CreatedAt = time.GetUtcNow() };
                db.Add(shipment);
                await db.SaveChangesAsync(ct);
                foreach (var carton in cartons)
                {
                    carton.ShipmentId = shipment.Id;
                }

                order.Status = OrderStatus.Packed;
                await db.SaveChangesAsync(ct);
                return (await ShippingQueries.LoadViewsAsync(db, [shipment], ct))[0];
            }, cancellationToken);
        }
    }
}
