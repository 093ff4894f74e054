using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Devices;

/// <summary>
/// Disables a device (or enables it again): a disabled device cannot connect, and its open connection is
/// closed at once. Its readings and state stay.
/// </summary>
public static class DisableDevice
{
    public sealed record Command(string RequestId, string Actor, string DeviceCode, bool Enabled = false);

    public sealed class Handler(WriteBatcher writes, DeviceDirectory directory)
    {
        public async Task<DeviceView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var code = Require.NotEmpty(command.DeviceCode, "device_code");
            var name = command.Enabled ? "EnableDevice" : nameof(DisableDevice);
            var view = await writes.ExecuteAsync(new CommandInfo(name, command.Actor, requestId, $"device {code}"), async (db, sql, ct) =>
            {
                // Every server reads its device directory again once this commits (DeviceDirectoryFollower).
                sql.Signal(DeviceDirectory.Channel);
                var device = await db.Set<Device>().FirstOrDefaultAsync(d => d.Code == code, ct) ?? throw DomainException.NotFound("Device", code);
                device.Enabled = command.Enabled;
                await db.SaveChangesAsync(ct);
                return (await DeviceQueries.ViewsAsync(db, db.Set<Device>().Where(d => d.Id == device.Id), ct))[0];
            }, cancellationToken);
            await directory.LoadOneAsync(code, cancellationToken);
            return view;
        }
    }
}
