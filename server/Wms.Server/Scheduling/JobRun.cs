using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wms.Server.Scheduling;

/// <summary>One execution of a scheduled job, kept so supervisors can see what ran, when, and what came of it.</summary>
public sealed class JobRun
{
    public long Id { get; set; }

    /// <summary>The job's name (replenishment-scan, nightly-planning).</summary>
    public required string Job { get; set; }

    /// <summary>The warehouse code the job runs for (its Quartz group).</summary>
    public required string WarehouseCode { get; set; }

    /// <summary>What fired it: the schedule's trigger, or "run-now" for a supervisor's request.</summary>
    public string Trigger { get; set; } = "";

    /// <summary>The server instance that ran it (clustered: which node).</summary>
    public string Instance { get; set; } = "";

    public DateTimeOffset ScheduledAt { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>What the run did ("3 tasks for 2 faces") or why it failed.</summary>
    public string Result { get; set; } = "";
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("job_runs");
        b.HasIndex(x => new { x.WarehouseCode, x.Job, x.Id });
        b.Property(x => x.Job).HasMaxLength(100);
        b.Property(x => x.WarehouseCode).HasMaxLength(64);
        b.Property(x => x.Trigger).HasMaxLength(200);
        b.Property(x => x.Instance).HasMaxLength(200);
        b.Property(x => x.Result).HasMaxLength(1000);
    }
}
