namespace Wms.WebConsole;

/// <summary>
/// Every word the console shows, in one place: a translation replaces this file (or turns it into resources)
/// without touching a page. Pages use these and nothing else for their text.
/// </summary>
public static class Text
{
    public const string Product = "WMS console";
    public const string SkipToContent = "Skip to content";
    public const string Loading = "Loading…";
    public const string Working = "Working…";

    // Navigation
    public const string NavDispatch = "Dispatch";
    public const string NavAlerts = "Alerts";
    public const string NavFloor = "Floor";
    public const string NavKpis = "KPIs";
    public const string SignOut = "Sign out";
    public const string Warehouse = "Warehouse";
    public const string SignedInAs = "Signed in as";
    public const string SessionEnds = "session ends";

    // Sign-in and enrolment
    public const string SignInTitle = "Sign in";
    public const string Name = "Name";
    public const string Password = "Password";
    public const string Code = "Code from your authenticator app (or a recovery code)";
    public const string SignIn = "Sign in";
    public const string FirstTime = "First sign-in? Set up two-factor authentication";
    public const string EnrolTitle = "Set up two-factor authentication";
    public const string EnrolIntro = "Enter your name and password, then scan the QR code with an authenticator app (or type the key) and enter the code it shows.";
    public const string ShowQrCode = "Show the QR code";
    public const string SecretKey = "Key for typing in";
    public const string EnrolCode = "Code the app shows now";
    public const string Confirm = "Confirm";
    public const string RecoveryTitle = "Your recovery codes";
    public const string RecoveryIntro = "Each of these signs you in once in place of a code, if you lose your phone. Keep them somewhere safe: they are not shown again.";
    public const string Continue = "Continue to the console";
    public const string BackToSignIn = "Back to sign-in";
    public const string NotEnrolled = "Two-factor authentication is not set up for this account yet.";

    // Refusals and errors
    public const string RefusedTitle = "Not for your role";
    public static string Refused(string page, string roles) => $"You may not open {page}: it needs one of the roles {roles}.";
    public const string SessionEnded = "Your session has ended: sign in again.";
    public static string Error(string detail) => "The server said: " + detail;

    // Dispatch
    public const string DispatchTitle = "Dispatch";
    public const string DeliveryDate = "Delivery date";
    public const string Shipments = "Shipments ready to go";
    public const string Fleet = "Fleet";
    public const string PlanRoutes = "Plan routes";
    public const string Replan = "Re-plan";
    public const string Commit = "Commit plan";
    public const string OpenPlan = "Open plan #";
    public const string Open = "Open";
    public const string Pin = "Pin";
    public const string Unpin = "Unpin";
    public const string PinTo = "Pin to";
    public const string Lock = "Lock";
    public const string Unlock = "Unlock";
    public const string RunSheet = "Run sheet";
    public const string ExportCsv = "Export CSV";
    public const string ExportJson = "Export JSON";
    public const string Route = "Route";
    public const string Vehicle = "Vehicle";
    public const string Stops = "Stops";
    public const string RoutesUnit = "routes";
    public const string StopsUnit = "stops";
    public const string Load = "Load";
    public const string Distance = "Distance";
    public const string Duration = "Time";
    public const string WindowsMet = "Windows met";
    public const string Unserved = "Left out by the solver";
    public const string Reason = "Why";
    public const string Customer = "Customer";
    public const string Order = "Order";
    public const string Window = "Window";
    public const string Arrival = "Arrival";
    public const string Weight = "Weight";
    public const string Status = "Status";
    public const string Plan = "Plan";
    public const string Version = "version";
    public const string Draft = "draft";
    public const string Committed = "committed";
    public const string Locked = "locked";
    public const string Pinned = "pinned to";
    public const string RouteMap = "Routes by coordinates";
    public const string NoShipments = "No shipments are waiting.";
    public const string Capacity = "Capacity";
    public const string Shift = "Shift";

    // Alerts
    public const string AlertsTitle = "Alerts";
    public const string Live = "live";
    public const string Reconnecting = "reconnecting…";
    public const string Raised = "Raised";
    public const string Kind = "Kind";
    public const string Subject = "Subject";
    public const string Message = "Message";
    public const string Resolve = "Resolve";
    public const string Resolved = "resolved";
    public const string NoAlerts = "No open alerts.";
    public const string AlertLowStock = "Low stock / stock-out";
    public const string AlertTemperature = "Cold-chain excursion";
    public const string AlertDeviceOffline = "Device offline";
    public const string AlertWeightMismatch = "Shelf weight mismatch";
    public static string ResolvedInConsole(string name) => "resolved in the console by " + name;

