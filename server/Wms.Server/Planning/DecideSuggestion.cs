using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Planning;

/// <summary>
/// A supervisor accepts a suggestion (as proposed, or with another quantity) or rejects it. Accepting a purchase
/// records an expected receipt in the warehouse; accepting a transfer records an order out of the central
/// warehouse and the matching expected receipt in the regional one, both under reference TR-{id}, so the goods
/// travel through the existing flows (allocate, pick, ship; receive, put away) and what has shipped but not yet
/// arrived is the stock in transit.
/// </summary>
public static class DecideSuggestion
{
    public sealed record Command(string RequestId, string Actor, long SuggestionId, bool Accept, long Quantity = 0);

    public sealed record Result(long SuggestionId, SuggestionStatus Status, long Quantity, string Reference);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.SuggestionId, "suggestion_id");
            if (command.Quantity < 0)
            {
                throw DomainException.Invalid("quantity", "must not be negative (0 takes the suggested quantity).");
            }

            var verb = command.Accept ? "AcceptSuggestion" : "RejectSuggestion";
            return writes.ExecuteAsync(new CommandInfo(verb, command.Actor, requestId, $"suggestion {command.SuggestionId}"), async (db, ct) =>
            {
                var suggestion = await db.Set<StockSuggestion>().FirstOrDefaultAsync(s => s.Id == command.SuggestionId, ct)
                    ?? throw DomainException.NotFound("Suggestion", command.SuggestionId.ToString(CultureInfo.InvariantCulture));
                var now = time.GetUtcNow();
                suggestion.Decide(command.Accept ? SuggestionStatus.Accepted : SuggestionStatus.Rejected, command.Actor, now);
                if (command.Accept)
                {
                    if (command.Quantity > 0)
                    {
                        suggestion.Quantity = command.Quantity;
                    }

                    suggestion.Reference = await OrderAsync(db, suggestion, now, ct);
                }

                await db.SaveChangesAsync(ct);
                return new Result(suggestion.Id, suggestion.Status, suggestion.Quantity, suggestion.Reference);
            }, cancellationToken);
        }

        private static async Task<string> OrderAsync(WmsDbContext db, StockSuggestion suggestion, DateTimeOffset now, CancellationToken ct)
        {
            var id = suggestion.Id.ToString(CultureInfo.InvariantCulture);
            var reference = (suggestion.Kind == SuggestionKind.Purchase ? "PO-S" : "TR-S") + id;
            var receipt = new Receipt { WarehouseId = suggestion.WarehouseId, Reference = reference, CreatedAt = now };
            receipt.Lines.Add(new ReceiptLine { SkuId = suggestion.SkuId, ExpectedQuantity = suggestion.Quantity });
            db.Add(receipt);
            if (suggestion.Kind == SuggestionKind.Transfer)
            {
                var target = await db.Set<Warehouse>().AsNoTracking().FirstAsync(w => w.Id == suggestion.WarehouseId, ct);
                var order = new Order
                {
                    WarehouseId = suggestion.SourceWarehouseId ?? throw DomainException.Precondition($"Suggestion {id} is a transfer without a source warehouse."),
                    Reference = reference, CreatedAt = now, RequestedShipDate = DateOnly.FromDateTime(now.UtcDateTime),
                    CustomerName = "Transfer to " + target.Code, AddressLine = target.Name, Latitude = target.Latitude, Longitude = target.Longitude,
                };
                order.Lines.Add(new OrderLine { LineNumber = 1, SkuId = suggestion.SkuId, Quantity = suggestion.Quantity });
                db.Add(order);
            }

            return reference;
        }
    }
}
