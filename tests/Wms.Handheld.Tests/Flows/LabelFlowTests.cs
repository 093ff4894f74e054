using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Wms.Handheld.Device;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

public sealed partial class LabelFlowTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    /// <summary>A label printer's raw port on a free loopback port: keeps what one connection sent.</summary>
    private sealed class FakePrinter : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task<string> _received;

        public FakePrinter()
        {
            _listener.Start();
            _received = ReceiveAsync();
        }

        public string Address => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public Task<string> Received => _received.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        private async Task<string> ReceiveAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            return await reader.ReadToEndAsync();
        }

        public void Dispose() => _listener.Dispose();
    }

    [GeneratedRegex(@"\^XA.*?\^XZ", RegexOptions.Singleline)]
    private static partial Regex LabelFormat();

    [Fact]
    public async Task Label_TwoCartonsAtAStation_ZplForEachCartonSentToThatStationsPrinter()
    {
        using var printer = new FakePrinter();
        using var other = new FakePrinter();
        var settings = new DeviceSettings { Printers = { ["PACK-1"] = printer.Address, ["PACK-2"] = other.Address } };
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server, settings: settings);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        await floor.StockAsync(sku.Code, "A-01-01", 5);
        var order = await floor.ReleasedOrderAsync((sku.Code, 2));

        Assert.Equal("Scan station", (await device.SendAsync("6")).Prompt);
        Assert.Equal("Scan order (x = menu)", (await device.SendAsync("pack-1")).Prompt);
        var cartons = await device.SendAsync(order);
        Assert.True(cartons.Shows("Ada Shop") && cartons.Shows("1 Main St"), cartons.Text);
        var sent = await device.SendAsync("2");

        Assert.Equal("2 labels for " + order + " sent to PACK-1.", sent.Message);
        var zpl = await printer.Received;
        var labels = LabelFormat().Matches(zpl).Select(m => m.Value).ToList();
        Assert.Equal(2, labels.Count);
        Assert.Equal(zpl.Replace("\n", "", StringComparison.Ordinal), string.Concat(labels).Replace("\n", "", StringComparison.Ordinal));
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("^FH\\^FDAda Shop^FS", labels[i], StringComparison.Ordinal);
            Assert.Contains($"^FDORDER {order}^FS", labels[i], StringComparison.Ordinal);
            Assert.Contains($"^FDCARTON {i + 1} OF 2^FS", labels[i], StringComparison.Ordinal);
            Assert.Contains($"^BCN,200,Y,N,N^FH\\^FD{order}^FS", labels[i], StringComparison.Ordinal);
            // Every field opened with ^FO is closed with ^FS before the next one.
            Assert.Equal(Regex.Count(labels[i], @"\^FO"), Regex.Count(labels[i], @"\^FS"));
        }

        Assert.Equal("PACK-1", DeviceSettings.Load(device.DataDirectory).Station);
        Assert.False(other.Received.IsCompleted);
    }

    [Fact]
    public async Task Label_StationWithoutPrinterOrPrinterDown_SaysWhichAndWhatToDo()
    {
        int closedPort;
        using (var gone = new TcpListener(IPAddress.Loopback, 0))
        {
            gone.Start();
            closedPort = ((IPEndPoint)gone.LocalEndpoint).Port;
        }

        var settings = new DeviceSettings { Printers = { ["PACK-9"] = "127.0.0.1:" + closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server, settings: settings);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        await floor.StockAsync(sku.Code, "A-01-01", 5);
        var order = await floor.ReleasedOrderAsync((sku.Code, 2));

        var unknown = await device.SendAsync("6", "PACK-3");
        var down = await device.SendAsync("PACK-9", order, "");

        Assert.Equal("No printer set up for station PACK-3: add it under Printers in settings.json.", unknown.Message);
        Assert.Equal(($"Printer of PACK-9 (127.0.0.1:{closedPort}) does not answer: check it is on and has paper.", true), (down.Message, down.Bell));
    }

    [Fact]
    public void ShippingLabel_CaretTildeAndBackslashInAName_EscapedSoTheyCannotEndTheField()
    {
        var order = new Wms.Contracts.V1.Order { Reference = "SO-1", CustomerName = "A^B~C\\D", AddressLine = "x" };

        var zpl = ShippingLabel.Zpl(order, "W1", 1, 1);

        Assert.Contains("^FH\\^FDA\\5EB\\7EC\\5CD^FS", zpl, StringComparison.Ordinal);
    }
}
