using System.Globalization;
using System.Net;
using System.Text;

namespace Wms.Simulator.Report;

/// <summary>Small inline SVG charts, written by hand so the report needs no script and no network.</summary>
public static class Svg
{
    public static readonly string[] Colours = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5"];

    /// <summary>Grouped bars: one group per label, one bar per series; an optional dashed line at <paramref name="marker"/> on the x axis (a category index).</summary>
    public static string Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string unit, double? markerAt = null, string markerLabel = "")
    {
        // Two legend entries a row under the axis label, so that four series (a what-if's) never overlap.
        var legendRows = series.Count > 1 ? (series.Count + 1) / 2 : 0;
        const int Width = 560, Left = 48, Right = 12, Top = 34, Bottom = 40;
        var height = 260 + legendRows * 16;
        var plotH = 260 - Top - Bottom;
        var plotW = Width - Left - Right;
        var max = Math.Max(1e-9, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        max = Nice(max);
        var s = new StringBuilder();
        s.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        s.Append(F($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{E(title)}</text>"));
        for (var i = 0; i <= 4; i++)
        {
            var y = Top + plotH - plotH * i / 4.0;
            s.Append(F($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#e2e8f0\"/>"));
            s.Append(F($"<text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" fill=\"#4a5568\">{max * i / 4:0.#}</text>"));
        }

        var n = Math.Max(1, labels.Count);
        var group = plotW / (double)n;
        var bar = group * 0.8 / Math.Max(1, series.Count);
        for (var g = 0; g < labels.Count; g++)
        {
            for (var k = 0; k < series.Count; k++)
            {
                var v = g < series[k].Values.Count ? series[k].Values[g] : 0;
                var h = plotH * v / max;
                var x = Left + g * group + group * 0.1 + k * bar;
                s.Append(F($"<rect x=\"{x:0.##}\" y=\"{Top + plotH - h:0.##}\" width=\"{Math.Max(0.5, bar - 1):0.##}\" height=\"{h:0.##}\" fill=\"{Colours[k % Colours.Length]}\"><title>{E(series[k].Name)} {E(labels[g])}: {v:0.##} {E(unit)}</title></rect>"));
            }

            var every = Math.Max(1, (int)Math.Ceiling(n / 16.0));
            if (g % every == 0)
            {
                s.Append(F($"<text x=\"{Left + g * group + group / 2:0.#}\" y=\"{Top + plotH + 14}\" text-anchor=\"middle\" fill=\"#4a5568\">{E(labels[g])}</text>"));
            }
        }

        if (markerAt is { } m)
        {
            var x = Left + m * group;
            s.Append(F($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#e53e3e\" stroke-dasharray=\"5,4\" stroke-width=\"2\"/>"));
            s.Append(F($"<text x=\"{x + 4:0.#}\" y=\"{Top + 10}\" fill=\"#e53e3e\">{E(markerLabel)}</text>"));
        }

        s.Append(F($"<text x=\"{Left}\" y=\"{254}\" fill=\"#4a5568\">{E(unit)}</text>"));
        for (var k = 0; k < series.Count && series.Count > 1; k++)
        {
            var x = Left + (k % 2) * 250;
            var y = 262 + (k / 2) * 16;
            s.Append(F($"<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{Colours[k % Colours.Length]}\"/><text x=\"{x + 14}\" y=\"{y + 9}\">{E(series[k].Name)}</text>"));
        }

        s.Append("</svg>");
        return s.ToString();
    }

    private static double Nice(double max)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= max)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    public static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
