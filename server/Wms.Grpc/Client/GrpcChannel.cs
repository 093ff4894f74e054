using System.Collections.Concurrent;
using Wms.Grpc.Internal;

namespace Wms.Grpc;

/// <summary>
/// A long-lived connection pool to one gRPC server: create one per server and share it; every call is one
/// HTTP/2 stream. <c>http://</c> speaks cleartext HTTP/2 with prior knowledge (h2c), <c>https://</c> TLS with ALPN.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    internal const string UserAgent = "wms-grpc-dotnet/1.0";

    private readonly HttpMessageInvoker _invoker;

    // Parsing a Uri per call is measurable at benchmark rates; there are only as many as there are methods.
    private readonly ConcurrentDictionary<object, Uri> _methodUris = new(ReferenceEqualityComparer.Instance);
    private int _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Address '{address}' must be an absolute http:// or https:// URI.", nameof(address));
        }

        var compression = options.RequestCompression;
        if (compression is not null && !MessageCompression.IsSupported(compression))
        {
            throw new ArgumentException($"Request compression '{compression}' is not supported: use gzip or identity.", nameof(options));
        }

        Address = address;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
        MaxSendMessageSize = options.MaxSendMessageSize ?? int.MaxValue;
        RequestCompression = compression is null || compression.Equals(GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase)
            ? null
            : GrpcProtocolConstants.GzipEncoding;
        TimeProvider = options.TimeProvider;
        _invoker = options.HttpHandler is { } handler
            ? new HttpMessageInvoker(handler, options.DisposeHttpHandler)
            : new HttpMessageInvoker(CreateDefaultHandler(), disposeHandler: true);
    }

    public Uri Address { get; }

    internal int MaxReceiveMessageSize { get; }

    internal int MaxSendMessageSize { get; }

    /// <summary>"gzip" or null (identity).</summary>
    internal string? RequestCompression { get; }

    internal TimeProvider TimeProvider { get; }

    internal HttpMessageInvoker HttpInvoker
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _invoker;
        }
    }

    internal Uri GetMethodUri<TRequest, TResponse>(Method<TRequest, TResponse> method) =>
        _methodUris.TryGetValue(method, out var uri)
            ? uri
            : _methodUris.GetOrAdd(method, static (_, state) => new Uri(state.Address.AbsoluteUri.TrimEnd('/') + state.FullName, UriKind.Absolute), (Address, method.FullName));

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return ForAddress(new Uri(address, UriKind.Absolute), options);
    }

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    public CallInvoker CreateCallInvoker()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return new HttpCallInvoker(this);
    }

    /// <summary>Closes the connections; calls still running fail, new ones throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _invoker.Dispose();
        }
    }

    public override string ToString() => Address.ToString();

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        // One HTTP/2 connection allows ~100 concurrent streams by default; more calls than that would queue
        // behind it instead of opening a second connection.
        EnableMultipleHttp2Connections = true,

        // Handhelds roam between access points: an idle connection is likely dead after a while, and a
        // fresh one costs one handshake.
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),

        // A long server stream over a dead Wi-Fi link must be noticed without waiting for TCP's timeout.
        // Pings only while calls are running: grpc-core servers answer pings on an idle connection with
        // GOAWAY (too_many_pings). Kestrel-based servers, ours included, accept any ping rate; a grpc-core
        // server may also count pings on a call that has been silent for minutes (its default minimum
        // interval is 5 min), so a client of one should pass its own handler with a longer delay.
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,

        // A gRPC server never redirects, and nothing here needs cookies or a proxy's view of the world.
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };
}
