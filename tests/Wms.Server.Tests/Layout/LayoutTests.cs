using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Layout;

public sealed class LayoutTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private async Task<string> NewWarehouseAsync()
    {
        var code = "W" + Guid.NewGuid().ToString("N")[..8];
        await factory.Call(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Warehouse = new Warehouse { Code = code, Name = "Test " + code, Kind = WarehouseKind.Central, Latitude = 52.5, Longitude = 13.4 },
        });
        return code;
    }

    private static ImportLayoutRequest Layout(string warehouse, int bins)
    {
        var request = new ImportLayoutRequest { RequestId = Guid.NewGuid().ToString(), WarehouseCode = warehouse };
        request.Zones.Add(new Zone { Code = "A", Name = "Ambient" });
        request.Zones.Add(new Zone { Code = "R", Name = "Reserve" });
        for (var i = 0; i < bins; i++)
        {
            request.Bins.Add(new Bin
            {
                ZoneCode = i % 4 == 0 ? "R" : "A",
                Code = $"A-{i / 10:00}-{i % 10:00}",
                Kind = i % 4 == 0 ? BinKind.Reserve : BinKind.PickFace,
                Aisle = i / 10,
                Position = i % 10,
                XM = i / 10 * 3.0,
                YM = i % 10 * 1.2,
                CapacityUnits = 100,
            });
        }

        return request;
    }

    [Fact]
    public async Task ImportLayout_NewBins_CreatedAndListedByKindAndPrefix()
    {
        var warehouse = await NewWarehouseAsync();

        var result = await factory.Call(WmsMethods.Layout.ImportLayout, Layout(warehouse, 40));
        var reserve = await factory.Call(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = warehouse, Kind = BinKind.Reserve });
        var prefixed = await factory.Call(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = warehouse, CodePrefix = "A-01-" });

        Assert.Equal((2, 40, 0), (result.ZonesCreated, result.BinsCreated, result.BinsUpdated));
        Assert.Equal(10, reserve.Bins.Count);
        Assert.All(reserve.Bins, b => Assert.Equal("R", b.ZoneCode));
        Assert.Equal(10, prefixed.Bins.Count);
        Assert.All(prefixed.Bins, b => Assert.StartsWith("A-01-", b.Code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListBins_PagedBySeven_EveryBinOnceAndLastPageHasNoToken()
    {
        var warehouse = await NewWarehouseAsync();
        await factory.Call(WmsMethods.Layout.ImportLayout, Layout(warehouse, 30));

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await factory.Call(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = warehouse, PageSize = 7, PageToken = token });
            Assert.True(page.Bins.Count <= 7);
            seen.AddRange(page.Bins.Select(b => b.Code));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(30, seen.Count);
        Assert.Equal(30, seen.Distinct().Count());
    }

    [Fact]
    public async Task ImportLayout_SameRequestIdTwice_SecondReturnsFirstAnswerAndChangesNothing()
    {
        var warehouse = await NewWarehouseAsync();
        var request = Layout(warehouse, 5);

        var first = await factory.Call(WmsMethods.Layout.ImportLayout, request);
        var second = await factory.Call(WmsMethods.Layout.ImportLayout, request);

        Assert.Equal(first, second);
        Assert.Equal(5, first.BinsCreated);
    }

    [Fact]
    public async Task ImportLayout_AgainWithNewId_UpdatesInsteadOfDuplicating()
    {
        var warehouse = await NewWarehouseAsync();
        await factory.Call(WmsMethods.Layout.ImportLayout, Layout(warehouse, 5));

        var again = await factory.Call(WmsMethods.Layout.ImportLayout, Layout(warehouse, 5));

        Assert.Equal((0, 0, 5), (again.ZonesCreated, again.BinsCreated, again.BinsUpdated));
    }

    public static TheoryData<string, Func<ImportLayoutRequest, ImportLayoutRequest>, StatusCode, string> BadImports => new()
    {
        { "no request id", r => { r.RequestId = ""; return r; }, StatusCode.InvalidArgument, "request_id" },
        { "unknown warehouse", r => { r.WarehouseCode = "NOPE"; return r; }, StatusCode.NotFound, "Warehouse 'NOPE'" },
        { "bin without code", r => { r.Bins[2].Code = ""; return r; }, StatusCode.InvalidArgument, "bins[2].code" },
        { "duplicate bin", r => { r.Bins[3].Code = r.Bins[1].Code; return r; }, StatusCode.InvalidArgument, "bins[3].code" },
        { "unknown zone", r => { r.Bins[4].ZoneCode = "Z"; return r; }, StatusCode.InvalidArgument, "bins[4].zone_code" },
        { "negative capacity", r => { r.Bins[0].CapacityUnits = -1; return r; }, StatusCode.InvalidArgument, "bins[0].capacity" },
        { "no kind", r => { r.Bins[0].Kind = BinKind.Unspecified; return r; }, StatusCode.InvalidArgument, "bins[0].kind" },
    };

    [Theory]
    [MemberData(nameof(BadImports))]
    public async Task ImportLayout_BadInput_ErrorNamesFieldAndNothingIsWritten(string scenario, Func<ImportLayoutRequest, ImportLayoutRequest> spoil, StatusCode code, string named)
    {
        var warehouse = await NewWarehouseAsync();
        var request = spoil(Layout(warehouse, 5));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Layout.ImportLayout, request));
        var bins = await factory.Call(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = warehouse });

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(bins.Bins);
    }

    [Fact]
    public async Task CreateWarehouse_DuplicateCode_AlreadyExists()
    {
        var warehouse = await NewWarehouseAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Warehouse = new Warehouse { Code = warehouse, Name = "again", Kind = WarehouseKind.Regional },
        }));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task GetBin_UnknownBin_NotFoundNamingIt()
    {
        var warehouse = await NewWarehouseAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = warehouse, Code = "X-99" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("X-99", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportLayout_PickerToken_PermissionDenied()
    {
        var picker = factory.RegisterToken("picker-x", Wms.Server.Security.Role.Picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Layout.ImportLayout, Layout("W", 1), token: picker));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
