using System.Diagnostics;
using Google.Protobuf;
using Wms.Grpc.Tests.Echo;
using Xunit;

namespace Wms.Grpc.Tests.Client;

/// <summary>Unary calls of our client against python grpcio.</summary>
public sealed class GrpcClientUnaryTests(PythonEchoServerFixture server) : IClassFixture<PythonEchoServerFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AsyncUnaryCall_EchoRequest_ReturnsResponseAndOkStatus()
    {
        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Text = "bin A-01", Payload = ByteString.CopyFrom(1, 2, 3) }, new CallOptions(CancellationToken: Token));

        var response = await call;

        Assert.Equal("bin A-01", response.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, response.Payload.ToByteArray());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }
}
