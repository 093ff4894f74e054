using Grpc.Core;
using Wms.Handheld.Offline;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>A signed-in picker in one warehouse: what every flow needs.</summary>
internal sealed class Session(Terminal ui, WmsClient client, OutboxSender sender, string warehouse, string user, TimeProvider time)
{
    public Terminal Ui => ui;

    public WmsClient Client => client;

    public OutboxSender Sender => sender;

    public string Warehouse => warehouse;

    /// <summary>The signed-in user as the server names them (who holds a claimed task).</summary>
    public string User => user;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Warehouse, who is signed in, and the link: "W1  ada  ONLINE  2 waiting". The user's name gives way
    /// first on a narrow screen, the link state never.
    /// </summary>
    public string Status
    {
        get
        {
            var link = sender.Online
                ? "ONLINE" + (sender.Pending > 0 ? $"  {sender.Pending} waiting" : "")
                : $"OFFLINE  {sender.Pending} waiting";
            var room = ScreenWidth - warehouse.Length - link.Length - 4;
            var name = room <= 1 ? "" : user.Length <= room ? user : user[..(room - 1)] + "~";
            return string.Join("  ", new[] { warehouse, name, link }.Where(p => p.Length > 0));
        }
    }

    /// <summary>The narrowest screen the app is drawn on (a 40-column handheld): lines are made to fit it.</summary>
    public const int ScreenWidth = 40;

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

    /// <summary>
    /// Reloads a flow's work list (the trip, the replenishment queue) from the server: first sends what waits
    /// in the outbox, and loads only when nothing waits any more, since the server's list would not yet show
    /// the waiting actions. An unreachable server marks the device offline and leaves the device's list as it is.
    /// </summary>
    public async Task ReloadAsync(Func<Task> load, CancellationToken cancellationToken)
    {
        if (!sender.ShouldTry)
        {
            return;
        }

        await sender.DrainAsync(null, cancellationToken);
        if (sender.Pending > 0)
        {
            return;
        }

        try
        {
            await load();
            sender.MarkOnline();
        }
        catch (RpcException error) when (WmsClient.IsUnreachable(error))
        {
            sender.MarkOffline();
        }
    }

    /// <summary>
    /// Tells what became of actions queued offline: that they went out once the server was back, and any
    /// the server refused when they arrived (with the bell: the picker has to act on those).
    /// </summary>
    public void ReportSync()
    {
        var sent = sender.TakeSentAfterOffline();
        var notice = sent == 0 ? "" : $"Back online: {sent} queued action{(sent == 1 ? "" : "s")} sent.";
        if (notice.Length > 0)
        {
            ui.Append(notice, isError: false);
        }

        foreach (var refusal in sender.TakeRefusals())
        {
            ui.Append(refusal, isError: true);
        }
    }
}
