using System.Diagnostics;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Wms.Mqtt.Bench;

/// <summary>Simulated devices: each its own MQTT connection, publishing temperature readings at QoS 1, one after another (each waits for its PUBACK).</summary>
internal sealed class Devices(string host, int port, IReadOnlyList<(string Code, string Secret)> devices, string warehouse)
{
    public sealed record Run(TimeSpan Elapsed, long Acked, long Failed, double[] AckMillis);

    /// <summary>Whether each device subscribes to its command topic once connected, as real devices do (brokers then hold 1,000 subscriptions).</summary>
    public bool SubscribeToCommands { get; init; }

    public async Task<List<IMqttClient>> ConnectAsync(bool credentials)
    {
        var clients = new List<IMqttClient>();
        foreach (var chunk in devices.Chunk(50))
        {
            clients.AddRange(await Task.WhenAll(chunk.Select(async d =>
            {
                var client = new MqttClientFactory().CreateMqttClient();
                var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId(d.Code)
                    .WithTimeout(TimeSpan.FromSeconds(60));
                if (credentials)
                {
                    options.WithCredentials(d.Code, d.Secret);
                }

                await client.ConnectAsync(options.Build());
                if (SubscribeToCommands)
                {
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"wms/{warehouse}/{d.Code}/cmd", MqttQualityOfServiceLevel.AtLeastOnce).Build());
                }

                return client;
            })));
        }

        return clients;
    }

    /// <summary>The device's time is the wall clock at sending, so stored-at minus ts is the publish-to-stored latency; "sent" is for the relay's subscriber.</summary>
    public static byte[] Payload(long seq) =>
        Encoding.UTF8.GetBytes($"{{\"seq\":{seq},\"ts\":\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffffffZ}\",\"celsius\":{4 + seq % 3},\"sent\":{Stopwatch.GetTimestamp()}}}");

    /// <summary>Every device publishes <paramref name="perDevice"/> readings; the PUBACK round trips are the latencies.</summary>
    public async Task<Run> PublishAsync(List<IMqttClient> clients, int perDevice)
    {
        var latencies = new double[clients.Count * perDevice];
        long acked = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            var code = devices[i].Code;
            var topic = $"wms/{warehouse}/{code}/temperature";
            for (var seq = 1; seq <= perDevice; seq++)
            {
                var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Payload(seq))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                var sent = Stopwatch.GetTimestamp();
                var result = await client.PublishAsync(message);
                latencies[i * perDevice + seq - 1] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (result.IsSuccess)
                {
                    Interlocked.Increment(ref acked);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        return new Run(clock.Elapsed, acked, failed, latencies);
    }

    public static double Percentile(double[] values, double p)
    {
        var sorted = values.Where(v => v > 0).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
