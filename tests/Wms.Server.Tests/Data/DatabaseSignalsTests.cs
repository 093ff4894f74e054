using Microsoft.Extensions.DependencyInjection;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Tests.Inventory;
using Xunit;
using AdjustmentReason = Wms.Contracts.V1.AdjustmentReason;

namespace Wms.Server.Tests.Data;

/// <summary>A server whose followers read without a signal only every 10 minutes: anything streamed sooner was woken by a commit.</summary>
public sealed class SignalledServerFactory : WmsServerFactory
{
    public SignalledServerFactory() => Settings["Wms:Database:SignalCatchUpSeconds"] = "600";
}

/// <summary>Commit signals on SQLite (one server): followers wake on commits, not on a poll interval.</summary>
public sealed class DatabaseSignalsTests(SignalledServerFactory factory) : IClassFixture<SignalledServerFactory>
{
    private DatabaseSignals Signals => factory.Services.GetRequiredService<DatabaseSignals>();

    private WriteBatcher Writes => factory.Services.GetRequiredService<WriteBatcher>();

    private static CommandInfo Info(string name) => new(name, "test", Guid.NewGuid().ToString());

    [Fact]
    public async Task FollowLedger_IdleThenStockChanged_ReadsNothingWhileIdleAndStreamsTheChangeAtOnce()
    {
        var kit = await InventoryKit.CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var ledger = factory.Services.GetRequiredService<LedgerQueries>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(60));
        await using var follow = ledger.FollowAsync(kit.Warehouse, 0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = follow.MoveNextAsync().AsTask();
        await Task.Delay(500, cancel.Token);

        // Idle for 2 s: the 100 ms poll this replaced read the ledger about 20 times here.
        var before = ledger.FollowReads;
        await Task.Delay(2000, cancel.Token);
        var idleReads = ledger.FollowReads - before;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var changed = await kit.Call(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = InventoryKit.Id(), WarehouseCode = kit.Warehouse, BinCode = "R-01", SkuCode = sku, Quantity = 3, Reason = AdjustmentReason.Found,
        });
        Assert.True(await next);
        var latency = clock.Elapsed;

        Assert.Equal(0, idleReads);
        Assert.Equal((changed.LedgerPosition, 3L), (follow.Current.Position, follow.Current.Quantity));
        Assert.True(latency < TimeSpan.FromSeconds(10), $"streamed after {latency}; without a signal the next read is 10 minutes away");
    }

    [Fact]
    public async Task ExecuteSqlAsync_CommandThatSignalledRolledBack_ChannelNotRaised()
    {
        const string channel = "test-rolled-back";
        var version = Signals.Version(channel);

        await Assert.ThrowsAsync<DomainException>(() => Writes.ExecuteSqlAsync<int>(Info("Fails"), sql =>
        {
            sql.Signal(channel);
            throw DomainException.Precondition("refused after signalling");
        }, TestContext.Current.CancellationToken));
        var afterRollback = Signals.Version(channel);
        await Writes.ExecuteSqlAsync(Info("Commits"), sql =>
        {
            sql.Signal(channel);
            sql.Signal(channel);
            return 1;
        }, TestContext.Current.CancellationToken);

        Assert.Equal(version, afterRollback);
        Assert.Equal(version + 1, Signals.Version(channel));
    }

    [Fact]
    public async Task WaitAsync_NamedChannelOfAnotherFeature_WokenByTheCommitThatSignalledIt()
    {
        // What a feature outside this change (say the device directory) would do: mark "devices" in its write, wait on it elsewhere.
        const string channel = "devices";
        var seen = Signals.Version(channel);
        var woken = Signals.WaitAsync(channel, seen, TimeProvider.System, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var earlyWake = woken.IsCompleted;

        await Writes.ExecuteAsync(Info("DeviceChanged"), (db, sql, ct) =>
        {
            sql.Signal(channel);
            return Task.FromResult(0);
        }, TestContext.Current.CancellationToken);

        Assert.False(earlyWake);
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Signal_ChannelNameNotLowerCaseWord_CommandRefusedNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writes.ExecuteSqlAsync(Info("BadChannel"), sql =>
        {
            sql.Signal("Not a channel!");
            return 1;
        }, TestContext.Current.CancellationToken));

        Assert.Contains("Not a channel!", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPayload_OwnOtherAndMalformed_OnlyAnotherServersValidChannel()
    {
        var here = Signals;
        var there = new DatabaseSignals(Microsoft.Extensions.Options.Options.Create(new DataOptions()));

        Assert.Equal("ledger", here.FromPayload(there.Payload("ledger")));
        Assert.Null(here.FromPayload(here.Payload("ledger")));
        Assert.Null(here.FromPayload("no-slash"));
        Assert.Null(here.FromPayload(there.Origin + "/Bad Name"));
    }
}
