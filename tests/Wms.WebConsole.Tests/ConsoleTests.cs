using Microsoft.Playwright;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests;
using Wms.Server.Tests.Dispatch;
using Wms.Server.Tests.Replenishment;
using Xunit;

namespace Wms.WebConsole.Tests;

/// <summary>
/// The console in a real headless Chromium against the real server: sign-in with TOTP, plan → pin → commit,
/// a stock-out alert arriving live, a picker refused the dispatch page. Each test also takes the screenshot
/// of its page for docs/console.md (WMS_CONSOLE_SCREENSHOTS=1 writes them there).
/// </summary>
public sealed class ConsoleTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    private async Task StartAsync()
    {
        if (await server.StartAsync() is { } why)
        {
            Skips.Because(why);
        }
    }

    private static Task<ListAuditResponse> AuditAsync(ConsoleServer server, string actor, string command) =>
        server.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Actor = actor, Command = command });

    [Fact]
    public async Task SignIn_FirstTimeEnrolsFromTheQrPageThenSignsInWithTotp()
    {
        await StartAsync();
        var name = UniqueName("dana");
        await server.CreateUserAsync(name, "dispatcher");
        var page = await server.NewPageAsync();

        await page.GotoAsync(server.BaseUrl);
        await page.GetByTestId("signin-form").WaitForAsync();
        await ConsoleServer.ScreenshotAsync(page, "signin");
        await page.GetByTestId("enrol-link").ClickAsync();
        // The sign-in form has fields with the same test ids, and it stays until the click's round trip to the
        // server re-renders the page: typed into it, the name and password can be lost with it.
        await page.GetByTestId("show-qr").WaitForAsync();
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("password").FillAsync(ConsoleServer.Password);
        await page.GetByTestId("show-qr").ClickAsync();
        var secret = await page.GetByTestId("totp-secret").InnerTextAsync();
        await ConsoleServer.ScreenshotAsync(page, "enrol");
        await page.GetByTestId("code").FillAsync(ConsoleServer.Code(secret));
        await page.GetByTestId("confirm").ClickAsync();
        await page.GetByTestId("recovery-codes").WaitForAsync();
        var codes = await page.GetByTestId("recovery-codes").Locator("li").AllInnerTextsAsync();
        await page.GetByTestId("continue").ClickAsync();
        var who = await page.GetByTestId("who").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Text.SignOut }).ClickAsync();
        await page.GetByTestId("signin-form").WaitForAsync();
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("password").FillAsync(ConsoleServer.Password);
        await page.GetByTestId("code").FillAsync(ConsoleServer.Code(secret, steps: 1));
        await page.GetByTestId("code").PressAsync("Enter");
        await page.GetByTestId("who").WaitForAsync();

        Assert.Equal(10, codes.Count);
        Assert.Contains(name, who, StringComparison.Ordinal);
        Assert.EndsWith("/dispatch", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var signIns = await AuditAsync(server, name, "SignIn");
        var entry = Assert.Single(signIns.Entries);
        Assert.Contains("with TOTP, from 127.0.0.1 for 127.0.0.1", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_PlanPinCommit_CommittedUnderThePersonsOwnName()
    {
        await StartAsync();
        var site = await DispatchSetup.SiteAsync(server,
            new DispatchSetup.Drop(40, "08:00", "12:00", 0.02, 0.01), new DispatchSetup.Drop(30, "09:00", "17:00", -0.01, 0.03),
            new DispatchSetup.Drop(25, North: 0.03, East: -0.02), new DispatchSetup.Drop(50, "13:00", "18:00", -0.02, -0.03),
            new DispatchSetup.Drop(20, North: 0.01, East: 0.04), new DispatchSetup.Drop(35, "07:00", "11:00", -0.03, 0.01));
        await DispatchSetup.FleetAsync(server, site.WarehouseCode, DispatchSetup.Van("VAN-A"), DispatchSetup.Van("VAN-B"));
        var name = UniqueName("dispatcher");
        var secret = await server.EnrolledUserAsync(name, "dispatcher");
        var page = await server.SignedInPageAsync(name, secret, "dispatch");
        var pinned = site.ShipmentIds[0];

        await page.GetByTestId("warehouse").SelectOptionAsync(site.WarehouseCode);
        await Assertions.Expect(page.GetByTestId("shipment-count")).ToHaveTextAsync(site.ShipmentIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("delivery-date").FillAsync(DispatchSetup.DeliveryDate);
        await page.GetByTestId("plan").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-status")).ToHaveTextAsync(Text.Draft);
        await page.GetByTestId("route-map").WaitForAsync();
        await ConsoleServer.ScreenshotAsync(page, "dispatch");
        await page.GetByTestId($"pin-{pinned}").ClickAsync();
        await page.GetByTestId($"pin-vehicle-{pinned}").SelectOptionAsync("VAN-B");
        await page.GetByTestId($"pin-confirm-{pinned}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"pinned-{pinned}")).ToContainTextAsync("VAN-B");
        var pinnedVersion = await page.GetByTestId("plan-version").InnerTextAsync();
        await page.GetByTestId("replan").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-version")).Not.ToHaveTextAsync(pinnedVersion);
        await ConsoleServer.ScreenshotAsync(page, "dispatch-replanned");
        await page.GetByTestId("commit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-status")).ToHaveTextAsync(Text.Committed);
        // The drivers' papers: VAN-B's run sheet and the plan as CSV, made by the server, handed over as downloads.
        await page.GetByTestId("run-sheet-VAN-B").ClickAsync();
        var sheet = await DownloadedAsync(page, "sheet-VAN-B");
        await page.GetByTestId("export-csv").ClickAsync();
        var csv = await DownloadedAsync(page, "export-csv-file");

        var planId = long.Parse(await page.GetByTestId("plan-id").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var plan = await server.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = planId });
        Assert.Equal(RoutePlanStatus.Committed, plan.Status);
        Assert.Equal(name, plan.CommittedBy);
        var vanB = plan.Routes.Single(r => r.VehicleCode == "VAN-B");
        Assert.Contains(vanB.Stops, s => s.ShipmentId == pinned);
        Assert.Single((await AuditAsync(server, name, "PinStop")).Entries);
        Assert.EndsWith(".html", sheet.FileName, StringComparison.Ordinal);
        Assert.All(vanB.Stops, s => Assert.Contains(s.OrderReference, sheet.Text, StringComparison.Ordinal));
        Assert.EndsWith(".csv", csv.FileName, StringComparison.Ordinal);
        // A header, then a line per stop of every route and per stop left out.
        Assert.Equal(plan.Routes.Sum(r => r.Stops.Count) + plan.Unserved.Count + 1, csv.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>The file behind a download link of the page (a data: URL made from the server's document): its name and text.</summary>
    private static async Task<(string FileName, string Text)> DownloadedAsync(IPage page, string testId)
    {
        var link = page.GetByTestId(testId);
        await link.WaitForAsync();
        var href = await link.GetAttributeAsync("href") ?? "";
        var data = href[(href.IndexOf(',', StringComparison.Ordinal) + 1)..];
        return (await link.GetAttributeAsync("download") ?? "", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data)));
    }

    [Fact]
    public async Task Alerts_StockOutWhileThePageIsOpen_AppearsWithoutAReload()
    {
        await StartAsync();
        var kit = await ReplenishmentKit.CreateAsync(server);
        await kit.SetFaceAsync(min: 10, max: 40);
        var name = UniqueName("supervisor");
        var secret = await server.EnrolledUserAsync(name, "supervisor");
        var page = await server.SignedInPageAsync(name, secret, "alerts");
        await page.GetByTestId("warehouse").SelectOptionAsync(kit.Warehouse);
        await Assertions.Expect(page.GetByTestId("alerts-live")).ToHaveTextAsync(Text.Live);

        await kit.RunAsync();

        var row = page.GetByTestId("alerts").Locator("tr", new() { HasText = $"F-01/{kit.Sku}" });
        await Assertions.Expect(row).ToContainTextAsync(Text.AlertLowStock);
        await ConsoleServer.ScreenshotAsync(page, "alerts");
    }

    [Fact]
    public async Task Dispatch_Picker_RefusedNamingTheRolesThatWould()
    {
        await StartAsync();
        var name = UniqueName("picker");
        var secret = await server.EnrolledUserAsync(name, "picker");

        var page = await server.SignedInPageAsync(name, secret, "dispatch");

        await Assertions.Expect(page.GetByTestId("refused")).ToContainTextAsync(Text.Refused(Text.DispatchTitle, "admin, supervisor, dispatcher"));
        Assert.Equal(0, await page.GetByTestId("plan").CountAsync());
        await ConsoleServer.ScreenshotAsync(page, "refused");
    }

    [Fact]
    public async Task FloorAndKpis_StockByBarcodeThenKpisByKeyboard()
    {
        await StartAsync();
        var name = UniqueName("floor");
        var secret = await server.EnrolledUserAsync(name, "supervisor");
        var page = await server.SignedInPageAsync(name, secret, "floor");
        await page.GetByTestId("warehouse").SelectOptionAsync("FRA");

        // SKU-0002's GTIN as a scanner would send it: the demo gives every SKU one (docs/demo.md).
        var sku = await server.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = "SKU-0002" });
        await page.GetByTestId("scan").FillAsync(sku.Barcodes[0]);
        await page.GetByTestId("scan").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("sku")).ToContainTextAsync("SKU-0002");
        await Assertions.Expect(page.GetByTestId("stock").Locator("tbody tr").First).ToContainTextAsync("SKU-0002");
        await ConsoleServer.ScreenshotAsync(page, "floor");
        await page.GetByRole(AriaRole.Link, new() { Name = Text.NavKpis }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("kpis").WaitForAsync();
        await ConsoleServer.ScreenshotAsync(page, "kpis");

        Assert.EndsWith("/kpis", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_CreateUserTokenRevokeThenAudit_ShowsWhoDidWhatFromWhere()
    {
        await StartAsync();
        var name = UniqueName("admin");
        var secret = await server.EnrolledUserAsync(name, "admin");
        var newUser = UniqueName("ola");
        var device = UniqueName("scanner");
        var page = await server.SignedInPageAsync(name, secret, "users");

        await page.GetByTestId("new-name").FillAsync(newUser);
        await page.GetByTestId("new-password").FillAsync(ConsoleServer.Password);
        await page.GetByTestId("role-picker").CheckAsync();
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"user-{newUser}")).ToContainTextAsync("picker");
        await ConsoleServer.ScreenshotAsync(page, "users");
        await page.GetByRole(AriaRole.Link, new() { Name = Text.NavTokens }).ClickAsync();
        await page.GetByTestId("token-name").FillAsync(device);
        await page.GetByTestId("create-token").ClickAsync();
        var token = await page.GetByTestId("new-token-value").InnerTextAsync();
        var row = page.GetByTestId("tokens").Locator("tr", new() { HasText = device });
        await ConsoleServer.ScreenshotAsync(page, "tokens");
        var tokenId = (await row.GetAttributeAsync("data-testid"))!["token-".Length..];
        await page.GetByTestId($"revoke-{tokenId}").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = Text.NavAudit }).ClickAsync();
        await page.GetByTestId("audit-actor").FillAsync(name);
        await page.GetByTestId("audit-search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit").Locator("tbody tr")).ToHaveCountAsync(6);
        await ConsoleServer.ScreenshotAsync(page, "audit");
        var commands = await page.GetByTestId("audit").Locator("tbody tr td:nth-child(3)").AllInnerTextsAsync();
        var origins = await page.GetByTestId("origin").AllInnerTextsAsync();

        Assert.Equal(["RevokeToken", "CreateToken", "CreateUser", "SignIn", "ConfirmTotpEnrolment", "StartTotpEnrolment"], commands);
        Assert.All(origins.Take(4), o => Assert.Equal("127.0.0.1 for 127.0.0.1", o));
        var users = await server.Call(WmsMethods.Account.ListUsers, new ListUsersRequest { PageSize = 1000 });
        Assert.Equal(["picker"], users.Users.Single(u => u.Name == newUser).Roles);
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => server.Call(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), token));
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Admin_Supervisor_RefusedTheUsersPageAndNoAdminLinks()
    {
        await StartAsync();
        var name = UniqueName("super");
        var secret = await server.EnrolledUserAsync(name, "supervisor");

        var page = await server.SignedInPageAsync(name, secret, "users");

        await Assertions.Expect(page.GetByTestId("refused")).ToContainTextAsync(Text.Refused(Text.UsersTitle, "admin"));
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = Text.NavAudit }).CountAsync());
    }

    [Fact]
    public async Task FloorAndKpis_PickerProgressHoldShortPickThenCycleTime()
    {
        await StartAsync();
        var floor = await Wms.Server.Tests.Floor.FloorKit.PickedAndShortAsync(server);
        // Besides the lot the picker's damaged report held, a whole bin held by a supervisor.
        var supervisor = UniqueName("sup");
        await server.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Guid.NewGuid().ToString(), WarehouseCode = floor.Warehouse, BinCode = "A-01-02", Reason = "racking check" },
            server.RegisterToken(supervisor, Wms.Server.Security.Role.Supervisor));
        // And a wave released (from reserve: both pick faces are held) but not yet taken by anyone.
        var outbound = new Wms.Server.Tests.Outbound.OutboundKit(server);
        await outbound.StockAsync(floor.Warehouse, "R-09-01", floor.Sku, 5);
        await outbound.CreateOrderAsync(floor.Warehouse, "SO-3", 1, (floor.Sku, 2));
        var wave = await outbound.ReleaseAsync(floor.Warehouse, 0, "SO-3");
        var name = UniqueName("lead");
        var secret = await server.EnrolledUserAsync(name, "supervisor");
        var page = await server.SignedInPageAsync(name, secret, "floor");

        await page.GetByTestId("warehouse").SelectOptionAsync(floor.Warehouse);
        await Assertions.Expect(page.GetByTestId($"picker-{floor.PickerName}")).ToContainTextAsync("2 " + Text.LinesUnit + ", 7 " + Text.UnitsUnit);
        await Assertions.Expect(page.GetByTestId("holds")).ToContainTextAsync("A-01-03");
        // Who placed each hold, and when (today, as the time of day).
        await Assertions.Expect(page.GetByTestId("hold-A-01-03")).ToContainTextAsync(floor.PickerName);
        await Assertions.Expect(page.GetByTestId("hold-A-01-02")).ToContainTextAsync(supervisor);
        await Assertions.Expect(page.GetByTestId("hold-A-01-02")).ToContainTextAsync("racking check");
        var since = await page.GetByTestId("hold-A-01-02").Locator("time").GetAttributeAsync("datetime");
        await Assertions.Expect(page.GetByTestId("short-picks")).ToContainTextAsync("SO-2");
        await Assertions.Expect(page.GetByTestId($"wave-{wave.WaveId}")).ToContainTextAsync(Text.TripStates(1, 0, 0));
        await Assertions.Expect(page.GetByTestId($"wave-{wave.WaveId}")).ToContainTextAsync("0 / 1");
        await ConsoleServer.ScreenshotAsync(page, "floor-pickers");
        await page.GetByRole(AriaRole.Link, new() { Name = Text.NavKpis }).ClickAsync();
        await page.GetByTestId("operations").WaitForAsync();
        var cycle = await page.GetByTestId("cycle-time").InnerTextAsync();
        var perHour = await page.GetByTestId("lines-per-hour").InnerTextAsync();
        await page.GetByTestId("cycle-chart").WaitForAsync();
        await ConsoleServer.ScreenshotAsync(page, "kpis-operations");

        Assert.EndsWith(" min", cycle, StringComparison.Ordinal);
        Assert.NotEqual("–", perHour);
        Assert.InRange(DateTimeOffset.Parse(since!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
