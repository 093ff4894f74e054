using System.Collections.Immutable;
using System.Globalization;
using Wms.Routing.PickPaths.Internal;

namespace Wms.Routing.PickPaths;

/// <summary>
/// A rectangular warehouse of parallel pick aisles cut into blocks by cross aisles: cross aisle 0 runs
/// along the front, cross aisle <see cref="BlockCount"/> along the back. The depot sits on the centre
/// line of the front cross aisle, in front of aisle <see cref="DepotAisle"/>, or anywhere along the front
/// or back cross aisle (<see cref="WithDepot"/>): between two aisles or at a corner. Travel follows
/// centre lines: along an aisle, and along a cross aisle from one aisle to the next.
/// </summary>
public sealed record WarehouseLayout
{
    /// <summary>Upper bound on aisles: keeps the planners' memory (linear in aisles) small.</summary>
    public const int MaxAisles = 10_000;

    /// <summary>Upper bound on blocks.</summary>
    public const int MaxBlocks = 100;

    private readonly double[] _crossAisleY;
    private readonly double[] _blockStart;

    /// <summary>A layout whose blocks all have the same aisle length.</summary>
    public WarehouseLayout(int aisleCount, double aisleLength, double aisleSpacing, double crossAisleWidth,
        int blockCount = 1, int depotAisle = 0)
        : this(aisleCount, Enumerable.Repeat(aisleLength, Math.Clamp(blockCount, 0, MaxBlocks + 1)).ToImmutableArray(),
            aisleSpacing, crossAisleWidth, depotAisle, blockCount)
    {
    }

    /// <summary>A layout with one aisle length (metres of racking) per block, front block first.</summary>
    public WarehouseLayout(int aisleCount, ImmutableArray<double> blockLengths, double aisleSpacing,
        double crossAisleWidth, int depotAisle = 0)
        : this(aisleCount, blockLengths, aisleSpacing, crossAisleWidth, depotAisle, blockLengths.IsDefault ? 0 : blockLengths.Length)
    {
    }

    private WarehouseLayout(int aisleCount, ImmutableArray<double> blockLengths, double aisleSpacing,
        double crossAisleWidth, int depotAisle, int blockCount)
    {
        if (aisleCount < 1 || aisleCount > MaxAisles)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A warehouse has 1..{MaxAisles} aisles."), nameof(aisleCount));
        }

