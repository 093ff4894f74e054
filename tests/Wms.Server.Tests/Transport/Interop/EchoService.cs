using Grpc.Core;
using Wms.Server.Tests.Echo;

namespace Wms.Server.Tests.Transport.Interop;

/// <summary>echo.proto on Grpc.AspNetCore: every call type and error path, for the Python client to exercise.</summary>
public sealed class EchoService(EchoService.Cancellations cancellations) : Echo.Echo.EchoBase
{
    /// <summary>Calls whose handler saw the client cancel.</summary>
    public sealed class Cancellations
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    public override async Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context)
    {
        await PrepareAsync(request, context);
        return Reply(request);
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        await PrepareAsync(request, context);
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(Reply(request, i), context.CancellationToken);
        }
    }

    public override async Task<EchoResponse> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var text = new System.Text.StringBuilder();
        var received = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await PrepareAsync(request, context);
            text.Append(request.Text);
            received++;
        }

        return new EchoResponse { Text = text.ToString(), Received = received };
    }

    public override async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await PrepareAsync(request, context);
            await responseStream.WriteAsync(Reply(request, index++), context.CancellationToken);
        }
    }

    private static EchoResponse Reply(EchoRequest request, int index = 0) => new() { Text = request.Text, Payload = request.Payload, Index = index };

    private async Task PrepareAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.EchoMetadata.Count > 0)
        {
            var headers = new Metadata();
            foreach (var key in request.EchoMetadata)
            {
                if (context.RequestHeaders.Get(key) is not { } entry)
                {
                    continue;
                }

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

            await context.WriteResponseHeadersAsync(headers);
        }

        if (request.DelayMs > 0)
        {
            try
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancellations.Add();
                throw;
            }
        }

        if (request.FailCode != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage));
        }
    }
}
