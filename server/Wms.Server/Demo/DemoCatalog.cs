using System.Globalization;
using Wms.Server.Catalog;

namespace Wms.Server.Demo;

/// <summary>The demo's SKUs: everyday goods with valid GTIN-13 barcodes, some lot- and expiry-tracked.</summary>
internal static class DemoCatalog
{
    public const int SkuCount = 80;

    private static readonly string[] Products =
    [
        "Mineral water 1.5 l", "Apple juice 1 l", "Oat flakes 500 g", "Espresso beans 1 kg", "Green tea 20 bags", "Dark chocolate 100 g",
        "Olive oil 750 ml", "Basmati rice 1 kg", "Penne 500 g", "Tomato passata 700 g", "Peanut butter 350 g", "Honey 500 g",
        "Dish soap 500 ml", "Laundry pods 30", "Paper towels 4 rolls", "Toilet paper 8 rolls", "Hand soap 300 ml", "Shampoo 250 ml",
        "Toothpaste 75 ml", "Sunscreen SPF30", "AA batteries 8", "USB-C cable 1 m", "LED bulb E27", "Extension lead 3 m",
        "Notebook A5", "Ballpoint pens 10", "Printer paper A4", "Sticky notes", "Packing tape", "Stretch film roll",
        "Work gloves L", "Safety glasses", "Cable ties 100", "Screws 4x40 200", "Wall plugs 100", "Duct tape 50 m",
        "Baby wipes 64", "Nappies size 4", "Infant formula 800 g", "Vitamin C tablets", "Plasters 40", "Ibuprofen 200 mg",
        "Cat food 400 g", "Dog treats 200 g", "Bird seed 1 kg", "Yoghurt 500 g", "Butter 250 g", "Cheddar 200 g",
    ];

    public static List<Sku> Skus(Random random)
    {
        var skus = new List<Sku>(SkuCount);
        for (var i = 1; i <= SkuCount; i++)
        {
            var name = Products[(i - 1) % Products.Length];
            var variant = (i - 1) / Products.Length;
            // Food, baby and medicine goods carry lots; the perishable ones an expiry date too.
            var perishable = i % 5 == 0;
            skus.Add(new Sku
            {
                Code = "SKU-" + i.ToString("0000", CultureInfo.InvariantCulture),
                Description = variant == 0 ? name : $"{name} (multipack {variant + 1})",
                UnitOfMeasure = "EA",
                UnitWeightKg = Math.Round(0.05 + random.NextDouble() * 1.95, 3),
                UnitVolumeM3 = Math.Round(0.0002 + random.NextDouble() * 0.003, 5),
                LotTracked = perishable || i % 7 == 0,
                ExpiryTracked = perishable,
                CaseSize = new[] { 6, 10, 12, 24 }[random.Next(4)],
            });
        }

        return skus;
    }

    /// <summary>A GTIN-13 under the GS1 Germany prefix 400, numbered by SKU, with its check digit.</summary>
    public static string Gtin13(int skuNumber)
    {
        var body = "400" + (123_450_000 + skuNumber).ToString("000000000", CultureInfo.InvariantCulture);
        return body + CheckDigit(body).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>GS1 mod 10: weights 3 and 1 alternating from the rightmost digit of the body.</summary>
    public static int CheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }

        return (10 - sum % 10) % 10;
    }
}
