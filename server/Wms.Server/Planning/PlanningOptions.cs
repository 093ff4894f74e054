namespace Wms.Server.Planning;

/// <summary>What ABC ranks SKUs by: picked units, or their value (units × the SKU's lowest supplier price).</summary>
public enum AbcBasis
{
    Units = 1,
    Value = 2,
}

/// <summary>Settings under <c>Wms:Planning</c>; every figure a plan shows derives from these and the ledger.</summary>
public sealed class PlanningOptions
{
    /// <summary>Days of ledger history the forecasts learn from.</summary>
    public int HistoryDays { get; set; } = 365;

    /// <summary>Days ahead the forecast covers (its mean is the planned daily demand).</summary>
    public int HorizonDays { get; set; } = 14;

    /// <summary>Target cycle service level (probability of no stock-out in a replenishment cycle).</summary>
    public double ServiceLevel { get; set; } = 0.95;

    /// <summary>Supplier lead time of a central warehouse, its mean and standard deviation in days.</summary>
    public double SupplierLeadTimeDays { get; set; } = 7;

    public double SupplierLeadTimeSigmaDays { get; set; } = 2;

    /// <summary>Transfer lead time central → regional warehouse.</summary>
    public double TransferLeadTimeDays { get; set; } = 2;

    public double TransferLeadTimeSigmaDays { get; set; } = 0.5;

    /// <summary>Days between orders (the review period R of order-up-to = reorder point + d·R).</summary>
    public double ReviewDays { get; set; } = 7;

    /// <summary>ABC by picked units (default) or by their value at the SKU's lowest supplier price (a SKU without a price counts 0).</summary>
    public AbcBasis AbcBasis { get; set; } = AbcBasis.Units;

    /// <summary>
    /// Cost of holding stock for a year as a share of its value (capital, space, shrinkage): with prices, the supplier
    /// chosen is the one with the lowest purchases + this × price × (safety stock + half an order) per year.
    /// </summary>
    public double HoldingCostRatePerYear { get; set; } = 0.25;

    /// <summary>ABC cut-offs as cumulative shares of picked units or value (80/15/5 by default).</summary>
    public double AShare { get; set; } = 0.80;

    public double BShare { get; set; } = 0.95;

    /// <summary>XYZ cut-offs on the coefficient of variation of daily demand.</summary>
    public double XMaxCv { get; set; } = 0.5;

    public double YMaxCv { get; set; } = 1.0;

    /// <summary>Days a pick face waits for its replenishment (its lead time) and days of demand a top-off brings.</summary>
    public double FaceLeadTimeDays { get; set; } = 1;

    public double FaceCoverDays { get; set; } = 2;

    /// <summary>Days the nightly levels are kept for the KPIs (excess against the level in force each day); older rows are dropped.</summary>
    public int LevelHistoryDays { get; set; } = 730;

    /// <summary>Days of supply a warehouse aims to stay under (the seeds: about 45); the KPIs flag classes above it.</summary>
    public double DaysOfSupplyTarget { get; set; } = 45;
}
