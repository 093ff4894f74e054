using Wms.Contracts.V1;
using Wms.Grpc;
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
        var options = new CallOptions(CancellationToken: TestContext.Current.CancellationToken);

        await invoker.AsyncUnaryCall(LayoutGrpcService.CreateWarehouseMethod, new CreateWarehouseRequest
        {
            RequestId = "pg-1",
            Warehouse = new Warehouse { Code = "PG", Name = "On Postgres", Kind = WarehouseKind.Central },
        }, options);
        var import = new ImportLayoutRequest { RequestId = "pg-2", WarehouseCode = "PG" };
        import.Zones.Add(new Zone { Code = "A" });
        import.Bins.Add(new Bin { ZoneCode = "A", Code = "A-01", Kind = BinKind.PickFace });
        await invoker.AsyncUnaryCall(LayoutGrpcService.ImportLayoutMethod, import, options);
        var replay = await invoker.AsyncUnaryCall(LayoutGrpcService.ImportLayoutMethod, import, options);
        var bins = await invoker.AsyncUnaryCall(LayoutGrpcService.ListBinsMethod, new ListBinsRequest { WarehouseCode = "PG" }, options);

        Assert.Equal(1, replay.BinsCreated);
        Assert.Equal("A-01", Assert.Single(bins.Bins).Code);
    }
}
