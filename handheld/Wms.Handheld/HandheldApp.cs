using Wms.Client;
using System.Threading.Channels;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Handheld.Device;
using Wms.Handheld.Flows;
using Wms.Handheld.Offline;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;

namespace Wms.Handheld;

/// <summary>
/// The app without a console: sign in, choose a warehouse, then the menu of flows. Lines in, frames out;
/// Program wires it to the terminal, tests to a channel and a recorder.
/// </summary>
public sealed class HandheldApp : IDisposable
{
    private readonly HandheldOptions _options;
    private readonly Terminal _ui;
    private readonly Outbox _outbox;
    private readonly OutboxSender _sender;
    private readonly TripTasks _trip = new();
    private readonly ReplenishmentQueue _replenishment = new();
    private DeviceSettings _settings;
    private WmsClient? _client;
    private Session? _session;

    public HandheldApp(HandheldOptions options, ChannelReader<string> input, IDisplay display)
    {
        _options = options;
        Directory.CreateDirectory(options.DataDirectory);
        _settings = DeviceSettings.Load(options.DataDirectory);
        _outbox = new Outbox(Path.Combine(options.DataDirectory, "outbox.db"));
        _sender = new OutboxSender(_outbox, () => _client ?? throw new InvalidOperationException("Not signed in."), options.Time, options.RetryInterval);
        _ui = new Terminal(input, display, Status, options.Time);
    }

    public Terminal Terminal => _ui;

    public int Pending => _sender.Pending;

    private string Status() => _session is { } session
        ? session.Status
        : "not signed in" + (_sender.Pending > 0 ? $"  {_sender.Pending} waiting" : "");

