using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Planning;

/// <summary>
/// Sets how long a transfer from a central warehouse to a regional one takes (mean and σ in days), or with
/// <see cref="Command.Remove"/> drops it so the pair uses <c>Wms:Planning:TransferLeadTimeDays</c> again. The next
/// planning run of the regional warehouse uses it (supervisors; one transaction, once per request id).
/// </summary>
public static class SetTransferLeadTime
{
    public sealed record Command(
        string RequestId, string Actor, string SourceWarehouseCode, string TargetWarehouseCode, double LeadTimeDays, double LeadTimeSigmaDays, bool Remove = false);

    public sealed record Result(string SourceWarehouseCode, string TargetWarehouseCode, double LeadTimeDays, double LeadTimeSigmaDays, DateTimeOffset? UpdatedAt, bool Removed);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var source = Require.NotEmpty(command.SourceWarehouseCode, "source_warehouse_code", Limits.WarehouseCode);
            var target = Require.NotEmpty(command.TargetWarehouseCode, "target_warehouse_code", Limits.WarehouseCode);
            if (source == target)
            {
                throw DomainException.Invalid("target_warehouse_code", $"'{target}' is also the source; a transfer goes between two warehouses.");
            }

            double days = 0, sigma = 0;
            if (!command.Remove)
            {
                days = Require.InRange(command.LeadTimeDays, "lead_time_days", 0, Limits.LeadTimeDays);
                if (days <= 0)
                {
                    throw DomainException.Invalid("lead_time_days", "must be greater than zero.");
                }

                sigma = Require.InRange(command.LeadTimeSigmaDays, "lead_time_sigma_days", 0, Limits.LeadTimeDays);
            }

            var summary = command.Remove ? $"{source} -> {target} removed" : FormattableString.Invariant($"{source} -> {target}: {days} +- {sigma} days");
            return writes.ExecuteAsync(new CommandInfo(nameof(SetTransferLeadTime), command.Actor, requestId, summary), async (db, ct) =>
            {
                var from = await LayoutLookup.WarehouseAsync(db, source, ct);
                var to = await LayoutLookup.WarehouseAsync(db, target, ct);
                if (from.Kind != WarehouseKind.Central)
                {
                    throw DomainException.Invalid("source_warehouse_code", $"'{source}' is a regional warehouse; transfers come from central ones.");
                }

                if (to.Kind != WarehouseKind.Regional)
                {
                    throw DomainException.Invalid("target_warehouse_code", $"'{target}' is a central warehouse; transfers go to regional ones.");
                }

                var row = await db.Set<TransferLeadTime>().FirstOrDefaultAsync(t => t.SourceWarehouseId == from.Id && t.TargetWarehouseId == to.Id, ct);
                if (command.Remove)
                {
                    if (row is not null)
                    {
                        db.Remove(row);
                    }

                    return new Result(source, target, 0, 0, null, Removed: true);
                }

                if (row is null)
                {
                    row = new TransferLeadTime { SourceWarehouseId = from.Id, TargetWarehouseId = to.Id };
                    db.Add(row);
                }

                (row.LeadTimeDays, row.LeadTimeSigmaDays, row.UpdatedAt) = (days, sigma, time.GetUtcNow());
                return new Result(source, target, days, sigma, row.UpdatedAt, Removed: false);
            }, cancellationToken);
        }
    }
}
