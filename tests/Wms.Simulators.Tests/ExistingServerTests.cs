using Wms.Server.Tests;
using Wms.Simulator;
using Wms.Simulator.Day;
using Wms.Simulator.Report;
using Xunit;

namespace Wms.Simulators.Tests;

/// <summary>
/// <c>--address</c>: the simulator plays against a server that is already running, here the real server as its own
/// process (Wms.Server.dll, demo warehouse, on free ports, its own SQLite file), over real HTTP/2 and MQTT, on the
/// server's own wall clock. The stock integrity check reads that server's database (<c>--database</c>).
/// </summary>
public sealed class ExistingServerTests
{
    private const string Token = "existing-server-admin-token";

    [Fact]
    public async Task RunAsync_AgainstServerProcessAtAddress_PlaysShortDayIntegrityIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = Path.Combine(Path.GetTempPath(), "wms-sim-existing-" + Guid.NewGuid().ToString("N") + ".db");
        var (server, port, mqttPort) = await StartServerAsync(database);
        try
        {
            var options = SimOptions.Parse(
            [
                "--address", $"http://127.0.0.1:{port}", "--token", Token, "--mqtt-host", "127.0.0.1", "--mqtt-port", mqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--database", "Data Source=" + database, "--quiet",
                "--seed", "5", "--orders", "30", "--pickers", "2", "--devices", "2", "--receipts", "1", "--shift-start", "7", "--hours", "0.5", "--cutoff", "7.5",
            ]);
            var day = new DaySummary(await new WarehouseDay(options, "existing").RunAsync(ct));

            Assert.True(day.Metrics.Errors.Count == 0, day.Text());
            Assert.True(day.Metrics.LinesPicked > 0, "the pickers picked nothing at the address:\n" + day.Text());
            Assert.True(day.Metrics.DeviceReadings > 0, "no device reading reached the broker:\n" + day.Text());
            Assert.True(day.Metrics.IntegrityChecked, "the integrity check did not run on the server's database");
            Assert.True(day.Metrics.IntegrityProblems.Count == 0, day.Text());
            Assert.Contains("stock integrity: passed", day.Text(), StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

    /// <summary>The server as it is started in production: its own process, listeners on free ports (again on others if one was taken meanwhile).</summary>
    private static async Task<(ServerProcess Server, int Port, int MqttPort)> StartServerAsync(string database)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (port, mqttPort) = (FreePorts.Next(), FreePorts.Next());
            try
            {
                var server = await ServerProcess.StartAsync(new Dictionary<string, string>
                {
                    ["Wms:Server:Address"] = ServerProcess.Port(port),
                    ["Wms:Mqtt:Address"] = ServerProcess.Port(mqttPort),
                    ["Wms:Security:AdminToken"] = Token,
                    ["Wms:Demo:Enabled"] = "true",
                    ["Wms:Database:ConnectionString"] = "Data Source=" + database,
                });
                return (server, port, mqttPort);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }
}
