using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Data;
using Wms.Server.Security;
using Xunit;
using static Wms.Server.Tests.Security.SecurityNames;

namespace Wms.Server.Tests.Security;

/// <summary>A clock the test moves: TOTP steps, lockouts and session expiry without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The real server with a clock the tests move.</summary>
public sealed class AccountServerFactory : WmsServerFactory
{
    // Every in-process call comes from the same (unknown) address: the per-address limit is tested on its own.
    public AccountServerFactory() => Settings["Wms:Security:SignInAttemptsPerMinute"] = "0";

    public ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class AccountTests(AccountServerFactory factory) : IClassFixture<AccountServerFactory>
{
    private const string Password = "correct horse battery";

    /// <summary>What an authenticator app shows for the secret at the server's clock, plus <paramref name="steps"/> steps.</summary>
    private string Code(string secret, int steps = 0) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(factory.Clock.Now.AddSeconds(30 * steps).UtcDateTime);

    private async Task<string> CreateUserAsync(string name, params string[] roles)
    {
        var request = new CreateUserRequest { RequestId = Guid.NewGuid().ToString(), Name = name, Password = Password };
        request.Roles.AddRange(roles.Length == 0 ? ["dispatcher"] : roles);
        await factory.Call(WmsMethods.Account.CreateUser, request);
        return name;
    }

    /// <summary>A user who has enrolled TOTP: its secret and recovery codes. The clock moves one step on, so the next code is fresh.</summary>
    private async Task<(string Secret, IReadOnlyList<string> RecoveryCodes, SignInSession SignInSession)> EnrolledAsync(string name, params string[] roles)
    {
        await CreateUserAsync(name, roles);
        var enrolment = await factory.Call(WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, null);
        var confirmed = await factory.Call(WmsMethods.Account.ConfirmTotpEnrolment, new ConfirmTotpEnrolmentRequest { Name = name, Password = Password, Code = Code(enrolment.Secret) }, null);
        factory.Clock.Now = factory.Clock.Now.AddSeconds(30);
        return (enrolment.Secret, confirmed.RecoveryCodes, confirmed.Session);
    }

    private Task<SignInSession> SignInAsync(string name, string code, string password = Password) =>
        factory.Call(WmsMethods.Account.SignIn, new SignInRequest { Name = name, Password = password, Code = code }, null);

    private Task<ServerInfo> WhoAmI(string token) => factory.Call(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), token);

