using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;

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
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code");
            var reference = Require.NotEmpty(command.Reference, "reference");
            if (reference.Length > 64)
            {
                throw DomainException.Invalid("reference", $"at most 64 characters, got {reference.Length}.");
            }

            if (command.Priority < 0)
            {
                throw DomainException.Invalid("priority", $"must not be negative, got {command.Priority}.");
            }

            var shipDate = Require.Date(command.RequestedShipDate, "requested_ship_date");
            if (command.Latitude is < -90 or > 90 || double.IsNaN(command.Latitude))
            {
                throw DomainException.Invalid("latitude", $"must be between -90 and 90, got {command.Latitude.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (command.Longitude is < -180 or > 180 || double.IsNaN(command.Longitude))
            {
                throw DomainException.Invalid("longitude", $"must be between -180 and 180, got {command.Longitude.ToString(CultureInfo.InvariantCulture)}.");
            }

            var start = string.IsNullOrWhiteSpace(command.WindowStart) ? 0 : Require.Clock(command.WindowStart, "window_start");
            var end = string.IsNullOrWhiteSpace(command.WindowEnd) ? 24 * 60 : Require.Clock(command.WindowEnd, "window_end");
            if (end <= start)
            {
                throw DomainException.Invalid("window_end", $"must be after window_start ({OrderViews.Clock(start)}), got {OrderViews.Clock(end)}.");
            }

            ValidateLines(command.Lines);
            var customer = (command.CustomerName ?? "").Trim();
            var address = (command.AddressLine ?? "").Trim();
            if (customer.Length > 200 || address.Length > 500)
            {
                throw DomainException.Invalid(customer.Length > 200 ? "customer_name" : "address_line", "is too long.");
            }

            return writes.ExecuteAsync(
                new CommandInfo(nameof(CreateOrder), command.Actor, requestId, $"order {reference} in {warehouseCode}, {command.Lines.Count} lines"),
                async (db, ct) =>
                {
                    var warehouseId = await OrderViews.WarehouseIdAsync(db, warehouseCode, ct);
                    if (await db.Set<Order>().AnyAsync(o => o.WarehouseId == warehouseId && o.Reference == reference, ct))
                    {
                        throw DomainException.Exists("Order", $"{warehouseCode}/{reference}");
                    }

                    var codes = command.Lines.Select(l => l.SkuCode.Trim()).Distinct().ToList();
                    var skus = await db.Set<Sku>().AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Id, StringComparer.Ordinal, ct);
                    var order = new Order
                    {
                        WarehouseId = warehouseId, Reference = reference, Priority = command.Priority, RequestedShipDate = shipDate,
                        CustomerName = customer, AddressLine = address, Latitude = command.Latitude, Longitude = command.Longitude,
                        WindowStartMinutes = start, WindowEndMinutes = end, CreatedAt = time.GetUtcNow(),
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
                Require.NotEmpty(lines[i].SkuCode, $"lines[{i}].sku_code");
                Require.Positive(lines[i].Quantity, $"lines[{i}].quantity");
            }
        }
    }
}
