using Microsoft.Data.Sqlite;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Security;

/// <summary>The first start of the real server process on an empty database, and the start after it.</summary>
public sealed class AdminTokenTests
{
    [Fact]
    public async Task Start_EmptyDatabaseNoConfiguredToken_PrintsAdminTokenOnceAndItKeepsWorking()
    {
        var database = Path.Combine(Path.GetTempPath(), "wms-admin-" + Guid.NewGuid().ToString("N") + ".db");
        var settings = new Dictionary<string, string>
        {
            ["Wms:Database:ConnectionString"] = "Data Source=" + database,
            ["Wms:Demo:Enabled"] = "false",
        };
        try
        {
            string token;
            var port = FreePorts.Next();
            settings["Wms:Server:Address"] = ServerProcess.Port(port);
            await using (var first = await ServerProcess.StartAsync(settings))
            {
                var line = first.Output.Split('\n').Single(l => l.StartsWith("Admin token", StringComparison.Ordinal));
                token = line[(line.LastIndexOf(' ') + 1)..].Trim();
                Assert.Equal("admin", (await WhoAmIAsync(port, token)).Caller.Name);
            }

            port = FreePorts.Next();
            settings["Wms:Server:Address"] = ServerProcess.Port(port);
            await using var second = await ServerProcess.StartAsync(settings);
            var info = await WhoAmIAsync(port, token);

            Assert.Equal("admin", info.Caller.Name);
            Assert.DoesNotContain("Admin token", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(token, second.Output, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

    private static async Task<ServerInfo> WhoAmIAsync(int port, string token)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var invoker = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + token));
        return await invoker.AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)));
    }
}
