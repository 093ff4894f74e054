using System.Text.Json;

namespace Wms.Handheld.Device;

/// <summary>What the device remembers between shifts: where the server is, whose token, which warehouse.</summary>
public sealed class DeviceSettings
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ServerAddress { get; set; } = "http://127.0.0.1:5000";

    public string Token { get; set; } = "";

    public string Warehouse { get; set; } = "";

    /// <summary>Label printers by station: "PACK-1": "10.0.4.21:9100". Set up once per site, like the server address.</summary>
    public Dictionary<string, string> Printers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The site picks into totes on a cart: at trip start a tote is scanned for each order of the trip, and
    /// at trip end the drop-off point. Off: the picker picks into whatever the site uses, unrecorded.
    /// </summary>
    public bool UseTotes { get; set; }

    /// <summary>The station last printed at, offered first.</summary>
    public string Station { get; set; } = "";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "settings.json");

    public static DeviceSettings Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        return File.Exists(path) ? JsonSerializer.Deserialize<DeviceSettings>(File.ReadAllText(path), Json) ?? new() : new();
    }

    public void Save(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        // Written aside and renamed, so a battery pulled mid-write leaves the old settings, not half a file.
        var path = PathIn(dataDirectory);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
