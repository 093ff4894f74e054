using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;

namespace Wms.Server.Demo;

public static partial class DemoRegistration
{
    /// <summary>Seeds the demo warehouses on an empty database unless <c>Wms:Demo:Enabled</c> is false.</summary>
    public static async Task SeedDemoAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        if (!app.Configuration.GetValue("Wms:Demo:Enabled", true))
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoWarehouse));
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (await DemoWarehouse.SeedAsync(app.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>(), app.Services.GetRequiredService<TimeProvider>(), cancellationToken))
            {
                LogSeeded(logger, DemoWarehouse.CentralCode, DemoWarehouse.RegionalCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (DbUpdateException ex)
        {
            // Another server starting on the same empty database won the race: its demo data stands.
            LogSeedLost(logger, ex.InnerException?.Message ?? ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Demo data created: warehouses {Central} and {Regional} in {Milliseconds} ms (Wms:Demo:Enabled=false turns it off).")]
    private static partial void LogSeeded(ILogger logger, string central, string regional, long milliseconds);

    [LoggerMessage(2, LogLevel.Information, "Demo data not created: another server created it first ({Reason}).")]
    private static partial void LogSeedLost(ILogger logger, string reason);
}
