using Wms.Grpc.Internal;
using Xunit;

namespace Wms.Grpc.Tests.Internal;

public sealed class MetadataHeadersTests
{
    [Theory]
    [InlineData("AQID", new byte[] { 1, 2, 3 })]
    [InlineData("AQI", new byte[] { 1, 2 })]
    [InlineData("AQI=", new byte[] { 1, 2 })]
    [InlineData("AQ", new byte[] { 1 })]
    [InlineData("AQ==", new byte[] { 1 })]
    [InlineData("", new byte[0])]
    public void DecodeBase64_PaddedOrUnpadded_Decodes(string value, byte[] expected)
    {
        Assert.Equal(expected, MetadataHeaders.DecodeBase64(value));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("A*B=")]
    public void DecodeBase64_Invalid_ThrowsInternal(string value)
    {
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => MetadataHeaders.DecodeBase64(value)).StatusCode);
    }

    [Fact]
    public void AddHeader_BinaryValuesJoinedByComma_AddsEachUnpadded()
    {
        var metadata = new Metadata();

        MetadataHeaders.AddHeader(metadata, "x-scan-bin", ["AQI, AwQF"]);

        Assert.Equal(2, metadata.Count);
        Assert.Equal(new byte[] { 1, 2 }, metadata[0].ValueBytes);
        Assert.Equal(new byte[] { 3, 4, 5 }, metadata[1].ValueBytes);
    }

    [Fact]
    public void AddHeader_ReservedOrNonAsciiText_Skipped()
    {
        var metadata = new Metadata();

        MetadataHeaders.AddHeader(metadata, "grpc-status", ["0"]);
        MetadataHeaders.AddHeader(metadata, "content-type", ["application/grpc"]);
        MetadataHeaders.AddHeader(metadata, "x-name", ["Größe"]);
        MetadataHeaders.AddHeader(metadata, "x-zone", ["Z1, Z2"]);

        var entry = Assert.Single(metadata);
        Assert.Equal("Z1, Z2", entry.Value);
    }

    [Fact]
    public void EncodeValue_Binary_IsBase64ThatDecodesBack()
    {
        byte[] bytes = [0, 0xFF, 0x10, 0x80];

        var encoded = MetadataHeaders.EncodeValue(new Metadata.Entry("x-token-bin", bytes));

        Assert.Equal(bytes, MetadataHeaders.DecodeBase64(encoded));
        Assert.Equal("text", MetadataHeaders.EncodeValue(new Metadata.Entry("x-text", "text")));
    }
}
