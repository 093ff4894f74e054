namespace Wms.Server.Transport.Mqtt;

public enum MqttMode
{
    /// <summary>The server hosts the broker (MQTTnet) and devices connect to it.</summary>
    Embedded,

    /// <summary>The server is a client of an external broker and takes readings through a shared subscription.</summary>
    External,

    Off,
}

/// <summary>Wms:Mqtt settings (docs/mqtt.md).</summary>
public sealed class MqttOptions
{
    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>Embedded: where plain MQTT is served; port 0 picks a free port (tests).</summary>
    public string Address { get; set; } = "127.0.0.1:1883";

    /// <summary>Embedded: where MQTT over TLS is served when a certificate is configured.</summary>
    public string TlsAddress { get; set; } = "127.0.0.1:8883";

    /// <summary>A PFX/PKCS#12 file; empty turns TLS off.</summary>
    public string CertificatePath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>Largest reading payload taken; a larger one is refused and counted.</summary>
    public int MaxPayloadBytes { get; set; } = 8 * 1024;

    /// <summary>Messages queued for one subscriber before new ones are dropped.</summary>
    public int MaxPendingMessagesPerClient { get; set; } = 1000;

    /// <summary>External: the broker's host and port, and the credentials the server signs in with.</summary>
    public string BrokerHost { get; set; } = "127.0.0.1";

    public int BrokerPort { get; set; } = 1883;

    public string BrokerUsername { get; set; } = "";

    public string BrokerPassword { get; set; } = "";

    /// <summary>External: this server's client id (unique per server) and the shared subscription group the servers split readings in.</summary>
    public string ClientId { get; set; } = "wms-server-" + Environment.MachineName;

    public string SharedGroup { get; set; } = "wms";

    /// <summary>External: connections per server, each in the shared group (more connections, more readings in flight).</summary>
    public int Connections { get; set; } = 2;
}
