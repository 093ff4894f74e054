using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Wms.Client;

namespace Wms.WebConsole;

/// <summary>
/// The API as one person's circuit calls it: their session token on every call, and their browser's address
/// for the audit trail of sign-ins (the API records it beside the console's own address).
/// </summary>
public sealed class ConsoleApi(ApiChannel channel, ConsoleSession session, IHttpContextAccessor http, TimeProvider time)
{
    // Read when the circuit starts: later, inside the circuit, there is no HTTP request to ask.
    private readonly string _clientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "";

    public ConsoleSession Session => session;

    /// <summary>Today as the pages default their dates (UTC).</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public DateTimeOffset Now => time.GetUtcNow();

    private CallOptions Options(CancellationToken cancellationToken)
    {
        var headers = new Metadata();
        if (session.IsSignedIn)
        {
            headers.Add("authorization", "Bearer " + session.Token);
        }

        if (_clientAddress.Length > 0)
        {
            headers.Add("x-wms-client-address", _clientAddress);
        }

        return new CallOptions(headers, deadline: time.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken);
    }

    public async Task<TResponse> CallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : class
    {
        try
        {
            return await channel.Invoker.AsyncUnaryCall(method, request, Options(cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated && session.IsSignedIn)
        {
            // The session ended (expired, signed out elsewhere, reset by an admin): the person signs in again.
            session.SignedOut();
            throw;
        }
    }

    /// <summary>A server stream, for live pages (alerts). No deadline: it lasts as long as the page.</summary>
    public AsyncServerStreamingCall<TResponse> Stream<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        var options = Options(cancellationToken).WithDeadline(DateTime.MaxValue);
        return channel.Invoker.AsyncServerStreamingCall(method, request, options);
    }

    public static string NewRequestId() => Guid.NewGuid().ToString();

    public static bool IsDenied(RpcException ex) => ex.StatusCode == StatusCode.PermissionDenied;
}
