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

    /// <summary>
    /// The rows as a terminal of <paramref name="width"/> columns draws them (what <see cref="SpectreDisplay"/>
    /// writes, without colours): the message wrapped, anything else cut at the edge.
    /// </summary>
    public IReadOnlyList<string> Rows(int width) =>
    [
        Pad(Title, width), .. Lines.Select(l => Cut(l, width)), "", .. TextWrap.Wrap(Message, width), Pad(Status, width), Cut(Prompt, width - 2) + "> ",
    ];

    internal static string Cut(string text, int width) => text.Length <= width ? text : text[..width];

    internal static string Pad(string text, int width) => Cut(text, width).PadRight(width);
}

/// <summary>Where frames go: the Spectre renderer on a device, a recorder in tests.</summary>
public interface IDisplay
{
    void Show(ScreenFrame frame);
}
