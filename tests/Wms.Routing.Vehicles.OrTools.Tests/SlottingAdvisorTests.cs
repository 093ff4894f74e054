using Wms.Routing.PickPaths;

namespace Wms.Routing.Vehicles.OrTools.Tests;

public sealed class SlottingAdvisorTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 15)]
    [InlineData(3, 40)]
    public void Advise_RandomWarehouse_LimitsAndCapacitiesKeptNeverWorse(int seed, int maxMoves)
    {
        var (skus, bins) = RandomWarehouse(new Random(seed), 60, 90);

        var advice = SlottingAdvisor.Advise(skus, bins, maxMoves, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(advice.Moves.Count <= maxMoves);
        Assert.True(advice.AdvisedWalkPerDayM <= advice.CurrentWalkPerDayM);
        var layout = skus.ToDictionary(s => s.Id, s => s.CurrentBin);
        foreach (var move in advice.Moves)
        {
            var sku = skus.Single(s => s.Id == move.SkuId);
            var bin = bins.Single(b => b.Id == move.ToBin);
            Assert.Equal(sku.CurrentBin, move.FromBin);
            Assert.True(sku.Volume <= bin.Capacity && sku.WeightKg <= bin.MaxWeightKg, $"{sku.Id} does not fit {bin.Id}");
            layout[move.SkuId] = move.ToBin;
        }

        Assert.Equal(layout.Count, layout.Values.Distinct().Count());
        double recomputed = skus.Sum(s => SlottingAdvisor.Walk(s, bins.Single(b => b.Id == layout[s.Id])));
        Assert.Equal(recomputed, advice.AdvisedWalkPerDayM, 6);
        Assert.True(advice.Moves.Count > 0, "a random layout leaves room to improve");
        Assert.True(advice.IsOptimal);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(6, 3)]
    public void Advise_SmallWarehouse_MatchesBruteForce(int seed, int maxMoves)
    {
        var (skus, bins) = RandomWarehouse(new Random(seed), 4, 6);

        var advice = SlottingAdvisor.Advise(skus, bins, maxMoves, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(advice.IsOptimal);
        Assert.Equal(BruteForce(skus, bins, maxMoves), advice.AdvisedWalkPerDayM, 6);
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(9, 3)]
    public void Advise_SmallWarehouseWithFamilies_MatchesBruteForceOfWalkPlusSpread(int seed, int maxMoves)
    {
        var (plain, bins) = RandomWarehouse(new Random(seed), 5, 7);
        var skus = plain.Select((s, i) => s with { Family = i % 2 == 0 ? "even" : "odd" }).ToList();
        const double Spread = 300;

        var advice = SlottingAdvisor.Advise(skus, bins, maxMoves, TimeSpan.FromSeconds(10), Spread, TestContext.Current.CancellationToken);

        Assert.True(advice.IsOptimal);
        Assert.True(advice.Moves.Count <= maxMoves);
        Assert.Equal(BruteForce(skus, bins, maxMoves, Spread), advice.AdvisedWalkPerDayM + (Spread * advice.AdvisedFamilyZones), 6);
        Assert.True(advice.AdvisedWalkPerDayM + (Spread * advice.AdvisedFamilyZones) <= advice.CurrentWalkPerDayM + (Spread * advice.CurrentFamilyZones));
    }

    [Fact]
    public void Advise_TwoFamiliesSplitOverTwoAisles_GatheredByTwoMovesAtNoExtraWalk()
    {
        // Equal picks, bins at 10 and 20 m in each aisle: any layout walks the same, so only the families decide.
        var (skus, bins) = TwoAisles(fastPicks: 10);

        var gathered = SlottingAdvisor.Advise(skus, bins, 2, TimeSpan.FromSeconds(5), familySpreadPerDayM: 50, TestContext.Current.CancellationToken);
        var ignored = SlottingAdvisor.Advise(skus, bins, 2, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal((4, 2, 2), (gathered.CurrentFamilyZones, gathered.AdvisedFamilyZones, gathered.Moves.Count));
        Assert.Equal(gathered.CurrentWalkPerDayM, gathered.AdvisedWalkPerDayM, 6);
        Assert.Empty(ignored.Moves);
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(5000, 2)]
    public void Advise_GatheringAFamilyCostsWalking_OnlyWhenTheSpreadCostsMore(double spread, int expectedMoves)
    {
        // The fast family sits in the two 10 m bins, one per aisle: gathering it puts one fast SKU at 20 m,
        // 100 picks × 2 × 10 m = 2,000 m more walking a day, against two zones fewer.
        var (skus, bins) = TwoAisles(fastPicks: 100);

        var advice = SlottingAdvisor.Advise(skus, bins, 2, TimeSpan.FromSeconds(5), spread, TestContext.Current.CancellationToken);

        Assert.Equal(expectedMoves, advice.Moves.Count);
        Assert.Equal(expectedMoves == 0 ? 4 : 2, advice.AdvisedFamilyZones);
    }

    private static (SlottingSku[] Skus, SlottingBin[] Bins) TwoAisles(double fastPicks)
    {
        SlottingBin[] bins = [new("A1", 10, 5, Zone: "A"), new("A2", 20, 5, Zone: "A"), new("B1", 10, 5, Zone: "B"), new("B2", 20, 5, Zone: "B")];
        SlottingSku[] skus =
        [
            new("f1a", fastPicks, 1, 1, "A1", "f1"), new("f1b", fastPicks, 1, 1, "B1", "f1"),
            new("f2a", 10, 1, 1, "A2", "f2"), new("f2b", 10, 1, 1, "B2", "f2"),
        ];
        return (skus, bins);
    }

    [Fact]
    public void Advise_NoMovesAllowed_CurrentLayoutKept()
    {
        var (skus, bins) = RandomWarehouse(new Random(7), 10, 12);
        var advice = SlottingAdvisor.Advise(skus, bins, 0, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Empty(advice.Moves);
        Assert.Equal(advice.CurrentWalkPerDayM, advice.AdvisedWalkPerDayM);
    }

    [Fact]
    public void Advise_FastMoverFarAway_MovesNearTheDepot()
    {
        var layout = new WarehouseLayout(4, aisleLength: 20, aisleSpacing: 3, crossAisleWidth: 2);
        SlottingBin[] bins =
        [
            SlottingBin.At("near", layout, new PickLocation(0, 1), capacity: 10),
            SlottingBin.At("far", layout, new PickLocation(3, 19), capacity: 10),
            SlottingBin.At("near-small", layout, new PickLocation(0, 2), capacity: 1),
        ];
        SlottingSku[] skus = [new("fast", 100, 5, 1, "far"), new("slow", 1, 5, 1, "near")];

        var advice = SlottingAdvisor.Advise(skus, bins, 2, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(["fast->near", "slow->far"], advice.Moves.Select(m => $"{m.SkuId}->{m.ToBin}").Order());
    }

    [Fact]
    public void Advise_BadInput_ThrowsNamingTheField()
    {
        SlottingBin[] bins = [new("a", 1, 1), new("b", 2, 1)];
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal("skus[1].CurrentBin", Assert.Throws<ArgumentException>(() =>
            SlottingAdvisor.Advise([new("x", 1, 1, 1, "a"), new("y", 1, 1, 1, "a")], bins, 1, TimeSpan.FromSeconds(1), ct)).ParamName);
        Assert.Equal("skus[0].CurrentBin", Assert.Throws<ArgumentException>(() =>
            SlottingAdvisor.Advise([new("x", 1, 1, 1, "zz")], bins, 1, TimeSpan.FromSeconds(1), ct)).ParamName);
        Assert.Equal("bins[1].Id", Assert.Throws<ArgumentException>(() =>
            SlottingAdvisor.Advise([], [new("a", 1, 1), new("a", 2, 1)], 1, TimeSpan.FromSeconds(1), ct)).ParamName);
        Assert.Equal("skus[0]", Assert.Throws<ArgumentException>(() =>
            SlottingAdvisor.Advise([new("x", -1, 1, 1, "a")], bins, 1, TimeSpan.FromSeconds(1), ct)).ParamName);
    }

    /// <summary>Bins along 6 aisles, sizes and weight limits varying (upper levels carry less); SKUs placed at random.</summary>
    private static (List<SlottingSku> Skus, List<SlottingBin> Bins) RandomWarehouse(Random random, int skuCount, int binCount)
    {
        var layout = new WarehouseLayout(6, aisleLength: 30, aisleSpacing: 3, crossAisleWidth: 2);
        var bins = Enumerable.Range(0, binCount).Select(b => SlottingBin.At($"b{b}", layout,
            new PickLocation(random.Next(6), Math.Round(random.NextDouble() * 30, 1)), capacity: random.Next(2, 6), maxWeightKg: random.Next(0, 2) == 0 ? 15 : 60)).ToList();
        var free = Enumerable.Range(0, binCount).OrderBy(_ => random.Next()).ToList();
        var skus = new List<SlottingSku>();
        for (int s = 0; s < skuCount; s++)
        {
            var bin = bins[free[s]];
            // The SKU fits where it is now.
            skus.Add(new SlottingSku($"s{s}", Math.Round(random.NextDouble() * 50, 1), random.Next(1, (int)bin.Capacity + 1),
                random.Next(1, (int)Math.Min(bin.MaxWeightKg, 40) + 1), bin.Id));
        }

        return (skus, bins);
    }

    private static double BruteForce(List<SlottingSku> skus, List<SlottingBin> bins, int maxMoves, double familySpread = 0)
    {
        double best = double.PositiveInfinity;
        var used = new bool[bins.Count];
        var binOf = new int[skus.Count];
        void Place(int s, double walk, int moves)
        {
            if (moves > maxMoves)
            {
                return;
            }

            if (s == skus.Count)
            {
                int zones = Enumerable.Range(0, skus.Count).Where(i => skus[i].Family is not null)
                    .Select(i => (skus[i].Family, bins[binOf[i]].Zone ?? bins[binOf[i]].Id)).Distinct().Count();
                best = Math.Min(best, walk + (familySpread * zones));
                return;
            }

            for (int b = 0; b < bins.Count; b++)
            {
                bool stays = bins[b].Id == skus[s].CurrentBin;
                if (used[b] || (!stays && (skus[s].Volume > bins[b].Capacity || skus[s].WeightKg > bins[b].MaxWeightKg)))
                {
                    continue;
                }

                used[b] = true;
                binOf[s] = b;
                Place(s + 1, walk + SlottingAdvisor.Walk(skus[s], bins[b]), moves + (stays ? 0 : 1));
                used[b] = false;
            }
        }

        Place(0, 0, 0);
        return best;
    }
}
