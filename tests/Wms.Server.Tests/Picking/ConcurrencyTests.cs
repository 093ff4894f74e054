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
public sealed class PostgresConcurrencyTests(PostgresServerFactory factory) : ConcurrencyTestsBase(factory), IClassFixture<PostgresServerFactory>;

public abstract class ConcurrencyTestsBase(WmsServerFactory factory)
{
    private readonly OutboundKit _kit = new(factory);

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
                var row = Wms.Server.Picking.PickTaskRow.Load(sql, task.TaskId);
                sql.Execute("UPDATE stock_balances SET version = version + 1 WHERE id = @p0", row.Balance.Id);
                var ledger = new Wms.Server.Inventory.LedgerContext(Wms.Server.Inventory.LedgerReason.Pick, "picker-guard", "guard", DateTimeOffset.UtcNow);
                var before = row.Order.Status;
                return row.SavePick(sql, row.TakeReserved(1, ledger), before);
            },
            TestContext.Current.CancellationToken));

        Assert.Equal(Wms.Server.Common.ErrorKind.Aborted, error.Kind);
        Assert.Equal((5L, 2L), await _kit.BalanceAsync(warehouse, "A-01-01", sku));
        Assert.Equal(0L, (await _kit.GetOrderAsync(warehouse, "SO-guard")).Lines[0].PickedQuantity);
        await _kit.AssertStockIntegrityAsync();
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
