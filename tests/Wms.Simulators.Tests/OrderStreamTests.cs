using Xunit;
using Wms.Simulator;
using Wms.Simulator.Day;

namespace Wms.Simulators.Tests;

public sealed class OrderStreamTests
{
    private static readonly string[] Skus = [.. Enumerable.Range(1, 80).Select(i => $"SKU-{i:D4}")];
    private static readonly DateTimeOffset Midnight = new(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Plan_SameSeed_SameOrders()
    {
        var a = OrderStream.Plan(new SimOptions { Orders = 300 }, Skus, Midnight, Midnight.AddHours(14), new Random(5));
        var b = OrderStream.Plan(new SimOptions { Orders = 300 }, Skus, Midnight, Midnight.AddHours(14), new Random(5));

        Assert.Equal(a.Select(o => (o.Reference, o.Arrives, string.Join(",", o.Lines), o.Rush, o.CancelAfter)), b.Select(o => (o.Reference, o.Arrives, string.Join(",", o.Lines), o.Rush, o.CancelAfter)));
    }

    [Fact]
    public void Plan_ZipfSkew_FewSkusTakeMostLines()
    {
        var orders = OrderStream.Plan(new SimOptions { Orders = 3000, SkuSkew = 1.0 }, Skus, Midnight, Midnight.AddHours(14), new Random(1));
        var counts = orders.SelectMany(o => o.Lines).GroupBy(l => l.Sku).Select(g => g.Count()).OrderDescending().ToList();
        var top10Share = counts.Take(8).Sum() / (double)counts.Sum();

        // Zipf(1) over 80 SKUs: the top 10 % of SKUs draw about 55 % of the lines; uniform would be 10 %.
        Assert.InRange(top10Share, 0.45, 0.65);
    }

    [Fact]
    public void Plan_MorningPeak_MoreOrdersAt9ThanAt3()
    {
        var orders = OrderStream.Plan(new SimOptions { Orders = 5000 }, Skus, Midnight, Midnight.AddHours(24), new Random(2));
        int At(int hour) => orders.Count(o => o.Arrives.Hour == hour);

        Assert.True(At(9) > 5 * At(3), $"9 h: {At(9)}, 3 h: {At(3)}");
        Assert.All(orders, o => Assert.InRange(o.Lines.Count, 1, 8));
        Assert.InRange(orders.Average(o => o.Lines.Count), 1.8, 2.6);
    }

    [Fact]
    public void Parse_BadValue_NamesTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => SimOptions.Parse(["--pickers", "zero"]));

        Assert.Contains("--pickers", error.Message, StringComparison.Ordinal);
        Assert.Equal(200, SimOptions.Parse(["--pickers", "200", "--speed", "max"]).Pickers);
        Assert.Null(SimOptions.Parse(["--speed", "max"]).Speed);
    }

    [Fact]
    public void With_WhatIfSwitches_ChangeOnlyThoseOptions()
    {
        var day = SimOptions.Parse(["--pickers", "5", "--compare", "batching=shortest-walk;engine=ortools", "--compare-pickers", "2"]);
        var whatIf = day.With(day.Compare[0]);

        Assert.Equal(["batching=shortest-walk;engine=ortools", "pickers=2"], day.Compare);
        Assert.Equal(("shortest-walk", "ortools", 5), (whatIf.Batching, whatIf.Engine, whatIf.Pickers));
        Assert.Equal(2, day.With(day.Compare[1]).Pickers);
        Assert.Equal(8, day.With("slotting=on").SlottingHour);
        Assert.Null(day.SlottingHour);
    }

    [Theory]
    [InlineData("engine=fast", "--engine")]
    [InlineData("batching", "name=value")]
    [InlineData("seed=3", "--seed")]
    [InlineData("pickers=0", "--pickers")]
    public void Parse_BadWhatIf_RefusedNamingIt(string change, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => SimOptions.Parse(["--compare", change]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
