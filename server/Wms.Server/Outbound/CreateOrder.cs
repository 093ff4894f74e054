using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Outbound;

/// <summary>Takes a customer order into the warehouse: status Open, nothing reserved yet.</summary>
public static class CreateOrder
{
    public sealed record LineInput(string SkuCode, long Quantity);

    public sealed record Command(
        string RequestId, string Actor, string WarehouseCode, string Reference, int Priority, string RequestedShipDate,
        string CustomerName, string AddressLine, double Latitude, double Longitude, string WindowStart, string WindowEnd,
        IReadOnlyList<LineInput> Lines);

    public const int MaxLines = 1000;

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<OrderView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var reference = Require.NotEmpty(command.Reference, "reference", Limits.Reference);
            if (command.Priority < 0)
            {
                throw DomainException.Invalid("priority", $"must not be negative, got {command.Priority}.");
            }

            // Empty: today where the warehouse is, known once the warehouse is read.
            DateOnly? shipDate = string.IsNullOrWhiteSpace(command.RequestedShipDate) ? null : Require.Date(command.RequestedShipDate, "requested_ship_date");
            Require.Latitude(command.Latitude, "latitude");
            Require.Longitude(command.Longitude, "longitude");

            var start = string.IsNullOrWhiteSpace(command.WindowStart) ? 0 : Require.Clock(command.WindowStart, "window_start");
            var end = string.IsNullOrWhiteSpace(command.WindowEnd) ? 24 * 60 : Require.Clock(command.WindowEnd, "window_end");
            if (end <= start)
            {
                throw DomainException.Invalid("window_end", $"must be after window_start ({ClockTime.Format(start)}), got {ClockTime.Format(end)}.");
            }

            ValidateLines(command.Lines);
            var customer = Require.Optional(command.CustomerName, "customer_name", Limits.Name);
            var address = Require.Optional(command.AddressLine, "address_line", Limits.Text);

            return writes.ExecuteAsync(
                new CommandInfo(nameof(CreateOrder), command.Actor, requestId, $"order {reference} in {warehouseCode}, {command.Lines.Count} lines"),
                async (db, ct) =>
                {
                    var warehouse = await LayoutLookup.WarehouseAsync(db, warehouseCode, ct);
                    var warehouseId = warehouse.Id;
                    var now = time.GetUtcNow();
                    if (await db.Set<Order>().AnyAsync(o => o.WarehouseId == warehouseId && o.Reference == reference, ct))
                    {
                        throw DomainException.Exists("Order", $"{warehouseCode}/{reference}");
                    }

                    var codes = command.Lines.Select(l => l.SkuCode.Trim()).Distinct().ToList();
                    var skus = await db.Set<Sku>().AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Id, StringComparer.Ordinal, ct);
                    var order = new Order
                    {
                        WarehouseId = warehouseId, Reference = reference, Priority = command.Priority, RequestedShipDate = shipDate ?? Warehouse.LocalDate(warehouse.TimeZone, now),
                        CustomerName = customer, AddressLine = address, Latitude = command.Latitude, Longitude = command.Longitude,
                        WindowStartMinutes = start, WindowEndMinutes = end, CreatedAt = now,
                    };
                    for (var i = 0; i < command.Lines.Count; i++)
                    {
                        var code = command.Lines[i].SkuCode.Trim();
                        if (!skus.TryGetValue(code, out var skuId))
                        {
                            throw new DomainException(ErrorKind.NotFound, $"lines[{i}].sku_code: SKU '{code}' not found.");
                        }

                        order.Lines.Add(new OrderLine { LineNumber = i + 1, SkuId = skuId, Quantity = command.Lines[i].Quantity, BackorderedQuantity = 0 });
                    }

                    db.Add(order);
                    await db.SaveChangesAsync(ct);
                    return OrderViews.From(order, warehouseCode, skus.ToDictionary(p => p.Value, p => p.Key));
                },
                cancellationToken);
        }

        private static void ValidateLines(IReadOnlyList<LineInput> lines)
        {
            if (lines.Count == 0)
            {
                throw DomainException.Invalid("lines", "an order needs at least one line.");
            }

            if (lines.Count > MaxLines)
            {
                throw DomainException.Invalid("lines", $"at most {MaxLines} per order, got {lines.Count}.");
            }

            for (var i = 0; i < lines.Count; i++)
            {
                Require.NotEmpty(lines[i].SkuCode, $"lines[{i}].sku_code", Limits.SkuCode);
                Require.Quantity(lines[i].Quantity, $"lines[{i}].quantity");
            }
        }
    }
}