    [Fact]
    public async Task ConfirmTotpEnrolment_CodeOfThePendingSecret_SessionActsAsTheUserWithItsRoles()
    {
        var name = await CreateUserAsync(UniqueName("dana"), "dispatcher", "supervisor");

        var enrolment = await factory.Call(WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, null);
        var confirmed = await factory.Call(WmsMethods.Account.ConfirmTotpEnrolment, new ConfirmTotpEnrolmentRequest { Name = name, Password = Password, Code = Code(enrolment.Secret) }, null);
        var info = await WhoAmI(confirmed.Session.Token);

        Assert.Contains("secret=" + enrolment.Secret, enrolment.OtpauthUri, StringComparison.Ordinal);
        Assert.Contains("<svg", enrolment.QrCodeSvg, StringComparison.Ordinal);
        Assert.Equal(10, confirmed.RecoveryCodes.Distinct().Count());
        Assert.Equal((name, "dispatcher,supervisor"), (info.Caller.Name, string.Join(",", info.Caller.Roles.Order())));
        await using var db = await Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var row = await db.Set<UserAccount>().SingleAsync(u => u.Name == name, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Password, row.PasswordHash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", row.PasswordHash, StringComparison.Ordinal); // Identity's v3 format: PBKDF2 with its parameters inside
        Assert.DoesNotContain(confirmed.RecoveryCodes[0], row.RecoveryCodeHashes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_CurrentCode_SessionThatExpiresAfterSessionMinutes()
    {
        var name = UniqueName("erin");
        var (secret, _, _) = await EnrolledAsync(name);

        var session = await SignInAsync(name, Code(secret));
        var before = await WhoAmI(session.Token);
        factory.Clock.Now = factory.Clock.Now.AddMinutes(479);
        var lastMinute = await WhoAmI(session.Token);
        factory.Clock.Now = factory.Clock.Now.AddMinutes(2);
        var error = await Assert.ThrowsAsync<RpcException>(() => WhoAmI(session.Token));

        Assert.Equal(name, before.Caller.Name);
        Assert.Equal(name, lastMinute.Caller.Name);
        Assert.Equal(factory.Clock.Now.AddMinutes(-1), session.ExpiresAt.ToDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task SignIn_SameCodeTwice_SecondRefused()
    {
        var name = UniqueName("finn");
        var (secret, _, _) = await EnrolledAsync(name);
        var code = Code(secret);

        await SignInAsync(name, code);
        var error = await Assert.ThrowsAsync<RpcException>(() => SignInAsync(name, code));

        Assert.Equal((StatusCode.Unauthenticated, AccountGate.WrongCredentials), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LockedEvenForTheRightOneUntilTheLockoutPasses()
    {
        var name = UniqueName("gus");
        var (secret, _, _) = await EnrolledAsync(name);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await Assert.ThrowsAsync<RpcException>(() => SignInAsync(name, Code(secret), "wrong password " + i));
            Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        }

        var locked = await Assert.ThrowsAsync<RpcException>(() => SignInAsync(name, Code(secret)));
        factory.Clock.Now = factory.Clock.Now.AddMinutes(16);
        var session = await SignInAsync(name, Code(secret));

        Assert.Equal(StatusCode.Unauthenticated, locked.StatusCode);
        Assert.Contains("is locked until", locked.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(name, (await WhoAmI(session.Token)).Caller.Name);
        var audit = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Actor = name, Command = "SignInFailed" });
        Assert.Equal(5, audit.Entries.Count);
        Assert.All(audit.Entries, e => Assert.Contains("wrong password, from ", e.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_WrongCode_CountsTowardsLockoutWithTheSameWordsAsAWrongPassword()
    {
        var name = UniqueName("hal");
        var (secret, _, _) = await EnrolledAsync(name);

        var wrongCode = await Assert.ThrowsAsync<RpcException>(() => SignInAsync(name, Code(secret, steps: 10)));
        var unknownName = await Assert.ThrowsAsync<RpcException>(() => SignInAsync(UniqueName("nobody"), "123456"));

        Assert.Equal(AccountGate.WrongCredentials, wrongCode.Status.Detail);
        Assert.Equal(AccountGate.WrongCredentials, unknownName.Status.Detail);
        var users = await factory.Call(WmsMethods.Account.ListUsers, new ListUsersRequest { PageSize = 1000 });
        Assert.Equal(1, users.Users.Single(u => u.Name == name).FailedAttempts);
    }

    [Fact]
    public async Task SignIn_RecoveryCode_WorksOnce()
    {
        var name = UniqueName("ivy");
        var (_, codes, _) = await EnrolledAsync(name);

        var session = await SignInAsync(name, codes[3].ToUpperInvariant());
        var again = await Assert.ThrowsAsync<RpcException>(() => SignInAsync(name, codes[3]));

        Assert.Equal(9, session.RecoveryCodesLeft);
        Assert.Equal(StatusCode.Unauthenticated, again.StatusCode);
    }

    [Fact]
    public async Task SignIn_NotEnrolled_FailedPreconditionSayingWhatToDo()
    {
        var name = await CreateUserAsync(UniqueName("jo"));

        var error = await Assert.ThrowsAsync<RpcException>(() => SignInAsync(name, "123456"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("StartTotpEnrolment", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTotpEnrolment_AlreadyEnrolled_FailedPrecondition()
    {
        var name = UniqueName("kai");
        await EnrolledAsync(name);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, null));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task SignOut_Session_RefusedFromTheNextCall()
    {
        var name = UniqueName("lee");
        var (_, _, session) = await EnrolledAsync(name);

        await factory.Call(WmsMethods.Account.SignOut, new SignOutRequest(), session.Token);
        var error = await Assert.ThrowsAsync<RpcException>(() => WhoAmI(session.Token));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Session_PickerCallsADispatchMethod_PermissionDenied()
    {
        var name = UniqueName("mo");
        var (_, _, session) = await EnrolledAsync(name, "picker");

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = "X" }, session.Token));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task ResetUser_ResetTotp_EndsSessionsAndTheUserEnrolsAgain()
    {
        var name = UniqueName("ned");
        var (_, _, session) = await EnrolledAsync(name);

        var info = await factory.Call(WmsMethods.Account.ResetUser, new ResetUserRequest { RequestId = Guid.NewGuid().ToString(), Name = name, ResetTotp = true });
        var ended = await Assert.ThrowsAsync<RpcException>(() => WhoAmI(session.Token));
        var enrolment = await factory.Call(WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, null);

        Assert.False(info.TotpEnrolled);
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.NotEmpty(enrolment.Secret);
    }

    public static TheoryData<string, Func<CreateUserRequest, CreateUserRequest>, string> BadCreates => new()
    {
        { "no request id", r => { r.RequestId = ""; return r; }, "request_id" },
        { "no name", r => { r.Name = " "; return r; }, "name" },
        { "long name", r => { r.Name = new string('n', 101); return r; }, "name" },
        { "name with a space", r => { r.Name = "a b"; return r; }, "name" },
        { "short password", r => { r.Password = "short"; return r; }, "password" },
        { "long password", r => { r.Password = new string('p', 129); return r; }, "password" },
        { "no roles", r => { r.Roles.Clear(); return r; }, "roles" },
        { "device role", r => { r.Roles.Add("device"); return r; }, "roles[1]" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task CreateUser_BadInput_InvalidArgumentNamingFieldAndNothingStored(string scenario, Func<CreateUserRequest, CreateUserRequest> spoil, string named)
    {
        var request = new CreateUserRequest { RequestId = Guid.NewGuid().ToString(), Name = UniqueName("bad"), Password = Password };
        request.Roles.Add("picker");
        request = spoil(request);
        await using var db = await Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var before = await db.Set<UserAccount>().CountAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Account.CreateUser, request));

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{scenario}: {error.Status}");
        Assert.StartsWith(named + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await db.Set<UserAccount>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateUser_SameNameTwice_AlreadyExists_AndANonAdminIsRefused()
    {
        var name = await CreateUserAsync(UniqueName("oz"));
        var supervisor = factory.RegisterToken("sup-accounts", Role.Supervisor);
        var request = new CreateUserRequest { RequestId = Guid.NewGuid().ToString(), Name = name, Password = Password, Roles = { "picker" } };

        var twice = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Account.CreateUser, request));
        var denied = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Account.CreateUser, request, supervisor));

        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    private IDbContextFactory<WmsDbContext> Contexts => factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
}
