using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>What the handheld shows: go to this bin, pick this much of this item; "line 3 of 12".</summary>
public sealed record PickTaskView(
    long TaskId, long TripId, string BinCode, string SkuCode, string Description, string UnitOfMeasure, string Lot,
    long QuantityRemaining, int Sequence, int TaskCount, string OrderReference, double TripPlannedDistanceM);

/// <summary>A pick task with everything a confirmation touches: loaded and saved in <c>PickTaskRow.Sql.cs</c>, rules here.</summary>
internal sealed partial record PickTaskRow(PickTask Task, Trip Trip, string BinCode, Sku Sku, Reservation Reservation, StockBalance Balance, OrderLine Line, Order Order)
{
    public long Remaining => Task.Quantity - Task.PickedQuantity;

    /// <summary>Only the picker who holds the trip works its tasks, and only tasks still open.</summary>
    public void EnsureWorkableBy(string actor)
    {
        if (Trip.Status != TripStatus.InProgress || !string.Equals(Trip.AssignedTo, actor, StringComparison.Ordinal))
        {
            throw DomainException.Precondition(Trip.Status == TripStatus.InProgress
                ? $"Pick task {Task.Id} is on trip {Trip.Id}, which {Trip.AssignedTo} is picking."
                : $"Pick task {Task.Id} is on trip {Trip.Id}, which is {Trip.Status}: take a trip with GetNextPickTask first.");
        }

        if (Task.Status != PickTaskStatus.Open)
        {
            throw DomainException.Precondition($"Pick task {Task.Id} is already {Task.Status.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>A pick through EF Core (a short pick's found units): the ledger writer adds the row to the context.</summary>
    public void Pick(WmsDbContext db, long quantity, LedgerContext ledger)
    {
        StockLedger.PickReserved(db, Balance, quantity, ledger);
        MoveReserved(quantity);
    }

    /// <summary>The reserved units leave the bin on the prepared-SQL path; the ledger writer's <paramref name="stock"/> writes the change.</summary>
    public void TakeReserved(StockLedger.Changes stock, long quantity, LedgerContext ledger)
    {
        stock.PickReserved(Balance, quantity, ledger);
        MoveReserved(quantity);
    }

    /// <summary>Reservation, line and task move with the balance.</summary>
    private void MoveReserved(long quantity)
    {
        Reservation.Quantity -= quantity;
        Reservation.Open = Reservation.Quantity > 0;
        Line.PickedQuantity += quantity;
        Line.AllocatedQuantity -= quantity;
        Task.PickedQuantity += quantity;
        if (Task.PickedQuantity == Task.Quantity)
        {
            Task.Status = PickTaskStatus.Picked;
        }
    }
}

internal static class PickTaskViews
{
    /// <summary>The trip's open task with the lowest sequence, or null when the trip has none left.</summary>
    public static async Task<PickTaskView?> NextAsync(WmsDbContext db, long tripId, CancellationToken cancellationToken)
    {
        var row = await (from t in db.Set<PickTask>()
                         where t.TripId == tripId && t.Status == PickTaskStatus.Open
                         orderby t.Sequence
                         join b in db.Set<Bin>() on t.BinId equals b.Id
                         join s in db.Set<Sku>() on t.SkuId equals s.Id
                         join o in db.Set<Order>() on t.OrderId equals o.Id
                         join tr in db.Set<Trip>() on t.TripId equals tr.Id
                         select new { t, BinCode = b.Code, SkuCode = s.Code, s.Description, s.UnitOfMeasure, o.Reference, tr.PlannedDistanceM }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var count = await db.Set<PickTask>().CountAsync(t => t.TripId == tripId, cancellationToken);
        return new PickTaskView(
            row.t.Id, tripId, row.BinCode, row.SkuCode, row.Description, row.UnitOfMeasure, row.t.Lot,
            row.t.Quantity - row.t.PickedQuantity, row.t.Sequence, count, row.Reference, row.PlannedDistanceM);
    }
}
