using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;

if (args is ["schema-script", var provider])
{
    // Prints the schema the model describes, as the starting point of a new migration script.
    Console.Write(SchemaScript.Generate(Enum.Parse<DatabaseProvider>(provider, ignoreCase: true)));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddData(builder.Configuration);
builder.Services.AddSecurity(builder.Configuration);
builder.Services.AddLayout();
builder.Services.AddCatalog();
builder.Services.AddInventory(builder.Configuration);
builder.AddGrpcTransport();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
app.RegisterAdminToken();
app.MapGrpcTransport();
await app.RunAsync();

/// <summary>The entry point, visible to tests and benchmarks that host the real server in-process.</summary>
public partial class Program;
