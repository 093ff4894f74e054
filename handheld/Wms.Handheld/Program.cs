using System.Threading.Channels;
using Spectre.Console;
using Wms.Handheld;
using Wms.Handheld.Device;
using Wms.Handheld.Ui;

// The picker's scanner app. Every line typed or scanned goes into one ordered stream the moment it
// arrives, on its own thread, so that a burst of scans queues up while the app talks to the server.
var options = new HandheldOptions { DataDirectory = HandheldOptions.DataDirectoryFrom(args, Environment.GetEnvironmentVariable) };
var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
var reader = new Thread(() =>
{
    while (Console.In.ReadLine() is { } line)
    {
        lines.Writer.TryWrite(line);
    }

    lines.Writer.TryComplete();
}) { IsBackground = true, Name = "scanner input" };
reader.Start();

using var app = new HandheldApp(options, lines.Reader, new SpectreDisplay(AnsiConsole.Console, Console.Out));
await app.RunAsync(CancellationToken.None);
AnsiConsole.Console.WriteLine();
