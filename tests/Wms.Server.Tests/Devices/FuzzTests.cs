using Wms.Client;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Wms.Contracts.V1;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>
/// A bounded fuzz run with a fixed seed: 100,000 malformed payloads from authenticated devices and 2,000
/// connections sending garbage or damaged CONNECT packets. The server must stay up, count every bad payload
/// against its device, and keep serving a well-behaved device.
/// </summary>
public sealed class FuzzTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private const int Devices = 50;
    private const int PayloadsPerDevice = 2_000;
    private const int RawConnections = 2_000;

    [Fact]
    public async Task Fuzz_MalformedPayloadsAndPackets_AllRejectedAndAHealthyDeviceStillServed()
    {
        var kit = await CreateAsync(factory);
        var fuzzers = new List<(string Code, string Secret)>();
        for (var i = 0; i < Devices; i++)
        {
            fuzzers.Add(await kit.ProbeAsync());
        }

        var (healthy, healthySecret) = await kit.ProbeAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rawRun = FuzzPacketsAsync(kit.Port, new Random(7));
        var sent = await Task.WhenAll(fuzzers.Select((d, i) => FuzzPayloadsAsync(kit, d.Code, d.Secret, new Random(1000 + i))));
        var published = clock.Elapsed;
        var raw = await rawRun;
        var packets = clock.Elapsed;

        using var client = await kit.ConnectAsync(healthy, healthySecret);
        var ack = await PublishAsync(client, kit.Topic(healthy, "temperature"), Json(1, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":4"));
        var devices = await EventuallyAsync(
            async () => (await kit.Inventory.Call(WmsMethods.Device.ListDevices, new ListDevicesRequest { WarehouseCode = kit.Warehouse })).Devices.ToList(),
            list => list.Where(d => d.Code != healthy).Sum(d => d.Rejected) >= sent.Sum(), seconds: 60);
        var timings = $"{devices.Where(d => d.Code != healthy).Sum(d => d.Rejected)} of {sent.Sum()} counted; payloads published in {published.TotalSeconds:0.0} s, raw packets done at {packets.TotalSeconds:0.0} s, all counted at {clock.Elapsed.TotalSeconds:0.0} s";

        Assert.Equal(Devices * PayloadsPerDevice, sent.Sum());
        Assert.Equal(RawConnections, raw);
        Assert.True(ack.IsSuccess, ack.ReasonString);
        Assert.Equal(1L, devices.Single(d => d.Code == healthy).Accepted);
        Assert.True(sent.Sum() == devices.Where(d => d.Code != healthy).Sum(d => d.Rejected), timings);
        TestContext.Current.SendDiagnosticMessage(timings);
        Assert.Equal(0L, devices.Where(d => d.Code != healthy).Sum(d => d.Accepted));
    }

    /// <summary>Publishes malformed payloads at QoS 0 and 1 (reconnecting if the broker closes the connection); returns how many were sent.</summary>
    private static async Task<int> FuzzPayloadsAsync(DeviceKit kit, string code, string secret, Random random)
    {
        var client = await kit.ConnectAsync(code, secret);
        var sent = 0;
        try
        {
            while (sent < PayloadsPerDevice)
            {
                if (!client.IsConnected)
                {
                    client.Dispose();
                    client = await kit.ConnectAsync(code, secret);
                }

                var (topic, payload) = Malformed(kit, code, random);
                // The last one at QoS 1: its acknowledgement says the broker has read all before it, so hanging up loses none.
                var qos = sent % 20 == 0 || sent == PayloadsPerDevice - 1 ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce;
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build(),
                    TestContext.Current.CancellationToken);
                sent++;
            }
        }
        finally
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), TestContext.Current.CancellationToken);
            }

            client.Dispose();
        }

        return sent;
    }

    private static (string Topic, byte[] Payload) Malformed(DeviceKit kit, string code, Random random)
    {
        var kinds = new[] { "temperature", "weight", "heartbeat", "scan", "nonsense" };
        var topic = random.Next(10) switch
        {
            0 => $"wms/{kit.Warehouse}/{code}/cmd",
            1 => $"wms/{kit.Warehouse}/someone-else/temperature",
            2 => $"wms/{kit.Warehouse}/{code}/a/b/c",
            _ => kit.Topic(code, kinds[random.Next(kinds.Length)]),
        };
        var valid = Json(random.Next(1, 1000), DateTimeOffset.UtcNow.AddMinutes(-5), "\"celsius\":4");
        byte[] payload = random.Next(8) switch
        {
            0 => RandomBytes(random, random.Next(0, 64)),
            1 => Encoding.UTF8.GetBytes(valid[..random.Next(0, valid.Length - 1)]),
            2 => Encoding.UTF8.GetBytes($"{{\"seq\":\"{random.Next()}\",\"ts\":\"2026-01-01T00:00:00Z\",\"celsius\":4}}"),
            3 => Encoding.UTF8.GetBytes($"{{\"seq\":{random.Next(1, 9)}e400,\"ts\":\"2026-01-01T00:00:00Z\"}}"),
            4 => Encoding.UTF8.GetBytes(new string('[', 100 + random.Next(1000)) + new string(']', 100)),
            5 => Encoding.UTF8.GetBytes($"{{\"seq\":-{random.Next(1, 100)},\"ts\":\"not a time\",\"celsius\":null}}"),
            6 => [0xC3, 0x28, 0xFF, 0xFE, .. RandomBytes(random, 8)],
            _ => Encoding.UTF8.GetBytes("{\"seq\":1,\"ts\":\"2026-01-01T00:00:00Z\",\"celsius\":\"" + new string('x', 9_000) + "\"}"),
        };
        return (topic, payload);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Raw TCP: garbage, or a CONNECT packet with damaged bytes; each connection is read until the broker closes it (or briefly).</summary>
    private static async Task<int> FuzzPacketsAsync(int port, Random random)
    {
        byte[] connect = [0x10, 0x12, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0xC2, 0x00, 0x3C, 0x00, 0x02, (byte)'f', (byte)'z', 0x00, 0x01, (byte)'u', 0x00];
        var done = 0;
        var buffer = new byte[256];
        for (var i = 0; i < RawConnections; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = RandomBytes(random, random.Next(1, 48));
            }
            else
            {
                packet = (byte[])connect.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
                await socket.SendAsync(packet, SocketFlags.None, TestContext.Current.CancellationToken);
                // Half the connections wait briefly for the broker's answer (or close); the rest hang up at once.
                if (i % 4 < 2)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                    wait.CancelAfter(5);
                    await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
            }

            done++;
        }

        return done;
    }
}
