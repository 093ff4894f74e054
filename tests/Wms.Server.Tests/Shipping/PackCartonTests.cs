using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Shipping.ShippingSetup;

namespace Wms.Server.Tests.Shipping;

public sealed class PackCartonTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    internal static PackCartonRequest Pack(PickedOrder order, double weightKg, params (int Line, long Quantity)[] lines)
    {
        var request = new PackCartonRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            WarehouseCode = order.WarehouseCode,
            OrderReference = order.Reference,
            CartonLabel = "CTN-" + Guid.NewGuid().ToString("N")[..10],
            WeightKg = weightKg,
        };
        request.Lines.AddRange(lines.Select(l => new CartonLine { LineNumber = l.Line, Quantity = l.Quantity }));
        return request;
    }

    private Task<long> PackedUnitsAsync(PickedOrder order) => ReadAsync(factory, db =>
        (from l in db.Set<Server.Shipping.CartonLine>()
         join c in db.Set<Server.Shipping.Carton>() on l.CartonId equals c.Id
         where c.OrderId == order.OrderId
         select l.Quantity).SumAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task PackCarton_PickedLines_CartonWithLinesAndSkuCodes()
    {
        var order = await PickedOrderAsync(factory, (5, 5), (2, 2));
        var request = Pack(order, 3.25, (2, 2), (1, 4));

        var carton = await factory.Call(WmsMethods.Shipping.PackCarton, request);

        Assert.Equal((request.CartonLabel, order.Reference, order.WarehouseCode, 3.25, 0L), (carton.Label, carton.OrderReference, carton.WarehouseCode, carton.WeightKg, carton.ShipmentId));
        Assert.Equal([(1, order.Reference + "-SKU1", 4L), (2, order.Reference + "-SKU2", 2L)], carton.Lines.Select(l => (l.LineNumber, l.SkuCode, l.Quantity)));
        Assert.Equal(6, await PackedUnitsAsync(order));
    }

    [Fact]
    public async Task PackCarton_MoreThanPickedAndUnpacked_FailedPreconditionNamingLineAndNothingPacked()
    {
        var order = await PickedOrderAsync(factory, (10, 5), (3, 3));
        await factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 1, (1, 3)));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 1, (2, 3), (1, 3))));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("Line 1", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("at most 2", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(3, await PackedUnitsAsync(order));
    }

    [Fact]
    public async Task PackCarton_UnpickedLine_FailedPrecondition()
    {
        var order = await PickedOrderAsync(factory, (4, 4), (6, 0));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 1, (2, 1))));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("Line 2", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackCarton_TenStationsAtOnceForFivePicked_ExactlyFivePackedNeverMore()
    {
        var order = await PickedOrderAsync(factory, (8, 5));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 0.5, (1, 1)));
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

        Assert.Equal(5, attempts.Count(s => s == StatusCode.OK));
        Assert.Equal(5, attempts.Count(s => s == StatusCode.FailedPrecondition));
        Assert.Equal(5, await PackedUnitsAsync(order));
    }

    [Fact]
    public async Task PackCarton_SameRequestIdTwice_SecondAnswersFirstAndPacksOnce()
    {
        var order = await PickedOrderAsync(factory, (4, 4));
        var request = Pack(order, 2, (1, 4));

        var first = await factory.Call(WmsMethods.Shipping.PackCarton, request);
        var second = await factory.Call(WmsMethods.Shipping.PackCarton, request);

        Assert.Equal(first, second);
        Assert.Equal(4, await PackedUnitsAsync(order));
    }

    public static TheoryData<string, Func<PackCartonRequest, PackCartonRequest>, StatusCode, string> BadPacks => new()
    {
        { "no request id", r => { r.RequestId = ""; return r; }, StatusCode.InvalidArgument, "request_id:" },
        { "no warehouse", r => { r.WarehouseCode = ""; return r; }, StatusCode.InvalidArgument, "warehouse_code:" },
        { "no order", r => { r.OrderReference = " "; return r; }, StatusCode.InvalidArgument, "order_reference:" },
        { "no label", r => { r.CartonLabel = ""; return r; }, StatusCode.InvalidArgument, "carton_label:" },
        { "long label", r => { r.CartonLabel = new string('L', 65); return r; }, StatusCode.InvalidArgument, "carton_label:" },
        { "zero weight", r => { r.WeightKg = 0; return r; }, StatusCode.InvalidArgument, "weight_kg:" },
        { "negative weight", r => { r.WeightKg = -2; return r; }, StatusCode.InvalidArgument, "weight_kg:" },
        { "NaN weight", r => { r.WeightKg = double.NaN; return r; }, StatusCode.InvalidArgument, "weight_kg:" },
        { "no lines", r => { r.Lines.Clear(); return r; }, StatusCode.InvalidArgument, "lines:" },
        { "line zero", r => { r.Lines[1].LineNumber = 0; return r; }, StatusCode.InvalidArgument, "lines[1].line_number:" },
        { "line twice", r => { r.Lines[1].LineNumber = 1; return r; }, StatusCode.InvalidArgument, "lines[1].line_number:" },
        { "zero quantity", r => { r.Lines[0].Quantity = 0; return r; }, StatusCode.InvalidArgument, "lines[0].quantity:" },
        { "unknown line", r => { r.Lines[1].LineNumber = 9; return r; }, StatusCode.NotFound, "lines[1].line_number:" },
        { "unknown order", r => { r.OrderReference = "NOPE"; return r; }, StatusCode.NotFound, "Order '" },
        { "unknown warehouse", r => { r.WarehouseCode = "NOPE"; return r; }, StatusCode.NotFound, "Warehouse 'NOPE'" },
    };

    [Theory]
    [MemberData(nameof(BadPacks))]
    public async Task PackCarton_BadInput_ErrorNamesFieldAndNothingPacked(string scenario, Func<PackCartonRequest, PackCartonRequest> spoil, StatusCode code, string named)
    {
        var order = await PickedOrderAsync(factory, (5, 5), (5, 5));
        var request = spoil(Pack(order, 1.5, (1, 1), (2, 1)));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.PackCarton, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await PackedUnitsAsync(order));
    }

    [Fact]
    public async Task PackCarton_LabelUsedBefore_AlreadyExists()
    {
        var order = await PickedOrderAsync(factory, (5, 5));
        var first = Pack(order, 1, (1, 1));
        await factory.Call(WmsMethods.Shipping.PackCarton, first);
        var again = Pack(order, 1, (1, 1));
        again.CartonLabel = first.CartonLabel;

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.PackCarton, again));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains(first.CartonLabel, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await PackedUnitsAsync(order));
    }

    [Theory]
    [InlineData(Role.Picker, true)]
    [InlineData(Role.Supervisor, true)]
    [InlineData(Role.Dispatcher, false)]
    [InlineData(Role.Device, false)]
    public async Task PackCarton_Roles_PickersAndSupervisorsMayPack(Role role, bool allowed)
    {
        var order = await PickedOrderAsync(factory, (5, 5));
        var token = factory.RegisterToken(role.ToString().ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..4], role);

        var call = factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 1, (1, 1)), token);

        if (allowed)
        {
            Assert.Single((await call).Lines);
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);
        }
    }
}
