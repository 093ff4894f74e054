using Xunit;

namespace Wms.Gs1.Tests;

public sealed class GtinCheckDigitTests
{
    [Theory]
    [InlineData("0950600013435", 2)]
    [InlineData("400638133393", 1)]
    [InlineData("0400638133393", 1)]
    [InlineData("10614141123456789", 7)]
    [InlineData("0000000000000", 0)]
    [InlineData("9638507", 4)]
    public void Compute_Body_CheckDigitByWeights3And1FromTheRight(string body, int expected)
    {
        Assert.Equal(expected, GtinCheckDigit.Compute(body));
    }

    [Theory]
    [InlineData("09506000134352", true)]
    [InlineData("4006381333931", true)]
    [InlineData("96385074", true)]
    [InlineData("106141411234567897", true)]
    [InlineData("09506000134353", false)]
    [InlineData("4006381333930", false)]
    [InlineData("40063813339A1", false)]
    [InlineData("4", false)]
    [InlineData("", false)]
    public void IsValid_Number_OnlyWithTheRightCheckDigit(string number, bool expected)
    {
        Assert.Equal(expected, GtinCheckDigit.IsValid(number));
    }

    [Fact]
    public void Compute_NotDigits_Throws()
    {
        Assert.Throws<ArgumentException>(() => GtinCheckDigit.Compute("12A"));
    }

    [Theory]
    [InlineData("04006381333931", new[] { "04006381333931", "4006381333931" })]
    [InlineData("00012345678905", new[] { "00012345678905", "0012345678905", "012345678905" })]
    [InlineData("00000096385074", new[] { "00000096385074", "0000096385074", "000096385074", "96385074" })]
    [InlineData("14006381333938", new[] { "14006381333938" })]
    public void ShorterForms_Gtin14_ItselfAndEachShorterFormItsZerosAllow(string gtin14, string[] expected)
    {
        Assert.Equal(expected, GtinCheckDigit.ShorterForms(gtin14));
    }
}
