using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Planning;

/// <summary>
/// Creates or renames a supplier by code and sets its terms for the SKUs given (lead time mean and σ in days,
/// minimum order, pack multiple, unit price), all in one transaction; terms for SKUs not named are kept, and the SKUs in
/// <see cref="Command.RemoveSkuCodes"/> lose theirs. The next planning run of a central warehouse uses them.
/// </summary>
public static class UpsertSupplier
{
    /// <summary>One SKU's terms; <see cref="UnitPrice"/> 0 means no price given.</summary>
    public sealed record Terms(string SkuCode, double LeadTimeDays, double LeadTimeSigmaDays, long MinOrderQuantity, long PackMultiple, double UnitPrice = 0);

    public sealed record Command(string RequestId, string Actor, string Code, string Name, IReadOnlyList<Terms> Terms, IReadOnlyList<string> RemoveSkuCodes);

    public sealed record Result(string Code, int TermsSet, int TermsRemoved);

    public const int MaxTermsPerCall = 10_000;

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var code = Require.NotEmpty(command.Code, "code", Limits.SupplierCode);
            var name = Require.NotEmpty(command.Name, "name", Limits.Name);
            if (command.Terms.Count + command.RemoveSkuCodes.Count > MaxTermsPerCall)
            {
                throw DomainException.Invalid("terms", $"at most {MaxTermsPerCall} terms and removals per call, got {command.Terms.Count + command.RemoveSkuCodes.Count}.");
            }

            var terms = Validate(command.Terms);
            var removed = command.RemoveSkuCodes.Count == 0 ? [] : Require.DistinctCodes(command.RemoveSkuCodes, "remove_sku_codes", Limits.SkuCode);

            if (removed.FirstOrDefault(r => terms.Any(t => t.SkuCode == r)) is { } both)
            {
                throw DomainException.Invalid("remove_sku_codes", $"'{both}' is both given terms and removed.");
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(UpsertSupplier), command.Actor, requestId, $"{code}: {terms.Count} terms, {removed.Count} removed"), async (db, ct) =>
            {
                var now = time.GetUtcNow();
                var supplier = await db.Set<Supplier>().FirstOrDefaultAsync(s => s.Code == code, ct);
                if (supplier is null)
                {
                    supplier = new Supplier { Code = code, Name = name };
                    db.Add(supplier);
                }

                supplier.Name = name;
                supplier.UpdatedAt = now;
                await db.SaveChangesAsync(ct);
                var codes = terms.Select(t => t.SkuCode).Concat(removed).ToList();
                var skus = await db.Set<Sku>().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Id, StringComparer.Ordinal, ct);
                if (codes.FirstOrDefault(c => !skus.ContainsKey(c)) is { } unknown)
                {
                    throw DomainException.NotFound("SKU", unknown);
                }

                var existing = await db.Set<SupplierSku>().Where(t => t.SupplierId == supplier.Id).ToDictionaryAsync(t => t.SkuId, ct);
                foreach (var t in terms)
                {
                    if (!existing.TryGetValue(skus[t.SkuCode], out var row))
                    {
                        row = new SupplierSku { SupplierId = supplier.Id, SkuId = skus[t.SkuCode] };
                        db.Add(row);
                    }

                    (row.LeadTimeDays, row.LeadTimeSigmaDays, row.MinOrderQuantity, row.PackMultiple, row.UnitPrice) = (t.LeadTimeDays, t.LeadTimeSigmaDays, t.MinOrderQuantity, t.PackMultiple, t.UnitPrice);
                }

                var gone = removed.Select(c => existing.GetValueOrDefault(skus[c])).OfType<SupplierSku>().ToList();
                db.RemoveRange(gone);
                await db.SaveChangesAsync(ct);
                return new Result(code, terms.Count, gone.Count);
            }, cancellationToken);
        }

        /// <summary>Each row named by its index; MOQ and pack 0 mean "none" (1).</summary>
        private static List<Terms> Validate(IReadOnlyList<Terms> terms)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var clean = new List<Terms>(terms.Count);
            for (var i = 0; i < terms.Count; i++)
            {
                var t = terms[i];
                var field = $"terms[{i}]";
                var sku = Require.NotEmpty(t.SkuCode, field + ".sku_code", Limits.SkuCode);
                if (!seen.Add(sku))
                {
                    throw DomainException.Invalid(field + ".sku_code", $"'{sku}' appears twice.");
                }

                var days = Require.InRange(t.LeadTimeDays, field + ".lead_time_days", 0, Limits.LeadTimeDays);
                if (days <= 0)
                {
                    throw DomainException.Invalid(field + ".lead_time_days", "must be greater than zero.");
                }

                var sigma = Require.InRange(t.LeadTimeSigmaDays, field + ".lead_time_sigma_days", 0, Limits.LeadTimeDays);
                var moq = t.MinOrderQuantity == 0 ? 1 : Require.Quantity(t.MinOrderQuantity, field + ".min_order_quantity");
                var pack = t.PackMultiple == 0 ? 1 : Require.Quantity(t.PackMultiple, field + ".pack_multiple");
                var price = Require.InRange(t.UnitPrice, field + ".unit_price", 0, Limits.UnitPrice);
                clean.Add(new Terms(sku, days, sigma, moq, pack, price));
            }

            return clean;
        }
    }
}
