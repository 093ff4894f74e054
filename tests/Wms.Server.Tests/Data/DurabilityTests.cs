using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
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
        var port = FreePorts.Next();
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
                await invoker.AsyncUnaryCall(WmsMethods.Layout.ListWarehouses, new ListWarehousesRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)));

                // 16 writers keep the server busy; the kill lands while batches are in flight.
                var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var code = $"K{w:00}-{i:0000}";
                        try
                        {
                            await invoker.AsyncUnaryCall(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
                            {
                                RequestId = "kill-" + code,
                                Warehouse = new Warehouse { Code = code, Name = code, Kind = WarehouseKind.Regional },
                            }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)));
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
                    var page = await invoker.AsyncUnaryCall(WmsMethods.Layout.ListWarehouses, new ListWarehousesRequest { PageSize = 1000, PageToken = token }, new CallOptions());
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

    [Fact]
    public async Task AcknowledgedPickConfirmations_ServerKilledMidLoad_AllPickedAfterRestart()
    {
        // Set the warehouse up in-process, then hand its database to the real server process.
        string database, warehouse, sku;
        await using (var setup = new WmsServerFactory { KeepDatabase = true })
        {
            var kit = new Outbound.OutboundKit(setup);
            warehouse = await kit.WarehouseAsync(new Outbound.BinSpec("A-01-01", Wms.Server.Layout.BinKind.PickFace, 1, 1));
            sku = await kit.SkuAsync();
            await kit.StockAsync(warehouse, "A-01-01", sku, 100_000);
            await kit.CreateOrderAsync(warehouse, "SO-KILL", 1, (sku, 100_000));
            await kit.ReleaseAsync(warehouse, 0, "SO-KILL");
            database = setup.DatabasePath;
        }

        var port = FreePorts.Next();
        var settings = new Dictionary<string, string>
        {
            ["Wms:Server:Address"] = ServerProcess.Port(port),
            ["Wms:Security:AdminToken"] = WmsServerFactory.AdminToken,
            ["Wms:Database:ConnectionString"] = "Data Source=" + database,
        };
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            await using (var server = await ServerProcess.StartAsync(settings))
            {
                var invoker = Invoker(port, out var channel);
                using (channel)
                {
                    var task = (await invoker.AsyncUnaryCall(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = "kill-next", WarehouseCode = warehouse }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)))).Task;
                    using var stop = new CancellationTokenSource();
                    var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
                    {
                        for (var i = 0; !stop.IsCancellationRequested; i++)
                        {
                            var id = $"kill-pick-{w}-{i}";
                            try
                            {
                                await invoker.AsyncUnaryCall(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
                                {
                                    RequestId = id, TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = task.SkuCode, Quantity = 1,
                                }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)));
                                acknowledged.Add(id);
                            }
                            catch (RpcException)
                            {
                                return;
                            }
                        }
                    })).ToArray();

                    var waitUntil = DateTime.UtcNow.AddSeconds(60);
                    while (acknowledged.Count < 200 && DateTime.UtcNow < waitUntil)
                    {
                        await Task.Delay(10, TestContext.Current.CancellationToken);
                    }

                    await server.KillAsync();
                    await stop.CancelAsync();
                    await Task.WhenAll(writers);
                }
            }

            Assert.True(acknowledged.Count >= 200, $"only {acknowledged.Count} confirmations were acknowledged before the kill");

            await using (await ServerProcess.StartAsync(settings))
            {
                var invoker = Invoker(port, out var channel);
                using (channel)
                {
                    var order = await invoker.AsyncUnaryCall(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = warehouse, Reference = "SO-KILL" }, new CallOptions());
                    var picked = order.Lines.Single().PickedQuantity;
                    Assert.True(picked >= acknowledged.Count, $"{acknowledged.Count} confirmations acknowledged, {picked} picked after restart");

                    // Every acknowledged id is known to the restarted server: its replay changes nothing.
                    var task = (await invoker.AsyncUnaryCall(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = "kill-next-2", WarehouseCode = warehouse }, new CallOptions())).Task;
                    foreach (var id in acknowledged.Take(20))
                    {
                        await invoker.AsyncUnaryCall(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
                        {
                            RequestId = id, TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = task.SkuCode, Quantity = 1,
                        }, new CallOptions());
                    }

                    var after = await invoker.AsyncUnaryCall(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = warehouse, Reference = "SO-KILL" }, new CallOptions());
                    Assert.Equal(picked, after.Lines.Single().PickedQuantity);
                }
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

    private static CallInvoker Invoker(int port, out GrpcChannel channel)
    {
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        return channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + WmsServerFactory.AdminToken));
    }
}
