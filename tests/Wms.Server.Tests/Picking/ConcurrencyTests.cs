using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Tests.Outbound;
using Wms.Server.Transport.Grpc;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Picking;

/// <summary>Many callers at once against the same few units, through the real gRPC stack: no oversell, no negative stock.</summary>
public sealed class ConcurrencyTests(WmsServerFactory factory) : ConcurrencyTestsBase(factory), IClassFixture<WmsServerFactory>;

/// <summary>The same races on PostgreSQL (required in CI, where .ci/run starts it).</summary>
public sealed class PostgresConcurrencyTests(PostgresServerFactory factory) : ConcurrencyTestsBase(factory), IClassFixture<PostgresServerFactory>
{
    [Fact]
    public async Task ConfirmPick_TwoInOneBatchLoseTheVersionCheck_RunAgainAndEachCountedOnce()
    {
        TestPostgres.Require();
        var warehouse = await Kit.WarehouseAsync(new BinSpec("A-01-01", BinKind.PickFace, 1, 1));
        var sku = await Kit.SkuAsync();
        await Kit.StockAsync(warehouse, "A-01-01", sku, 10);
        await Kit.CreateOrderAsync(warehouse, "SO-v1", 1, (sku, 3));
        await Kit.CreateOrderAsync(warehouse, "SO-v2", 1, (sku, 2));
        await Kit.ReleaseAsync(warehouse, 0, "SO-v1", "SO-v2");
        var picker = factory.RegisterToken("picker-version", Role.Picker);
        await Kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker);
        var tasks = (await Kit.Call(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = warehouse }, picker)).Tasks;

        // Another server's write, as the group's statement sees it: the first update of a balance ever made from now on
        // finds no row of the version read (a sequence, so the group's rollback does not reset it).
        Sql("""
            CREATE SEQUENCE lose_once_seq;
            CREATE FUNCTION lose_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF nextval('lose_once_seq') = 1 THEN RETURN NULL; END IF; RETURN NEW; END $$;
            CREATE TRIGGER lose_once BEFORE UPDATE ON stock_balances FOR EACH ROW EXECUTE FUNCTION lose_once();
            """);
        try
        {
            var handler = factory.Services.GetRequiredService<Wms.Server.Picking.ConfirmPick.Handler>();
            var results = await InOneBatchAsync(tasks.Select(t => (Func<Task<Wms.Server.Picking.ConfirmPick.Result>>)(() => handler.HandleAsync(
                new Wms.Server.Picking.ConfirmPick.Command(OutboundKit.NewId(), "picker-version", t.TaskId, "A-01-01", sku, "", 0), TestContext.Current.CancellationToken))).ToArray());

            Assert.All(results, r => Assert.True(Assert.IsType<Wms.Server.Picking.ConfirmPick.Result>(r).TaskDone));
            // The lost update, then one for each confirmation run again alone.
            Assert.Equal(3L, Convert.ToInt64(Sql("SELECT last_value FROM lose_once_seq"), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Sql("DROP TRIGGER lose_once ON stock_balances; DROP FUNCTION lose_once(); DROP SEQUENCE lose_once_seq;");
        }

        Assert.Equal((5L, 0L), await Kit.BalanceAsync(warehouse, "A-01-01", sku));
        Assert.Equal(2L, Convert.ToInt64(Sql($"SELECT COUNT(*) FROM ledger WHERE reference IN ({string.Join(", ", tasks.Select(t => $"'pick-task:{t.TaskId}'"))})"), System.Globalization.CultureInfo.InvariantCulture));
        await Kit.AssertStockIntegrityAsync();
    }

    private object? Sql(string sql)
    {
        using var raw = factory.OpenRawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

public abstract class ConcurrencyTestsBase(WmsServerFactory factory)
{
    private readonly OutboundKit _kit = new(factory);

    protected OutboundKit Kit => _kit;

    [Fact]
    public async Task ConfirmPickAndAllocateOrder_64CallsAtOnceOnEightUnits_NoOversellNoNegativeStock()
    {
        if (factory is PostgresServerFactory)
        {
            TestPostgres.Require();
        }

        var warehouse = await _kit.WarehouseAsync(new BinSpec("A-01-01", BinKind.PickFace, 1, 1));
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 8);
        await _kit.CreateOrderAsync(warehouse, "SO-picked", 9, (sku, 4));
        await _kit.ReleaseAsync(warehouse, 0, "SO-picked");
        var picker = factory.RegisterToken("picker-race", Role.Picker);
        var task = (await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;
        for (var i = 0; i < 56; i++)
        {
            await _kit.CreateOrderAsync(warehouse, $"SO-{i:00}", 1, (sku, 1));
        }

        // 8 confirmations of 1 unit race for a task of 4; 56 allocations of 1 unit race for the 4 left free.
        var confirms = Enumerable.Range(0, 8).Select(_ => Outcome(_kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = "A-01-01", ScannedSku = sku, Quantity = 1,
        }, picker))).ToList();
        var allocations = Enumerable.Range(0, 56).Select(i => Outcome(_kit.AllocateAsync(warehouse, $"SO-{i:00}"))).ToList();
        var results = await Task.WhenAll(confirms.Concat(allocations));

        var confirmed = results.Take(8).ToList();
        var allocated = results.Skip(8).Select(r => r.Response as Contracts.V1.Order).ToList();
        Assert.Equal(4, confirmed.Count(r => r.Error is null));
        Assert.All(confirmed.Where(r => r.Error is not null), r => Assert.Equal(StatusCode.FailedPrecondition, r.Error!.StatusCode));
        Assert.All(allocated, Assert.NotNull);
        Assert.Equal(4L, allocated.Sum(o => o!.Lines[0].AllocatedQuantity));
        Assert.Equal(4, allocated.Count(o => o!.Status == OrderStatus.Allocated));
        Assert.Equal(52, allocated.Count(o => o!.Status == OrderStatus.Open && o.Lines[0].BackorderedQuantity == 1));
        Assert.Equal((4L, 4L), await _kit.BalanceAsync(warehouse, "A-01-01", sku));
        Assert.Equal(OrderStatus.Picked, (await _kit.GetOrderAsync(warehouse, "SO-picked")).Status);
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task Reserve_BalanceChangedByAnotherServerOnEveryAttempt_AbortedAndNothingWritten()
    {
        if (factory is PostgresServerFactory)
        {
            TestPostgres.Require();
        }

        var warehouse = await _kit.WarehouseAsync(new BinSpec("A-01-01", BinKind.PickFace, 1, 1));
        var sku = await _kit.SkuAsync();
        var balanceId = await _kit.StockAsync(warehouse, "A-01-01", sku, 5);

        // Another server's write lands between this command's read and its write, on every attempt the writer makes:
        // the Version token catches each, and past its retries the caller hears ABORTED.
        var error = await Assert.ThrowsAsync<Wms.Server.Common.DomainException>(() => _kit.SetupAsync(async (db, ct) =>
        {
            var balance = await db.Set<Wms.Server.Inventory.StockBalance>().FindAsync([balanceId], ct);
            await db.Database.ExecuteSqlAsync($"UPDATE stock_balances SET version = version + 1 WHERE id = {balanceId}", ct);
            balance!.Reserve(5);
            return await db.SaveChangesAsync(ct);
        }));

        Assert.Equal(Wms.Server.Common.ErrorKind.Aborted, error.Kind);
        Assert.Equal((5L, 0L), await _kit.BalanceAsync(warehouse, "A-01-01", sku));
    }

    [Fact]
    public async Task ConfirmPick_BalanceChangedByAnotherServerOnEveryAttempt_AbortedAndNothingWritten()
    {
        if (factory is PostgresServerFactory)
        {
            TestPostgres.Require();
        }

        var warehouse = await _kit.WarehouseAsync(new BinSpec("A-01-01", BinKind.PickFace, 1, 1));
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 5);
        await _kit.CreateOrderAsync(warehouse, "SO-guard", 1, (sku, 2));
        await _kit.ReleaseAsync(warehouse, 0, "SO-guard");
        var picker = factory.RegisterToken("picker-guard", Role.Picker);
        var task = (await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;

        // ConfirmPick's own steps, with another server's write landing between its read and its write on every attempt.
        var writes = factory.Services.GetRequiredService<Wms.Server.Data.WriteBatcher>();
        var error = await Assert.ThrowsAsync<Wms.Server.Common.DomainException>(() => writes.ExecuteSqlAsync(
            new Wms.Server.Data.CommandInfo("TestConfirm", "picker-guard", ""),
            sql =>
            {
                var rows = Wms.Server.Picking.PickTaskRow.PickTaskRows.Load(sql, [task.TaskId], []);
                var row = rows[task.TaskId];
                sql.Execute("UPDATE stock_balances SET version = version + 1 WHERE id = @p0", row.Balance.Id);
                var ledger = new Wms.Server.Inventory.LedgerContext(Wms.Server.Inventory.LedgerReason.Pick, "picker-guard", "guard", DateTimeOffset.UtcNow);
                rows.Take(row, 1, ledger);
                rows.Save(sql);
                return 0;
            },
            TestContext.Current.CancellationToken));

        Assert.Equal(Wms.Server.Common.ErrorKind.Aborted, error.Kind);
        Assert.Equal((5L, 2L), await _kit.BalanceAsync(warehouse, "A-01-01", sku));
        Assert.Equal(0L, (await _kit.GetOrderAsync(warehouse, "SO-guard")).Lines[0].PickedQuantity);
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task ConfirmPick_SixConfirmationsInOneBatch_EachSeesTheOnesBeforeIt()
    {
        if (factory is PostgresServerFactory)
        {
            TestPostgres.Require();
        }

        var warehouse = await _kit.WarehouseAsync(new BinSpec("A-01-01", BinKind.PickFace, 1, 1));
        var barcode = "4" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sku = await _kit.SkuAsync(barcode: barcode);
        await _kit.StockAsync(warehouse, "A-01-01", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-g1", 1, (sku, 3));
        await _kit.CreateOrderAsync(warehouse, "SO-g2", 1, (sku, 2));
        await _kit.ReleaseAsync(warehouse, 0, "SO-g1", "SO-g2");
        var picker = factory.RegisterToken("picker-group", Role.Picker);
        await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker);
        var tasks = (await _kit.Call(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = warehouse }, picker)).Tasks;
        var first = tasks.Single(t => t.OrderReference == "SO-g1").TaskId;
        var second = tasks.Single(t => t.OrderReference == "SO-g2").TaskId;
        Assert.Equal(tasks[0].TripId, tasks[1].TripId);

        // Both tasks draw on one balance and one trip; the writer is held so that all six land in one batch, in this order.
        var handler = factory.Services.GetRequiredService<Wms.Server.Picking.ConfirmPick.Handler>();
        Task<Wms.Server.Picking.ConfirmPick.Result> Confirm(string requestId, long task, long quantity, string scanned) => handler.HandleAsync(
            new Wms.Server.Picking.ConfirmPick.Command(requestId, "picker-group", task, "A-01-01", scanned, "", quantity), TestContext.Current.CancellationToken);
        var id = OutboundKit.NewId();
        var results = await InOneBatchAsync(
            () => Confirm(id + "a", first, 1, sku),
            () => Confirm(id + "b", first, 5, sku),
            () => Confirm(id + "a", first, 1, sku),
            () => Confirm(id + "c", first, 0, barcode),
            () => Confirm(id + "d", first, 1, sku),
            () => Confirm(id + "e", second, 0, sku));

        var one = Assert.IsType<Wms.Server.Picking.ConfirmPick.Result>(results[0]);
        Assert.Equal((1L, 2L, false), (one.PickedQuantity, one.QuantityRemaining, one.TaskDone));
        Assert.Contains("over-pick", Assert.IsType<Wms.Server.Common.DomainException>(results[1]).Message, StringComparison.Ordinal);
        Assert.Equal(one, results[2]);
        var rest = Assert.IsType<Wms.Server.Picking.ConfirmPick.Result>(results[3]);
        Assert.Equal((3L, 0L, true, false, Wms.Server.Outbound.OrderStatus.Picked), (rest.PickedQuantity, rest.QuantityRemaining, rest.TaskDone, rest.TripCompleted, rest.OrderStatus));
        Assert.Contains("already picked", Assert.IsType<Wms.Server.Common.DomainException>(results[4]).Message, StringComparison.Ordinal);
        var last = Assert.IsType<Wms.Server.Picking.ConfirmPick.Result>(results[5]);
        Assert.Equal((2L, true, true, Wms.Server.Outbound.OrderStatus.Picked), (last.PickedQuantity, last.TaskDone, last.TripCompleted, last.OrderStatus));

        Assert.Equal((5L, 0L), await _kit.BalanceAsync(warehouse, "A-01-01", sku));
        Assert.Equal(Contracts.V1.OrderStatus.Picked, (await _kit.GetOrderAsync(warehouse, "SO-g1")).Status);
        Assert.Empty((await _kit.Call(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = warehouse }, picker)).Tasks);
        await _kit.AssertStockIntegrityAsync();
    }

    /// <summary>Holds the writer in a command of its own until every call is queued, so the writer takes them all as one batch.</summary>
    protected async Task<object[]> InOneBatchAsync(params Func<Task<Wms.Server.Picking.ConfirmPick.Result>>[] calls)
    {
        var writes = factory.Services.GetRequiredService<Wms.Server.Data.WriteBatcher>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var gate = writes.ExecuteSqlAsync(new Wms.Server.Data.CommandInfo("Gate", "test", Guid.NewGuid().ToString()), _ =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }, TestContext.Current.CancellationToken);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)), "the writer never ran the gate command");
        var running = calls.Select(call => call()).ToArray();
        release.Set();
        await gate;
        var outcomes = new List<object>();
        foreach (var call in running)
        {
            try
            {
                outcomes.Add(await call);
            }
            catch (Wms.Server.Common.DomainException ex)
            {
                outcomes.Add(ex);
            }
        }

        return [.. outcomes];
    }

    private static async Task<(object? Response, RpcException? Error)> Outcome<T>(Task<T> call)
    {
        try
        {
            return (await call, null);
        }
        catch (RpcException ex)
        {
            return (null, ex);
        }
    }
}
