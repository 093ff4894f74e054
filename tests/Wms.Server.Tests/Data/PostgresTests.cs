using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Data;

/// <summary>The same server on PostgreSQL: schema scripts apply, writes and reads work.</summary>
public sealed class PostgresTests
{
    [Fact]
    public async Task Server_OnPostgres_MigratesAndServesWritesAndReads()
    {
        TestPostgres.Require();
        await using var factory = new PostgresServerFactory();
        var invoker = factory.CreateInvoker();
        var options = new CallOptions(cancellationToken: TestContext.Current.CancellationToken);

        await invoker.AsyncUnaryCall(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = "pg-1",
            Warehouse = new Warehouse { Code = "PG", Name = "On Postgres", Kind = WarehouseKind.Central },
        }, options);
        var import = new ImportLayoutRequest { RequestId = "pg-2", WarehouseCode = "PG" };
        import.Zones.Add(new Zone { Code = "A" });
        import.Bins.Add(new Bin { ZoneCode = "A", Code = "A-01", Kind = BinKind.PickFace });
        await invoker.AsyncUnaryCall(WmsMethods.Layout.ImportLayout, import, options);
        var replay = await invoker.AsyncUnaryCall(WmsMethods.Layout.ImportLayout, import, options);
        var bins = await invoker.AsyncUnaryCall(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = "PG" }, options);

        Assert.Equal(1, replay.BinsCreated);
        Assert.Equal("A-01", Assert.Single(bins.Bins).Code);
    }

    [Fact]
    public async Task QueryStock_OnPostgres_FiltersByBinSkuLotAndPages()
    {
        TestPostgres.Require();
        await using var factory = new PostgresServerFactory();
        var kit = await Inventory.InventoryKit.CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true, expiry: true);
        await kit.StockAsync(sku, 5, "R-01", lot: "L1", expiry: "2027-03-01");
        await kit.StockAsync(sku, 7, "R-02", lot: "L2", expiry: "2027-04-01");

        var byBin = await kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, BinCode = "R-02" });
        var byLot = await kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, SkuCode = sku, Lot = "L1" });
        var first = await kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, SkuCode = sku, PageSize = 1 });
        var second = await kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, SkuCode = sku, PageSize = 1, PageToken = first.NextPageToken });
        var unknown = await Inventory.InventoryKit.FailsAsync(kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, BinCode = "NOPE" }));

        var line = Assert.Single(byBin.Lines);
        Assert.Equal(("L2", 7L, "2027-04-01"), (line.Lot, line.OnHand, line.Expiry));
        Assert.Equal("R-01", Assert.Single(byLot.Lines).BinCode);
        Assert.Equal(["R-01", "R-02"], first.Lines.Concat(second.Lines).Select(l => l.BinCode));
        Assert.Equal("", second.NextPageToken);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
