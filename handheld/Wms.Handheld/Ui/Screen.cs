namespace Wms.Handheld.Ui;

/// <summary>What a flow wants shown while it asks one question.</summary>
public sealed record Screen(string Title, IReadOnlyList<string> Lines, string Prompt)
{
    public static Screen Of(string title, string prompt, params string[] lines) => new(title, lines, prompt);
}
