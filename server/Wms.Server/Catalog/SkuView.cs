namespace Wms.Server.Catalog;

/// <summary>A SKU as callers see it: by code, with its barcodes.</summary>
public sealed record SkuView(
    string Code, string Description, string UnitOfMeasure, double UnitWeightKg, double UnitVolumeM3,
    bool LotTracked, bool ExpiryTracked, long CaseSize, IReadOnlyList<string> Barcodes)
{
    public static SkuView From(Sku sku, IEnumerable<string> barcodes) => new(
        sku.Code, sku.Description, sku.UnitOfMeasure, sku.UnitWeightKg, sku.UnitVolumeM3,
        sku.LotTracked, sku.ExpiryTracked, sku.CaseSize, barcodes.Order(StringComparer.Ordinal).ToList());
}
