namespace Wms.Routing.PickPaths;

/// <summary>How a pick path is planned.</summary>
public enum PickPathMethod
{
    /// <summary>
    /// Shortest tour. One block: Ratliff &amp; Rosenthal's dynamic programme; up to
    /// <see cref="PickPathPlanner.MaxExactBlocks"/> blocks: its generalisation to several blocks (both for
    /// any number of picks). More blocks: Held-Karp up to <see cref="PickPathPlanner.MaxExactLocations"/>
    /// distinct locations. Beyond that, or when the budget runs out or the call is cancelled, the local
    /// search result is returned with <see cref="PickPath.IsOptimal"/> false.
    /// </summary>
    Optimal,

    /// <summary>Iterated local search (2-opt and Or-opt on neighbour lists, double-bridge kicks).</summary>
    LocalSearch,

    /// <summary>Traversal: every aisle with picks is walked end to end, alternating direction.</summary>
    SShape,

    /// <summary>Every aisle with picks is entered and left from the front (single block only).</summary>
    Return,

    /// <summary>Front half from the front, back half from the back (single block only).</summary>
    Midpoint,

    /// <summary>Each aisle is left unvisited across its largest gap between picks.</summary>
    LargestGap,

    /// <summary>Per aisle, traverse or return, chosen by a small dynamic programme (single block only).</summary>
    Combined,
}
