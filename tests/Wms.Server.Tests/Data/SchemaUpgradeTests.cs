using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Data;
using Wms.Server.Transport.Grpc;
using Xunit;
using Role = Wms.Server.Security.Role;
using StockIntegrity = Wms.Server.Inventory.StockIntegrity;

namespace Wms.Server.Tests.Data;

/// <summary>
/// A database made by version 1 of the schema, holding what a warehouse had then (a released order with a
/// backorder, its wave, trip, task and reservation, stock and its ledger), is upgraded by the real server at
/// start-up: the data survives, and what the new version brought (backorder waves, weight capacity) works on it.
/// </summary>
public sealed class SchemaUpgradeTests
{
    /// <summary>Version 1's tables as they were; ids by lookup so that PostgreSQL's identities stay in step.</summary>
    private const string Version1Data = """
        INSERT INTO "warehouses" ("code", "name", "kind", "latitude", "longitude") VALUES ('UPG', 'Made by version 1', 1, 52.5, 13.4);
        INSERT INTO "zones" ("warehouse_id", "code", "name") SELECT "id", 'A', 'Aisle A' FROM "warehouses" WHERE "code" = 'UPG';
        INSERT INTO "bins" ("warehouse_id", "zone_id", "code", "kind", "mix_policy", "aisle", "position", "level", "x", "y",
                            "capacity_units", "capacity_weight_kg", "capacity_volume_m3", "on_hold", "hold_reason")
            SELECT "warehouse_id", "id", 'DOCK', 4, 3, 0, 0, 0, 0, 0, 0, 0, 0, FALSE, '' FROM "zones" WHERE "code" = 'A'
            UNION ALL SELECT "warehouse_id", "id", 'A-01', 1, 3, 1, 1, 0, 3, 1.2, 0, 15, 0, FALSE, '' FROM "zones" WHERE "code" = 'A'
            UNION ALL SELECT "warehouse_id", "id", 'A-02', 1, 3, 1, 2, 0, 3, 2.4, 0, 0, 0, FALSE, '' FROM "zones" WHERE "code" = 'A';
        INSERT INTO "skus" ("code", "description", "unit_of_measure", "unit_weight_kg", "unit_volume_m3", "lot_tracked", "expiry_tracked", "case_size")
            VALUES ('UPG-SKU', 'Made by version 1', 'EA', 2, 0.001, FALSE, FALSE, 0);
        INSERT INTO "stock_balances" ("warehouse_id", "bin_id", "sku_id", "lot", "expiry", "on_hand", "reserved", "received_at", "version")
            SELECT "b"."warehouse_id", "b"."id", "s"."id", '', NULL, 5, 5, 638000000000000000, 2 FROM "bins" "b", "skus" "s" WHERE "b"."code" = 'A-01';
        INSERT INTO "ledger" ("at", "warehouse_id", "bin_id", "sku_id", "lot", "stock_balance_id", "quantity", "reason", "reason_code", "actor", "request_id", "reference", "note")
            SELECT 638000000000000000, "warehouse_id", "bin_id", "sku_id", '', "id", 5, 1, '', 'v1-clerk', 'v1-receive', 'receipt:PO-V1', '' FROM "stock_balances";
        INSERT INTO "orders" ("warehouse_id", "reference", "status", "priority", "requested_ship_date", "customer_name", "address_line",
                              "latitude", "longitude", "window_start_minutes", "window_end_minutes", "created_at")
            SELECT "id", 'UPG-1', 4, 1, 740000, 'Old customer', '1 Old Street', 52.5, 13.4, 0, 1440, 638000000000000000 FROM "warehouses";
        INSERT INTO "order_lines" ("order_id", "line_number", "sku_id", "quantity", "allocated_quantity", "picked_quantity", "backordered_quantity")
            SELECT "o"."id", 1, "s"."id", 8, 5, 0, 3 FROM "orders" "o", "skus" "s";
        INSERT INTO "reservations" ("order_line_id", "stock_balance_id", "quantity", "open") SELECT "l"."id", "sb"."id", 5, TRUE FROM "order_lines" "l", "stock_balances" "sb";
        INSERT INTO "waves" ("warehouse_id", "status", "released_at", "released_by") SELECT "id", 1, 638000000000000000, 'v1-supervisor' FROM "warehouses";
        INSERT INTO "trips" ("wave_id", "warehouse_id", "status", "assigned_to", "planned_distance_m") SELECT "id", "warehouse_id", 1, '', 10.4 FROM "waves";
        INSERT INTO "pick_tasks" ("trip_id", "sequence", "order_id", "order_line_id", "reservation_id", "bin_id", "sku_id", "lot", "quantity",
                                  "picked_quantity", "status", "skips", "short_reason")
            SELECT "t"."id", 1, "l"."order_id", "l"."id", "r"."id", "sb"."bin_id", "sb"."sku_id", '', 5, 0, 1, 0, ''
            FROM "trips" "t", "order_lines" "l", "reservations" "r", "stock_balances" "sb";
        INSERT INTO "request_log" ("request_id", "command", "actor", "result_json", "at")
            SELECT 'v1-create-warehouse', 'CreateWarehouse', 'admin',
                   '{"warehouseId":' || "id" || ',"code":"UPG","name":"Made by version 1","kind":1,"latitude":52.5,"longitude":13.4}', 638000000000000000
            FROM "warehouses";
        """;

    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Upgrade_Version1SqliteDatabase_DataSurvivesAndNewFeaturesWorkOnIt()
    {
        await using var factory = new WmsServerFactory();
        await CreateVersion1Async(DatabaseProvider.Sqlite, "Data Source=" + factory.DatabasePath);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await UpgradeAndUseAsync(factory);
    }

