using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Layout;

public static class CreateWarehouse
{
    public sealed record Command(string RequestId, string Actor, string Code, string Name, WarehouseKind Kind, double Latitude, double Longitude);

    public sealed record Result(long WarehouseId, string Code, string Name, WarehouseKind Kind, double Latitude, double Longitude);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var code = Require.NotEmpty(command.Code, "warehouse.code");
            var name = Require.NotEmpty(command.Name, "warehouse.name");
            if (!Enum.IsDefined(command.Kind))
            {
                throw DomainException.Invalid("warehouse.kind", "must be central or regional.");
            }

            if (command.Latitude is < -90 or > 90 || command.Longitude is < -180 or > 180)
            {
                throw DomainException.Invalid("warehouse.latitude/longitude", $"({command.Latitude}, {command.Longitude}) is not a place on Earth.");
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(CreateWarehouse), command.Actor, requestId, "warehouse " + code), async (db, ct) =>
            {
                if (await db.Set<Warehouse>().AnyAsync(w => w.Code == code, ct))
                {
                    throw DomainException.Exists("Warehouse", code);
                }

                var warehouse = new Warehouse { Code = code, Name = name, Kind = command.Kind, Latitude = command.Latitude, Longitude = command.Longitude };
                db.Add(warehouse);
                await db.SaveChangesAsync(ct);
                return new Result(warehouse.Id, code, name, command.Kind, command.Latitude, command.Longitude);
            }, cancellationToken);
        }
    }
}
