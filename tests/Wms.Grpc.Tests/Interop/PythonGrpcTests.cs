using Xunit;

namespace Wms.Grpc.Tests.Interop;

/// <summary>The helper itself: what a test that drives a Python client script relies on.</summary>
public sealed class PythonGrpcTests
{
    [Fact]
    public async Task RunAsync_ScriptExitsNormally_CapturesStdoutAndExitCode()
    {
        var result = await PythonGrpc.RunAsync("echo_server.py", ["--help"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--port", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ScriptFails_CapturesStderrAndExitCode()
    {
        var result = await PythonGrpc.RunAsync("echo_server.py", ["--no-such-option"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unrecognized arguments", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartServerAsync_EchoServer_ReportsPortAndStopsOnDispose()
    {
        var server = await PythonGrpc.StartServerAsync("echo_server.py");

        Assert.InRange(server.Port, 1, 65535);
        await server.DisposeAsync();
        Assert.True(server.HasExited);
    }

    [Fact]
    public void RequireStubs_Generated_HoldsEchoModules()
    {
        var stubs = PythonGrpc.RequireStubs();

        Assert.True(File.Exists(Path.Combine(stubs, "echo_pb2.py")));
        Assert.True(File.Exists(Path.Combine(stubs, "echo_pb2_grpc.py")));
    }
}
