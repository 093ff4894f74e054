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

    /// <summary>The what-if: the same day again with this many pickers, side by side (null: no what-if).</summary>
    public int? CompareWithPickers { get; init; }

    /// <summary>An existing server (its clock cannot follow simulated time: see docs/simulators.md); null starts one in-process.</summary>
    public string? Address { get; init; }

    public string? Token { get; init; }

    public string? MqttHost { get; init; }

    public int MqttPort { get; init; } = 1883;

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
          --walk-speed M/S      (1.0)                      --seconds-per-pick S (12)
          --wave-minutes M      (10)                       --max-lines-per-trip N (12)
          --devices N           MQTT devices (6; 0 = none)
          --speed X|max         simulated seconds per real second, or as fast as possible (max)
          --report PATH         HTML report (simulator-report.html)
          --compare-pickers N   what-if: the same day with N pickers, side by side in the report
          --address URL --token T [--mqtt-host H --mqtt-port P]   an existing server instead of the in-process one
          --quiet               no live display
        """;

    public static SimOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SimOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--quiet")
            {
                o = o with { Quiet = true };
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
                "--walk-speed" => o with { WalkSpeed = Num(name, value, 0.1, 5) },
                "--seconds-per-pick" => o with { SecondsPerPick = Num(name, value, 1, 600) },
                "--wave-minutes" => o with { WaveMinutes = Num(name, value, 1, 240) },
                "--max-lines-per-trip" => o with { MaxLinesPerTrip = Int(name, value, 0, 500) },
                "--devices" => o with { Devices = Int(name, value, 0, 10_000) },
                "--speed" => o with { Speed = value == "max" ? null : Num(name, value, 0.01, 1_000_000) },
                "--report" => o with { ReportPath = value },
                "--compare-pickers" => o with { CompareWithPickers = Int(name, value, 1, 500) },
                "--address" => o with { Address = value },
                "--token" => o with { Token = value },
                "--mqtt-host" => o with { MqttHost = value },
                "--mqtt-port" => o with { MqttPort = Int(name, value, 1, 65535) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if ((o.Address is null) != (o.Token is null))
        {
            throw new ArgumentException("--address and --token go together.");
        }

        return o;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'.");

    private static double Num(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new ArgumentException($"{name} must be a number from {min} to {max}, not '{value}'.");
}
