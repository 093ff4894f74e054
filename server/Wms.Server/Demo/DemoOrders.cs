using System.Globalization;
using Wms.Server.Catalog;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Demo;

/// <summary>Open customer orders around a warehouse, with delivery addresses and time windows.</summary>
internal static class DemoOrders
{
    private static readonly string[] Customers =
    [
        "Bäckerei Schmidt", "Café Central", "Apotheke am Markt", "Kita Sonnenschein", "Hotel Goldener Hirsch", "Büro Weber & Co",
        "Praxis Dr. Yilmaz", "Kiosk am Bahnhof", "Sportverein 1860", "Restaurant Da Luca", "Blumen Meyer", "Hausverwaltung Klein",
        "Tierarztpraxis Nord", "Getränke Hoffmann", "Schule am Park", "Fahrradladen Speiche",
    ];

    private static readonly string[] Streets =
    [
        "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Gartenweg", "Lindenallee", "Kirchplatz", "Marktstraße",
    ];

    // Delivery windows, minutes after midnight: morning, late morning, afternoon, all day.
    private static readonly (int Start, int End)[] Windows = [(7 * 60, 10 * 60), (9 * 60, 12 * 60), (13 * 60, 17 * 60), (8 * 60, 18 * 60)];

    public static List<Order> Orders(Random random, Warehouse warehouse, string city, IReadOnlyList<Sku> stocked, int count, DateOnly today, DateTimeOffset now)
    {
        var orders = new List<Order>(count);
        for (var i = 1; i <= count; i++)
        {
            var window = Windows[random.Next(Windows.Length)];
            var order = new Order
            {
                WarehouseId = warehouse.Id,
                Reference = $"{warehouse.Code}-SO-{i.ToString("0000", CultureInfo.InvariantCulture)}",
                Status = OrderStatus.Open,
                Priority = random.Next(3),
                RequestedShipDate = today.AddDays(random.Next(2)),
                CustomerName = Customers[(i - 1) % Customers.Length],
                AddressLine = $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 120).ToString(CultureInfo.InvariantCulture)}, {city}",
                // Within about 10 km of the depot, so routes are a morning's drive.
                Latitude = Math.Round(warehouse.Latitude + (random.NextDouble() - 0.5) * 0.18, 5),
                Longitude = Math.Round(warehouse.Longitude + (random.NextDouble() - 0.5) * 0.26, 5),
                WindowStartMinutes = window.Start,
                WindowEndMinutes = window.End,
                CreatedAt = now,
            };
            var lines = random.Next(1, 5);
            var used = new HashSet<long>();
            for (var n = 1; n <= lines; n++)
            {
                var sku = stocked[random.Next(stocked.Count)];
                if (!used.Add(sku.Id))
                {
                    continue;
                }

                order.Lines.Add(new OrderLine { LineNumber = order.Lines.Count + 1, SkuId = sku.Id, Quantity = random.Next(1, 7) });
            }

            orders.Add(order);
        }

        return orders;
    }
}
