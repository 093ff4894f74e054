using System.Globalization;
using Spectre.Console;
using Wms.Simulator.Day;

namespace Wms.Simulator.Report;

/// <summary>The live view while a day runs: simulated clock, orders by state, pickers busy, alerts, errors.</summary>
public static class LiveProgress
{
    public static async Task<DayMetrics> RunAsync(WarehouseDay day, CancellationToken cancellationToken)
    {
        var run = day.RunAsync(cancellationToken);
        await AnsiConsole.Live(Render(day.Metrics)).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(250, CancellationToken.None));
                context.UpdateTarget(Render(day.Metrics));
            }
        });
        return await run;
    }

    private static Table Render(DayMetrics m)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var clock = m.Clock is null ? "starting" : TimeZoneInfo.ConvertTime(m.Clock.GetUtcNow(), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]WMS simulator[/] {Markup.Escape(m.Label)}").HideHeaders();
        table.AddColumn("what").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("simulated clock", $"[bold]{clock}[/]");
        table.AddRow("orders in / open", $"{N(m.OrdersCreated)} / {N(m.OpenOrders)}");
        table.AddRow("packed / shipped / cancelled", $"{N(m.OrdersPacked)} / {N(m.OrdersShipped)} / {N(m.OrdersCancelled)}");
        table.AddRow("lines picked / trips", $"{N(m.LinesPicked)} / {N(m.TripsStarted)}");
        table.AddRow("pickers busy", $"{N(m.PickersBusy)} of {N(m.Options.Pickers)}");
        table.AddRow("wrong scans / short picks", $"{N(m.WrongScans)} / {N(m.ShortPicks)}");
        table.AddRow("replenishments done", N(m.ReplenishmentsConfirmed));
        table.AddRow("receipts done / units put away", $"{N(m.Inbound.ReceiptsDone)} of {N(m.Inbound.Receipts)} / {m.Inbound.UnitsPutAway.ToString(CultureInfo.InvariantCulture)}");
        table.AddRow("routes / stops delivered", $"{N(m.Delivery.Routes)} / {N(m.Delivery.Delivered)}");
        table.AddRow("device readings / alerts", $"{N(m.DeviceReadings)} / {N(m.Alerts)}");
        table.AddRow("run errors", m.Errors.Count == 0 ? "0" : $"[red]{N(m.Errors.Count)}[/]");
        return table;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
