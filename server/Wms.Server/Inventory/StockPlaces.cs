using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Lookups and rules that the stock-changing commands share, run inside the writer's transaction so what
/// they check is what gets written.
/// </summary>
internal static class StockPlaces
{
    public static Task<StockBalance?> BalanceAsync(WmsDbContext db, long binId, long skuId, string lot, CancellationToken ct) =>
        db.Set<StockBalance>().FirstOrDefaultAsync(s => s.BinId == binId && s.SkuId == skuId && s.Lot == lot, ct);

    /// <summary>The hold on one SKU and lot in a bin, if there is one.</summary>
    public static Task<LotHold?> LotHoldAsync(WmsDbContext db, long binId, long skuId, string lot, CancellationToken ct) =>
        db.Set<LotHold>().AsNoTracking().FirstOrDefaultAsync(h => h.BinId == binId && h.SkuId == skuId && h.Lot == lot, ct);

    /// <summary>The balance to add to: the existing one, or a new one added to the context.</summary>
    public static async Task<StockBalance> BalanceForAddAsync(WmsDbContext db, Bin bin, Sku sku, string lot, DateOnly? expiry, DateTimeOffset now, CancellationToken ct)
    {
        var balance = await BalanceAsync(db, bin.Id, sku.Id, lot, ct);
        if (balance is null)
        {
            balance = new StockBalance { WarehouseId = bin.WarehouseId, BinId = bin.Id, SkuId = sku.Id, Lot = lot, Expiry = expiry, ReceivedAt = now };
            db.Add(balance);
            return balance;
        }

        if (expiry is { } given && balance.Expiry is { } booked && given != booked)
        {
            throw DomainException.Precondition($"Lot '{lot}' of SKU {sku.Code} in bin {bin.Code} expires {ClockTime.Format(booked)}, not {ClockTime.Format(given)}: one lot has one expiry.");
        }

        balance.Expiry ??= expiry;
        if (balance.OnHand == 0)
        {
            // Stock that arrives in an emptied bin is new stock for FIFO.
            balance.ReceivedAt = now;
        }

        return balance;
    }

    /// <summary>
    /// Refuses to put stock into a bin on hold, onto a held lot of the same SKU (good stock would join held stock
    /// and be held with it), against its mix policy, or beyond its capacity in units, weight or volume.
    /// </summary>
    public static async Task EnsureBinTakesAsync(WmsDbContext db, Bin bin, Sku sku, string lot, long quantity, CancellationToken ct)
    {
        bin.EnsureCanReceive();
        if (await LotHoldAsync(db, bin.Id, sku.Id, lot, ct) is { } hold)
        {
            throw DomainException.Precondition($"{LotHold.Describe(bin.Code, sku.Code, lot, hold.Reason)}: nothing of it can be put into that bin.");
        }

        var held = await (from s in db.Set<StockBalance>().AsNoTracking()
                          join k in db.Set<Sku>().AsNoTracking() on s.SkuId equals k.Id
                          where s.BinId == bin.Id && s.OnHand > 0
                          select new { s.SkuId, s.Lot, s.OnHand, k.UnitWeightKg, k.UnitVolumeM3 })
            .ToListAsync(ct);
        var lotText = lot.Length == 0 ? "" : $" lot '{lot}'";
        switch (bin.MixPolicy)
        {
            case MixPolicy.SameSku when held.Any(h => h.SkuId != sku.Id):
                throw DomainException.Precondition($"Bin {bin.Code} takes one SKU only and holds another: SKU {sku.Code} cannot go in.");
            case MixPolicy.EmptyOnly when held.Any(h => h.SkuId != sku.Id || h.Lot != lot):
                throw DomainException.Precondition($"Bin {bin.Code} takes one SKU and lot at a time and is not empty: SKU {sku.Code}{lotText} cannot go in.");
        }

        var load = held.Aggregate(default(BinLoad), (sum, h) => sum + BinLoad.Of(h.OnHand, h.UnitWeightKg, h.UnitVolumeM3));
        bin.EnsureRoomFor(load, BinLoad.Of(quantity, sku.UnitWeightKg, sku.UnitVolumeM3));
    }

    /// <summary>Lot as the SKU tracks it: required for lot-tracked SKUs, dropped for the others.</summary>
    public static string LotFor(Sku sku, string? lot, string field)
    {
        // Checked even where it is dropped: an oversized value is a bad request whatever the SKU.
        var value = Require.Optional(lot, field, Limits.Lot);
        if (!sku.LotTracked)
        {
            return "";
        }

        return value.Length > 0 ? value : throw DomainException.Invalid(field, "is required.");
    }

    /// <summary>Expiry as the SKU tracks it: required (YYYY-MM-DD) for expiry-tracked SKUs when <paramref name="required"/>.</summary>
    public static DateOnly? ExpiryFor(Sku sku, string? expiry, string field, bool required)
    {
        if (!sku.ExpiryTracked)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(expiry))
        {
            return required ? throw DomainException.Invalid(field, $"is required for SKU {sku.Code}, which tracks expiry (YYYY-MM-DD).") : null;
        }

        return Require.Date(expiry, field);
    }
}
