using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>Which tote on the picker's cart holds which order of a trip (recorded at trip start).</summary>
public sealed class TripTote
{
    public long Id { get; set; }

    public long TripId { get; set; }

    public long OrderId { get; set; }

    public string ToteCode { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Where a finished trip's totes were left (a staging bin such as a pack station), by whom and when.</summary>
public sealed class TripDropOff
{
    public long TripId { get; set; }

    public long BinId { get; set; }

    public string DroppedBy { get; set; } = "";

    public DateTimeOffset DroppedAt { get; set; }
}

public sealed record ToteOfOrder(string OrderReference, string ToteCode);

/// <summary>
/// What both tote calls answer: the trip's totes by order, and its drop-off point once dropped. Records,
/// not tuples: a replayed request gets this back through System.Text.Json, which skips tuple fields.
/// </summary>
public sealed record TripTotesView(long TripId, IReadOnlyList<ToteOfOrder> Totes, string DropOffBinCode)
{
    public static async Task<TripTotesView> LoadAsync(WmsDbContext db, long tripId, CancellationToken ct)
    {
        var totes = await (from t in db.Set<TripTote>().AsNoTracking()
                           where t.TripId == tripId
                           join o in db.Set<Order>() on t.OrderId equals o.Id
                           orderby o.Reference
                           select new { o.Reference, t.ToteCode }).ToListAsync(ct);
        var dropOff = await (from d in db.Set<TripDropOff>().AsNoTracking()
                             where d.TripId == tripId
                             join b in db.Set<Bin>() on d.BinId equals b.Id
                             select b.Code).FirstOrDefaultAsync(ct);
        return new TripTotesView(tripId, [.. totes.Select(t => new ToteOfOrder(t.Reference, t.ToteCode))], dropOff ?? "");
    }

    /// <summary>The caller's own trip, as both tote calls need it.</summary>
    public static async Task<Trip> CallersTripAsync(WmsDbContext db, long tripId, string actor, CancellationToken ct)
    {
        var trip = await db.Set<Trip>().FirstOrDefaultAsync(t => t.Id == tripId, ct)
            ?? throw DomainException.NotFound("Trip", tripId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Equals(trip.AssignedTo, actor, StringComparison.Ordinal)
            ? trip
            : throw DomainException.Precondition($"Trip {trip.Id} is {(trip.AssignedTo.Length == 0 ? "not taken by anyone" : "picked by " + trip.AssignedTo)}, not by {actor}.");
    }
}

internal sealed class TripToteConfiguration : IEntityTypeConfiguration<TripTote>, IEntityTypeConfiguration<TripDropOff>
{
    public void Configure(EntityTypeBuilder<TripTote> b)
    {
        b.ToTable("trip_totes");
        b.Property(t => t.ToteCode).HasMaxLength(64);
        // One tote per order and one order per tote, within a trip.
        b.HasIndex(t => new { t.TripId, t.OrderId }).IsUnique();
        b.HasIndex(t => new { t.TripId, t.ToteCode }).IsUnique();
        b.HasOne<Trip>().WithMany().HasForeignKey(t => t.TripId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Order>().WithMany().HasForeignKey(t => t.OrderId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<TripDropOff> b)
    {
        b.ToTable("trip_drop_offs");
        b.HasKey(d => d.TripId);
        b.Property(d => d.TripId).ValueGeneratedNever();
        b.Property(d => d.DroppedBy).HasMaxLength(100);
        b.HasOne<Trip>().WithMany().HasForeignKey(d => d.TripId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bin>().WithMany().HasForeignKey(d => d.BinId).OnDelete(DeleteBehavior.Restrict);
    }
}
