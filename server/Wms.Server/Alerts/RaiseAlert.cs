using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Alerts;

/// <summary>
/// Raises an alert for people to look at (a low pick face, a device gone quiet). Idempotent twice over: the
/// request id replays the first answer, and while an alert of the same kind about the same subject is open,
/// raising it again returns that one instead of a second. This is the entry point for other features
/// (replenishment's low-stock alerts): inject <see cref="Handler"/> and call it.
/// </summary>
public static class RaiseAlert
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, AlertKind Kind, string Subject, string Message);

    public sealed class Handler(WriteBatcher writes, CodeIds ids, TimeProvider time)
    {
        public async Task<AlertView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code");
            var subject = Require.NotEmpty(command.Subject, "subject");
            if (subject.Length > 64)
            {
                throw DomainException.Invalid("subject", "is longer than 64 characters.");
            }

            if (!Enum.IsDefined(command.Kind))
            {
                throw DomainException.Invalid("kind", $"{(int)command.Kind} is not an alert kind.");
            }

            var message = (command.Message ?? "").Trim();
            if (message.Length > 400)
            {
                throw DomainException.Invalid("message", "is longer than 400 characters.");
            }

            return await writes.ExecuteSqlAsync(new CommandInfo(nameof(RaiseAlert), command.Actor, requestId, $"{command.Kind} {subject}"), sql =>
            {
                var warehouseId = ids.WarehouseId(sql, warehouseCode) ?? throw DomainException.NotFound("Warehouse", warehouseCode);
                return AlertStore.Raise(sql, warehouseId, warehouseCode, command.Kind, subject, message, time.GetUtcNow());
            }, cancellationToken);
        }
    }
}
