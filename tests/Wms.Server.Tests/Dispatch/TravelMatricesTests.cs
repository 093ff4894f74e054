using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wms.Client;
using Wms.Server.Dispatch;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;
using Vrp = Wms.Routing.Vehicles;

namespace Wms.Server.Tests.Dispatch;

/// <summary>
/// Issue 13: road-network matrices are kept (memory, then the WMS database for every server), concurrent plans of
/// the same points share one query, and a slow query does not hold a solve slot. The road network here is a
/// test source that answers only when the test opens it (no pgRouting needed; PgRoutingTests covers the real one).
/// </summary>
public sealed class TravelMatricesTests
{
    private static readonly Vrp.Location[] Points = [new(8.59, 50.05), new(8.62, 50.08), new(8.55, 50.01)];

    [Fact]
    public async Task GetAsync_ThreePlansOfTheSamePointsAtOnce_OneQueryOneMatrix()
    {
        var roads = new GatedRoads();
        await using var factory = new RoadsFactory(roads);
        var matrices = factory.Services.GetRequiredService<TravelMatrices>();
        var ct = TestContext.Current.CancellationToken;

        // From three threads at once, as three plans would come.
        var waiting = Enumerable.Range(0, 3).Select(_ => Task.Run(() => matrices.GetAsync(Points, ct), ct)).ToList();
        await roads.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        roads.Open.SetResult();
        var results = await Task.WhenAll(waiting);

        Assert.Equal(1, roads.Calls);
        Assert.Equal(1, matrices.SourceCalls);
        Assert.All(results, m => Assert.Same(results[0].Distance, m.Distance));
        Assert.Same(results[0].Distance, (await matrices.GetAsync(Points, ct)).Distance);
        Assert.Equal(1, roads.Calls);
    }

    [Fact]
    public async Task GetAsync_AnotherServerOnTheSameDatabase_StoredMatrixUntilTheNetworkChanges()
    {
        var roads = new GatedRoads();
        roads.Open.SetResult();
        await using var factory = new RoadsFactory(roads);
        var ct = TestContext.Current.CancellationToken;
        var first = await factory.Services.GetRequiredService<TravelMatrices>().GetAsync(Points, ct);

        // A second server: its own memory and source, the same database.
        var otherRoads = new GatedRoads();
        otherRoads.Open.SetResult();
        using var other = ActivatorUtilities.CreateInstance<TravelMatrices>(factory.Services, otherRoads);
        var stored = await other.GetAsync(Points, ct);

        Assert.Equal(0, otherRoads.Calls);
        Assert.Equal(first.Distance, stored.Distance);
        Assert.Equal(first.Time, stored.Time);

        // The road network re-imported: the stored matrix is of the old one, so a third server asks again.
        otherRoads.Version = "v2";
        using var third = ActivatorUtilities.CreateInstance<TravelMatrices>(factory.Services, otherRoads);
        await third.GetAsync(Points, ct);
        Assert.Equal(1, otherRoads.Calls);
    }

    [Fact]
    public async Task GetAsync_QueryFails_NotKeptAndTheNextPlanAsksAgain()
    {
        var roads = new GatedRoads { Failures = 1 };
        roads.Open.SetResult();
        await using var factory = new RoadsFactory(roads);
        var matrices = factory.Services.GetRequiredService<TravelMatrices>();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<InvalidOperationException>(() => matrices.GetAsync(Points, ct));
        var matrix = await matrices.GetAsync(Points, ct);

        Assert.Equal(2, roads.Calls);
        Assert.True(matrix.Distance[0, 1] > 0);
    }

    [Fact]
    public async Task PlanRoutes_OneSolveSlotWhileAMatrixQueryWaits_AnotherPlanIsSolved()
    {
        // Only the first site's matrix query waits (4 points: depot and three drops); the other site has one drop.
        var roads = new GatedRoads { Holds = points => points.Count == 4 };
        await using var factory = new RoadsFactory(roads);
        factory.Settings["Wms:Dispatch:MaxConcurrentSolves"] = "1";
        var slow = await SiteAsync(factory, new Drop(10), new Drop(10, North: 0.01), new Drop(10, East: 0.01));
        var fast = await SiteAsync(factory, new Drop(10));
        await FleetAsync(factory, slow.WarehouseCode, Van("VAN-1"));
        await FleetAsync(factory, fast.WarehouseCode, Van("VAN-1"));
        var invoker = factory.CreateInvoker(WmsServerFactory.AdminToken);
        var options = new CallOptions(cancellationToken: TestContext.Current.CancellationToken);

        var waiting = invoker.AsyncUnaryCall(WmsMethods.Dispatch.PlanRoutes, Plan(slow.WarehouseCode), options).ResponseAsync;
        await roads.Asked.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var other = await invoker.AsyncUnaryCall(WmsMethods.Dispatch.PlanRoutes, Plan(fast.WarehouseCode), options).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.False(waiting.IsCompleted);
        Assert.Single(other.Routes.Single().Stops);
        roads.Open.SetResult();
        var plan = await waiting;
        Assert.Equal(3, plan.Routes.Single().Stops.Count);
    }

    /// <summary>A road network that counts its queries and answers (straight line × 1.3) once opened.</summary>
    private sealed class GatedRoads : IVersionedTravelSource
    {
        private int _calls;

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set when a held query has started.</summary>
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<IReadOnlyList<Vrp.Location>, bool> Holds { get; init; } = _ => true;

        public int Failures { get; set; }

        public string Version { get; set; } = "v1";

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "gated-roads";

        public Task<string> VersionAsync(CancellationToken cancellationToken) => Task.FromResult(Version);

        public async Task<Vrp.TravelMatrix> GetAsync(IReadOnlyList<Vrp.Location> points, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Holds(points))
            {
                Asked.TrySetResult();
                await Open.Task;
            }

            if (Failures > 0)
            {
                Failures--;
                throw new InvalidOperationException("The road network is not loaded yet.");
            }

            return new Vrp.StraightLineMatrixSource(1.3, 40).Build(points);
        }
    }

    private sealed class RoadsFactory(GatedRoads roads) : WmsServerFactory
    {
        protected override void ConfigureDatabase(IWebHostBuilder builder)
        {
            base.ConfigureDatabase(builder);
            builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<Vrp.ITravelMatrixSource>(roads)));
        }
    }
}
