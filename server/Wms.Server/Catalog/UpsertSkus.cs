using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Catalog;

/// <summary>
/// Creates or updates SKUs by code in one transaction: all of them or none. A SKU's barcodes become
/// exactly the ones given; a barcode that belongs to another SKU is refused, never silently moved.
/// </summary>
public static class UpsertSkus
{
    public sealed record SkuInput(
        string Code, string Description, string UnitOfMeasure, double UnitWeightKg, double UnitVolumeM3,
        bool LotTracked, bool ExpiryTracked, long CaseSize, IReadOnlyList<string> Barcodes);

    public sealed record Command(string RequestId, string Actor, IReadOnlyList<SkuInput> Skus);

    public sealed record Result(int Created, int Updated);

    public const int MaxSkusPerCall = 10_000;

    public sealed class Handler(WriteBatcher writes, ISkuStock stock)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var skus = Validate(command.Skus);
            return writes.ExecuteAsync(
                new CommandInfo(nameof(UpsertSkus), command.Actor, requestId, $"{skus.Count} SKUs"),
                (db, ct) => ApplyAsync(db, stock, skus, ct),
                cancellationToken);
        }

        private static List<SkuInput> Validate(IReadOnlyList<SkuInput> skus)
        {
            if (skus.Count == 0 || skus.Count > MaxSkusPerCall)
            {
                throw DomainException.Invalid("skus", $"between 1 and {MaxSkusPerCall} per call, got {skus.Count}.");
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            var barcodes = new Dictionary<string, string>(StringComparer.Ordinal);
            var clean = new List<SkuInput>(skus.Count);
            for (var i = 0; i < skus.Count; i++)
            {
                var s = skus[i];
                var field = $"skus[{i}]";
                var code = Require.NotEmpty(s.Code, field + ".code", Limits.SkuCode);

                if (!codes.Add(code))
                {
                    throw DomainException.Invalid(field + ".code", $"'{code}' appears twice.");
                }

                Require.NotNegative(s.UnitWeightKg, field + ".unit_weight_kg");
                Require.NotNegative(s.UnitVolumeM3, field + ".unit_volume_m3");

                if (s.CaseSize is < 0 or > Limits.LineQuantity)
                {
                    throw DomainException.Invalid(field + ".case_size", $"must be from 0 to {Limits.LineQuantity}, got {s.CaseSize}.");
                }

                var unit = Require.Optional(s.UnitOfMeasure, field + ".unit_of_measure", Limits.UnitOfMeasure);
                unit = unit.Length == 0 ? "EA" : unit;
                var description = Require.Optional(s.Description, field + ".description", Limits.Text);

                for (var j = 0; j < s.Barcodes.Count; j++)
                {
                    var barcodeField = $"{field}.barcodes[{j}]";
                    var barcode = Require.NotEmpty(s.Barcodes[j], barcodeField, Limits.Barcode);
                    if (Gtin.Problem(barcode) is { } problem)
                    {
                        throw DomainException.Invalid(barcodeField, problem);
                    }

                    if (barcodes.TryGetValue(barcode, out var owner) && owner != code)
                    {
                        throw new DomainException(ErrorKind.AlreadyExists, $"{barcodeField}: barcode '{barcode}' is also given to SKU '{owner}' in this request.");
                    }

                    barcodes[barcode] = code;
                }

                clean.Add(s with { Code = code, UnitOfMeasure = unit, Description = description, Barcodes = s.Barcodes.Select(b => b.Trim()).Distinct(StringComparer.Ordinal).ToList() });
            }

            return clean;
        }

        private static async Task<Result> ApplyAsync(WmsDbContext db, ISkuStock stock, List<SkuInput> inputs, CancellationToken ct)
        {
            var codes = inputs.Select(s => s.Code).ToList();
            var existing = await db.Set<Sku>().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, ct);
            await EnsureTrackingChangesAllowedAsync(db, stock, inputs, existing, ct);
            var created = 0;
            foreach (var input in inputs)
            {
                if (!existing.TryGetValue(input.Code, out var sku))
                {
                    sku = new Sku { Code = input.Code };
                    existing[input.Code] = sku;
                    db.Add(sku);
                    created++;
                }

                sku.Description = input.Description;
                sku.UnitOfMeasure = input.UnitOfMeasure;
                sku.UnitWeightKg = input.UnitWeightKg;
                sku.UnitVolumeM3 = input.UnitVolumeM3;
                sku.LotTracked = input.LotTracked;
                sku.ExpiryTracked = input.ExpiryTracked;
                sku.CaseSize = input.CaseSize;
            }

            await db.SaveChangesAsync(ct);
            await ReplaceBarcodesAsync(db, inputs, existing, ct);
            return new Result(created, inputs.Count - created);
        }

        /// <summary>
        /// Lot and expiry tracking shape the stock balances (a lot per balance, an expiry per lot): turning
        /// them on or off under stock would leave balances the new rules cannot explain.
        /// </summary>
        private static async Task EnsureTrackingChangesAllowedAsync(WmsDbContext db, ISkuStock stock, List<SkuInput> inputs, Dictionary<string, Sku> existing, CancellationToken ct)
        {
            var changing = inputs
                .Select((input, index) => (input, index, sku: existing.GetValueOrDefault(input.Code)))
                .Where(c => c.sku is not null && (c.sku.LotTracked != c.input.LotTracked || c.sku.ExpiryTracked != c.input.ExpiryTracked))
                .ToList();
            if (changing.Count == 0)
            {
                return;
            }

            // One query for the whole call: it runs inside the single writer, and a call may carry 10,000 SKUs.
            var ids = changing.Select(c => c.sku!.Id).ToList();
            var stocked = await stock.WithStockOnHandAsync(db, ids, ct);
            if (changing.FirstOrDefault(c => stocked.Contains(c.sku!.Id)) is { sku: { } sku } first)
            {
                var field = sku.LotTracked != first.input.LotTracked ? "lot_tracked" : "expiry_tracked";
                throw DomainException.Precondition($"skus[{first.index}].{field}: SKU {sku.Code} has stock on hand; empty it (or adjust it out) before changing lot or expiry tracking.");
            }
        }

        private static async Task ReplaceBarcodesAsync(WmsDbContext db, List<SkuInput> inputs, Dictionary<string, Sku> skus, CancellationToken ct)
        {
            var wanted = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var input in inputs)
            {
                foreach (var barcode in input.Barcodes)
                {
                    wanted[barcode] = skus[input.Code].Id;
                }
            }

            var ids = skus.Values.Select(s => s.Id).ToList();
            var wantedCodes = wanted.Keys.ToList();
            var current = await db.Set<SkuBarcode>().Where(b => ids.Contains(b.SkuId) || wantedCodes.Contains(b.Barcode)).ToListAsync(ct);
            foreach (var row in current)
            {
                if (wanted.TryGetValue(row.Barcode, out var skuId) && skuId != row.SkuId && !ids.Contains(row.SkuId))
                {
                    var owner = await db.Set<Sku>().Where(s => s.Id == row.SkuId).Select(s => s.Code).FirstAsync(ct);
                    var input = inputs.FindIndex(i => i.Barcodes.Contains(row.Barcode, StringComparer.Ordinal));
                    var index = inputs[input].Barcodes.ToList().IndexOf(row.Barcode);
                    throw new DomainException(ErrorKind.AlreadyExists, $"skus[{input}].barcodes[{index}]: barcode '{row.Barcode}' already belongs to SKU '{owner}'.");
                }
            }

            // Remove first, then add: a barcode moving between two SKUs of this request frees its key before reuse.
            var keep = current.Where(r => wanted.TryGetValue(r.Barcode, out var skuId) && skuId == r.SkuId).Select(r => r.Barcode).ToHashSet(StringComparer.Ordinal);
            db.RemoveRange(current.Where(r => !keep.Contains(r.Barcode)));
            await db.SaveChangesAsync(ct);
            foreach (var (barcode, skuId) in wanted)
            {
                if (!keep.Contains(barcode))
                {
                    db.Add(new SkuBarcode { Barcode = barcode, SkuId = skuId });
                }
            }

            await db.SaveChangesAsync(ct);
        }
    }
}
