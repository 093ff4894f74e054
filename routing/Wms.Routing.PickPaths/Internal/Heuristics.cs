namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// The classic routing heuristics as visiting orders. For several blocks they follow Roodbergen &amp;
/// de Koster (2001): go up the left-most aisle with picks to the farthest block holding picks, then
/// sweep the blocks back towards the front. Each leg of the order is then walked by the shortest path,
/// which is never longer than the textbook route and sometimes shorter (it may leave an aisle by the
/// nearer end where the textbook route would finish the traversal).
/// </summary>
internal static class Heuristics
{
    public static int[] SShape(PickInstance instance) => Sweep(instance, Shape.SShape);

    public static int[] LargestGap(PickInstance instance) => Sweep(instance, Shape.LargestGap);

    public static int[] Midpoint(PickInstance instance) => Sweep(instance, Shape.Midpoint);

    /// <summary>Single block: every aisle with picks entered and left from the front, left to right.</summary>
    public static int[] Return(PickInstance instance)
    {
        var order = new List<int>();
        foreach (var column in AisleColumn.Build(instance))
        {
            order.AddRange(column.Nodes);
        }

        return [.. order];
    }

    /// <summary>
    /// Single block, Roodbergen &amp; de Koster's combined heuristic: aisles left to right, each either
    /// traversed (the picker changes side) or entered and left on the side the picker is on, the choice
    /// made by a two-state dynamic programme so that the picker ends at the front.
    /// </summary>
    public static int[] Combined(PickInstance instance)
    {
        var columns = AisleColumn.Build(instance).Where(c => c.Count > 0).ToArray();
        if (columns.Length == 0)
        {
            return [];
        }

        // cost[i, side] after aisle i; side 0 = front, 1 = back. Horizontal travel is the same either way.
        var cost = new double[columns.Length + 1, 2];
        var traversed = new bool[columns.Length + 1, 2];
        cost[0, 1] = double.PositiveInfinity;
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            var height = c.High - c.Low;
            var returnFront = cost[i, 0] + (2 * (c.Y[^1] - c.Low));
            var returnBack = cost[i, 1] + (2 * (c.High - c.Y[0]));
            var toBack = cost[i, 0] + height;
            var toFront = cost[i, 1] + height;
            (cost[i + 1, 0], traversed[i + 1, 0]) = toFront < returnFront ? (toFront, true) : (returnFront, false);
            (cost[i + 1, 1], traversed[i + 1, 1]) = toBack < returnBack ? (toBack, true) : (returnBack, false);
        }

        // Replay backwards from "front after the last aisle" to learn the side each aisle is entered from.
        var enterFromBack = new bool[columns.Length];
        var side = 0;
        for (var i = columns.Length; i > 0; i--)
        {
            var before = traversed[i, side] ? 1 - side : side;
            enterFromBack[i - 1] = before == 1;
            side = before;
        }

        var order = new List<int>();
        for (var i = 0; i < columns.Length; i++)
        {
            AddColumn(order, columns[i].Nodes, 0, columns[i].Count, ascending: !enterFromBack[i]);
        }

