using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Inventory;

/// <summary>
/// Weight and volume capacity: putaway suggestions leave out bins the goods would overload, and every
/// call that puts stock into a bin refuses to overload it, naming the limit.
/// </summary>
public sealed class CapacityTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>
    /// The kit's warehouse plus, nearer the dock than R-01: W-01 (50 kg), V-01 (1 m3), and a staging bin
    /// S-01 (20 kg); a SKU of 2 kg and 0.1 m3 a unit, 20 of them (40 kg) in W-01.
    /// </summary>
    private async Task<(InventoryKit Kit, string Heavy)> SetupAsync()
    {
        var kit = await CreateAsync(factory);
        var layout = new ImportLayoutRequest { RequestId = Id(), WarehouseCode = kit.Warehouse };
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "W-01", Kind = BinKind.Reserve, MixPolicy = MixPolicy.Mixed, XM = 0.2, CapacityWeightKg = 50 });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "V-01", Kind = BinKind.Reserve, MixPolicy = MixPolicy.Mixed, XM = 0.4, CapacityVolumeM3 = 1 });
        layout.Bins.Add(new Bin { ZoneCode = "Z", Code = "S-01", Kind = BinKind.Staging, XM = 0.1, CapacityWeightKg = 20 });
        await kit.Call(WmsMethods.Layout.ImportLayout, layout);
        var (heavy, _) = await kit.NewSkuAsync(weightKg: 2, volumeM3: 0.1);
        await kit.StockAsync(heavy, 20, "W-01");
        return (kit, heavy);
    }

    private static SuggestPutawayRequest Suggest(InventoryKit kit, string sku, long quantity) =>
        new() { WarehouseCode = kit.Warehouse, SkuCode = sku, Quantity = quantity };

    private static MoveStockRequest Move(InventoryKit kit, string sku, long quantity, string to) =>
        new() { RequestId = Id(), WarehouseCode = kit.Warehouse, SkuCode = sku, Quantity = quantity, FromBinCode = "DOCK-1", ToBinCode = to };

    [Fact]
    public async Task SuggestPutaway_WeightAndVolumeLimits_OnlyBinsWithRoomForAllThree()
    {
        var (kit, heavy) = await SetupAsync();

        var fitsExactly = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, heavy, 5));
        var tooHeavyForW01 = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, heavy, 6));
        var tooBigForV01 = await kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, heavy, 11));

        Assert.Equal("W-01", fitsExactly.BinCode);
        Assert.Contains("already holds", fitsExactly.Reason, StringComparison.Ordinal);
        Assert.Equal("V-01", tooHeavyForW01.BinCode);
        Assert.Equal("R-01", tooBigForV01.BinCode);
    }

    [Fact]
    public async Task SuggestPutaway_NoBinHasRoomByWeight_FailedPreconditionGivesTheWeight()
    {
        var kit = await CreateAsync(factory);
        var layout = new ImportLayoutRequest { RequestId = Id(), WarehouseCode = kit.Warehouse };
        foreach (var code in new[] { "R-01", "R-02", "R-03", "R-04", "R-05", "P-01", "E-01" })
        {
            layout.Bins.Add(new Bin { ZoneCode = "Z", Code = code, Kind = code[0] == 'P' ? BinKind.PickFace : BinKind.Reserve, CapacityWeightKg = 10 });
        }

        await kit.Call(WmsMethods.Layout.ImportLayout, layout);
        var (heavy, _) = await kit.NewSkuAsync(weightKg: 2.5);

        var error = await FailsAsync(kit.Call(WmsMethods.Inventory.SuggestPutaway, Suggest(kit, heavy, 5)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("room for 5 of SKU " + heavy + " (12.5 kg)", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, long, string> Overloads => new()
    {
        { "ConfirmPutaway", "W-01", 6, "Bin W-01 holds 40 kg of 50 kg: 12 kg more would exceed it." },
        { "MoveStock", "V-01", 11, "Bin V-01 holds 0 m3 of 1 m3: 1.1 m3 more would exceed it." },
        { "ReceiveItem", "S-01", 11, "Bin S-01 holds 0 kg of 20 kg: 22 kg more would exceed it." },
    };

    [Theory]
    [MemberData(nameof(Overloads))]
    public async Task PutStockIntoBin_BeyondWeightOrVolume_FailedPreconditionNamingTheLimitAndNothingChanged(string call, string bin, long quantity, string message)
    {
        var (kit, heavy) = await SetupAsync();
        var receipt = await kit.NewReceiptAsync((heavy, 100));
        await kit.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = heavy, Quantity = 50, BinCode = "DOCK-1",
        });
        var before = await kit.LedgerAsync(heavy);

        var error = await FailsAsync(call switch
        {
            "ConfirmPutaway" => kit.Call(WmsMethods.Inventory.ConfirmPutaway, Move(kit, heavy, quantity, bin)),
            "MoveStock" => kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, heavy, quantity, bin)),
            _ => kit.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
            {
                RequestId = Id(), WarehouseCode = kit.Warehouse, ReceiptReference = receipt, SkuCode = heavy, Quantity = quantity, BinCode = bin,
            }),
        });

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(message, error.Status.Detail);
        Assert.Equal(before, await kit.LedgerAsync(heavy));
        await kit.AssertIntegrityAsync();
    }

    [Fact]
    public async Task MoveStock_SeveralSkusAddUpToExactlyTheLimits_Accepted()
    {
        var (kit, heavy) = await SetupAsync();
        var (light, _) = await kit.NewSkuAsync(weightKg: 0.5, volumeM3: 0.1);
        await kit.StockAsync(light, 30);
        await kit.StockAsync(heavy, 10);

        // W-01: 40 kg of heavy + 20 x 0.5 kg = 50 kg. V-01: 0.1 m3 x 3 + 0.1 m3 x 7 = 1 m3, despite 0.1 not being exact in binary.
        var w01 = await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, light, 20, "W-01"));
        await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, heavy, 3, "V-01"));
        var v01 = await kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, light, 7, "V-01"));
        var full = await FailsAsync(kit.Call(WmsMethods.Inventory.MoveStock, Move(kit, light, 1, "W-01")));

        Assert.Equal((20L, 7L), (w01.ToBinOnHand, v01.ToBinOnHand));
        Assert.Equal("Bin W-01 holds 50 kg of 50 kg: 0.5 kg more would exceed it.", full.Status.Detail);
        await kit.AssertIntegrityAsync();
    }
}
