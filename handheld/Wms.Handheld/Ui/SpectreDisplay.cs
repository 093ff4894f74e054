using Spectre.Console;

namespace Wms.Handheld.Ui;

/// <summary>
/// Draws a frame on the terminal with Spectre.Console: reversed title and status bars, the message in red
/// (error, with the bell) or green, wrapped so that it is read whole on a 40-column screen, the question
/// last with the cursor after it, where the scan will echo.
/// </summary>
public sealed class SpectreDisplay(IAnsiConsole console, TextWriter bell) : IDisplay
{
    public void Show(ScreenFrame frame)
    {
        var width = Math.Clamp(console.Profile.Width, 20, 80);
        console.Clear(home: true);
        console.MarkupLine($"[black on white]{Markup.Escape(ScreenFrame.Pad(frame.Title, width))}[/]");
        foreach (var line in frame.Lines)
        {
            console.WriteLine(ScreenFrame.Cut(line, width));
        }

        console.WriteLine();
        foreach (var row in TextWrap.Wrap(frame.Message, width))
        {
            console.MarkupLine($"[{(frame.IsError ? "bold red" : "green")}]{Markup.Escape(row)}[/]");
        }

        console.MarkupLine($"[black on white]{Markup.Escape(ScreenFrame.Pad(frame.Status, width))}[/]");
        console.Markup($"[bold]{Markup.Escape(ScreenFrame.Cut(frame.Prompt, width - 2))}[/]> ");
        if (frame.Bell)
        {
            bell.Write('\a');
            bell.Flush();
        }
    }
}
