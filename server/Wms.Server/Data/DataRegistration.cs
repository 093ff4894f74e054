using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Wms.Server.Data;

public static class DataRegistration
{
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DataOptions>(configuration.GetSection("Wms:Database"));
        services.AddPooledDbContextFactory<WmsDbContext>((provider, builder) =>
        {
            var options = provider.GetRequiredService<IOptions<DataOptions>>().Value;
            Configure(builder, options);
        });
        services.AddSingleton<DatabaseSignals>();
        services.AddSingleton<WriteBatcher>();
        services.AddSingleton<SqlReaders>();
        services.AddSingleton<CodeIds>();
        services.AddHostedService(sp => sp.GetRequiredService<WriteBatcher>());
        services.AddSingleton<PostgresSignalListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresSignalListener>());
        return services;
    }

    public static void Configure(DbContextOptionsBuilder builder, DataOptions options)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            builder.UseNpgsql(options.ConnectionString);
        }
        else
        {
            builder.UseSqlite(SqliteConnectionString(options.ConnectionString));
        }
    }

    /// <summary>Accepts a bare file path; turns foreign keys on and gives writers time to wait for the lock.</summary>
    public static string SqliteConnectionString(string value)
    {
        var builder = new SqliteConnectionStringBuilder(value.Contains('=', StringComparison.Ordinal) ? value : "Data Source=" + value)
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        };
        return builder.ConnectionString;
    }

    /// <summary>Creates or upgrades the schema before the server takes calls.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DataOptions>>().Value;
        await using var db = await services.GetRequiredService<IDbContextFactory<WmsDbContext>>().CreateDbContextAsync(cancellationToken);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(SqliteConnectionString(options.ConnectionString)).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            // WAL lets readers run beside the single writer; the mode is stored in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        await SchemaMigrator.MigrateAsync(db, options.Provider, cancellationToken: cancellationToken);
    }
}
