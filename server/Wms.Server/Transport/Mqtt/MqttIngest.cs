using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Wms.Server.Common;
using Wms.Server.Devices;

namespace Wms.Server.Transport.Mqtt;

public enum Verdict
{
    /// <summary>Stored (or a known duplicate): acknowledge.</summary>
    Accepted,

    /// <summary>Refused and counted against the device: acknowledge (it would be refused again) with a reason where MQTT 5 allows.</summary>
    Rejected,

    /// <summary>Not stored (the database failed): do not acknowledge, so the reading comes again.</summary>
    Failed,
}

public sealed record IngestAnswer(Verdict Verdict, string Reason = "");

/// <summary>
/// Maps one device message (topic kind and JSON payload) onto the devices feature; the embedded broker and
/// the external-broker client both call it, so both modes run the same ingest. Payloads per kind: docs/mqtt.md.
/// </summary>
public sealed class MqttIngest(IngestReadings ingest, ScannerEvents scanner, IOptions<MqttOptions> options)
{
    /// <summary>After a topic's kind: the payload is protobuf (for MQTT 3.1.1 devices, which have no content type).</summary>
    public const string ProtobufSuffix = ".pb";

    private static readonly IngestAnswer Accepted = new(Verdict.Accepted);

    /// <summary>
    /// Handles one device message. The payload is JSON unless the MQTT 5 content type says protobuf
    /// (application/x-protobuf or application/protobuf) or the kind ends in <see cref="ProtobufSuffix"/>:
    /// then it is a <see cref="Wms.Contracts.V1.DeviceReadingPayload"/>.
    /// </summary>
    public async Task<IngestAnswer> HandleAsync(DeviceIdentity device, string kind, ReadOnlySequence<byte> payload, string? contentType = null)
    {
        try
        {
            if (payload.Length > options.Value.MaxPayloadBytes)
            {
                return await RejectAsync(device, $"payload of {payload.Length} bytes is larger than the limit of {options.Value.MaxPayloadBytes}");
            }

            var protobuf = contentType is "application/x-protobuf" or "application/protobuf";
            if (kind.EndsWith(ProtobufSuffix, StringComparison.Ordinal))
            {
                kind = kind[..^ProtobufSuffix.Length];
                protobuf = true;
            }

            if (protobuf && kind != MqttTopics.Status)
            {
                return await HandleProtobufAsync(device, kind, payload);
            }

            if (kind == MqttTopics.Status)
            {
                var text = System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(payload)).Trim();
                if (text.Contains("offline", StringComparison.OrdinalIgnoreCase))
                {
                    await ingest.MarkOfflineAsync(device.Code, "its will message fired or it said it is going offline");
                }

                return Accepted;
            }

            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 8 });
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                return await RejectAsync(device, "payload is not JSON: " + ex.Message);
            }

            using (json)
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return await RejectAsync(device, "payload is not a JSON object");
                }

                if (!TryHeader(root, out var sequence, out var deviceTime, out var problem))
                {
                    return await RejectAsync(device, problem);
                }

                if (kind == "scan")
                {
                    return await scanner.HandleAsync(device, sequence, root);
                }

                return await SubmitAsync(device, kind, sequence, deviceTime, Number(root, "grams"), Number(root, "celsius"));
            }
        }
        catch (DomainException ex)
        {
            return new IngestAnswer(Verdict.Rejected, ex.Message);
        }
        catch (Exception ex)
        {
            return new IngestAnswer(Verdict.Failed, ex.Message);
        }
    }

    /// <summary>A <see cref="Wms.Contracts.V1.DeviceReadingPayload"/>: the same fields and rules as the JSON form.</summary>
    private async Task<IngestAnswer> HandleProtobufAsync(DeviceIdentity device, string kind, ReadOnlySequence<byte> payload)
    {
        if (kind == "scan")
        {
            return await RejectAsync(device, "scan events are JSON only (protobuf is for weight, temperature and heartbeat)");
        }

        Wms.Contracts.V1.DeviceReadingPayload message;
        try
        {
            message = Wms.Contracts.V1.DeviceReadingPayload.Parser.ParseFrom(payload);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            return await RejectAsync(device, "payload is not a protobuf DeviceReadingPayload: " + ex.Message);
        }

        if (message.Seq < 0)
        {
            return await RejectAsync(device, "seq: missing or not a whole number >= 0");
        }

        DateTimeOffset deviceTime;
        try
        {
            deviceTime = message.Ts?.ToDateTimeOffset() ?? throw new InvalidOperationException("missing");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return await RejectAsync(device, "ts: missing or not a valid timestamp");
        }

        return await SubmitAsync(
            device, kind, message.Seq, deviceTime,
            message.HasGrams && double.IsFinite(message.Grams) ? message.Grams : null,
            message.HasCelsius && double.IsFinite(message.Celsius) ? message.Celsius : null);
    }

    /// <summary>A parsed reading of a kind, whatever the payload's format, to the ingest; completes after the commit.</summary>
    private async Task<IngestAnswer> SubmitAsync(DeviceIdentity device, string kind, long sequence, DateTimeOffset deviceTime, double? grams, double? celsius)
    {
        Reading reading;
        switch (kind)
        {
            case "weight" when grams is { } g:
                reading = new Reading(device.Code, ReadingKind.Weight, sequence, deviceTime, g);
                break;
            case "temperature" when celsius is { } c:
                reading = new Reading(device.Code, ReadingKind.Temperature, sequence, deviceTime, c);
                break;
            case "heartbeat":
                reading = new Reading(device.Code, ReadingKind.Heartbeat, sequence, deviceTime, 0);
                break;
            case "weight":
                return await RejectAsync(device, "grams: missing or not a finite number");
            case "temperature":
                return await RejectAsync(device, "celsius: missing or not a finite number");
            default:
                return await RejectAsync(device, $"'{Trim(kind)}' is not a reading kind (weight, temperature, heartbeat, scan, status)");
        }

        var result = await ingest.SubmitAsync(reading);
        return result.Outcome == IngestOutcome.Rejected ? new IngestAnswer(Verdict.Rejected, result.Reason) : Accepted;
    }

    /// <summary>Counts a refusal the transport made (ACL, size) against the device.</summary>
    public async Task<IngestAnswer> RejectAsync(DeviceIdentity device, string reason)
    {
        await ingest.RejectAsync(device.Code, reason);
        return new IngestAnswer(Verdict.Rejected, reason);
    }

    private static bool TryHeader(JsonElement root, out long sequence, out DateTimeOffset deviceTime, out string problem)
    {
        sequence = 0;
        deviceTime = default;
        if (!root.TryGetProperty("seq", out var seq) || seq.ValueKind != JsonValueKind.Number || !seq.TryGetInt64(out sequence) || sequence < 0)
        {
            problem = "seq: missing or not a whole number >= 0";
            return false;
        }

        // A string with bytes that are not UTF-8 parses, but cannot be read as text: Text() says so without throwing.
        var text = root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String ? Text(ts) : null;
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out deviceTime)
            || deviceTime.Offset != TimeSpan.Zero || !(text.EndsWith('Z') || text.EndsWith("+00:00", StringComparison.Ordinal)))
        {
            problem = "ts: missing or not a UTC time such as 2026-12-04T21:00:00Z";
            return false;
        }

        problem = "";
        return true;
    }

    internal static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;

    private static string Trim(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
