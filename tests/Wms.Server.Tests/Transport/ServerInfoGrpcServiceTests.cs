using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Security;
using Caller = Wms.Server.Security.Caller;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Transport;

public sealed class ServerInfoGrpcServiceTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CallOptions Options => new(cancellationToken: Ct);

    [Fact]
    public async Task GetServerInfo_AdminToken_ReturnsVersionAndCaller()
    {
        var info = await factory.CreateInvoker().AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), Options);

        Assert.Equal("0.1.0", info.Version);
        Assert.Equal("admin", info.Caller.Name);
        Assert.Equal(["admin"], info.Caller.Roles);
    }

    [Fact]
    public async Task GetServerInfo_NoToken_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await factory.CreateInvoker(token: null).AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), Options));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("bearer token", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetServerInfo_UnknownToken_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await factory.CreateInvoker("not-a-token").AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), Options));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task GetServerInfo_PickerToken_AllowedAndNamed()
    {
        factory.Services.GetRequiredService<TokenAuthenticator>()
            .Register(TokenAuthenticator.Hash("picker-token"), new Caller("picker-7", new HashSet<Role> { Role.Picker }));

        var info = await factory.CreateInvoker("picker-token").AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), Options);

        Assert.Equal("picker-7", info.Caller.Name);
        Assert.Equal(["picker"], info.Caller.Roles);
    }
}
