using System.Globalization;
using Wms.Routing.Vehicles;

namespace Wms.Routing.Vehicles.Bench;

/// <summary>A benchmark instance: the problem plus how to score it.</summary>
internal sealed record BenchInstance(string Name, string Set, RoutingProblem Problem, int Customers);

/// <summary>Readers for CVRPLIB (TSPLIB EUC_2D) and Solomon files; all parsing is invariant-culture.</summary>
internal static class InstanceReader
{
    /// <param name="fixedFleet">
    /// Exactly the k of the name as fleet (<see cref="FleetRule.Exactly"/>, the convention behind the
    /// proven A/B/P optima); otherwise the fleet is free, as for the X set.
    /// </param>
    public static BenchInstance ReadCvrp(string path, bool fixedFleet)
    {
        var lines = File.ReadAllLines(path);
        string name = Path.GetFileNameWithoutExtension(path);
        int dimension = 0;
        double capacity = 0;
        var coords = new Dictionary<int, (double X, double Y)>();
        var demand = new Dictionary<int, double>();
        int depot = 1;
        string section = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Contains(':', StringComparison.Ordinal) && !char.IsDigit(line[0]))
            {
                var parts = line.Split(':', 2);
                string key = parts[0].Trim();
                string value = parts[1].Trim();
                if (key == "DIMENSION")
                {
                    dimension = int.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (key == "CAPACITY")
                {
                    capacity = double.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (key == "EDGE_WEIGHT_TYPE" && value != "EUC_2D")
                {
                    throw new InvalidDataException($"{name}: only EUC_2D is supported, not {value}.");
                }

                continue;
            }

            if (line.EndsWith("SECTION", StringComparison.Ordinal))
            {
                section = line;
                continue;
            }

            if (line == "EOF")
            {
                break;
            }

            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int id = int.Parse(f[0], CultureInfo.InvariantCulture);
            switch (section)
            {
                case "NODE_COORD_SECTION":
                    coords[id] = (Num(f[1]), Num(f[2]));
                    break;
                case "DEMAND_SECTION":
                    demand[id] = Num(f[1]);
                    break;
                case "DEPOT_SECTION":
                    if (id > 0)
                    {
                        depot = id;
                    }

                    break;
                default:
                    break;
            }
        }

        var stops = new List<Stop>();
        double total = 0;
        for (int id = 1; id <= dimension; id++)
        {
            if (id == depot)
            {
                continue;
            }

            stops.Add(new Stop(id.ToString(CultureInfo.InvariantCulture), new Location(coords[id].X, coords[id].Y), Weight: demand[id]));
            total += demand[id];
        }

        // Fleet size is free in CVRPLIB; offer comfortably more vehicles than needed (as HGS-CVRP does).
        int fleet = (int)Math.Ceiling(1.3 * total / capacity) + 3;
        var kMatch = System.Text.RegularExpressions.Regex.Match(name, @"-k(\d+)$");
        if (fixedFleet && kMatch.Success)
        {
            fleet = int.Parse(kMatch.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        var vehicles = Enumerable.Range(0, fleet).Select(k => new Vehicle($"v{k}", capacity));
        // A/B/P optima are for exactly k routes; the free-fleet X set allows at most the vehicles offered.
        var problem = new RoutingProblem(new Location(coords[depot].X, coords[depot].Y), stops, vehicles, TravelModel.Euclidean(roundToNearestInteger: true))
        {
            Fleet = fixedFleet && kMatch.Success ? FleetRule.Exactly : FleetRule.AtMost,
        };
        return new BenchInstance(name, name[..1], problem, stops.Count);
    }

    public static BenchInstance ReadSolomon(string path, bool vehiclesFirst, double fixedCost)
    {
        var lines = File.ReadAllLines(path);
        string name = lines[0].Trim();
        int vehicleLine = Array.FindIndex(lines, l => l.Trim().StartsWith("NUMBER", StringComparison.Ordinal)) + 1;
        var vf = lines[vehicleLine].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int fleet = int.Parse(vf[0], CultureInfo.InvariantCulture);
        double capacity = Num(vf[1]);
        int start = Array.FindIndex(lines, l => l.Trim().StartsWith("CUST NO.", StringComparison.Ordinal)) + 1;
        var rows = new List<double[]>();
        for (int i = start; i < lines.Length; i++)
        {
            var f = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 7)
            {
                rows.Add([.. f.Take(7).Select(Num)]);
            }
        }

        var depot = rows[0];
        var stops = rows.Skip(1).Select(r => new Stop(
            ((int)r[0]).ToString(CultureInfo.InvariantCulture), new Location(r[1], r[2]), Weight: r[3],
            ServiceTime: r[6], ReadyTime: r[4], DueTime: r[5])).ToList();
        var vehicles = Enumerable.Range(0, fleet).Select(k => new Vehicle($"v{k}", capacity,
            ShiftStart: depot[4], ShiftEnd: depot[5], FixedCost: vehiclesFirst ? fixedCost : 0));
        var problem = new RoutingProblem(new Location(depot[1], depot[2]), stops, vehicles, TravelModel.Euclidean());
        return new BenchInstance(name, "solomon", problem, stops.Count);
    }

    public static Dictionary<string, (int Vehicles, double Distance)> ReadBks(string path)
    {
        var result = new Dictionary<string, (int, double)>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }

        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length >= 4)
            {
                result[f[0]] = (int.Parse(f[2], CultureInfo.InvariantCulture), Num(f[3]));
            }
        }

        return result;
    }

    private static double Num(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
