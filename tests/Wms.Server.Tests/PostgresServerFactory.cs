using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Xunit;

namespace Wms.Server.Tests;

/// <summary>
/// A fresh PostgreSQL database per fixture on the server named by WMS_TEST_POSTGRES (which .ci/run
/// starts on loopback). Without it the tests skip, unless CI=true, where a missing peer is a failure.
/// </summary>
public static class TestPostgres
{
    public static string? AdminConnectionString => Environment.GetEnvironmentVariable("WMS_TEST_POSTGRES");

    public static void Require()
    {
        if (!string.IsNullOrEmpty(AdminConnectionString))
        {
            return;
        }

        Skips.Because("PostgreSQL not configured: set WMS_TEST_POSTGRES to a connection string of a role that may create databases (apt-get install postgresql; .ci/run starts one and sets it).");
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        Require();
        var name = "wms_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Drops a test's database. Clean-up, not a behaviour under test: on a loaded machine the drop can lose a race with
    /// a session still closing (seen as a refusal to terminate it), so it is tried again, and a database left behind
    /// only costs disk on a throwaway server.
    /// </summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = new NpgsqlConnection(AdminConnectionString);
                connection.Open();
                using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                command.ExecuteNonQuery();
                return;
            }
            catch (PostgresException e) when (attempt < 5)
            {
                Console.Error.WriteLine($"dropping {name} failed ({e.SqlState} {e.MessageText}); trying again");
                Thread.Sleep(1000);
            }
            catch (PostgresException e)
            {
                Console.Error.WriteLine($"left {name} behind: {e.SqlState} {e.MessageText}");
                return;
            }
        }
    }
}

/// <summary>
/// The real server in-process on its own PostgreSQL database: a new one, which it drops on dispose, or
/// <see cref="ExistingDatabase"/> (from <see cref="TestPostgres.CreateDatabase"/>, prepared by the test), which the
/// test drops once every server on it has stopped. Dropping a database under a server that still runs it made that
/// server's Quartz hang on stop (see ShutdownTests).
/// </summary>
public sealed class PostgresServerFactory : WmsServerFactory
{
    private string? _connectionString;
    private bool _created;

    /// <summary>A database the test made (and filled) before the server starts on it.</summary>
    public string? ExistingDatabase { get; init; }

    protected override void ConfigureDatabase(IWebHostBuilder builder)
    {
        _created = ExistingDatabase is null;
        _connectionString = ExistingDatabase ?? TestPostgres.CreateDatabase();
        builder.UseSetting("Wms:Database:Provider", "Postgres");
        builder.UseSetting("Wms:Database:ConnectionString", _connectionString);
    }

    public override System.Data.Common.DbConnection OpenRawConnection()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connectionString is not null && _created)
        {
            TestPostgres.DropDatabase(_connectionString);
        }
    }
}
