using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Alerts;

/// <summary>Alerts to read: a list (open ones, or all by kind) and a follow that streams every change as it commits.</summary>
public sealed class AlertQueries(IDbContextFactory<WmsDbContext> contexts, DatabaseSignals signals, TimeProvider time)
{
    private long _followReads;

    /// <summary>Reads of the alerts table made by followers so far (an idle server makes none but its catch-up reads).</summary>
    public long FollowReads => Interlocked.Read(ref _followReads);

    public sealed record Filter(string? WarehouseCode, bool OpenOnly, AlertKind? Kind, long AfterPosition, int Limit);

    public async Task<List<AlertView>> ListAsync(Filter filter, CancellationToken cancellationToken)
    {
        if (filter.Kind is { } kind && !Enum.IsDefined(kind))
        {
            throw DomainException.Invalid("kind", $"{(int)kind} is not an alert kind.");
        }

        if (filter.AfterPosition < 0)
        {
            throw DomainException.Invalid("after_position", $"must not be negative, got {filter.AfterPosition}.");
        }

        var limit = Paging.PageSize(filter.Limit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = await Query(db, filter.WarehouseCode, cancellationToken);
        alerts = alerts.Where(a => a.Position > filter.AfterPosition);
        if (filter.OpenOnly)
        {
            alerts = alerts.Where(a => a.ResolvedAt == null);
        }

        if (filter.Kind is { } k)
        {
            alerts = alerts.Where(a => a.Kind == k);
        }

        return await Project(db, alerts.OrderBy(a => a.Position).Take(limit)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Every change after <paramref name="afterPosition"/>, then each new one as it commits, until cancelled. An empty
    /// warehouse code follows all. Between reads it waits for a commit on <see cref="DatabaseSignals.Alerts"/> (here or, on
    /// PostgreSQL, on another server), or for the catch-up interval.
    /// </summary>
    public async IAsyncEnumerable<AlertView> FollowAsync(string? warehouseCode, long afterPosition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterPosition;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before the read: a change committed while reading wakes the wait below at once.
            var version = signals.Version(DatabaseSignals.Alerts);
            Interlocked.Increment(ref _followReads);
            List<AlertView> rows;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                var alerts = (await Query(db, warehouseCode, cancellationToken)).Where(a => a.Position > after);
                rows = await Project(db, alerts.OrderBy(a => a.Position).Take(500)).ToListAsync(cancellationToken);
            }

            foreach (var row in rows)
            {
                after = row.Position;
                yield return row;
            }

            if (rows.Count == 0)
            {
                await signals.WaitAsync(DatabaseSignals.Alerts, version, time, cancellationToken);
            }
        }
    }

    public async Task<long> LastPositionAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Alert>().MaxAsync(a => (long?)a.Position, cancellationToken) ?? 0;
    }

    private static async Task<IQueryable<Alert>> Query(WmsDbContext db, string? warehouseCode, CancellationToken cancellationToken)
    {
        var alerts = db.Set<Alert>().AsNoTracking();
        if (string.IsNullOrEmpty(warehouseCode))
        {
            return alerts;
        }

        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, cancellationToken);
        return alerts.Where(a => a.WarehouseId == warehouseId);
    }

    private static IQueryable<AlertView> Project(WmsDbContext db, IQueryable<Alert> alerts) =>
        from a in alerts
        join w in db.Set<Warehouse>() on a.WarehouseId equals w.Id
        select new AlertView(a.Id, w.Code, a.Kind, a.Subject, a.Message, a.RaisedAt, a.ResolvedAt, a.Resolution, a.Position);
}
