using Microsoft.Playwright;
using Wms.Client;
using Wms.Server.Tests;
using Wms.Server.Tests.Dispatch;
using Xunit;

namespace Wms.WebConsole.Tests;

/// <summary>The console with a tile URL configured: the server it points at is played by the browser's own request routing.</summary>
public sealed class TiledConsoleServer : ConsoleServer
{
    public const string TileHost = "tiles.invalid";

    public TiledConsoleServer()
    {
        Settings["Wms:Console:TileUrl"] = $"http://{TileHost}/{{z}}/{{x}}/{{y}}.png";
        Settings["Wms:Console:TileAttribution"] = "test tiles";
    }
}

/// <summary>The dispatch page's Leaflet map: Leaflet from the server itself, tiles from the configured URL and nowhere else.</summary>
public sealed class TileMapTests(TiledConsoleServer server) : IClassFixture<TiledConsoleServer>
{
    // A 256 × 256 grey tile with grid lines every 64 pixels: enough to see the tiles in the screenshot.
    private static readonly byte[] Tile = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAQAAAAEACAIAAADTED8xAAAD6ElEQVR42u3WsQ1EIQxEQfdfHSEhFRAgkUMPRNgjcflI66f70frwvLIv7m+u/e/j5395AuAXgAH4BWAAfgEYgF8ABuAXgAH4BWAAfgEYgF8ABuAXgAH4BWAAfgEYgF8ABuAXgAH4BWAAfgEYgF8ABuAXgAH4BWAAfgEYgF8ABuAXgAH4BWAAfgEYgF8ABuAXgAH4BeCA+AXggPgF4ID4BeCA+AXggPgF4ID4BeCA+AXggPgF4ID4BeCA+AXggPgF4ID4BeCA+AXAzy8Afn4B8PMLgJ9fAPz8AuDnFwA/vwD4+QXAzy8Afn4B8PMLgJ9fAPwCMAC/AAzALwAD8AvAAPwCMAC/AAzALwAD8AvAAPwCMAC/AAzAny8Azyv7/APw+wQyAL8ADMAvAAPwC8AA/AIwAL8ADMAvAAPwC8AA/AIwAL8ADMAvAAPwC8AA/AIwAL8ADMAvAAPwC8AA/AIwAL8ADMAvAAPwC8AA/AIwAL8ADMAvAAPwC8AA/AIwAL8AHBC/ABwQvwAcEL8AHBC/ABwQvwAcEL8AHBC/ABwQvwAcEL8AHBC/ABwQvwAcEL8AHBC/APj5BcDPLwB+fgHw8wuAn18A/PwC4OcXAD+/APj5BcDPLwB+fgHw8wuAXwAG4BeAAfgFYAB+ARiAXwAG4BeAAfgFYAB+ARiAXwAG4BeAAfgFYAD+VAF4XtnnH4DfJ5AB+AVgAH4BGIBfAAbgF4AB+AVgAH4BGIBfAAbgF4AB+AVgAH4BGIBfAAbgF4AB+AVgAH4BGIBfAAbgF4AB+AVgAH4BGIBfAAbgF4AB+AVgAH4BGIBfAAbgF4AB+AXggPgF4ID4BeCA+AXggPgF4ID4BeCA+AXggPgF4ID4BeCA+AXggPgF4ID4BeCA+AXggPgFwM8vAH5+AfDzC4CfXwD8/ALg5xcAP78A+PkFwM8vAH5+AfDzC4CfXwD8AjAAvwAMwC8AA/ALwAD8AjAAvwAMwC8AA/ALwAD8AjAAvwAMwC8AA/CnCsDzyj7/APw+gQzALwAD8AvAAPwCMAC/AAzALwAD8AvAAPwCMAC/AAzALwAD8AvAAPwCMAC/AAzALwAD8AvAAPwCMAC/AAzALwAD8AvAAPwCMAC/AAzALwAD8AvAAPwCMAC/AAzALwAHxC8AB8QvAAfELwAHxC8AB8QvAAfELwAHxC8AB8QvAAfELwAHxC8AB8QvAAfELwAHxC8Afn4B8PMLgJ9fAPz8AuDnFwA/vwD4+QXAzy8Afn4B8PMLgJ9fAPz8AuAXgAH4BWAAfgEYgF8ABuAXgAH4BWAAfgEYgF8ABuAXgAH4BWAAfgEYgD+N/wDFuscf7gNgxwAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Dispatch_TileUrlConfigured_RoutesOnLeafletOverThoseTilesAndNothingFromElsewhere()
    {
        if (await server.StartAsync() is { } why)
        {
            Skips.Because(why);
        }

        var site = await DispatchSetup.SiteAsync(server,
            new DispatchSetup.Drop(40, North: 0.02, East: 0.01), new DispatchSetup.Drop(30, North: -0.01, East: 0.03), new DispatchSetup.Drop(25, North: 0.03, East: -0.02),
            new DispatchSetup.Drop(50, North: -0.02, East: -0.03));
        await DispatchSetup.FleetAsync(server, site.WarehouseCode, DispatchSetup.Van("VAN-A"), DispatchSetup.Van("VAN-B"));
        var name = "dispatcher-" + Guid.NewGuid().ToString("N")[..6];
        var secret = await server.EnrolledUserAsync(name, "dispatcher");
        var page = await server.SignedInPageAsync(name, secret, "dispatch");
        var tiles = 0;
        var hosts = new HashSet<string>();
        page.Request += (_, request) => hosts.Add(new Uri(request.Url).Host);
        await page.RouteAsync($"http://{TiledConsoleServer.TileHost}/**", async route =>
        {
            Interlocked.Increment(ref tiles);
            await route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = Tile });
        });

        await page.GetByTestId("warehouse").SelectOptionAsync(site.WarehouseCode);
        // The page's load done before the click: a CI run lost the click to a load that disabled the button under it.
        await Assertions.Expect(page.GetByTestId("shipment-count")).ToHaveTextAsync(site.ShipmentIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("delivery-date").FillAsync(DispatchSetup.DeliveryDate);
        await page.GetByTestId("plan").ClickAsync();
        // The plan is solved first: on a CI machine running other test assemblies beside this one that took over 15 s.
        await page.Locator("[data-testid=tile-map], [data-testid=error]").First.WaitForAsync(new() { Timeout = 90_000 });
        Assert.Empty(await page.GetByTestId("error").AllInnerTextsAsync());
        var routes = await server.Call(WmsMethods.Dispatch.GetRoutePlan, new Contracts.V1.GetRoutePlanRequest
        {
            PlanId = long.Parse(await page.GetByTestId("plan-id").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture),
        });
        await Assertions.Expect(page.Locator("[data-testid=tile-map] path.route-line")).ToHaveCountAsync(routes.Routes.Count);
        await Assertions.Expect(page.Locator("[data-testid=tile-map] path.route-stop")).ToHaveCountAsync(routes.Routes.Sum(r => r.Stops.Count));
        await Assertions.Expect(page.Locator("[data-testid=tile-map] img.leaflet-tile-loaded").First).ToBeVisibleAsync();
        // Every stop drawn where a person sees it: inside the map's box (the map fitted the plan) and the topmost
        // element at its centre (not hidden under something or scaled away by a stylesheet).
        var outside = await page.EvaluateAsync<int>("""
            () => {
                const box = document.querySelector('[data-testid=tile-map]').getBoundingClientRect();
                return [...document.querySelectorAll('[data-testid=tile-map] path.route-stop')].filter(p => {
                    const r = p.getBoundingClientRect();
                    const inside = r.width >= 8 && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
                    return !inside || document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) !== p;
                }).length;
            }
            """);
        await ConsoleServer.ScreenshotAsync(page, "dispatch-tiles");

        Assert.True(tiles > 0, "no tile was asked for");
        Assert.Equal(0, outside);
        Assert.Equal(0, await page.GetByTestId("route-map").CountAsync());
        Assert.Subset(new HashSet<string> { "127.0.0.1", TiledConsoleServer.TileHost }, hosts);
    }
}
