using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// Two server processes on one PostgreSQL database, attacked at once from one address: the per-address limit on
/// sign-in attempts and the per-account lockout hold for both servers together, not for each on its own.
/// </summary>
public sealed class SignInClusterTests
{
    private const string Password = "cluster sign-in password";

    private static CallOptions Options(string address) =>
        new(new Metadata { { "x-wms-client-address", address } }, cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<StatusCode> SignInAsync(CallInvoker server, string address, string name, string password)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => server.AsyncUnaryCall(
            WmsMethods.Account.SignIn, new SignInRequest { Name = name, Password = password, Code = "123456" }, Options(address)).ResponseAsync);
        return ex.StatusCode;
    }

    [Fact]
    public async Task SignIn_ConcurrentAttemptsFromOneAddressOnTwoServers_ExactlyTheLimitGoesThrough()
    {
        // The tests call from this machine, naming the address as the console does for its people (counted for a loopback peer).
        await using var cluster = await ServerCluster.StartAsync(2, settings: _ => new Dictionary<string, string> { ["Wms:Security:SignInAttemptsPerMinute"] = "10" });

        // 30 at once, 15 on each server: a limit per server would let 20 through.
        var codes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => SignInAsync(cluster.Clients[i % 2], "10.6.6.6", "no-such-user", "wrong password")));
        var another = await SignInAsync(cluster.Clients[1], "10.6.6.7", "no-such-user", "wrong password");

        Assert.Equal(10, codes.Count(c => c == StatusCode.Unauthenticated));
        Assert.Equal(20, codes.Count(c => c == StatusCode.ResourceExhausted));
        Assert.Equal(StatusCode.Unauthenticated, another);
    }

    [Fact]
    public async Task SignIn_ConcurrentWrongPasswordsOnTwoServers_EveryFailureCountsAndTheAccountLocks()
    {
        await using var cluster = await ServerCluster.StartAsync(2, settings: _ => new Dictionary<string, string>
        {
            ["Wms:Security:SignInAttemptsPerMinute"] = "0",
            ["Wms:Security:LockoutFailures"] = "8",
        });
        var name = "ada-" + Guid.NewGuid().ToString("N")[..6];
        var create = new CreateUserRequest { RequestId = "u-" + name, Name = name, Password = Password };
        create.Roles.Add("supervisor");
        await cluster.Clients[0].AsyncUnaryCall(WmsMethods.Account.CreateUser, create, new CallOptions(cancellationToken: TestContext.Current.CancellationToken));

        // Eight failures at once, four on each server: counted read-then-save, two servers' "n + 1" overwrote each other.
        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => SignInAsync(cluster.Clients[i % 2], "10.6.6.8", name, "wrong password")));
        var users = await cluster.Clients[1].AsyncUnaryCall(WmsMethods.Account.ListUsers, new ListUsersRequest { PageSize = 100 }, new CallOptions(cancellationToken: TestContext.Current.CancellationToken));
        var right = await Assert.ThrowsAsync<RpcException>(() => cluster.Clients[1].AsyncUnaryCall(
            WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, Options("10.6.6.8")).ResponseAsync);

        Assert.All(codes, c => Assert.Equal(StatusCode.Unauthenticated, c));
        var user = Assert.Single(users.Users, u => u.Name == name);
        Assert.NotNull(user.LockedUntil);
        Assert.Equal(0, user.FailedAttempts);
        Assert.Contains("is locked until", right.Status.Detail, StringComparison.Ordinal);
    }
}
