using Quartz;

namespace Wms.Server.Replenishment;

/// <summary>
/// The periodic pick-face scan of one warehouse (the job's group is the warehouse code). Never two at once for
/// the same warehouse; a missed run is skipped, since the next one recomputes from current stock.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReplenishmentScanJob(TopUpPickFaces.Handler topUp) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await topUp.HandleAsync(new TopUpPickFaces.Command(context.JobDetail.Key.Group, ReplenishmentTrigger.Schedule), cancellationToken);
        context.Result = result.ToString();
    }
}
