using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Data;

/// <summary>Invariant 4: a write the server acknowledged survives SIGKILL of the server process.</summary>
public sealed class DurabilityTests
{
    private const string Token = "durability-token";

    [Fact]
    public async Task AcknowledgedWrites_ServerKilledMidLoad_AllPresentAfterRestart()
    {
        var database = Path.Combine(Path.GetTempPath(), "wms-kill-" + Guid.NewGuid().ToString("N") + ".db");
        var port = ServerProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Wms:Server:Address"] = ServerProcess.Port(port),
            ["Wms:Security:AdminToken"] = Token,
            ["Wms:Database:ConnectionString"] = "Data Source=" + database,
            ["Wms:Demo:Enabled"] = "false",
        };
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            await using (var server = await ServerProcess.StartAsync(settings))
            {
                using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
                var invoker = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + Token));
                using var stop = new CancellationTokenSource();
                await invoker.AsyncUnaryCall(LayoutGrpcService.ListWarehousesMethod, new ListWarehousesRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(30)));

                // 16 writers keep the server busy; the kill lands while batches are in flight.
                var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var code = $"K{w:00}-{i:0000}";
                        try
                        {
                            await invoker.AsyncUnaryCall(LayoutGrpcService.CreateWarehouseMethod, new CreateWarehouseRequest
                            {
                                RequestId = "kill-" + code,
                                Warehouse = new Warehouse { Code = code, Name = code, Kind = WarehouseKind.Regional },
                            }, new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(10)));
                            acknowledged.Add(code);
                        }
                        catch (RpcException ex)
                        {
                            if (!stop.IsCancellationRequested)
                            {
                                errors.Add(ex.Status.ToString());
                            }

                            return;
                        }
                    }
                })).ToArray();

                // Kill once plenty is acknowledged, with the writers still sending: batches are in flight.
                var waitUntil = DateTime.UtcNow.AddSeconds(60);
                while (acknowledged.Count < 200 && errors.IsEmpty && DateTime.UtcNow < waitUntil)
                {
                    await Task.Delay(10, TestContext.Current.CancellationToken);
                }

                await server.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            Assert.True(acknowledged.Count >= 200, $"only {acknowledged.Count} writes were acknowledged before the kill; errors: {string.Join("; ", errors.Take(3))}");

            await using (await ServerProcess.StartAsync(settings))
            {
                using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
                var invoker = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + Token));
                var found = new HashSet<string>();
                var token = "";
                do
                {
                    var page = await invoker.AsyncUnaryCall(LayoutGrpcService.ListWarehousesMethod, new ListWarehousesRequest { PageSize = 1000, PageToken = token }, new CallOptions());
                    found.UnionWith(page.Warehouses.Select(w => w.Code));
                    token = page.NextPageToken;
                }
                while (token != "");

                var lost = acknowledged.Where(code => !found.Contains(code)).ToList();
                Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes lost: {string.Join(", ", lost.Take(10))}");
            }
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }
}
