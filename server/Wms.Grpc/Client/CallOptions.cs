namespace Wms.Grpc;

/// <summary>
/// What one call adds to its method: request metadata, a deadline (UTC; a local time is converted) and a
/// token whose cancellation ends the call with <see cref="StatusCode.Cancelled"/>.
/// </summary>
public readonly record struct CallOptions(Metadata? Headers = null, DateTime? Deadline = null, CancellationToken CancellationToken = default);
