using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// Three real server processes on one PostgreSQL database, called over gRPC the way a load balancer would
/// spread clients: what holds for one server must hold for the cluster (issue 19).
/// </summary>
public sealed class ThreeServersTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Start_ThreeServersTogetherOnAnEmptyDatabase_AllServeAndFirstStartWorkRunsOnce()
    {
        await using var cluster = await ServerCluster.StartAsync(3, demo: true);

        var infos = await Task.WhenAll(cluster.Clients.Select(c => c.AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), Options).ResponseAsync));
        var warehouses = await Task.WhenAll(cluster.Clients.Select(async c =>
            (await c.AsyncUnaryCall(WmsMethods.Layout.ListWarehouses, new ListWarehousesRequest(), Options)).Warehouses.Select(w => w.Code).ToList()));

        Assert.Equal(3, infos.Length);
        Assert.NotEmpty(warehouses[0]);
        Assert.Single(warehouses.Select(w => string.Join(",", w)).Distinct());
        Assert.Equal(await cluster.ScalarAsync("SELECT count(*) FROM schema_migrations"), await cluster.ScalarAsync("SELECT count(DISTINCT version) FROM schema_migrations"));
    }

    [Fact]
    public async Task AllocateOrder_64CallsSpreadOverThreeServersForEightUnits_NoOversellAndLedgerMatchesBalances()
    {
        await using var cluster = await ServerCluster.StartAsync(3);
        var admin = cluster.Clients[0];
        var (warehouse, bin, sku) = await SeedAsync(admin, units: 8);
        for (var i = 0; i < 64; i++)
        {
            await admin.AsyncUnaryCall(WmsMethods.Order.CreateOrder, new CreateOrderRequest
            {
                RequestId = $"order-{i}", WarehouseCode = warehouse, Reference = $"SO-{i:00}", Priority = 1,
                Lines = { new CreateOrderLine { SkuCode = sku, Quantity = 1 } },
            }, Options);
        }

        var orders = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => cluster.Clients[i % 3].AsyncUnaryCall(WmsMethods.Order.AllocateOrder,
            new AllocateOrderRequest { RequestId = $"allocate-{i}", WarehouseCode = warehouse, Reference = $"SO-{i:00}" }, Options).ResponseAsync));

        Assert.Equal(8L, orders.Sum(o => o.Lines[0].AllocatedQuantity));
        Assert.Equal(56L, orders.Sum(o => o.Lines[0].BackorderedQuantity));
        var stock = await admin.AsyncUnaryCall(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = warehouse, BinCode = bin }, Options);
        Assert.Equal((8L, 8L), (stock.Lines.Single().OnHand, stock.Lines.Single().Reserved));
        await cluster.AssertLedgerMatchesBalancesAsync();
    }

    [Fact]
    public async Task AdjustStock_OneServerKilledMidLoad_ClientsRetryOnAnotherAndEveryAcknowledgedWriteCountsOnce()
    {
        await using var cluster = await ServerCluster.StartAsync(3);
        var (warehouse, bin, sku) = await SeedAsync(cluster.Clients[0], units: 1);
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var killAfter = new TaskCompletionSource();

        // Eight clients, each starting on its own server and moving to the next one when its server is gone,
        // resending the same request id: the request log makes the resend a replay if the first try committed.
        async Task Client(int client)
        {
            var server = client % 3;
            for (var n = 0; n < 40; n++)
            {
                var request = new AdjustStockRequest
                {
                    RequestId = $"c{client}-{n}", WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Quantity = 1,
                    Reason = AdjustmentReason.Found,
                };
                await ServerCluster.RetryAsync(
                    () => cluster.Clients[server].AsyncUnaryCall(WmsMethods.Inventory.AdjustStock, request, Options).ResponseAsync,
                    onServerGone: () => server = (server + 1) % 3);
                acknowledged[request.RequestId] = true;
                if (acknowledged.Count == 60)
                {
                    killAfter.TrySetResult();
                }
            }
        }

        var clients = Enumerable.Range(0, 8).Select(Client).ToList();
        await killAfter.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await cluster.Servers[0].KillAsync();
        await Task.WhenAll(clients);

        Assert.Equal(320, acknowledged.Count);
        var stock = await cluster.Clients[1].AsyncUnaryCall(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = warehouse, BinCode = bin }, Options);
        Assert.Equal(1L + 320, stock.Lines.Single().OnHand);
        await cluster.AssertLedgerMatchesBalancesAsync();
    }

    [Fact]
    public async Task AdjustStock_LosingTheVersionCheckOnce_RunAgainByTheServerAndAnsweredOk()
    {
        await using var cluster = await ServerCluster.StartAsync(1);
        var (warehouse, bin, sku) = await SeedAsync(cluster.Clients[0], units: 1);
        // The first ledger row after this is skipped, once, as if another server had moved the balance between this
        // server's read and write: the write's row count comes out short, exactly what the version check sees.
        await cluster.ExecuteAsync("""
            CREATE SEQUENCE lost_race;
            CREATE FUNCTION lose_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF nextval('lost_race') = 1 THEN RETURN NULL; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER lose_once BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION lose_once();
            """);

        var answer = await cluster.Clients[0].AsyncUnaryCall(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = "after-a-lost-race", WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Quantity = 5, Reason = AdjustmentReason.Found,
        }, Options);

        Assert.Equal(6L, answer.OnHand);
        Assert.Equal(2L, await cluster.ScalarAsync("SELECT last_value FROM lost_race"));
        Assert.Equal(2L, await cluster.ScalarAsync("SELECT count(*) FROM ledger"));
        await cluster.AssertLedgerMatchesBalancesAsync();
    }

    internal static async Task<(string Warehouse, string Bin, string Sku)> SeedAsync(CallInvoker admin, long units)
    {
        const string warehouse = "CL1", bin = "A-01-01", sku = "SKU-CL";
        await admin.AsyncUnaryCall(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = "wh", Warehouse = new Warehouse { Code = warehouse, Name = "Cluster", Kind = WarehouseKind.Central },
        }, Options);
        await admin.AsyncUnaryCall(WmsMethods.Layout.ImportLayout, new ImportLayoutRequest
        {
            RequestId = "layout", WarehouseCode = warehouse,
            Zones = { new Zone { Code = "Z" } },
            Bins = { new Bin { ZoneCode = "Z", Code = bin, Kind = BinKind.PickFace, Aisle = 1, Position = 1 } },
        }, Options);
        await admin.AsyncUnaryCall(WmsMethods.Catalog.UpsertSkus, new UpsertSkusRequest { RequestId = "skus", Skus = { new Sku { Code = sku, Description = "Cluster test" } } }, Options);
        await admin.AsyncUnaryCall(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = "stock", WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Quantity = units, Reason = AdjustmentReason.Found,
        }, Options);
        return (warehouse, bin, sku);
    }
}

