using Wms.Grpc.Internal;
using Xunit;

namespace Wms.Grpc.Tests.Internal;

public sealed class PercentEncodingTests
{
    [Fact]
    public void Encode_PrintableAscii_Unchanged()
    {
        Assert.Equal("bin A-01 not found (wave 7)", PercentEncoding.Encode("bin A-01 not found (wave 7)"));
    }

    [Fact]
    public void Encode_NonAsciiAndPercent_EscapesUtf8BytesUpperHex()
    {
        Assert.Equal("Gr%C3%B6%C3%9Fe 100%25 %E2%9C%93", PercentEncoding.Encode("Größe 100% ✓"));
    }

    [Fact]
    public void Encode_ControlCharacters_Escaped()
    {
        Assert.Equal("a%0Ab%09", PercentEncoding.Encode("a\nb\t"));
    }

    [Theory]
    [InlineData("Lagerplatz A-01 nicht gefunden: Größe ✓")]
    [InlineData("📦 Paket 100% fertig\r\n")]
    [InlineData("")]
    [InlineData("%")]
    public void Decode_OfEncode_RoundTrips(string text)
    {
        Assert.Equal(text, PercentEncoding.Decode(PercentEncoding.Encode(text)));
    }

    [Theory]
    [InlineData("100%", "100%")]
    [InlineData("%zz", "%zz")]
    [InlineData("a%4", "a%4")]
    [InlineData("%41%62", "Ab")]
    [InlineData("%c3%b6", "ö")]
    public void Decode_MalformedOrLowercaseEscapes_DecodesLeniently(string wire, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(wire));
    }
}
