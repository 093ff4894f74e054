using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;
using Wms.Server.Shipping;

namespace Wms.Server.Dispatch;

/// <summary>A generated file: what to save it as, its media type and its bytes.</summary>
public sealed record DispatchDocument(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Paper for the road and data for other systems: a printable run sheet per route (HTML; the browser's
/// print dialog makes the PDF) and the whole plan as CSV or JSON. Read-only, on their own contexts.
/// </summary>
public sealed class DispatchDocuments(IDbContextFactory<WmsDbContext> contexts)
{
    public async Task<DispatchDocument> RunSheetAsync(long planId, string? vehicleCode, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(vehicleCode, "vehicle_code");
        var (view, cartons) = await LoadAsync(planId, cancellationToken);
        var route = view.Routes.FirstOrDefault(r => r.VehicleCode == code)
            ?? throw DomainException.NotFound($"Vehicle in route plan {planId}", code);
        if (route.Stops.Count == 0)
        {
            throw DomainException.Precondition($"Vehicle {code} has no stop in route plan {planId}: there is no run sheet to print.");
        }

        var html = RunSheet.Html(view, route, cartons);
        return new DispatchDocument($"run-sheet-{route.RouteCode}.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
    }

    public async Task<DispatchDocument> ExportAsync(long planId, string? format, CancellationToken cancellationToken)
    {
        var kind = Require.NotEmpty(format, "format").ToLowerInvariant();
        if (kind is not ("csv" or "json"))
        {
            throw DomainException.Invalid("format", $"must be csv or json, got '{format}'.");
        }

        var (view, cartons) = await LoadAsync(planId, cancellationToken);
        var name = $"route-plan-{view.PlanId}-{view.WarehouseCode}-{view.DeliveryDate:yyyyMMdd}";
        return kind == "csv"
            ? new DispatchDocument(name + ".csv", "text/csv; charset=utf-8", Encoding.UTF8.GetBytes(Csv(view, cartons)))
            : new DispatchDocument(name + ".json", "application/json", JsonSerializer.SerializeToUtf8Bytes(Json(view, cartons), JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private async Task<(RoutePlanView View, Dictionary<long, int> Cartons)> LoadAsync(long planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plan = await DispatchQueries.FindPlanAsync(db.Set<RoutePlan>().AsNoTracking(), planId, cancellationToken);
        var view = await DispatchQueries.LoadViewAsync(db, plan, cancellationToken);
        var ids = plan.Stops.Select(s => s.ShipmentId).ToList();
        var cartons = await db.Set<Carton>().AsNoTracking().Where(c => c.ShipmentId != null && ids.Contains(c.ShipmentId.Value))
            .GroupBy(c => c.ShipmentId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return (view, cartons);
    }

    private static string Csv(RoutePlanView view, Dictionary<long, int> cartons)
    {
        var csv = new StringBuilder();
        csv.AppendLine("route_code,vehicle,stop_number,shipment_id,order_reference,customer,address,latitude,longitude,window_start,window_end,eta,arrival,service_start,departure,break_after_minutes,cartons,weight_kg,volume_m3,load_after_kg,delivered,received_by,photo_reference,unserved_reason,unserved_detail,trip");
        foreach (var route in view.Routes)
        {
            foreach (var s in route.Stops)
            {
                Row(route.RouteCode, route.VehicleCode, s.StopNumber.ToString(CultureInfo.InvariantCulture), s.ShipmentId, s.OrderReference, s.CustomerName, s.AddressLine,
                    Num(s.Latitude), Num(s.Longitude), ClockTime.Format(s.WindowStartMinutes), ClockTime.Format(s.WindowEndMinutes), Clock(s.EtaSecond), Clock(s.ArrivalSecond),
                    Clock(s.ServiceStartSecond), Clock(s.DepartureSecond), (s.BreakAfterSeconds / 60).ToString(CultureInfo.InvariantCulture), cartons.GetValueOrDefault(s.ShipmentId).ToString(CultureInfo.InvariantCulture),
                    Num(s.WeightKg), Num(s.VolumeM3), Num(s.LoadAfterKg), s.DeliveredSecond is { } at ? Clock(at) : "", s.ReceivedBy, s.PhotoReference, "", "", s.Trip.ToString(CultureInfo.InvariantCulture));
            }
        }

        foreach (var u in view.Unserved)
        {
            Row("", "", "", u.ShipmentId, u.OrderReference, u.CustomerName, "", "", "", "", "", "", "", "", "", "", cartons.GetValueOrDefault(u.ShipmentId).ToString(CultureInfo.InvariantCulture),
                Num(u.WeightKg), "", "", "", "", "", u.Reason.ToString(), u.Detail, "");
        }

        return csv.ToString();

        void Row(string routeCode, string vehicle, string stopNumber, long shipmentId, params string[] rest) =>
            csv.AppendLine(string.Join(',', new[] { routeCode, vehicle, stopNumber, shipmentId.ToString(CultureInfo.InvariantCulture) }.Concat(rest).Select(Field)));
    }

    // RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. A leading =, +, - or @
    // is prefixed with ' so a spreadsheet does not run a customer's name as a formula.
    private static string Field(string value)
    {
        var text = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + value : value;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static object Json(RoutePlanView view, Dictionary<long, int> cartons) => new
    {
        view.PlanId, view.WarehouseCode, DeliveryDate = view.DeliveryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Status = view.Status.ToString(), view.Version,
        view.DistanceKm, view.Cost, view.Engine, view.SolvedBy,
        Routes = view.Routes.Where(r => r.Stops.Count > 0).Select(r => new
        {
            r.RouteCode, r.VehicleCode, r.VehicleName, r.Locked, Start = Clock(r.StartSecond), End = Clock(r.EndSecond), r.DistanceKm, r.LoadWeightKg, r.LoadVolumeM3, r.Cost,
            r.Trips, Depot = r.DepotWarehouseCode,
            Stops = r.Stops.Select(s => new
            {
                s.StopNumber, s.ShipmentId, s.OrderReference, s.CustomerName, s.AddressLine, s.Latitude, s.Longitude,
                WindowStart = ClockTime.Format(s.WindowStartMinutes), WindowEnd = ClockTime.Format(s.WindowEndMinutes), Eta = Clock(s.EtaSecond), Arrival = Clock(s.ArrivalSecond),
                ServiceStart = Clock(s.ServiceStartSecond), Departure = Clock(s.DepartureSecond), BreakAfterMinutes = s.BreakAfterSeconds / 60,
                Cartons = cartons.GetValueOrDefault(s.ShipmentId), s.WeightKg, s.VolumeM3, s.LoadAfterKg,
                Delivered = s.DeliveredSecond is { } at ? Clock(at) : null, s.ReceivedBy, s.PhotoReference, s.Trip,
            }),
        }),
        Unserved = view.Unserved.Select(u => new { u.ShipmentId, u.OrderReference, u.CustomerName, Reason = u.Reason.ToString(), u.Detail, u.WeightKg }),
    };

    internal static string Clock(int second) => ClockTime.Format(second / 60);

    private static string Num(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The printable page of one route.</summary>
    private static class RunSheet
    {
        private const string Style = "body{font-family:sans-serif;font-size:11pt} table{border-collapse:collapse;width:100%} "
            + "th,td{border:1px solid #444;padding:4px;vertical-align:top} th{background:#eee} tr{page-break-inside:avoid} "
            + ".break td{background:#f6f6f6;font-style:italic} @media print{.noprint{display:none}}";

        public static string Html(RoutePlanView view, PlannedRouteView route, Dictionary<long, int> cartons)
        {
            static string E(string text) => WebUtility.HtmlEncode(text);
            var inv = CultureInfo.InvariantCulture;
            var html = new StringBuilder();
            html.Append(inv, $"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Run sheet {E(route.RouteCode)}</title>
                <style>{Style}</style></head><body>
                <h1>Run sheet {E(route.RouteCode)}</h1>
                <p>Vehicle <b>{E(route.VehicleCode)}</b> {E(route.VehicleName)} &middot; delivery date {view.DeliveryDate:yyyy-MM-dd} &middot; plan {view.PlanId} v{view.Version} ({E(view.Status.ToString())})<br>
                Depot {E(route.DepotWarehouseCode)} &middot; leaves {Clock(route.StartSecond)}, back {Clock(route.EndSecond)} &middot; {(route.Trips > 1 ? $"{route.Trips} trips &middot; " : "")}{route.Stops.Count} stops &middot; {route.DistanceKm:0.0} km &middot; {route.LoadWeightKg:0.#} kg, {route.LoadVolumeM3:0.###} m&sup3;, {route.Stops.Sum(s => cartons.GetValueOrDefault(s.ShipmentId))} cartons</p>
                <table><thead><tr><th>#</th><th>Window</th><th>ETA</th><th>Customer / contact</th><th>Address</th><th>Order / shipment</th><th>Cartons</th><th>Weight kg</th><th>On board after kg</th><th>Received by / signature</th></tr></thead><tbody>

                """);
            PlannedStopView? previous = null;
            foreach (var s in route.Stops)
            {
                if (previous is not null && s.Trip != previous.Trip)
                {
                    // Between two trips the van is back at its depot and loaded for the next one: load and cartons below are this trip's.
                    html.Append(inv, $"<tr class=\"break\"><td></td><td colspan=\"9\">Back at depot {E(route.DepotWarehouseCode)} after {Clock(previous.DepartureSecond)}: reload for trip {s.Trip} "
                        + $"({route.Stops.Where(x => x.Trip == s.Trip).Sum(x => cartons.GetValueOrDefault(x.ShipmentId))} cartons, {route.Stops.Where(x => x.Trip == s.Trip).Sum(x => x.WeightKg):0.#} kg)</td></tr>\n");
                }

                previous = s;
                html.Append(inv, $"<tr><td>{s.StopNumber}</td><td>{ClockTime.Format(s.WindowStartMinutes)}&ndash;{ClockTime.Format(s.WindowEndMinutes)}</td><td>{Clock(s.EtaSecond)}</td>"
                    + $"<td>{E(s.CustomerName)}</td><td>{E(s.AddressLine)}<br><small>{s.Latitude:0.00000}, {s.Longitude:0.00000}</small></td><td>{E(s.OrderReference)}<br><small>shipment {s.ShipmentId}</small></td>"
                    + $"<td>{cartons.GetValueOrDefault(s.ShipmentId)}</td><td>{s.WeightKg:0.#}</td><td>{s.LoadAfterKg:0.#}</td>"
                    + $"<td>{(s.DeliveredSecond is { } at ? $"done {Clock(at)}, {E(s.ReceivedBy)}" : "")}</td></tr>\n");
                if (s.BreakAfterSeconds > 0)
                {
                    html.Append(inv, $"<tr class=\"break\"><td></td><td colspan=\"9\">Driver's break: {s.BreakAfterSeconds / 60} minutes, from {Clock(s.DepartureSecond)}</td></tr>\n");
                }
            }

            html.Append("</tbody></table>\n<p class=\"noprint\"><small>Print with the browser (Ctrl+P) for paper or PDF.</small></p>\n</body></html>\n");
            return html.ToString();
        }
    }
}