    // Floor
    public const string FloorTitle = "Floor";
    public const string TripsInProgress = "Trips in progress";
    public const string Trip = "Trip";
    public const string Lines = "Lines";
    public const string OpenLines = "Open lines";
    public const string Bin = "Bin";
    public const string Sku = "SKU";
    public const string Lot = "Lot";
    public const string OnHand = "On hand";
    public const string Reserved = "Reserved";
    public const string Available = "Available";
    public const string StockSearch = "Stock: scan or type a barcode, SKU or bin";
    public const string Search = "Search";
    public const string NoStock = "No stock found.";
    public const string CountsWaiting = "Cycle counts waiting";
    public const string ReplenishmentWaiting = "Replenishment waiting";
    public const string NoTrips = "No trips in progress.";
    public const string Ledger = "Ledger";
    public const string Task = "Task";
    public const string Quantity = "Qty";
    public const string Description = "Description";
    public const string Attempts = "Attempts";
    public const string FromBin = "From";
    public const string ToBin = "To";
    public const string Position = "#";
    public const string When = "When";
    public const string Who = "Who";

    // KPIs
    public const string KpisTitle = "KPIs";
    public const string From = "From";
    public const string To = "To";
    public const string Show = "Show";
    public const string FillRate = "Fill rate";
    public const string OrdersComplete = "Orders complete";
    public const string Turnover = "Stock turnover per year";
    public const string DaysOfSupply = "Days of supply";
    public const string DaysOfSupplyTarget = "target ~45 days";
    public const string PickedUnits = "Picked units";
    public const string Class = "Class";
    public const string StockOutFaceDays = "Stock-out face-days";

    // Floor: pickers, holds, short picks (FloorService)
    public const string Pickers = "Pickers";
    public const string Picker = "Picker";
    public const string Progress = "Lines of trips in hand";
    public const string PickedToday = "Picked today";
    public const string LastPick = "Last pick";
    public const string LinesUnit = "lines";
    public const string UnitsUnit = "units";
    public const string Holds = "Bins on hold";
    public const string HeldBy = "Held by, since";
    public const string WavesOnTheFloor = "Waves on the floor";
    public const string Wave = "Wave";
    public const string Released = "Released";
    public const string TripsByState = "Trips: waiting / picking / done";
    public const string BackorderWave = "backorders";
    public const string WaveLines = "Lines picked";

    public static string TripStates(int ready, int inProgress, int done) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ready} / {inProgress} / {done}");
    public const string ShortPicks = "Short picks (last 24 h)";

    // Dispatch: the tile map
    public const string RouteMapTiles = "Routes on the map";

    // KPIs: operations (FloorService)
    public const string Operations = "Operations";
    public const string Inventory = "Inventory";
    public const string OrderCycleTime = "Order cycle time";
    public static string CycleTarget(double minutes) => $"target {minutes:0} min";
    public const string WithinTarget = "within target";
    public const string OrdersUnit = "orders";
    public const string LinesPerPickerHour = "Lines per picker-hour";
    public const string PickerHoursUnit = "picker-hours";
    public const string OnTimeDelivery = "On-time delivery";
    public const string DeliveriesUnit = "deliveries";
    public const string PerDay = "per day";

    // Administration: users, tokens, audit (admins)
    public const string NavUsers = "Users";
    public const string NavTokens = "Tokens";
    public const string NavAudit = "Audit";
    public const string UsersTitle = "Users";
    public const string NewUser = "New user";
    public const string RolesTitle = "Roles";
    public const string Create = "Create";
    public const string TwoFactor = "Two-factor";
    public const string Enrolled = "enrolled";
    public const string NotYet = "not yet";
    public const string RecoveryLeft = "Recovery codes left";
    public const string Failures = "Failed attempts";
    public const string LockedUntil = "Locked until";
    public const string Created = "Created";
    public const string By = "by";
    public const string ResetTwoFactor = "Reset two-factor";
    public const string NewPassword = "New password…";
    public const string Save = "Save";
    public const string More = "More";
    public static string UserCreated(string name) => $"User {name} created: they set up two-factor authentication at their first sign-in.";
    public static string UserReset(string name) => $"User {name} changed; a new password or a reset two-factor also ended their open sessions.";
    public const string TokensTitle = "API tokens";
    public const string TokensIntro = "Bearer tokens for devices and integrations. People sign in with their own accounts instead.";
    public const string CreateToken = "Create token";
    public const string IncludeRevoked = "Show revoked";
    public const string TokenShownOnce = "The new token, shown only now (the server keeps its hash): copy it to the device.";
    public const string Revoked = "Revoked";
    public const string Revoke = "Revoke";
    public const string AuditTitle = "Audit trail";
    public const string Command = "Command";
    public const string Since = "Since";
    public const string FromWhere = "From where";
    public const string What = "What";
    public const string RequestId = "Request id";
}
