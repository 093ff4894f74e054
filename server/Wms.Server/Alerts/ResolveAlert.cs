using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Alerts;

/// <summary>A person (or the feature that raised it, when the cause is gone) closes an alert. Resolving a resolved alert returns it unchanged.</summary>
public static class ResolveAlert
{
    public sealed record Command(string RequestId, string Actor, long AlertId, string? Resolution);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public async Task<AlertView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.AlertId, "alert_id");
            var resolution = (command.Resolution ?? "").Trim();
            if (resolution.Length > 200)
            {
                throw DomainException.Invalid("resolution", "is longer than 200 characters.");
            }

            return await writes.ExecuteSqlAsync(new CommandInfo(nameof(ResolveAlert), command.Actor, requestId, $"alert {command.AlertId}"), sql =>
            {
                var alert = AlertStore.Find(sql, command.AlertId) ?? throw DomainException.NotFound("Alert", command.AlertId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (alert.ResolvedAt is not null)
                {
                    return alert;
                }

                return AlertStore.Resolve(sql, alert, resolution.Length == 0 ? "resolved by " + command.Actor : resolution, time.GetUtcNow());
            }, cancellationToken);
        }
    }
}
