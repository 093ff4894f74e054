using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Catalog;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class CatalogGrpcService(UpsertSkus.Handler upsertSkus, CatalogQueries queries) : CatalogService.CatalogServiceBase
{
    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<UpsertSkusResponse> UpsertSkus(UpsertSkusRequest request, ServerCallContext context)
    {
        var command = new UpsertSkus.Command(
            request.RequestId,
            Actor(context),
            request.Skus.Select(s => new UpsertSkus.SkuInput(
                s.Code, s.Description, s.UnitOfMeasure, s.UnitWeightKg, s.UnitVolumeM3, s.LotTracked, s.ExpiryTracked, s.CaseSize, s.Barcodes.ToList())).ToList());
        var result = await upsertSkus.HandleAsync(command, context.CancellationToken);
        return new UpsertSkusResponse { Created = result.Created, Updated = result.Updated };
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<Contracts.V1.Sku> GetSku(GetSkuRequest request, ServerCallContext context) =>
        MapSku(await queries.GetSkuAsync(request.Code, context.CancellationToken));

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<Contracts.V1.Sku> LookupBarcode(LookupBarcodeRequest request, ServerCallContext context) =>
        MapSku(await queries.LookupBarcodeAsync(request.Barcode, context.CancellationToken));

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListSkusResponse> ListSkus(ListSkusRequest request, ServerCallContext context)
    {
        var (skus, next) = await queries.ListSkusAsync(request.CodePrefix, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new ListSkusResponse { NextPageToken = next };
        response.Skus.AddRange(skus.Select(MapSku));
        return response;
    }

    private static Contracts.V1.Sku MapSku(SkuView view)
    {
        var sku = new Contracts.V1.Sku
        {
            Code = view.Code,
            Description = view.Description,
            UnitOfMeasure = view.UnitOfMeasure,
            UnitWeightKg = view.UnitWeightKg,
            UnitVolumeM3 = view.UnitVolumeM3,
            LotTracked = view.LotTracked,
            ExpiryTracked = view.ExpiryTracked,
            CaseSize = view.CaseSize,
        };
        sku.Barcodes.AddRange(view.Barcodes);
        return sku;
    }
}
