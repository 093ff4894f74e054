using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wms.Contracts.V1;
using Wms.Server.Tests;
using Wms.Server.Tests.Floor;
using Xunit;

namespace Wms.WebConsole.Tests;

/// <summary>The console's server, where the floor status of every warehouse but <see cref="Fast"/> answers 3 s late.</summary>
public sealed class SlowFloorConsoleServer : ConsoleServer
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);

    public string Fast { get; set; } = "";

    /// <summary>Floor statuses answered late so far.</summary>
    public int LateAnswers => _late;

    private int _late;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(this);
            services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<SlowFloorInterceptor>());
        });
    }

    private sealed class SlowFloorInterceptor(SlowFloorConsoleServer server) : Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            if (request is GetFloorStatusRequest floor && floor.WarehouseCode != server.Fast)
            {
                await Task.Delay(Delay, context.CancellationToken);
                Interlocked.Increment(ref server._late);
            }

            return await continuation(request, context);
        }
    }
}

/// <summary>A page's data follows the warehouse chosen last, whatever order the server's answers come back in.</summary>
public sealed class WarehouseSwitchTests(SlowFloorConsoleServer server) : IClassFixture<SlowFloorConsoleServer>
{
    [Fact]
    public async Task Floor_WarehouseSwitchedWhileTheFirstOnesLoadIsOut_ShowsTheChosenOnesPickersAfterTheLateAnswer()
    {
        if (await server.StartAsync() is { } why)
        {
            Skips.Because(why);
        }

        var floor = await FloorKit.PickedAndShortAsync(server);
        server.Fast = floor.Warehouse;
        var name = "lead-" + Guid.NewGuid().ToString("N")[..6];
        var secret = await server.EnrolledUserAsync(name, "supervisor");
        // The page opens on a demo warehouse, whose floor status is slow: its answer is still out at the switch.
        var page = await server.SignedInPageAsync(name, secret, "floor");
        await page.GetByTestId("warehouse").SelectOptionAsync(floor.Warehouse);

        var picker = page.GetByTestId($"picker-{floor.PickerName}");
        await Assertions.Expect(picker).ToContainTextAsync("2 " + Text.LinesUnit + ", 7 " + Text.UnitsUnit);
        // Past the moment the first warehouse's late answer arrives: it must not take the chosen one's place.
        await page.WaitForTimeoutAsync((float)SlowFloorConsoleServer.Delay.TotalMilliseconds + 1000);

        await Assertions.Expect(picker).ToContainTextAsync("2 " + Text.LinesUnit + ", 7 " + Text.UnitsUnit, new() { Timeout = 1000 });
        await Assertions.Expect(page.GetByTestId("holds")).ToContainTextAsync("A-01-03", new() { Timeout = 1000 });
        // The race was there to lose: the page opened on another warehouse, whose answer came late.
        Assert.True(server.LateAnswers > 0, "the page never asked for another warehouse's floor");
    }
}
