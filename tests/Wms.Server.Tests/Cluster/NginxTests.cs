using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// deploy/nginx.conf, the load balancer of the compose file, run by Debian's nginx in front of three server
/// processes: gRPC passes through it, and a server killed mid-load costs the clients nothing.
/// </summary>
public sealed partial class NginxTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task AdjustStock_ThroughNginxWithOneServerKilled_EveryCallAnsweredAndCountedOnce()
    {
        var nginxPath = Nginx.Require();
        await using var cluster = await ServerCluster.StartAsync(3);
        await using var nginx = await Nginx.StartAsync(nginxPath, cluster.Ports);
        using var channel = WmsChannel.Create($"http://127.0.0.1:{nginx.Port}");
        var balancer = channel.CreateCallInvoker().WithBearerToken(ServerCluster.AdminToken);
        var (warehouse, bin, sku) = await ThreeServersTests.SeedAsync(balancer, units: 1);

        // Eight clients of the balancer, 15 stock additions each; one server killed once 40 are answered.
        var answered = 0;
        var killAfter = new TaskCompletionSource();
        async Task Client(int client)
        {
            for (var n = 0; n < 15; n++)
            {
                var request = new AdjustStockRequest
                {
                    RequestId = $"c{client}-{n}", WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Quantity = 1, Reason = AdjustmentReason.Found,
                };
                // nginx sends a call on to another server when the killed one never answered; one the server died
                // in the middle of answering reaches the client as UNAVAILABLE or INTERNAL, and the client sends the
                // same request id again (through the balancer): the request log makes that a replay if it committed.
                await ServerCluster.RetryAsync(() => balancer.AsyncUnaryCall(WmsMethods.Inventory.AdjustStock, request, Options).ResponseAsync, onServerGone: () => { });
                if (Interlocked.Increment(ref answered) == 40)
                {
                    killAfter.TrySetResult();
                }
            }
        }

        var clients = Enumerable.Range(0, 8).Select(Client).ToList();
        await killAfter.Task.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        await cluster.Servers[0].KillAsync();
        await Task.WhenAll(clients);

        Assert.Equal(120, answered);
        var stock = await balancer.AsyncUnaryCall(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = warehouse, BinCode = bin }, Options);
        Assert.Equal(1L + 120, stock.Lines.Single().OnHand);
        await cluster.AssertLedgerMatchesBalancesAsync();
    }

    /// <summary>Debian's nginx with deploy/nginx.conf, its upstream servers and listen port replaced by loopback ones.</summary>
    private sealed partial class Nginx : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _prefix;

        private Nginx(Process process, string prefix, int port)
        {
            _process = process;
            _prefix = prefix;
            Port = port;
        }

        public int Port { get; }

        public static string Require()
        {
            foreach (var path in new[] { "/usr/sbin/nginx", "/usr/bin/nginx" })
            {
                if (File.Exists(path))
                {
                    return path;
                }
            }

            Skips.Because("nginx not installed: apt-get install nginx (.ci/run installs it).");
            return "";
        }

        public static async Task<Nginx> StartAsync(string nginx, IReadOnlyList<int> serverPorts)
        {
            var prefix = Directory.CreateTempSubdirectory("wms-nginx-").FullName;
            var port = FreePorts.Next();
            var config = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf"));
            var servers = 0;
            config = UpstreamServer().Replace(config, m => $"server 127.0.0.1:{serverPorts[servers++]} {m.Groups[1].Value};");
            Assert.Equal(serverPorts.Count, servers);
            config = config.Replace("listen 8080", $"listen 127.0.0.1:{port}", StringComparison.Ordinal);
            var file = Path.Combine(prefix, "nginx.conf");
            await File.WriteAllTextAsync(file, config);

            var info = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "-p", prefix, "-c", file, "-e", Path.Combine(prefix, "error.log"), "-g", $"daemon off; pid {prefix}/nginx.pid; user root;" })
            {
                info.ArgumentList.Add(arg);
            }

            var process = Process.Start(info)!;
            var started = new Nginx(process, prefix, port);
            for (var i = 0; i < 100 && !process.HasExited; i++)
            {
                try
                {
                    using var tcp = new System.Net.Sockets.TcpClient();
                    await tcp.ConnectAsync("127.0.0.1", port);
                    return started;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    await Task.Delay(100);
                }
            }

            var log = File.Exists(Path.Combine(prefix, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(prefix, "error.log")) : "";
            await started.DisposeAsync();
            throw new InvalidOperationException("nginx did not start: " + log);
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Wms.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Wms.sln not found above " + AppContext.BaseDirectory);
        }

        [GeneratedRegex(@"server wms-\d+:5000 ([^;]*);")]
        private static partial Regex UpstreamServer();

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_prefix, recursive: true);
        }
    }
}
