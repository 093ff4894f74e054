using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Contracts.V1;
using Wms.Server.Floor;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

/// <summary>The supervisors' read views of the floor.</summary>
[Authorize(Roles = RoleSets.Supervisors)]
public sealed class FloorGrpcService(Floor.FloorStatus status, Floor.OperationsKpis kpis) : FloorService.FloorServiceBase
{
    public override async Task<Contracts.V1.FloorStatus> GetFloorStatus(GetFloorStatusRequest request, ServerCallContext context)
    {
        var report = await status.ReadAsync(request.WarehouseCode, context.CancellationToken);
        var message = new Contracts.V1.FloorStatus();
        message.Pickers.AddRange(report.Pickers.Select(p => new PickerProgress
        {
            Picker = p.Picker, TripsInProgress = p.TripsInProgress, LinesDone = p.LinesDone, LinesOpen = p.LinesOpen,
            LinesPickedToday = p.LinesPickedToday, UnitsPickedToday = p.UnitsPickedToday,
            LastPickAt = p.LastPickAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        }));
        message.Holds.AddRange(report.Holds.Select(h => new HeldBin
        {
            BinCode = h.BinCode, Reason = h.Reason, UnitsOnHand = h.UnitsOnHand, Skus = h.Skus, SkuCode = h.SkuCode, Lot = h.Lot,
            PlacedBy = h.PlacedBy, PlacedAt = h.PlacedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        }));
        message.ShortPicks.AddRange(report.ShortPicks.Select(s => new ShortPickLine
        {
            TaskId = s.TaskId, TripId = s.TripId, Picker = s.Picker, OrderReference = s.OrderReference, BinCode = s.BinCode, SkuCode = s.SkuCode,
            Quantity = s.Quantity, PickedQuantity = s.PickedQuantity, Reason = s.Reason, WaveReleasedAt = Timestamp.FromDateTimeOffset(s.WaveReleasedAt),
        }));
        message.Waves.AddRange(report.Waves.Select(w => new WaveProgress
        {
            WaveId = w.WaveId, Kind = w.Kind == Picking.WaveKind.Backorder ? "backorder" : "release", ReleasedAt = Timestamp.FromDateTimeOffset(w.ReleasedAt), ReleasedBy = w.ReleasedBy,
            TripsReady = w.TripsReady, TripsInProgress = w.TripsInProgress, TripsCompleted = w.TripsCompleted, LinesDone = w.LinesDone, Lines = w.Lines,
        }));
        return message;
    }

    public override async Task<Contracts.V1.OperationsKpis> GetOperationsKpis(GetOperationsKpisRequest request, ServerCallContext context)
    {
        var report = await kpis.ComputeAsync(request.WarehouseCode, request.From, request.To, context.CancellationToken);
        var message = new Contracts.V1.OperationsKpis
        {
            From = Day(report.From), To = Day(report.To), CycleTargetMinutes = Floor.OperationsKpis.CycleTargetMinutes, Total = MapDay(report.Total),
        };
        message.Days.AddRange(report.Days.Select(MapDay));
        return message;
    }

    private static OperationsDay MapDay(Floor.OperationsKpis.Day day) => new()
    {
        Date = Day(day.Date), OrdersCompleted = day.OrdersCompleted, AverageCycleMinutes = day.AverageCycleMinutes, WithinTarget = day.WithinTarget,
        PickLines = day.PickLines, PickerHours = day.PickerHours, LinesPerPickerHour = day.LinesPerPickerHour, Deliveries = day.Deliveries, OnTime = day.OnTime,
    };

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
