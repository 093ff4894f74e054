namespace Wms.Handheld.Device;

/// <summary>How one run of the app is set up; tests shorten the times and plug in their own HTTP handler.</summary>
public sealed class HandheldOptions
{
    /// <summary>Settings and the outbox live here (one device, one folder).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Null: a real HTTP/2 connection to the server address; tests pass the in-process server's handler.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long one call may take before the device counts the server as out of reach.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>While offline, how long to keep queueing without trying the network, so scans stay instant.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a label printer may take to accept a connection and the label.</summary>
    public TimeSpan PrinterTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// --data-dir PATH, else WMS_HANDHELD_DATA, else the user's local application data folder.
    /// </summary>
    public static string DataDirectoryFrom(string[] args, Func<string, string?> environment)
    {
        var index = Array.IndexOf(args, "--data-dir");
        if (index >= 0 && index + 1 < args.Length)
        {
            return args[index + 1];
        }

        return environment("WMS_HANDHELD_DATA") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "wms-handheld");
    }
}
