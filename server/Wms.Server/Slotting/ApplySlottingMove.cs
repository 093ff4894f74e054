using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Layout;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Slotting;

/// <summary>
/// Carries out one move of slotting advice: every lot of the SKU's stock in the source face goes to the target
/// face through <see cref="MoveStock"/>'s own path (two ledger rows per lot, the target's hold, mix policy and
/// capacity checked), all in one transaction. The target must be empty (a face holds one SKU) and the stock
/// free: a reserved unit is waiting for a picker at the source.
/// </summary>
public static class ApplySlottingMove
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string SkuCode, string FromBinCode, string ToBinCode);

    public sealed record Result(long QuantityMoved, IReadOnlyList<long> LedgerPositions);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var skuCode = Require.NotEmpty(command.SkuCode, "sku_code", Limits.SkuCode);
            var fromCode = Require.NotEmpty(command.FromBinCode, "from_bin_code", Limits.BinCode);
            var toCode = Require.NotEmpty(command.ToBinCode, "to_bin_code", Limits.BinCode);
            if (fromCode == toCode)
            {
                throw DomainException.Invalid("to_bin_code", $"is the same bin as from_bin_code ({fromCode}).");
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(ApplySlottingMove), command.Actor, requestId, $"{skuCode} {fromCode} -> {toCode}"), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var sku = await CatalogLookup.SkuAsync(db, skuCode, ct);
                var from = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, fromCode, ct);
                var to = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, toCode, ct);
                if (await db.Set<StockBalance>().AnyAsync(s => s.BinId == to.Id && s.OnHand > 0, ct))
                {
                    throw DomainException.Precondition($"Bin {toCode} is not empty: carry out the move that empties it first (the advice lists moves in that order).");
                }

                var lots = await db.Set<StockBalance>().Where(s => s.BinId == from.Id && s.SkuId == sku.Id && s.OnHand > 0).OrderBy(s => s.Lot).ToListAsync(ct);
                if (lots.Count == 0)
                {
                    throw DomainException.Precondition($"Bin {fromCode} holds no SKU {skuCode}: the advice is out of date; ask for it again.");
                }

                if (lots.Sum(s => s.Reserved) is var reserved and > 0)
                {
                    throw DomainException.Precondition($"Bin {fromCode} has {reserved} of SKU {skuCode} reserved for picking: move it after those picks.");
                }

                var reference = $"slotting:{fromCode}>{toCode}";
                var context = new LedgerContext(LedgerReason.Move, command.Actor, requestId, time.GetUtcNow(), reference[..Math.Min(reference.Length, 100)]);
                var positions = new List<long>();
                long moved = 0;
                foreach (var (lot, quantity) in lots.Select(s => (s.Lot, s.OnHand)).ToList())
                {
                    var result = await MoveStock.Handler.ApplyAsync(db, warehouseCode, fromCode, toCode, skuCode, lot, quantity, context, ct);
                    positions.Add(result.LedgerPosition);
                    moved += quantity;
                }

                return new Result(moved, positions);
            }, cancellationToken);
        }
    }
}
