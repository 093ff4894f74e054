using Microsoft.EntityFrameworkCore;

namespace Wms.Server.Data;

/// <summary>The DDL the EF model implies, per provider: what migration scripts are checked against.</summary>
public static class SchemaScript
{
    public static string Generate(DatabaseProvider provider)
    {
        var builder = new DbContextOptionsBuilder<WmsDbContext>();
        DataRegistration.Configure(builder, new DataOptions
        {
            Provider = provider,
            ConnectionString = provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost;Database=wms",
        });
        using var db = new WmsDbContext(builder.Options);
        return db.Database.GenerateCreateScript();
    }
}
