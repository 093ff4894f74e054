using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Wms.Grpc.Health;
using Wms.Grpc.Health.V1;
using Wms.Grpc.Reflection.V1Alpha;
using Wms.Grpc.Tests.Support;
using Xunit;

namespace Wms.Grpc.Tests.Server;

public sealed class StandardServicesTests : IAsyncLifetime
{
    private GrpcTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await GrpcTestServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthCheck_WholeServer_Serving()
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/grpc.health.v1.Health/Check", RawGrpc.Frame(new HealthCheckRequest()), cancellationToken: Ct);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, Assert.Single(response.Messages(HealthCheckResponse.Parser)).Status);
    }

    [Fact]
    public async Task HealthCheck_UnknownService_NotFound()
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/grpc.health.v1.Health/Check", RawGrpc.Frame(new HealthCheckRequest { Service = "nope" }), cancellationToken: Ct);

        Assert.Equal("5", response.GrpcStatus);
    }

    [Fact]
    public async Task HealthWatch_StatusChanges_WatcherHearsEachChange()
    {
        var health = _server.Services.GetRequiredService<GrpcHealthService>();
        health.SetStatus("wms.v1.Inventory", serving: true);
        var watch = RawGrpc.CallAsync(
            _server.Address, "/grpc.health.v1.Health/Watch", RawGrpc.Frame(new HealthCheckRequest { Service = "wms.v1.Inventory" }),
            headers: [("grpc-timeout", "1S")], cancellationToken: Ct);
        await Task.Delay(300, Ct);
        health.SetStatus("wms.v1.Inventory", serving: false);

        var response = await watch;

        Assert.Equal(
            [HealthCheckResponse.Types.ServingStatus.Serving, HealthCheckResponse.Types.ServingStatus.NotServing],
            response.Messages(HealthCheckResponse.Parser).Select(m => m.Status));
        Assert.Equal("4", response.GrpcStatus);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesEveryMappedService()
    {
        var response = await Reflect(new ServerReflectionRequest { ListServices = "*" });

        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "wms.testing.v1.Echo"],
            response.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Fact]
    public async Task Reflection_FileContainingSymbol_ReturnsParsableDescriptor()
    {
        var response = await Reflect(new ServerReflectionRequest { FileContainingSymbol = "wms.testing.v1.Echo" });

        var file = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("echo.proto", file.Name);
        Assert.Contains(file.Service.Single().Method, m => m.Name == "Duplex" && m.ClientStreaming && m.ServerStreaming);
    }

    [Theory]
    [InlineData("wms.testing.v1.Echo.Unary")]
    [InlineData("wms.testing.v1.EchoRequest")]
    public async Task Reflection_MethodOrMessageSymbol_Found(string symbol)
    {
        var response = await Reflect(new ServerReflectionRequest { FileContainingSymbol = symbol });

        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, response.MessageResponseCase);
    }

    [Fact]
    public async Task Reflection_UnknownSymbol_ErrorResponseNotFound()
    {
        var response = await Reflect(new ServerReflectionRequest { FileContainingSymbol = "no.such.Thing" });

        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
    }

    private async Task<ServerReflectionResponse> Reflect(ServerReflectionRequest request)
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", RawGrpc.Frame(request), cancellationToken: Ct);
        Assert.Equal("0", response.GrpcStatus);
        return Assert.Single(response.Messages(ServerReflectionResponse.Parser));
    }
}
