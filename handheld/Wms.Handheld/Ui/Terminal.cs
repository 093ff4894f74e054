using System.Threading.Channels;

namespace Wms.Handheld.Ui;

/// <summary>
/// The flows' only way to the picker: show a screen, take the next line. Input is a stream of lines (a
/// keyboard-wedge scan is characters and Enter), read one at a time in arrival order, so scans that come
/// faster than the app can answer wait in the stream instead of being lost.
/// </summary>
public sealed class Terminal(ChannelReader<string> input, IDisplay display, Func<string> status, TimeProvider? time = null)
{
    /// <summary>A scanner that fires twice on one trigger pull does so within this; a picker cannot scan twice that fast.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private string _message = "";
    private string _lastLine = "";
    private DateTimeOffset _lastTaken = DateTimeOffset.MinValue;
    private bool _isError;
    private bool _bell;

    /// <summary>Raised when the app waits for a line and none is buffered: tests use it to know the app is idle.</summary>
    public event Action? Idle;

    /// <summary>The message shown on the next screen; an error also rings the bell.</summary>
    public void Error(string message)
    {
        _message = message;
        _isError = true;
        _bell = true;
    }

    public void Info(string message)
    {
        _message = message;
        _isError = false;
    }

    /// <summary>Adds to the message already waiting to be shown (an error makes the whole message an error).</summary>
    public void Append(string message, bool isError)
    {
        _message = _message.Length == 0 ? message : _message + " " + message;
        _isError |= isError;
        _bell |= isError;
    }

    /// <summary>
    /// Whether the line just taken is the same as the one before and came within <see cref="RepeatWindow"/>
    /// of it: a double read of one scan. Only a step where a repeat cannot be meant (the bin's label again
    /// at "scan item") may drop it; receiving and counting take every repeat as one more unit.
    /// </summary>
    public bool LastWasRepeat { get; private set; }

    /// <summary>Shows the screen and answers the next line, trimmed; null when the input has ended.</summary>
    public async Task<string?> AskAsync(Screen screen, CancellationToken cancellationToken)
    {
        var line = await NextAsync(screen, cancellationToken);
        if (line is not null)
        {
            var now = _time.GetUtcNow();
            LastWasRepeat = line.Length > 0 && line == _lastLine && now - _lastTaken <= RepeatWindow;
            (_lastLine, _lastTaken) = (line, now);
        }

        return line;
    }

    private async Task<string?> NextAsync(Screen screen, CancellationToken cancellationToken)
    {
        Show(screen);
        _message = "";
        _isError = false;
        _bell = false;
        if (input.TryRead(out var buffered))
        {
            return Clean(buffered);
        }

        Idle?.Invoke();
        while (await input.WaitToReadAsync(cancellationToken))
        {
            if (input.TryRead(out var line))
            {
                return Clean(line);
            }
        }

        return null;
    }

    /// <summary>Draws the screen once more, e.g. with the status after the last line was handled.</summary>
    public void Show(Screen screen) =>
        display.Show(new ScreenFrame(screen.Title, screen.Lines, screen.Prompt, _message, _isError, status(), _bell));

    // A scanner may end a scan with CR LF or pad it; a GS inside a label must survive, so only the ends are cut.
    private static string Clean(string line) => line.Trim(' ', '\r', '\n', '\t');
}
