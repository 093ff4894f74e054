using Quartz;

namespace Wms.Server.Planning;

/// <summary>
/// The nightly planning run of one warehouse: demand history from the ledger, forecasts, ABC/XYZ, safety
/// stock and derived pick-face levels. A night missed during downtime is run once on recovery.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PlanningJob(RunPlanning.Handler planning) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await planning.HandleAsync(new RunPlanning.Command(context.JobDetail.Key.Group), cancellationToken);
        context.Result = result.ToString();
    }
}
