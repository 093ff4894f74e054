using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Layout;

/// <summary>
/// Creates or updates the zones and bins of one warehouse in one transaction: all of it or none, with
/// the first bad bin named by its index.
/// </summary>
public static class ImportLayout
{
    public sealed record ZoneInput(string Code, string Name);

    public sealed record BinInput(
        string ZoneCode, string Code, BinKind Kind, MixPolicy MixPolicy, int Aisle, int Position, int Level,
        double X, double Y, long CapacityUnits, double CapacityWeightKg, double CapacityVolumeM3);

    public sealed record Command(string RequestId, string Actor, string WarehouseCode, IReadOnlyList<ZoneInput> Zones, IReadOnlyList<BinInput> Bins);

    public sealed record Result(int ZonesCreated, int BinsCreated, int BinsUpdated);

    public const int MaxBinsPerCall = 100_000;

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            Validate(command);
            return writes.ExecuteAsync(
                new CommandInfo(nameof(ImportLayout), command.Actor, requestId, $"{command.Zones.Count} zones, {command.Bins.Count} bins into {warehouseCode}"),
                (db, ct) => ApplyAsync(db, warehouseCode, command, ct),
                cancellationToken);
        }

        private static void Validate(Command command)
        {
            if (command.Bins.Count > MaxBinsPerCall)
            {
                throw DomainException.Invalid("bins", $"at most {MaxBinsPerCall} per call, got {command.Bins.Count}.");
            }

            var zoneCodes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < command.Zones.Count; i++)
            {
                var code = Require.NotEmpty(command.Zones[i].Code, $"zones[{i}].code", Limits.ZoneCode);
                if (!zoneCodes.Add(code))
                {
                    throw DomainException.Invalid($"zones[{i}].code", $"'{code}' appears twice.");
                }

                Require.Optional(command.Zones[i].Name, $"zones[{i}].name", Limits.Name);
            }

            var binCodes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < command.Bins.Count; i++)
            {
                var bin = command.Bins[i];
                var field = $"bins[{i}]";
                var code = Require.NotEmpty(bin.Code, field + ".code", Limits.BinCode);
                Require.NotEmpty(bin.ZoneCode, field + ".zone_code", Limits.ZoneCode);
                if (!binCodes.Add(code))
                {
                    throw DomainException.Invalid(field + ".code", $"'{code}' appears twice.");
                }

                if (!Enum.IsDefined(bin.Kind))
                {
                    throw DomainException.Invalid(field + ".kind", "must be pick face, reserve, staging, dock or quarantine.");
                }

                if (!Enum.IsDefined(bin.MixPolicy))
                {
                    throw DomainException.Invalid(field + ".mix_policy", "must be empty only, same SKU or mixed.");
                }

                if (bin.CapacityUnits is < 0 or > Limits.BinQuantity)
                {
                    throw DomainException.Invalid(field + ".capacity_units", $"must be from 0 to {Limits.BinQuantity}, got {bin.CapacityUnits}.");
                }

                // NaN passes every comparison: without these it reached the database.
                Require.NotNegative(bin.CapacityWeightKg, field + ".capacity_weight_kg");
                Require.NotNegative(bin.CapacityVolumeM3, field + ".capacity_volume_m3");
                Require.InRange(bin.X, field + ".x", -Limits.Metres, Limits.Metres);
                Require.InRange(bin.Y, field + ".y", -Limits.Metres, Limits.Metres);

                if (bin.Aisle < 0 || bin.Position < 0 || bin.Level < 0)
                {
                    throw DomainException.Invalid(field + ".aisle/position/level", "must not be negative.");
                }
            }
        }

        private static async Task<Result> ApplyAsync(WmsDbContext db, string warehouseCode, Command command, CancellationToken ct)
        {
            var warehouse = await LayoutLookup.WarehouseAsync(db, warehouseCode, ct);
            var zones = await db.Set<Zone>().Where(z => z.WarehouseId == warehouse.Id).ToDictionaryAsync(z => z.Code, StringComparer.Ordinal, ct);
            var zonesCreated = 0;
            foreach (var input in command.Zones)
            {
                if (zones.TryGetValue(input.Code, out var zone))
                {
                    zone.Name = input.Name;
                }
                else
                {
                    zones[input.Code] = new Zone { WarehouseId = warehouse.Id, Code = input.Code, Name = input.Name };
                    db.Add(zones[input.Code]);
                    zonesCreated++;
                }
            }

            await db.SaveChangesAsync(ct);
            var bins = await db.Set<Bin>().Where(b => b.WarehouseId == warehouse.Id).ToDictionaryAsync(b => b.Code, StringComparer.Ordinal, ct);
            int created = 0, updated = 0;
            for (var i = 0; i < command.Bins.Count; i++)
            {
                var input = command.Bins[i];
                if (!zones.TryGetValue(input.ZoneCode, out var zone))
                {
                    throw DomainException.Invalid($"bins[{i}].zone_code", $"zone '{input.ZoneCode}' is neither in this import nor in warehouse {warehouseCode}.");
                }

                if (!bins.TryGetValue(input.Code, out var bin))
                {
                    bin = new Bin { WarehouseId = warehouse.Id, Code = input.Code };
                    db.Add(bin);
                    created++;
                }
                else
                {
                    updated++;
                }

                bin.ZoneId = zone.Id;
                bin.Kind = input.Kind;
                bin.MixPolicy = input.MixPolicy;
                bin.Aisle = input.Aisle;
                bin.Position = input.Position;
                bin.Level = input.Level;
                bin.X = input.X;
                bin.Y = input.Y;
                bin.CapacityUnits = input.CapacityUnits;
                bin.CapacityWeightKg = input.CapacityWeightKg;
                bin.CapacityVolumeM3 = input.CapacityVolumeM3;
            }

            await db.SaveChangesAsync(ct);
            return new Result(zonesCreated, created, updated);
        }
    }
}
