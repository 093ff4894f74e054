using Wms.Grpc.Tests.Support;
using Xunit;

namespace Wms.Grpc.Tests.Interop;

/// <summary>
/// Python grpcio, a client we did not write, calls our server: each case of echo_client.py is one
/// protocol behaviour it checks from its side of the wire.
/// </summary>
public sealed class PythonClientInteropTests : IAsyncLifetime
{
    private GrpcTestServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await GrpcTestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

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
    public async Task PythonClient_CallsOurServer_Passes(string @case)
    {
        var result = await PythonGrpc.RunAsync("echo_client.py", [$"127.0.0.1:{_server.Address.Port}", @case], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"{@case}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("PASS " + @case, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonClient_CancelsCall_OurHandlerIsCancelled()
    {
        var result = await PythonGrpc.RunAsync("echo_client.py", [$"127.0.0.1:{_server.Address.Port}", "cancel"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!_server.LogLines().Any(l => l.Contains("cancelled by the client", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Contains(_server.LogLines(), l => l.Contains("cancelled by the client", StringComparison.Ordinal));
    }
}
