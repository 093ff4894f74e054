using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;
using AdjustmentReason = Wms.Contracts.V1.AdjustmentReason;
using LedgerEntry = Wms.Contracts.V1.LedgerEntry;

namespace Wms.Server.Tests.Inventory;

public sealed class LedgerTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static Task<AdjustStockResponse> FoundAsync(InventoryKit kit, string sku, long quantity, string bin = "R-01") =>
        kit.Call(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = bin, SkuCode = sku, Quantity = quantity, Reason = AdjustmentReason.Found,
        });

    [Fact]
    public async Task ListLedger_FiltersAndPages_RowsInPositionOrder()
    {
        var kit = await CreateAsync(factory);
        var (a, _) = await kit.NewSkuAsync();
        var (b, _) = await kit.NewSkuAsync();
        await FoundAsync(kit, a, 1, "R-01");
        var second = await FoundAsync(kit, a, 2, "R-02");
        await FoundAsync(kit, b, 3, "R-01");
        await FoundAsync(kit, a, 4, "R-01");

        var byBin = await kit.Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = kit.Warehouse, BinCode = "R-01" });
        var bySkuAndBin = await kit.Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = kit.Warehouse, BinCode = "R-01", SkuCode = a });
        var after = await kit.Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = kit.Warehouse, AfterPosition = second.LedgerPosition });
        var paged = new List<LedgerEntry>();
        var token = "";
        do
        {
            var page = await kit.Call(WmsMethods.Inventory.ListLedger, new ListLedgerRequest { WarehouseCode = kit.Warehouse, PageSize = 3, PageToken = token });
            paged.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal([1L, 3L, 4L], byBin.Entries.Select(e => e.Quantity));
        Assert.Equal([1L, 4L], bySkuAndBin.Entries.Select(e => e.Quantity));
        Assert.Equal([3L, 4L], after.Entries.Select(e => e.Quantity));
        Assert.Equal([1L, 2L, 3L, 4L], paged.Select(e => e.Quantity));
        Assert.Equal(paged.Select(e => e.Position).Order(), paged.Select(e => e.Position));
        Assert.All(paged, e => Assert.Equal(("admin", "found"), (e.Actor, e.ReasonCode)));
    }

    [Theory]
    [InlineData("bin", StatusCode.NotFound, "NO-BIN")]
    [InlineData("sku", StatusCode.NotFound, "NO-SKU")]
    [InlineData("warehouse", StatusCode.NotFound, "NO-WH")]
    [InlineData("after", StatusCode.InvalidArgument, "after_position")]
    [InlineData("token", StatusCode.InvalidArgument, "page_token")]
    public async Task ListLedger_BadInput_ErrorNamesIt(string what, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var request = new ListLedgerRequest { WarehouseCode = kit.Warehouse };
        _ = what switch
        {
            "bin" => request.BinCode = "NO-BIN",
            "sku" => request.SkuCode = "NO-SKU",
            "warehouse" => request.WarehouseCode = "NO-WH",
            "after" => (request.AfterPosition = -1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => request.PageToken = "bogus",
        };

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.ListLedger, request));

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowLedger_RowsBeforeAndDuringTheStream_EveryRowOnceInOrderNoneMissed()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        var start = await FoundAsync(kit, sku, 1);
        await FoundAsync(kit, sku, 2);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        using var call = factory.CreateInvoker().AsyncServerStreamingCall(
            WmsMethods.Inventory.FollowLedger, new FollowLedgerRequest { WarehouseCode = kit.Warehouse, AfterPosition = start.LedgerPosition }, new CallOptions(cancellationToken: cancel.Token));

        // Writers race the follower: parallel adjustments land in shared group commits while it streams.
        var writers = Task.WhenAll(Enumerable.Range(0, 40).Select(i => FoundAsync(kit, sku, 10 + i, i % 2 == 0 ? "R-01" : "R-02")));
        var seen = new List<LedgerEntry>();
        while (seen.Count < 41 && await call.ResponseStream.MoveNext(cancel.Token))
        {
            seen.Add(call.ResponseStream.Current);
        }

        await writers;
        var late = await FoundAsync(kit, sku, 99);
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var last = call.ResponseStream.Current;
        await cancel.CancelAsync();
        var all = await kit.LedgerAsync(sku);

        Assert.Equal(all.Skip(1).Take(41).Select(e => e.Position), seen.Select(e => e.Position));
        Assert.Equal(seen.Select(e => e.Position).Distinct().Count(), seen.Count);
        Assert.Equal((late.LedgerPosition, 99L), (last.Position, last.Quantity));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task FollowLedger_UnknownWarehouse_NotFound()
    {
        using var call = factory.CreateInvoker().AsyncServerStreamingCall(
            WmsMethods.Inventory.FollowLedger, new FollowLedgerRequest { WarehouseCode = "NO-WH" }, Options);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("NO-WH", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TamperedBalance_ReportsLedgerReservationAndNegativeDiscrepancies()
    {
        // Its own server: the tampering must not leak into the other tests' integrity checks.
        await using var own = new WmsServerFactory();
        var kit = await CreateAsync(own);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        await kit.StockAsync(sku, 5, "R-02");
        await kit.ReserveAsync(sku, "R-01", 4);
        var ct = TestContext.Current.CancellationToken;
        await using var db = await own.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>().CreateDbContextAsync(ct);
        var clean = await StockIntegrity.VerifyAsync(db, ct);

        // Bypass the entity rules (and the CHECK constraints) the way a bad import or a bug would.
        await db.Database.ExecuteSqlRawAsync("PRAGMA ignore_check_constraints = ON", ct);
        var r01 = await db.Set<StockBalance>().Where(s => s.OnHand == 10).Select(s => s.Id).SingleAsync(ct);
        await db.Database.ExecuteSqlAsync($"UPDATE stock_balances SET on_hand = 11, reserved = 3 WHERE id = {r01}", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE stock_balances SET on_hand = -1, reserved = 0 WHERE id <> {r01}", ct);
        var problems = await StockIntegrity.VerifyAsync(db, ct);

        Assert.Empty(clean);
        Assert.Contains(problems, p => p.StockBalanceId == r01 && p.Problem.Contains("ledger rows sum to 10", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StockBalanceId == r01 && p.Problem.Contains("open reservations sum to 4", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StockBalanceId != r01 && p.Problem.Contains("negative", StringComparison.Ordinal));
    }
}
