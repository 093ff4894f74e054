using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Dispatch;
using Xunit;

namespace Wms.WebConsole.Tests;

/// <summary>
/// Not a test but a measurement (docs/benchmarks.md): the dispatch page opened on a plan of 500 shipments on 20
/// routes, from navigation to the plan, its map and the shipment list on screen, in the real browser. Against
/// the sign-in page (no API call) loaded in the same run, as the reference. Runs only with WMS_CONSOLE_BENCH=1:
/// <c>WMS_CONSOLE_BENCH=1 dotnet test tests/Wms.WebConsole.Tests --filter FullyQualifiedName~DispatchPageLoadBench</c>.
/// </summary>
public sealed class DispatchPageLoadBench(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private const int Shipments = 500;
    private const int Vehicles = 20;
    private const int Runs = 7;

    [Fact]
    public async Task DispatchPage_500ShipmentsOn20Routes_LoadTime()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("WMS_CONSOLE_BENCH") == "1", "a measurement: set WMS_CONSOLE_BENCH=1 to run it.");
        if (await server.StartAsync() is { } why)
        {
            Assert.Skip(why);
        }

        // 500 drops spread over about 20 km around the depot, half of them with a morning or afternoon window.
        var random = new Random(18);
        var drops = Enumerable.Range(0, Shipments).Select(i => new DispatchSetup.Drop(
            10 + random.Next(20), i % 4 == 0 ? "08:00" : "00:00", i % 4 == 0 ? "13:00" : "24:00", (random.NextDouble() - 0.5) * 0.2, (random.NextDouble() - 0.5) * 0.3)).ToArray();
        var site = await DispatchSetup.SiteAsync(server, drops);
        await DispatchSetup.FleetAsync(server, site.WarehouseCode, Enumerable.Range(1, Vehicles).Select(v => DispatchSetup.Van($"VAN-{v:00}", capacityKg: 520)).ToArray());
        var request = DispatchSetup.Plan(site.WarehouseCode, budgetMs: 5000);
        var plan = await server.Call(WmsMethods.Dispatch.PlanRoutes, request);
        var name = "bench-" + Guid.NewGuid().ToString("N")[..6];
        var secret = await server.EnrolledUserAsync(name, "dispatcher");
        var page = await server.SignedInPageAsync(name, secret, "dispatch");
        await page.GetByTestId("warehouse").SelectOptionAsync(site.WarehouseCode);
        await Assertions.Expect(page.GetByTestId("shipment-count")).ToHaveTextAsync(Shipments.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        var planUrl = server.BaseUrl + "dispatch?plan=" + plan.PlanId.ToString(CultureInfo.InvariantCulture);

        // The same-run reference closest to the page: the same page in another signed-in tab, on a warehouse with no
        // shipments, no fleet and no plan (circuit, session restore and the page's calls, without the data).
        var empty = await DispatchSetup.SiteAsync(server);
        await NextTimeStepAsync();
        var emptyPage = await server.SignedInPageAsync(name, secret, "dispatch");
        await emptyPage.GetByTestId("warehouse").SelectOptionAsync(empty.WarehouseCode);
        await Assertions.Expect(emptyPage.GetByTestId("shipment-count")).ToHaveTextAsync("0", new() { Timeout = 30_000 });

        var dispatch = new List<double>();
        var emptyDispatch = new List<double>();
        var reference = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await page.GotoAsync(planUrl);
            await Assertions.Expect(page.GetByTestId("plan-status")).ToHaveTextAsync(Text.Draft, new() { Timeout = 30_000 });
            await page.GetByTestId("route-map").WaitForAsync();
            await Assertions.Expect(page.GetByTestId("shipment-count")).ToHaveTextAsync(Shipments.ToString(CultureInfo.InvariantCulture));
            dispatch.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            await emptyPage.GotoAsync(server.BaseUrl + "dispatch");
            await emptyPage.GetByTestId("no-shipments").WaitForAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(emptyPage.GetByTestId("vehicle-count")).ToHaveTextAsync("0");
            emptyDispatch.Add(watch.Elapsed.TotalMilliseconds);

            // The reference: a page of the same app with no API call, in a fresh tab (no session to restore).
            var fresh = await server.NewPageAsync();
            watch.Restart();
            await fresh.GotoAsync(server.BaseUrl + "signin");
            await fresh.GetByTestId("signin-form").WaitForAsync();
            reference.Add(watch.Elapsed.TotalMilliseconds);
            await fresh.CloseAsync();
        }

        var routes = plan.Routes.Count(r => r.Stops.Count > 0);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"dispatch page, {Shipments} shipments, {routes} routes ({plan.Totals.StopsRouted} routed, {plan.Totals.StopsUnserved} unserved): median {Median(dispatch):0} ms, min {dispatch.Min():0}, max {dispatch.Max():0} over {Runs} loads; "
            + $"empty dispatch page (reference, same tab kind) median {Median(emptyDispatch):0} ms, min {emptyDispatch.Min():0}, ratio {Median(dispatch) / Median(emptyDispatch):0.00}; "
            + $"sign-in page in a fresh browser context (reference) median {Median(reference):0} ms, ratio {Median(dispatch) / Median(reference):0.00}");
        TestContext.Current.SendDiagnosticMessage(line);
        Console.WriteLine(line);
    }

    /// <summary>A second sign-in needs a code of a later time step than the first one used (a code signs in once).</summary>
    private static Task NextTimeStepAsync() =>
        Task.Delay(TimeSpan.FromSeconds(30 - (DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30) + 1), TestContext.Current.CancellationToken);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