    [Fact]
    public async Task Upgrade_Version1PostgresDatabase_DataSurvivesAndNewFeaturesWorkOnIt()
    {
        var database = TestPostgres.CreateDatabase();
        try
        {
            await using var factory = new PostgresServerFactory { ExistingDatabase = database };
            await CreateVersion1Async(DatabaseProvider.Postgres, database);

            await UpgradeAndUseAsync(factory);
        }
        finally
        {
            TestPostgres.DropDatabase(database);
        }
    }

    private static async Task CreateVersion1Async(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<WmsDbContext>();
        DataRegistration.Configure(options, new DataOptions { Provider = provider, ConnectionString = connectionString });
        await using var db = new WmsDbContext(options.Options);
        Assert.Equal([1], await SchemaMigrator.MigrateAsync(db, provider, upTo: 1, TestContext.Current.CancellationToken));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Version1Data;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Starts the server on the version 1 database, then checks what it kept and what it can do now.</summary>
    private static async Task UpgradeAndUseAsync(WmsServerFactory factory)
    {
        var invoker = factory.CreateInvoker();
        var picker = factory.CreateInvoker(factory.RegisterToken("upgrade-picker", Role.Picker));
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
        var ct = TestContext.Current.CancellationToken;

        // What version 1 left behind, read through the current server, which applied every later version.
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            Assert.Equal(SchemaMigrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Version), await VersionsAsync(db.Database.GetDbConnection(), ct));
            var wave = await db.Set<Wms.Server.Picking.Wave>().SingleAsync(ct);
            Assert.Equal((Wms.Server.Picking.WaveKind.Release, "v1-supervisor"), (wave.Kind, wave.ReleasedBy));
        }

