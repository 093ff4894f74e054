using Xunit;

namespace Wms.Server.Tests.Transport.Interop;

/// <summary>
/// Python grpcio against the real server process with the demo warehouse, knowing the API only through
/// server reflection, as grpcurl does: each case of wms_client.py is one thing a foreign client relies on.
/// </summary>
public sealed class WmsPythonClientTests(WmsPythonClientTests.DemoServer demo) : IClassFixture<WmsPythonClientTests.DemoServer>
{
    private const string Token = "python-interop-token";

    /// <summary>One server process with the demo warehouse for all the cases.</summary>
    public sealed class DemoServer : IAsyncLifetime
    {
        public ServerProcess Server { get; private set; } = null!;

        public int Port { get; } = FreePorts.Next();

        public async ValueTask InitializeAsync() => Server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Wms:Server:Address"] = ServerProcess.Port(Port),
            ["Wms:Security:AdminToken"] = Token,
            ["Wms:Demo:Enabled"] = "true",
        });

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    [Theory]
    [InlineData("info")]
    [InlineData("reflection_v1")]
    [InlineData("reflection_v1alpha")]
    [InlineData("no_token")]
    [InlineData("health_watch")]
    [InlineData("follow_ledger")]
    [InlineData("megabyte_value")]
    [InlineData("bad_request")]
    [InlineData("gzip")]
    public async Task PythonClient_CallsTheWmsServer_Passes(string @case)
    {
        var result = await PythonGrpc.RunAsync("wms_client.py", [$"127.0.0.1:{demo.Port}", Token, @case], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"{@case}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}\nserver:\n{demo.Server.Output}");
        Assert.Contains("PASS " + @case, result.Stdout, StringComparison.Ordinal);
    }
}
