using Microsoft.AspNetCore.Http;
using Wms.Grpc;
using Wms.Server.Security;
using Xunit;

namespace Wms.Server.Tests.Security;

public sealed class AuthInterceptorTests
{
    private readonly TokenAuthenticator _tokens = new();
    private readonly MethodRoles _roles = new MethodRoles().Allow("/wms.v1.Picking/ConfirmPick", Role.Picker, Role.Supervisor);

    public AuthInterceptorTests()
    {
        _tokens.Register(TokenAuthenticator.Hash("picker"), new Caller("picker-7", new HashSet<Role> { Role.Picker }));
        _tokens.Register(TokenAuthenticator.Hash("device"), new Caller("scale-3", new HashSet<Role> { Role.Device }));
        _tokens.Register(TokenAuthenticator.Hash("admin"), new Caller("admin", new HashSet<Role> { Role.Admin }));
    }

    private Task<string> Call(string method, string? token)
    {
        var context = new FakeCallContext(method);
        if (token is not null)
        {
            context.GetHttpContext().Request.Headers.Authorization = "Bearer " + token;
        }

        return new AuthInterceptor(_tokens, _roles).UnaryServerHandler<string, string>(
            "request", context, (_, ctx) => Task.FromResult(AuthInterceptor.GetCaller(ctx).Name));
    }

    [Fact]
    public async Task Authorize_CallerHasRole_HandlerSeesCaller() =>
        Assert.Equal("picker-7", await Call("/wms.v1.Picking/ConfirmPick", "picker"));

    [Fact]
    public async Task Authorize_CallerLacksRole_PermissionDeniedNamingRoles()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Call("/wms.v1.Picking/ConfirmPick", "device"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("picker, supervisor", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_MethodNotInTable_AdminOnly()
    {
        Assert.Equal("admin", await Call("/wms.v1.Admin/Anything", "admin"));
        var error = await Assert.ThrowsAsync<RpcException>(() => Call("/wms.v1.Admin/Anything", "picker"));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    public async Task Authorize_MissingOrUnknownToken_Unauthenticated(string? token)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Call("/wms.v1.Picking/ConfirmPick", token));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Authorize_HealthProbe_NeedsNoToken()
    {
        var context = new FakeCallContext("/grpc.health.v1.Health/Check");
        var answer = await new AuthInterceptor(_tokens, _roles).UnaryServerHandler<string, string>("request", context, (_, _) => Task.FromResult("ok"));

        Assert.Equal("ok", answer);
    }

    private sealed class FakeCallContext(string method) : ServerCallContext
    {
        private readonly DefaultHttpContext _http = new();
        private readonly Dictionary<object, object?> _state = [];

        public override string Method => method;

        public override string Host => "localhost";

        public override string Peer => "ipv4:127.0.0.1:1";

        public override DateTime Deadline => DateTime.MaxValue;

        public override Metadata RequestHeaders { get; } = new();

        public override CancellationToken CancellationToken => CancellationToken.None;

        public override Metadata ResponseTrailers { get; } = new();

        public override Status Status { get; set; }

        public override IDictionary<object, object?> UserState => _state;

        public override Task WriteResponseHeadersAsync(Metadata responseHeaders) => Task.CompletedTask;

        public override HttpContext GetHttpContext() => _http;
    }
}
