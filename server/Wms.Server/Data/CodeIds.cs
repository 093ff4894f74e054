using System.Collections.Concurrent;

namespace Wms.Server.Data;

/// <summary>
/// Warehouse, bin and SKU ids by code, remembered once found. Safe to keep because those rows are never
/// deleted and their codes never change (ids come from AUTOINCREMENT / identity and are never reused);
/// codes not found are not remembered, so a bin imported a moment later is found at once. The hot read
/// paths then run one statement instead of three.
/// </summary>
public sealed class CodeIds
{
    // Far above any real warehouse's bins and SKUs; past it the memory is simply given back and refilled.
    private const int MaxEntries = 500_000;

    private readonly ConcurrentDictionary<(char Kind, long Scope, string Code), long> _ids = new();

    public long? WarehouseId(SqlSession sql, string code) =>
        Find(sql, ('W', 0, code), "SELECT id FROM warehouses WHERE code = @p0", code);

    public long? BinId(SqlSession sql, long warehouseId, string code) =>
        Find(sql, ('B', warehouseId, code), "SELECT id FROM bins WHERE warehouse_id = @p0 AND code = @p1", warehouseId, code);

    public long? SkuId(SqlSession sql, string code) =>
        Find(sql, ('S', 0, code), "SELECT id FROM skus WHERE code = @p0", code);

    private long? Find(SqlSession sql, (char, long, string) key, string query, params ReadOnlySpan<object?> args)
    {
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        var found = sql.Scalar<long?>(query, args);
        if (found is { } value)
        {
            if (_ids.Count >= MaxEntries)
            {
                _ids.Clear();
            }

            _ids[key] = value;
        }

        return found;
    }
}
