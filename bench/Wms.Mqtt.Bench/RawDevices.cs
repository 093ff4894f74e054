using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Wms.Mqtt.Bench;

/// <summary>
/// Simulated devices at a few µs of CPU per reading, run as a child process of the bench (<c>raw-devices</c>) so
/// their CPU is measured apart from the server's. MQTTnet's own packet formatter encodes every device's CONNECT and
/// all its QoS 1 PUBLISH packets once, ahead of time; they are written on plain sockets, a window of them in flight
/// per device, each new one sent as a PUBACK comes back (MQTTnet decodes the CONNACK and every PUBACK). The only
/// thing this file knows of MQTT's framing is where a packet ends (fixed header, remaining length), so it can hand
/// each one to MQTTnet. Just before a packet is sent, its <c>ts</c> is overwritten with the wall clock (same width),
/// so "publish → stored" is measured from the moment it leaves the device.
/// </summary>
internal sealed class RawDevices
{
    private const string TsPlaceholder = "0000-00-00T00:00:00.0000000Z";

    private readonly Device[] _devices;
    private readonly int _window;
    private long _acked, _failed;
    private readonly double[] _ackMillis;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RawDevices(Device[] devices, int window, int perDevice)
    {
        _devices = devices;
        _window = window;
        _ackMillis = new double[devices.Length * perDevice];
    }

    /// <summary>The child process: reads "code secret" lines from a file, connects all, says "ready", waits for "go" on stdin, publishes, says the result, and exits when stdin closes.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        // raw-devices <port> <warehouse> <devices file> <readings per device> <window> <credentials: true|false>
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var warehouse = args[2];
        var devices = File.ReadAllLines(args[3]).Select(l => l.Split(' ')).Select(f => (f[0], f.Length > 1 ? f[1] : "")).ToList();
        var perDevice = int.Parse(args[4], CultureInfo.InvariantCulture);
        var window = int.Parse(args[5], CultureInfo.InvariantCulture);
        var credentials = bool.Parse(args[6]);

        var raw = await ConnectAsync(port, warehouse, devices, perDevice, window, credentials);
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return 2;
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        raw.Start();
        await Task.WhenAny(raw._done.Task, Task.Delay(TimeSpan.FromMinutes(5)));
        var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done {Interlocked.Read(ref raw._acked)} {Interlocked.Read(ref raw._failed)} {Devices.Percentile(raw._ackMillis, 0.99):0.0} {seconds:0.000} {clock.Elapsed.TotalSeconds:0.000}"));
        // Stay up (connections open, process alive) until the bench has read this process's CPU and closes stdin.
        Console.ReadLine();
        foreach (var device in raw._devices)
        {
            device.Socket.Dispose();
        }

