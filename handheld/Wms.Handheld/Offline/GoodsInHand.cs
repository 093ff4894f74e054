using System.Text.Json;

namespace Wms.Handheld.Offline;

/// <summary>
/// What a queued pick put in the picker's hand, kept with its outbox entry: if the server refuses the pick
/// when it finally arrives, the picker is told which order, which SKU, how many and which bin they go back to.
/// A replenishment names no order; <see cref="To"/> is the pick face the units were put in.
/// </summary>
public sealed record GoodsInHand(string Warehouse, string Order, string Sku, long Quantity, string Bin, string To = "")
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
