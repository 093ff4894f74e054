using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Wms.Server.Transport.Mqtt;

/// <summary>
/// Rebuilds the stored sessions in a freshly started broker (<see cref="PersistentSessions"/>). MQTTnet creates a
/// session only for a connection, so each is rebuilt through MQTTnet's own front door: a loopback MQTTnet client
/// signs in under the session's client id (clean start off, with the session's remaining expiry, as
/// <see cref="PersistentSessions.RestorerUserName"/> with a secret known to this process only), subscribes with the
/// stored options (retained messages not re-sent), and disconnects, which leaves MQTTnet holding that session. The
/// unacknowledged messages are then injected again, each let through to its own session only.
/// </summary>
internal sealed partial class SessionRestore(SessionStore store, TimeProvider time, ILogger logger)
{
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    // Sessions being rebuilt right now (client id → belongs to a device), and the stored messages being injected again (→ the one session each is for).
    private readonly ConcurrentDictionary<string, bool> _rebuilding = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<MqttApplicationMessage, string> _replays = [];
    private volatile bool _restoring;

    /// <summary>True while the stored sessions are rebuilt at start: other clients are refused until then.</summary>
    public bool Restoring => _restoring;

    /// <summary>Whether a connection is this process's restoring client; if so, whether the session it rebuilds is a device's.</summary>
    public bool IsRestorer(ValidatingConnectionEventArgs e, out bool isDevice)
    {
        isDevice = false;
        return _restoring && e.UserName == PersistentSessions.RestorerUserName
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(e.Password), System.Text.Encoding.ASCII.GetBytes(_secret))
            && _rebuilding.TryGetValue(e.ClientId ?? "", out isDevice);
    }

    /// <summary>Whether the message is a stored one injected again; if so, the one session it is for.</summary>
    public bool IsReplay(MqttApplicationMessage message, out string target) => _replays.TryGetValue(message, out target!);

    /// <summary>Whether the session is being rebuilt right now (the restoring client must not take its messages).</summary>
    public bool IsRebuilding(string clientId) => _rebuilding.ContainsKey(clientId);

    /// <summary>
    /// Rebuilds the stored sessions (see the class summary); expired sessions and those of devices no longer enabled
    /// are deleted instead. <paramref name="endPoint"/> is where the broker listens; <paramref name="keep"/> is told each
    /// session to be kept, with its subscriptions, before its client connects.
    /// </summary>
    public async Task RestoreAsync(
        MqttServer server, IPEndPoint endPoint, Func<string, bool> deviceEnabled, Action<string, List<MqttTopicFilter>> keep, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // One pass: the expired and disabled ones are deleted, the rest kept (a second lookup per session would be quadratic at start).
        var live = new List<(StoredSession Row, long Remaining, List<MqttTopicFilter> Filters)>();
        foreach (var (row, filters) in store.LoadSessions())
        {
            var remaining = Remaining(row, now);
            if (remaining <= 0 || row.IsDevice && !deviceEnabled(row.ClientId))
            {
                await store.DeleteAsync("MqttSessionExpired", row.ClientId);
            }
            else
            {
                live.Add((row, remaining, filters));
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        var host = endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : endPoint.Address;
        _restoring = true;
        var restored = 0;
        try
        {
            foreach (var (row, remaining, filters) in live)
            {
                try
                {
                    _rebuilding[row.ClientId] = row.IsDevice;
                    keep(row.ClientId, filters);
                    await RebuildAsync(server, new IPEndPoint(host, endPoint.Port), row, (uint)remaining, filters, now, cancellationToken);
                    restored++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _rebuilding.TryRemove(row.ClientId, out _);
                    LogRestoreFailed(logger, row.ClientId, ex.Message);
                }
            }
        }
        finally
        {
            _restoring = false;
        }

        LogRestored(logger, restored, live.Count);
    }

    private async Task RebuildAsync(MqttServer server, IPEndPoint endPoint, StoredSession row, uint remaining, List<MqttTopicFilter> filters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (var client = new MqttClientFactory().CreateMqttClient())
        {
            var options = new MqttClientOptionsBuilder().WithEndPoint(endPoint).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId(row.ClientId).WithCleanStart(false).WithSessionExpiryInterval(remaining)
                .WithCredentials(PersistentSessions.RestorerUserName, _secret).WithTimeout(TimeSpan.FromSeconds(10)).Build();
            await client.ConnectAsync(options, cancellationToken);
            if (filters.Count > 0)
            {
                var subscribe = new MqttClientSubscribeOptions();
                foreach (var f in filters)
                {
                    // Retained messages were sent when the client first subscribed; a resumed session does not get them again.
                    subscribe.TopicFilters.Add(new MqttTopicFilter
                    {
                        Topic = f.Topic, QualityOfServiceLevel = f.QualityOfServiceLevel, NoLocal = f.NoLocal, RetainAsPublished = f.RetainAsPublished,
                        RetainHandling = MqttRetainHandling.DoNotSendOnSubscribe,
                    });
                }

                await client.SubscribeAsync(subscribe, cancellationToken);
            }

            await client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.NormalDisconnection }, cancellationToken);
        }

        _rebuilding.TryRemove(row.ClientId, out _);
        if (row.DisconnectedAt is null)
        {
            // Its connection ended with the previous process: the expiry counts from now.
            await store.DisconnectedAsync(row.ClientId, now);
        }

        foreach (var message in store.LoadMessages(row.ClientId))
        {
            _replays.AddOrUpdate(message, row.ClientId);
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "" }, cancellationToken);
        }
    }

    /// <summary>Seconds the session has left (MQTT 5 3.1.2.11.2: counted from the end of its connection).</summary>
    private static long Remaining(StoredSession s, DateTimeOffset now)
    {
        if (s.ExpirySeconds >= StoredSession.NeverExpires)
        {
            return StoredSession.NeverExpires;
        }

        var gone = s.DisconnectedAt is { } at ? (long)Math.Max(0, (now - at).TotalSeconds) : 0;
        return s.ExpirySeconds - gone;
    }

    [LoggerMessage(1, LogLevel.Information, "Restored {Restored} of {Stored} persistent MQTT sessions.")]
    private static partial void LogRestored(ILogger logger, int restored, int stored);

    [LoggerMessage(2, LogLevel.Warning, "The persistent MQTT session '{ClientId}' could not be restored: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string clientId, string reason);
}
