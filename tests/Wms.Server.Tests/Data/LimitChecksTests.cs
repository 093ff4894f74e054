using System.Data.Common;
using Xunit;
using static Wms.Server.Tests.Data.RawSql;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Data;

/// <summary>
/// The documented maximums (Common/Limits.cs, docs/contracts.md) are the database's too, not only the edge's: with the
/// server bypassed (plain SQL on a connection of the test's own to the server's database), an over-long text or an
/// over-large quantity is refused by the database (SQLite: the length triggers of version 25 and the CHECKs of 24;
/// PostgreSQL: varchar(N) and the same CHECKs), and the table is as it was.
/// </summary>
public sealed class LimitChecksTests
{
    public static TheoryData<string, string, string, string> Breaks => new()
    {
        // table, statement, SQLite's refusal, PostgreSQL's refusal
        { "stock_balances", "UPDATE stock_balances SET on_hand = 1000000001 WHERE on_hand = 10", "ck_stock_on_hand_max", "ck_stock_on_hand_max" },
        { "order_lines", "UPDATE order_lines SET quantity = 1000000001 WHERE quantity = 4", "ck_order_lines_quantity_max", "ck_order_lines_quantity_max" },
        { "warehouses", $"UPDATE warehouses SET name = '{Text(201)}'", "warehouses.name is longer than 200 characters", "character varying(200)" },
        { "skus", $"UPDATE skus SET code = '{Text(65)}'", "skus.code is longer than 64 characters", "character varying(64)" },
        { "stock_balances", $"UPDATE stock_balances SET lot = '{Text(65)}' WHERE on_hand = 10", "stock_balances.lot is longer than 64 characters", "character varying(64)" },
        { "ledger", $"UPDATE ledger SET note = '{Text(501)}'", "ledger.note is longer than 500 characters", "character varying(500)" },
        { "request_log", $"UPDATE request_log SET request_id = '{Text(101)}'", "request_log.request_id is longer than 100 characters", "character varying(100)" },
        { "zones", $"INSERT INTO zones (warehouse_id, code, name) SELECT id, '{Text(33)}', 'Second' FROM warehouses", "zones.code is longer than 32 characters", "character varying(32)" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task WriteBypassingServer_OnSqlite_RefusedByDatabase(string table, string statement, string sqliteError, string postgresError)
    {
        _ = postgresError;
        await using var server = new WmsServerFactory();
        await AssertRefusedAsync(server, table, statement, sqliteError);
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task WriteBypassingServer_OnPostgres_RefusedByDatabase(string table, string statement, string sqliteError, string postgresError)
    {
        _ = sqliteError;
        TestPostgres.Require();
        await using var server = new PostgresServerFactory();
        await AssertRefusedAsync(server, table, statement, postgresError);
    }

    /// <summary>n characters of two bytes each in UTF-8: the limits count characters, on both databases.</summary>
    private static string Text(int n) => new('é', n);

    private static async Task AssertRefusedAsync(WmsServerFactory server, string table, string statement, string error)
    {
        var kit = await CreateAsync(server);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        await kit.ReserveAsync(sku, "R-01", 4);

        using var raw = server.OpenRawConnection();
        var before = Records(raw, $"SELECT * FROM {table} ORDER BY 1");
        Assert.NotEmpty(before);
        using (var command = raw.CreateCommand())
        {
            command.CommandText = statement;
            var refusal = Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery());
            Assert.Contains(error, refusal.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Records(raw, $"SELECT * FROM {table} ORDER BY 1"));
        var line = Assert.Single(await kit.StockOfAsync(sku, "R-01"));
        Assert.Equal((10L, 4L), (line.OnHand, line.Reserved));
    }
}
