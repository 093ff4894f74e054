using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using Wms.Server.Data;

namespace Wms.Server.Scheduling;

/// <summary>
/// Keeps the run history: every execution of a WMS job becomes a <see cref="JobRun"/> row, written through
/// the writer like any other change, with what the job reported (<c>context.Result</c>) or its error.
/// </summary>
public sealed partial class JobRunRecorder(WriteBatcher writes, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<JobRunRecorder> logger) : IJobListener
{
    public string Name => "wms-run-history";

    /// <summary>Tests and supervisors wait on this: raised after the run's row is committed.</summary>
    public event Action<JobRun>? Recorded;

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var run = new JobRun
        {
            Job = context.JobDetail.Key.Name,
            WarehouseCode = context.JobDetail.Key.Group,
            Trigger = context.Trigger.Key.Name.StartsWith(ScheduledJobs.RunNowTrigger, StringComparison.Ordinal) ? ScheduledJobs.RunNowTrigger : "schedule",
            Instance = context.Scheduler.SchedulerInstanceId,
            ScheduledAt = context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
            StartedAt = context.FireTimeUtc,
            FinishedAt = time.GetUtcNow(),
            Succeeded = jobException is null,
            Result = Cut(jobException is null ? context.Result as string ?? "" : jobException.InnerException?.Message ?? jobException.Message),
        };
        var kept = options.Value.RunHistoryKept;
        try
        {
            await writes.ExecuteAsync(new CommandInfo("RecordJobRun", "scheduler", ""), async (db, ct) =>
            {
                db.Add(run);
                await db.SaveChangesAsync(ct);
                // History is bounded: drop what falls beyond the newest rows kept for this job and warehouse.
                var cutoff = await db.Set<JobRun>()
                    .Where(r => r.WarehouseCode == run.WarehouseCode && r.Job == run.Job)
                    .OrderByDescending(r => r.Id).Skip(kept).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
                if (cutoff is { } id)
                {
                    await db.Set<JobRun>().Where(r => r.WarehouseCode == run.WarehouseCode && r.Job == run.Job && r.Id <= id).ExecuteDeleteAsync(ct);
                }

                return run.Id;
            }, cancellationToken);
            Recorded?.Invoke(run);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRecorded(logger, run.Job, run.WarehouseCode, ex);
        }
    }

    private static string Cut(string text) => text.Length <= 1000 ? text : text[..1000];

    [LoggerMessage(1, LogLevel.Warning, "The run of {Job} for {Warehouse} could not be recorded.")]
    private static partial void LogNotRecorded(ILogger logger, string job, string warehouse, Exception exception);
}
