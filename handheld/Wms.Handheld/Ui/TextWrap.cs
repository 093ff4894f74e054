namespace Wms.Handheld.Ui;

/// <summary>
/// Breaks a message into rows of a narrow screen (40 columns on a handheld) at spaces, so nothing the
/// server or a flow says is cut off; a word longer than a row (a GTIN-128 label) is split where it must.
/// </summary>
public static class TextWrap
{
    /// <summary>Cut to <paramref name="width"/> with a "~" where it was cut: for names in a column, not for messages.</summary>
    public static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "~";

    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var rows = new List<string>();
        var row = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            if (row.Length > 0 && row.Length + 1 + rest.Length > width)
            {
                rows.Add(row.ToString());
                row.Clear();
            }

            while (rest.Length > width)
            {
                rows.Add(rest[..width]);
                rest = rest[width..];
            }

            if (row.Length > 0)
            {
                row.Append(' ');
            }

            row.Append(rest);
        }

        if (row.Length > 0)
        {
            rows.Add(row.ToString());
        }

        return rows;
    }
}
