using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Wms.Server.Devices;
using Wms.Server.Security;

namespace Wms.Server.Transport.Mqtt;

/// <summary>
/// The MQTTnet broker hosted in the server. Devices sign in with their code as user name (and client id)
/// and their secret as password; people and tools that only watch sign in with user name <c>token</c> and a
/// WMS bearer token (admin or supervisor) as password and may subscribe under <c>wms/</c>, never publish.
/// A device publishes only under <c>wms/{its warehouse}/{its code}/</c> and subscribes only to its command
/// topic. A reading is handled inside MQTTnet's publish interception, which MQTTnet awaits before it
/// queues the PUBACK (QoS 1) or PUBREC (QoS 2): the acknowledgement leaves only after the commit.
/// </summary>
public sealed partial class EmbeddedBroker(
    IOptions<MqttOptions> options, DeviceDirectory directory, TokenAuthenticator tokens, IServiceProvider services, ILogger<EmbeddedBroker> logger)
    : IHostedService, IMqttOutbound
{
    public const string ObserverUserName = "token";
    private const string DeviceItem = "wms.device";

    private MqttServer? _server;
    private MqttIngest? _ingest;
    private PersistentSessions? _sessions;

    // Sessions of watchers that have subscribed (client id), until MQTTnet deletes the session. Only a watcher can
    // match a reading's topic (a device subscribes to its own cmd topic only), so with none, a reading need not be
    // routed: MQTTnet checks every subscribed session per message, and with 1,000 devices subscribed to their cmd
    // topics that check doubled the CPU per reading (docs/benchmarks.md).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _watchers = new(StringComparer.Ordinal);

    /// <summary>The port plain MQTT is served on (the one picked when configured as 0).</summary>
    public int Port { get; private set; }

    public int TlsPort { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        _ingest = services.GetRequiredService<MqttIngest>();
        _sessions = services.GetRequiredService<PersistentSessions>();
        var plain = ParseEndPoint(o.Address, "Wms:Mqtt:Address");
        var builder = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(plain.Address)
            .WithDefaultEndpointPort(plain.Port)
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(o.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropNewMessage);
        if (!string.IsNullOrEmpty(o.CertificatePath))
        {
            var tls = ParseEndPoint(o.TlsAddress, "Wms:Mqtt:TlsAddress");
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, o.CertificatePassword);
            builder.WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(tls.Address).WithEncryptedEndpointPort(tls.Port).WithEncryptionCertificate(certificate);
        }

        var serverOptions = builder.Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.SessionDeletedAsync += SessionDeletedAsync;
        services.GetRequiredService<RetainedMessages>().Attach(_server);
        _sessions.Attach(_server);
        directory.CredentialsRevoked += Disconnect;
        await _server.StartAsync();

        // Port 0 is bound by the system and MQTTnet writes the port it got back into the endpoint options. Reading
        // it there, rather than picking a free port first, leaves no moment in which another process can take it.
        Port = serverOptions.DefaultEndpointOptions.Port;
        TlsPort = serverOptions.TlsEndpointOptions is { IsEnabled: true } tlsEndpoint ? tlsEndpoint.Port : 0;
        await _sessions.RestoreAsync(_server, new IPEndPoint(plain.Address, Port), code => directory.Find(code) is { Enabled: true }, cancellationToken);
        LogStarted(logger, plain.Address.ToString(), Port, TlsPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        directory.CredentialsRevoked -= Disconnect;
        if (_server is null)
        {
            return;
        }

        // MQTTnet 5.2 can fail while it stops under load: "Collection was modified" as its listener's client list
        // changes under it, seen thrown directly and as the failure of a test fixture's shutdown after a fuzz run
        // whose detail the log did not keep. Whatever it throws, every stored reading was committed before its
        // acknowledgement, so nothing is lost: the broker goes away with the process, and the host's other
        // services still get their stop.
        try
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }
        catch (Exception ex)
        {
            LogStopFailed(logger, "stop", ex.GetType().Name, ex.Message);
        }

        try
        {
            _server.Dispose();
        }
        catch (Exception ex)
        {
            LogStopFailed(logger, "dispose", ex.GetType().Name, ex.Message);
        }
    }

    public Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        if (_server is not { IsStarted: true })
        {
            return Task.CompletedTask;
        }

        var message = MqttTopics.ServerMessage(topic, payload, retain);
        return _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "" }, cancellationToken);
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (_sessions!.IsRestorer(e, out var rebuildsDevice))
        {
            // This process rebuilding a stored session (PersistentSessions): the session gets the device it belongs to, as at its first connection.
            if (rebuildsDevice && directory.Find(e.ClientId) is { } owner)
            {
                e.SessionItems[DeviceItem] = owner;
            }

            return Task.CompletedTask;
        }

        if (_sessions.Restoring)
        {
            e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            e.ReasonString = "the server is restoring persistent sessions; connect again in a moment";
            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(e.ClientId))
        {
            // MQTTnet answers "client identifier not valid" to an empty id left unassigned, whatever reason is set
            // below: a provisional id keeps a refusal's real reason (bad credentials, not authorized) in the CONNACK.
            e.AssignedClientIdentifier = "unassigned-" + Guid.NewGuid().ToString("N")[..12];
        }

        if (e.UserName == ObserverUserName)
        {
            var caller = string.IsNullOrEmpty(e.Password) ? null : tokens.Authenticate(e.Password);
            if (caller is null || !caller.IsInAnyRole([Role.Supervisor]))
            {
                e.ReasonCode = caller is null ? MqttConnectReasonCode.BadUserNameOrPassword : MqttConnectReasonCode.NotAuthorized;
                e.ReasonString = "user 'token' needs the bearer token of an admin or supervisor as password";
            }
            else if (string.IsNullOrEmpty(e.ClientId) && !AssignClientId(e, "observer-" + Guid.NewGuid().ToString("N")[..12]))
            {
                return Task.CompletedTask;
            }
            else
            {
                _sessions.Connecting(e, string.IsNullOrEmpty(e.ClientId) ? e.AssignedClientIdentifier : e.ClientId, isDevice: false);
            }

            return Task.CompletedTask;
        }

        var device = string.IsNullOrEmpty(e.UserName) || e.Password is null ? null : directory.Authenticate(e.UserName, e.Password);
        if (device is null)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            e.ReasonString = "unknown or disabled device, or wrong secret";
            return Task.CompletedTask;
        }

        // The client id is the device's code: one session per device, and a second connection takes the first over (as MQTT requires).
        if (string.IsNullOrEmpty(e.ClientId))
        {
            if (!AssignClientId(e, device.Code))
            {
                return Task.CompletedTask;
            }
        }
        else if (e.ClientId != device.Code)
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            e.ReasonString = $"the client id must be the device code '{device.Code}' or empty";
            return Task.CompletedTask;
        }

        e.SessionItems[DeviceItem] = device;
        _sessions.Connecting(e, device.Code, isDevice: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// An empty client id: MQTT 5 lets the server assign one; MQTT 3.1.1 only with a clean session
    /// (otherwise CONNACK 0x02, identifier rejected, as MQTT-3.1.3-8 says).
    /// </summary>
    private static bool AssignClientId(ValidatingConnectionEventArgs e, string id)
    {
        if (e.ProtocolVersion != MqttProtocolVersion.V500 && e.CleanSession == false)
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            return false;
        }

        e.AssignedClientIdentifier = id;
        return true;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            return; // the server's own messages (alerts, command replies)
        }

        if (e.SessionItems[DeviceItem] is not DeviceIdentity device)
        {
            Refuse(e, MqttPubAckReasonCode.NotAuthorized, "observers may subscribe, not publish");
            return;
        }

        if (!MqttTopics.TryParse(e.ApplicationMessage.Topic, out var warehouse, out var code, out var kind)
            || warehouse != device.WarehouseCode || code != device.Code || kind == MqttTopics.Command)
        {
            var reason = $"device {device.Code} may publish only under wms/{device.WarehouseCode}/{device.Code}/ (not on cmd); got '{e.ApplicationMessage.Topic}'";
            await _ingest!.RejectAsync(device, reason);
            Refuse(e, MqttPubAckReasonCode.NotAuthorized, reason);
            return;
        }

        if (e.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce)
        {
            // Nothing to acknowledge: the device's next message need not wait for this one's commit. The ingest
            // takes it into its queue before the first await, so the device's order is kept all the same.
            var payload = MqttTopics.CopyPayload(e.ApplicationMessage.Payload);
            _ = LogFailureAsync(_ingest!.HandleAsync(device, kind, payload, e.ApplicationMessage.ContentType), device.Code);
            SkipRoutingWhenUnwatched(e);
            return;
        }

        var answer = await _ingest!.HandleAsync(device, kind, e.ApplicationMessage.Payload, e.ApplicationMessage.ContentType);
        switch (answer.Verdict)
        {
            case Verdict.Accepted:
                SkipRoutingWhenUnwatched(e);
                break;
            case Verdict.Rejected:
                Refuse(e, MqttPubAckReasonCode.PayloadFormatInvalid, answer.Reason);
                break;
            case Verdict.Failed:
                // No acknowledgement: closing the connection makes the device send it again.
                LogStoreFailed(logger, device.Code, answer.Reason);
                e.ProcessPublish = false;
                e.CloseConnection = true;
                break;
        }
    }

    /// <summary>
    /// The WMS has taken the reading; MQTTnet need route it on only to a watcher's subscription, or to keep it when
    /// retained. The PUBACK is then "success" rather than MQTT 5's "no matching subscribers" (both say accepted).
    /// </summary>
    private void SkipRoutingWhenUnwatched(InterceptingPublishEventArgs e)
    {
        if (!e.ApplicationMessage.Retain && _watchers.IsEmpty)
        {
            e.ProcessPublish = false;
        }
    }

    private Task SessionDeletedAsync(SessionDeletedEventArgs e)
    {
        _watchers.TryRemove(e.Id, out _);
        return Task.CompletedTask;
    }

    private async Task LogFailureAsync(Task<IngestAnswer> handled, string device)
    {
        if (await handled is { Verdict: Verdict.Failed } answer)
        {
            LogStoreFailed(logger, device, answer.Reason);
        }
    }

    private static void Refuse(InterceptingPublishEventArgs e, MqttPubAckReasonCode code, string reason)
    {
        e.ProcessPublish = false;
        e.Response.ReasonCode = code;
        e.Response.ReasonString = reason.Length > 200 ? reason[..200] : reason;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic ?? "";
        var allowed = e.SessionItems[DeviceItem] is DeviceIdentity device
            ? filter == MqttTopics.CommandTopic(device.WarehouseCode, device.Code)
            : filter.StartsWith("wms/", StringComparison.Ordinal) || filter == "wms/#";
        if (allowed && e.SessionItems[DeviceItem] is null)
        {
            // Kept until the session is deleted (not on unsubscribe: a watcher too many only costs routing work).
            _watchers[e.ClientId] = 0;
        }

        if (!allowed)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.ReasonString = "a device subscribes only to its own command topic; observers only under wms/";
        }

        return Task.CompletedTask;
    }

    private void Disconnect(string deviceCode)
    {
        if (_server is { IsStarted: true } server)
        {
            _ = DisconnectAsync(server, deviceCode);
        }
    }

    private async Task DisconnectAsync(MqttServer server, string deviceCode)
    {
        try
        {
            await server.DisconnectClientAsync(deviceCode, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized, ReasonString = "device disabled or its credentials rotated" });
        }
        catch (Exception ex)
        {
            LogDisconnectFailed(logger, deviceCode, ex.Message);
        }
    }

    private static IPEndPoint ParseEndPoint(string value, string setting) =>
        IPEndPoint.TryParse(value, out var endPoint)
            ? endPoint
            : throw new InvalidOperationException($"{setting} '{value}' is not an address:port such as 127.0.0.1:1883.");

    [LoggerMessage(1, LogLevel.Information, "MQTT broker on {Address}:{Port} (TLS port {TlsPort}, 0 = off)")]
    private static partial void LogStarted(ILogger logger, string address, int port, int tlsPort);

    [LoggerMessage(2, LogLevel.Warning, "A reading of device {Device} was not stored ({Reason}); the connection is closed so it comes again.")]
    private static partial void LogStoreFailed(ILogger logger, string device, string reason);

    [LoggerMessage(4, LogLevel.Warning, "The MQTT broker's {Step} failed, shutting down anyway: {Exception}: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string step, string exception, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Disconnecting device {Device} failed: {Reason}")]
    private static partial void LogDisconnectFailed(ILogger logger, string device, string reason);
}
