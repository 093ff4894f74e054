using Wms.Server.Data;

namespace Wms.Server.Devices;

/// <summary>The stock in a probe's cold room, as the ingest sees it: what time out of range and an excursion touch.</summary>
internal static class ColdRoomStock
{
    /// <summary>
    /// Time out of range per lot: the stretch a probe just counted (from its previous reading to this one, both by
    /// device time) is added to every lot with stock in its zone now, in the reading's transaction.
    /// </summary>
    public static void AccrueLotExposure(SqlSession sql, long deviceId, long zoneId, double seconds, DateTimeOffset from, DateTimeOffset to) => sql.Execute(
        """
        INSERT INTO lot_exposures (device_id, sku_id, lot, seconds, first_at, last_at)
        SELECT @p0, s.sku_id, s.lot, @p1, @p2, @p3 FROM stock_balances s JOIN bins b ON b.id = s.bin_id
        WHERE b.zone_id = @p4 AND s.on_hand > 0 GROUP BY s.sku_id, s.lot
        ON CONFLICT (device_id, sku_id, lot) DO UPDATE SET seconds = lot_exposures.seconds + excluded.seconds, last_at = excluded.last_at
        """,
        deviceId, seconds, from.UtcTicks, to.UtcTicks, zoneId);

    /// <summary>Each SKU and lot with stock in a cold room, by bin: what an excursion may have spoiled.</summary>
    public static List<(string Bin, string Sku, string Lot)> StockedLots(SqlSession sql, long? zoneId)
    {
        var stocked = new List<(string, string, string)>();
        using var reader = sql.Query(
            """
            SELECT b.code, k.code, s.lot FROM bins b JOIN stock_balances s ON s.bin_id = b.id JOIN skus k ON k.id = s.sku_id
            WHERE b.zone_id = @p0 AND s.on_hand > 0 ORDER BY b.code, k.code, s.lot
            """,
            zoneId);
        while (reader.Read())
        {
            stocked.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return stocked;
    }
}
