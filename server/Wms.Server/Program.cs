using Wms.WebConsole;
using Wms.Server.Alerts;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Demo;
using Wms.Server.Devices;
using Wms.Server.Dispatch;
using Wms.Server.Floor;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Picking;
using Wms.Server.Planning;
using Wms.Server.Replenishment;
using Wms.Server.Scheduling;
using Wms.Server.Security;
using Wms.Server.Shipping;
using Wms.Server.Slotting;
using Wms.Server.Transport.Grpc;
using Wms.Server.Transport.Mqtt;

if (args is ["schema-script", "sqlite-length-checks", .. var tables])
{
    // Prints the triggers that hold SQLite's text columns to the model's lengths (all tables, or the ones named).
    Console.Write(SchemaScript.SqliteLengthChecks(tables));
    return;
}

if (args is ["schema-script", var provider])
{
    // Prints the schema the model describes, as the starting point of a new migration script.
    Console.Write(SchemaScript.Generate(Enum.Parse<DatabaseProvider>(provider, ignoreCase: true)));
    return;
}

// Settings and relative paths resolve from the app's folder, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddData(builder.Configuration);
builder.Services.AddSecurity(builder.Configuration);
builder.Services.AddLayout();
builder.Services.AddSlotting();
builder.Services.AddOutbound();
builder.Services.AddPicking();
builder.Services.AddShipping();
builder.Services.AddDispatch(builder.Configuration);
builder.Services.AddCatalog();
builder.Services.AddInventory(builder.Configuration);
builder.Services.AddReplenishment();
builder.Services.AddPlanning(builder.Configuration);
builder.Services.AddScheduling(builder.Configuration);
builder.Services.AddAlerts();
builder.Services.AddDevices(builder.Configuration);
builder.Services.AddMqttTransport(builder.Configuration);
builder.Services.AddFloor();
builder.AddGrpcTransport();
builder.AddWmsConsole();

var app = builder.Build();
await using (await StartupLock.AcquireAsync(app.Services))
{
    await app.Services.InitializeDatabaseAsync();
    await app.SeedDemoAsync();
    await app.InitializeSecurityAsync();
    await app.Services.InitializeDevicesAsync();
}

app.MapGrpcTransport();
app.MapWmsConsole();
await app.RunAsync();

/// <summary>The entry point, visible to tests and benchmarks that host the real server in-process.</summary>
public partial class Program;
