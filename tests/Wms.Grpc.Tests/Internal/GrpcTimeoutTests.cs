using Wms.Grpc.Internal;
using Xunit;

namespace Wms.Grpc.Tests.Internal;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("30S", 300_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("300n", 3L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void TryParse_ValidValue_ReturnsTimeout(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(TimeSpan.FromTicks(ticks), timeout);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData(" 1S")]
    [InlineData("123456789S")]
    public void TryParse_InvalidValue_ReturnsFalse(string? value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }

    [Theory]
    [InlineData(1L, "100n")]
    [InlineData(999_999L, "99999900n")]
    [InlineData(10_000_000L, "1000000u")]
    [InlineData(20_000_000_000L, "2000000m")]
    [InlineData(36_000_000_000_000L, "3600000S")]
    public void Format_Timeout_PicksFinestUnitWithinEightDigits(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Format_NotExactInUnit_RoundsUpNeverDown()
    {
        // 10 s + 1 tick does not fit in nanoseconds; microseconds must round up, not truncate.
        var value = GrpcTimeout.Format(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1));

        Assert.Equal("10000001u", value);
    }

    [Fact]
    public void Format_ZeroOrNegative_IsSmallestPositiveTimeout()
    {
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.Zero));
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-5)));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(3.0)]
    [InlineData(86_400.0)]
    [InlineData(10_000_000.0)]
    public void Format_ThenParse_NeverShortensTimeout(double seconds)
    {
        var timeout = TimeSpan.FromSeconds(seconds);

        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(timeout), out var parsed));

        Assert.True(parsed >= timeout, $"{parsed} < {timeout}");
        Assert.True(GrpcTimeout.Format(timeout).Length <= 9);
    }
}
