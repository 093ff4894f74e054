using System.Threading.Channels;
using Spectre.Console;
using Wms.Handheld.Device;
using Wms.Handheld.Ui;

namespace Wms.Handheld;

// A named class rather than top-level statements: tests see both this app and the server's Program.
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var options = new HandheldOptions { DataDirectory = HandheldOptions.DataDirectoryFrom(args, Environment.GetEnvironmentVariable) };

        // Every line typed or scanned goes into one ordered stream the moment it arrives, on its own
        // thread, so a burst of scans queues up while the app is busy talking to the server.
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reader = new Thread(() =>
        {
            while (Console.In.ReadLine() is { } line)
            {
                lines.Writer.TryWrite(line);
            }

            lines.Writer.TryComplete();
        })
        { IsBackground = true, Name = "scanner input" };
        reader.Start();

        using var app = new HandheldApp(options, lines.Reader, new SpectreDisplay(AnsiConsole.Console, Console.Out));
        await app.RunAsync(CancellationToken.None);
        AnsiConsole.Console.WriteLine();
    }
}
