using Microsoft.AspNetCore.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Handheld.Tests.Support;
using Wms.Server.Security;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Terminal;

/// <summary>
/// The app as a picker runs it: its own process in a real terminal (tmux), talking HTTP/2 to the real
/// server on a loopback port. Set WMS_HANDHELD_SCREENS to a folder to keep the captured screens (docs/handheld.md).
/// </summary>
public sealed class TerminalSessionTests
{
    private sealed class KestrelServer(int port) : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Wms:Server:Address", "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // A port found free can be taken by another process before Kestrel binds it (a CI run lost it to a parallel
    // test assembly), so a taken port means trying another.
    private static (KestrelServer Server, int Port) StartOnAFreePort()
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePorts.Next();
            var server = new KestrelServer(port);
            try
            {
                server.UseKestrel();
                server.StartServer();
                return (server, port);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                server.Dispose();
            }
        }
    }

    [Fact]
    public async Task Session_InTmux_SignInPickWithAWrongScanAndLookUpStock()
    {
        Tmux.RequireInstalled();
        var started = StartOnAFreePort();
        await using var server = started.Server;
        int port = started.Port;
        var address = $"http://127.0.0.1:{port}";
        using var channel = GrpcChannel.ForAddress(address);
        var admin = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + WmsServerFactory.AdminToken));
        var floor = await Floor.CreateAsync(admin);
        var widget = await floor.SkuAsync("Blue widget 10 pcs");
        var bolts = await floor.SkuAsync("Hex bolts M8");
        await floor.StockAsync(widget.Code, "A-01-02", 10);
        await floor.StockAsync(bolts.Code, "A-01-05", 50);
        await floor.ReleasedOrderAsync((widget.Code, 4), (bolts.Code, 12));
        var picker = server.RegisterToken("ada", Role.Picker);
        var data = Path.Combine(Path.GetTempPath(), "wms-handheld-tmux-" + Floor.Id());
        var app = Path.Combine(AppContext.BaseDirectory, "Wms.Handheld.dll");
        var screens = new List<(string Name, string Screen)>();
        try
        {
            using var tmux = Tmux.Start($"dotnet '{app}' --data-dir '{data}'", HandheldDriver.Width, HandheldDriver.Height);
            screens.Add(("sign-in", await tmux.WaitForAsync("Server [http://127.0.0.1:5000]")));
            tmux.Scan(address);
            screens.Add(("token", await tmux.WaitForAsync("Scan your badge or type your token.")));
            tmux.Scan(picker);
            screens.Add(("warehouse", await tmux.WaitForAsync($"Warehouse [{floor.Warehouse}]")));
            tmux.Scan("");
            screens.Add(("menu", await tmux.WaitForAsync("5 Cycle count")));
            tmux.Scan("1");
            screens.Add(("pick-task", await tmux.WaitForAsync("Scan bin A-01-02")));
            tmux.Scan("A-01-03");
            screens.Add(("wrong-bin", await tmux.WaitForAsync("Wrong bin: expected A-01-02, scanned A-01-03")));
            tmux.Scan("A-01-02");
            await tmux.WaitForAsync("Scan item");
            tmux.Scan(Floor.Label(widget.Gtin, count: 4));
            screens.Add(("quantity", await tmux.WaitForAsync("Qty [4] EA")));
            tmux.Scan("");
            screens.Add(("next-task", await tmux.WaitForAsync("Picked 4. Line done.")));
            Assert.Contains("PICK  line 2 of 2", screens[^1].Screen, StringComparison.Ordinal);
            Assert.Contains("Bin  A-01-05", screens[^1].Screen, StringComparison.Ordinal);
            Assert.Contains("ada  ONLINE", screens[^1].Screen, StringComparison.Ordinal);
            tmux.Scan("l");
            screens.Add(("trip-lines", await tmux.WaitForAsync("TRIP  1 line left")));
            tmux.Scan("");
            await tmux.WaitForAsync("Scan bin A-01-05");
            tmux.Scan("s");
            screens.Add(("short-before-bin", await tmux.WaitForAsync("Scan bin A-01-05 first: a short pick is told at the bin.")));
            tmux.Scan("x");
            await tmux.WaitForAsync("5 Cycle count");
            tmux.Scan("4");
            await tmux.WaitForAsync("Scan bin or item");
            tmux.Scan("A-01-02");
            screens.Add(("stock", await tmux.WaitForAsync("Bin A-01-02")));
            Assert.Contains($"{widget.Code}", screens[^1].Screen, StringComparison.Ordinal);
            Assert.Contains("ONLINE", screens[^1].Screen, StringComparison.Ordinal);
            Assert.Equal(6, await floor.OnHandAsync(widget.Code, "A-01-02"));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("WMS_HANDHELD_SCREENS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                foreach (var (name, screen) in screens)
                {
                    await File.WriteAllTextAsync(Path.Combine(folder, name + ".txt"), screen, TestContext.Current.CancellationToken);
                }
            }

            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
