using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Security;
using Xunit;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Replenishment;

/// <summary>
/// A replenishment task belongs to the operator who took it: claims, the queue each operator sees, giving a task
/// back, and two operators racing for one task.
/// </summary>
public sealed class ClaimReplenishmentTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>Face F-01 (5 on hand, min 10, max 40), 80 in R-01: one task of 35 from R-01.</summary>
    private async Task<(ReplenishmentKit Kit, ReplenishmentTask Task)> PlannedAsync()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 5);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        await kit.RunAsync();
        return (kit, Assert.Single(await kit.TasksAsync()));
    }

    private (string Name, string Token) Picker()
    {
        var name = "picker-" + OutboundKit.NewId()[..6];
        return (name, factory.RegisterToken(name, Role.Picker));
    }

    [Fact]
    public async Task ClaimReplenishment_EightOperatorsRaceForOneTask_OneWinsTheOthersHearWhoHoldsIt()
    {
        var (kit, task) = await PlannedAsync();
        var pickers = Enumerable.Range(0, 8).Select(_ => Picker()).ToList();

        var winner = await RaceAsync(task.TaskId, pickers.Select(p => (p.Name, p.Token, kit)));

        // A loser's confirmation is refused the same way and moves nothing; the winner's goes through.
        var loser = pickers.First(p => p.Name != winner);
        var refused = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(ReplenishmentKit.Confirm(task), loser.Token));
        Assert.Contains($"is taken by {winner}", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((5L, 0L), await kit.Outbound.BalanceAsync(kit.Warehouse, "F-01", kit.Sku));
        var done = await kit.ConfirmAsync(ReplenishmentKit.Confirm(task), pickers.Single(p => p.Name == winner).Token);
        Assert.Equal((true, 40L), (done.Done, done.FaceOnHand));
        await kit.Outbound.AssertStockIntegrityAsync();
    }

    /// <summary>
    /// Every operator claims the task at once: exactly one wins, and every other hears FAILED_PRECONDITION naming
    /// the winner. Answers the winner's name.
    /// </summary>
    internal static async Task<string> RaceAsync(long taskId, IEnumerable<(string Name, string Token, ReplenishmentKit Kit)> operators)
    {
        var outcomes = await Task.WhenAll(operators.Select(async o =>
        {
            try
            {
                return (o.Name, Claimed: (await o.Kit.ClaimAsync(taskId, o.Token)).ClaimedBy, Error: (RpcException?)null);
            }
            catch (RpcException error)
            {
                return (o.Name, Claimed: "", Error: error);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.Equal(winner.Name, winner.Claimed);
        Assert.All(outcomes.Where(o => o.Error is not null), o =>
        {
            Assert.Equal(StatusCode.FailedPrecondition, o.Error!.StatusCode);
            Assert.StartsWith($"Replenishment task {taskId} is taken by {winner.Name} (since ", o.Error.Status.Detail, StringComparison.Ordinal);
        });
        return winner.Name;
    }

    [Fact]
    public async Task ListReplenishmentTasks_TaskClaimed_ShownToItsOperatorAndSupervisorsViewButNotToOthers()
    {
        var (kit, task) = await PlannedAsync();
        var (anna, annaToken) = Picker();
        var (_, benToken) = Picker();

        var claimed = await kit.ClaimAsync(task.TaskId, annaToken);

        Assert.Equal(anna, claimed.ClaimedBy);
        Assert.NotEmpty(claimed.ClaimedAt);
        Assert.Equal(anna, Assert.Single(await kit.TasksAsync(annaToken, includeClaimed: false)).ClaimedBy);
        Assert.Empty(await kit.TasksAsync(benToken, includeClaimed: false));
        Assert.Equal(anna, Assert.Single(await kit.TasksAsync(benToken, includeClaimed: true)).ClaimedBy);
    }

    [Fact]
    public async Task ClaimReplenishment_SameOperatorAgainOrSameRequestReplayed_StaysTheirsAndChangesNothingElse()
    {
        var (kit, task) = await PlannedAsync();
        var (anna, annaToken) = Picker();
        var requestId = OutboundKit.NewId();

        var first = await kit.ClaimAsync(task.TaskId, annaToken, requestId);
        var replay = await kit.ClaimAsync(task.TaskId, annaToken, requestId);
        var again = await kit.ClaimAsync(task.TaskId, annaToken);

        Assert.Equal(first, replay);
        Assert.Equal((anna, anna), (replay.ClaimedBy, again.ClaimedBy));
        Assert.Equal(35L, again.QuantityRemaining);
    }

    [Fact]
    public async Task ReleaseReplenishment_ByAnotherPickerTheHolderOrASupervisor_OnlyHolderAndSupervisorMayAndTheTaskIsFreeAgain()
    {
        var (kit, task) = await PlannedAsync();
        var (anna, annaToken) = Picker();
        var (ben, benToken) = Picker();
        var supervisor = factory.RegisterToken("supervisor-" + OutboundKit.NewId()[..6], Role.Supervisor);
        await kit.ClaimAsync(task.TaskId, annaToken);

        var notYours = await Assert.ThrowsAsync<RpcException>(() => kit.ReleaseAsync(task.TaskId, benToken));
        Assert.Equal(StatusCode.FailedPrecondition, notYours.StatusCode);
        Assert.Equal($"Replenishment task {task.TaskId} is taken by {anna}: only {anna} or a supervisor can release it.", notYours.Status.Detail);

        var given = await kit.ReleaseAsync(task.TaskId, annaToken);
        Assert.Equal(("", ""), (given.ClaimedBy, given.ClaimedAt));
        Assert.Equal(ben, (await kit.ClaimAsync(task.TaskId, benToken)).ClaimedBy);

        var freed = await kit.ReleaseAsync(task.TaskId, supervisor);
        Assert.Equal("", freed.ClaimedBy);
        Assert.Single(await kit.TasksAsync(annaToken, includeClaimed: false));
        Assert.Equal("", (await kit.ReleaseAsync(task.TaskId, annaToken)).ClaimedBy);
    }

    [Fact]
    public async Task ClaimReplenishment_PartMovedThenGivenBack_AnotherOperatorFinishesIt()
    {
        var (kit, task) = await PlannedAsync();
        var (_, annaToken) = Picker();
        var (_, benToken) = Picker();
        await kit.ClaimAsync(task.TaskId, annaToken);
        await kit.ConfirmAsync(ReplenishmentKit.Confirm(task, quantity: 15), annaToken);
        Assert.Empty(await kit.TasksAsync(benToken, includeClaimed: false));

        await kit.ReleaseAsync(task.TaskId, annaToken);
        var open = Assert.Single(await kit.TasksAsync(benToken, includeClaimed: false));
        var done = await kit.ConfirmAsync(ReplenishmentKit.Confirm(open), benToken);

        Assert.Equal((true, 40L), (done.Done, done.FaceOnHand));
        Assert.Equal(("", 20L), (open.ClaimedBy, open.QuantityRemaining));
        Assert.Empty(await kit.TasksAsync());
    }

    [Theory]
    [InlineData("", 1, "request_id")]
    [InlineData("id", 0, "task_id")]
    [InlineData("id", -3, "task_id")]
    public async Task ClaimAndReleaseReplenishment_BadInput_InvalidArgumentNamingTheField(string requestId, long taskId, string field)
    {
        var (kit, task) = await PlannedAsync();
        var (_, token) = Picker();
        var id = requestId.Length == 0 ? "" : OutboundKit.NewId();

        var claim = await Assert.ThrowsAsync<RpcException>(() => kit.ClaimAsync(taskId == 1 ? task.TaskId : taskId, token, id));
        var release = await Assert.ThrowsAsync<RpcException>(() => kit.ReleaseAsync(taskId == 1 ? task.TaskId : taskId, token, id));

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (claim.StatusCode, release.StatusCode));
        Assert.StartsWith(field, claim.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith(field, release.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", Assert.Single(await kit.TasksAsync()).ClaimedBy);
    }

    [Fact]
    public async Task ClaimReplenishment_UnknownOrFinishedTask_NotFoundOrFailedPrecondition()
    {
        var (kit, task) = await PlannedAsync();
        var (_, token) = Picker();
        await kit.ConfirmAsync(ReplenishmentKit.Confirm(task), token);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => kit.ClaimAsync(987_654_321, token));
        var finished = await Assert.ThrowsAsync<RpcException>(() => kit.ClaimAsync(task.TaskId, token));

        Assert.Equal((StatusCode.NotFound, StatusCode.FailedPrecondition), (unknown.StatusCode, finished.StatusCode));
        Assert.Equal($"Replenishment task {task.TaskId} is done.", finished.Status.Detail);
    }

    [Fact]
    public async Task ClaimReplenishment_Unauthenticated_Refused()
    {
        var (kit, task) = await PlannedAsync();
        var device = factory.RegisterToken("probe-" + OutboundKit.NewId()[..6], Role.Device);

        var error = await Assert.ThrowsAsync<RpcException>(() => kit.ClaimAsync(task.TaskId, device));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}

/// <summary>The real server on a clock the test moves, for claims that lapse.</summary>
public sealed class ClaimClockFactory : WmsServerFactory
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(services, Clock));
    }
}

public sealed class ClaimLapseTests(ClaimClockFactory factory) : IClassFixture<ClaimClockFactory>
{
    [Fact]
    public async Task ClaimReplenishment_NoProgressForClaimMinutes_AnotherOperatorTakesItOverAndTheFirstIsRefused()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        await kit.RunAsync();
        var task = Assert.Single(await kit.TasksAsync());
        var anna = factory.RegisterToken("anna-" + OutboundKit.NewId()[..6], Role.Picker);
        var benName = "ben-" + OutboundKit.NewId()[..6];
        var ben = factory.RegisterToken(benName, Role.Picker);
        await kit.ClaimAsync(task.TaskId, anna);

        factory.Clock.Now += TimeSpan.FromMinutes(29);
        Assert.Empty(await kit.TasksAsync(ben, includeClaimed: false));
        await Assert.ThrowsAsync<RpcException>(() => kit.ClaimAsync(task.TaskId, ben));
        factory.Clock.Now += TimeSpan.FromMinutes(1);

        Assert.Single(await kit.TasksAsync(ben, includeClaimed: false));
        Assert.Equal(benName, (await kit.ClaimAsync(task.TaskId, ben)).ClaimedBy);
        var late = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(ReplenishmentKit.Confirm(task), anna));
        Assert.Contains($"is taken by {benName}", late.Status.Detail, StringComparison.Ordinal);
    }
}

