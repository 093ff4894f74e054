using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client.Web;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Xunit;
using HealthStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Wms.Server.Tests.Transport;

/// <summary>
/// What callers other than a gRPC client over HTTP/2 see: browsers (gRPC-Web), shops and scripts (HTTP/JSON
/// with its OpenAPI document), load balancers (health), monitoring (Prometheus metrics), and the error details
/// every client can read.
/// </summary>
public sealed class GatewayTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Http(string? token = WmsServerFactory.AdminToken)
    {
        var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    [Fact]
    public async Task GrpcWeb_BrowserStyleCall_AnsweredWithTheSameAuth()
    {
        using var channel = WmsChannel.Create(factory.Server.BaseAddress.ToString(), new GrpcWebHandler(GrpcWebMode.GrpcWeb, factory.Server.CreateHandler()));

        var info = await channel.CreateCallInvoker().WithBearerToken(WmsServerFactory.AdminToken)
            .AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), new CallOptions(cancellationToken: Cancel));
        var refused = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker()
            .AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), new CallOptions(cancellationToken: Cancel)).ResponseAsync);

        Assert.Equal("admin", info.Caller.Name);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task GrpcWeb_RawContentTypeFromABrowser_FramedAnswerWithStatus()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/wms.v1.ServerInfoService/GetServerInfo") { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        request.Content.Headers.ContentType = new("application/grpc-web+proto");
        request.Headers.Authorization = new("Bearer", WmsServerFactory.AdminToken);

        using var response = await Http(null).SendAsync(request, Cancel);
        var body = await response.Content.ReadAsByteArrayAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/grpc-web", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(0, body[0]);
        // The trailers come as a last frame flagged 0x80, holding "grpc-status: 0".
        Assert.Contains("grpc-status:0", System.Text.Encoding.ASCII.GetString(body).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_OrderInStatusOutStockBySku_SameRulesAsGrpc()
    {
        var warehouse = await _kit.WarehouseAsync(new BinSpec("A-01-01", Wms.Server.Layout.BinKind.PickFace, 1, 1));
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 7);
        var http = Http();

        var created = await http.PostAsJsonAsync($"/v1/warehouses/{warehouse}/orders",
            new { requestId = OutboundKit.NewId(), reference = "WEB-1", priority = 1, requestedShipDate = "2026-12-04", lines = new[] { new { skuCode = sku, quantity = 2 } } }, Cancel);
        var order = await http.GetFromJsonAsync<JsonElement>($"/v1/warehouses/{warehouse}/orders/WEB-1", Cancel);
        var stock = await http.GetFromJsonAsync<JsonElement>($"/v1/warehouses/{warehouse}/stock?skuCode={sku}", Cancel);
        using var missing = await http.GetAsync($"/v1/warehouses/{warehouse}/orders/NOPE", Cancel);
        using var anonymous = await Http(null).GetAsync($"/v1/warehouses/{warehouse}/orders/WEB-1", Cancel);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("ORDER_STATUS_OPEN", order.GetProperty("status").GetString());
        Assert.Equal("7", stock.GetProperty("lines")[0].GetProperty("onHand").ToString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("NOPE", await missing.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheHttpRoutesWithoutAToken()
    {
        var document = await Http(null).GetStringAsync("/swagger/v1/swagger.json", Cancel);

        Assert.Contains("/v1/warehouses/{warehouseCode}/orders", document, StringComparison.Ordinal);
        Assert.Contains("/v1/warehouses/{warehouseCode}/stock", document, StringComparison.Ordinal);
        Assert.Contains("/v1/warehouses/{warehouseCode}/shipments/{shipmentId}", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidArgument_CarriesTheFieldAsBadRequestDetail()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.CreateInvoker().AsyncUnaryCall(WmsMethods.Order.CreateOrder,
            new CreateOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = "X", Reference = "" }, new CallOptions(cancellationToken: Cancel)).ResponseAsync);

        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("reference", violation.Field);
    }

    [Fact]
    public async Task ErrorMessage_EchoingAMegabyteValue_IsCappedAndKeepsItsStatus()
    {
        var huge = new string('B', 1024 * 1024);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.CreateInvoker().AsyncUnaryCall(WmsMethods.Layout.GetBin,
            new GetBinRequest { WarehouseCode = huge, Code = huge }, new CallOptions(cancellationToken: Cancel)).ResponseAsync);

        Assert.NotEqual(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.NotEqual(StatusCode.Internal, error.StatusCode);
        Assert.InRange(error.Status.Detail.Length, 1, 512);
    }

    [Fact]
    public async Task Health_WholeServerAndEachService_ServingWithoutAToken()
    {
        var health = new Health.HealthClient(factory.CreateInvoker(null));

        var server = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Cancel);
        var picking = await health.CheckAsync(new HealthCheckRequest { Service = "wms.v1.PickingService" }, cancellationToken: Cancel);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "no.Such" }, cancellationToken: Cancel).ResponseAsync);
        using var watch = health.Watch(new HealthCheckRequest { Service = "wms.v1.InventoryService" }, cancellationToken: Cancel);
        await watch.ResponseStream.MoveNext(Cancel);

        Assert.Equal((HealthStatus.Serving, HealthStatus.Serving), (server.Status, picking.Status));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HealthStatus.Serving, watch.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Metrics_AfterCalls_PrometheusShowsCallsByMethodAndStatus()
    {
        await factory.CreateInvoker().AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), new CallOptions(cancellationToken: Cancel));

        var text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("GetServerInfo", StringComparison.Ordinal); attempt++)
        {
            // The exporter caches a scrape for a moment; a later scrape sees the call.
            await Task.Delay(200, Cancel);
            text = await Http(null).GetStringAsync("/metrics", Cancel);
        }

        Assert.Contains("rpc_server_calls", text, StringComparison.Ordinal);
        Assert.Contains("rpc_method=\"/wms.v1.ServerInfoService/GetServerInfo\"", text, StringComparison.Ordinal);
        Assert.Contains("rpc_server_call_duration", text, StringComparison.Ordinal);
    }
}
