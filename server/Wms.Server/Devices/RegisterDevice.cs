using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Security;

namespace Wms.Server.Devices;

/// <summary>
/// Registers a device and gives it its broker secret, answered once (only the hash is kept; a retry answers
/// the device without the secret). The code is the device's MQTT client id and user name.
/// </summary>
public static class RegisterDevice
{
    public sealed record Command(
        string RequestId, string Actor, string WarehouseCode, string Code, DeviceKind Kind, string? BinCode, string? SkuCode, string? ZoneCode,
        double TareGrams, double ToleranceUnits, int GraceSeconds, double MinCelsius, double MaxCelsius, int HeartbeatSeconds);

    /// <summary><see cref="Secret"/> is empty when the answer is a retry's.</summary>
    public sealed record Result(DeviceView Device, string Secret);

    public sealed class Handler(WriteBatcher writes, DeviceDirectory directory, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code");
            var code = DeviceCode(command.Code);
            Validate(command);
            var secret = TokenAuthenticator.NewToken();
            var hash = TokenAuthenticator.Hash(secret);
            var ran = false;
            var view = await writes.ExecuteAsync(new CommandInfo(nameof(RegisterDevice), command.Actor, requestId, $"device {code} ({command.Kind})"), async (db, sql, ct) =>
            {
                // Every server reads its device directory again once this commits (DeviceDirectoryFollower).
                sql.Signal(DeviceDirectory.Channel);
                ran = true;
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                if (await db.Set<Device>().AnyAsync(d => d.Code == code, ct))
                {
                    throw DomainException.Exists("Device", code);
                }

                var device = new Device
                {
                    WarehouseId = warehouseId, Code = code, Kind = command.Kind, SecretHash = hash, TareGrams = command.TareGrams,
                    ToleranceUnits = command.ToleranceUnits, GraceSeconds = command.GraceSeconds, MinCelsius = command.MinCelsius,
                    MaxCelsius = command.MaxCelsius, HeartbeatSeconds = command.HeartbeatSeconds, CreatedAt = time.GetUtcNow(),
                };
                if (command.Kind == DeviceKind.Scale)
                {
                    device.BinId = (await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, command.BinCode!, ct)).Id;
                    var sku = await CatalogLookup.SkuAsync(db, command.SkuCode!, ct);
                    if (sku.UnitWeightKg <= 0)
                    {
                        throw DomainException.Invalid("sku_code", $"SKU {sku.Code} has no unit weight: a scale cannot estimate its units.");
                    }

                    device.SkuId = sku.Id;
                }
                else if (command.Kind == DeviceKind.Probe)
                {
                    var zoneCode = command.ZoneCode!;
                    device.ZoneId = await db.Set<Zone>().Where(z => z.WarehouseId == warehouseId && z.Code == zoneCode).Select(z => (long?)z.Id).FirstOrDefaultAsync(ct)
                        ?? throw DomainException.NotFound("Zone", $"{warehouseCode}/{zoneCode}");
                }

                db.Add(device);
                await db.SaveChangesAsync(ct);
                return (await DeviceQueries.ViewsAsync(db, db.Set<Device>().Where(d => d.Id == device.Id), ct))[0];
            }, cancellationToken);

            if (!ran)
            {
                return new Result(view, "");
            }

            await directory.LoadOneAsync(code, cancellationToken);
            return new Result(view, secret);
        }

        private static void Validate(Command c)
        {
            switch (c.Kind)
            {
                case DeviceKind.Scanner:
                    break;
                case DeviceKind.Scale:
                    Require.NotEmpty(c.BinCode, "bin_code");
                    Require.NotEmpty(c.SkuCode, "sku_code");
                    break;
                case DeviceKind.Probe:
                    Require.NotEmpty(c.ZoneCode, "zone_code");
                    if (!(c.MinCelsius < c.MaxCelsius))
                    {
                        throw DomainException.Invalid("min_celsius", $"must be below max_celsius ({c.MinCelsius} >= {c.MaxCelsius}).");
                    }

                    break;
                default:
                    throw DomainException.Invalid("kind", "must be scanner, scale or probe.");
            }

            if (c.TareGrams < 0 || !double.IsFinite(c.TareGrams))
            {
                throw DomainException.Invalid("tare_grams", $"must be a number of grams not below 0, got {c.TareGrams}.");
            }

            if (c.ToleranceUnits < 0 || !double.IsFinite(c.ToleranceUnits))
            {
                throw DomainException.Invalid("tolerance_units", $"must not be negative, got {c.ToleranceUnits}.");
            }

            if (c.GraceSeconds < 0)
            {
                throw DomainException.Invalid("grace_seconds", $"must not be negative, got {c.GraceSeconds}.");
            }

            if (c.HeartbeatSeconds < 0)
            {
                throw DomainException.Invalid("heartbeat_seconds", $"must not be negative, got {c.HeartbeatSeconds}.");
            }
        }
    }

    /// <summary>
    /// A device code is an MQTT client id and a topic level: letters, digits, '-' and '_' only (no '/', '+',
    /// '#' or spaces), at most 64 characters.
    /// </summary>
    public static string DeviceCode(string? value)
    {
        var code = Require.NotEmpty(value, "code");
        if (code.Length > 64 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw DomainException.Invalid("code", $"'{code}' must be 1 to 64 letters, digits, '-' or '_'.");
        }

        return code;
    }
}
