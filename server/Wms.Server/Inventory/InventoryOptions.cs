namespace Wms.Server.Inventory;

/// <summary>Settings under <c>Wms:Inventory</c>.</summary>
public sealed class InventoryOptions
{
    /// <summary>
    /// A counted variance is accepted without a recount when it is at most this many units, or at most
    /// <see cref="CountTolerancePercent"/> of the book quantity, whichever allows more.
    /// </summary>
    public long CountToleranceUnits { get; set; }

    public double CountTolerancePercent { get; set; } = 2;

    public bool WithinTolerance(long book, long counted)
    {
        var variance = Math.Abs(counted - book);
        return variance <= CountToleranceUnits || variance <= book * CountTolerancePercent / 100.0;
    }
}
