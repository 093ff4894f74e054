using Grpc.Core;
using V1 = Wms.Contracts.V1;

namespace Wms.Client;

/// <summary>
/// Every method of the wms.v1 API as the generated descriptor, for callers that call through one generic
/// path (the handheld's deadline and offline handling, the simulators, tests):
/// <c>invoker.AsyncUnaryCall(WmsMethods.Picking.ConfirmPick, request)</c>. The generated clients
/// (<c>new PickingService.PickingServiceClient(channel)</c>) call the same methods.
/// </summary>
public static class WmsMethods
{
    public static class Access
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.AccessService.BindService(binder, null));

        public static readonly Method<V1.CreateTokenRequest, V1.CreateTokenResponse> CreateToken = Table.Get<V1.CreateTokenRequest, V1.CreateTokenResponse>("CreateToken");
        public static readonly Method<V1.RevokeTokenRequest, V1.RevokeTokenResponse> RevokeToken = Table.Get<V1.RevokeTokenRequest, V1.RevokeTokenResponse>("RevokeToken");
        public static readonly Method<V1.ListTokensRequest, V1.ListTokensResponse> ListTokens = Table.Get<V1.ListTokensRequest, V1.ListTokensResponse>("ListTokens");
        public static readonly Method<V1.ListAuditRequest, V1.ListAuditResponse> ListAudit = Table.Get<V1.ListAuditRequest, V1.ListAuditResponse>("ListAudit");
    }

    public static class Account
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.AccountService.BindService(binder, null));

        public static readonly Method<V1.CreateUserRequest, V1.UserInfo> CreateUser = Table.Get<V1.CreateUserRequest, V1.UserInfo>("CreateUser");
        public static readonly Method<V1.ListUsersRequest, V1.ListUsersResponse> ListUsers = Table.Get<V1.ListUsersRequest, V1.ListUsersResponse>("ListUsers");
        public static readonly Method<V1.ResetUserRequest, V1.UserInfo> ResetUser = Table.Get<V1.ResetUserRequest, V1.UserInfo>("ResetUser");
        public static readonly Method<V1.StartTotpEnrolmentRequest, V1.TotpEnrolment> StartTotpEnrolment = Table.Get<V1.StartTotpEnrolmentRequest, V1.TotpEnrolment>("StartTotpEnrolment");
        public static readonly Method<V1.ConfirmTotpEnrolmentRequest, V1.ConfirmTotpEnrolmentResponse> ConfirmTotpEnrolment = Table.Get<V1.ConfirmTotpEnrolmentRequest, V1.ConfirmTotpEnrolmentResponse>("ConfirmTotpEnrolment");
        public static readonly Method<V1.SignInRequest, V1.SignInSession> SignIn = Table.Get<V1.SignInRequest, V1.SignInSession>("SignIn");
        public static readonly Method<V1.SignOutRequest, V1.SignOutResponse> SignOut = Table.Get<V1.SignOutRequest, V1.SignOutResponse>("SignOut");
    }

    public static class Alert
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.AlertService.BindService(binder, null));

        public static readonly Method<V1.ListAlertsRequest, V1.ListAlertsResponse> ListAlerts = Table.Get<V1.ListAlertsRequest, V1.ListAlertsResponse>("ListAlerts");
        public static readonly Method<V1.ResolveAlertRequest, V1.Alert> ResolveAlert = Table.Get<V1.ResolveAlertRequest, V1.Alert>("ResolveAlert");
        public static readonly Method<V1.FollowAlertsRequest, V1.Alert> FollowAlerts = Table.Get<V1.FollowAlertsRequest, V1.Alert>("FollowAlerts");
    }

    public static class Catalog
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.CatalogService.BindService(binder, null));

        public static readonly Method<V1.UpsertSkusRequest, V1.UpsertSkusResponse> UpsertSkus = Table.Get<V1.UpsertSkusRequest, V1.UpsertSkusResponse>("UpsertSkus");
        public static readonly Method<V1.GetSkuRequest, V1.Sku> GetSku = Table.Get<V1.GetSkuRequest, V1.Sku>("GetSku");
        public static readonly Method<V1.ListSkusRequest, V1.ListSkusResponse> ListSkus = Table.Get<V1.ListSkusRequest, V1.ListSkusResponse>("ListSkus");
        public static readonly Method<V1.LookupBarcodeRequest, V1.Sku> LookupBarcode = Table.Get<V1.LookupBarcodeRequest, V1.Sku>("LookupBarcode");
    }

    public static class Device
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.DeviceService.BindService(binder, null));

        public static readonly Method<V1.RegisterDeviceRequest, V1.DeviceSecret> RegisterDevice = Table.Get<V1.RegisterDeviceRequest, V1.DeviceSecret>("RegisterDevice");
        public static readonly Method<V1.ListDevicesRequest, V1.ListDevicesResponse> ListDevices = Table.Get<V1.ListDevicesRequest, V1.ListDevicesResponse>("ListDevices");
        public static readonly Method<V1.GetDeviceRequest, V1.Device> GetDevice = Table.Get<V1.GetDeviceRequest, V1.Device>("GetDevice");
        public static readonly Method<V1.DisableDeviceRequest, V1.Device> DisableDevice = Table.Get<V1.DisableDeviceRequest, V1.Device>("DisableDevice");
        public static readonly Method<V1.RotateDeviceCredentialsRequest, V1.DeviceSecret> RotateDeviceCredentials = Table.Get<V1.RotateDeviceCredentialsRequest, V1.DeviceSecret>("RotateDeviceCredentials");
        public static readonly Method<V1.ListReadingsRequest, V1.ListReadingsResponse> ListReadings = Table.Get<V1.ListReadingsRequest, V1.ListReadingsResponse>("ListReadings");
        public static readonly Method<V1.ListLotExposuresRequest, V1.ListLotExposuresResponse> ListLotExposures = Table.Get<V1.ListLotExposuresRequest, V1.ListLotExposuresResponse>("ListLotExposures");
    }

    public static class Dispatch
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.DispatchService.BindService(binder, null));

        public static readonly Method<V1.UpsertVehiclesRequest, V1.UpsertVehiclesResponse> UpsertVehicles = Table.Get<V1.UpsertVehiclesRequest, V1.UpsertVehiclesResponse>("UpsertVehicles");
        public static readonly Method<V1.ListVehiclesRequest, V1.ListVehiclesResponse> ListVehicles = Table.Get<V1.ListVehiclesRequest, V1.ListVehiclesResponse>("ListVehicles");
        public static readonly Method<V1.PlanRoutesRequest, V1.RoutePlan> PlanRoutes = Table.Get<V1.PlanRoutesRequest, V1.RoutePlan>("PlanRoutes");
        public static readonly Method<V1.GetRoutePlanRequest, V1.RoutePlan> GetRoutePlan = Table.Get<V1.GetRoutePlanRequest, V1.RoutePlan>("GetRoutePlan");
        public static readonly Method<V1.PinStopRequest, V1.RoutePlan> PinStop = Table.Get<V1.PinStopRequest, V1.RoutePlan>("PinStop");
        public static readonly Method<V1.UnpinStopRequest, V1.RoutePlan> UnpinStop = Table.Get<V1.UnpinStopRequest, V1.RoutePlan>("UnpinStop");
        public static readonly Method<V1.LockRouteRequest, V1.RoutePlan> LockRoute = Table.Get<V1.LockRouteRequest, V1.RoutePlan>("LockRoute");
        public static readonly Method<V1.LockRouteRequest, V1.RoutePlan> UnlockRoute = Table.Get<V1.LockRouteRequest, V1.RoutePlan>("UnlockRoute");
        public static readonly Method<V1.ReplanRequest, V1.RoutePlan> Replan = Table.Get<V1.ReplanRequest, V1.RoutePlan>("Replan");
        public static readonly Method<V1.CommitRoutePlanRequest, V1.RoutePlan> CommitRoutePlan = Table.Get<V1.CommitRoutePlanRequest, V1.RoutePlan>("CommitRoutePlan");
        public static readonly Method<V1.ReportStopDoneRequest, V1.RoutePlan> ReportStopDone = Table.Get<V1.ReportStopDoneRequest, V1.RoutePlan>("ReportStopDone");
        public static readonly Method<V1.GetRunSheetRequest, V1.DispatchDocument> GetRunSheet = Table.Get<V1.GetRunSheetRequest, V1.DispatchDocument>("GetRunSheet");
        public static readonly Method<V1.ExportRoutePlanRequest, V1.DispatchDocument> ExportRoutePlan = Table.Get<V1.ExportRoutePlanRequest, V1.DispatchDocument>("ExportRoutePlan");
    }

    public static class Inventory
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.InventoryService.BindService(binder, null));

        public static readonly Method<V1.QueryStockRequest, V1.QueryStockResponse> QueryStock = Table.Get<V1.QueryStockRequest, V1.QueryStockResponse>("QueryStock");
        public static readonly Method<V1.CreateReceiptRequest, V1.Receipt> CreateReceipt = Table.Get<V1.CreateReceiptRequest, V1.Receipt>("CreateReceipt");
        public static readonly Method<V1.GetReceiptRequest, V1.Receipt> GetReceipt = Table.Get<V1.GetReceiptRequest, V1.Receipt>("GetReceipt");
        public static readonly Method<V1.ReceiveItemRequest, V1.ReceiveItemResponse> ReceiveItem = Table.Get<V1.ReceiveItemRequest, V1.ReceiveItemResponse>("ReceiveItem");
        public static readonly Method<V1.SuggestPutawayRequest, V1.SuggestPutawayResponse> SuggestPutaway = Table.Get<V1.SuggestPutawayRequest, V1.SuggestPutawayResponse>("SuggestPutaway");
        public static readonly Method<V1.MoveStockRequest, V1.MoveStockResponse> ConfirmPutaway = Table.Get<V1.MoveStockRequest, V1.MoveStockResponse>("ConfirmPutaway");
        public static readonly Method<V1.MoveStockRequest, V1.MoveStockResponse> MoveStock = Table.Get<V1.MoveStockRequest, V1.MoveStockResponse>("MoveStock");
        public static readonly Method<V1.AdjustStockRequest, V1.AdjustStockResponse> AdjustStock = Table.Get<V1.AdjustStockRequest, V1.AdjustStockResponse>("AdjustStock");
        public static readonly Method<V1.PlaceHoldRequest, V1.BinHold> PlaceHold = Table.Get<V1.PlaceHoldRequest, V1.BinHold>("PlaceHold");
        public static readonly Method<V1.ReleaseHoldRequest, V1.BinHold> ReleaseHold = Table.Get<V1.ReleaseHoldRequest, V1.BinHold>("ReleaseHold");
        public static readonly Method<V1.RaiseCycleCountRequest, V1.CycleCount> RaiseCycleCount = Table.Get<V1.RaiseCycleCountRequest, V1.CycleCount>("RaiseCycleCount");
        public static readonly Method<V1.ListCycleCountsRequest, V1.ListCycleCountsResponse> ListCycleCounts = Table.Get<V1.ListCycleCountsRequest, V1.ListCycleCountsResponse>("ListCycleCounts");
        public static readonly Method<V1.SubmitCountRequest, V1.SubmitCountResponse> SubmitCount = Table.Get<V1.SubmitCountRequest, V1.SubmitCountResponse>("SubmitCount");
        public static readonly Method<V1.ListLedgerRequest, V1.ListLedgerResponse> ListLedger = Table.Get<V1.ListLedgerRequest, V1.ListLedgerResponse>("ListLedger");
        public static readonly Method<V1.FollowLedgerRequest, V1.LedgerEntry> FollowLedger = Table.Get<V1.FollowLedgerRequest, V1.LedgerEntry>("FollowLedger");
    }

    public static class Layout
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.LayoutService.BindService(binder, null));

        public static readonly Method<V1.CreateWarehouseRequest, V1.Warehouse> CreateWarehouse = Table.Get<V1.CreateWarehouseRequest, V1.Warehouse>("CreateWarehouse");
        public static readonly Method<V1.ListWarehousesRequest, V1.ListWarehousesResponse> ListWarehouses = Table.Get<V1.ListWarehousesRequest, V1.ListWarehousesResponse>("ListWarehouses");
        public static readonly Method<V1.ImportLayoutRequest, V1.ImportLayoutResponse> ImportLayout = Table.Get<V1.ImportLayoutRequest, V1.ImportLayoutResponse>("ImportLayout");
        public static readonly Method<V1.GetBinRequest, V1.Bin> GetBin = Table.Get<V1.GetBinRequest, V1.Bin>("GetBin");
        public static readonly Method<V1.ListBinsRequest, V1.ListBinsResponse> ListBins = Table.Get<V1.ListBinsRequest, V1.ListBinsResponse>("ListBins");
        public static readonly Method<V1.SuggestSlottingRequest, V1.SlottingAdvice> SuggestSlotting = Table.Get<V1.SuggestSlottingRequest, V1.SlottingAdvice>("SuggestSlotting");
        public static readonly Method<V1.ApplySlottingMoveRequest, V1.ApplySlottingMoveResponse> ApplySlottingMove = Table.Get<V1.ApplySlottingMoveRequest, V1.ApplySlottingMoveResponse>("ApplySlottingMove");
    }

    public static class Order
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.OrderService.BindService(binder, null));

        public static readonly Method<V1.CreateOrderRequest, V1.Order> CreateOrder = Table.Get<V1.CreateOrderRequest, V1.Order>("CreateOrder");
        public static readonly Method<V1.GetOrderRequest, V1.Order> GetOrder = Table.Get<V1.GetOrderRequest, V1.Order>("GetOrder");
        public static readonly Method<V1.ListOrdersRequest, V1.ListOrdersResponse> ListOrders = Table.Get<V1.ListOrdersRequest, V1.ListOrdersResponse>("ListOrders");
        public static readonly Method<V1.CancelOrderRequest, V1.Order> CancelOrder = Table.Get<V1.CancelOrderRequest, V1.Order>("CancelOrder");
        public static readonly Method<V1.AllocateOrderRequest, V1.Order> AllocateOrder = Table.Get<V1.AllocateOrderRequest, V1.Order>("AllocateOrder");
        public static readonly Method<V1.ReleaseWaveRequest, V1.Wave> ReleaseWave = Table.Get<V1.ReleaseWaveRequest, V1.Wave>("ReleaseWave");
        public static readonly Method<V1.AllocateBackordersRequest, V1.AllocateBackordersResponse> AllocateBackorders = Table.Get<V1.AllocateBackordersRequest, V1.AllocateBackordersResponse>("AllocateBackorders");
    }

    public static class Picking
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.PickingService.BindService(binder, null));

        public static readonly Method<V1.GetNextPickTaskRequest, V1.GetNextPickTaskResponse> GetNextPickTask = Table.Get<V1.GetNextPickTaskRequest, V1.GetNextPickTaskResponse>("GetNextPickTask");
        public static readonly Method<V1.ConfirmPickRequest, V1.ConfirmPickResponse> ConfirmPick = Table.Get<V1.ConfirmPickRequest, V1.ConfirmPickResponse>("ConfirmPick");
        public static readonly Method<V1.ShortPickRequest, V1.ShortPickResponse> ShortPick = Table.Get<V1.ShortPickRequest, V1.ShortPickResponse>("ShortPick");
        public static readonly Method<V1.SkipPickRequest, V1.GetNextPickTaskResponse> SkipPick = Table.Get<V1.SkipPickRequest, V1.GetNextPickTaskResponse>("SkipPick");
        public static readonly Method<V1.ListTripTasksRequest, V1.ListTripTasksResponse> ListTripTasks = Table.Get<V1.ListTripTasksRequest, V1.ListTripTasksResponse>("ListTripTasks");
        public static readonly Method<V1.RecordTotesRequest, V1.TripTotes> RecordTotes = Table.Get<V1.RecordTotesRequest, V1.TripTotes>("RecordTotes");
        public static readonly Method<V1.DropOffTripRequest, V1.TripTotes> DropOffTrip = Table.Get<V1.DropOffTripRequest, V1.TripTotes>("DropOffTrip");
        public static readonly Method<V1.ReportPickExceptionRequest, V1.ReportPickExceptionResponse> ReportPickException = Table.Get<V1.ReportPickExceptionRequest, V1.ReportPickExceptionResponse>("ReportPickException");
    }

    public static class Planning
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.PlanningService.BindService(binder, null));

        public static readonly Method<V1.ListSkuPlansRequest, V1.ListSkuPlansResponse> ListSkuPlans = Table.Get<V1.ListSkuPlansRequest, V1.ListSkuPlansResponse>("ListSkuPlans");
        public static readonly Method<V1.GetInventoryKpisRequest, V1.InventoryKpis> GetInventoryKpis = Table.Get<V1.GetInventoryKpisRequest, V1.InventoryKpis>("GetInventoryKpis");
        public static readonly Method<V1.ListSuggestionsRequest, V1.ListSuggestionsResponse> ListSuggestions = Table.Get<V1.ListSuggestionsRequest, V1.ListSuggestionsResponse>("ListSuggestions");
        public static readonly Method<V1.DecideSuggestionRequest, V1.Suggestion> DecideSuggestion = Table.Get<V1.DecideSuggestionRequest, V1.Suggestion>("DecideSuggestion");
        public static readonly Method<V1.UpsertSupplierRequest, V1.SupplierInfo> UpsertSupplier = Table.Get<V1.UpsertSupplierRequest, V1.SupplierInfo>("UpsertSupplier");
        public static readonly Method<V1.ListSuppliersRequest, V1.ListSuppliersResponse> ListSuppliers = Table.Get<V1.ListSuppliersRequest, V1.ListSuppliersResponse>("ListSuppliers");
        public static readonly Method<V1.SetTransferLeadTimeRequest, V1.TransferLeadTime> SetTransferLeadTime = Table.Get<V1.SetTransferLeadTimeRequest, V1.TransferLeadTime>("SetTransferLeadTime");
        public static readonly Method<V1.ListTransferLeadTimesRequest, V1.ListTransferLeadTimesResponse> ListTransferLeadTimes = Table.Get<V1.ListTransferLeadTimesRequest, V1.ListTransferLeadTimesResponse>("ListTransferLeadTimes");
    }

    public static class Replenishment
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.ReplenishmentService.BindService(binder, null));

        public static readonly Method<V1.SetPickFaceRequest, V1.PickFace> SetPickFace = Table.Get<V1.SetPickFaceRequest, V1.PickFace>("SetPickFace");
        public static readonly Method<V1.ListPickFacesRequest, V1.ListPickFacesResponse> ListPickFaces = Table.Get<V1.ListPickFacesRequest, V1.ListPickFacesResponse>("ListPickFaces");
        public static readonly Method<V1.RunReplenishmentRequest, V1.RunReplenishmentResponse> RunReplenishment = Table.Get<V1.RunReplenishmentRequest, V1.RunReplenishmentResponse>("RunReplenishment");
        public static readonly Method<V1.ListReplenishmentTasksRequest, V1.ListReplenishmentTasksResponse> ListReplenishmentTasks = Table.Get<V1.ListReplenishmentTasksRequest, V1.ListReplenishmentTasksResponse>("ListReplenishmentTasks");
        public static readonly Method<V1.ConfirmReplenishmentRequest, V1.ConfirmReplenishmentResponse> ConfirmReplenishment = Table.Get<V1.ConfirmReplenishmentRequest, V1.ConfirmReplenishmentResponse>("ConfirmReplenishment");
        public static readonly Method<V1.ClaimReplenishmentRequest, V1.ReplenishmentTask> ClaimReplenishment = Table.Get<V1.ClaimReplenishmentRequest, V1.ReplenishmentTask>("ClaimReplenishment");
        public static readonly Method<V1.ReleaseReplenishmentRequest, V1.ReplenishmentTask> ReleaseReplenishment = Table.Get<V1.ReleaseReplenishmentRequest, V1.ReplenishmentTask>("ReleaseReplenishment");
    }

    public static class Schedule
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.ScheduleService.BindService(binder, null));

        public static readonly Method<V1.ListJobsRequest, V1.ListJobsResponse> ListJobs = Table.Get<V1.ListJobsRequest, V1.ListJobsResponse>("ListJobs");
        public static readonly Method<V1.ChangeJobRequest, V1.ScheduledJob> PauseJob = Table.Get<V1.ChangeJobRequest, V1.ScheduledJob>("PauseJob");
        public static readonly Method<V1.ChangeJobRequest, V1.ScheduledJob> ResumeJob = Table.Get<V1.ChangeJobRequest, V1.ScheduledJob>("ResumeJob");
        public static readonly Method<V1.ChangeJobRequest, V1.ScheduledJob> RunJobNow = Table.Get<V1.ChangeJobRequest, V1.ScheduledJob>("RunJobNow");
        public static readonly Method<V1.ChangeJobRequest, V1.ScheduledJob> SetJobCron = Table.Get<V1.ChangeJobRequest, V1.ScheduledJob>("SetJobCron");
        public static readonly Method<V1.ListJobRunsRequest, V1.ListJobRunsResponse> ListJobRuns = Table.Get<V1.ListJobRunsRequest, V1.ListJobRunsResponse>("ListJobRuns");
    }

    public static class ServerInfo
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.ServerInfoService.BindService(binder, null));

        public static readonly Method<V1.GetServerInfoRequest, V1.ServerInfo> GetServerInfo = Table.Get<V1.GetServerInfoRequest, V1.ServerInfo>("GetServerInfo");
    }

    public static class Shipping
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.ShippingService.BindService(binder, null));

        public static readonly Method<V1.PackCartonRequest, V1.Carton> PackCarton = Table.Get<V1.PackCartonRequest, V1.Carton>("PackCarton");
        public static readonly Method<V1.CreateShipmentRequest, V1.Shipment> CreateShipment = Table.Get<V1.CreateShipmentRequest, V1.Shipment>("CreateShipment");
        public static readonly Method<V1.ShipmentTransitionRequest, V1.Shipment> MarkLoaded = Table.Get<V1.ShipmentTransitionRequest, V1.Shipment>("MarkLoaded");
        public static readonly Method<V1.ShipmentTransitionRequest, V1.Shipment> MarkShipped = Table.Get<V1.ShipmentTransitionRequest, V1.Shipment>("MarkShipped");
        public static readonly Method<V1.GetShipmentRequest, V1.Shipment> GetShipment = Table.Get<V1.GetShipmentRequest, V1.Shipment>("GetShipment");
        public static readonly Method<V1.ListShipmentsRequest, V1.ListShipmentsResponse> ListShipments = Table.Get<V1.ListShipmentsRequest, V1.ListShipmentsResponse>("ListShipments");
    }

    public static class Floor
    {
        private static readonly MethodTable Table = MethodTable.Of(binder => V1.FloorService.BindService(binder, null));

        public static readonly Method<V1.GetFloorStatusRequest, V1.FloorStatus> GetFloorStatus = Table.Get<V1.GetFloorStatusRequest, V1.FloorStatus>("GetFloorStatus");
        public static readonly Method<V1.GetOperationsKpisRequest, V1.OperationsKpis> GetOperationsKpis = Table.Get<V1.GetOperationsKpisRequest, V1.OperationsKpis>("GetOperationsKpis");
    }
}
