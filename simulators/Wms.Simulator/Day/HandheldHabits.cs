using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Ui;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

/// <summary>What every simulated operator does on the handheld before their own flow: sign in and choose the warehouse.</summary>
public static class HandheldHabits
{
    private static readonly TimeSpan ScanTime = TimeSpan.FromSeconds(2);

    /// <summary>A token of their own (role picker) from AccessService, and the handheld app started with it at hand.</summary>
    public static async Task<(string Token, HandheldDriver Device)> TakeHandheldAsync(string name, ServerLink link, EventLoop loop, DayMetrics metrics)
    {
        var created = await link.CallAsync(metrics, WmsMethods.Access.CreateToken,
            new CreateTokenRequest { RequestId = link.NextRequestId("token"), Name = name, Roles = { "picker" } });
        var device = new HandheldDriver(link, loop.Clock);
        device.Answered += elapsed => metrics.HandheldMilliseconds.Add(elapsed.TotalMilliseconds);
        await device.StartAsync();
        return (created.Token, device);
    }

    /// <summary>Answers the sign-in screens (server address, token, warehouse); null when the screen is none of them.</summary>
    public static async Task<TimeSpan?> SignInAsync(HandheldDriver device, ScreenFrame screen, string address, string token, string warehouse)
    {
        if (screen.Title.StartsWith("WMS HANDHELD", StringComparison.Ordinal))
        {
            await device.SendAsync(screen.Prompt.StartsWith("Server", StringComparison.Ordinal) ? address : token);
            return ScanTime;
        }

        if (screen.Title == "WAREHOUSE")
        {
            await device.SendAsync(warehouse);
            return ScanTime;
        }

        return null;
    }
}
