namespace Wms.Routing.PickPaths.Internal;

/// <summary>How a tour uses one aisle of a block (Ratliff &amp; Rosenthal's vertical edge configurations).</summary>
internal enum VerticalConfig
{
    None,
    Traverse,
    DoubleTraverse,
    FromBack,
    FromFront,
    LargestGap,
}

/// <summary>The pick locations of one aisle within one block, sorted front to back.</summary>
internal sealed class AisleColumn
{
    public const int ConfigCount = 6;

    private AisleColumn(double[] y, int[] nodes, double low, double high)
    {
        Y = y;
        Nodes = nodes;
        Low = low;
        High = high;
        var gap = y.Length < 2 ? 0 : y[1] - y[0];
        GapAfter = 0;
        for (var i = 1; i + 1 < y.Length; i++)
        {
            if (y[i + 1] - y[i] > gap)
            {
                gap = y[i + 1] - y[i];
                GapAfter = i;
            }
        }

        LargestInnerGap = gap;
    }

    public double[] Y { get; }

    /// <summary>Location nodes (1-based, as in <see cref="PickInstance"/>) in the order of <see cref="Y"/>.</summary>
    public int[] Nodes { get; }

    /// <summary>Centre line of the cross aisle in front of the block.</summary>
    public double Low { get; }

    /// <summary>Centre line of the cross aisle behind the block.</summary>
    public double High { get; }

    public int Count => Y.Length;

    /// <summary>Index of the last pick before the largest gap between two picks.</summary>
    public int GapAfter { get; }

    public double LargestInnerGap { get; }

    /// <summary>Columns of block <paramref name="block"/>, one per aisle.</summary>
    public static AisleColumn[] Build(PickInstance instance, int block = 0)
    {
        var layout = instance.Layout;
        var perAisle = new List<(double Y, int Node)>[layout.AisleCount];
        for (var a = 0; a < perAisle.Length; a++)
        {
            perAisle[a] = [];
        }

        for (var k = 0; k < instance.Points.Length; k++)
        {
            var p = instance.Points[k];
            if (p.Block == block)
            {
                perAisle[p.Aisle].Add((p.Y, k + 1));
            }
        }

        var low = layout.CrossAisleY(block);
        var high = layout.CrossAisleY(block + 1);
        return [.. perAisle.Select(list =>
        {
            list.Sort();
            return new AisleColumn([.. list.Select(e => e.Y)], [.. list.Select(e => e.Node)], low, high);
        })];
    }

    /// <summary>Length of the aisle edges a configuration uses; infinite when it cannot cover the picks.</summary>
    public double Cost(VerticalConfig config)
    {
        var height = High - Low;
        return config switch
        {
            VerticalConfig.None => Count == 0 ? 0 : double.PositiveInfinity,
            VerticalConfig.Traverse => height,
            VerticalConfig.DoubleTraverse => 2 * height,
            VerticalConfig.FromBack => Count > 0 ? 2 * (High - Y[0]) : double.PositiveInfinity,
            VerticalConfig.FromFront => Count > 0 ? 2 * (Y[^1] - Low) : double.PositiveInfinity,
            VerticalConfig.LargestGap => Count > 1 ? 2 * (height - LargestInnerGap) : double.PositiveInfinity,
            _ => double.PositiveInfinity,
        };
    }
}
