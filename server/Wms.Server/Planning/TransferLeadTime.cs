using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Layout;

namespace Wms.Server.Planning;

/// <summary>
/// How long a transfer from one central warehouse to one regional warehouse takes, its mean and standard deviation in
/// days (a truck's run from Frankfurt to Munich is not the run from Hamburg). A regional warehouse's plan uses the
/// lead time of the central warehouse it is planned on; a pair without a row uses <c>Wms:Planning:TransferLeadTimeDays</c>.
/// </summary>
public sealed class TransferLeadTime
{
    public long Id { get; set; }

    public long SourceWarehouseId { get; set; }

    public long TargetWarehouseId { get; set; }

    public double LeadTimeDays { get; set; }

    public double LeadTimeSigmaDays { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TransferLeadTimeConfiguration : IEntityTypeConfiguration<TransferLeadTime>
{
    public void Configure(EntityTypeBuilder<TransferLeadTime> b)
    {
        b.ToTable("transfer_lead_times", t =>
        {
            t.HasCheckConstraint("ck_transfer_lead_times_lead_time", "lead_time_days > 0 AND lead_time_sigma_days >= 0");
            t.HasCheckConstraint("ck_transfer_lead_times_two_warehouses", "source_warehouse_id <> target_warehouse_id");
        });
        b.HasIndex(x => new { x.SourceWarehouseId, x.TargetWarehouseId }).IsUnique();
        b.HasIndex(x => x.TargetWarehouseId);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.SourceWarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.TargetWarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
