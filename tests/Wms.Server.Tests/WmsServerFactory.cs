using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Security;
using Xunit;

namespace Wms.Server.Tests;

/// <summary>
/// The real server's Program in-process on TestServer, on its own SQLite file (real SQLite, migrations
/// applied as at start-up), with a known admin token.
/// </summary>
public class WmsServerFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token";

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "wms-test-" + Guid.NewGuid().ToString("N") + ".db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Wms:Security:AdminToken", AdminToken);
        builder.UseSetting("Wms:Demo:Enabled", "false");
        // Never the default 1883: tests run side by side; the embedded broker picks a free port.
        builder.UseSetting("Wms:Mqtt:Address", "127.0.0.1:0");
        ConfigureDatabase(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Settings a test gives its server (set before the server starts).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected virtual void ConfigureDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Wms:Database:ConnectionString", "Data Source=" + DatabasePath);
        // Tests do not need power-loss durability; NORMAL keeps them fast and still survives a killed process.
        builder.UseSetting("Wms:Database:SqliteSynchronous", "NORMAL");
    }

    /// <summary>Adds a token for a user or device with the given roles, as an admin would.</summary>
    public string RegisterToken(string name, params Role[] roles)
    {
        var token = "token-" + name + "-" + Guid.NewGuid().ToString("N")[..6];
        Services.GetRequiredService<TokenAuthenticator>().Register(TokenAuthenticator.Hash(token), new Caller(name, roles.ToHashSet()));
        return token;
    }

    public virtual CallInvoker CreateInvoker(string? token = AdminToken)
    {
        var channel = WmsChannel.Create(Server.BaseAddress.ToString(), Server.CreateHandler());
        var invoker = channel.CreateCallInvoker();
        return token is null ? invoker : invoker.WithBearerToken(token);
    }

    /// <summary>
    /// One unary call with the caller's token (the admin's unless given; null: none), cancelled with the test:
    /// <c>server.Call(WmsMethods.Catalog.GetSku, new GetSkuRequest { … })</c>.
    /// </summary>
    public Task<TResponse> Call<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, string? token = AdminToken)
        where TRequest : class
        where TResponse : class
        => CreateInvoker(token).AsyncUnaryCall(method, request, new CallOptions(cancellationToken: TestContext.Current.CancellationToken)).ResponseAsync;

    /// <summary>
    /// A connection of the test's own to the server's database, outside every pool: what a test does on it
    /// (a PRAGMA that turns the CHECKs off, say) can neither be undone by getting another pooled connection
    /// for the next statement nor leak into a connection the server takes from the pool later.
    /// </summary>
    public virtual System.Data.Common.DbConnection OpenRawConnection()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");
        connection.Open();
        return connection;
    }

    /// <summary>Leave the database file behind on dispose, for a test that hands it to a server process.</summary>
    public bool KeepDatabase { get; set; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (KeepDatabase)
        {
            return;
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
