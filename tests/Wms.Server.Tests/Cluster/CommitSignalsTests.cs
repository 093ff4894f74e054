using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Npgsql;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// Commit signals across server processes on one PostgreSQL database (LISTEN/NOTIFY): a change made through
/// one server wakes the followers on another at once. The servers' catch-up read is set to 10 minutes, so a
/// change that arrives within seconds was carried by a notification, not found by a read on a timer.
/// </summary>
public sealed class CommitSignalsTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    private static readonly Func<int, IReadOnlyDictionary<string, string>> NoTimedReads =
        _ => new Dictionary<string, string> { ["Wms:Database:SignalCatchUpSeconds"] = "600" };

    private static Task<AdjustStockResponse> AdjustAsync(CallInvoker server, string warehouse, string bin, string sku, long quantity, AdjustmentReason reason = AdjustmentReason.Found) =>
        server.AsyncUnaryCall(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = Guid.NewGuid().ToString(), WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Quantity = quantity, Reason = reason,
        }, Options).ResponseAsync;

    [Fact]
    public async Task FollowLedgerAndFollowAlerts_ChangeThroughServerA_StreamedByServerBAtOnceAndAfterItsListenerIsCut()
    {
        await using var cluster = await ServerCluster.StartAsync(2, settings: NoTimedReads);
        var (a, b) = (cluster.Clients[0], cluster.Clients[1]);
        var (warehouse, bin, sku) = await ThreeServersTests.SeedAsync(a, units: 1);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(120));
        using var ledger = b.AsyncServerStreamingCall(WmsMethods.Inventory.FollowLedger, new FollowLedgerRequest { WarehouseCode = warehouse }, new CallOptions(cancellationToken: cancel.Token));
        using var alerts = b.AsyncServerStreamingCall(WmsMethods.Alert.FollowAlerts, new FollowAlertsRequest { WarehouseCode = warehouse }, new CallOptions(cancellationToken: cancel.Token));
        Assert.True(await ledger.ResponseStream.MoveNext(cancel.Token)); // the seed's row, read when the stream opens
        var nextRow = ledger.ResponseStream.MoveNext(cancel.Token);
        var nextAlert = alerts.ResponseStream.MoveNext(cancel.Token);
        await Task.Delay(1000, cancel.Token); // both followers have read everything and wait

        var clock = Stopwatch.StartNew();
        var changed = await AdjustAsync(a, warehouse, bin, sku, 2);
        Assert.True(await nextRow.WaitAsync(Prompt, cancel.Token));
        var ledgerLatency = clock.Elapsed;
        var streamedRow = ledger.ResponseStream.Current;

        // A pick face below its min with no reserve stock: server A's replenishment run raises a LOW_STOCK alert.
        clock.Restart();
        await a.AsyncUnaryCall(WmsMethods.Replenishment.SetPickFace, new SetPickFaceRequest
        {
            RequestId = "face", WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, MinQuantity = 10, MaxQuantity = 20,
        }, Options);
        await a.AsyncUnaryCall(WmsMethods.Replenishment.RunReplenishment, new RunReplenishmentRequest { RequestId = "run", WarehouseCode = warehouse }, Options);
        Assert.True(await nextAlert.WaitAsync(Prompt, cancel.Token));
        var alertLatency = clock.Elapsed;
        var streamedAlert = alerts.ResponseStream.Current;

        // Cut every server's listening connection, then change at once: the change lands while B is not listening
        // or just after it listens again; either way B's stream has it promptly (the re-read on reconnect, or the notification).
        var cut = await cluster.ScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'wms-signals' AND datname = current_database()");
        var whileCut = AdjustAsync(a, warehouse, bin, sku, 3);
        Assert.True(await ledger.ResponseStream.MoveNext(cancel.Token).WaitAsync(TimeSpan.FromSeconds(10), cancel.Token));
        var afterCut = ledger.ResponseStream.Current;
        var listening = await ListeningAsync(cluster, 2);
        clock.Restart();
        var later = await AdjustAsync(a, warehouse, bin, sku, 4);
        Assert.True(await ledger.ResponseStream.MoveNext(cancel.Token).WaitAsync(Prompt, cancel.Token));
        var laterLatency = clock.Elapsed;

        Assert.Equal((changed.LedgerPosition, 2L), (streamedRow.Position, streamedRow.Quantity));
        Assert.Equal((Wms.Contracts.V1.AlertKind.LowStock, $"{bin}/{sku}"), (streamedAlert.Kind, streamedAlert.Subject));
        Assert.Equal(2L, cut);
        Assert.Equal(((await whileCut).LedgerPosition, 3L), (afterCut.Position, afterCut.Quantity));
        Assert.True(listening, "both servers listen again after their connections were cut");
        Assert.Equal((later.LedgerPosition, 4L), (ledger.ResponseStream.Current.Position, ledger.ResponseStream.Current.Quantity));
        Assert.True(ledgerLatency < Prompt && alertLatency < Prompt && laterLatency < Prompt, $"ledger {ledgerLatency}, alert {alertLatency}, after reconnect {laterLatency}");
    }

    [Fact]
    public async Task Notify_ChangeRefusedThenCommitted_OneNotificationNamingTheLedgerOnlyForTheCommit()
    {
        await using var cluster = await ServerCluster.StartAsync(1, settings: NoTimedReads);
        var server = cluster.Clients[0];
        var (warehouse, bin, sku) = await ThreeServersTests.SeedAsync(server, units: 1);
        await using var listener = new NpgsqlConnection(cluster.ConnectionString);
        await listener.OpenAsync(TestContext.Current.CancellationToken);
        var payloads = new ConcurrentQueue<string>();
        listener.Notification += (_, e) => payloads.Enqueue(e.Channel + " " + e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN wms_signals", listener))
        {
            await listen.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => AdjustAsync(server, warehouse, bin, sku, -5, AdjustmentReason.Lost));
        while (await listener.WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken))
        {
        }

        var afterRefusal = payloads.ToArray();
        await AdjustAsync(server, warehouse, bin, sku, -1, AdjustmentReason.Lost);
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.DoesNotContain(afterRefusal, p => p.EndsWith("/ledger", StringComparison.Ordinal));
        var ledgerNotifications = payloads.Where(p => p.EndsWith("/ledger", StringComparison.Ordinal)).ToList();
        Assert.Single(ledgerNotifications);
        Assert.Matches("^wms_signals [0-9a-f]{32}/ledger$", ledgerNotifications[0]);
    }

    [Fact]
    public async Task FollowLedger_TwoServersWritingDifferentBalancesAtOnce_EveryRowOnceInPositionOrder()
    {
        await using var cluster = await ServerCluster.StartAsync(2, settings: NoTimedReads);
        var (a, b) = (cluster.Clients[0], cluster.Clients[1]);
        var (warehouse, bin, sku) = await ThreeServersTests.SeedAsync(a, units: 1);
        const string otherBin = "B-01-01";
        await a.AsyncUnaryCall(WmsMethods.Layout.ImportLayout, new ImportLayoutRequest
        {
            RequestId = "layout-2", WarehouseCode = warehouse, Zones = { new Zone { Code = "Z" } },
            Bins = { new Bin { ZoneCode = "Z", Code = otherBin, Kind = BinKind.Reserve, Aisle = 2, Position = 1 } },
        }, Options);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(150));
        using var follow = b.AsyncServerStreamingCall(WmsMethods.Inventory.FollowLedger, new FollowLedgerRequest { WarehouseCode = warehouse }, new CallOptions(cancellationToken: cancel.Token));
        const int clients = 8, each = 25, rows = 1 + (clients * each);
        var streamed = new List<long>();
        var reading = Task.Run(async () =>
        {
            while (streamed.Count < rows && await follow.ResponseStream.MoveNext(cancel.Token))
            {
                streamed.Add(follow.ResponseStream.Current.Position);
            }
        }, cancel.Token);

        // Each server adds to a balance of its own: no row lock orders the two, so their ledger ids interleave as freely
        // as the database lets them, while B's follower reads between their commits.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var (server, target) = client % 2 == 0 ? (a, bin) : (b, otherBin);
            for (var n = 0; n < each; n++)
            {
                var request = new AdjustStockRequest
                {
                    RequestId = $"w{client}-{n}", WarehouseCode = warehouse, BinCode = target, SkuCode = sku, Quantity = 1, Reason = AdjustmentReason.Found,
                };
                await ServerCluster.RetryAsync(() => server.AsyncUnaryCall(WmsMethods.Inventory.AdjustStock, request, Options).ResponseAsync);
            }
        }));
        // A row the follower skipped can never come (its position is behind the follower's); wait a while for the rest.
        if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(20), cancel.Token)) != reading)
        {
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => reading);
        }

        Assert.Equal(rows, await cluster.ScalarAsync("SELECT count(*) FROM ledger"));
        Assert.Equal(rows, streamed.Count);
        Assert.Equal(streamed.Order(), streamed);
        Assert.Equal(rows, streamed.Distinct().Count());
        await cluster.AssertLedgerMatchesBalancesAsync();
    }

    /// <summary>Waits (10 s at most) until <paramref name="servers"/> listening connections are open again.</summary>
    private static async Task<bool> ListeningAsync(ServerCluster cluster, int servers)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await cluster.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'wms-signals' AND datname = current_database()") == servers)
            {
                return true;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
