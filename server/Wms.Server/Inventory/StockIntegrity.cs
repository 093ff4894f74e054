using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Inventory;

/// <summary>One balance that breaks an invariant, and how.</summary>
public sealed record StockDiscrepancy(long StockBalanceId, long BinId, long SkuId, string Lot, string Problem)
{
    public override string ToString() => $"balance {StockBalanceId} (bin {BinId}, SKU {SkuId}, lot '{Lot}'): {Problem}";
}

/// <summary>
/// Checks the stock invariants against the database as it is: on hand equals the sum of the balance's
/// ledger rows, reserved equals the sum of its open reservations, neither is negative and reserved never
/// exceeds on hand. Tests run it after every stock-changing scenario; an empty list means all is well.
/// </summary>
public static class StockIntegrity
{
    public static async Task<IReadOnlyList<StockDiscrepancy>> VerifyAsync(WmsDbContext db, CancellationToken cancellationToken = default)
    {
        var balances = await db.Set<StockBalance>().AsNoTracking()
            .Select(s => new { s.Id, s.BinId, s.SkuId, s.Lot, s.OnHand, s.Reserved })
            .ToListAsync(cancellationToken);
        var ledger = await db.Set<LedgerEntry>().AsNoTracking()
            .GroupBy(e => e.StockBalanceId)
            .Select(g => new { Id = g.Key, Sum = g.Sum(e => e.Quantity) })
            .ToDictionaryAsync(x => x.Id, x => x.Sum, cancellationToken);
        var reserved = await db.Set<Reservation>().AsNoTracking()
            .Where(r => r.Open)
            .GroupBy(r => r.StockBalanceId)
            .Select(g => new { Id = g.Key, Sum = g.Sum(r => r.Quantity) })
            .ToDictionaryAsync(x => x.Id, x => x.Sum, cancellationToken);

        var problems = new List<StockDiscrepancy>();
        foreach (var b in balances)
        {
            void Report(string problem) => problems.Add(new StockDiscrepancy(b.Id, b.BinId, b.SkuId, b.Lot, problem));

            var ledgerSum = ledger.GetValueOrDefault(b.Id);
            var reservedSum = reserved.GetValueOrDefault(b.Id);
            if (b.OnHand != ledgerSum)
            {
                Report($"on hand {b.OnHand} but its ledger rows sum to {ledgerSum}");
            }

            if (b.Reserved != reservedSum)
            {
                Report($"reserved {b.Reserved} but its open reservations sum to {reservedSum}");
            }

            if (b.OnHand < 0 || b.Reserved < 0)
            {
                Report($"negative stock: on hand {b.OnHand}, reserved {b.Reserved}");
            }

            if (b.Reserved > b.OnHand)
            {
                Report($"reserved {b.Reserved} exceeds on hand {b.OnHand}");
            }
        }

        var known = balances.Select(b => b.Id).ToHashSet();
        foreach (var orphan in ledger.Keys.Concat(reserved.Keys).Where(id => !known.Contains(id)).Distinct())
        {
            problems.Add(new StockDiscrepancy(orphan, 0, 0, "", "ledger rows or reservations point at a balance that does not exist"));
        }

        return problems;
    }
}
