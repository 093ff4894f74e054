using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Scheduling;

/// <summary>
/// Quartz in the server, on the WMS database (its tables come with schema version 8): SQLite by default,
/// PostgreSQL when configured, clustered on PostgreSQL so that with several servers each run happens once.
/// Misfires: periodic scans skip what they missed (the next run recomputes from current state); nightly jobs
/// fire once on recovery, however many nights were missed. See docs/replenishment.md.
/// </summary>
public static class SchedulingRegistration
{
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SchedulingOptions>(configuration.GetSection("Wms:Scheduling"));
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<Schedules>();
        services.AddSingleton<IWarehouseSetup, WarehouseJobs>();
        var scheduling = configuration.GetSection("Wms:Scheduling").Get<SchedulingOptions>() ?? new SchedulingOptions();
        var data = configuration.GetSection("Wms:Database").Get<DataOptions>() ?? new DataOptions();
        var clustered = scheduling.Clustered ?? data.Provider == DatabaseProvider.Postgres;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "wms";
                s.IdleWaitTime = TimeSpan.FromSeconds(Math.Max(1, scheduling.IdleWaitSeconds));
                if (clustered)
                {
                    s.GenerateInstanceId = true;
                }
            });
            q.UseDefaultThreadPool(2);
            q.AddJobListener(sp => sp.GetRequiredService<JobRunRecorder>());
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.MisfireThreshold = TimeSpan.FromSeconds(Math.Max(1, scheduling.MisfireThresholdSeconds));
                    o.DbRetryInterval = TimeSpan.FromSeconds(Math.Max(1, scheduling.DatabaseRetrySeconds));
                });
                if (data.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(data.ConnectionString);
                }
                else
                {
                    store.UseSqlite(DataRegistration.SqliteConnectionString(data.ConnectionString));
                }

                if (clustered)
                {
                    store.UseClustering();
                }
            });
        });
        if (scheduling.Enabled)
        {
            // Quartz's own hosted service, with a bound on its stop (a database gone at shutdown hung it forever).
            services.AddQuartzHostedService<BoundedSchedulerHost>(o => o.WaitForJobsToComplete = true);
            services.AddHostedService<ScheduleSetup>();
        }

        return services;
    }

    /// <summary>A new warehouse gets its jobs as it is created (in the shared job store, so every server of a cluster runs them).</summary>
    private sealed class WarehouseJobs(Schedules schedules) : IWarehouseSetup
    {
        public Task WarehouseCreatedAsync(string warehouseCode, CancellationToken cancellationToken) => schedules.EnsureJobsAsync(warehouseCode, cancellationToken);
    }

    /// <summary>At start-up, every warehouse gets its jobs (a schedule already in the store is kept as it is).</summary>
    private sealed class ScheduleSetup(IDbContextFactory<WmsDbContext> contexts, Schedules schedules) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            foreach (var code in await db.Set<Warehouse>().Select(w => w.Code).ToListAsync(cancellationToken))
            {
                await schedules.EnsureJobsAsync(code, cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
