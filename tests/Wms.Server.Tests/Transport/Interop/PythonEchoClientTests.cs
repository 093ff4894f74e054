using Xunit;

namespace Wms.Server.Tests.Transport.Interop;

/// <summary>
/// Python grpcio, a client we did not write, against Grpc.AspNetCore as the WMS configures it: each case of
/// echo_client.py (unchanged from the hand-written transport's days) is one protocol behaviour checked from
/// the client's side of the wire.
/// </summary>
public sealed class PythonEchoClientTests : IAsyncLifetime
{
    private EchoHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await EchoHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("unary")]
    [InlineData("server_stream")]
    [InlineData("client_stream")]
    [InlineData("duplex")]
    [InlineData("error_non_ascii")]
    [InlineData("deadline")]
    [InlineData("metadata")]
    [InlineData("large")]
    [InlineData("gzip")]
    [InlineData("unimplemented")]
    [InlineData("too_large")]
    [InlineData("reflection")]
    public async Task PythonClient_CallsGrpcAspNetCore_Passes(string @case)
    {
        var result = await PythonGrpc.RunAsync("echo_client.py", [$"127.0.0.1:{_host.Port}", @case], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"{@case}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("PASS " + @case, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonClient_CancelsCall_HandlerIsCancelled()
    {
        var result = await PythonGrpc.RunAsync("echo_client.py", [$"127.0.0.1:{_host.Port}", "cancel"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_host.Cancellations.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, _host.Cancellations.Count);
    }
}
