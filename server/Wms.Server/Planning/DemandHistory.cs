using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Planning;

/// <summary>Demand per SKU and day, from the ledger's pick rows (what left the shelves for orders).</summary>
public static class DemandHistory
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>Units picked per SKU for each day from <paramref name="first"/> to the day before <paramref name="end"/> (UTC days; ledger times are UTC ticks).</summary>
    public static async Task<Dictionary<long, double[]>> DailyAsync(WmsDbContext db, long warehouseId, DateOnly first, DateOnly end, CancellationToken cancellationToken)
    {
        var days = end.DayNumber - first.DayNumber;
        var from = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;
        var to = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;
        var series = new Dictionary<long, double[]>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            // Integer division of UTC ticks gives the day on both SQLite and PostgreSQL. The rows are read as they are and
            // summed here, on both: SQLite has no index to group along and sorts every row for a GROUP BY (15 s for 3.8 M
            // rows against 1 s to read them), and PostgreSQL's hash aggregate over millions of (SKU, day) groups took 17-19 s
            // where reading the rows and summing them here takes 3.7 s (docs/benchmarks.md).
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                SELECT sku_id, (at - {from}) / {TicksPerDay}, -quantity FROM ledger
                WHERE warehouse_id = {warehouseId} AND reason = {(int)LedgerReason.Pick} AND at >= {from} AND at < {to}
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var sku = reader.GetInt64(0);
                var day = (int)reader.GetInt64(1);
                if (!series.TryGetValue(sku, out var values))
                {
                    series[sku] = values = new double[days];
                }

                values[day] += reader.GetInt64(2);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return series;
    }
}
