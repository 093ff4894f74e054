namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// Held-Karp dynamic programme over subsets of the distinct locations: exact for any layout, but
/// O(2^n n^2) time and O(2^n n) memory, so only for small pick lists.
/// </summary>
internal static class HeldKarp
{
    /// <summary>Shortest visiting order, or null when stopped before it finished.</summary>
    public static int[]? Solve(PickInstance instance, Func<bool> shouldStop)
    {
        var m = instance.NodeCount - 1;
        if (m == 0)
        {
            return [];
        }

        var distances = instance.Distances;
        var full = (1 << m) - 1;
        var cost = new double[(full + 1) * m];
        var parent = new sbyte[(full + 1) * m];
        Array.Fill(cost, double.PositiveInfinity);
        for (var j = 0; j < m; j++)
        {
            cost[((1 << j) * m) + j] = instance.Distance(0, j + 1);
            parent[((1 << j) * m) + j] = -1;
        }

        for (var mask = 1; mask <= full; mask++)
        {
            if ((mask & 1023) == 0 && shouldStop())
            {
                return null;
            }

            for (var j = 0; j < m; j++)
            {
                var here = cost[(mask * m) + j];
                if ((mask & (1 << j)) == 0 || double.IsPositiveInfinity(here))
                {
                    continue;
                }

                var row = (j + 1) * instance.NodeCount;
                for (var k = 0; k < m; k++)
                {
                    if ((mask & (1 << k)) != 0)
                    {
                        continue;
                    }

                    var next = ((mask | (1 << k)) * m) + k;
                    var total = here + distances[row + k + 1];
                    if (total < cost[next])
                    {
                        cost[next] = total;
                        parent[next] = (sbyte)j;
                    }
                }
            }
        }

        var last = 0;
        for (var j = 1; j < m; j++)
        {
            if (cost[(full * m) + j] + instance.Distance(j + 1, 0) < cost[(full * m) + last] + instance.Distance(last + 1, 0))
            {
                last = j;
            }
        }

        var order = new int[m];
        var set = full;
        for (var i = m - 1; i >= 0; i--)
        {
            order[i] = last + 1;
            var previous = parent[(set * m) + last];
            set &= ~(1 << last);
            last = previous;
        }

        return order;
    }
}
