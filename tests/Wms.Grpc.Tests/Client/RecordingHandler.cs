using System.Collections.Concurrent;

namespace Wms.Grpc.Tests.Client;

/// <summary>Passes requests to a real handler and keeps the request and response headers, to check what went over the wire.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<(HttpRequestMessage Request, HttpResponseMessage? Response)> Exchanges { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Exchanges.Enqueue((request, response));
        return response;
    }

    public static string? Header(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}
