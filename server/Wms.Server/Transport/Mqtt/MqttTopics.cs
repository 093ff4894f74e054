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
}
