using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;

namespace Wms.Server.Transport.Mqtt;

/// <summary>The topic scheme: <c>wms/{warehouse}/{device}/{kind}</c>, commands to a device on <c>.../cmd</c>, alerts on <c>wms/{warehouse}/alerts</c>.</summary>
internal static class MqttTopics
{
    public const string Command = "cmd";
    public const string Status = "status";

    public static string CommandTopic(string warehouse, string device) => $"wms/{warehouse}/{device}/{Command}";

    public static string AlertsTopic(string warehouse) => $"wms/{warehouse}/alerts";

    /// <summary>Splits a device topic; false for anything else.</summary>
    public static bool TryParse(string? topic, out string warehouse, out string device, out string kind)
    {
        warehouse = device = kind = "";
        var parts = (topic ?? "").Split('/');
        if (parts.Length != 4 || parts[0] != "wms" || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        (warehouse, device, kind) = (parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>A message the server itself publishes (alerts, command replies), the same through either broker: QoS 1.</summary>
    public static MqttApplicationMessage ServerMessage(string topic, byte[] payload, bool retain) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    /// <summary>A message as the broker's tables keep it (mqtt_retained, mqtt_session_messages), built again after a restart.</summary>
    public static MqttApplicationMessage Stored(string topic, byte[] payload, int qos, string contentType, int payloadFormat, bool retain)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .WithRetainFlag(retain).WithPayloadFormatIndicator((MqttPayloadFormatIndicator)payloadFormat);
        if (contentType.Length > 0)
        {
            builder.WithContentType(contentType);
        }

        return builder.Build();
    }

    /// <summary>An MQTT 5 content type as those tables keep it (at most 200 characters; none is empty).</summary>
    public static string StoredContentType(string? contentType) => contentType is null ? "" : contentType.Length > 200 ? contentType[..200] : contentType;

    /// <summary>A received payload copied out of MQTTnet's buffer, which is its own again once the handler first awaits.</summary>
    public static ReadOnlySequence<byte> CopyPayload(ReadOnlySequence<byte> payload) => new(payload.ToArray());
}
