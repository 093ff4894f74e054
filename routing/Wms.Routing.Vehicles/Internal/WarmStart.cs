namespace Wms.Routing.Vehicles.Internal;

/// <summary>An individual from a given plan (<see cref="SolverOptions.InitialRoutes"/>), mapped onto the instance's nodes.</summary>
internal static class WarmStart
{
    public static Individual From(Instance inst, IReadOnlyList<FixedRoute> initial)
    {
        var problem = inst.Problem;
        var vehicleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < inst.K; k++)
        {
            vehicleIndex[problem.Vehicles[k].Id] = k;
        }

        var node = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < inst.N; i++)
        {
            node[problem.Stops[i].Id] = i + 1;
        }

        var routes = new int[inst.K][];
        var placed = new bool[inst.Nodes];
        foreach (var route in initial)
        {
            if (route?.VehicleId is null || !vehicleIndex.TryGetValue(route.VehicleId, out int k) || routes[k] is not null || route.StopIds is null)
            {
                continue;
            }

            var nodes = new List<int>(route.StopIds.Count);
            foreach (var id in route.StopIds)
            {
                if (id is not null && node.TryGetValue(id, out int u) && !placed[u])
                {
                    placed[u] = true;
                    nodes.Add(u);
                }
            }

            routes[k] = [.. nodes];
        }

        for (int k = 0; k < inst.K; k++)
        {
            routes[k] ??= [];
        }

        return new Individual(inst, routes);
    }
}
