using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Wms.Server.Tests.Transport;

/// <summary>Authentication and role checks as ASP.NET Core runs them in front of every gRPC method.</summary>
public sealed class AuthorizationTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    private static readonly Type[] ServiceClasses = typeof(Program).Assembly.GetTypes()
        .Where(t => t.Namespace == "Wms.Server.Transport.Grpc" && t.BaseType?.GetCustomAttribute<BindServiceMethodAttribute>() is not null)
        .ToArray();

    private static readonly string[] AnonymousMethods =
        ["wms.v1.AccountService/SignIn", "wms.v1.AccountService/StartTotpEnrolment", "wms.v1.AccountService/ConfirmTotpEnrolment"];

    [Fact]
    public void EveryApiMethod_IsImplementedAndNamesItsRoles()
    {
        Assert.Equal(16, ServiceClasses.Length);
        foreach (var service in ServiceClasses)
        {
            var descriptor = (ServiceDescriptor)service.BaseType!.DeclaringType!.GetProperty("Descriptor")!.GetValue(null)!;
            var classRoles = service.GetCustomAttribute<AuthorizeAttribute>()?.Roles;
            foreach (var method in descriptor.Methods)
            {
                var implementation = service.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
                Assert.True(implementation is not null, $"{descriptor.FullName}/{method.Name} is not implemented (callers would get UNIMPLEMENTED).");
                var roles = implementation.GetCustomAttribute<AuthorizeAttribute>()?.Roles ?? classRoles;
                if (implementation.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
                {
                    // Only the steps of a person's sign-in are open to anonymous callers.
                    Assert.Contains(descriptor.FullName + "/" + method.Name, AnonymousMethods);
                    continue;
                }

                Assert.False(string.IsNullOrEmpty(roles), $"{descriptor.FullName}/{method.Name} names no roles.");
            }
        }
    }

    [Fact]
    public void UseBearerTokens_SetsWhatUseAuthenticationSets_SoWebApplicationDoesNotAddTheStandardMiddlewareToo()
    {
        // WebApplication puts UseAuthentication() in front of the pipeline unless the app builder carries the key
        // UseAuthentication() sets; UseBearerTokens sets it by name. A renamed key would run authentication twice per call.
        var services = new ServiceCollection().AddSingleton(new TokenAuthenticator(TimeProvider.System)).AddLogging().AddAuthentication().Services.BuildServiceProvider();
        var standard = new ApplicationBuilder(services);
        var standardBefore = standard.Properties.Keys.ToHashSet();
        standard.UseAuthentication();
        var ours = new ApplicationBuilder(services);
        var oursBefore = ours.Properties.Keys.ToHashSet();
        BearerTokenHandler.UseBearerTokens(ours);

        var setByStandard = standard.Properties.Keys.Except(standardBefore).ToList();
        Assert.NotEmpty(setByStandard);
        Assert.All(setByStandard, key => Assert.Equal(true, ours.Properties.TryGetValue(key, out var value) ? value : null));
        Assert.Equal(setByStandard.Order(), ours.Properties.Keys.Except(oursBefore).Order());
    }

    [Fact]
    public async Task Call_CallerHasRole_HandlerSeesCaller()
    {
        var picker = factory.RegisterToken("picker-auth-1", Role.Picker);

        var info = await factory.CreateInvoker(picker).AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), Options);

        Assert.Equal(("picker-auth-1", "picker"), (info.Caller.Name, string.Join(",", info.Caller.Roles)));
    }

    [Fact]
    public async Task Call_CallerLacksRole_PermissionDeniedNamingTheRoles()
    {
        var device = factory.RegisterToken("scale-auth-3", Role.Device);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.CreateInvoker(device)
            .AsyncUnaryCall(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest { RequestId = "r1", TaskId = 1 }, Options).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("'scale-auth-3' may not call /wms.v1.PickingService/ConfirmPick: it needs one of the roles picker, supervisor.", error.Status.Detail);
    }

    [Fact]
    public async Task Call_AdminOnAMethodNotListingAdmin_Allowed()
    {
        var answer = await factory.CreateInvoker().AsyncUnaryCall(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = "NONE" }, Options)
            .ResponseAsync.ContinueWith(t => t.Exception?.InnerException as RpcException, TestContext.Current.CancellationToken);

        // Past the role check: the handler itself answers (no such warehouse).
        Assert.NotEqual(StatusCode.PermissionDenied, answer?.StatusCode);
        Assert.NotEqual(StatusCode.Unauthenticated, answer?.StatusCode);
    }

    [Theory]
    [InlineData(null, "Missing bearer token: send 'authorization: Bearer <token>'.")]
    [InlineData("", "Missing bearer token: send 'authorization: Bearer <token>'.")]
    [InlineData("wrong", "Unknown or revoked token.")]
    public async Task Call_MissingOrUnknownToken_UnauthenticatedSayingWhy(string? token, string message)
    {
        var invoker = token is null ? factory.CreateInvoker(null) : factory.CreateInvoker(null).WithHeaders(h => h.Add("authorization", "Bearer " + token));

        var error = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(WmsMethods.Order.ListOrders, new ListOrdersRequest { WarehouseCode = "X" }, Options).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, message), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task Call_UnknownMethodWithoutToken_UnauthenticatedNotADiscoveryAid()
    {
        var method = new Method<GetServerInfoRequest, ServerInfo>(MethodType.Unary, "wms.v1.ServerInfoService", "NoSuchMethod", WmsMethods.ServerInfo.GetServerInfo.RequestMarshaller, WmsMethods.ServerInfo.GetServerInfo.ResponseMarshaller);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.CreateInvoker(null).AsyncUnaryCall(method, new GetServerInfoRequest(), Options).ResponseAsync);
        var admin = await Assert.ThrowsAsync<RpcException>(() => factory.CreateInvoker().AsyncUnaryCall(method, new GetServerInfoRequest(), Options).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, admin.StatusCode);
    }
}
