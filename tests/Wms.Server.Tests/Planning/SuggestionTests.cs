using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Planning;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;
using Warehouse = Wms.Server.Layout.Warehouse;
using WarehouseKind = Wms.Server.Layout.WarehouseKind;

namespace Wms.Server.Tests.Planning;

public sealed class SuggestionTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>A regional warehouse that sold 12 a day for a year and has nothing left, beside a central one.</summary>
    private async Task<(ReplenishmentKit Regional, string Central)> EmptyRegionalAsync()
    {
        var central = await ReplenishmentKit.CreateAsync(factory);
        var regional = await ReplenishmentKit.CreateAsync(factory);
        var sku = central.Sku;
        regional = ReplenishmentKit.ForExisting(factory, regional.Warehouse, sku);
        await regional.Outbound.SetupAsync(async (db, ct) =>
        {
            (await db.Set<Warehouse>().SingleAsync(w => w.Code == central.Warehouse, ct)).Kind = WarehouseKind.Central;
            (await db.Set<Warehouse>().SingleAsync(w => w.Code == regional.Warehouse, ct)).Kind = WarehouseKind.Regional;
            await db.SaveChangesAsync(ct);
            return true;
        });
        var balance = await regional.Outbound.StockAsync(regional.Warehouse, "F-01", sku, 365 * 12);
        await RunPlanningTests.PicksAsync(regional, balance, days: 365, perDay: 12);
        return (regional, central.Warehouse);
    }

    [Fact]
    public async Task NightlyPlan_RegionalBelowReorderPoint_TransferProposedAcceptedAsOrderOutAndReceiptIn()
    {
        var (regional, central) = await EmptyRegionalAsync();
        await regional.Outbound.StockAsync(central, "R-01", regional.Sku, 500);

        var plan = await factory.Services.GetRequiredService<RunPlanning.Handler>().HandleAsync(new RunPlanning.Command(regional.Warehouse), TestContext.Current.CancellationToken);
        var proposed = Assert.Single((await regional.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = regional.Warehouse })).Suggestions);
        var accepted = await regional.Outbound.Call(WmsMethods.Planning.DecideSuggestion, new DecideSuggestionRequest
        {
            RequestId = OutboundKit.NewId(), SuggestionId = proposed.SuggestionId, Accept = true, Quantity = 100,
        });
        var order = await regional.Outbound.Call(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = central, Reference = accepted.Reference });
        var receipt = await regional.Outbound.Call(WmsMethods.Inventory.GetReceipt, new GetReceiptRequest { WarehouseCode = regional.Warehouse, Reference = accepted.Reference });
        var again = await Assert.ThrowsAsync<RpcException>(() => regional.Outbound.Call(WmsMethods.Planning.DecideSuggestion, new DecideSuggestionRequest
        {
            RequestId = OutboundKit.NewId(), SuggestionId = proposed.SuggestionId, Accept = false,
        }));

        Assert.Equal(1, plan.Suggestions);
        // Transfer lead time 2 ± 0.5 days, steady 12 a day: SS = 5.5 (undershoot) + 1.6449 × √(6² + 11.92) = 16.89, ROP = 40.89,
        // up to 40.89 + 84 = 124.89 → 125.
        Assert.Equal(("transfer", central, 125L, "proposed"), (proposed.Kind, proposed.SourceWarehouseCode, proposed.Quantity, proposed.Status));
        Assert.StartsWith("position 0 <= reorder point 40.9", proposed.Reason, StringComparison.Ordinal);
        Assert.Equal(("accepted", 100L, $"TR-S{proposed.SuggestionId}", 0L), (accepted.Status, accepted.Quantity, accepted.Reference, accepted.InTransit));
        Assert.Equal((regional.Sku, 100L), (order.Lines.Single().SkuCode, order.Lines.Single().Quantity));
        Assert.Equal((regional.Sku, 100L, 0L), (receipt.Lines.Single().SkuCode, receipt.Lines.Single().ExpectedQuantity, receipt.Lines.Single().ReceivedQuantity));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Transfer_Accepted_PickedShippedInTransitThenReceivedAtTheRegional()
    {
        var (regional, central) = await EmptyRegionalAsync();
        var sku = regional.Sku;
        await regional.Outbound.StockAsync(central, "F-01", sku, 200);
        await factory.Services.GetRequiredService<RunPlanning.Handler>().HandleAsync(new RunPlanning.Command(regional.Warehouse), TestContext.Current.CancellationToken);
        var proposed = Assert.Single((await regional.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = regional.Warehouse })).Suggestions);
        var reference = (await regional.Outbound.Call(WmsMethods.Planning.DecideSuggestion, new DecideSuggestionRequest
        {
            RequestId = OutboundKit.NewId(), SuggestionId = proposed.SuggestionId, Accept = true, Quantity = 100,
        })).Reference;

        // Out of the central warehouse through the outbound flows: wave, pick, pack, ship.
        await regional.Outbound.ReleaseAsync(central, 0, reference);
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Wms.Server.Security.Role.Picker);
        var task = (await regional.Outbound.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = central }, picker)).Task;
        await regional.Outbound.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = sku, Quantity = 100,
        }, picker);
        var pack = new PackCartonRequest { RequestId = OutboundKit.NewId(), WarehouseCode = central, OrderReference = reference, CartonLabel = "C-1", WeightKg = 10 };
        pack.Lines.Add(new CartonLine { LineNumber = 1, Quantity = 100 });
        await regional.Outbound.Call(WmsMethods.Shipping.PackCarton, pack);
        await regional.Outbound.Call(WmsMethods.Shipping.CreateShipment, new CreateShipmentRequest { RequestId = OutboundKit.NewId(), WarehouseCode = central, OrderReference = reference });
        await regional.Outbound.Call(WmsMethods.Shipping.MarkLoaded, new ShipmentTransitionRequest { RequestId = OutboundKit.NewId(), WarehouseCode = central, OrderReference = reference });
        await regional.Outbound.Call(WmsMethods.Shipping.MarkShipped, new ShipmentTransitionRequest { RequestId = OutboundKit.NewId(), WarehouseCode = central, OrderReference = reference });
        var shipped = Assert.Single((await regional.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = regional.Warehouse })).Suggestions);

        // Into the regional warehouse against the expected receipt.
        await regional.Outbound.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = regional.Warehouse, ReceiptReference = reference, SkuCode = sku, Quantity = 100, BinCode = "DOCK",
        });
        var received = Assert.Single((await regional.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = regional.Warehouse })).Suggestions);

        Assert.Equal(100, shipped.InTransit);
        Assert.Equal(0, received.InTransit);
        Assert.Equal((100L, 0L), await regional.Outbound.BalanceAsync(central, "F-01", sku));
        Assert.Equal((100L, 0L), await regional.Outbound.BalanceAsync(regional.Warehouse, "DOCK", sku));
        await regional.Outbound.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task NightlyPlan_Twice_OlderProposalSupersededNotDoubled()
    {
        var (regional, _) = await EmptyRegionalAsync();
        var planning = factory.Services.GetRequiredService<RunPlanning.Handler>();

        await planning.HandleAsync(new RunPlanning.Command(regional.Warehouse), TestContext.Current.CancellationToken);
        await planning.HandleAsync(new RunPlanning.Command(regional.Warehouse), TestContext.Current.CancellationToken);
        var all = (await regional.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = regional.Warehouse })).Suggestions;

        Assert.Equal(["proposed", "superseded"], all.Select(s => s.Status).ToList());
    }
}
