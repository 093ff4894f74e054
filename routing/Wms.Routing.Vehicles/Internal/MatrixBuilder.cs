namespace Wms.Routing.Vehicles.Internal;

internal static class MatrixBuilder
{
    /// <summary>Nodes: depot 0, the stops, then the other depots (none with one depot).</summary>
    public static (double[] Distances, double[] Times) Build(Location[] depots, Stop[] stops, TravelModel travel)
    {
        int n = stops.Length + depots.Length;
        var dist = new double[n * n];
        var time = new double[n * n];
        if (travel.Kind == TravelModel.ModelKind.Matrix)
        {
            CopyMatrix(travel.DistanceMatrix!, dist, n, "distance");
            CopyMatrix(travel.TimeMatrix!, time, n, "travelTime");
            return (dist, time);
        }

        var points = new Location[n];
        points[0] = depots[0];
        for (int i = 1; i <= stops.Length; i++)
        {
            points[i] = stops[i - 1].Location;
        }

        for (int j = 1; j < depots.Length; j++)
        {
            points[stops.Length + j] = depots[j];
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double d;
                double t;
                if (travel.Kind == TravelModel.ModelKind.Haversine)
                {
                    d = TravelModel.HaversineKm(points[i], points[j]);
                    t = d / travel.Speed * 3600.0;
                }
                else
                {
                    double dx = points[i].X - points[j].X;
                    double dy = points[i].Y - points[j].Y;
                    d = Math.Sqrt((dx * dx) + (dy * dy));
                    if (travel.RoundToInteger)
                    {
                        d = Math.Floor(d + 0.5);
                    }

                    t = d / travel.Speed;
                }

                dist[(i * n) + j] = d;
                time[(i * n) + j] = t;
            }
        }

        return (dist, time);
    }

    private static void CopyMatrix(double[,] source, double[] target, int n, string name)
    {
        if (source.GetLength(0) != n || source.GetLength(1) != n)
        {
            throw new ArgumentException($"The {name} matrix must be {n}x{n} (depot, one row per stop, then one per other depot).", name);
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = source[i, j];
                if (!double.IsFinite(v) || v < 0)
                {
                    throw new ArgumentException($"{name}[{i},{j}] must be a finite, non-negative number.", name);
                }

                target[(i * n) + j] = v;
            }
        }
    }
}
