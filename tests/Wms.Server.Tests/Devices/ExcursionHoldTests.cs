using Wms.Client;
using Microsoft.AspNetCore.Hosting;
using Wms.Contracts.V1;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>With Wms:Devices:HoldZoneOnExcursion, an excursion puts the cold room's stocked bins on hold.</summary>
public sealed class ExcursionHoldTests
{
    private sealed class HoldingServer : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Wms:Devices:HoldZoneOnExcursion", "true");
        }
    }

    [Fact]
    public async Task Excursion_HoldConfigured_StockedBinsOfTheZoneOnHoldEmptyOnesNot()
    {
        await using var factory = new HoldingServer();
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.Inventory.NewSkuAsync();
        await kit.Inventory.StockAsync(sku, 5, "R-03");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "temperature"), Json(1, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":15"));
        Task<Bin> BinAsync(string bin) => kit.Inventory.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = kit.Warehouse, Code = bin });
        var held = await EventuallyAsync(() => BinAsync("R-03"), b => b.OnHold);

        Assert.True(held.OnHold);
        Assert.Contains(code, held.HoldReason, StringComparison.Ordinal);
        Assert.False((await BinAsync("R-04")).OnHold);
    }
}
