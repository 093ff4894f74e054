using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// At trip start the picker scans a tote for each order of the trip: the pack station later knows which
/// tote is which order. Every order of the trip needs a tote and no tote holds two orders; sending the
/// totes again replaces the trip's assignment (a tote swapped before the first pick).
/// </summary>
public static class RecordTotes
{
    public sealed record Command(string RequestId, string Actor, long TripId, IReadOnlyList<(string OrderReference, string ToteCode)> Totes);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<TripTotesView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TripId, "trip_id");
            if (command.Totes.Count == 0)
            {
                throw DomainException.Invalid("totes", "needs one tote per order of the trip.");
            }

            var orders = Require.DistinctCodes([.. command.Totes.Select(t => t.OrderReference)], "totes.order_reference");
            var totes = Require.DistinctCodes([.. command.Totes.Select(t => t.ToteCode)], "totes.tote_code");
            if (totes.FindIndex(t => t.Length > 64) is var tooLong and >= 0)
            {
                throw DomainException.Invalid($"totes.tote_code[{tooLong}]", "at most 64 characters.");
            }

            return writes.ExecuteAsync(
                new CommandInfo(nameof(RecordTotes), command.Actor, requestId, string.Create(CultureInfo.InvariantCulture, $"trip {command.TripId}: {totes.Count} totes")),
                async (db, ct) =>
                {
                    var trip = await TripTotesView.CallersTripAsync(db, command.TripId, command.Actor, ct);
                    if (trip.Status != TripStatus.InProgress)
                    {
                        throw DomainException.Precondition($"Trip {trip.Id} is {trip.Status.ToString().ToLowerInvariant()}: totes are recorded while it is picked.");
                    }

                    var onTrip = await (from t in db.Set<PickTask>()
                                        where t.TripId == trip.Id
                                        join o in db.Set<Order>() on t.OrderId equals o.Id
                                        select new { o.Id, o.Reference }).Distinct().ToDictionaryAsync(o => o.Reference, o => o.Id, StringComparer.Ordinal, ct);
                    if (orders.FindIndex(o => !onTrip.ContainsKey(o)) is var stranger and >= 0)
                    {
                        throw DomainException.Invalid($"totes.order_reference[{stranger}]", $"order {orders[stranger]} is not on trip {trip.Id}.");
                    }

                    if (onTrip.Keys.Where(o => !orders.Contains(o)).Order(StringComparer.Ordinal).FirstOrDefault() is { } missing)
                    {
                        throw DomainException.Invalid("totes", $"order {missing} of trip {trip.Id} has no tote.");
                    }

                    await db.Set<TripTote>().Where(t => t.TripId == trip.Id).ExecuteDeleteAsync(ct);
                    var now = time.GetUtcNow();
                    db.AddRange(orders.Select((o, i) => new TripTote { TripId = trip.Id, OrderId = onTrip[o], ToteCode = totes[i], RecordedAt = now }));
                    await db.SaveChangesAsync(ct);
                    return await TripTotesView.LoadAsync(db, trip.Id, ct);
                },
                cancellationToken);
        }
    }
}
