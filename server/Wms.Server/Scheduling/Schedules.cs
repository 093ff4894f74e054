using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Scheduling;

/// <summary>
/// What supervisors see and change of the schedule: every job of a warehouse with its cron, state, next and
/// previous fire time and last result; pause, resume, run now, change the cron. The schedule itself lives in
/// Quartz's tables (so every server of a cluster sees one schedule); each change is also written to the
/// request log and audit trail under its request id.
/// </summary>
public sealed class Schedules(ISchedulerFactory schedulers, IDbContextFactory<WmsDbContext> contexts, WriteBatcher writes, TimeProvider time, IOptions<SchedulingOptions> options)
{
    public sealed record JobView(
        string Job, string WarehouseCode, string Description, string Cron, string State, MisfirePolicy Misfire,
        DateTimeOffset? NextFireAt, DateTimeOffset? PreviousFireAt, JobRun? LastRun);

    /// <summary>
    /// Makes sure every job of the warehouse exists; a schedule a supervisor changed is left as it is. Called when a
    /// warehouse is created, for every warehouse at start-up, and before a change to a job; never by a read.
    /// </summary>
    public async Task EnsureJobsAsync(string warehouseCode, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var job in ScheduledJobs.All)
        {
            if (await scheduler.Exists(job.TriggerKey(warehouseCode), cancellationToken))
            {
                continue;
            }

            var detail = JobBuilder.Create().OfType(job.JobType).WithIdentity(job.Key(warehouseCode)).WithDescription(job.Description).StoreDurably(true).Build();
            await scheduler.AddJob(detail, AddJobOptions.Replacing, cancellationToken);
            // Keep: when another server of the cluster scheduled it first, one schedule it is.
            await scheduler.ScheduleTrigger(job.Trigger(warehouseCode, job.DefaultCron(options.Value), time), TriggerConflict.Keep, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<JobView>> ListAsync(string? warehouseCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouses = string.IsNullOrWhiteSpace(warehouseCode)
            ? await db.Set<Warehouse>().OrderBy(w => w.Code).Select(w => w.Code).ToListAsync(cancellationToken)
            : [await ExistingWarehouseAsync(db, warehouseCode, cancellationToken)];
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var views = new List<JobView>();
        // A read changes nothing: jobs are made when a warehouse is created and at start-up (SchedulingRegistration),
        // so a warehouse put into the database behind the server's back shows its jobs as state None until then.
        foreach (var code in warehouses)
        {
            foreach (var job in ScheduledJobs.All)
            {
                views.Add(await ViewAsync(scheduler, db, job, code, cancellationToken));
            }
        }

        return views;
    }

    /// <summary>
    /// When the next scheduled run of any warehouse is due (paused jobs left out), or null when none is. Quartz runs on
    /// the application's <see cref="TimeProvider"/>, so a simulator on a fake clock steps the clock to this time, waits
    /// for <see cref="JobRunRecorder.Recorded"/>, and repeats: a jump past a fire time by more than the misfire threshold
    /// would be a misfire (skipped for the scan), so the clock is stepped to each fire time, not over it.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouses = await db.Set<Warehouse>().Select(w => w.Code).ToListAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        DateTimeOffset? next = null;
        foreach (var code in warehouses)
        {
            foreach (var job in ScheduledJobs.All)
            {
                var key = job.TriggerKey(code);
                if (await scheduler.GetTrigger(key, cancellationToken) is { NextFireTimeUtc: { } at }
                    && await scheduler.GetTriggerState(key, cancellationToken) is not TriggerState.Paused
                    && (next is null || at < next))
                {
                    next = at;
                }
            }
        }

        return next;
    }

    public async Task<IReadOnlyList<JobRun>> RunsAsync(string warehouseCode, string job, int pageSize, CancellationToken cancellationToken)
    {
        var name = ScheduledJobs.Named(job).Name;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = await ExistingWarehouseAsync(db, warehouseCode, cancellationToken);
        return await db.Set<JobRun>().AsNoTracking()
            .Where(r => r.WarehouseCode == code && r.Job == name)
            .OrderByDescending(r => r.Id).Take(Paging.PageSize(pageSize)).ToListAsync(cancellationToken);
    }

    public sealed record ChangeCommand(string RequestId, string Actor, string WarehouseCode, string Job, string? Cron = null);

    public Task<JobView> PauseAsync(ChangeCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command, "PauseJob", async (s, job, code, ct) => await s.PauseTrigger(job.TriggerKey(code), ct), cancellationToken);

    public Task<JobView> ResumeAsync(ChangeCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command, "ResumeJob", async (s, job, code, ct) => await s.ResumeTrigger(job.TriggerKey(code), ct), cancellationToken);

    /// <summary>A new cron for the warehouse's job; a paused job stays paused.</summary>
    public Task<JobView> SetCronAsync(ChangeCommand command, CancellationToken cancellationToken)
    {
        var cron = ScheduledJobs.ValidCron(command.Cron, "cron");
        return ChangeAsync(command, "SetJobCron", async (s, job, code, ct) =>
        {
            var paused = await s.GetTriggerState(job.TriggerKey(code), ct) == TriggerState.Paused;
            await s.RescheduleJob(job.TriggerKey(code), job.Trigger(code, cron, time), ct);
            if (paused)
            {
                await s.PauseTrigger(job.TriggerKey(code), ct);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Fires the job now, once per request id: the request is logged first and the one-shot trigger is added only
    /// by the first call, so a retried request does not run the job twice.
    /// </summary>
    public async Task<JobView> RunNowAsync(ChangeCommand command, CancellationToken cancellationToken)
    {
        var (job, code) = await ResolveAsync(command, cancellationToken);
        var first = false;
        await writes.ExecuteAsync(new CommandInfo("RunJobNow", command.Actor, Require.RequestId(command.RequestId), $"{job.Name} {code}"), (_, _) =>
        {
            first = true;
            return Task.FromResult(true);
        }, cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (first)
        {
            var trigger = TriggerBuilder.Create(time)
                .WithIdentity($"{ScheduledJobs.RunNowTrigger}-{Guid.NewGuid():N}", code)
                .ForJob(job.Key(code))
                .StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.Throw, cancellationToken);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ViewAsync(scheduler, db, job, code, cancellationToken);
    }

    private async Task<JobView> ChangeAsync(
        ChangeCommand command, string name, Func<IScheduler, ScheduledJob, string, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        var requestId = Require.RequestId(command.RequestId);
        var (job, code) = await ResolveAsync(command, cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // Pausing, resuming and setting a cron give the same schedule when repeated, so a retry may apply them again.
        await change(scheduler, job, code, cancellationToken);
        await writes.ExecuteAsync(new CommandInfo(name, command.Actor, requestId, $"{job.Name} {code} {command.Cron}".TrimEnd()), (_, _) => Task.FromResult(true), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ViewAsync(scheduler, db, job, code, cancellationToken);
    }

    private async Task<(ScheduledJob Job, string WarehouseCode)> ResolveAsync(ChangeCommand command, CancellationToken cancellationToken)
    {
        var job = ScheduledJobs.Named(Require.NotEmpty(command.Job, "job"));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = await ExistingWarehouseAsync(db, command.WarehouseCode, cancellationToken);
        await EnsureJobsAsync(code, cancellationToken);
        return (job, code);
    }

    private static async Task<string> ExistingWarehouseAsync(WmsDbContext db, string? warehouseCode, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code");
        await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        return code;
    }

    private static async Task<JobView> ViewAsync(IScheduler scheduler, WmsDbContext db, ScheduledJob job, string code, CancellationToken cancellationToken)
    {
        var trigger = await scheduler.GetTrigger(job.TriggerKey(code), cancellationToken);
        var state = await scheduler.GetTriggerState(job.TriggerKey(code), cancellationToken);
        var lastRun = await db.Set<JobRun>().AsNoTracking().Where(r => r.WarehouseCode == code && r.Job == job.Name).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return new JobView(
            job.Name, code, job.Description, (trigger as ICronTrigger)?.CronExpressionString ?? "", state.ToString(), job.Misfire,
            trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc, lastRun);
    }
}
