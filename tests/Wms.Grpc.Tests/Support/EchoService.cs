using Wms.Grpc.Tests.Echo;

namespace Wms.Grpc.Tests.Support;

/// <summary>Our server's implementation of echo.proto, the same behaviour as Interop/echo_server.py.</summary>
public sealed class EchoService : IGrpcService<EchoService>
{
    public static readonly Method<EchoRequest, EchoResponse> UnaryMethod = Create("Unary");
    public static readonly Method<EchoRequest, EchoResponse> ServerStreamMethod = Create("ServerStream");
    public static readonly Method<EchoRequest, EchoResponse> ClientStreamMethod = Create("ClientStream");
    public static readonly Method<EchoRequest, EchoResponse> DuplexMethod = Create("Duplex");

    private static Method<EchoRequest, EchoResponse> Create(string name) =>
        ProtobufMethods.Create<EchoRequest, EchoResponse>(EchoReflection.Descriptor.Services[0], name);

    public static void Bind(GrpcServiceBinder<EchoService> binder) => binder
        .Describe(EchoReflection.Descriptor.Services[0])
        .Unary(UnaryMethod, static (s, request, context) => s.Unary(request, context))
        .ServerStreaming(ServerStreamMethod, static (s, request, writer, context) => s.ServerStream(request, writer, context))
        .ClientStreaming(ClientStreamMethod, static (s, reader, context) => s.ClientStream(reader, context))
        .DuplexStreaming(DuplexMethod, static (s, reader, writer, context) => s.Duplex(reader, writer, context));

    private static async Task Prepare(EchoRequest request, ServerCallContext context)
    {
        if (request.EchoMetadata.Count > 0)
        {
            var headers = new Metadata();
            foreach (var key in request.EchoMetadata)
            {
                if (context.RequestHeaders.Get(key) is { } entry)
                {
                    if (entry.IsBinary)
                    {
                        headers.Add("echo-" + key, entry.ValueBytes);
                        context.ResponseTrailers.Add("trailer-" + key, entry.ValueBytes);
                    }
                    else
                    {
                        headers.Add("echo-" + key, entry.Value);
                        context.ResponseTrailers.Add("trailer-" + key, entry.Value);
                    }
                }
            }

            await context.WriteResponseHeadersAsync(headers);
        }

        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }

        if (request.FailCode != 0)
        {
            throw new RpcException((StatusCode)request.FailCode, request.FailMessage);
        }
    }

    private static EchoResponse Reply(EchoRequest request, int index = 0) =>
        new() { Text = request.Text, Payload = request.Payload, Index = index };

    private async Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context)
    {
        await Prepare(request, context);
        if (request.Text == "throw")
        {
            throw new InvalidOperationException("secret internals: connection string=...");
        }

        return Reply(request);
    }

    private async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> writer, ServerCallContext context)
    {
        await Prepare(request, context);
        for (var i = 0; i < request.Count; i++)
        {
            await writer.WriteAsync(Reply(request, i), context.CancellationToken);
        }
    }

    private async Task<EchoResponse> ClientStream(IAsyncStreamReader<EchoRequest> reader, ServerCallContext context)
    {
        var text = new System.Text.StringBuilder();
        var received = 0;
        await foreach (var request in reader.ReadAllAsync(context.CancellationToken))
        {
            await Prepare(request, context);
            text.Append(request.Text);
            received++;
        }

        return new EchoResponse { Text = text.ToString(), Received = received };
    }

    private async Task Duplex(IAsyncStreamReader<EchoRequest> reader, IServerStreamWriter<EchoResponse> writer, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in reader.ReadAllAsync(context.CancellationToken))
        {
            if (request.FailCode != 0 || request.DelayMs > 0)
            {
                await Prepare(request, context);
            }

            await writer.WriteAsync(Reply(request, index++), context.CancellationToken);
        }
    }
}
