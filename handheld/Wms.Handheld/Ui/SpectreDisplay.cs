using Spectre.Console;

namespace Wms.Handheld.Ui;

/// <summary>
/// Draws a frame on the terminal with Spectre.Console: reversed title and status bars, the message in red
/// (error, with the bell) or green, the question last with the cursor after it, where the scan will echo.
/// </summary>
public sealed class SpectreDisplay(IAnsiConsole console, TextWriter bell) : IDisplay
{
    public void Show(ScreenFrame frame)
    {
        var width = Math.Clamp(console.Profile.Width, 20, 80);
        console.Clear(home: true);
        console.MarkupLine($"[black on white]{Markup.Escape(Pad(frame.Title, width))}[/]");
        foreach (var line in frame.Lines)
        {
            console.WriteLine(Cut(line, width));
        }

        console.WriteLine();
        if (frame.Message.Length > 0)
        {
            console.MarkupLine($"[{(frame.IsError ? "bold red" : "green")}]{Markup.Escape(Cut(frame.Message, width * 2))}[/]");
        }

        console.MarkupLine($"[black on white]{Markup.Escape(Pad(frame.Status, width))}[/]");
        console.Markup($"[bold]{Markup.Escape(Cut(frame.Prompt, width - 2))}[/]> ");
        if (frame.Bell)
        {
            bell.Write('\a');
            bell.Flush();
        }
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..width];

    private static string Pad(string text, int width) => Cut(text, width).PadRight(width);
}
