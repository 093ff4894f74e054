using System.Globalization;

namespace Wms.Simulator;

/// <summary>One simulated day's settings: every number the simulator decides by, from the command line.</summary>
public sealed record SimOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>The warehouse day, local (Europe/Berlin for the demo warehouses).</summary>
    public DateOnly Date { get; init; } = new(2026, 12, 7);

    public string Warehouse { get; init; } = "FRA";

    /// <summary>Shift start, local hour; orders before it wait as the overnight backlog.</summary>
    public double ShiftStartHour { get; init; } = 6;

    /// <summary>Length of the simulated day from the shift start.</summary>
    public double Hours { get; init; } = 8;

    /// <summary>Local hour of the cut-off: orders later than it ship tomorrow (not released today).</summary>
    public double CutOffHour { get; init; } = 12;

    public int Pickers { get; init; } = 5;

    /// <summary>Orders in the day (the hourly profile spreads them); the overnight backlog is part of them.</summary>
    public int Orders { get; init; } = 600;

    /// <summary>Mean lines per order (1 + a geometric tail, capped at 8).</summary>
    public double LinesPerOrder { get; init; } = 2.2;

    /// <summary>Zipf exponent of SKU popularity (0 = uniform; ~1 is typical e-commerce).</summary>
    public double SkuSkew { get; init; } = 1.0;

    public double CancelRate { get; init; } = 0.03;

    public double RushRate { get; init; } = 0.05;

    public double WrongScanRate { get; init; } = 0.03;

    public double ShortPickRate { get; init; } = 0.01;

    /// <summary>Share of the lines a counter miscounts (by 1-3 units) on a cycle count.</summary>
    public double CountErrorRate { get; init; } = 0.05;

    /// <summary>Walking speed in metres per second (a picker with a cart: about 1 m/s).</summary>
    public double WalkSpeed { get; init; } = 1.0;

    /// <summary>Seconds at the bin for one line: reach, scan, take, put in the tote.</summary>
    public double SecondsPerPick { get; init; } = 12;

    /// <summary>Minutes between waves (allocation and release of what came in).</summary>
    public double WaveMinutes { get; init; } = 10;

    /// <summary>Lines per trip the wave builds (0 = the server's default).</summary>
    public int MaxLinesPerTrip { get; init; } = 12;

    /// <summary>Cold-room probes, weight shelves and dock scanners on MQTT (0 = no devices).</summary>
    public int Devices { get; init; } = 6;

    /// <summary>Simulated seconds per real second; null: as fast as possible.</summary>
    public double? Speed { get; init; }

    /// <summary>Where the HTML report goes.</summary>
    public string ReportPath { get; init; } = "simulator-report.html";

    /// <summary>
    /// What-ifs: the same day again with one or more settings changed, side by side in the report. Each entry is
    /// one day, <c>name=value[;name=value]</c> with any option's name: <c>pickers=2</c>, <c>batching=shortest-walk</c>,
    /// <c>slotting=on</c>, <c>engine=ortools</c>.
    /// </summary>
    public IReadOnlyList<string> Compare { get; init; } = [];

    /// <summary>How the wave groups orders into trips: <c>first-come</c> or <c>shortest-walk</c> (order batching).</summary>
    public string Batching { get; init; } = "first-come";

    /// <summary>Local hour at which the supervisor applies the slotting advice (from the day's picks so far); null: no slotting; negative: 2 h into the shift.</summary>
    public double? SlottingAtHour { get; init; }

    /// <summary>When slotting is applied, local hour; null: not at all.</summary>
    public double? SlottingHour => SlottingAtHour is { } h ? (h < 0 ? ShiftStartHour + 2 : h) : null;

    /// <summary>Route engine of the dispatcher's plans: <c>hgs</c>, <c>ortools</c> or <c>best-of</c>.</summary>
    public string Engine { get; init; } = "hgs";

    /// <summary>In-process: the route solver's iteration cap (the server's Wms:Dispatch:MaxIterations), which makes plans reproducible.</summary>
    public int SolverIterations { get; init; } = 300;

    /// <summary>Vans per departure (each drives one route a day, so every departure has vans of its own).</summary>
    public int Vans { get; init; } = 3;

    /// <summary>Hours between departures from the shift start (and one at the end of the shift).</summary>
    public double TourHours { get; init; } = 2;

    /// <summary>Supplier deliveries (receipts) in the day, spread over the shift; 0: nothing comes in.</summary>
    public int Receipts { get; init; } = 3;

    /// <summary>
    /// Load mode: the events of each simulated second run at once (pickers' and devices' turns overlap, as on a
    /// real floor), giving up determinism; for load and soak runs.
    /// </summary>
    public bool Concurrent { get; init; }

    /// <summary>An existing server (its clock cannot follow simulated time: see docs/simulators.md); null starts one in-process.</summary>
    public string? Address { get; init; }

    public string? Token { get; init; }

    public string? MqttHost { get; init; }

    public int MqttPort { get; init; } = 1883;

    /// <summary>With <see cref="Address"/>: that server's database, for the stock integrity check after the day; null: not checked.</summary>
    public string? Database { get; init; }

    /// <summary>The provider of <see cref="Database"/>: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string DatabaseProvider { get; init; } = "sqlite";

    /// <summary>A soak's limit in real minutes: the day stops where it got to (the report says so); null: none.</summary>
    public double? MaxRealMinutes { get; init; }

    /// <summary>No live display (tests, logs).</summary>
    public bool Quiet { get; init; }

    public const string Usage = """
        wms-simulator [options]   plays a seeded warehouse day against the real server, writes an HTML report
          --seed N              random seed (1); same seed, same day, same report
          --date YYYY-MM-DD     the day (2026-12-07)       --warehouse CODE   FRA
          --hours H             length of the day (8)      --shift-start H    local hour (6)
          --cutoff H            local hour of the cut-off (12)
          --pickers N           pickers (5)                --orders N         orders in the day (600)
          --lines-per-order X   mean lines (2.2)           --sku-skew S       Zipf exponent (1.0)
          --cancel-rate P       (0.03)  --rush-rate P (0.05)  --wrong-scan-rate P (0.03)  --short-pick-rate P (0.01)
          --count-error-rate P  lines the counter miscounts by 1-3 units (0.05)
          --walk-speed M/S      (1.0)                      --seconds-per-pick S (12)
          --wave-minutes M      (10)                       --max-lines-per-trip N (12)
          --devices N           MQTT devices (6; 0 = none)
          --speed X|max         simulated seconds per real second, or as fast as possible (max)
          --report PATH         HTML report (simulator-report.html)
          --batching first-come|shortest-walk   how waves group orders into trips (first-come)
          --slotting off|on|H   apply the slotting advice at local hour H (on: 2 h into the shift) (off)
          --engine hgs|ortools|best-of   route engine of the dispatcher (hgs)
          --solver-iterations N route solver's iteration cap in-process (300): reproducible plans
          --vans N              vans per departure (3)     --tour-hours H     hours between departures (2)
          --receipts N          supplier deliveries in the day (3; 0 = none)
          --compare K=V[;K=V]   what-if: the same day with options changed (pickers=2, batching=shortest-walk,
                                slotting=on, engine=ortools), side by side in the report; may be repeated
          --compare-pickers N   the same as --compare pickers=N
          --concurrent          load mode: each simulated second's turns run at once (not deterministic)
          --address URL --token T [--mqtt-host H --mqtt-port P]   an existing server instead of the in-process one
          --database CONN [--database-provider sqlite|postgres]   with --address: its database, for the integrity check
          --max-real-minutes M  stop the day after M real minutes, report what was done (soak runs)
          --quiet               no live display (load mode: a line per simulated hour)
        """;

    public static SimOptions Parse(IReadOnlyList<string> args) => Parse(args, new SimOptions());

    /// <summary>The options of a what-if day: these options with the <c>name=value;...</c> changes applied.</summary>
    public SimOptions With(string change)
    {
        var args = new List<string>();
        foreach (var pair in change.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new ArgumentException($"--compare takes name=value, not '{pair}'.");
            }

            var name = "--" + pair[..at].Trim();
            if (name is "--compare" or "--compare-pickers" or "--report" or "--address" or "--token" or "--seed" or "--database")
            {
                throw new ArgumentException($"--compare cannot change {name}: the what-if is the same day against the same server.");
            }

            args.Add(name);
            args.Add(pair[(at + 1)..].Trim());
        }

        return Parse(args, this with { Compare = [] });
    }

    private static SimOptions Parse(IReadOnlyList<string> args, SimOptions start)
    {
        var o = start;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--quiet" or "--concurrent")
            {
                o = name == "--quiet" ? o with { Quiet = true } : o with { Concurrent = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = args[++i];
            o = name switch
            {
                "--seed" => o with { Seed = Int(name, value, 0, int.MaxValue) },
                "--date" => o with { Date = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new ArgumentException($"--date must be YYYY-MM-DD, not '{value}'.") },
                "--warehouse" => o with { Warehouse = value },
                "--hours" => o with { Hours = Num(name, value, 0.25, 24) },
                "--shift-start" => o with { ShiftStartHour = Num(name, value, 0, 23) },
                "--cutoff" => o with { CutOffHour = Num(name, value, 0, 24) },
                "--pickers" => o with { Pickers = Int(name, value, 1, 500) },
                "--orders" => o with { Orders = Int(name, value, 0, 200_000) },
                "--lines-per-order" => o with { LinesPerOrder = Num(name, value, 1, 8) },
                "--sku-skew" => o with { SkuSkew = Num(name, value, 0, 3) },
                "--cancel-rate" => o with { CancelRate = Num(name, value, 0, 1) },
                "--rush-rate" => o with { RushRate = Num(name, value, 0, 1) },
                "--wrong-scan-rate" => o with { WrongScanRate = Num(name, value, 0, 0.9) },
                "--short-pick-rate" => o with { ShortPickRate = Num(name, value, 0, 1) },
                "--count-error-rate" => o with { CountErrorRate = Num(name, value, 0, 1) },
                "--walk-speed" => o with { WalkSpeed = Num(name, value, 0.1, 5) },
                "--seconds-per-pick" => o with { SecondsPerPick = Num(name, value, 1, 600) },
                "--wave-minutes" => o with { WaveMinutes = Num(name, value, 1, 240) },
                "--max-lines-per-trip" => o with { MaxLinesPerTrip = Int(name, value, 0, 500) },
                "--devices" => o with { Devices = Int(name, value, 0, 10_000) },
                "--speed" => o with { Speed = value == "max" ? null : Num(name, value, 0.01, 1_000_000) },
                "--report" => o with { ReportPath = value },
                "--compare-pickers" => o with { Compare = [.. o.Compare, "pickers=" + Int(name, value, 1, 500).ToString(CultureInfo.InvariantCulture)] },
                "--compare" => o with { Compare = [.. o.Compare, value] },
                "--batching" => o with { Batching = OneOf(name, value, "first-come", "shortest-walk") },
                "--slotting" => o with { SlottingAtHour = value == "off" ? null : value == "on" ? -1 : Num(name, value, 0, 24) },
                "--engine" => o with { Engine = OneOf(name, value, "hgs", "ortools", "best-of") },
                "--solver-iterations" => o with { SolverIterations = Int(name, value, 1, 1_000_000) },
                "--vans" => o with { Vans = Int(name, value, 1, 50) },
                "--tour-hours" => o with { TourHours = Num(name, value, 0.5, 24) },
                "--receipts" => o with { Receipts = Int(name, value, 0, 100) },
                "--address" => o with { Address = value },
                "--token" => o with { Token = value },
                "--mqtt-host" => o with { MqttHost = value },
                "--mqtt-port" => o with { MqttPort = Int(name, value, 1, 65535) },
                "--database" => o with { Database = value },
                "--max-real-minutes" => o with { MaxRealMinutes = Num(name, value, 0.1, 10_000) },
                "--database-provider" => o with { DatabaseProvider = OneOf(name, value, "sqlite", "postgres") },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if ((o.Address is null) != (o.Token is null))
        {
            throw new ArgumentException("--address and --token go together.");
        }

        if (o.Database is not null && o.Address is null)
        {
            throw new ArgumentException("--database names an existing server's database: it goes with --address (the in-process server's is checked anyway).");
        }

        foreach (var change in o.Compare)
        {
            _ = o.With(change); // a bad what-if is refused before the first day runs, naming the option
        }

        return o;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'.");

    private static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal) ? value : throw new ArgumentException($"{name} must be one of {string.Join(", ", allowed)}, not '{value}'.");

    private static double Num(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new ArgumentException($"{name} must be a number from {min} to {max}, not '{value}'.");
}