        return 0;
    }

    private static async Task<RawDevices> ConnectAsync(int port, string warehouse, List<(string Code, string Secret)> list, int perDevice, int window, bool credentials)
    {
        var formatter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V500, new MqttBufferWriter(4096, 65536));
        var devices = new Device[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var (code, secret) = list[i];
            devices[i] = Encode(formatter, i, $"wms/{warehouse}/{code}/temperature", perDevice);
        }

        var raw = new RawDevices(devices, window, perDevice);
        foreach (var chunk in Enumerable.Range(0, list.Count).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(async i =>
            {
                var (code, secret) = list[i];
                var connect = new MqttConnectPacket
                {
                    ClientId = code, CleanSession = true, KeepAlivePeriod = 600,
                    Username = credentials ? code : null, Password = credentials ? Encoding.UTF8.GetBytes(secret) : null,
                };
                byte[] bytes;
                lock (formatter)
                {
                    bytes = formatter.Encode(connect).ToArray();
                }

                var socket = devices[i].Socket;
                socket.NoDelay = true;
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await socket.SendAsync(bytes);
                var connack = await ReadPacketAsync(socket, formatter);
                if (connack is not MqttConnAckPacket { ReasonCode: MqttConnectReasonCode.Success })
                {
                    throw new InvalidOperationException($"{code} was not let in: {connack}");
                }
            }));
        }

        return raw;
    }

    /// <summary>Every PUBLISH of one device, encoded once by MQTTnet, packet identifier = sequence number.</summary>
    private static Device Encode(MqttPacketFormatterAdapter formatter, int index, string topic, int perDevice)
    {
        var all = new List<byte>();
        var offsets = new int[perDevice + 1];
        var tsAt = new int[perDevice];
        for (var seq = 1; seq <= perDevice; seq++)
        {
            var payload = Encoding.UTF8.GetBytes($"{{\"seq\":{seq},\"ts\":\"{TsPlaceholder}\",\"celsius\":{4 + seq % 3}}}");
            var packet = formatter.Encode(new MqttPublishPacket
            {
                Topic = topic, Payload = new ReadOnlySequence<byte>(payload), QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, PacketIdentifier = (ushort)seq,
            }).ToArray();
            offsets[seq - 1] = all.Count;
            tsAt[seq - 1] = all.Count + packet.AsSpan().IndexOf(Encoding.ASCII.GetBytes(TsPlaceholder));
            all.AddRange(packet);
        }

        offsets[perDevice] = all.Count;
        return new Device(index, [.. all], offsets, tsAt, new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
    }

    private void Start()
    {
        foreach (var device in _devices)
        {
            _ = ReceiveLoopAsync(device);
            lock (device)
            {
                Send(device, Math.Min(_window, device.Count));
            }
        }
    }

    /// <summary>Sends the device's next <paramref name="count"/> packets in one write, each stamped with the time now.</summary>
    private static void Send(Device device, int count)
    {
        if (count <= 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var ts = Encoding.ASCII.GetBytes(DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        var from = device.Sent;
        for (var i = from; i < from + count; i++)
        {
            ts.CopyTo(device.Packets, device.TsAt[i]);
            device.SentAt[i] = now;
        }

        device.Sent += count;
        device.Socket.Send(device.Packets.AsSpan(device.Offsets[from], device.Offsets[from + count] - device.Offsets[from]));
    }

    private async Task ReceiveLoopAsync(Device device)
    {
        var formatter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V500, new MqttBufferWriter(256, 65536));
        var buffer = new byte[16 * 1024];
        var filled = 0;
        try
        {
            while (device.Acked + device.Failed < device.Count)
            {
                var read = await device.Socket.ReceiveAsync(buffer.AsMemory(filled));
                if (read == 0)
                {
                    throw new SocketException((int)SocketError.ConnectionReset);
                }

                filled += read;
                var at = 0;
                var answered = 0;
                while (Frame(buffer.AsSpan(at, filled - at), out var header, out var total))
                {
                    var packet = formatter.Decode(new ReceivedMqttPacket(buffer[at], new ArraySegment<byte>(buffer, at + header, total - header), total));
                    if (packet is MqttPubAckPacket ack)
                    {
                        var i = ack.PacketIdentifier - 1;
                        _ackMillis[device.Index * device.Count + i] = Stopwatch.GetElapsedTime(device.SentAt[i]).TotalMilliseconds;
                        if (ack.ReasonCode is MqttPubAckReasonCode.Success or MqttPubAckReasonCode.NoMatchingSubscribers)
                        {
                            device.Acked++;
                            Interlocked.Increment(ref _acked);
                        }
                        else
                        {
                            device.Failed++;
                            Interlocked.Increment(ref _failed);
                        }

                        answered++;
                    }

                    at += total;
                }

                Buffer.BlockCopy(buffer, at, buffer, 0, filled - at);
                filled -= at;
                lock (device)
                {
                    Send(device, Math.Min(answered, device.Count - device.Sent));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Interlocked.Add(ref _failed, device.Count - device.Acked - device.Failed);
            device.Failed = device.Count - device.Acked;
        }

        if (Interlocked.Increment(ref _finished) == _devices.Length)
        {
            _done.TrySetResult();
        }
    }

    private int _finished;

    /// <summary>Whether a whole packet is at the start of <paramref name="data"/>: its fixed header's length and its total length.</summary>
    private static bool Frame(ReadOnlySpan<byte> data, out int header, out int total)
    {
        header = total = 0;
        var length = 0;
        for (var i = 1; i < Math.Min(data.Length, 5); i++)
        {
            length |= (data[i] & 0x7F) << (7 * (i - 1));
            if ((data[i] & 0x80) == 0)
            {
                header = i + 1;
                total = header + length;
                return data.Length >= total;
            }
        }

        return false;
    }

    private static async Task<MqttPacket> ReadPacketAsync(Socket socket, MqttPacketFormatterAdapter formatter)
    {
        var buffer = new byte[1024];
        var filled = 0;
        while (true)
        {
            filled += await socket.ReceiveAsync(buffer.AsMemory(filled));
            if (Frame(buffer.AsSpan(0, filled), out var header, out var total))
            {
                lock (formatter)
                {
                    return formatter.Decode(new ReceivedMqttPacket(buffer[0], new ArraySegment<byte>(buffer, header, total - header), total));
                }
            }
        }
    }

    private sealed class Device(int index, byte[] packets, int[] offsets, int[] tsAt, Socket socket)
    {
        public int Index { get; } = index;
        public byte[] Packets { get; } = packets;
        public int[] Offsets { get; } = offsets;
        public int[] TsAt { get; } = tsAt;
        public Socket Socket { get; } = socket;
        public int Count => Offsets.Length - 1;
        public long[] SentAt { get; } = new long[offsets.Length - 1];
        public int Sent { get; set; }
        public int Acked { get; set; }
        public int Failed { get; set; }
    }
}
