using Wms.Handheld.Ui;

namespace Wms.Simulator.Day;

/// <summary>What every simulated operator does on the handheld before their own flow: sign in and choose the warehouse.</summary>
public static class HandheldHabits
{
    private static readonly TimeSpan ScanTime = TimeSpan.FromSeconds(2);

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
