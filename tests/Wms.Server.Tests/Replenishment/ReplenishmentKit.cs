using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Schedules = Wms.Server.Scheduling.Schedules;
using Xunit;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Bin = Wms.Server.Layout.Bin;
using BinKind = Wms.Server.Layout.BinKind;
using MixPolicy = Wms.Server.Layout.MixPolicy;

namespace Wms.Server.Tests.Replenishment;

/// <summary>
/// A warehouse with pick faces F-01, F-02 (aisle 1), reserve bins R-01..R-03 further out and a dock, one SKU, and calls for
/// the replenishment service.
/// </summary>
public sealed class ReplenishmentKit(WmsServerFactory factory)
{
    public OutboundKit Outbound { get; } = new(factory);

    public string Warehouse { get; private set; } = "";

    public string Sku { get; private set; } = "";

    public static ReplenishmentKit ForExisting(WmsServerFactory factory, string warehouse, string sku = "") => new(factory) { Warehouse = warehouse, Sku = sku };

    public static async Task<ReplenishmentKit> CreateAsync(WmsServerFactory factory, bool lots = false)
    {
        var kit = new ReplenishmentKit(factory);
        kit.Warehouse = await kit.Outbound.WarehouseAsync(
            new BinSpec("F-01", BinKind.PickFace, 1, 1), new BinSpec("F-02", BinKind.PickFace, 1, 2),
            new BinSpec("R-01", BinKind.Reserve, 5, 1), new BinSpec("R-02", BinKind.Reserve, 6, 1), new BinSpec("R-03", BinKind.Reserve, 7, 1),
            new BinSpec("DOCK", BinKind.Dock, 0, 0));
        kit.Sku = await kit.Outbound.SkuAsync(lotTracked: lots, expiryTracked: lots);
        // The warehouse went into the database behind the server's back; CreateWarehouse (or the next start) would
        // have given it its scheduled jobs, so the kit does that part too.
        await factory.Services.GetRequiredService<Schedules>().EnsureJobsAsync(kit.Warehouse, TestContext.Current.CancellationToken);
        return kit;
    }

    public Task<PickFace> SetFaceAsync(long min, long max, string bin = "F-01", string? token = WmsServerFactory.AdminToken) =>
        Outbound.Call(WmsMethods.Replenishment.SetPickFace, new SetPickFaceRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = Warehouse, BinCode = bin, SkuCode = Sku, MinQuantity = min, MaxQuantity = max,
        }, token);

    public Task<RunReplenishmentResponse> RunAsync(string? requestId = null) =>
        Outbound.Call(WmsMethods.Replenishment.RunReplenishment, new RunReplenishmentRequest { RequestId = requestId ?? OutboundKit.NewId(), WarehouseCode = Warehouse });

    /// <summary>The open tasks; <paramref name="includeClaimed"/> false gives the caller's own queue (free tasks and their own).</summary>
    public async Task<List<ReplenishmentTask>> TasksAsync(string? token = WmsServerFactory.AdminToken, bool includeClaimed = true) =>
        (await Outbound.Call(WmsMethods.Replenishment.ListReplenishmentTasks,
            new ListReplenishmentTasksRequest { WarehouseCode = Warehouse, IncludeClaimed = includeClaimed }, token)).Tasks.ToList();

    public Task<ReplenishmentTask> ClaimAsync(long taskId, string? token, string? requestId = null) =>
        Outbound.Call(WmsMethods.Replenishment.ClaimReplenishment, new ClaimReplenishmentRequest { RequestId = requestId ?? OutboundKit.NewId(), TaskId = taskId }, token);

    public Task<ReplenishmentTask> ReleaseAsync(long taskId, string? token, string? requestId = null) =>
        Outbound.Call(WmsMethods.Replenishment.ReleaseReplenishment, new ReleaseReplenishmentRequest { RequestId = requestId ?? OutboundKit.NewId(), TaskId = taskId }, token);

    public async Task<List<PickFace>> FacesAsync(bool onlyBelowMin = false) =>
        (await Outbound.Call(WmsMethods.Replenishment.ListPickFaces, new ListPickFacesRequest { WarehouseCode = Warehouse, OnlyBelowMin = onlyBelowMin })).Faces.ToList();

    public static ConfirmReplenishmentRequest Confirm(ReplenishmentTask task, long? quantity = null) => new()
    {
        RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedFromBinCode = task.FromBinCode, ScannedSku = task.SkuCode, Lot = task.Lot,
        Quantity = quantity ?? task.QuantityRemaining, ScannedToBinCode = task.ToBinCode,
    };

    public Task<ConfirmReplenishmentResponse> ConfirmAsync(ConfirmReplenishmentRequest request, string? token = WmsServerFactory.AdminToken) =>
        Outbound.Call(WmsMethods.Replenishment.ConfirmReplenishment, request, token);

    /// <summary>Sets a bin's capacity (units, kg, m³) and mix policy as a layout import would.</summary>
    public Task SetBinAsync(string code, long units = 0, double weightKg = 0, double volumeM3 = 0, MixPolicy mix = MixPolicy.Mixed) =>
        Outbound.SetupAsync(async (db, ct) =>
        {
            var bin = await db.Set<Bin>().SingleAsync(b => b.Code == code && db.Set<Wms.Server.Layout.Warehouse>().Any(w => w.Id == b.WarehouseId && w.Code == Warehouse), ct);
            (bin.CapacityUnits, bin.CapacityWeightKg, bin.CapacityVolumeM3, bin.MixPolicy) = (units, weightKg, volumeM3, mix);
            await db.SaveChangesAsync(ct);
            return true;
        });

    public Task SetSkuAsync(double weightKg = 0, double volumeM3 = 0, long caseSize = 0) =>
        Outbound.SetupAsync(async (db, ct) =>
        {
            var sku = await db.Set<Wms.Server.Catalog.Sku>().SingleAsync(s => s.Code == Sku, ct);
            (sku.UnitWeightKg, sku.UnitVolumeM3, sku.CaseSize) = (weightKg, volumeM3, caseSize);
            await db.SaveChangesAsync(ct);
            return true;
        });
}
