using Wms.Handheld.Device;
using Wms.Server.Security;
using Wms.Server.Tests;

namespace Wms.Handheld.Tests.Support;

/// <summary>Per test: a warehouse on the class's server, a picker token, and a device on a pullable cable.</summary>
public static class HandheldFixture
{
    public static async Task<(Floor Floor, string Picker, Cable Cable, HandheldDriver Device)> StartAsync(WmsServerFactory server, bool signIn = true, DeviceSettings? settings = null)
    {
        var floor = await Floor.CreateAsync(server.CreateInvoker());
        var picker = server.RegisterToken("picker-" + Floor.Id()[..6], Role.Picker);
        var cable = new Cable(server.Server.CreateHandler());
        var device = new HandheldDriver(cable, settings: settings);
        if (signIn)
        {
            await device.SignInAsync(picker, floor.Warehouse);
        }

        return (floor, picker, cable, device);
    }
}
