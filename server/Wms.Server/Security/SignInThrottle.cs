using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// The anonymous sign-in calls one address made in one step of <see cref="SignInThrottle.StepSeconds"/>: a row per
/// address and step, counted up in the database so every server sharing it counts the same attempts.
/// </summary>
public sealed class SignInAttemptCount
{
    public required string Address { get; set; }

    /// <summary>Unix seconds / <see cref="SignInThrottle.StepSeconds"/>.</summary>
    public long TimeStep { get; set; }

    public int Attempts { get; set; }
}

internal sealed class SignInAttemptCountConfiguration : IEntityTypeConfiguration<SignInAttemptCount>
{
    public void Configure(EntityTypeBuilder<SignInAttemptCount> b)
    {
        b.ToTable("sign_in_attempts");
        b.HasKey(x => new { x.Address, x.TimeStep });
        b.HasIndex(x => x.TimeStep);
        b.Property(x => x.Address).HasMaxLength(SignInThrottle.MaxAddress);
    }
}

/// <summary>
/// The per-address limit on the anonymous sign-in calls (SignIn and the two enrolment steps), held in the database
/// rather than in each server's memory: with several servers on one database, an address trying passwords on each
/// of them still gets <see cref="SecurityOptions.SignInAttemptsPerMinute"/> in all, not that many per server.
/// A sliding minute of six 10-second steps. Each attempt is one short transaction of its own (not the writer's:
/// a throttled call must cost little, and counting is not a command for the audit trail): it counts itself in its
/// step's row with one upsert; then the minute's sum decides, and a refused attempt takes its count back, so only
/// granted attempts fill the window. Concurrent attempts of one address wait for each other: on SQLite the upsert
/// takes the one write lock; on PostgreSQL an advisory lock per address does, since the upsert's row lock covers one
/// step only and two attempts either side of a step's end would each miss the other's count.
/// </summary>
public sealed class SignInThrottle(IDbContextFactory<WmsDbContext> contexts, IOptions<SecurityOptions> options, TimeProvider time)
{
    public const int StepSeconds = 10;
    public const int MaxAddress = 64;
    private const int StepsPerWindow = 6;

    // The first key of the two-key advisory locks taken per address (the second is the address's hash).
    private const int AddressLockClass = 0x5749_4E01;

    // Steps older than this are deleted now and then (rows of addresses that never come back).
    private const int KeepSteps = 60;
    private long _prunedStep;

    public int PerMinute => options.Value.SignInAttemptsPerMinute;

    /// <summary>Null when the attempt may go ahead (it is counted), else the refusal in words with the wait.</summary>
    public async Task<string?> TryAcquireAsync(string address, CancellationToken cancellationToken)
    {
        var limit = PerMinute;
        if (limit <= 0)
        {
            return null;
        }

        var key = address.Length <= MaxAddress ? address : address[..MaxAddress];
        var nowSeconds = time.GetUtcNow().ToUnixTimeSeconds();
        var step = nowSeconds / StepSeconds;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        string? refusal = null;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AddressLockClass}, hashtext({key}))", cancellationToken);
            }

            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO sign_in_attempts (address, time_step, attempts) VALUES ({key}, {step}, 1) ON CONFLICT (address, time_step) DO UPDATE SET attempts = sign_in_attempts.attempts + 1",
                cancellationToken);
            // No upper bound on the step: an attempt that read the clock before waiting here may find attempts counted
            // in a later step by one that read it after (or by a server whose clock is ahead), and they are in its minute too.
            var counts = await db.Set<SignInAttemptCount>().AsNoTracking()
                .Where(c => c.Address == key && c.TimeStep > step - StepsPerWindow)
                .Select(c => new { Step = c.TimeStep, c.Attempts }).ToListAsync(cancellationToken);
            if (counts.Sum(c => c.Attempts) > limit)
            {
                // Refused: not counted, so the window holds the granted attempts only and frees up as they age.
                await db.Database.ExecuteSqlAsync(
                    $"UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE address = {key} AND time_step = {step}", cancellationToken);
                // The oldest step holding a granted attempt (this step's count still holds this attempt too).
                var oldest = counts.Where(c => c.Attempts > (c.Step == step ? 1 : 0)).Select(c => c.Step).DefaultIfEmpty(step).Min();
                var wait = Math.Max(1, ((oldest + StepsPerWindow) * StepSeconds) - nowSeconds);
                refusal = $"Too many sign-in attempts from {key}: at most {limit.ToString(CultureInfo.InvariantCulture)} a minute; try again in {wait.ToString(CultureInfo.InvariantCulture)} s.";
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await PruneAsync(db, step, cancellationToken);
        return refusal;
    }

    private async Task PruneAsync(WmsDbContext db, long step, CancellationToken cancellationToken)
    {
        var pruned = Interlocked.Read(ref _prunedStep);
        if (step - pruned < StepsPerWindow || Interlocked.CompareExchange(ref _prunedStep, step, pruned) != pruned)
        {
            return;
        }

        try
        {
            await db.Set<SignInAttemptCount>().Where(c => c.TimeStep < step - KeepSteps).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // Housekeeping only (another server may be deleting the same rows): the next minute tries again.
        }
    }
}
