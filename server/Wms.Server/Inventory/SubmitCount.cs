using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// The counter's blind count of a bin, compared with the book. Within tolerance, the differences are
/// posted (ledger reason CycleCount, code count_variance) and the count closes; beyond it, a second blind
/// count is asked for, and what the second count says is posted. A count never sets on hand below what
/// is reserved: the supervisor resolves those reservations first.
/// </summary>
public static class SubmitCount
{
    public sealed record CountedLine(string SkuCode, string? Lot, long Quantity, string? Expiry);

    public sealed record Command(string RequestId, string Actor, long CountId, IReadOnlyList<CountedLine> Lines);

    public sealed record Adjustment(string SkuCode, string Lot, long Quantity);

    public sealed record Result(CycleCountStatus Status, int Attempts, IReadOnlyList<Adjustment> Adjustments);

    public sealed class Handler(WriteBatcher writes, TimeProvider time, IOptions<InventoryOptions> options)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.CountId, "count_id");
            for (var i = 0; i < command.Lines.Count; i++)
            {
                Require.NotEmpty(command.Lines[i].SkuCode, $"lines[{i}].sku_code", Limits.SkuCode);
                if (command.Lines[i].Quantity is < 0 or > Limits.BinQuantity)
                {
                    throw DomainException.Invalid($"lines[{i}].quantity", $"must be from 0 to {Limits.BinQuantity} units (the most one bin holds), got {command.Lines[i].Quantity}.");
                }

                Require.Optional(command.Lines[i].Lot, $"lines[{i}].lot", Limits.Lot);

                if (!string.IsNullOrWhiteSpace(command.Lines[i].Expiry))
                {
                    Require.Date(command.Lines[i].Expiry!, $"lines[{i}].expiry");
                }
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(SubmitCount), command.Actor, requestId, $"count {command.CountId}: {command.Lines.Count} lines"), async (db, ct) =>
            {
                var count = await db.Set<CycleCount>().FirstOrDefaultAsync(c => c.Id == command.CountId, ct)
                    ?? throw DomainException.NotFound("Cycle count", command.CountId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (count.Status is not (CycleCountStatus.Open or CycleCountStatus.RecountRequested))
                {
                    throw DomainException.Precondition($"Cycle count {count.Id} is {count.Status}: it takes no more counts.");
                }

                var bin = await db.Set<Bin>().AsNoTracking().FirstAsync(b => b.Id == count.BinId, ct);
                var balances = await db.Set<StockBalance>().Where(s => s.BinId == bin.Id).ToListAsync(ct);

                // One read for the SKUs on the book and the SKUs counted.
                var bookSkuIds = balances.Select(b => b.SkuId).Distinct().ToList();
                var countedCodes = command.Lines.Select(l => l.SkuCode.Trim()).Distinct().ToList();
                var skus = await db.Set<Sku>().AsNoTracking().Where(s => bookSkuIds.Contains(s.Id) || countedCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Id, ct);
                var counted = Counted(command.Lines, skus.Values.ToDictionary(s => s.Code, StringComparer.Ordinal));
                var skuCodes = skus.ToDictionary(s => s.Key, s => s.Value.Code);

                // Every (SKU, lot) on the book or in the count, with book and counted quantities.
                var keys = balances.Where(b => b.OnHand > 0).Select(b => (b.SkuId, b.Lot)).Union(counted.Keys).ToList();
                var tolerance = options.Value;
                count.Attempts++;
                var secondCount = count.Status == CycleCountStatus.RecountRequested;
                if (!secondCount && keys.Any(k => !tolerance.WithinTolerance(Book(balances, k), counted.TryGetValue(k, out var c) ? c.Quantity : 0)))
                {
                    count.Status = CycleCountStatus.RecountRequested;
                    await db.SaveChangesAsync(ct);
                    return new Result(count.Status, count.Attempts, []);
                }

                var now = time.GetUtcNow();
                var context = new LedgerContext(LedgerReason.CycleCount, command.Actor, requestId, now, "cycle-count:" + count.Id, "count_variance");
                var adjustments = new List<Adjustment>();
                foreach (var key in keys)
                {
                    var found = counted.TryGetValue(key, out var line) ? line.Quantity : 0;
                    var balance = balances.FirstOrDefault(b => b.SkuId == key.SkuId && b.Lot == key.Lot);
                    var book = balance?.OnHand ?? 0;
                    if (balance is not null && found < balance.Reserved)
                    {
                        throw DomainException.Precondition(
                            $"Bin {bin.Code}: {balance.Reserved} of SKU {skuCodes[key.SkuId]}{(key.Lot.Length == 0 ? "" : $" lot '{key.Lot}'")} are reserved for orders but {found} were counted. A supervisor must resolve those reservations (short-pick or reallocate) before this count can be posted.");
                    }

                    if (found == book)
                    {
                        continue;
                    }

                    if (found > book)
                    {
                        balance ??= await StockPlaces.BalanceForAddAsync(db, bin, skus[key.SkuId], key.Lot, line!.Expiry, now, ct);
                        StockLedger.Add(db, balance, found - book, context);
                    }
                    else
                    {
                        StockLedger.RemoveUnreserved(db, balance!, book - found, context);
                    }

                    adjustments.Add(new Adjustment(skuCodes[key.SkuId], key.Lot, found - book));
                }

                count.Status = CycleCountStatus.Posted;
                count.PostedAt = now;
                await db.SaveChangesAsync(ct);
                return new Result(count.Status, count.Attempts, adjustments);
            }, cancellationToken);
        }

        private static long Book(List<StockBalance> balances, (long SkuId, string Lot) key) =>
            balances.FirstOrDefault(b => b.SkuId == key.SkuId && b.Lot == key.Lot)?.OnHand ?? 0;

        /// <summary>The counted lines by (SKU, lot), checked against the SKUs' lot tracking; each pair once.</summary>
        private static Dictionary<(long SkuId, string Lot), (long Quantity, DateOnly? Expiry)> Counted(IReadOnlyList<CountedLine> lines, Dictionary<string, Sku> skus)
        {
            var counted = new Dictionary<(long, string), (long, DateOnly?)>();
            for (var i = 0; i < lines.Count; i++)
            {
                var code = lines[i].SkuCode.Trim();
                if (!skus.TryGetValue(code, out var sku))
                {
                    throw new DomainException(ErrorKind.NotFound, $"lines[{i}].sku_code: SKU '{code}' not found.");
                }

                var lot = StockPlaces.LotFor(sku, lines[i].Lot, $"lines[{i}].lot");
                if (!counted.TryAdd((sku.Id, lot), (lines[i].Quantity, StockPlaces.ExpiryFor(sku, lines[i].Expiry, $"lines[{i}].expiry", required: false))))
                {
                    throw DomainException.Invalid($"lines[{i}]", $"SKU {code}{(lot.Length == 0 ? "" : $" lot '{lot}'")} is counted twice; give one line per SKU and lot.");
                }
            }

            return counted;
        }
    }
}
