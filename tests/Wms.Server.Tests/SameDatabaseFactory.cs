using Microsoft.AspNetCore.Hosting;

namespace Wms.Server.Tests;

/// <summary>A server on an existing SQLite file: the one a previous server (with KeepDatabase) left behind, for restart tests.</summary>
public sealed class SameDatabaseFactory(string path) : WmsServerFactory
{
    protected override void ConfigureDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Wms:Database:ConnectionString", "Data Source=" + path);
        builder.UseSetting("Wms:Database:SqliteSynchronous", "NORMAL");
    }
}
