using System.Globalization;
using System.Net;
using System.Text;
using Wms.Contracts.V1;

namespace Wms.WebConsole.Components.Shared;

/// <summary>
/// The routes drawn by their coordinates alone, as one inline SVG string (no tiles, no script). Written as text
/// rather than as Blazor elements: 500 stops as elements were about 6,000 render frames, a 367 KB render batch on
/// every load of the dispatch page, where the same drawing as markup is one frame of about a third of that, and
/// a re-render with the same plan sends nothing. Longitude is scaled by cos(latitude) so distances look right.
/// </summary>
public static class CoordinateMap
{
    public const double Width = 640;
    public const double Height = 420;
    private const double Margin = 20;

    // Distinguishable colours, also for the common kinds of colour blindness (Okabe-Ito).
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"];

    public static string Colour(int route) => Palette[route % Palette.Length];

    public static string Svg(RoutePlan plan, Warehouse? depot)
    {
        var projection = Projection.Of(plan, depot);
        var svg = new StringBuilder(256 + (plan.Routes.Sum(r => r.Stops.Count) * 150));
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" data-testid=\"route-map\"><title>{Encode(Text.RouteMap)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" class=\"map-bg\"/>");
        for (var r = 0; r < plan.Routes.Count; r++)
        {
            var route = plan.Routes[r];
            // One group per route carries the colour, so each stop is just a circle, its title and its number.
            svg.Append(CultureInfo.InvariantCulture, $"<g fill=\"{Colour(r)}\"><polyline stroke=\"{Colour(r)}\" points=\"");
            var points = route.Stops.Select(s => projection.Point(s.Latitude, s.Longitude));
            if (depot is not null)
            {
                var home = projection.Point(depot.Latitude, depot.Longitude);
                points = points.Prepend(home).Append(home);
            }

            svg.AppendJoin(' ', points.Select(p => F(p.X) + "," + F(p.Y)));
            svg.Append(route.Locked ? "\" fill=\"none\" stroke-width=\"2.5\" stroke-linejoin=\"round\" class=\"locked\"/>" : "\" fill=\"none\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>");
            foreach (var stop in route.Stops)
            {
                var (x, y) = projection.Point(stop.Latitude, stop.Longitude);
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"5\"><title>{Encode($"{route.VehicleCode} #{stop.StopNumber} {stop.CustomerName} ({stop.OrderReference}) {stop.ArrivalTime}")}</title></circle>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 6)}\" y=\"{F(y - 6)}\" class=\"map-label\">{stop.StopNumber}</text>");
            }

            svg.Append("</g>");
        }

        if (depot is not null)
        {
            var (dx, dy) = projection.Point(depot.Latitude, depot.Longitude);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(dx - 7)}\" y=\"{F(dy - 7)}\" width=\"14\" height=\"14\" class=\"depot\"><title>{Encode(Text.Warehouse)}</title></rect>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Fits every stop and the depot into the drawing, keeping the aspect of the ground.</summary>
    private readonly record struct Projection(double MinX, double MinY, double Scale, double Cos)
    {
        public static Projection Of(RoutePlan plan, Warehouse? depot)
        {
            var points = plan.Routes.SelectMany(r => r.Stops).Select(s => (s.Latitude, s.Longitude)).ToList();
            if (depot is not null)
            {
                points.Add((depot.Latitude, depot.Longitude));
            }

            if (points.Count == 0)
            {
                return new Projection(0, 0, 1, 1);
            }

            var cos = Math.Cos(points.Average(p => p.Latitude) * Math.PI / 180);
            var minX = points.Min(p => p.Longitude * cos);
            var minY = points.Min(p => -p.Latitude);
            var spanX = Math.Max(points.Max(p => p.Longitude * cos) - minX, 1e-6);
            var spanY = Math.Max(points.Max(p => -p.Latitude) - minY, 1e-6);
            return new Projection(minX, minY, Math.Min((Width - (2 * Margin)) / spanX, (Height - (2 * Margin)) / spanY), cos);
        }

        public (double X, double Y) Point(double latitude, double longitude) =>
            (Margin + (((longitude * Cos) - MinX) * Scale), Margin + ((-latitude - MinY) * Scale));
    }
}
