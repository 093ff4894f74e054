using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Inventory;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;
using CycleCountStatus = Wms.Contracts.V1.CycleCountStatus;
using LedgerReason = Wms.Contracts.V1.LedgerReason;
using CycleCount = Wms.Contracts.V1.CycleCount;

namespace Wms.Server.Tests.Inventory;

public sealed class CycleCountTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static async Task<CycleCount> RaiseAsync(InventoryKit kit, string bin = "R-01", string? token = WmsServerFactory.AdminToken) =>
        await kit.Call(WmsMethods.Inventory.RaiseCycleCount, new RaiseCycleCountRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, BinCode = bin, Reason = "short pick" }, token);

    private static SubmitCountRequest Count(long countId, params (string Sku, string Lot, long Quantity)[] lines)
    {
        var request = new SubmitCountRequest { RequestId = Id(), CountId = countId };
        request.Lines.AddRange(lines.Select(l => new CountedLine { SkuCode = l.Sku, Lot = l.Lot, Quantity = l.Quantity }));
        return request;
    }

    private static Task<SubmitCountResponse> SubmitAsync(InventoryKit kit, SubmitCountRequest request, string? token = WmsServerFactory.AdminToken) =>
        kit.Call(WmsMethods.Inventory.SubmitCount, request, token);

    [Fact]
    public async Task SubmitCount_WithinTwoPercent_PostedAsCycleCountVarianceAndClosed()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 100, "R-01");
        var count = await RaiseAsync(kit);

        var result = await SubmitAsync(kit, Count(count.Id, (sku, "", 98)));
        var entry = (await kit.LedgerAsync(sku))[^1];
        var open = await kit.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = kit.Warehouse });

        Assert.Equal((CycleCountStatus.Posted, 1), (result.Status, result.Attempts));
        Assert.Equal((sku, -2L), (Assert.Single(result.Adjustments).SkuCode, result.Adjustments[0].Quantity));
        Assert.Equal((LedgerReason.CycleCount, "count_variance", "cycle-count:" + count.Id, -2L), (entry.Reason, entry.ReasonCode, entry.Reference, entry.Quantity));
        Assert.Equal(98, await kit.OnHandAsync(sku, "R-01"));
        Assert.Empty(open.Counts);
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task SubmitCount_BeyondTolerance_RecountRequestedThenSecondCountPosted()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 100, "R-01");
        var count = await RaiseAsync(kit);

        var first = await SubmitAsync(kit, Count(count.Id, (sku, "", 90)));
        var listed = Assert.Single((await kit.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = kit.Warehouse })).Counts);
        var bookAfterFirst = await kit.OnHandAsync(sku, "R-01");
        var second = await SubmitAsync(kit, Count(count.Id, (sku, "", 95)));

        Assert.Equal((CycleCountStatus.RecountRequested, 1), (first.Status, first.Attempts));
        Assert.Empty(first.Adjustments);
        Assert.Equal((count.Id, CycleCountStatus.RecountRequested, 1, "R-01"), (listed.Id, listed.Status, listed.Attempts, listed.BinCode));
        Assert.Equal(100, bookAfterFirst);
        Assert.Equal((CycleCountStatus.Posted, 2, -5L), (second.Status, second.Attempts, second.Adjustments[0].Quantity));
        Assert.Equal(95, await kit.OnHandAsync(sku, "R-01"));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task SubmitCount_UnlistedSkuAndUnknownLot_CountedZeroAndFoundStockBooked()
    {
        var kit = await CreateAsync(factory);
        var (booked, _) = await kit.NewSkuAsync();
        var (lotted, _) = await kit.NewSkuAsync(lots: true, expiry: true);
        await kit.StockAsync(booked, 2, "R-01");
        var count = await RaiseAsync(kit);
        var found = Count(count.Id, (lotted, "NEW", 3));
        found.Lines[0].Expiry = "2029-06-30";

        await SubmitAsync(kit, found);
        found.RequestId = Id();
        var second = await SubmitAsync(kit, found);
        var stock = Assert.Single(await kit.StockOfAsync("", "R-01"));

        Assert.Equal(CycleCountStatus.Posted, second.Status);
        Assert.Equal([(booked, -2L), (lotted, 3L)], second.Adjustments.Select(a => (a.SkuCode, a.Quantity)).OrderBy(a => a.Quantity));
        Assert.Equal((lotted, "NEW", "2029-06-30", 3L), (stock.SkuCode, stock.Lot, stock.Expiry, stock.OnHand));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task SubmitCount_BelowReserved_FailedPreconditionUntilReservationsResolved()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        await kit.ReserveAsync(sku, "R-01", 6);
        var count = await RaiseAsync(kit);

        await SubmitAsync(kit, Count(count.Id, (sku, "", 5)));
        var error = await FailsAsync(SubmitAsync(kit, Count(count.Id, (sku, "", 5))));
        var listed = Assert.Single((await kit.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = kit.Warehouse })).Counts);
        var exact = await SubmitAsync(kit, Count(count.Id, (sku, "", 10)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("resolve those reservations", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((CycleCountStatus.RecountRequested, 1), (listed.Status, listed.Attempts));
        Assert.Equal((CycleCountStatus.Posted, 0), (exact.Status, exact.Adjustments.Count));
        Assert.Equal(10, await kit.OnHandAsync(sku, "R-01"));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task RaiseCycleCount_TwiceForOneBin_SameOpenCountAndListIsPagedAndBlind()
    {
        var kit = await CreateAsync(factory);
        var first = await RaiseAsync(kit, "R-01");
        var again = await RaiseAsync(kit, "R-01", factory.RegisterToken("picker-cc", Role.Picker));
        foreach (var bin in new[] { "R-02", "R-03", "R-04" })
        {
            await RaiseAsync(kit, bin);
        }

        var page1 = await kit.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = kit.Warehouse, PageSize = 3 });
        var page2 = await kit.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = kit.Warehouse, PageSize = 3, PageToken = page1.NextPageToken }, factory.RegisterToken("dev-cc", Role.Device));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(("admin", CycleCountStatus.Open, 0), (first.RaisedBy, first.Status, first.Attempts));
        Assert.Equal(3, page1.Counts.Count);
        Assert.Equal("", page2.NextPageToken);
        Assert.Equal(4, page1.Counts.Concat(page2.Counts).Select(c => c.BinCode).Distinct().Count());
        // Blind: nothing a counter sees carries a quantity.
        Assert.DoesNotContain(CycleCount.Descriptor.Fields.InDeclarationOrder(), f => f.FieldType == Google.Protobuf.Reflection.FieldType.Int64 && f.Name != "id");
    }

    public static TheoryData<string, Func<long, string, SubmitCountRequest>, StatusCode, string> BadCounts => new()
    {
        { "no request id", (id, s) => { var r = Count(id, (s, "A", 1)); r.RequestId = ""; return r; }, StatusCode.InvalidArgument, "request_id" },
        { "no count id", (id, s) => Count(0, (s, "A", 1)), StatusCode.InvalidArgument, "count_id" },
        { "negative quantity", (id, s) => Count(id, (s, "A", -1)), StatusCode.InvalidArgument, "lines[0].quantity" },
        { "no sku", (id, s) => Count(id, (s, "A", 1), ("", "", 1)), StatusCode.InvalidArgument, "lines[1].sku_code" },
        { "no lot", (id, s) => Count(id, (s, "", 1)), StatusCode.InvalidArgument, "lines[0].lot" },
        { "same line twice", (id, s) => Count(id, (s, "A", 1), (s, "A", 2)), StatusCode.InvalidArgument, "lines[1]" },
        { "bad expiry", (id, s) => { var r = Count(id, (s, "A", 1)); r.Lines[0].Expiry = "soon"; return r; }, StatusCode.InvalidArgument, "lines[0].expiry" },
        { "unknown sku", (id, s) => Count(id, ("NO-SKU", "", 1)), StatusCode.NotFound, "lines[0].sku_code" },
        { "unknown count", (id, s) => Count(id + 1000, (s, "A", 1)), StatusCode.NotFound, "Cycle count" },
    };

    [Theory]
    [MemberData(nameof(BadCounts))]
    public async Task SubmitCount_BadInput_ErrorNamesFieldAndNothingChanged(string scenario, Func<long, string, SubmitCountRequest> build, StatusCode code, string named)
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync(lots: true);
        await kit.StockAsync(sku, 10, "R-01", lot: "A");
        var count = await RaiseAsync(kit);

        var error = await FailsAsync(SubmitAsync(kit, build(count.Id, sku)));
        var listed = Assert.Single((await kit.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = kit.Warehouse })).Counts);

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((CycleCountStatus.Open, 0), (listed.Status, listed.Attempts));
        Assert.Equal(10, await kit.OnHandAsync(sku, "R-01"));
    }

    [Fact]
    public async Task SubmitCount_ReplayAndClosedAndRoles_OneAttemptPostedCountRefusesDispatcherDenied()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        var count = await RaiseAsync(kit);
        var request = Count(count.Id, (sku, "", 10));
        var picker = factory.RegisterToken("picker-sc", Role.Picker);

        var denied = await FailsAsync(SubmitAsync(kit, request, factory.RegisterToken("disp-sc", Role.Dispatcher)));
        var first = await SubmitAsync(kit, request, picker);
        var replay = await SubmitAsync(kit, request, picker);
        var closed = await FailsAsync(SubmitAsync(kit, Count(count.Id, (sku, "", 10)), picker));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(first, replay);
        Assert.Equal((CycleCountStatus.Posted, 1), (first.Status, first.Attempts));
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
    }

    [Theory]
    [InlineData(100, 98, 0, 2.0, true)]
    [InlineData(100, 97, 0, 2.0, false)]
    [InlineData(100, 102, 0, 2.0, true)]
    [InlineData(10, 10, 0, 2.0, true)]
    [InlineData(10, 9, 0, 2.0, false)]
    [InlineData(0, 1, 0, 2.0, false)]
    [InlineData(10, 7, 3, 0.0, true)]
    [InlineData(10, 6, 3, 0.0, false)]
    public void WithinTolerance_UnitsOrPercent_WhicheverAllowsMore(long book, long counted, long units, double percent, bool within)
    {
        var options = new InventoryOptions { CountToleranceUnits = units, CountTolerancePercent = percent };

        Assert.Equal(within, options.WithinTolerance(book, counted));
    }
}
