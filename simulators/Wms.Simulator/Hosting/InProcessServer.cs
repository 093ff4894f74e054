using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Transport.Mqtt;

namespace Wms.Simulator.Hosting;

/// <summary>
/// The real server (its Program, migrations, demo warehouse, gRPC services, embedded MQTT broker) in this
/// process, on its own SQLite file, with <see cref="TimeProvider"/> replaced by the simulated clock: the
/// server cannot follow simulated time from outside (Program.cs registers <c>TimeProvider.System</c>), so
/// a deterministic day needs it here. gRPC goes through the in-memory TestServer handler (no port to
/// collide on); the MQTT broker listens on a free port of 127.0.0.1. Quartz is off: the simulator runs
/// the scheduled work (replenishment) itself, on simulated time, through the public API.
/// </summary>
public sealed class InProcessServer(TimeProvider clock, string adminToken, int solverIterations = 300, string? databasePath = null) : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = databasePath ?? Path.Combine(Path.GetTempPath(), "wms-sim-" + Guid.NewGuid().ToString("N") + ".db");

    public string AdminToken => adminToken;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Wms:Security:AdminToken", adminToken);
        builder.UseSetting("Wms:Demo:Enabled", "true");
        builder.UseSetting("Wms:Mqtt:Address", "127.0.0.1:0");
        builder.UseSetting("Wms:Scheduling:Enabled", "false");
        builder.UseSetting("Wms:Server:HttpAddress", "");
        builder.UseSetting("Wms:Database:ConnectionString", "Data Source=" + DatabasePath);
        builder.UseSetting("Wms:Database:SqliteSynchronous", "NORMAL");
        // Route plans bounded by iterations, not by time: the same seed routes the day the same way on a busy machine.
        builder.UseSetting("Wms:Dispatch:MaxIterations", solverIterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The server's own log would drown the live display: only its errors are shown. (Settings, because
        // appsettings.json names categories, and a category named there wins over a filter added in code.)
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        builder.UseSetting("Logging:LogLevel:Wms.Server.Transport.Grpc.CallLogInterceptor", "Error");
        builder.UseSetting("Logging:LogLevel:Grpc", "Error");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        });
    }

    /// <summary>The handler gRPC clients (the handheld included) use to reach the in-memory server.</summary>
    public HttpMessageHandler CreateGrpcHandler() => Server.CreateHandler();

    public string Address => Server.BaseAddress.ToString();

    /// <summary>The embedded broker's port (picked free at start).</summary>
    public int MqttPort => Services.GetRequiredService<EmbeddedBroker>().Port;

    /// <summary>The server's own stock invariants (on hand = ledger, reserved = open reservations, no negatives).</summary>
    public async Task<IReadOnlyList<StockDiscrepancy>> VerifyStockAsync(CancellationToken cancellationToken)
    {
        var contexts = Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await StockIntegrity.VerifyAsync(db, cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
