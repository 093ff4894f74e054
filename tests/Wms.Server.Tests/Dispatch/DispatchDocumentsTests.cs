using System.Text;
using System.Text.Json;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;

namespace Wms.Server.Tests.Dispatch;

/// <summary>Issue 13: proof of delivery and ETAs, run sheets, CSV/JSON export, drivers' breaks through the API.</summary>
public sealed class DispatchDocumentsTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>Four drops open all day and one too heavy, one van; committed.</summary>
    private async Task<(Site Site, RoutePlan Plan)> CommittedAsync()
    {
        var site = await SiteAsync(factory, new Drop(10, North: 0.02, East: 0.03), new Drop(12, North: -0.03, East: 0.05), new Drop(8, North: 0.05, East: -0.02),
            new Drop(15, North: -0.04, East: -0.04), new Drop(900));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"));
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode));
        return (site, await factory.Call(WmsMethods.Dispatch.CommitRoutePlan, new CommitRoutePlanRequest { RequestId = Id(), PlanId = plan.PlanId }));
    }

    [Fact]
    public async Task ReportStopDone_ThirtyMinutesLate_LaterStopsEtaThirtyMinutesLaterAndReplayAnswersTheSame()
    {
        var (_, plan) = await CommittedAsync();
        var stops = plan.Routes.Single().Stops;
        Assert.All(stops, s => Assert.Equal(s.ArrivalSecond, s.EtaSecond));
        var request = new ReportStopDoneRequest
        {
            RequestId = Id(), PlanId = plan.PlanId, ShipmentId = stops[1].ShipmentId, DoneTime = Clock(stops[1].DepartureSecond + 1800), ReceivedBy = "M. Weber", PhotoReference = "pod/123.jpg",
        };

        var done = await factory.Call(WmsMethods.Dispatch.ReportStopDone, request);
        var replay = await factory.Call(WmsMethods.Dispatch.ReportStopDone, request);

        Assert.Equal(done, replay);
        var after = done.Routes.Single().Stops;
        Assert.True(after[1].Done);
        Assert.Equal((request.DoneTime, "M. Weber", "pod/123.jpg"), (after[1].DeliveredTime, after[1].ReceivedBy, after[1].PhotoReference));
        Assert.False(after[0].Done);
        Assert.Equal(stops[0].EtaSecond, after[0].EtaSecond);
        var doneAt = (stops[1].DepartureSecond + 1800) / 60 * 60;
        for (var i = 2; i < stops.Count; i++)
        {
            Assert.Equal(stops[i].ArrivalSecond + (doneAt - stops[1].DepartureSecond), after[i].EtaSecond);
            Assert.Equal(stops[i].ArrivalSecond, after[i].ArrivalSecond);
        }

        var twice = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.ReportStopDone, request.Clone().Also(r => r.RequestId = Id())));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Contains("already reported done", twice.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("done_time", "25:00", "M. Weber")]
    [InlineData("done_time", "", "M. Weber")]
    [InlineData("received_by", "10:00", " ")]
    public async Task ReportStopDone_BadInput_InvalidArgumentNamingTheField(string field, string doneTime, string receivedBy)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.ReportStopDone,
            new ReportStopDoneRequest { RequestId = Id(), PlanId = 1, ShipmentId = 1, DoneTime = doneTime, ReceivedBy = receivedBy }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportStopDone_DraftPlan_FailedPrecondition()
    {
        var site = await SiteAsync(factory, new Drop(10));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"));
        var draft = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.ReportStopDone,
            new ReportStopDoneRequest { RequestId = Id(), PlanId = draft.PlanId, ShipmentId = site.ShipmentIds[0], DoneTime = "10:00", ReceivedBy = "X" }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("committed plans only", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRunSheet_Route_HtmlWithStopsInOrderWindowsCartonsAndWeights()
    {
        var (_, plan) = await CommittedAsync();
        var route = plan.Routes.Single();

        var sheet = await factory.Call(WmsMethods.Dispatch.GetRunSheet, new GetRunSheetRequest { PlanId = plan.PlanId, VehicleCode = "VAN-1" });

        Assert.Equal(($"run-sheet-{route.RouteCode}.html", "text/html; charset=utf-8"), (sheet.FileName, sheet.ContentType));
        var html = sheet.Content.ToStringUtf8();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        var at = route.Stops.Select(s => html.IndexOf(s.OrderReference, StringComparison.Ordinal)).ToList();
        Assert.All(at, i => Assert.True(i > 0));
        Assert.Equal(at.Order(), at);
        Assert.Contains($"{route.Stops.Count} stops", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{route.Stops[0].WindowStart}&ndash;{route.Stops[0].WindowEnd}</td><td>{route.Stops[0].EtaTime}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td>1</td><td>{route.Stops[0].WeightKg:0.#}</td>", html, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.GetRunSheet, new GetRunSheetRequest { PlanId = plan.PlanId, VehicleCode = "VAN-9" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ExportRoutePlan_CsvAndJson_EveryShipmentOnceWithItsRouteOrReason()
    {
        var (site, plan) = await CommittedAsync();

        var csv = await factory.Call(WmsMethods.Dispatch.ExportRoutePlan, new ExportRoutePlanRequest { PlanId = plan.PlanId, Format = "csv" });
        var json = await factory.Call(WmsMethods.Dispatch.ExportRoutePlan, new ExportRoutePlanRequest { PlanId = plan.PlanId, Format = "JSON" });
        var bad = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.ExportRoutePlan, new ExportRoutePlanRequest { PlanId = plan.PlanId, Format = "pdf" }));

        var lines = csv.Content.ToStringUtf8().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("route_code,vehicle,stop_number,shipment_id,", lines[0], StringComparison.Ordinal);
        Assert.Equal(site.ShipmentIds.Order(), lines.Skip(1).Select(l => long.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Contains(lines, l => l.StartsWith($",,,{site.ShipmentIds[4]},", StringComparison.Ordinal) && l.Contains("NoVehicleCanServe", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(json.Content.ToStringUtf8());
        Assert.Equal("application/json", json.ContentType);
        var routes = doc.RootElement.GetProperty("routes");
        Assert.Equal(plan.Routes.Single().RouteCode, routes[0].GetProperty("route_code").GetString());
        Assert.Equal(plan.Routes.Single().Stops.Count, routes[0].GetProperty("stops").GetArrayLength());
        Assert.Equal(site.ShipmentIds[4], doc.RootElement.GetProperty("unserved")[0].GetProperty("shipment_id").GetInt64());
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("format", bad.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanRoutes_VanWithBreakRule_BreakOnTheRouteAndRunSheet()
    {
        // Drops about 11-13 km apart at 40 km/h: with a break due after 25 minutes of driving the driver needs several.
        var site = await SiteAsync(factory, new Drop(10, North: 0.1), new Drop(10, East: 0.15), new Drop(10, North: -0.1), new Drop(10, East: -0.15));
        var van = Van("VAN-1");
        (van.BreakAfterDrivingMinutes, van.BreakMinutes, van.MaxDrivingMinutes) = (25, 15, 300);
        await FleetAsync(factory, site.WarehouseCode, van);

        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode));
        var listed = await factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = site.WarehouseCode });
        var sheet = await factory.Call(WmsMethods.Dispatch.GetRunSheet, new GetRunSheetRequest { PlanId = plan.PlanId, VehicleCode = "VAN-1" });

        Assert.Equal((25, 15, 300), (listed.Vehicles[0].BreakAfterDrivingMinutes, listed.Vehicles[0].BreakMinutes, listed.Vehicles[0].MaxDrivingMinutes));
        var stops = plan.Routes.Single().Stops;
        Assert.Equal(4, stops.Count);
        Assert.Contains(stops, s => s.BreakAfterMinutes == 15);
        var pause = stops.First(s => s.BreakAfterMinutes == 15);
        var next = stops.FirstOrDefault(s => s.StopNumber == pause.StopNumber + 1);
        Assert.True(next is null || next.ArrivalSecond >= pause.DepartureSecond + (15 * 60));
        Assert.Contains("Driver's break: 15 minutes", sheet.Content.ToStringUtf8(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertVehicles_BreakWithoutItsRule_InvalidArgumentNamingTheField()
    {
        var site = await SiteAsync(factory);
        var van = Van("VAN-1");
        van.BreakMinutes = 45;

        var error = await Assert.ThrowsAsync<RpcException>(() => FleetAsync(factory, site.WarehouseCode, van));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("vehicles[0].break_minutes", error.Status.Detail, StringComparison.Ordinal);
    }

    private static string Clock(int second) => $"{second / 3600:00}:{second / 60 % 60:00}";
}

internal static class ProtoExtensions
{
    public static T Also<T>(this T value, Action<T> change)
    {
        change(value);
        return value;
    }
}
