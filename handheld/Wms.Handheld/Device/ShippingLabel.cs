using System.Globalization;
using System.Text;
using Wms.Contracts.V1;

namespace Wms.Handheld.Device;

/// <summary>
/// A 4 x 6 inch carton label (203 dpi) in ZPL II: ship-to, the order and the carton's count, the requested
/// ship date, and the order reference as a Code 128 barcode for the pack and load scans. Text fields go
/// through ^FH so that a caret or tilde in a customer's name cannot end a field or start a command.
/// </summary>
public static class ShippingLabel
{
    public static string Zpl(Order order, string warehouse, int carton, int cartons)
    {
        var zpl = new StringBuilder();
        zpl.Append("^XA^CI28^PW812^LL1218^LH0,0\n");
        Text(zpl, 40, 40, 30, "FROM " + warehouse);
        Text(zpl, 40, 100, 30, "SHIP TO");
        Text(zpl, 40, 150, 60, order.CustomerName);
        Text(zpl, 40, 230, 40, order.AddressLine);
        zpl.Append("^FO40,300^GB732,4,4^FS\n");
        Text(zpl, 40, 340, 50, "ORDER " + order.Reference);
        Text(zpl, 40, 410, 50, string.Create(CultureInfo.InvariantCulture, $"CARTON {carton} OF {cartons}"));
        if (order.RequestedShipDate.Length > 0)
        {
            Text(zpl, 40, 480, 30, "SHIP " + order.RequestedShipDate);
        }

        zpl.Append("^FO40,560^BY3^BCN,200,Y,N,N^FH\\^FD").Append(Escape(order.Reference)).Append("^FS\n");
        zpl.Append("^XZ\n");
        return zpl.ToString();
    }

    private static void Text(StringBuilder zpl, int x, int y, int height, string text) =>
        zpl.Append(CultureInfo.InvariantCulture, $"^FO{x},{y}^A0N,{height},{height}^FH\\^FD{Escape(text)}^FS\n");

    /// <summary>With ^FH\ in force, "\" followed by two hex digits is that byte: the three characters ZPL gives meaning to are written so.</summary>
    internal static string Escape(string text) => text.Replace("\\", "\\5C", StringComparison.Ordinal)
        .Replace("^", "\\5E", StringComparison.Ordinal).Replace("~", "\\7E", StringComparison.Ordinal);
}
