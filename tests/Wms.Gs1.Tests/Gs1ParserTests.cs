using Xunit;

namespace Wms.Gs1.Tests;

public sealed class Gs1ParserTests
{
    private const char GS = Gs1Parser.GroupSeparator;

    /// <summary>What a good label must come out as: (GTIN, content GTIN, lot, expiry, serial, count, SSCC, weight).</summary>
    public sealed record Expected(string? Gtin = null, string? ContentGtin = null, string? Lot = null, string? Expiry = null, string? Serial = null,
        long? Count = null, string? Sscc = null, decimal? NetWeightKg = null);

    public static TheoryData<string, string, Expected> GoodLabels => new()
    {
        { "GTIN alone, no prefix", "0109506000134352", new(Gtin: "09506000134352") },
        { "GS1-128 prefix ]C1", "]C10109506000134352", new(Gtin: "09506000134352") },
        { "DataMatrix prefix ]d2", "]d20109506000134352", new(Gtin: "09506000134352") },
        { "QR prefix ]Q3", "]Q30109506000134352", new(Gtin: "09506000134352") },
        { "GTIN, expiry, lot at the end (no GS needed)", "]C1010950600013435217251231" + "10ABC123", new(Gtin: "09506000134352", Expiry: "2025-12-31", Lot: "ABC123") },
        { "lot ended by GS, then expiry", $"010950600013435210LOT-7{GS}17260300", new(Gtin: "09506000134352", Lot: "LOT-7", Expiry: "2026-03-31") },
        { "count 37 after GS", $"0209506000134352{GS}3712{GS}10L1", new(ContentGtin: "09506000134352", Count: 12, Lot: "L1") },
        { "SSCC pallet", "00106141411234567897", new(Sscc: "106141411234567897") },
        { "SSCC, content, count, lot", $"]C100106141411234567897020950600013435237100{GS}10B-77", new(Sscc: "106141411234567897", ContentGtin: "09506000134352", Count: 100, Lot: "B-77") },
        { "serial then weight 3102", $"010950600013435221SN0001{GS}3102001250", new(Gtin: "09506000134352", Serial: "SN0001", NetWeightKg: 12.50m) },
        { "weight 3100 whole kilos", "01095060001343523100000042", new(Gtin: "09506000134352", NetWeightKg: 42m) },
        { "weight 3105", "01095060001343523105123456", new(Gtin: "09506000134352", NetWeightKg: 1.23456m) },
        { "leading FNC1 as GS and GS after a fixed field", $"{GS}0109506000134352{GS}17251231", new(Gtin: "09506000134352", Expiry: "2025-12-31") },
        { "bracketed human-readable form", "(01)09506000134352(17)270115(10)ABC(37)6", new(Gtin: "09506000134352", Expiry: "2027-01-15", Lot: "ABC", Count: 6) },
        { "lot of exactly 20 characters", "0109506000134352" + "10ABCDEFGHIJKLMNOPQRST", new(Gtin: "09506000134352", Lot: "ABCDEFGHIJKLMNOPQRST") },
        { "same AI twice with the same value", $"0109506000134352{GS}0109506000134352", new(Gtin: "09506000134352") },
    };

    [Theory]
    [MemberData(nameof(GoodLabels))]
    public void Parse_GoodLabel_FieldsFilled(string scenario, string scan, Expected expected)
    {
        var result = Gs1Parser.Parse(scan);

        Assert.True(result.IsSuccess, $"{scenario}: {result.Error}");
        var label = result.Label!;
        Assert.Equal(expected, new Expected(label.Gtin, label.ContentGtin, label.Lot, label.Expiry?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            label.Serial, label.Count, label.Sscc, label.NetWeightKg));
        Assert.Null(result.Error);
    }