        // Version 4 keys the request log by caller and method: version 1's answer is still the admin's to replay,
        // and it predates the time zone (version 4), so the replay says UTC, as the upgrade set for UPG.
        var replay = await invoker.AsyncUnaryCall(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = "v1-create-warehouse", Warehouse = new Warehouse { Code = "UPG", Name = "Made by version 1", Kind = WarehouseKind.Central, Latitude = 52.5, Longitude = 13.4 },
        }, Options);
        var warehouses = await invoker.AsyncUnaryCall(WmsMethods.Layout.ListWarehouses, new ListWarehousesRequest(), Options);
        Assert.Equal(("UPG", "UTC"), (replay.Code, replay.TimeZone));
        Assert.Equal([("UPG", "UTC")], warehouses.Warehouses.Select(w => (w.Code, w.TimeZone)));

        var order = await invoker.AsyncUnaryCall(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = "UPG", Reference = "UPG-1" }, Options);
        var stock = await invoker.AsyncUnaryCall(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = "UPG", SkuCode = "UPG-SKU" }, Options);
        var ledger = await invoker.AsyncUnaryCall(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = "UPG" }, Options);
        var bins = await invoker.AsyncUnaryCall(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = "UPG" }, Options);
        Assert.Equal(
            (OrderStatus.Released, 8L, 5L, 3L),
            (order.Status, order.Lines[0].Quantity, order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
        var line = Assert.Single(stock.Lines);
        Assert.Equal(("A-01", 5L, 5L), (line.BinCode, line.OnHand, line.Reserved));
        Assert.Equal(("v1-clerk", "receipt:PO-V1", 5L), (ledger.Entries[0].Actor, ledger.Entries[0].Reference, ledger.Entries[0].Quantity));
        Assert.Equal(15, bins.Bins.Single(b => b.Code == "A-01").CapacityWeightKg);

        // Weight capacity on version 1's bins: A-01 holds 5 x 2 kg of 15 kg, so 3 more (6 kg) go elsewhere.
        var receipt = new CreateReceiptRequest { RequestId = "upg-receipt", WarehouseCode = "UPG", Reference = "PO-V2" };
        receipt.Lines.Add(new ReceiptLine { SkuCode = "UPG-SKU", ExpectedQuantity = 3 });
        await invoker.AsyncUnaryCall(WmsMethods.Inventory.CreateReceipt, receipt, Options);
        await invoker.AsyncUnaryCall(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = "upg-receive", WarehouseCode = "UPG", ReceiptReference = "PO-V2", SkuCode = "UPG-SKU", Quantity = 3, BinCode = "DOCK",
        }, Options);
        var suggestion = await invoker.AsyncUnaryCall(WmsMethods.Inventory.SuggestPutaway, new SuggestPutawayRequest
        {
            WarehouseCode = "UPG", SkuCode = "UPG-SKU", Quantity = 3, FromBinCode = "DOCK",
        }, Options);
        var overload = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(WmsMethods.Inventory.ConfirmPutaway, Putaway("upg-put-1", "A-01"), Options).ResponseAsync);
        await invoker.AsyncUnaryCall(WmsMethods.Inventory.ConfirmPutaway, Putaway("upg-put-2", suggestion.BinCode), Options);
        Assert.Equal("A-02", suggestion.BinCode);
        Assert.Equal("Bin A-01 holds 10 kg of 15 kg: 6 kg more would exceed it.", overload.Status.Detail);

        // The version 1 order's backorder goes out in a backorder wave; its version 1 trip is still picked first.
        var backorders = await invoker.AsyncUnaryCall(WmsMethods.Order.AllocateBackorders, new AllocateBackordersRequest
        {
            RequestId = "upg-backorders", WarehouseCode = "UPG", OrderReferences = { "UPG-1" },
        }, Options);
        Assert.Equal((WaveKind.Backorder, 0L), (backorders.Wave.Kind, backorders.Orders[0].Lines[0].BackorderedQuantity));
        var picked = new List<(string Bin, long Quantity)>();
        ConfirmPickResponse? last = null;
        while ((await picker.AsyncUnaryCall(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = Guid.NewGuid().ToString(), WarehouseCode = "UPG" }, Options)).Task is { } task)
        {
            last = await picker.AsyncUnaryCall(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
            {
                RequestId = Guid.NewGuid().ToString(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = "UPG-SKU", Quantity = task.QuantityRemaining,
            }, Options);
            picked.Add((task.BinCode, task.QuantityRemaining));
        }

        Assert.Equal([("A-01", 5L), ("A-02", 3L)], picked);
        Assert.Equal(OrderStatus.Picked, last!.OrderStatus);
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var problems = await StockIntegrity.VerifyAsync(db, ct);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }

    private static MoveStockRequest Putaway(string requestId, string bin) =>
        new() { RequestId = requestId, WarehouseCode = "UPG", SkuCode = "UPG-SKU", Quantity = 3, FromBinCode = "DOCK", ToBinCode = bin };

    private static async Task<List<int>> VersionsAsync(DbConnection connection, CancellationToken ct)
    {
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return versions;
    }
}
