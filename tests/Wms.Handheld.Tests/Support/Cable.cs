using System.Net.Sockets;

namespace Wms.Handheld.Tests.Support;

/// <summary>
/// The handheld's network link to the in-process server, which a test can pull out: cut (nothing reaches
/// the server) or lossy (requests reach the server and are applied, but the answers never come back).
/// </summary>
public sealed class Cable(HttpMessageHandler server) : DelegatingHandler(server)
{
    public enum State { Connected, Cut, AnswersLost }

    public State Mode { get; set; } = State.Connected;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Mode == State.Cut)
        {
            // As the socket layer reports it, so the gRPC client maps it to UNAVAILABLE as it would on the floor.
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Network is unreachable (cable cut by the test).", new SocketException((int)SocketError.NetworkUnreachable));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (Mode == State.AnswersLost)
        {
            // Read to the end so the server finishes the call (and commits) before the answer is dropped.
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Connection reset (answer lost by the test).", new IOException("Connection reset by peer."));
        }

        return response;
    }
}
