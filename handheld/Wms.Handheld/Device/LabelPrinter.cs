using System.Net.Sockets;
using System.Text;

namespace Wms.Handheld.Device;

/// <summary>
/// A network label printer's raw port (TCP 9100, "JetDirect"): the ZPL is written as it is and the
/// connection closed; the printer prints what it received. A printer that does not answer within the
/// timeout is reported, never waited on for long with the picker standing at the station.
/// </summary>
public static class LabelPrinter
{
    public const int RawPort = 9100;

    /// <summary>"host" or "host:port" (9100 when no port is given).</summary>
    public static (string Host, int Port)? ParseAddress(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            return address.Length > 0 ? (address, RawPort) : null;
        }

        return int.TryParse(address[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535 && colon > 0
            ? (address[..colon], port)
            : null;
    }

    public static async Task SendAsync(string host, int port, string zpl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(zpl), deadline.Token);
        await stream.FlushAsync(deadline.Token);
        client.Client.Shutdown(SocketShutdown.Send);
    }
}
