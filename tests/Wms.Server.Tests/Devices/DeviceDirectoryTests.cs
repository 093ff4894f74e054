using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Wms.Server.Data;
using Wms.Server.Tests.Security;
using Xunit;
using DeviceDirectory = Wms.Server.Devices.DeviceDirectory;

namespace Wms.Server.Tests.Devices;

public sealed class DeviceDirectoryTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task FindOrLoadAsync_RegisteredThroughAnotherServerAfterAMiss_FoundOnceTheMissIsForgotten()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var clock = new ManualClock();
        // A second server's directory on the same database: the registration below reaches only the first one's.
        var other = new DeviceDirectory(factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>(), clock);
        var code = DeviceKit.NewCode("SCN");

        var before = await other.FindOrLoadAsync(code, CancellationToken.None);
        await kit.RegisterAsync(new RegisterDeviceRequest { Code = code, Kind = DeviceKind.Scanner });
        var whileMissKept = await other.FindOrLoadAsync(code, CancellationToken.None);
        clock.Now += TimeSpan.FromSeconds(6);
        var after = await other.FindOrLoadAsync(code, CancellationToken.None);

        Assert.Null(before);
        Assert.Null(whileMissKept);
        Assert.Equal(code, after?.Code);
        Assert.Equal(kit.Warehouse, after?.WarehouseCode);
        Assert.Same(after, other.Find(code));
    }
}
