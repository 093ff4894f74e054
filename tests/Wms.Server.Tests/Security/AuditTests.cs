using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Security;

public sealed class AuditTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private async Task<string> CreateWarehouseAsync(string token)
    {
        var code = "W" + Guid.NewGuid().ToString("N")[..8];
        await factory.Call(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = "req-" + code,
            Warehouse = new Warehouse { Code = code, Name = code, Kind = WarehouseKind.Regional, Latitude = 1, Longitude = 2 },
        }, token);
        return code;
    }

    [Fact]
    public async Task ListAudit_FilterByActor_NewestFirstWithRequestIds()
    {
        var actor = "alice-" + Guid.NewGuid().ToString("N")[..6];
        var alice = factory.RegisterToken(actor, Role.Admin);
        var first = await CreateWarehouseAsync(alice);
        await CreateWarehouseAsync(WmsServerFactory.AdminToken);
        var second = await CreateWarehouseAsync(alice);

        var page = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Actor = actor });

        Assert.Equal(["req-" + second, "req-" + first], page.Entries.Select(e => e.RequestId));
        Assert.All(page.Entries, e => Assert.Equal((actor, "CreateWarehouse"), (e.Actor, e.Command)));
        Assert.Equal("warehouse " + second, page.Entries[0].Summary);
        Assert.True(page.Entries[0].Id > page.Entries[1].Id);
        Assert.Empty(page.NextPageToken);
    }

    [Fact]
    public async Task ListAudit_FilterByCommandAndSince_OnlyMatchingEntries()
    {
        await CreateWarehouseAsync(WmsServerFactory.AdminToken);
        var all = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Command = "CreateWarehouse" });
        var future = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(5)) });
        var recent = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)) });
        var none = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Command = "NoSuchCommand" });

        Assert.NotEmpty(all.Entries);
        Assert.All(all.Entries, e => Assert.Equal("CreateWarehouse", e.Command));
        Assert.Empty(future.Entries);
        Assert.NotEmpty(recent.Entries);
        Assert.Empty(none.Entries);
    }

    [Fact]
    public async Task ListAudit_PagedByTwo_EveryEntryOnceNewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateWarehouseAsync(WmsServerFactory.AdminToken);
        }

        var ids = new List<long>();
        var token = "";
        do
        {
            var page = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { PageSize = 2, PageToken = token });
            Assert.True(page.Entries.Count <= 2);
            ids.AddRange(page.Entries.Select(e => e.Id));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.True(ids.Count >= 5);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData(-1, "", "page_size")]
    [InlineData(0, "garbage!", "page_token")]
    public async Task ListAudit_BadPaging_InvalidArgumentNamingField(int pageSize, string pageToken, string named)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { PageSize = pageSize, PageToken = pageToken }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(named, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAudit_Roles_SupervisorMayPickerMayNot()
    {
        var supervisor = factory.RegisterToken("sup-" + Guid.NewGuid().ToString("N")[..6], Role.Supervisor);
        var picker = factory.RegisterToken("pick-" + Guid.NewGuid().ToString("N")[..6], Role.Picker, Role.Dispatcher, Role.Device);

        await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest(), supervisor);
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest(), picker));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("admin, supervisor", error.Status.Detail, StringComparison.Ordinal);
    }
}
