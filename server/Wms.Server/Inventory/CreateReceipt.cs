using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>Records an expected receipt (ASN): the SKUs and quantities a supplier said it would deliver.</summary>
public static class CreateReceipt
{
    public sealed record LineInput(string SkuCode, long ExpectedQuantity);

    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string Reference, IReadOnlyList<LineInput> Lines);

    public sealed record Result(string WarehouseCode, string Reference, ReceiptStatus Status, IReadOnlyList<InventoryQueries.ReceiptLineView> Lines);

    public const int MaxLines = 10_000;

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var reference = Require.NotEmpty(command.Reference, "reference", Limits.Reference);
            if (command.Lines.Count == 0 || command.Lines.Count > MaxLines)
            {
                throw DomainException.Invalid("lines", $"between 1 and {MaxLines} lines, got {command.Lines.Count}.");
            }

            var skuCodes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < command.Lines.Count; i++)
            {
                var code = Require.NotEmpty(command.Lines[i].SkuCode, $"lines[{i}].sku_code", Limits.SkuCode);
                if (!skuCodes.Add(code))
                {
                    throw DomainException.Invalid($"lines[{i}].sku_code", $"SKU '{code}' appears twice; give one line per SKU.");
                }

                Require.Quantity(command.Lines[i].ExpectedQuantity, $"lines[{i}].expected_quantity");
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(CreateReceipt), command.Actor, requestId, $"receipt {reference} in {warehouseCode}"), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                if (await db.Set<Receipt>().AnyAsync(r => r.WarehouseId == warehouseId && r.Reference == reference, ct))
                {
                    throw DomainException.Exists("Receipt", $"{warehouseCode}/{reference}");
                }

                var codes = skuCodes.ToList();
                var skus = await db.Set<Sku>().AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Id, StringComparer.Ordinal, ct);
                var receipt = new Receipt { WarehouseId = warehouseId, Reference = reference, CreatedAt = time.GetUtcNow() };
                for (var i = 0; i < command.Lines.Count; i++)
                {
                    var line = command.Lines[i];
                    if (!skus.TryGetValue(line.SkuCode.Trim(), out var skuId))
                    {
                        throw new DomainException(ErrorKind.NotFound, $"lines[{i}].sku_code: SKU '{line.SkuCode.Trim()}' not found.");
                    }

                    receipt.Lines.Add(new ReceiptLine { SkuId = skuId, ExpectedQuantity = line.ExpectedQuantity });
                }

                db.Add(receipt);
                await db.SaveChangesAsync(ct);
                return new Result(warehouseCode, reference, receipt.Status, command.Lines.Select(l => new InventoryQueries.ReceiptLineView(l.SkuCode.Trim(), l.ExpectedQuantity, 0)).ToList());
            }, cancellationToken);
        }
    }
}
