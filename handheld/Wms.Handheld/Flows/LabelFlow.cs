using Wms.Client;
using System.Globalization;
using System.Net.Sockets;
using Wms.Contracts.V1;
using Wms.Handheld.Device;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>
/// Carton labels at a pack station: scan the station (its printer comes from the device's settings, so
/// each station prints on its own printer), then the order, then how many cartons; one ZPL label per
/// carton goes to the printer's raw port.
/// </summary>
internal sealed class LabelFlow(Session session, DeviceSettings settings, Action saveSettings, TimeSpan printerTimeout)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var station = await StationAsync(cancellationToken);
        if (station is null)
        {
            return;
        }

        while (true)
        {
            var reference = await session.AskAsync(Screen.Of($"LABEL  {station.Value.Name}", "Scan order (x = menu)",
                $"Printer {station.Value.Address}", "Scan or type the order the", "cartons are for."), cancellationToken);
            if (Keys.Is(reference, Keys.Back))
            {
                return;
            }

            var order = await session.TryCallAsync(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = session.Warehouse, Reference = reference }, cancellationToken);
            if (order is null)
            {
                continue;
            }

            var cartons = await CartonsAsync(order, cancellationToken);
            if (cartons is null)
            {
                continue;
            }

            await PrintAsync(station.Value, order, cartons.Value, cancellationToken);
        }
    }

    /// <summary>The station scanned (Enter: the last one) that has a printer set up; null when the picker goes back.</summary>
    private async Task<(string Name, string Address)?> StationAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(Screen.Of("LABEL", settings.Station.Length > 0 ? $"Station [{settings.Station}]" : "Scan station",
                "Scan the pack station's label."), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return null;
            }

            var name = line.Length == 0 ? settings.Station : line;
            var printer = settings.Printers.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
            if (printer.Key is null)
            {
                session.Ui.Error(name.Length == 0 ? "Scan the station." : $"No printer set up for station {name}: add it under Printers in settings.json.");
                continue;
            }

            settings.Station = printer.Key;
            saveSettings();
            return (printer.Key, printer.Value);
        }
    }

    private async Task<int?> CartonsAsync(Order order, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(new Screen($"LABEL  {order.Reference}",
                [TextWrap.Fit(order.CustomerName, 40), TextWrap.Fit(order.AddressLine, 40)], "Cartons [1], x=back"), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return null;
            }

            if (line.Length == 0)
            {
                return 1;
            }

            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var cartons) && cartons is >= 1 and <= 99)
            {
                return cartons;
            }

            session.Ui.Error($"Cartons must be 1 to 99, not '{line}'.");
        }
    }

    private async Task PrintAsync((string Name, string Address) station, Order order, int cartons, CancellationToken cancellationToken)
    {
        if (LabelPrinter.ParseAddress(station.Address) is not { } printer)
        {
            session.Ui.Error($"Printer address '{station.Address}' of {station.Name} is not host:port.");
            return;
        }

        var zpl = string.Concat(Enumerable.Range(1, cartons).Select(i => ShippingLabel.Zpl(order, session.Warehouse, i, cartons)));
        try
        {
            await LabelPrinter.SendAsync(printer.Host, printer.Port, zpl, printerTimeout, cancellationToken);
            session.Ui.Info($"{cartons} label{(cartons == 1 ? "" : "s")} for {order.Reference} sent to {station.Name}.");
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            session.Ui.Error($"Printer of {station.Name} ({station.Address}) does not answer: check it is on and has paper.");
        }
    }
}
