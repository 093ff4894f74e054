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
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]WMS simulator[/] — {Markup.Escape(m.Label)}");
        table.AddColumn("simulated clock").AddColumn("orders in").AddColumn("open").AddColumn("packed").AddColumn("shipped")
            .AddColumn("lines picked").AddColumn("pickers busy").AddColumn("readings").AddColumn("errors");
        table.AddRow(clock, N(m.OrdersCreated), N(m.OpenOrders), N(m.OrdersPacked), N(m.OrdersShipped),
            N(m.LinesPicked), $"{m.PickersBusy}/{m.Options.Pickers}", N(m.DeviceReadings), m.Errors.Count == 0 ? "0" : $"[red]{m.Errors.Count}[/]");
        return table;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