        if (blockCount < 1 || blockLengths.IsDefault || blockLengths.Length < 1 || blockCount > MaxBlocks)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A warehouse has 1..{MaxBlocks} blocks."), nameof(blockCount));
        }

        for (var b = 0; b < blockLengths.Length; b++)
        {
            if (!double.IsFinite(blockLengths[b]) || blockLengths[b] <= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Aisle length of block {b} must be a positive number of metres."),
                    nameof(blockLengths));
            }
        }

        if (!double.IsFinite(aisleSpacing) || aisleSpacing <= 0)
        {
            throw new ArgumentException("Aisle spacing (centre to centre) must be a positive number of metres.", nameof(aisleSpacing));
        }

        if (!double.IsFinite(crossAisleWidth) || crossAisleWidth < 0)
        {
            throw new ArgumentException("Cross-aisle width must be a finite, non-negative number of metres.", nameof(crossAisleWidth));
        }

        if (depotAisle < 0 || depotAisle >= aisleCount)
        {
            throw new ArgumentException("The depot must stand in front of one of the aisles.", nameof(depotAisle));
        }

        AisleCount = aisleCount;
        BlockLengths = blockLengths;
        AisleSpacing = aisleSpacing;
        CrossAisleWidth = crossAisleWidth;
        DepotAisle = depotAisle;
        DepotOffset = depotAisle * aisleSpacing;

        // Centre lines of the cross aisles, and where each block's racking starts, in aisle positions.
        _crossAisleY = new double[blockLengths.Length + 1];
        _blockStart = new double[blockLengths.Length];
        for (var b = 0; b < blockLengths.Length; b++)
        {
            _blockStart[b] = _crossAisleY[b];
            _crossAisleY[b + 1] = _crossAisleY[b] + blockLengths[b] + crossAisleWidth;
        }

        AisleLength = _crossAisleY[^1] - crossAisleWidth;
    }

    public int AisleCount { get; }

    public int BlockCount => BlockLengths.Length;

    public ImmutableArray<double> BlockLengths { get; }

    /// <summary>Centre-to-centre distance between neighbouring aisles, in metres.</summary>
    public double AisleSpacing { get; }

    public double CrossAisleWidth { get; }

    /// <summary>The aisle the depot stands in front of (or behind), or the nearest one when it is between aisles.</summary>
    public int DepotAisle { get; private init; }

    /// <summary>Which end cross aisle the depot is on.</summary>
    public CrossAisleSide DepotSide { get; private init; }

    /// <summary>
    /// Where the depot is along its cross aisle, in metres from the centre line of aisle 0 (aisle a is at
    /// a × <see cref="AisleSpacing"/>); from −<see cref="AisleSpacing"/> to <see cref="AisleCount"/> ×
    /// <see cref="AisleSpacing"/>, so a corner beyond either outer aisle is included.
    /// </summary>
    public double DepotOffset { get; private init; }

    /// <summary>The same warehouse with the depot on the front or back cross aisle, <paramref name="offset"/> metres from aisle 0.</summary>
    public WarehouseLayout WithDepot(CrossAisleSide side, double offset)
    {
        if (!Enum.IsDefined(side))
        {
            throw new ArgumentException("Unknown cross-aisle side.", nameof(side));
        }

        if (!double.IsFinite(offset) || offset < -AisleSpacing || offset > AisleCount * AisleSpacing)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The depot must be on the cross aisle, {-AisleSpacing}..{AisleCount * AisleSpacing} m from aisle 0."), nameof(offset));
        }

        var nearest = (int)Math.Clamp(Math.Round(offset / AisleSpacing), 0, AisleCount - 1);
        return this with { DepotSide = side, DepotOffset = offset, DepotAisle = nearest };
    }

    /// <summary>Largest valid position: all blocks' racking plus the inner cross aisles.</summary>
    public double AisleLength { get; }

    /// <summary>Shortest walking distance between two pick locations.</summary>
    public double Distance(PickLocation from, PickLocation to) =>
        Distance(ToPoint(from, nameof(from)), ToPoint(to, nameof(to)));

    /// <summary>Shortest walking distance from the depot to a pick location (the same back).</summary>
    public double DistanceFromDepot(PickLocation to) => DistanceFromDepot(ToPoint(to, nameof(to)));

    internal double CrossAisleY(int crossAisle) => _crossAisleY[crossAisle];

    /// <summary>The cross aisle the depot is on: 0 (front) or <see cref="BlockCount"/> (back).</summary>
    internal int DepotCrossAisle => DepotSide == CrossAisleSide.Front ? 0 : BlockCount;

    /// <summary>The depot's position in aisle units: aisle a is at a; between aisles it is fractional.</summary>
    internal double DepotX => DepotOffset / AisleSpacing;

    /// <summary>The end of aisle <paramref name="aisle"/> on cross aisle <paramref name="crossAisle"/> (0 or the back).</summary>
    internal GridPoint EndPoint(int aisle, int crossAisle) => new(aisle, crossAisle == 0 ? -1 : -2, _crossAisleY[crossAisle]);

    /// <summary>
    /// From the depot every walk starts along its cross aisle to one of the two aisle ends on either side
    /// of it (the one end, at a corner), so the distance is the better of those two.
    /// </summary>
    internal double DistanceFromDepot(GridPoint to)
    {
        var x = DepotX;
        var left = (int)Math.Clamp(Math.Floor(x), 0, AisleCount - 1);
        var right = (int)Math.Clamp(Math.Ceiling(x), 0, AisleCount - 1);
        var c = DepotCrossAisle;
        var viaLeft = (Math.Abs(x - left) * AisleSpacing) + Distance(EndPoint(left, c), to);
        return right == left ? viaLeft : Math.Min(viaLeft, (Math.Abs(right - x) * AisleSpacing) + Distance(EndPoint(right, c), to));
    }

    /// <summary>Places the i-th pick of a request; the field name is only formatted for an error.</summary>
    internal GridPoint ToPoint(PickLocation location, int pickIndex) => ToPoint(location, null, pickIndex);

    internal GridPoint ToPoint(PickLocation location, string field) => ToPoint(location, field, -1);

    private GridPoint ToPoint(PickLocation location, string? field, int pickIndex)
    {
        if (location.Aisle >= AisleCount)
        {
            field ??= string.Create(CultureInfo.InvariantCulture, $"picks[{pickIndex}]");
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{field}.Aisle {location.Aisle} is outside aisles 0..{AisleCount - 1}."),
                field);
        }

        for (var b = 0; b < BlockCount; b++)
        {
            var offset = location.Position - _blockStart[b];
            if (offset >= 0 && offset <= BlockLengths[b])
            {
                return new GridPoint(location.Aisle, b, location.Position + (CrossAisleWidth / 2));
            }
        }

        field ??= string.Create(CultureInfo.InvariantCulture, $"picks[{pickIndex}]");
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture,
                $"{field}.Position {location.Position} m is not on racking (0..{AisleLength} m, cross aisles excluded)."),
            field);
    }

    internal double Distance(GridPoint p, GridPoint q)
    {
        var dx = Math.Abs(p.Aisle - q.Aisle) * AisleSpacing;
        if (dx == 0 && p.Block == q.Block && p.Block >= 0)
        {
            return Math.Abs(p.Y - q.Y);
        }

        // Leave p's aisle by one end of its block, cross over, enter q's block by one of its ends.
        var best = double.PositiveInfinity;
        var (p0, p1) = Exits(p);
        var (q0, q1) = Exits(q);
        for (var c1 = p0; c1 <= p1; c1++)
        {
            for (var c2 = q0; c2 <= q1; c2++)
            {
                var y1 = _crossAisleY[c1];
                var y2 = _crossAisleY[c2];
                best = Math.Min(best, Math.Abs(p.Y - y1) + Math.Abs(y1 - y2) + Math.Abs(y2 - q.Y));
            }
        }

        return dx + best;
    }

    public bool Equals(WarehouseLayout? other) =>
        other is not null && AisleCount == other.AisleCount && AisleSpacing.Equals(other.AisleSpacing)
        && CrossAisleWidth.Equals(other.CrossAisleWidth) && DepotAisle == other.DepotAisle
        && DepotSide == other.DepotSide && DepotOffset.Equals(other.DepotOffset)
        && BlockLengths.AsSpan().SequenceEqual(other.BlockLengths.AsSpan());

    public override int GetHashCode() =>
        HashCode.Combine(AisleCount, AisleSpacing, CrossAisleWidth, DepotOffset, DepotSide, BlockCount, BlockLengths[0]);

    // Block -1 is a point on the front cross aisle, -2 on the back one.
    private (int First, int Last) Exits(GridPoint p) => p.Block switch
    {
        -1 => (0, 0),
        -2 => (BlockCount, BlockCount),
        _ => (p.Block, p.Block + 1),
    };
}
