using Wms.Server.Planning;
using Xunit;

namespace Wms.Server.Tests.Planning;

public sealed class ClassificationTests
{
    [Fact]
    public void Abc_EightyFifteenFive_ClassedByWhereTheirVolumeStarts()
    {
        // Total 1000; each starts at: 1 → 0 %, 2 → 50 %, 3 → 75 % (all below 80: A), 4 → 90 % (below 95: B), 5 → 96 %, 6 → 99 % (C), 7 never picked (C).
        var volume = new Dictionary<long, double> { [1] = 500, [2] = 250, [3] = 150, [4] = 60, [5] = 30, [6] = 10, [7] = 0 };

        var classes = Classification.Abc(volume, 0.80, 0.95);

        Assert.Equal("AAABCCC", string.Concat(Enumerable.Range(1, 7).Select(i => classes[i])));
    }

    [Theory]
    [InlineData(10, 2, 'X')]
    [InlineData(10, 8, 'Y')]
    [InlineData(10, 15, 'Z')]
    [InlineData(0, 0, 'Z')]
    public void Xyz_CoefficientOfVariation_Classes(double mean, double sigma, char expected) => Assert.Equal(expected, Classification.Xyz(mean, sigma, 0.5, 1.0));

    [Fact]
    public void Abc_CutOffsOutOfOrder_Refused() => Assert.Throws<ArgumentException>(() => Classification.Abc(new Dictionary<long, double> { [1] = 1 }, 0.9, 0.8));
}
