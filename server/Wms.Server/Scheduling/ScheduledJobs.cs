using Quartz;
using Wms.Server.Common;
using Wms.Server.Planning;
using Wms.Server.Replenishment;

namespace Wms.Server.Scheduling;

/// <summary>What happens to a run that was due while no server was up (or the pool was busy).</summary>
public enum MisfirePolicy
{
    /// <summary>Skip the missed runs and wait for the next one: a periodic scan recomputes from current state anyway.</summary>
    Skip = 1,

    /// <summary>Run once now, however many runs were missed, then keep the schedule (nightly jobs).</summary>
    FireOnce = 2,
}

/// <summary>A kind of job that every warehouse has one of; its Quartz key is (name, warehouse code).</summary>
public sealed record ScheduledJob(string Name, Type JobType, MisfirePolicy Misfire, string Description, Func<SchedulingOptions, string> DefaultCron)
{
    public JobKey Key(string warehouseCode) => new(Name, warehouseCode);

    public TriggerKey TriggerKey(string warehouseCode) => new(Name, warehouseCode);

    public ITrigger Trigger(string warehouseCode, string cron, TimeProvider time) => TriggerBuilder.Create(time)
        .WithIdentity(TriggerKey(warehouseCode))
        .ForJob(Key(warehouseCode))
        .WithSchedule(CronScheduleBuilder.Create(cron)
            .InTimeZone(TimeZoneInfo.Utc)
            .WithMisfireInstruction(Misfire == MisfirePolicy.Skip ? CronTriggerMisfireInstruction.DoNothing : CronTriggerMisfireInstruction.FireAndProceed))
        .Build();
}

public static class ScheduledJobs
{
    public const string RunNowTrigger = "run-now";

    public static readonly ScheduledJob ReplenishmentScan = new(
        "replenishment-scan", typeof(ReplenishmentScanJob), MisfirePolicy.Skip,
        "Tops up pick faces below their min from reserve bins.", o => o.ReplenishmentScanCron);

    public static readonly ScheduledJob NightlyPlanning = new(
        "nightly-planning", typeof(PlanningJob), MisfirePolicy.FireOnce,
        "Demand history, forecasts, ABC/XYZ, safety stock and derived pick-face min/max.", o => o.PlanningCron);

    public static readonly IReadOnlyList<ScheduledJob> All = [ReplenishmentScan, NightlyPlanning];

    public static ScheduledJob Named(string name) =>
        All.FirstOrDefault(j => j.Name == name) ?? throw DomainException.Invalid("job", $"'{name}' is not a job; jobs are {string.Join(", ", All.Select(j => j.Name))}.");

    public static string ValidCron(string? cron, string field)
    {
        var value = Require.NotEmpty(cron, field);
        if (!CronExpression.TryParse(value, out _))
        {
            throw DomainException.Invalid(field, $"'{value}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0/5 * * * ?').");
        }

        return value;
    }
}
