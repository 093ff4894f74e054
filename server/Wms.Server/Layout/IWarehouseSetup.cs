namespace Wms.Server.Layout;

/// <summary>
/// Told when a warehouse has been created, so a feature that keeps something per warehouse outside its rows (the
/// scheduler's jobs) sets it up then, without Layout importing that feature. Called after the create committed,
/// and again when the create is retried with the same request id, so an implementation must be idempotent.
/// </summary>
public interface IWarehouseSetup
{
    Task WarehouseCreatedAsync(string warehouseCode, CancellationToken cancellationToken);
}