    public static TheoryData<string, string, string> BadLabels => new()
    {
        { "empty", "", "Empty scan." },
        { "bad GTIN check digit", "0109506000134353", "AI 01 (GTIN) 09506000134353 has a bad check digit: 3, expected 2." },
        { "bad content GTIN check digit", "0209506000134351", "AI 02 (content GTIN) 09506000134351 has a bad check digit: 1, expected 2." },
        { "bad SSCC check digit", "00106141411234567890", "AI 00 (SSCC) 106141411234567890 has a bad check digit: 0, expected 7." },
        { "truncated GTIN", "01095060001343", "AI 01 (GTIN) is cut short: it needs 14 characters, the label has 12 ('095060001343')." },
        { "truncated expiry at the end", "0109506000134352172512", "AI 17 (expiry) is cut short: it needs 6 characters, the label has 4 ('2512')." },
        { "truncated expiry before a GS", $"0109506000134352172512{GS}10A", "AI 17 (expiry) is cut short: it needs 6 characters, the label has 4 ('2512')." },
        { "truncated weight", "0109506000134352310212", "AI 3102 (net weight kg) is cut short: it needs 6 characters, the label has 2 ('12')." },
        { "unknown AI first", "9912345", "Unknown application identifier '99' at character 1." },
        { "unknown AI after GTIN", "010950600013435291XYZ", "Unknown application identifier '91' at character 17." },
        { "unknown weight AI 3106", "01095060001343523106000001", "Unknown application identifier '3106' at character 17." },
        { "lot longer than 20 (GS missing)", "10ABCDEFGHIJKLMNOPQRSTU", "AI 10 (lot) is longer than 20 characters ('ABCDEFGHIJKLMNOPQRSTU'): is a GS separator missing?" },
        { "count longer than 8", "37123456789", "AI 37 (count) is longer than 8 characters ('123456789'): is a GS separator missing?" },
        { "count not digits", $"3712A{GS}", "AI 37 (count) must be digits, the label has '12A'." },
        { "empty lot", $"10{GS}0109506000134352", "AI 10 (lot) is empty." },
        { "GTIN with a letter", "010950600013435X", "AI 01 (GTIN) must be digits, the label has '0950600013435X'." },
        { "expiry month 13", "17251301", "AI 17 (expiry) '251301' is not a date (YYMMDD)." },
        { "expiry 30 February", "17260230", "AI 17 (expiry) '260230' is not a date (YYMMDD)." },
        { "lot with a character GS1 forbids", "10AB#C", "AI 10 (lot) contains '#', which a GS1 label cannot carry." },
        { "same AI twice, different values", $"10A{GS}10B", "AI 10 (lot) appears twice with different values: 'A' and 'B'." },
        { "foreign symbology", "]A0ABC", "Symbology ']A0' carries no GS1 data: expected ]C1, ]d2 or ]Q3." },
        { "prefix only", "]C1", "The label holds no data." },
        { "bracketed unknown AI", "(01)09506000134352(98)X", "Unknown application identifier '98' at character 20." },
        { "bracketed short GTIN", "(01)0950600013435", "AI 01 (GTIN) is cut short: it needs 14 characters, the label has 13 ('0950600013435')." },
        { "bracketed unclosed", "(01", "Expected '(AI)' at character 1." },
    };

    [Theory]
    [MemberData(nameof(BadLabels))]
    public void Parse_MalformedLabel_ClearMessageAndNoLabel(string scenario, string scan, string message)
    {
        var result = Gs1Parser.Parse(scan);

        Assert.False(result.IsSuccess, scenario);
        Assert.Null(result.Label);
        Assert.Equal(message, result.Error);
    }

    [Theory]
    [InlineData("17251231", 2026, 1, 1, "2025-12-31")]
    [InlineData("17751231", 2026, 1, 1, "2075-12-31")]
    [InlineData("17771231", 2026, 1, 1, "1977-12-31")]
    [InlineData("17050101", 2060, 6, 1, "2105-01-01")]
    [InlineData("17260200", 2026, 1, 1, "2026-02-28")]
    [InlineData("17280200", 2026, 1, 1, "2028-02-29")]
    public void Parse_ExpiryWithToday_CenturyBySlidingWindowAndDay00IsMonthEnd(string scan, int year, int month, int day, string expected)
    {
        var result = Gs1Parser.Parse(scan, new DateOnly(year, month, day));

        Assert.Equal(expected, result.Label!.Expiry!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("]C10109506000134352", true)]
    [InlineData("010950600013435210A", true)]
    [InlineData("10LOT\u001d17251231", true)]
    [InlineData("(01)09506000134352", true)]
    [InlineData("00106141411234567897", true)]
    [InlineData("4006381333931", false)]
    [InlineData("09506000134352", false)]
    [InlineData("A-01-02", false)]
    [InlineData("SKU-1", false)]
    [InlineData("12", false)]
    public void LooksLikeGs1_Scan_TellsLabelsFromPlainCodes(string scan, bool expected)
    {
        Assert.Equal(expected, Gs1Parser.LooksLikeGs1(scan));
    }

    [Fact]
    public void Parse_GoodLabel_ElementsKeepLabelOrderWithTitles()
    {
        var label = Gs1Parser.Parse($"]C10109506000134352{GS}10L-1{GS}3712").Label!;

        Assert.Equal([("01", "GTIN", "09506000134352"), ("10", "lot", "L-1"), ("37", "count", "12")], label.Elements.Select(e => (e.Ai, e.Title, e.Value)));
        Assert.Equal("09506000134352", label.ItemGtin);
    }
}
