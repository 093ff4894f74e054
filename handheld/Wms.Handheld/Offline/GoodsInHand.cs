using System.Text.Json;

namespace Wms.Handheld.Offline;

/// <summary>
/// What a queued pick put in the picker's hand, kept with its outbox entry: if the server refuses the pick
/// when it finally arrives, the picker is told which order, which SKU, how many and which bin they go back to.
/// </summary>
public sealed record GoodsInHand(string Warehouse, string Order, string Sku, long Quantity, string Bin)
{
    public string ToNote() => JsonSerializer.Serialize(this);

    public static GoodsInHand? FromNote(string note)
    {
        if (note.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<GoodsInHand>(note);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
