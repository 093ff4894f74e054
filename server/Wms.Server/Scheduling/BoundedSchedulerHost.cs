using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Extensibility;

namespace Wms.Server.Scheduling;

/// <summary>
/// Quartz's hosted service, with a bound on how long its stop may take.
/// </summary>
/// <remarks>
/// Quartz 4.7.3 acquires a trigger up to its idle wait before it is due and holds it. A scheduler halted while
/// holding one releases it on its scheduler thread through a job-store call that retries until the database
/// answers or the store is shut down, and the scheduler shuts its store down only after that thread has ended
/// (<c>QuartzScheduler.Shutdown</c>: halt, await the thread, ..., <c>JobStore.Shutdown</c>). With the database
/// gone at that moment the stop never returns and the process never exits; the host's shutdown token does not
/// reach that loop. This is what hung the clustered test (its database was dropped under a server still running).
/// So when <see cref="SchedulingOptions.ShutdownTimeoutSeconds"/> (or the host's own shutdown timeout, whichever
/// comes first) has passed and the scheduler is still not down, its store is shut down under it: the loop sees it
/// within one <see cref="SchedulingOptions.DatabaseRetrySeconds"/> and the stop completes. The trigger it held stays
/// ACQUIRED in the database: another node of a cluster recovers it when this node's check-in goes stale, and a
/// single server recovers it when it starts again (Quartz resets acquired triggers of a non-clustered store).
/// </remarks>
public sealed partial class BoundedSchedulerHost : QuartzHostedService
{
    private readonly IServiceProvider _services;
    private readonly IOptions<SchedulingOptions> _options;
    private readonly ILogger<BoundedSchedulerHost> _logger;
    private CancellationTokenSource? _deadline;

    public BoundedSchedulerHost(
        IHostApplicationLifetime lifetime, IServiceProvider services, IOptionsMonitor<QuartzHostedServiceOptions> quartzOptions,
        IOptions<SchedulingOptions> options, ILogger<BoundedSchedulerHost> logger)
        : base(lifetime, services, quartzOptions)
    {
        (_services, _options, _logger) = (services, options, logger);
    }

    public override Task StoppingAsync(CancellationToken cancellationToken)
    {
        // The host may stop twice (StopAsync while RunAsync waits); one deadline is enough.
        if (_deadline is not null)
        {
            return base.StoppingAsync(cancellationToken);
        }

        var schedulers = Schedulers;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Real time on purpose, not the application's TimeProvider: a simulated clock standing still must not hold a stop.
        _deadline.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.Value.ShutdownTimeoutSeconds)));
        _deadline.Token.Register(() => _ = CloseStoreUnderAsync(schedulers));
        return base.StoppingAsync(cancellationToken);
    }

    public override Task StoppedAsync(CancellationToken cancellationToken)
    {
        _deadline?.Dispose();
        _deadline = null;
        return base.StoppedAsync(cancellationToken);
    }

    private async Task CloseStoreUnderAsync(IReadOnlyList<IScheduler> schedulers)
    {
        if (schedulers.All(s => s.Status == SchedulerStatus.Shutdown))
        {
            return;
        }

        LogStopOverdue(_logger, _options.Value.ShutdownTimeoutSeconds);
        try
        {
            await _services.GetRequiredService<IJobStore>().Shutdown(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogCloseFailed(_logger, ex);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The scheduler has not stopped after {Seconds} s (is the database gone?): its job store is shut down under it so the server can stop; a trigger it held is recovered by Quartz later.")]
    private static partial void LogStopOverdue(ILogger logger, int seconds);

    [LoggerMessage(2, LogLevel.Warning, "Shutting the job store down under a stopping scheduler failed.")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
