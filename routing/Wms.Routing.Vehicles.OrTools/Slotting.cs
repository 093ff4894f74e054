using Wms.Routing.PickPaths;

namespace Wms.Routing.Vehicles.OrTools;

/// <summary>A SKU on a pick face: how often it is picked, what its pick-face stock needs, and where it is now.</summary>
/// <param name="PicksPerDay">Picks per day (from the ledger's pick history).</param>
/// <param name="Volume">Space its pick-face stock takes, in the unit of <see cref="SlottingBin.Capacity"/>.</param>
/// <param name="WeightKg">Weight of its pick-face stock, checked against <see cref="SlottingBin.MaxWeightKg"/>.</param>
/// <param name="CurrentBin">Id of the bin it is in now.</param>
/// <param name="Family">
/// Product family (SKUs often picked together); the advice keeps a family in few zones when a spread cost
/// is given (<see cref="SlottingAdvisor.Advise(IReadOnlyList{SlottingSku}, IReadOnlyList{SlottingBin}, int, TimeSpan, double, CancellationToken)"/>). Null: none.
/// </param>
public sealed record SlottingSku(string Id, double PicksPerDay, double Volume, double WeightKg, string CurrentBin, string? Family = null);

/// <summary>A pick-face bin: its walking distance from the depot and what it can hold (one SKU per bin).</summary>
/// <param name="DistanceM">Shortest walk from the depot to the bin along the aisles (<see cref="At"/> computes it).</param>
/// <param name="MaxWeightKg">What the bin's level may carry: upper levels take less, so heavy SKUs go low.</param>
/// <param name="Zone">Where a family counts as together (an aisle); null: the bin is a zone of its own.</param>
public sealed record SlottingBin(string Id, double DistanceM, double Capacity, double MaxWeightKg = double.PositiveInfinity, string? Zone = null)
{
    /// <summary>A bin at a place of the pick-path model, its distance the planner's walk from the depot, its zone the aisle.</summary>
    public static SlottingBin At(string id, WarehouseLayout layout, PickLocation location, double capacity, double maxWeightKg = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new SlottingBin(id, layout.DistanceFromDepot(location), capacity, maxWeightKg, $"aisle {location.Aisle.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }
}

/// <summary>One move of the advice: the SKU leaves its bin for another, and the walking that saves per day.</summary>
public readonly record struct SlottingMove(string SkuId, string FromBin, string ToBin, double WalkSavedPerDayM);

/// <summary>
/// The advice: at most the allowed number of moves, the walking per day before and after (each pick
/// counted as a walk from the depot to the bin and back) and whether the solver proved it the best.
/// </summary>
/// <param name="CurrentFamilyZones">Zones the families occupy now, summed over the families (a family in one aisle counts 1).</param>
/// <param name="AdvisedFamilyZones">The same after the advice.</param>
public sealed record SlottingAdvice(IReadOnlyList<SlottingMove> Moves, double CurrentWalkPerDayM, double AdvisedWalkPerDayM, bool IsOptimal,
    int CurrentFamilyZones = 0, int AdvisedFamilyZones = 0)
{
    public double WalkSavedPerDayM => CurrentWalkPerDayM - AdvisedWalkPerDayM;
}
