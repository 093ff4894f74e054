using System.Text.Json;
using Wms.Server.Common;
using Wms.Server.Devices;
using Wms.Server.Inventory;
using Wms.Server.Shipping;

namespace Wms.Server.Transport.Mqtt;

/// <summary>Sends a message to MQTT subscribers, whichever broker the server uses.</summary>
public interface IMqttOutbound
{
    Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken);
}

/// <summary>
/// Scanner events mapped onto the same use cases the gRPC API calls (receive against a receipt, confirm a
/// putaway, mark a shipment loaded), with the same rules and errors. The request id is the device and its
/// sequence, so a redelivered scan returns the first answer and changes nothing. The answer, or the error,
/// goes back on the device's command topic.
/// </summary>
public sealed class ScannerEvents(ReceiveItem.Handler receive, MoveStock.Handler move, MarkLoaded.Handler markLoaded, IMqttOutbound outbound)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IngestAnswer> HandleAsync(DeviceIdentity device, long sequence, JsonElement scan)
    {
        var requestId = $"{device.Code}:{sequence}";
        var actor = "device:" + device.Code;
        object reply;
        IngestAnswer answer;
        try
        {
            if (device.Kind != DeviceKind.Scanner)
            {
                throw DomainException.Invalid("kind", $"device {device.Code} is a {device.Kind.ToString().ToLowerInvariant()}, not a scanner.");
            }

            var action = Text(scan, "action");
            object result = action switch
            {
                "receive" => await receive.HandleAsync(
                    new ReceiveItem.Command(requestId, actor, device.WarehouseCode, Text(scan, "receipt"), Optional(scan, "sku"), Optional(scan, "barcode"),
                        Optional(scan, "lot"), Optional(scan, "expiry"), Quantity(scan), Text(scan, "bin")), CancellationToken.None),
                "putaway" => await move.HandleAsync(
                    new MoveStock.Command(requestId, actor, device.WarehouseCode, Text(scan, "from"), Text(scan, "to"), Text(scan, "sku"), Optional(scan, "lot"),
                        Quantity(scan), LedgerReason.Putaway), CancellationToken.None),
                "load" => await markLoaded.HandleAsync(
                    new MarkLoaded.Command(requestId, actor, new ShipmentKey(scan.TryGetProperty("shipment_id", out var id) && id.TryGetInt64(out var value) ? value : 0,
                        device.WarehouseCode, Optional(scan, "order"))), CancellationToken.None),
                _ => throw DomainException.Invalid("action", $"'{action}' is not receive, putaway or load."),
            };
            reply = new { seq = sequence, ok = true, action, result };
            answer = new IngestAnswer(Verdict.Accepted);
        }
        catch (DomainException ex)
        {
            reply = new { seq = sequence, ok = false, error = ex.Kind.ToString(), message = ex.Message };
            answer = new IngestAnswer(Verdict.Accepted, ex.Message);
        }

        await outbound.PublishAsync(MqttTopics.CommandTopic(device.WarehouseCode, device.Code), JsonSerializer.SerializeToUtf8Bytes(reply, Json), retain: false, CancellationToken.None);
        return answer;
    }

    private static string Text(JsonElement e, string name) =>
        Optional(e, name) ?? throw DomainException.Invalid(name, "missing.");

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && MqttIngest.Text(value) is { Length: > 0 } text ? text : null;

    private static long Quantity(JsonElement e) =>
        e.TryGetProperty("qty", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var q) && q > 0
            ? q
            : throw DomainException.Invalid("qty", "missing or not a whole number above 0.");
}
