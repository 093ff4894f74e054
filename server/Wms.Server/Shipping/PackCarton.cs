using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Shipping;

/// <summary>
/// Packs picked units of an order into one labelled, weighed carton at the pack station. Only what was
/// picked and is not yet in another carton can go in, so a carton never claims goods still on a shelf.
/// </summary>
public static class PackCarton
{
    public sealed record LineInput(int LineNumber, long Quantity);

    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string OrderReference, string CartonLabel, double WeightKg, IReadOnlyList<LineInput> Lines);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<CartonView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var reference = Require.NotEmpty(command.OrderReference, "order_reference", Limits.Reference);
            var label = Require.NotEmpty(command.CartonLabel, "carton_label", Limits.Reference);
            if (!double.IsFinite(command.WeightKg) || command.WeightKg <= 0)
            {
                throw DomainException.Invalid("weight_kg", $"must be greater than zero, got {command.WeightKg.ToString(CultureInfo.InvariantCulture)}.");
            }

            ValidateLines(command.Lines);
            var summary = $"carton {label} for {warehouseCode}/{reference}: {command.Lines.Count} lines, {command.WeightKg.ToString(CultureInfo.InvariantCulture)} kg";
            return writes.ExecuteAsync(new CommandInfo(nameof(PackCarton), command.Actor, requestId, summary), async (db, ct) =>
            {
                var order = await ShippingQueries.FindOrderAsync(db, warehouseCode, reference, ct);
                if (order.Status is OrderStatus.Packed or OrderStatus.Shipped or OrderStatus.Cancelled)
                {
                    throw DomainException.Precondition($"Order {reference} is {order.Status}: nothing more can be packed for it.");
                }

                if (await db.Set<Carton>().AnyAsync(c => c.Label == label, ct))
                {
                    throw DomainException.Exists("Carton", label);
                }

                var packed = await PackedByLineAsync(db, order.Id, ct);
                var carton = new Carton { OrderId = order.Id, Label = label, WeightKg = command.WeightKg };
                for (var i = 0; i < command.Lines.Count; i++)
                {
                    var input = command.Lines[i];
                    var line = order.Lines.FirstOrDefault(l => l.LineNumber == input.LineNumber)
                        ?? throw new DomainException(ErrorKind.NotFound, $"lines[{i}].line_number: order {reference} has no line {input.LineNumber}.");
                    var already = packed.GetValueOrDefault(line.Id);
                    if (already + input.Quantity > line.PickedQuantity)
                    {
                        throw DomainException.Precondition(
                            $"Line {line.LineNumber} of order {reference}: {line.PickedQuantity} picked, {already} already packed; {input.Quantity} more cannot be packed (at most {line.PickedQuantity - already}).");
                    }

                    carton.Lines.Add(new CartonLine { OrderLineId = line.Id, Quantity = input.Quantity });
                }

                db.Add(carton);
                await db.SaveChangesAsync(ct);
                return (await ShippingQueries.CartonViewsAsync(db, [carton], ct))[carton.Id];
            }, cancellationToken);
        }

        private static void ValidateLines(IReadOnlyList<LineInput> lines)
        {
            if (lines.Count == 0)
            {
                throw DomainException.Invalid("lines", "at least one line is required.");
            }

            var seen = new HashSet<int>();
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].LineNumber <= 0)
                {
                    throw DomainException.Invalid($"lines[{i}].line_number", $"must be greater than zero, got {lines[i].LineNumber}.");
                }

                if (!seen.Add(lines[i].LineNumber))
                {
                    throw DomainException.Invalid($"lines[{i}].line_number", $"line {lines[i].LineNumber} appears twice; put its whole quantity on one line.");
                }

                Require.Quantity(lines[i].Quantity, $"lines[{i}].quantity");
            }
        }
    }

    /// <summary>Units of each order line already in a carton of the order.</summary>
    internal static async Task<Dictionary<long, long>> PackedByLineAsync(WmsDbContext db, long orderId, CancellationToken cancellationToken) =>
        await (from l in db.Set<CartonLine>()
               join c in db.Set<Carton>() on l.CartonId equals c.Id
               where c.OrderId == orderId
               group l by l.OrderLineId into g
               select new { g.Key, Quantity = g.Sum(x => x.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Quantity, cancellationToken);
}
