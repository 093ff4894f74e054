using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Replenishment;

/// <summary>
/// The immediate trigger: picks tell the watch which bin and SKU they took from, after their commit; the watch
/// tops up that face at once in the background (off the pick's hot path, coalescing repeats). The periodic
/// scan catches anything missed here (a crash between the pick and this).
/// </summary>
public sealed partial class PickFaceWatch(IServiceProvider services, ILogger<PickFaceWatch> logger) : BackgroundService
{
    private readonly Channel<(long WarehouseId, long BinId, long SkuId)> _taken = Channel.CreateUnbounded<(long, long, long)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Raised after a face was topped up (tests wait on it).</summary>
    public event Action<TopUpPickFaces.Result>? ToppedUp;

    public void Taken(long warehouseId, long binId, long skuId) => _taken.Writer.TryWrite((warehouseId, binId, skuId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handler = services.GetRequiredService<TopUpPickFaces.Handler>();
        var contexts = services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
        var warehouses = new Dictionary<long, string>();
        var batch = new HashSet<(long WarehouseId, long BinId, long SkuId)>();
        while (await _taken.Reader.WaitToReadAsync(stoppingToken))
        {
            while (_taken.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            foreach (var (warehouseId, binId, skuId) in batch)
            {
                try
                {
                    if (!warehouses.TryGetValue(warehouseId, out var code))
                    {
                        await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                        code = await db.Set<Warehouse>().Where(w => w.Id == warehouseId).Select(w => w.Code).FirstAsync(stoppingToken);
                        warehouses[warehouseId] = code;
                    }

                    var result = await handler.HandleAsync(new TopUpPickFaces.Command(code, ReplenishmentTrigger.Pick, binId, skuId), stoppingToken);
                    ToppedUp?.Invoke(result);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, binId, skuId, ex);
                }
            }

            batch.Clear();
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Top-up of pick face bin {BinId} SKU {SkuId} after a pick failed; the next scan retries it.")]
    private static partial void LogFailed(ILogger logger, long binId, long skuId, Exception exception);
}
