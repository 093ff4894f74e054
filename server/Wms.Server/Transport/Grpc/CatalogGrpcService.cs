using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Catalog;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class CatalogGrpcService(UpsertSkus.Handler upsertSkus, CatalogQueries queries) : IGrpcService<CatalogGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = CatalogReflection.Descriptor.Services[0];
    public static readonly Method<UpsertSkusRequest, UpsertSkusResponse> UpsertSkusMethod = Create<UpsertSkusRequest, UpsertSkusResponse>(Service, "UpsertSkus");
    public static readonly Method<GetSkuRequest, Contracts.V1.Sku> GetSkuMethod = Create<GetSkuRequest, Contracts.V1.Sku>(Service, "GetSku");
    public static readonly Method<ListSkusRequest, ListSkusResponse> ListSkusMethod = Create<ListSkusRequest, ListSkusResponse>(Service, "ListSkus");
    public static readonly Method<LookupBarcodeRequest, Contracts.V1.Sku> LookupBarcodeMethod = Create<LookupBarcodeRequest, Contracts.V1.Sku>(Service, "LookupBarcode");

    public static void Bind(GrpcServiceBinder<CatalogGrpcService> binder) => binder
        .Describe(Service)
        .Unary(UpsertSkusMethod, static (s, r, c) => s.UpsertSkus(r, c))
        .Unary(GetSkuMethod, static (s, r, c) => s.GetSku(r, c))
        .Unary(ListSkusMethod, static (s, r, c) => s.ListSkus(r, c))
        .Unary(LookupBarcodeMethod, static (s, r, c) => s.LookupBarcode(r, c));

    public static void Authorize(MethodRoles roles) => roles
        .Allow(UpsertSkusMethod.FullName, Role.Admin, Role.Supervisor)
        .Allow(GetSkuMethod.FullName, Everyone)
        .Allow(ListSkusMethod.FullName, Everyone)
        .Allow(LookupBarcodeMethod.FullName, Everyone);

    private async Task<UpsertSkusResponse> UpsertSkus(UpsertSkusRequest request, ServerCallContext context)
    {
        var command = new UpsertSkus.Command(
            request.RequestId,
            Actor(context),
            request.Skus.Select(s => new UpsertSkus.SkuInput(
                s.Code, s.Description, s.UnitOfMeasure, s.UnitWeightKg, s.UnitVolumeM3, s.LotTracked, s.ExpiryTracked, s.CaseSize, s.Barcodes.ToList())).ToList());
        var result = await upsertSkus.HandleAsync(command, context.CancellationToken);
        return new UpsertSkusResponse { Created = result.Created, Updated = result.Updated };
    }

    private async Task<Contracts.V1.Sku> GetSku(GetSkuRequest request, ServerCallContext context) =>
        MapSku(await queries.GetSkuAsync(request.Code, context.CancellationToken));

    private async Task<Contracts.V1.Sku> LookupBarcode(LookupBarcodeRequest request, ServerCallContext context) =>
        MapSku(await queries.LookupBarcodeAsync(request.Barcode, context.CancellationToken));

    private async Task<ListSkusResponse> ListSkus(ListSkusRequest request, ServerCallContext context)
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
