using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Security;

namespace Wms.Server.Devices;

/// <summary>
/// Gives a device a new secret, answered once; the old one stops working at once and a connection made with
/// it is closed. A retry with the same request id answers without a secret (only its hash was kept).
/// </summary>
public static class RotateDeviceCredentials
{
    public sealed record Command(string RequestId, string Actor, string DeviceCode);

    public sealed class Handler(WriteBatcher writes, DeviceDirectory directory)
    {
        public async Task<RegisterDevice.Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var code = Require.NotEmpty(command.DeviceCode, "device_code");
            var secret = TokenAuthenticator.NewToken();
            var hash = TokenAuthenticator.Hash(secret);
            var ran = false;
            var view = await writes.ExecuteAsync(new CommandInfo(nameof(RotateDeviceCredentials), command.Actor, requestId, $"device {code}"), async (db, sql, ct) =>
            {
                // Every server reads its device directory again once this commits (DeviceDirectoryFollower).
                sql.Signal(DeviceDirectory.Channel);
                ran = true;
                var device = await db.Set<Device>().FirstOrDefaultAsync(d => d.Code == code, ct) ?? throw DomainException.NotFound("Device", code);
                device.SecretHash = hash;
                await db.SaveChangesAsync(ct);
                return (await DeviceQueries.ViewsAsync(db, db.Set<Device>().Where(d => d.Id == device.Id), ct))[0];
            }, cancellationToken);
            if (!ran)
            {
                return new RegisterDevice.Result(view, "");
            }

            await directory.LoadOneAsync(code, cancellationToken);
            return new RegisterDevice.Result(view, secret);
        }
    }
}
