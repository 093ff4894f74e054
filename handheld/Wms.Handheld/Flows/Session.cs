using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Handheld.Offline;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>A signed-in picker in one warehouse: what every flow needs.</summary>
internal sealed class Session(Terminal ui, WmsClient client, OutboxSender sender, string warehouse, TimeProvider time)
{
    public Terminal Ui => ui;

    public WmsClient Client => client;

    public OutboxSender Sender => sender;

    public string Warehouse => warehouse;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public string Status => (sender.Online
        ? $"{warehouse}  ONLINE" + (sender.Pending > 0 ? $"  {sender.Pending} waiting" : "")
        : $"{warehouse}  OFFLINE  {sender.Pending} waiting").TrimStart();

    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    public async Task<string> AskAsync(Screen screen, CancellationToken cancellationToken) =>
        await ui.AskAsync(screen, cancellationToken) ?? throw new EndOfInputException();

    /// <summary>
    /// A read or an online-only write: the answer, or null after telling the picker why not (the server
    /// said no, or cannot be reached, which also marks the device offline).
    /// </summary>
    public async Task<TResponse?> TryCallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        try
        {
            var response = await client.CallAsync(method, request, cancellationToken);
            sender.MarkOnline();
            return response;
        }
        catch (RpcException error)
        {
            if (WmsClient.IsUnreachable(error))
            {
                sender.MarkOffline();
            }

            ui.Error(WmsClient.Explain(error));
            return null;
        }
    }

    /// <summary>Shows refusals of actions that were queued offline and refused when sent.</summary>
    public void ReportRefusals()
    {
        var refusals = sender.TakeRefusals();
        if (refusals.Count > 0)
        {
            ui.Error(string.Join(" / ", refusals));
        }
    }
}
