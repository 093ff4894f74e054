using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Data;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Security.SecurityNames;

namespace Wms.Server.Tests.Security;

public sealed class AccessTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private Task<ServerInfo> WhoAmI(string token) => factory.Call(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), token);

    private static CreateTokenRequest NewToken(string name, params string[] roles)
    {
        var request = new CreateTokenRequest { RequestId = Guid.NewGuid().ToString(), Name = name };
        request.Roles.AddRange(roles);
        return request;
    }

    [Fact]
    public async Task CreateToken_Admin_TokenWorksWithItsRolesAndIsStoredHashed()
    {
        var name = UniqueName("picker");

        var created = await factory.Call(WmsMethods.Access.CreateToken, NewToken(name, "picker", "Device"));
        var info = await WhoAmI(created.Token);

        Assert.StartsWith("wms_", created.Token, StringComparison.Ordinal);
        Assert.Equal(name, info.Caller.Name);
        Assert.Equal(["device", "picker"], info.Caller.Roles.Order());
        await using var db = await Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var row = await db.Set<ApiToken>().SingleAsync(t => t.Name == name, TestContext.Current.CancellationToken);
        Assert.Equal(TokenAuthenticator.Hash(created.Token), row.TokenHash);
        Assert.DoesNotContain(created.Token, string.Join("\n", await db.Set<Common.RequestLogEntry>().Select(r => r.ResultJson).ToListAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateToken_SameRequestIdTwice_SecondAnswersRecordWithoutTokenAndCreatesNothing()
    {
        var request = NewToken(UniqueName("scale"), "device");

        var first = await factory.Call(WmsMethods.Access.CreateToken, request);
        var second = await factory.Call(WmsMethods.Access.CreateToken, request);

        Assert.NotEmpty(first.Token);
        Assert.Empty(second.Token);
        Assert.Equal(first.TokenInfo, second.TokenInfo);
        await using var db = await Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await db.Set<ApiToken>().CountAsync(t => t.Name == request.Name, TestContext.Current.CancellationToken));
    }

    public static TheoryData<string, Func<CreateTokenRequest, CreateTokenRequest>, string> BadCreates => new()
    {
        { "no request id", r => { r.RequestId = ""; return r; }, "request_id" },
        { "no name", r => { r.Name = " "; return r; }, "name" },
        { "long name", r => { r.Name = new string('n', 101); return r; }, "name" },
        { "no roles", r => { r.Roles.Clear(); return r; }, "roles" },
        { "unknown role", r => { r.Roles.Add("boss"); return r; }, "roles[1]" },
        { "numeric role", r => { r.Roles.Add("2"); return r; }, "roles[1]" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task CreateToken_BadInput_InvalidArgumentNamingFieldAndNothingStored(string scenario, Func<CreateTokenRequest, CreateTokenRequest> spoil, string named)
    {
        var name = UniqueName("bad");
        var request = spoil(NewToken(name, "picker"));
        await using var db = await Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var before = await db.Set<ApiToken>().CountAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Access.CreateToken, request));

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{scenario}: {error.Status}");
        Assert.StartsWith(named + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await db.Set<ApiToken>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RevokeToken_ById_NextCallUnauthenticatedAndListedAsRevoked()
    {
        var created = await factory.Call(WmsMethods.Access.CreateToken, NewToken(UniqueName("handheld"), "picker"));
        await WhoAmI(created.Token);

        var revoked = await factory.Call(WmsMethods.Access.RevokeToken, new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), TokenId = created.TokenInfo.TokenId });
        var error = await Assert.ThrowsAsync<RpcException>(() => WhoAmI(created.Token));
        var listed = await ListAllTokensAsync(includeRevoked: true);
        var active = await ListAllTokensAsync(includeRevoked: false);

        Assert.Equal([created.TokenInfo.TokenId], revoked.RevokedTokenIds);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.NotNull(listed.Single(t => t.TokenId == created.TokenInfo.TokenId).RevokedAt);
        Assert.DoesNotContain(active, t => t.TokenId == created.TokenInfo.TokenId);
    }

    [Fact]
    public async Task RevokeToken_ByName_RevokesEveryActiveTokenOfThatName()
    {
        var name = UniqueName("truck");
        var one = await factory.Call(WmsMethods.Access.CreateToken, NewToken(name, "dispatcher"));
        var two = await factory.Call(WmsMethods.Access.CreateToken, NewToken(name, "dispatcher"));
        var other = await factory.Call(WmsMethods.Access.CreateToken, NewToken(UniqueName("truck"), "dispatcher"));

        var revoked = await factory.Call(WmsMethods.Access.RevokeToken, new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), Name = name });

        Assert.Equal([one.TokenInfo.TokenId, two.TokenInfo.TokenId], revoked.RevokedTokenIds);
        await Assert.ThrowsAsync<RpcException>(() => WhoAmI(one.Token));
        await Assert.ThrowsAsync<RpcException>(() => WhoAmI(two.Token));
        Assert.Equal(other.TokenInfo.Name, (await WhoAmI(other.Token)).Caller.Name);
    }

    [Fact]
    public async Task RevokeToken_SameRequestIdTwice_SecondAnswersTheSame()
    {
        var created = await factory.Call(WmsMethods.Access.CreateToken, NewToken(UniqueName("p"), "picker"));
        var request = new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), TokenId = created.TokenInfo.TokenId };

        var first = await factory.Call(WmsMethods.Access.RevokeToken, request);
        var second = await factory.Call(WmsMethods.Access.RevokeToken, request);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task RevokeToken_BadInput_ErrorsNameTheProblem()
    {
        var created = await factory.Call(WmsMethods.Access.CreateToken, NewToken(UniqueName("p"), "picker"));
        await factory.Call(WmsMethods.Access.RevokeToken, new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), TokenId = created.TokenInfo.TokenId });
        var cases = new (RevokeTokenRequest Request, StatusCode Code, string Named)[]
        {
            (new RevokeTokenRequest { RequestId = "" , TokenId = 1 }, StatusCode.InvalidArgument, "request_id"),
            (new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString() }, StatusCode.InvalidArgument, "token_id/name"),
            (new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), TokenId = 1, Name = "x" }, StatusCode.InvalidArgument, "token_id/name"),
            (new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), TokenId = -1 }, StatusCode.InvalidArgument, "token_id"),
            (new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), TokenId = 999_999 }, StatusCode.NotFound, "Token '999999'"),
            (new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), Name = "nobody-" + Guid.NewGuid() }, StatusCode.NotFound, "Active token named"),
            (new RevokeTokenRequest { RequestId = Guid.NewGuid().ToString(), TokenId = created.TokenInfo.TokenId }, StatusCode.FailedPrecondition, "already revoked"),
        };

        foreach (var (request, code, named) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Access.RevokeToken, request));
            Assert.True(code == error.StatusCode, $"{request}: {error.Status}");
            Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Refresh_TokenRevokedByAnotherServer_RefusedAfterRefresh()
    {
        var created = await factory.Call(WmsMethods.Access.CreateToken, NewToken(UniqueName("elsewhere"), "supervisor"));
        await using (var db = await Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            // Another server shares the database: its revocation reaches this one through the periodic refresh.
            var row = await db.Set<ApiToken>().SingleAsync(t => t.Id == created.TokenInfo.TokenId, TestContext.Current.CancellationToken);
            row.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await factory.Services.GetRequiredService<TokenAuthenticator>().RefreshAsync(Contexts, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RpcException>(() => WhoAmI(created.Token));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task ListTokens_PagedByTwo_EveryTokenOnceWithoutHashes()
    {
        for (var i = 0; i < 3; i++)
        {
            await factory.Call(WmsMethods.Access.CreateToken, NewToken(UniqueName("page"), "picker"));
        }

        var all = await ListAllTokensAsync(includeRevoked: true, pageSize: 2);

        Assert.True(all.Count >= 3);
        Assert.Equal(all.Count, all.Select(t => t.TokenId).Distinct().Count());
        Assert.DoesNotContain(ApiTokenInfo.Descriptor.Fields.InFieldNumberOrder(), f => f.Name.Contains("hash", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("supervisor")]
    [InlineData("picker")]
    [InlineData("device")]
    public async Task TokenCalls_NonAdmin_PermissionDenied(string role)
    {
        var token = factory.RegisterToken(UniqueName(role), Enum.Parse<Role>(role, ignoreCase: true));

        var create = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Access.CreateToken, NewToken("x", "admin"), token));
        var list = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Access.ListTokens, new ListTokensRequest(), token));
        var revoke = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Access.RevokeToken, new RevokeTokenRequest { RequestId = "r", TokenId = 1 }, token));

        Assert.All([create, list, revoke], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Contains("roles admin", create.Status.Detail, StringComparison.Ordinal);
    }

    private IDbContextFactory<WmsDbContext> Contexts => factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();

    private async Task<List<ApiTokenInfo>> ListAllTokensAsync(bool includeRevoked, int pageSize = 0)
    {
        var all = new List<ApiTokenInfo>();
        var token = "";
        do
        {
            var page = await factory.Call(WmsMethods.Access.ListTokens, new ListTokensRequest { IncludeRevoked = includeRevoked, PageSize = pageSize, PageToken = token });
            all.AddRange(page.Tokens);
            token = page.NextPageToken;
        }
        while (token != "");

        return all;
    }
}
