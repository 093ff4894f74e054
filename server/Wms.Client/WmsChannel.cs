using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Wms.Client;

/// <summary>How every WMS client (handheld, simulators, console, tests) opens its channel to the server.</summary>
public static class WmsChannel
{
    /// <summary>
    /// A channel that retries a call the server never answered (UNAVAILABLE: connection refused or reset,
    /// server restarting) a few times with backoff. Every call may be retried, mutations included, because
    /// every mutating call carries a request id and the server answers a repeat with the first answer.
    /// The caller's deadline bounds the retries, so an offline handheld still learns within its deadline.
    /// </summary>
    public static GrpcChannel Create(string address, HttpMessageHandler? handler = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 3,
                            InitialBackoff = TimeSpan.FromMilliseconds(200),
                            MaxBackoff = TimeSpan.FromSeconds(1),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            },
        });

    /// <summary>Sends <c>authorization: Bearer &lt;token&gt;</c> on every call made through the invoker.</summary>
    public static CallInvoker WithBearerToken(this CallInvoker invoker, string token) =>
        invoker.WithHeaders(headers => headers.Add("authorization", "Bearer " + token));

    /// <summary>Adds headers to every call made through the invoker.</summary>
    public static CallInvoker WithHeaders(this CallInvoker invoker, Action<Metadata> addHeaders) =>
        Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(invoker, metadata =>
        {
            addHeaders(metadata);
            return metadata;
        });

    public static AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class
        => invoker.AsyncUnaryCall(method, null, options, request);

    public static AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        this CallInvoker invoker, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class
        => invoker.AsyncServerStreamingCall(method, null, options, request);
}
