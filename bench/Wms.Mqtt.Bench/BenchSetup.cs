using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Wms.Server.Devices;
using Wms.Server.Layout;

namespace Wms.Mqtt.Bench;

/// <summary>What every stage against the real server shares: the devices registered, the rows counted.</summary>
internal static class BenchSetup
{
    /// <summary>A warehouse BENCH with a cold zone and <paramref name="count"/> probes P0000…, each with its own secret.</summary>
    public static async Task<List<(string Code, string Secret)>> RegisterAsync(IServiceProvider services, int count)
    {
        await services.GetRequiredService<CreateWarehouse.Handler>().HandleAsync(new CreateWarehouse.Command("bench-w", "bench", "BENCH", "Bench", WarehouseKind.Central, 0, 0), CancellationToken.None);
        await services.GetRequiredService<ImportLayout.Handler>().HandleAsync(new ImportLayout.Command("bench-l", "bench", "BENCH", [new ImportLayout.ZoneInput("COLD", "Cold room")], []), CancellationToken.None);
        var register = services.GetRequiredService<RegisterDevice.Handler>();
        var devices = new List<(string, string)>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(200))
        {
            devices.AddRange(await Task.WhenAll(chunk.Select(async i =>
            {
                var code = $"P{i:0000}";
                var result = await register.HandleAsync(new RegisterDevice.Command("bench-d" + code, "bench", "BENCH", code, DeviceKind.Probe, null, null, "COLD", 0, 0, 300, 2, 8, 0), CancellationToken.None);
                return (code, result.Secret);
            })));
        }

        return devices;
    }

    /// <summary>
    /// Readings stored (the primary key (device, sequence) makes each one once) and publish → stored latency:
    /// received_at is taken when the batch starts; the commit follows within the same batch.
    /// </summary>
    public static (long Stored, double P50, double P99) Stored(string database)
    {
        using var connection = new SqliteConnection("Data Source=" + database);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT received_at - device_time FROM device_readings";
        var lags = new List<double>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lags.Add(reader.GetInt64(0) / 10_000.0);
            }
        }

        var array = lags.ToArray();
        return (array.Length, Devices.Percentile(array, 0.5), Devices.Percentile(array, 0.99));
    }

    public static async Task WaitAsync(Func<bool> done, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public static void DeleteDatabase(string database)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(database + suffix);
        }
    }
}