/// <summary>Two servers on one PostgreSQL database: operators on either race for one task.</summary>
public sealed class ClaimReplenishmentPostgresTests
{
    [Fact]
    public async Task ClaimReplenishment_OperatorsOnTwoServersRaceForOneTask_OneWinsTheOthersHearWhoHoldsIt()
    {
        var database = TestPostgres.CreateDatabase();
        try
        {
            await using var first = new PostgresServerFactory { ExistingDatabase = database };
            await using var second = new PostgresServerFactory { ExistingDatabase = database };
            var kit = await ReplenishmentKit.CreateAsync(first);
            var other = ReplenishmentKit.ForExisting(second, kit.Warehouse, kit.Sku);
            await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
            await kit.SetFaceAsync(min: 10, max: 40);
            await kit.RunAsync();
            var task = Assert.Single(await kit.TasksAsync());
            var operators = Enumerable.Range(0, 10).Select(i =>
            {
                var name = $"picker{i}-" + OutboundKit.NewId()[..6];
                var (server, via) = i % 2 == 0 ? (first, kit) : (second, other);
                return (Name: name, Token: server.RegisterToken(name, Role.Picker), Kit: via);
            }).ToList();

            var winner = await ClaimReplenishmentTests.RaceAsync(task.TaskId, operators);

            Assert.Equal(winner, Assert.Single(await other.TasksAsync()).ClaimedBy);
        }
        finally
        {
            TestPostgres.DropDatabase(database);
        }
    }
}
