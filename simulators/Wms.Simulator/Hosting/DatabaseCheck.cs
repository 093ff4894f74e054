using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Simulator.Hosting;

/// <summary>
/// The server's stock integrity check (<see cref="StockIntegrity"/>) run on the database of a server that is
/// already running (<c>--address</c> with <c>--database</c>): the check reads the database directly, as the
/// in-process server's does, since no call of the API runs it.
/// </summary>
public static class DatabaseCheck
{
    public static async Task<IReadOnlyList<StockDiscrepancy>> VerifyStockAsync(string connectionString, string provider, CancellationToken cancellationToken)
    {
        var builder = new DbContextOptionsBuilder<WmsDbContext>();
        DataRegistration.Configure(builder, new DataOptions
        {
            Provider = provider == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
            ConnectionString = connectionString,
        });
        await using var db = new WmsDbContext(builder.Options);
        return await StockIntegrity.VerifyAsync(db, cancellationToken);
    }
}
