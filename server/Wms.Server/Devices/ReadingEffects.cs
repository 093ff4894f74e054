using Wms.Server.Alerts;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Devices;

/// <summary>
/// What a reading's effects (<see cref="DeviceState.Effect"/>) ask of the warehouse: alerts raised or resolved in
/// the batch's transaction, and the use cases of other features (a cycle count for a shelf whose weight disagrees
/// with the book, holds after a cold room's excursion) queued to run after the commit, with request ids made of
/// the device and sequence so a retry places none twice.
/// </summary>
internal sealed class ReadingEffects(RaiseCycleCount.Handler raiseCycleCount, PlaceHold.Handler placeHold, ExcursionHold excursionHolds)
{
    /// <summary>
    /// Raises or resolves the alerts a reading's effects ask for, in the batch's transaction, and queues the cycle
    /// counts and holds to run after the commit.
    /// </summary>
    public void Apply(SqlSession sql, DeviceState state, long? sequence, List<DeviceState.Effect> effects, DateTimeOffset now, List<Func<Task>> followUps)
    {
        var requestId = $"device:{state.Code}:{sequence}";
        foreach (var effect in effects)
        {
            if (effect.Raise)
            {
                AlertStore.Raise(sql, state.Device.WarehouseId, state.WarehouseCode, effect.Kind, effect.Subject, effect.Message, now);
            }
            else
            {
                AlertStore.ResolveOpen(sql, state.Device.WarehouseId, state.WarehouseCode, effect.Kind, effect.Subject, effect.Message, now);
            }

            var reason = effect.Message.Length > 200 ? effect.Message[..200] : effect.Message;
            if (effect.CycleCount)
            {
                followUps.Add(() => raiseCycleCount.HandleAsync(
                    new RaiseCycleCount.Command(requestId + ":count", "mqtt", state.WarehouseCode, state.BinCode, reason), CancellationToken.None));
            }

            if (effect.Raise && effect.Kind == AlertKind.TemperatureExcursion && excursionHolds != ExcursionHold.None)
            {
                // The stock in the zone now: a lot that arrives later was not there during the excursion.
                var stocked = ColdRoomStock.StockedLots(sql, state.Device.ZoneId);
                var holds = excursionHolds == ExcursionHold.Lots
                    ? stocked.Select(s => new PlaceHold.Command(FollowUpId(requestId, $"hold:{s.Bin}:{s.Sku}:{s.Lot}"), "mqtt", state.WarehouseCode, s.Bin, reason, s.Sku, s.Lot))
                    : stocked.Select(s => s.Bin).Distinct().Select(bin => new PlaceHold.Command(FollowUpId(requestId, $"hold:{bin}"), "mqtt", state.WarehouseCode, bin, reason));
                foreach (var hold in holds)
                {
                    followUps.Add(() => placeHold.HandleAsync(hold, CancellationToken.None));
                }
            }
        }
    }

    /// <summary>
    /// The request id of a follow-up a reading asks for: the reading's own (device and sequence) and what it places,
    /// so a retry places nothing twice; a long one (long bin, SKU and lot codes) ends in a hash of what it places instead.
    /// </summary>
    private static string FollowUpId(string requestId, string what)
    {
        var id = $"{requestId}:{what}";
        return id.Length <= Common.Limits.RequestId
            ? id
            : $"{requestId}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(what)))[..24]}";
    }
}
