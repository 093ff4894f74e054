namespace Wms.Grpc;

/// <summary>
/// The one exception type for a non-OK status, on both sides: a server handler throws it to end the call
/// with that status, and the client surfaces every failed call as one.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    public RpcException(Status status, Metadata trailers)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers;
    }

    public RpcException(StatusCode code, string detail)
        : this(new Status(code, detail))
    {
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers sent with the status (server side) or received with it (client side).</summary>
    public Metadata Trailers { get; }
}
