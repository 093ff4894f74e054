using Wms.Server.Security;
using Wms.Server.Transport.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSecurity(builder.Configuration);
builder.AddGrpcTransport();

var app = builder.Build();
app.RegisterAdminToken();
app.MapGrpcTransport();
app.Run();

/// <summary>The entry point, visible to tests and benchmarks that host the real server in-process.</summary>
public partial class Program;
