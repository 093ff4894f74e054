namespace Wms.Routing.PickPaths.Tests.Support;

/// <summary>Seeded random layouts and pick lists; integer metres keep the sums exact.</summary>
internal static class Instances
{
    public static WarehouseLayout RandomLayout(Random random, int blocks, int maxAisles = 7)
    {
        var aisles = random.Next(1, maxAisles + 1);
        var lengths = Enumerable.Range(0, blocks).Select(_ => (double)random.Next(4, 31)).ToArray();
        return new WarehouseLayout(aisles, [.. lengths], random.Next(1, 6), random.Next(0, 5), random.Next(aisles));
    }

    public static PickLocation[] RandomPicks(Random random, WarehouseLayout layout, int count)
    {
        var picks = new PickLocation[count];
        for (var i = 0; i < count; i++)
        {
            // Picks are drawn on racking: choose a block, then a whole or half metre within it.
            var block = random.Next(layout.BlockCount);
            var start = 0.0;
            for (var b = 0; b < block; b++)
            {
                start += layout.BlockLengths[b] + layout.CrossAisleWidth;
            }

            var offset = random.Next((int)(2 * layout.BlockLengths[block]) + 1) / 2.0;
            picks[i] = new PickLocation(random.Next(layout.AisleCount), start + offset);
        }

        return picks;
    }
}
