namespace Wms.Handheld.Ui;

/// <summary>
/// One screen as the picker sees it: a title bar, a few body lines, the last message, the question being
/// asked and a status bar. Plain data, so flows can be tested without a terminal and any renderer can draw it.
/// </summary>
public sealed record ScreenFrame(string Title, IReadOnlyList<string> Lines, string Prompt, string Message, bool IsError, string Status, bool Bell)
{
    /// <summary>Everything on the screen as text, top to bottom, the way a test or a log reads it.</summary>
    public string Text => string.Join('\n', new[] { Title }.Concat(Lines).Append(Message).Append(Prompt).Append(Status));

    public bool Shows(string text) => Text.Contains(text, StringComparison.Ordinal);
}

/// <summary>Where frames go: the Spectre renderer on a device, a recorder in tests.</summary>
public interface IDisplay
{
    void Show(ScreenFrame frame);
}
