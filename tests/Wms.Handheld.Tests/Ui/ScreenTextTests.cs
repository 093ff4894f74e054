using Spectre.Console;
using Wms.Handheld.Ui;
using Xunit;

namespace Wms.Handheld.Tests.Ui;

public sealed class ScreenTextTests
{
    [Theory]
    [InlineData("Picked 4. Line done.", new[] { "Picked 4. Line done." })]
    [InlineData("Wrong bin: expected A-01-02, scanned A-01-03", new[] { "Wrong bin: expected A-01-02, scanned", "A-01-03" })]
    [InlineData("", new string[0])]
    [InlineData("]C101040123456789012345678901234567890123456789", new[] { "]C10104012345678901234567890123456789012", "3456789" })]
    public void Wrap_At40Columns_BreaksAtSpacesAndSplitsOnlyAWordLongerThanARow(string text, string[] rows) =>
        Assert.Equal(rows, TextWrap.Wrap(text, 40));

    [Fact]
    public void SpectreDisplay_On40Columns_DrawsTheWholeMessageWrappedAndRingsTheBell()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 40;
        var bell = new StringWriter();
        var message = "SKU SKU-1 is not on receipt PO-7: receive it against a receipt that expects it.";

        new SpectreDisplay(console, bell).Show(new ScreenFrame("RECEIVE  PO-7", ["Into DOCK-1"], "Scan item", message, true, "W1  ada  ONLINE", true));

        var rows = output.ToString().Split('\n').Select(r => r.TrimEnd('\r')).ToList();
        Assert.All(rows, r => Assert.True(r.Length <= 40, r));
        var at = rows.IndexOf("SKU SKU-1 is not on receipt PO-7:");
        Assert.Equal(["receive it against a receipt that", "expects it."], rows.Skip(at + 1).Take(2));
        Assert.Equal("\a", bell.ToString());
    }
}
