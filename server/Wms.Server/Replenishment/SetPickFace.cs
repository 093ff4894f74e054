using Wms.Server.Catalog;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Replenishment;

/// <summary>
/// A supervisor assigns a SKU to a pick face with its min and max, or hands the face back to planning
/// (levels derived from demand) with <see cref="Command.Planned"/>.
/// </summary>
public static class SetPickFace
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string BinCode, string SkuCode, long MinQuantity, long MaxQuantity, bool Planned = false);

    public sealed record Result(string BinCode, string SkuCode, long MinQuantity, long MaxQuantity, PickFaceLevels Levels);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code");
            var binCode = Require.NotEmpty(command.BinCode, "bin_code");
            var skuCode = Require.NotEmpty(command.SkuCode, "sku_code");
            if (!command.Planned)
            {
                PickFace.EnsureValidLevels(command.MinQuantity, command.MaxQuantity);
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(SetPickFace), command.Actor, requestId, $"{binCode} {skuCode} {command.MinQuantity}..{command.MaxQuantity}"), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                if (bin.Kind != BinKind.PickFace)
                {
                    throw DomainException.Precondition($"Bin {bin.Code} is a {bin.Kind} bin, not a pick face: min/max apply to pick faces.");
                }

                var sku = await CatalogLookup.SkuAsync(db, skuCode, ct);
                var face = await db.Set<PickFace>().FirstOrDefaultAsync(f => f.BinId == bin.Id && f.SkuId == sku.Id, ct);
                if (face is null)
                {
                    face = new PickFace { WarehouseId = warehouseId, BinId = bin.Id, SkuId = sku.Id };
                    db.Add(face);
                }

                if (command.Planned)
                {
                    // Until the nightly planning run derives levels, the face keeps what it had (or nothing: 0..1).
                    face.Levels = PickFaceLevels.Planned;
                    face.MaxQuantity = Math.Max(face.MaxQuantity, 1);
                }
                else
                {
                    face.Levels = PickFaceLevels.Manual;
                    face.MinQuantity = command.MinQuantity;
                    face.MaxQuantity = command.MaxQuantity;
                }

                face.UpdatedAt = time.GetUtcNow();
                await db.SaveChangesAsync(ct);
                return new Result(bin.Code, sku.Code, face.MinQuantity, face.MaxQuantity, face.Levels);
            }, cancellationToken);
        }
    }
}
