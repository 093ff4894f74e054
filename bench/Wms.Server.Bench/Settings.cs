using System.Globalization;

namespace Wms.Server.Bench;

internal sealed record Settings(string Mode, int Clients, int WarmUpSeconds, int DurationSeconds, string Synchronous, string? Postgres, int Bins, int Skus, int Servers = 1)
{
    public const string Usage = "usage: Wms.Server.Bench [pick|stock] [--clients N] [--warmup S] [--duration S] [--synchronous FULL|NORMAL] [--postgres <connection string>] [--servers N (more than 1 needs --postgres)] [--bins N] [--skus N]";

    public static Settings Parse(string[] args)
    {
        var s = new Settings("pick", 64, 5, 20, "FULL", null, 50_000, 20_000);
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            s = s with { Mode = args[0] is "pick" or "stock" ? args[0] : throw new ArgumentException(Usage) };
            i = 1;
        }

        for (; i < args.Length; i += 2)
        {
            // An option without its value (a connection string lost to quoting) must not fall back silently to SQLite.
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            s = args[i] switch
            {
                "--clients" => s with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => s with { WarmUpSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--duration" => s with { DurationSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--synchronous" => s with { Synchronous = value },
                "--postgres" => s with { Postgres = value },
                "--servers" => s with { Servers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--bins" => s with { Bins = int.Parse(value, CultureInfo.InvariantCulture) },
                "--skus" => s with { Skus = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException(Usage),
            };
        }

        return s.Servers is < 1 or > 8 || (s.Servers > 1 && s.Postgres is null)
            ? throw new ArgumentException($"--servers takes 1 to 8, and more than one needs --postgres (one SQLite file serves one process). {Usage}")
            : s;
    }
}
