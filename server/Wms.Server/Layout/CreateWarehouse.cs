using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Layout;

public static class CreateWarehouse
{
    /// <summary><see cref="TimeZone"/> empty means UTC.</summary>
    public sealed record Command(string RequestId, string Actor, string Code, string Name, WarehouseKind Kind, double Latitude, double Longitude, string? TimeZone = null);

    /// <summary>
    /// <see cref="TimeZone"/> defaults for answers stored before warehouses had one (request log, version 4):
    /// a replay of those says UTC, as the upgrade set.
    /// </summary>
    public sealed record Result(long WarehouseId, string Code, string Name, WarehouseKind Kind, double Latitude, double Longitude, string TimeZone = "UTC");

    /// <summary>
    /// After the commit, every <see cref="IWarehouseSetup"/> is told (the scheduler adds the warehouse's jobs). If one
    /// fails the warehouse stays created and the call fails; a retry with the same request id answers as before and
    /// tells them again.
    /// </summary>
    public sealed class Handler(WriteBatcher writes, IEnumerable<IWarehouseSetup> setups)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var code = Require.NotEmpty(command.Code, "warehouse.code", Limits.WarehouseCode);
            var name = Require.NotEmpty(command.Name, "warehouse.name", Limits.Name);
            if (!Enum.IsDefined(command.Kind))
            {
                throw DomainException.Invalid("warehouse.kind", "must be central or regional.");
            }

            Require.Latitude(command.Latitude, "warehouse.latitude");
            Require.Longitude(command.Longitude, "warehouse.longitude");
            var timeZone = Require.Optional(command.TimeZone, "warehouse.time_zone", Limits.TimeZone);
            timeZone = timeZone.Length == 0 ? "UTC" : timeZone;
            if (Warehouse.FindTimeZone(timeZone) is null)
            {
                throw DomainException.Invalid("warehouse.time_zone", $"'{timeZone}' is no IANA time zone id this server knows (Europe/Berlin, America/New_York, UTC).");
            }

            var result = await writes.ExecuteAsync(new CommandInfo(nameof(CreateWarehouse), command.Actor, requestId, "warehouse " + code), async (db, ct) =>
            {
                if (await db.Set<Warehouse>().AnyAsync(w => w.Code == code, ct))
                {
                    throw DomainException.Exists("Warehouse", code);
                }

                var warehouse = new Warehouse { Code = code, Name = name, Kind = command.Kind, Latitude = command.Latitude, Longitude = command.Longitude, TimeZone = timeZone };
                db.Add(warehouse);
                await db.SaveChangesAsync(ct);
                return new Result(warehouse.Id, code, name, command.Kind, command.Latitude, command.Longitude, timeZone);
            }, cancellationToken);
            foreach (var setup in setups)
            {
                await setup.WarehouseCreatedAsync(result.Code, cancellationToken);
            }

            return result;
        }
    }
}