        return [.. order];
    }

    private enum Shape
    {
        SShape,
        LargestGap,
        Midpoint,
    }

    private static int[] Sweep(PickInstance instance, Shape shape)
    {
        var layout = instance.Layout;
        var blocks = Enumerable.Range(0, layout.BlockCount).Select(b => AisleColumn.Build(instance, b)).ToArray();
        var withPicks = blocks.Select(cols => Enumerable.Range(0, cols.Length).Where(a => cols[a].Count > 0).ToList()).ToArray();
        var farthest = Array.FindLastIndex(withPicks, list => list.Count > 0);
        if (farthest < 0)
        {
            return [];
        }

        // The picker walks up the left-most aisle with picks to the farthest block, picking on the way.
        // (Starting on the right when the last sweep would end on the right was tried: it is worse, as
        // the walk back to the depot starts from the last pick, not from the far wall.)
        var up = withPicks.Where(list => list.Count > 0).Min(list => list[0]);
        var order = new List<int>();
        for (var b = 0; b < farthest; b++)
        {
            AddColumn(order, blocks[b][up].Nodes, 0, blocks[b][up].Count, ascending: true);
            withPicks[b].Remove(up);
        }

        if (shape == Shape.SShape)
        {
            SShapeBlocks(blocks, withPicks, farthest, up, order);
        }
        else
        {
            // The walk up goes on through the farthest block to its back.
            var column = blocks[farthest][up];
            AddColumn(order, column.Nodes, 0, column.Count, ascending: true);
            withPicks[farthest].Remove(up);
            GapBlocks(blocks, withPicks, farthest, shape, leftToRight: true, order);
        }

        return [.. order];
    }

    /// <summary>Blocks from the farthest to the front, each in S-shape, direction alternating.</summary>
    private static void SShapeBlocks(AisleColumn[][] blocks, List<int>[] withPicks, int farthest, int leftmost, List<int> order)
    {
        var leftToRight = true;
        for (var b = farthest; b >= 0; b--)
        {
            var aisles = withPicks[b];
            if (aisles.Count == 0)
            {
                continue;
            }

            var cols = blocks[b];
            var first = 0;
            if (b == farthest && aisles[0] == leftmost)
            {
                // Still walking up the left-most aisle: its picks here come first, front to back.
                AddColumn(order, cols[leftmost].Nodes, 0, cols[leftmost].Count, ascending: true);
                first = 1;
            }

            var rest = aisles.Skip(first).ToList();
            if (!leftToRight)
            {
                rest.Reverse();
            }

            var ascending = first == 1;
            foreach (var a in rest)
            {
                AddColumn(order, cols[a].Nodes, 0, cols[a].Count, ascending);
                ascending = !ascending;
            }

            leftToRight = !leftToRight;
        }
    }

    /// <summary>
    /// Largest gap and midpoint: sweep the cross aisles from the back of the farthest block to the front,
    /// direction alternating. From cross aisle c the picker reaches both the front parts of the block
    /// above it and the back parts of the block below; it goes down to the next cross aisle through the
    /// last aisle of the sweep, taking that aisle's picks in the block below whole. With one block this
    /// is the textbook route: back parts left to right, last aisle down, front parts right to left.
    /// </summary>
    private static void GapBlocks(AisleColumn[][] blocks, List<int>[] withPicks, int farthest, Shape shape,
        bool leftToRight, List<int> order)
    {
        for (var c = farthest + 1; c >= 0; c--)
        {
            List<int> upper = c <= farthest ? withPicks[c] : [];
            List<int> lower = c >= 1 ? withPicks[c - 1] : [];
            var through = lower.Count == 0 ? -1 : (leftToRight ? lower[^1] : lower[0]);
            var aisles = upper.Concat(lower).Distinct().Order().ToList();
            if (!leftToRight)
            {
                aisles.Reverse();
            }

            foreach (var a in aisles)
            {
                if (upper.Contains(a))
                {
                    var front = blocks[c][a];
                    AddColumn(order, front.Nodes, 0, Split(front, shape), ascending: true);
                }

                if (lower.Contains(a) && a != through)
                {
                    var back = blocks[c - 1][a];
                    AddColumn(order, back.Nodes, Split(back, shape), back.Count, ascending: false);
                }
            }

            if (through >= 0)
            {
                var column = blocks[c - 1][through];
                AddColumn(order, column.Nodes, 0, column.Count, ascending: false);
                lower.Remove(through);
            }

            leftToRight = !leftToRight;
        }
    }

    /// <summary>Index of the first pick reached from the back rather than from the front.</summary>
    private static int Split(AisleColumn column, Shape shape)
    {
        var y = column.Y;
        if (shape == Shape.Midpoint)
        {
            var middle = (column.Low + column.High) / 2;
            var k = 0;
            while (k < y.Length && y[k] <= middle)
            {
                k++;
            }

            return k;
        }

        // Largest of the gaps front end-first pick, between picks, last pick-back end.
        var best = 0;
        var gap = y[0] - column.Low;
        for (var i = 1; i <= y.Length; i++)
        {
            var g = (i == y.Length ? column.High : y[i]) - y[i - 1];
            if (g > gap)
            {
                gap = g;
                best = i;
            }
        }

        return best;
    }

    private static void AddColumn(List<int> order, int[] nodes, int from, int to, bool ascending)
    {
        if (ascending)
        {
            for (var i = from; i < to; i++)
            {
                order.Add(nodes[i]);
            }
        }
        else
        {
            for (var i = to - 1; i >= from; i--)
            {
                order.Add(nodes[i]);
            }
        }
    }
}
