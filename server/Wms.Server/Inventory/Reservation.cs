using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wms.Server.Inventory;

/// <summary>
/// Stock held for an order line in one bin and lot. The balance's reserved quantity is the sum of its
/// open reservations, so a reservation explains every reserved unit.
/// </summary>
public sealed class Reservation
{
    public long Id { get; set; }

    public long OrderLineId { get; set; }

    public long StockBalanceId { get; set; }

    public long Quantity { get; set; }

    /// <summary>Closed when picked, cancelled or released: then it no longer counts toward reserved.</summary>
    public bool Open { get; set; } = true;
}

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> b)
    {
        b.ToTable("reservations", t => t.HasCheckConstraint("ck_reservations_quantity", "quantity >= 0"));
        b.HasIndex(r => new { r.StockBalanceId, r.Open });
        b.HasIndex(r => r.OrderLineId);
        // Its foreign key to order_lines is declared by OrderConfiguration: Outbound builds on Inventory, not the other way round.
        b.HasOne<StockBalance>().WithMany().HasForeignKey(r => r.StockBalanceId).OnDelete(DeleteBehavior.Restrict);
    }
}
