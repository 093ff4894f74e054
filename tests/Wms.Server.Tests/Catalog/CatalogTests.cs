using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Catalog;

public sealed class CatalogTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>A GTIN-13 with a good check digit, different on every call.</summary>
    public static string NewGtin13()
    {
        var payload = string.Concat(Guid.NewGuid().ToByteArray().Take(12).Select(b => (char)('0' + b % 10)));
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (payload[11 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        }

        return payload + (char)('0' + (10 - sum % 10) % 10);
    }

    private static UpsertSkusRequest Skus(string prefix, int count)
    {
        var request = new UpsertSkusRequest { RequestId = Guid.NewGuid().ToString() };
        for (var i = 0; i < count; i++)
        {
            var sku = new Sku
            {
                Code = $"{prefix}-{i:000}",
                Description = "Item " + i,
                UnitOfMeasure = "EA",
                UnitWeightKg = 0.5,
                UnitVolumeM3 = 0.001,
                LotTracked = i % 2 == 0,
                ExpiryTracked = i % 2 == 0,
                CaseSize = 12,
            };
            sku.Barcodes.Add(NewGtin13());
            sku.Barcodes.Add($"INT-{prefix}-{i}");
            request.Skus.Add(sku);
        }

        return request;
    }

    private static string NewPrefix() => "S" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task UpsertSkus_NewSkus_CreatedAndReadableByCodeAndEveryBarcode()
    {
        var request = Skus(NewPrefix(), 3);

        var result = await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
        var sku = await factory.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = request.Skus[1].Code });
        var byGtin = await factory.Call(WmsMethods.Catalog.LookupBarcode, new LookupBarcodeRequest { Barcode = request.Skus[2].Barcodes[0] });
        var byInternal = await factory.Call(WmsMethods.Catalog.LookupBarcode, new LookupBarcodeRequest { Barcode = request.Skus[2].Barcodes[1] });

        Assert.Equal((3, 0), (result.Created, result.Updated));
        Assert.Equal(request.Skus[1].Description, sku.Description);
        Assert.Equal(request.Skus[1].Barcodes.Order(StringComparer.Ordinal), sku.Barcodes);
        Assert.Equal(request.Skus[2].Code, byGtin.Code);
        Assert.Equal(request.Skus[2].Code, byInternal.Code);
    }

    [Theory]
    [InlineData("96385074")]
    [InlineData("036000291452")]
    [InlineData("4006381333931")]
    [InlineData("10614141000415")]
    public async Task UpsertSkus_ValidGtinOfEachLength_Accepted(string gtin)
    {
        var request = Skus(NewPrefix(), 1);
        request.Skus[0].Barcodes.Clear();
        request.Skus[0].Barcodes.Add(gtin);
        var sku = request.Skus[0].Code;

        await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
        var found = await factory.Call(WmsMethods.Catalog.LookupBarcode, new LookupBarcodeRequest { Barcode = gtin });

        Assert.Equal(sku, found.Code);
        // Free the well-known GTIN again for the next case of this theory.
        request.RequestId = Guid.NewGuid().ToString();
        request.Skus[0].Barcodes.Clear();
        await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
    }

    [Fact]
    public async Task UpsertSkus_ExistingCode_UpdatesFieldsAndReplacesBarcodes()
    {
        var request = Skus(NewPrefix(), 1);
        await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
        var oldGtin = request.Skus[0].Barcodes[0];
        request.RequestId = Guid.NewGuid().ToString();
        request.Skus[0].Description = "Renamed";
        request.Skus[0].Barcodes[0] = NewGtin13();

        var result = await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
        var sku = await factory.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = request.Skus[0].Code });
        var old = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Catalog.LookupBarcode, new LookupBarcodeRequest { Barcode = oldGtin }));

        Assert.Equal((0, 1), (result.Created, result.Updated));
        Assert.Equal("Renamed", sku.Description);
        Assert.Contains(request.Skus[0].Barcodes[0], sku.Barcodes);
        Assert.Equal(StatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task UpsertSkus_BarcodeOfAnotherSku_AlreadyExistsAndNothingChanged()
    {
        var first = Skus(NewPrefix(), 1);
        await factory.Call(WmsMethods.Catalog.UpsertSkus, first);
        var second = Skus(NewPrefix(), 2);
        second.Skus[1].Barcodes.Add(first.Skus[0].Barcodes[0]);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Catalog.UpsertSkus, second));
        var missing = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = second.Skus[0].Code }));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("skus[1].barcodes[2]", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(first.Skus[0].Code, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    public static TheoryData<string, Func<UpsertSkusRequest, UpsertSkusRequest>, StatusCode, string> BadUpserts => new()
    {
        { "no request id", r => { r.RequestId = ""; return r; }, StatusCode.InvalidArgument, "request_id" },
        { "no skus", r => { r.Skus.Clear(); return r; }, StatusCode.InvalidArgument, "skus" },
        { "no code", r => { r.Skus[1].Code = " "; return r; }, StatusCode.InvalidArgument, "skus[1].code" },
        { "duplicate code", r => { r.Skus[2].Code = r.Skus[0].Code; return r; }, StatusCode.InvalidArgument, "skus[2].code" },
        { "negative weight", r => { r.Skus[0].UnitWeightKg = -1; return r; }, StatusCode.InvalidArgument, "skus[0].unit_weight_kg" },
        { "negative volume", r => { r.Skus[0].UnitVolumeM3 = -1; return r; }, StatusCode.InvalidArgument, "skus[0].unit_volume_m3" },
        { "negative case size", r => { r.Skus[1].CaseSize = -6; return r; }, StatusCode.InvalidArgument, "skus[1].case_size" },
        { "bad GTIN-13 check digit", r => { r.Skus[2].Barcodes[0] = "4006381333932"; return r; }, StatusCode.InvalidArgument, "skus[2].barcodes[0]" },
        { "bad GTIN-8 check digit", r => { r.Skus[0].Barcodes[1] = "96385075"; return r; }, StatusCode.InvalidArgument, "skus[0].barcodes[1]" },
        { "empty barcode", r => { r.Skus[0].Barcodes.Add(""); return r; }, StatusCode.InvalidArgument, "skus[0].barcodes[2]" },
        { "barcode twice in request", r => { r.Skus[1].Barcodes.Add(r.Skus[0].Barcodes[0]); return r; }, StatusCode.AlreadyExists, "skus[1].barcodes[2]" },
    };

    [Theory]
    [MemberData(nameof(BadUpserts))]
    public async Task UpsertSkus_BadInput_ErrorNamesFieldAndNothingIsWritten(string scenario, Func<UpsertSkusRequest, UpsertSkusRequest> spoil, StatusCode code, string named)
    {
        var prefix = NewPrefix();
        var request = spoil(Skus(prefix, 3));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Catalog.UpsertSkus, request));
        var listed = await factory.Call(WmsMethods.Catalog.ListSkus, new ListSkusRequest { CodePrefix = prefix });

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(listed.Skus);
    }

    [Fact]
    public async Task UpsertSkus_SameRequestIdTwice_SecondReturnsFirstAnswerAndChangesNothing()
    {
        var request = Skus(NewPrefix(), 2);

        var first = await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
        request.Skus[0].Description = "changed on the retry";
        var second = await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
        var sku = await factory.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = request.Skus[0].Code });

        Assert.Equal(first, second);
        Assert.Equal("Item 0", sku.Description);
    }

    [Fact]
    public async Task ListSkus_PrefixPagedByFour_EverySkuOnceAndLastPageHasNoToken()
    {
        var prefix = NewPrefix();
        await factory.Call(WmsMethods.Catalog.UpsertSkus, Skus(prefix, 10));
        await factory.Call(WmsMethods.Catalog.UpsertSkus, Skus(NewPrefix(), 3));

        var seen = new List<Sku>();
        var token = "";
        do
        {
            var page = await factory.Call(WmsMethods.Catalog.ListSkus, new ListSkusRequest { CodePrefix = prefix, PageSize = 4, PageToken = token });
            Assert.True(page.Skus.Count <= 4);
            seen.AddRange(page.Skus);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(10, seen.Select(s => s.Code).Distinct().Count());
        Assert.All(seen, s => Assert.StartsWith(prefix, s.Code, StringComparison.Ordinal));
        Assert.All(seen, s => Assert.Equal(2, s.Barcodes.Count));
    }

    [Fact]
    public async Task UpsertSkus_LotTrackingChangedUnderStock_FailedPreconditionNothingChanged()
    {
        var kit = await Inventory.InventoryKit.CreateAsync(factory);
        var (code, _) = await kit.NewSkuAsync();
        await kit.Call(WmsMethods.Inventory.AdjustStock, new AdjustStockRequest
        {
            RequestId = Guid.NewGuid().ToString(), WarehouseCode = kit.Warehouse, BinCode = "R-01", SkuCode = code, Quantity = 1, Reason = AdjustmentReason.Found,
        });
        var sku = await factory.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = code });
        var change = new UpsertSkusRequest { RequestId = Guid.NewGuid().ToString() };
        var tracked = sku.Clone();
        tracked.LotTracked = true;
        change.Skus.Add(tracked);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Catalog.UpsertSkus, change));
        var after = await factory.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = code });

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("skus[0].lot_tracked", error.Status.Detail, StringComparison.Ordinal);
        Assert.False(after.LotTracked);
    }

    [Fact]
    public async Task LookupBarcode_Unknown_NotFoundNamingIt()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Catalog.LookupBarcode, new LookupBarcodeRequest { Barcode = "NO-SUCH-CODE" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("NO-SUCH-CODE", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertSkus_PickerToken_PermissionDeniedButPickerMayRead()
    {
        var request = Skus(NewPrefix(), 1);
        await factory.Call(WmsMethods.Catalog.UpsertSkus, request);
        var picker = factory.RegisterToken("picker-cat", Wms.Server.Security.Role.Picker);
        var supervisor = factory.RegisterToken("super-cat", Wms.Server.Security.Role.Supervisor);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Catalog.UpsertSkus, Skus(NewPrefix(), 1), picker));
        var read = await factory.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = request.Skus[0].Code }, picker);
        var bySupervisor = await factory.Call(WmsMethods.Catalog.UpsertSkus, Skus(NewPrefix(), 1), supervisor);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(request.Skus[0].Code, read.Code);
        Assert.Equal(1, bySupervisor.Created);
    }
}
