using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Wms.Server.Data;
using Vrp = Wms.Routing.Vehicles;

namespace Wms.Server.Dispatch;

/// <summary>A travel source whose matrices are worth keeping (a road network): it says which version of its data they come from.</summary>
public interface IVersionedTravelSource : Vrp.ITravelMatrixSource
{
    /// <summary>Changes whenever the data behind the matrices changes (a re-imported road network), so stored matrices of the old one are not reused.</summary>
    Task<string> VersionAsync(CancellationToken cancellationToken);
}

/// <summary>A stored travel matrix: the key hashes the source, its data version and the points; the two matrices are raw little-endian doubles, row by row.</summary>
public sealed class TravelMatrixRow
{
    public required string MatrixKey { get; set; }

    public int Points { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public byte[] DistanceKm { get; set; } = [];

    public byte[] TimeSeconds { get; set; } = [];
}

internal sealed class TravelMatrixRowConfiguration : IEntityTypeConfiguration<TravelMatrixRow>
{
    public void Configure(EntityTypeBuilder<TravelMatrixRow> b)
    {
        b.ToTable("travel_matrices");
        b.HasKey(m => m.MatrixKey);
        b.Property(m => m.MatrixKey).HasMaxLength(64);
        b.HasIndex(m => m.CreatedAt);
    }
}

/// <summary>
/// The matrices a solve needs, from the configured source. A source that only computes (the straight line) is
/// asked each time; a road network's matrices are kept: in memory (at most <see cref="PgRoutingOptions.CacheEntries"/>,
/// for <see cref="PgRoutingOptions.CacheMinutes"/>), and in the WMS database (table <c>travel_matrices</c>, for
/// <see cref="PgRoutingOptions.StoreDays"/>), keyed by the source, its network version and the points. So a re-plan
/// of the same day, or a plan of it on another server, asks the road network nothing; and concurrent plans of the
/// same points share one query (the memory entry is the running query itself).
/// </summary>
public sealed class TravelMatrices : IDisposable
{
    private readonly Vrp.ITravelMatrixSource _source;
    private readonly WriteBatcher _writes;
    private readonly IDbContextFactory<WmsDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly PgRoutingOptions _options;
    private readonly MemoryCache _memory;
    private readonly Lock _gate = new();
    private int _sourceCalls;

    public TravelMatrices(Vrp.ITravelMatrixSource source, WriteBatcher writes, IDbContextFactory<WmsDbContext> contexts, TimeProvider time, IOptions<DispatchOptions> options)
    {
        (_source, _writes, _contexts, _time, _options) = (source, writes, contexts, time, options.Value.Travel.PgRouting);
        _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _options.CacheEntries) });
    }

    /// <summary>Matrices the source computed for this server (neither memory nor the database had them).</summary>
    public int SourceCalls => Volatile.Read(ref _sourceCalls);

    public Task<Vrp.TravelMatrix> GetAsync(IReadOnlyList<Vrp.Location> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (_source is not IVersionedTravelSource versioned)
        {
            return _source.GetAsync(points, cancellationToken);
        }

        var pointsKey = PointsKey(points);
        Lazy<Task<Vrp.TravelMatrix>> entry;
        // MemoryCache.GetOrCreate is not atomic: two plans missing at once would each store a query of their own.
        lock (_gate)
        {
            entry = _memory.GetOrCreate(pointsKey, e =>
            {
                e.Size = 1;
                e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(Math.Max(0.01, _options.CacheMinutes));
                return new Lazy<Task<Vrp.TravelMatrix>>(() => LoadAsync(versioned, points, pointsKey));
            })!;
        }

        return entry.Value.WaitAsync(cancellationToken);
    }

    // Not under the caller's token: other plans may be waiting on this query; a caller that gives up stops waiting, not the query.
    private async Task<Vrp.TravelMatrix> LoadAsync(IVersionedTravelSource source, IReadOnlyList<Vrp.Location> points, string pointsKey)
    {
        try
        {
            return await LoadOrQueryAsync(source, points, pointsKey);
        }
        catch
        {
            // A failed query is not kept: the next plan asks again (the road network may have been loaded meanwhile).
            _memory.Remove(pointsKey);
            throw;
        }
    }

    private async Task<Vrp.TravelMatrix> LoadOrQueryAsync(IVersionedTravelSource source, IReadOnlyList<Vrp.Location> points, string pointsKey)
    {
        var version = await source.VersionAsync(CancellationToken.None);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Name}\n{version}\n{pointsKey}")));
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            var stored = await db.Set<TravelMatrixRow>().AsNoTracking().FirstOrDefaultAsync(r => r.MatrixKey == key);
            long bytes = (long)points.Count * points.Count * sizeof(double);
            if (stored is not null && stored.Points == points.Count && stored.DistanceKm.Length == bytes && stored.TimeSeconds.Length == bytes)
            {
                return new Vrp.TravelMatrix(Matrix(stored.DistanceKm, points.Count), Matrix(stored.TimeSeconds, points.Count));
            }
        }

        Interlocked.Increment(ref _sourceCalls);
        var matrix = await source.GetAsync(points, CancellationToken.None);
        var now = _time.GetUtcNow();
        var cutoff = now.AddDays(-Math.Max(0, _options.StoreDays));
        await _writes.ExecuteSqlAsync(new CommandInfo("TravelMatrixStored", "dispatch", "", key), sql =>
        {
            // Another server may have stored the same matrix meanwhile: same key, same content, kept.
            sql.Execute(
                "INSERT INTO travel_matrices (matrix_key, points, created_at, distance_km, time_seconds) VALUES (@p0, @p1, @p2, @p3, @p4) ON CONFLICT (matrix_key) DO NOTHING",
                key, points.Count, now.UtcTicks, Bytes(matrix.Distance), Bytes(matrix.Time));
            return sql.Execute("DELETE FROM travel_matrices WHERE created_at < @p0", cutoff.UtcTicks);
        });
        return matrix;
    }

    // Coordinates to 1e-7 degrees (about 1 cm): the same stops and depots in the same order give the same key.
    private static string PointsKey(IReadOnlyList<Vrp.Location> points)
    {
        var key = new StringBuilder(points.Count * 24);
        foreach (var p in points)
        {
            key.Append(CultureInfo.InvariantCulture, $"{Math.Round(p.X, 7)},{Math.Round(p.Y, 7)};");
        }

        return key.ToString();
    }

    private static byte[] Bytes(double[,] matrix)
    {
        var bytes = new byte[matrix.Length * sizeof(double)];
        Buffer.BlockCopy(matrix, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static double[,] Matrix(byte[] bytes, int n)
    {
        var matrix = new double[n, n];
        Buffer.BlockCopy(bytes, 0, matrix, 0, bytes.Length);
        return matrix;
    }

    public void Dispose() => _memory.Dispose();
}
