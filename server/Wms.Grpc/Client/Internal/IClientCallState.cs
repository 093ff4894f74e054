namespace Wms.Grpc.Internal;

/// <summary>The parts every call object shares, so the public call types stay thin wrappers.</summary>
internal interface IClientCallState
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();

    void Dispose();
}

/// <summary>Backs call objects that a hand-written <see cref="CallInvoker"/> (a test fake) builds from delegates.</summary>
internal sealed class DelegateCallState(Task<Metadata> responseHeadersAsync, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose) : IClientCallState
{
    public Task<Metadata> ResponseHeadersAsync { get; } = responseHeadersAsync ?? throw new ArgumentNullException(nameof(responseHeadersAsync));

    public Status GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    public void Dispose() => dispose();
}
