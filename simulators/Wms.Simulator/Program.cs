using Wms.Simulator.Day;
using Wms.Simulator.Report;

namespace Wms.Simulator;

/// <summary>
/// The entry point. Not top-level statements: those would declare a second <c>Program</c> beside the
/// server's, which <see cref="Hosting.InProcessServer"/> hosts by that name.
/// </summary>
internal static class SimulatorMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(SimOptions.Usage);
            return 0;
        }

        SimOptions options;
        try
        {
            options = SimOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(SimOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var days = new List<DaySummary>();
        var runs = new List<(string Label, SimOptions Options)> { (options.Compare.Count == 0 ? $"{options.Pickers} pickers" : "as set", options) };
        runs.AddRange(options.Compare.Select(change => (change, options.With(change))));

        foreach (var (label, dayOptions) in runs)
        {
            var day = new WarehouseDay(dayOptions, label);
            var metrics = options.Quiet ? await day.RunAsync(cancel.Token) : await LiveProgress.RunAsync(day, cancel.Token);
            var summary = new DaySummary(metrics);
            days.Add(summary);
            Console.Write(summary.Text());
            Console.WriteLine(summary.Timing());
        }

        var path = Path.GetFullPath(options.ReportPath);
        await File.WriteAllTextAsync(path, HtmlReport.Render(days), cancel.Token);
        Console.WriteLine($"Report: {path}");
        return days.All(d => d.Metrics.Errors.Count == 0 && d.Metrics.IntegrityProblems.Count == 0) ? 0 : 1;
    }
}
