using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// At trip end the picker leaves the totes at a drop-off point (a staging bin, such as a pack station) and
/// scans it: the trip records where its goods wait for packing. Only a finished trip, and only once.
/// </summary>
public static class DropOffTrip
{
    public sealed record Command(string RequestId, string Actor, long TripId, string DropOffBinCode);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<TripTotesView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TripId, "trip_id");
            var binCode = Require.NotEmpty(command.DropOffBinCode, "drop_off_bin_code");
            return writes.ExecuteAsync(
                new CommandInfo(nameof(DropOffTrip), command.Actor, requestId, string.Create(CultureInfo.InvariantCulture, $"trip {command.TripId} at {binCode}")),
                async (db, ct) =>
                {
                    var trip = await TripTotesView.CallersTripAsync(db, command.TripId, command.Actor, ct);
                    if (trip.Status != TripStatus.Completed)
                    {
                        throw DomainException.Precondition($"Trip {trip.Id} still has lines to pick: drop it off when every line is done.");
                    }

                    var bin = await db.Set<Bin>().AsNoTracking().FirstOrDefaultAsync(b => b.WarehouseId == trip.WarehouseId && b.Code == binCode, ct)
                        ?? throw DomainException.NotFound("Bin", binCode);
                    if (bin.Kind != BinKind.Staging)
                    {
                        throw DomainException.Invalid("drop_off_bin_code", $"{bin.Code} is not a staging bin (pack station or drop-off point).");
                    }

                    if (await db.Set<TripDropOff>().AsNoTracking().FirstOrDefaultAsync(d => d.TripId == trip.Id, ct) is not null)
                    {
                        throw DomainException.Precondition($"Trip {trip.Id} is already dropped off.");
                    }

                    db.Add(new TripDropOff { TripId = trip.Id, BinId = bin.Id, DroppedBy = command.Actor, DroppedAt = time.GetUtcNow() });
                    await db.SaveChangesAsync(ct);
                    return await TripTotesView.LoadAsync(db, trip.Id, ct);
                },
                cancellationToken);
        }
    }
}
