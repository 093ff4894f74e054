namespace Wms.Server.Common;

/// <summary>
/// The largest value every input may take, in one place: the handlers check them at the edge (INVALID_ARGUMENT
/// naming the field and the limit), the EF model gives the columns the same lengths (PostgreSQL declares them,
/// SQLite holds them by triggers printed from the model) and bounds bin and order-line quantities by CHECKs
/// (docs/schema.md, "Limits in the database"), and docs/contracts.md lists them for client writers. Lengths
/// count UTF-16 characters after trimming.
/// </summary>
public static class Limits
{
    /// <summary>Warehouse, zone and vehicle codes: short, printed on labels and typed by people.</summary>
    public const int WarehouseCode = 32;

    public const int ZoneCode = 32;

    /// <summary>Bin and SKU codes, printed as barcodes.</summary>
    public const int BinCode = 64;

    public const int SkuCode = 64;

    /// <summary>A scan as the scanner sends it: GTIN, internal barcode, or a bin or SKU code.</summary>
    public const int Barcode = 64;

    /// <summary>Lots: GS1 allows 20 characters; suppliers' own lot numbers get room to spare.</summary>
    public const int Lot = 64;

    /// <summary>Order and receipt references, carton labels.</summary>
    public const int Reference = 64;

    /// <summary>Names of warehouses, zones and customers, token names.</summary>
    public const int Name = 200;

    /// <summary>Who did it: a token's name, as the audit trail and the ledger record it.</summary>
    public const int Actor = 100;

    /// <summary>Short reasons: holds, short picks, cycle counts.</summary>
    public const int Reason = 200;

    public const int UnitOfMeasure = 16;

    /// <summary>An IANA time zone id (America/Argentina/ComodRivadavia is 32).</summary>
    public const int TimeZone = 64;

    /// <summary>Free text: notes, SKU descriptions, address lines.</summary>
    public const int Text = 500;

    /// <summary>A client's request id (a UUID is 36). Kept per caller and method in request_log.</summary>
    public const int RequestId = 100;

    /// <summary>
    /// Units in one request line (order, receipt, move, adjustment, count, pick). With <see cref="BinQuantity"/>
    /// it keeps every sum of quantities far below the range of a 64-bit integer: the server never overflows.
    /// </summary>
    public const long LineQuantity = 1_000_000_000;

    /// <summary>Units on hand of one SKU and lot in one bin.</summary>
    public const long BinQuantity = 1_000_000_000;

    /// <summary>Coordinates in metres inside a warehouse (bin x and y): a kilometre each way and then some.</summary>
    public const double Metres = 100_000;

    /// <summary>Supplier codes, like warehouse codes.</summary>
    public const int SupplierCode = 32;

    /// <summary>A supplier's lead time, its mean and its standard deviation, in days: a year at most.</summary>
    public const double LeadTimeDays = 365;

    /// <summary>A supplier's price for one unit of a SKU (planning's currency, one for the installation).</summary>
    public const double UnitPrice = 1_000_000_000;
}
