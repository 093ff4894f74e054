using Wms.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Wms.Server.Devices;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

public sealed class RetentionTests
{
    private sealed class OneDayRetention : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Wms:Devices:RetentionDays", "1");
            builder.UseSetting("Wms:Devices:MonitorSeconds", "3600");
        }
    }

    [Fact]
    public async Task Monitor_ReadingOlderThanRetention_PrunedNewerKeptLastValueStays()
    {
        await using var factory = new OneDayRetention();
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(1, DateTimeOffset.UtcNow.AddMinutes(-2), "\"celsius\":3"));
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(2, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":4"));
        using (var connection = new SqliteConnection("Data Source=" + factory.DatabasePath))
        {
            connection.Open();
            using var age = connection.CreateCommand();
            age.CommandText = "UPDATE device_readings SET received_at = $old WHERE sequence = 1";
            age.Parameters.AddWithValue("$old", DateTimeOffset.UtcNow.AddDays(-2).UtcTicks);
            Assert.Equal(1, age.ExecuteNonQuery());
        }

        await factory.Services.GetRequiredService<DeviceMonitor>().CheckAsync(TestContext.Current.CancellationToken);
        var readings = await kit.Inventory.Call(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = code });

        Assert.Equal([2L], readings.Readings.Select(r => r.Sequence));
        Assert.Equal((2L, 4.0), ((await kit.DeviceAsync(code)).LastSequence, (await kit.DeviceAsync(code)).LastValue));
    }
}
