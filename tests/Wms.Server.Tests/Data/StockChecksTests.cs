using System.Data.Common;
using Wms.Server.Tests.Inventory;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Data;

/// <summary>
/// The stock invariants are the database's, not only the code's: with every rule of the server bypassed
/// (plain SQL on a connection of the test's own), the CHECK constraints still refuse stock below zero and
/// reserved above on hand. The schema-equality tests notice a dropped CHECK; these notice one that no
/// longer says what it should.
/// </summary>
public sealed class StockChecksTests
{
    public static TheoryData<string, string[]> Breaks => new()
    {
        { "on_hand = -1, reserved = 0", ["ck_stock_on_hand_not_negative", "ck_stock_reserved_within_on_hand"] },
        { "on_hand = 3", ["ck_stock_reserved_within_on_hand"] },
        { "reserved = 11", ["ck_stock_reserved_within_on_hand"] },
        { "reserved = -1", ["ck_stock_reserved_not_negative"] },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task UpdateBypassingCode_OnSqlite_RefusedByCheck(string set, string[] constraints)
    {
        await using var server = new WmsServerFactory();
        await AssertRefusedAsync(server, set, constraints);
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task UpdateBypassingCode_OnPostgres_RefusedByCheck(string set, string[] constraints)
    {
        TestPostgres.Require();
        await using var server = new PostgresServerFactory();
        await AssertRefusedAsync(server, set, constraints);
    }

    private static async Task AssertRefusedAsync(WmsServerFactory server, string set, string[] constraints)
    {
        var kit = await CreateAsync(server);
        var (sku, _) = await kit.NewSkuAsync();
        await kit.StockAsync(sku, 10, "R-01");
        await kit.ReserveAsync(sku, "R-01", 4);

        using (var raw = server.OpenRawConnection())
        {
            using var command = raw.CreateCommand();
            command.CommandText = "UPDATE stock_balances SET " + set + " WHERE on_hand = 10 AND reserved = 4";
            var error = Assert.ThrowsAny<DbException>(() => command.ExecuteNonQuery());
            Assert.True(constraints.Any(c => error.Message.Contains(c, StringComparison.Ordinal)), error.Message);
        }

        var line = Assert.Single(await kit.StockOfAsync(sku, "R-01"));
        Assert.Equal((10L, 4L), (line.OnHand, line.Reserved));
    }
}