/// <summary>N server processes on one fresh PostgreSQL database, started together, each with its own client.</summary>
internal sealed class ServerCluster : IAsyncDisposable
{
    public const string AdminToken = "cluster-admin-token";
    private readonly string _database;
    private readonly bool _dropDatabase;
    private readonly List<GrpcChannel> _channels = [];

    private ServerCluster(string database, bool dropDatabase) => (_database, _dropDatabase) = (database, dropDatabase);

    public List<ServerProcess> Servers { get; } = [];

    public List<int> Ports { get; } = [];

    public List<CallInvoker> Clients { get; } = [];

    /// <summary>The cluster's database, for a test's own connection.</summary>
    public string ConnectionString => _database;

    /// <param name="settings">Further settings of server i (0-based).</param>
    /// <param name="database">A database the test owns (and drops, or stops with its server); a new one otherwise.</param>
    public static async Task<ServerCluster> StartAsync(int count, bool demo = false, Func<int, IReadOnlyDictionary<string, string>>? settings = null, string? database = null)
    {
        var cluster = new ServerCluster(database ?? TestPostgres.CreateDatabase(), dropDatabase: database is null);
        try
        {
            // Together, as replicas of a deployment start: the first-start work must not race.
            var starts = Enumerable.Range(0, count).Select(i => StartOneAsync(new Dictionary<string, string>(settings?.Invoke(i) ?? new Dictionary<string, string>())
            {
                ["Wms:Security:AdminToken"] = AdminToken,
                ["Wms:Database:Provider"] = "Postgres",
                ["Wms:Database:ConnectionString"] = cluster._database,
                ["Wms:Demo:Enabled"] = demo ? "true" : "false",
            })).ToList();
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                // The ones that did start are stopped with the cluster, even when another one failed.
                cluster.Servers.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.Server));
            }

            var ports = starts.Select(s => s.Result.Port).ToList();
            cluster.Ports.AddRange(ports);
            foreach (var port in ports)
            {
                var channel = WmsChannel.Create($"http://127.0.0.1:{port}");
                cluster._channels.Add(channel);
                cluster.Clients.Add(channel.CreateCallInvoker().WithBearerToken(AdminToken));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A server on a free port. A port found free can be taken by another process before the server binds it (parallel
    /// tests open many): then it starts again on another.
    /// </summary>
    private static async Task<(ServerProcess Server, int Port)> StartOneAsync(Dictionary<string, string> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePorts.Next();
            settings["Wms:Server:Address"] = ServerProcess.Port(port);
            try
            {
                return (await ServerProcess.StartAsync(settings), port);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    /// <summary>
    /// One call until it is answered, at most 50 retries: ABORTED (another server kept changing the balance between
    /// this one's read and write, past the writer's own retries; the guard wrote nothing) is sent again; with
    /// <paramref name="onServerGone"/>, a server gone or failing mid-call hands the same request id on to
    /// another, the request log making the resend a replay if the first try committed.
    /// </summary>
    public static async Task<TResponse> RetryAsync<TResponse>(Func<Task<TResponse>> call, Action? onServerGone = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (onServerGone is not null && e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown && attempt < 50)
            {
                onServerGone();
                // Backing off, as gRPC asks of a client that hears UNAVAILABLE: a restarting database is back in seconds.
                await Task.Delay(Math.Min(1000, 20 * (attempt + 1)));
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Aborted && attempt < 50)
            {
            }
        }
    }

    public async Task<long> ScalarAsync(string sql) =>
        Convert.ToInt64(await OnDatabaseAsync(sql, command => command.ExecuteScalarAsync()), System.Globalization.CultureInfo.InvariantCulture);

    public Task ExecuteAsync(string sql) => OnDatabaseAsync(sql, command => command.ExecuteNonQueryAsync());

    /// <summary>Runs one statement on the cluster's database, on a connection of its own (not a server's).</summary>
    private async Task<T> OnDatabaseAsync<T>(string sql, Func<NpgsqlCommand, Task<T>> run)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await run(command);
    }

    /// <summary>The server's stock invariants, checked in SQL: on hand = its ledger rows, reserved = its open reservations, 0 ≤ reserved ≤ on hand.</summary>
    public async Task AssertLedgerMatchesBalancesAsync()
    {
        Assert.Equal(0L, await ScalarAsync("""
            SELECT count(*) FROM stock_balances s
            LEFT JOIN (SELECT stock_balance_id, sum(quantity) AS total FROM ledger GROUP BY stock_balance_id) l ON l.stock_balance_id = s.id
            LEFT JOIN (SELECT stock_balance_id, sum(quantity) AS total FROM reservations WHERE open GROUP BY stock_balance_id) r ON r.stock_balance_id = s.id
            WHERE s.on_hand <> coalesce(l.total, 0) OR s.reserved <> coalesce(r.total, 0) OR s.reserved < 0 OR s.reserved > s.on_hand
            """));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        if (_dropDatabase)
        {
            TestPostgres.DropDatabase(_database);
        }
    }
}
