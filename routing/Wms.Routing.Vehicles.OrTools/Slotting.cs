using Wms.Routing.PickPaths;

namespace Wms.Routing.Vehicles.OrTools;

/// <summary>A SKU on a pick face: how often it is picked, what its pick-face stock needs, and where it is now.</summary>
/// <param name="PicksPerDay">Picks per day (from the ledger's pick history).</param>
/// <param name="Volume">Space its pick-face stock takes, in the unit of <see cref="SlottingBin.Capacity"/>.</param>
/// <param name="WeightKg">Weight of its pick-face stock, checked against <see cref="SlottingBin.MaxWeightKg"/>.</param>
/// <param name="CurrentBin">Id of the bin it is in now.</param>
public sealed record SlottingSku(string Id, double PicksPerDay, double Volume, double WeightKg, string CurrentBin);

/// <summary>A pick-face bin: its walking distance from the depot and what it can hold (one SKU per bin).</summary>
/// <param name="DistanceM">Shortest walk from the depot to the bin along the aisles (<see cref="At"/> computes it).</param>
/// <param name="MaxWeightKg">What the bin's level may carry: upper levels take less, so heavy SKUs go low.</param>
public sealed record SlottingBin(string Id, double DistanceM, double Capacity, double MaxWeightKg = double.PositiveInfinity)
{
    /// <summary>A bin at a place of the pick-path model, its distance the planner's walk from the depot.</summary>
    public static SlottingBin At(string id, WarehouseLayout layout, PickLocation location, double capacity, double maxWeightKg = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new SlottingBin(id, layout.DistanceFromDepot(location), capacity, maxWeightKg);
    }
}

/// <summary>One move of the advice: the SKU leaves its bin for another, and the walking that saves per day.</summary>
public readonly record struct SlottingMove(string SkuId, string FromBin, string ToBin, double WalkSavedPerDayM);

/// <summary>
/// The advice: at most the allowed number of moves, the walking per day before and after (each pick
/// counted as a walk from the depot to the bin and back) and whether the solver proved it the best.
/// </summary>
public sealed record SlottingAdvice(IReadOnlyList<SlottingMove> Moves, double CurrentWalkPerDayM, double AdvisedWalkPerDayM, bool IsOptimal)
{
    public double WalkSavedPerDayM => CurrentWalkPerDayM - AdvisedWalkPerDayM;
}
