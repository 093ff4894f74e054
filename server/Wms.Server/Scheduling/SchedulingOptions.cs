namespace Wms.Server.Scheduling;

/// <summary>Settings under <c>Wms:Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    /// <summary>Off: no scheduler runs in this process (a server that only answers calls).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Quartz cluster mode (several servers on one PostgreSQL database, each job run once). Default: on for
    /// PostgreSQL, off for SQLite (one process owns a SQLite file; Quartz does not cluster on it).
    /// </summary>
    public bool? Clustered { get; set; }

    /// <summary>Cron (Quartz syntax, UTC) of the pick-face scan for a warehouse that has no schedule of its own yet.</summary>
    public string ReplenishmentScanCron { get; set; } = "0 0/5 * * * ?";

    /// <summary>Cron of the nightly planning run (demand, forecasts, ABC/XYZ, derived min/max).</summary>
    public string PlanningCron { get; set; } = "0 30 2 * * ?";

    /// <summary>How late a trigger may fire before it counts as misfired (after downtime or a busy pool).</summary>
    public int MisfireThresholdSeconds { get; set; } = 60;

    /// <summary>How long the scheduler sleeps when nothing is due; triggering a job wakes it at once.</summary>
    public int IdleWaitSeconds { get; set; } = 30;

    /// <summary>Run history rows kept per job and warehouse; older ones are deleted as new runs are recorded.</summary>
    public int RunHistoryKept { get; set; } = 500;

    /// <summary>
    /// How long the scheduler may take to stop (running jobs included) before its job store is shut down under it: a
    /// database that went away would otherwise keep it retrying forever (see <see cref="BoundedSchedulerHost"/>). The
    /// host's own shutdown timeout (30 s by default) ends the wait too, whichever comes first.
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>How long Quartz waits between attempts when its database does not answer (Quartz's default is 15 s).</summary>
    public int DatabaseRetrySeconds { get; set; } = 5;
}