    /// <summary>Runs until the input ends or the picker signs out with 0 at the menu and then ends the input.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var session = await SignInAsync(cancellationToken);
                await MenuAsync(session, cancellationToken);
            }
        }
        catch (EndOfInputException)
        {
        }
    }

    private async Task<string> AskAsync(Screen screen, CancellationToken cancellationToken) =>
        await _ui.AskAsync(screen, cancellationToken) ?? throw new EndOfInputException();

    private async Task<Session> SignInAsync(CancellationToken cancellationToken)
    {
        // The address shown is the last one typed, even when its sign-in failed: a mistyped token must
        // not send the picker back to the default address.
        var shown = _settings.ServerAddress;
        while (true)
        {
            var address = await AskAsync(Screen.Of("WMS HANDHELD  sign in", $"Server [{shown}]", "Enter keeps the address shown."), cancellationToken);
            address = address.Length == 0 ? shown : address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
            shown = address;
            var saved = _settings.Token.Length > 0 && string.Equals(address, _settings.ServerAddress, StringComparison.Ordinal);
            var token = await AskAsync(Screen.Of("WMS HANDHELD  sign in", saved ? "Token [saved]" : "Token", $"Server {address}", "Scan your badge or type your token."), cancellationToken);
            token = token.Length == 0 && saved ? _settings.Token : token;
            if (token.Length == 0 || !Uri.TryCreate(address, UriKind.Absolute, out _))
            {
                _ui.Error(token.Length == 0 ? "A token is needed to sign in." : $"Not a server address: {address}");
                continue;
            }

            var client = new WmsClient(address, token, _options.HttpHandler, _options.Time, _options.CallDeadline);
            try
            {
                var caller = (await client.CallAsync(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), cancellationToken)).Caller?.Name ?? "";
                var warehouses = await client.CallAsync(WmsMethods.Layout.ListWarehouses, new ListWarehousesRequest { PageSize = 50 }, cancellationToken);
                _client?.Dispose();
                _client = client;
                _sender.MarkOnline();
                (_settings.ServerAddress, _settings.Token) = (address, token);
                _settings.Save(_options.DataDirectory);
                var warehouse = await ChooseWarehouseAsync(warehouses, cancellationToken);
                _settings.Warehouse = warehouse;
                _settings.Save(_options.DataDirectory);
                _session = new Session(_ui, client, _sender, warehouse, caller, _options.Time);
                return _session;
            }
            catch (RpcException error)
            {
                client.Dispose();
                _ui.Error(error.StatusCode switch
                {
                    StatusCode.Unauthenticated => "Token refused by the server: check it and sign in again.",
                    StatusCode.PermissionDenied => "This token may not use the handheld.",
                    _ when WmsClient.IsUnreachable(error) => $"Cannot reach {address}: check the address and Wi-Fi.",
                    _ => WmsClient.Explain(error),
                });
            }
        }
    }

    /// <summary>
    /// The next picker on this device must sign in with their own token: the saved one is forgotten
    /// (address and warehouse stay, they belong to the device).
    /// </summary>
    private void SignOut()
    {
        _settings.Token = "";
        _settings.Save(_options.DataDirectory);
        _session = null;
    }

    private async Task<string> ChooseWarehouseAsync(ListWarehousesResponse warehouses, CancellationToken cancellationToken)
    {
        var list = warehouses.Warehouses.ToList();
        var remembered = list.Find(w => w.Code == _settings.Warehouse)?.Code ?? (list.Count == 1 ? list[0].Code : "");
        while (true)
        {
            // Nine fit a 16-row screen with a two-row message; a code typed reaches the others.
            var lines = list.Select((w, i) => $"{i + 1} {w.Code,-8} {TextWrap.Fit(w.Name, 26)}").Take(9).ToList();
            if (list.Count > lines.Count)
            {
                lines.Add($"and {list.Count - lines.Count} more: type the code");
            }

            var line = await AskAsync(new Screen("WAREHOUSE", lines.Count == 0 ? ["No warehouses on this server."] : lines,
                remembered.Length > 0 ? $"Warehouse [{remembered}]" : "Warehouse number or code"), cancellationToken);
            var chosen = line.Length == 0 ? remembered
                : int.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= list.Count ? list[n - 1].Code
                : list.Find(w => string.Equals(w.Code, line, StringComparison.OrdinalIgnoreCase))?.Code ?? "";
            if (chosen.Length > 0)
            {
                return chosen;
            }

            _ui.Error(line.Length == 0 ? "Choose a warehouse." : $"No warehouse '{line}'.");
        }
    }

    private async Task MenuAsync(Session session, CancellationToken cancellationToken)
    {
        if (_sender.Pending > 0)
        {
            await _sender.DrainAsync(null, cancellationToken);
            session.ReportSync();
        }

        while (true)
        {
            var choice = await AskAsync(Screen.Of($"MENU  {session.Warehouse}", "Choose 1-7",
                "1 Pick", "2 Receive and put away", "3 Move", "4 Stock lookup", "5 Cycle count", "6 Print carton label", "7 Replenish pick faces", "", "0 Sign out"), cancellationToken);
            switch (choice)
            {
                case "1": await new PickFlow(session, _trip, _settings.UseTotes).RunAsync(cancellationToken); break;
                case "2": await new ReceiveFlow(session).RunAsync(cancellationToken); break;
                case "3": await new MoveFlow(session).RunAsync(cancellationToken); break;
                case "4": await new StockLookupFlow(session).RunAsync(cancellationToken); break;
                case "5": await new CycleCountFlow(session).RunAsync(cancellationToken); break;
                case "6": await new LabelFlow(session, _settings, () => _settings.Save(_options.DataDirectory), _options.PrinterTimeout).RunAsync(cancellationToken); break;
                case "7": await new ReplenishFlow(session, _replenishment).RunAsync(cancellationToken); break;
                case "0":
                    SignOut();
                    _ui.Info(_sender.Pending > 0 ? $"Signed out. {_sender.Pending} actions still wait to be sent." : "Signed out.");
                    return;
                default:
                    _ui.Error($"No menu entry '{choice}'.");
                    break;
            }
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _outbox.Dispose();
    }
}
