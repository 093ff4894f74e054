using System.Buffers.Binary;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpNet;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Data;
using Wms.Server.Security;
using Xunit;
using static Wms.Server.Tests.Security.SecurityNames;

namespace Wms.Server.Tests.Security;

/// <summary>
/// What guards the sign-in beyond the lockout: TOTP secrets encrypted under a key ring outside the database,
/// a limit on attempts per address (and both it and the lockout held by the database for every server sharing it),
/// and passwords rehashed when the PBKDF2 iteration count is raised.
/// </summary>
public sealed class SignInHardeningTests
{
    private const string Password = "correct horse battery";

    private static CallOptions Options(Metadata? headers = null) => new(headers, cancellationToken: TestContext.Current.CancellationToken);

    private static string Code(string secret, int steps = 0) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * steps));

    private static string NewKeyRing() => Path.Combine(Path.GetTempPath(), "wms-keys-" + Guid.NewGuid().ToString("N"));

    private static async Task<string> EnrolledAsync(WmsServerFactory server, string name)
    {
        var create = new CreateUserRequest { RequestId = Guid.NewGuid().ToString(), Name = name, Password = Password };
        create.Roles.Add("supervisor");
        await server.Call(WmsMethods.Account.CreateUser, create);
        var enrolment = await server.Call(WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, null);
        await server.Call(WmsMethods.Account.ConfirmTotpEnrolment, new ConfirmTotpEnrolmentRequest { Name = name, Password = Password, Code = Code(enrolment.Secret) }, null);
        return enrolment.Secret;
    }

    /// <summary>Writes a user's column behind the server's back, as an older version (or an older setting) left it.</summary>
    private static async Task SetColumnAsync(WmsServerFactory server, string name, string column, string value)
    {
        await using var raw = server.OpenRawConnection();
        await using var command = raw.CreateCommand();
        command.CommandText = $"UPDATE users SET {column} = $v WHERE name = $n";
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$v", value));
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$n", name));
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<UserAccount> StoredAsync(WmsServerFactory server, string name)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Set<UserAccount>().AsNoTracking().SingleAsync(u => u.Name == name, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ConfirmTotpEnrolment_Secret_StoredEncryptedAndReadableOnlyWithTheSameKeyRing()
    {
        var ring = NewKeyRing();
        var other = NewKeyRing();
        var first = new WmsServerFactory();
        first.Settings["Wms:Security:KeyRingPath"] = ring;
        var name = UniqueName("kim");
        var secret = await EnrolledAsync(first, name);
        var stored = await StoredAsync(first, name);
        first.KeepDatabase = true;
        await first.DisposeAsync();

        // A server with another key ring: the database alone does not give the secret away.
        await using var stranger = new SameDatabaseFactory(first.DatabasePath);
        stranger.Settings["Wms:Security:KeyRingPath"] = other;
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            stranger.Call(WmsMethods.Account.SignIn, new SignInRequest { Name = name, Password = Password, Code = Code(secret, 1) }, null));
        await stranger.DisposeAsync();

        // A database from before encryption: the secret in clear is encrypted when a server starts.
        await SetColumnAsync(first, name, "totp_secret", secret);

        await using var second = new SameDatabaseFactory(first.DatabasePath);
        second.Settings["Wms:Security:KeyRingPath"] = ring;
        var session = await second.Call(WmsMethods.Account.SignIn, new SignInRequest { Name = name, Password = Password, Code = Code(secret, 1) }, null);
        var converted = await StoredAsync(second, name);

        Assert.StartsWith(TotpSecrets.Prefix, stored.TotpSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored.TotpSecret, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("key ring", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(name, session.Name);
        Assert.StartsWith(TotpSecrets.Prefix, converted.TotpSecret, StringComparison.Ordinal);
        Directory.Delete(ring, recursive: true);
        Directory.Delete(other, recursive: true);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(first.DatabasePath + suffix);
        }
    }

    [Fact]
    public async Task StartTotpEnrolment_PendingSecret_StoredEncrypted()
    {
        await using var server = new WmsServerFactory();
        var name = UniqueName("lee");
        var create = new CreateUserRequest { RequestId = Guid.NewGuid().ToString(), Name = name, Password = Password };
        create.Roles.Add("picker");
        await server.Call(WmsMethods.Account.CreateUser, create);

        var enrolment = await server.Call(WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, null);
        var stored = await StoredAsync(server, name);

        Assert.StartsWith(TotpSecrets.Prefix, stored.TotpPendingSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(enrolment.Secret, stored.TotpPendingSecret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_MoreAttemptsThanTheLimitFromOneAddress_ResourceExhaustedForThatAddressOnly()
    {
        await using var server = new WmsServerFactory();
        server.Settings["Wms:Security:SignInAttemptsPerMinute"] = "3";
        _ = server.Services;

        Task<StatusCode> TryFrom(string peer, string? claimed = null) => TryFromAsync(server, peer, claimed);

        var first = new List<StatusCode>();
        for (var i = 0; i < 3; i++)
        {
            first.Add(await TryFrom("10.1.1.1"));
        }

        var fourth = await TryFrom("10.1.1.1");
        var otherAddress = await TryFrom("10.1.1.2");
        // A remote caller cannot get round the limit by naming another address; the console on this machine can, for its people.
        var remoteClaiming = await TryFrom("10.1.1.1", claimed: "10.7.7.7");
        var consoleForOne = new List<StatusCode>();
        for (var i = 0; i < 4; i++)
        {
            consoleForOne.Add(await TryFrom("127.0.0.1", claimed: "10.9.9.9"));
        }

        var consoleForAnother = await TryFrom("127.0.0.1", claimed: "10.9.9.8");

        Assert.All(first, s => Assert.Equal(StatusCode.Unauthenticated, s));
        Assert.Equal(StatusCode.ResourceExhausted, fourth);
        Assert.Equal(StatusCode.Unauthenticated, otherAddress);
        Assert.Equal(StatusCode.ResourceExhausted, remoteClaiming);
        Assert.Equal([StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.ResourceExhausted], consoleForOne);
        Assert.Equal(StatusCode.Unauthenticated, consoleForAnother);
    }

    [Fact]
    public async Task SignIn_AttemptsFromOneAddressSpreadOverTwoServersOnOneDatabase_LimitCountsThemTogether()
    {
        await using var first = new WmsServerFactory();
        first.Settings["Wms:Security:SignInAttemptsPerMinute"] = "3";
        _ = first.Services;
        await using var second = new SameDatabaseFactory(first.DatabasePath);
        second.Settings["Wms:Security:SignInAttemptsPerMinute"] = "3";
        _ = second.Services;

        // Each server alone would allow three: together they allow three.
        var codes = new List<StatusCode>();
        foreach (var server in new WmsServerFactory[] { first, second, first, second, first })
        {
            codes.Add(await TryFromAsync(server, "10.4.4.4"));
        }

        var refusal = await Assert.ThrowsAsync<RpcException>(() => SignInFromAsync(second, "10.4.4.4", "no-such-user", "wrong password"));
        var otherAddress = await TryFromAsync(second, "10.4.4.5");

        Assert.Equal([StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.ResourceExhausted, StatusCode.ResourceExhausted], codes);
        Assert.Matches(@"^Too many sign-in attempts from 10\.4\.4\.4: at most 3 a minute; try again in \d+ s\.$", refusal.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, otherAddress);
    }

    [Fact]
    public async Task SignInLimit_AttemptsCountedInALaterStep_CountForAnAttemptThatReadTheClockEarlier()
    {
        // Two counters on one database, one reading the clock a step later: as an attempt that read the clock before
        // waiting for another's count does, or a server whose clock runs ahead. CI let 11 of 30 through a limit of 10 so.
        await using var server = new WmsServerFactory();
        server.Settings["Wms:Security:SignInAttemptsPerMinute"] = "3";
        var contexts = server.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
        var options = server.Services.GetRequiredService<IOptions<SecurityOptions>>();
        var earlier = DateTimeOffset.FromUnixTimeSeconds(1_800_000_008);
        var late = new SignInThrottle(contexts, options, new ManualClock { Now = earlier.AddSeconds(SignInThrottle.StepSeconds) });
        var early = new SignInThrottle(contexts, options, new ManualClock { Now = earlier });
        var ct = TestContext.Current.CancellationToken;

        var granted = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            granted.Add(await late.TryAcquireAsync("10.4.4.9", ct));
        }

        var refusal = await early.TryAcquireAsync("10.4.4.9", ct);

        Assert.All(granted, Assert.Null);
        Assert.Equal("Too many sign-in attempts from 10.4.4.9: at most 3 a minute; try again in 62 s.", refusal);
    }

    [Fact]
    public async Task SignIn_WrongPasswordsSpreadOverTwoServersOnOneDatabase_LockTheAccountOnBoth()
    {
        await using var first = new WmsServerFactory();
        first.Settings["Wms:Security:SignInAttemptsPerMinute"] = "0";
        var name = UniqueName("kim");
        var secret = await EnrolledAsync(first, name);
        await using var second = new SameDatabaseFactory(first.DatabasePath);
        second.Settings["Wms:Security:SignInAttemptsPerMinute"] = "0";
        _ = second.Services;

        // Five failures in a row (the default limit), from two servers: the fifth, on the second, locks the account.
        foreach (var server in new WmsServerFactory[] { first, second, first, second, second })
        {
            Assert.Equal(StatusCode.Unauthenticated, await TryFromAsync(server, "10.4.4.6", name: name));
        }

        var onFirst = await Assert.ThrowsAsync<RpcException>(() => SignInFromAsync(first, "10.4.4.6", name, Password, Code(secret, 1)));
        var onSecond = await Assert.ThrowsAsync<RpcException>(() => SignInFromAsync(second, "10.4.4.6", name, Password, Code(secret, 1)));

        Assert.Contains("is locked until", onFirst.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("is locked until", onSecond.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_StoredHashWithFewerIterations_RehashedWithTheConfiguredCount()
    {
        await using var server = new WmsServerFactory();
        server.Settings["Wms:Security:PasswordIterations"] = "120000";
        var name = UniqueName("ola");
        var secret = await EnrolledAsync(server, name);
        var old = new PasswordHasher<UserAccount>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 20_000 })).HashPassword(null!, Password);
        await SetColumnAsync(server, name, "password_hash", old);

        await server.Call(WmsMethods.Account.SignIn, new SignInRequest { Name = name, Password = Password, Code = Code(secret, 1) }, null);
        var rehashed = (await StoredAsync(server, name)).PasswordHash;
        var audit = await server.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Actor = name, Command = "SignIn" });
        var hasher = new PasswordHasher<UserAccount>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 120_000 }));

        Assert.Equal(20_000, Iterations(old));
        Assert.Equal(120_000, Iterations(rehashed));
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(null!, rehashed, Password));
        Assert.Contains("password rehashed", Assert.Single(audit.Entries).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAudit_CommandThroughAFrontEnd_OriginNamesThePeerAndTheAddressItActsFor()
    {
        await using var server = new WmsServerFactory();
        _ = server.Services;
        using var channel = WmsChannel.Create(server.Server.BaseAddress.ToString(), server.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Parse("10.2.3.4")));
        var name = UniqueName("pat");
        var create = new CreateUserRequest { RequestId = Guid.NewGuid().ToString(), Name = name, Password = Password };
        create.Roles.Add("picker");
        await channel.CreateCallInvoker().WithBearerToken(WmsServerFactory.AdminToken)
            .AsyncUnaryCall(WmsMethods.Account.CreateUser, create, Options(new Metadata { { "x-wms-client-address", "192.168.7.9" } })).ResponseAsync;

        var audit = await server.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Command = "CreateUser", PageSize = 1000 });

        var entry = Assert.Single(audit.Entries, e => e.Summary.Contains(name, StringComparison.Ordinal));
        Assert.Equal("admin", entry.Actor);
        Assert.Equal("10.2.3.4 for 192.168.7.9", entry.Origin);
    }

    /// <summary>A sign-in with a wrong password from <paramref name="peer"/> (naming <paramref name="claimed"/> as a front end would): its status code.</summary>
    private static async Task<StatusCode> TryFromAsync(WmsServerFactory server, string peer, string? claimed = null, string name = "no-such-user") =>
        (await Assert.ThrowsAsync<RpcException>(() => SignInFromAsync(server, peer, name, "wrong password", claimed: claimed))).StatusCode;

    private static async Task<SignInSession> SignInFromAsync(WmsServerFactory server, string peer, string name, string password, string code = "123456", string? claimed = null)
    {
        using var channel = WmsChannel.Create(server.Server.BaseAddress.ToString(), server.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Parse(peer)));
        var headers = new Metadata();
        if (claimed is not null)
        {
            headers.Add("x-wms-client-address", claimed);
        }

        return await channel.CreateCallInvoker().AsyncUnaryCall(WmsMethods.Account.SignIn, new SignInRequest { Name = name, Password = password, Code = code }, Options(headers)).ResponseAsync;
    }

    /// <summary>Identity's v3 format: marker byte, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.</summary>
    private static int Iterations(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));
}
