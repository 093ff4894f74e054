using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Wms.Server.Common;
using Vrp = Wms.Routing.Vehicles;

namespace Wms.Server.Dispatch;

/// <summary>Where dispatch takes road distances and times from (<c>Wms:Dispatch:Travel</c>).</summary>
public sealed class TravelOptions
{
    /// <summary><c>straight-line</c> (default: great circle × <see cref="DetourFactor"/> at the average speed) or <c>pgrouting</c>.</summary>
    public string Source { get; set; } = "straight-line";

    /// <summary>Road km per straight-line km for the straight-line source; 1 keeps plans as they were before road distances.</summary>
    public double DetourFactor { get; set; } = 1.0;

    public PgRoutingOptions PgRouting { get; set; } = new();
}

/// <summary>
/// A road network in a PostgreSQL database with pgRouting (Debian <c>postgresql-15-pgrouting</c>): vertices with
/// coordinates and edges with length and driving time both ways (see docs/dispatch.md for the two tables).
/// </summary>
public sealed class PgRoutingOptions
{
    public string ConnectionString { get; set; } = "";

    /// <summary><c>id, lon, lat</c> (degrees).</summary>
    public string VerticesTable { get; set; } = "road_vertices";

    /// <summary><c>id, source, target, length_km, cost_s, reverse_cost_s</c> (reverse &lt; 0: one way).</summary>
    public string EdgesTable { get; set; } = "road_edges";

    /// <summary>From a delivery point to its nearest vertex and back (a drive, a yard), straight line at this speed.</summary>
    public double AccessSpeedKmh { get; set; } = 15;

    /// <summary>Matrices kept in memory, by point set (<see cref="TravelMatrices"/>): a re-plan of the same day and warehouse asks nothing.</summary>
    public int CacheEntries { get; set; } = 32;

    /// <summary>How long a matrix stays in memory; within it, a re-imported road network is not noticed.</summary>
    public double CacheMinutes { get; set; } = 10;

    /// <summary>How long a matrix stays in the WMS database (<c>travel_matrices</c>), where every server finds it.</summary>
    public double StoreDays { get; set; } = 7;
}

/// <summary>The configured source, checked once at start-up so a typo in the settings fails there, not at the first plan.</summary>
public static class TravelSources
{
    public static Vrp.ITravelMatrixSource Create(DispatchOptions options) => options.Travel.Source.Trim().ToLowerInvariant() switch
    {
        "straight-line" or "" => new Vrp.StraightLineMatrixSource(options.Travel.DetourFactor, options.AverageSpeedKmh),
        "pgrouting" => new PgRoutingMatrixSource(options.Travel.PgRouting),
        _ => throw new InvalidOperationException($"Wms:Dispatch:Travel:Source must be straight-line or pgrouting, got '{options.Travel.Source}'. (OSRM/Valhalla table services are not built in.)"),
    };
}

/// <summary>
/// Road distances and times from pgRouting: each point is snapped to its nearest vertex, and
/// <c>pgr_dijkstraCostMatrix</c> gives the shortest road km and, separately, the fastest driving time between
/// the vertices (directed: one-way streets count). A leg adds the straight-line access from and to the
/// vertices. Two points no road joins are refused with the reason rather than planned as if adjacent.
/// Every call queries; <see cref="TravelMatrices"/> keeps the results.
/// </summary>
public sealed partial class PgRoutingMatrixSource : IVersionedTravelSource
{
    private readonly PgRoutingOptions _options;

    public PgRoutingMatrixSource(PgRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Wms:Dispatch:Travel:PgRouting:ConnectionString is required for the pgrouting travel source.");
        }

        // Table names go into SQL text (pgRouting takes the edge query as a string): plain identifiers only.
        foreach (var (name, value) in new[] { ("VerticesTable", options.VerticesTable), ("EdgesTable", options.EdgesTable) })
        {
            if (!Identifier().IsMatch(value ?? ""))
            {
                throw new InvalidOperationException($"Wms:Dispatch:Travel:PgRouting:{name} must be a table name (letters, digits, _ and one optional schema), got '{value}'.");
            }
        }

        if (!(options.AccessSpeedKmh > 0) || double.IsInfinity(options.AccessSpeedKmh))
        {
            throw new InvalidOperationException("Wms:Dispatch:Travel:PgRouting:AccessSpeedKmh must be positive.");
        }

        _options = options;
    }

    public string Name => "pgrouting";

    private int _queries;

    /// <summary>Database round trips made (for tests: a cached matrix makes none).</summary>
    public int Queries => Volatile.Read(ref _queries);

    public Task<Vrp.TravelMatrix> GetAsync(IReadOnlyList<Vrp.Location> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        return QueryAsync(points, cancellationToken);
    }

    /// <summary>
    /// A fingerprint of the road network: counts and sums over both tables. Any re-import or edit of a length or
    /// a time changes it (in practice); it reads the tables once, as every cost-matrix query does anyway.
    /// </summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_options.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT concat_ws('/', e.n, e.max_id, e.km, e.s, e.rs, v.n, v.lon, v.lat) FROM
                (SELECT count(*) n, max(id) max_id, sum(length_km) km, sum(cost_s) s, sum(reverse_cost_s) rs FROM {_options.EdgesTable}) e,
                (SELECT count(*) n, sum(lon) lon, sum(lat) lat FROM {_options.VerticesTable}) v
            """, connection);
        Interlocked.Increment(ref _queries);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<Vrp.TravelMatrix> QueryAsync(IReadOnlyList<Vrp.Location> points, CancellationToken cancellationToken)
    {
        int n = points.Count;
        await using var connection = new NpgsqlConnection(_options.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var vertex = new long[n];
        var accessKm = new double[n];
        await using (var snap = new NpgsqlCommand(
            $"""
            SELECT p.ord, v.id, v.lon, v.lat
            FROM unnest(@lon::float8[], @lat::float8[]) WITH ORDINALITY AS p(lon, lat, ord)
            CROSS JOIN LATERAL (
                SELECT id, lon, lat FROM {_options.VerticesTable}
                ORDER BY power((lon - p.lon) * cos(radians(p.lat)), 2) + power(lat - p.lat, 2), id
                LIMIT 1) v
            """, connection))
        {
            snap.Parameters.AddWithValue("lon", points.Select(p => p.X).ToArray());
            snap.Parameters.AddWithValue("lat", points.Select(p => p.Y).ToArray());
            Interlocked.Increment(ref _queries);
            await using var reader = await snap.ExecuteReaderAsync(cancellationToken);
            int found = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                int i = (int)reader.GetInt64(0) - 1;
                vertex[i] = reader.GetInt64(1);
                accessKm[i] = Vrp.TravelModel.HaversineKm(points[i], new Vrp.Location(reader.GetDouble(2), reader.GetDouble(3)));
                found++;
            }

            if (found != n)
            {
                throw DomainException.Precondition($"The road network in {_options.VerticesTable} has no vertex: load the road network or use the straight-line travel source.");
            }
        }

        var ids = vertex.Distinct().Order().ToArray();
        var km = await CostMatrixAsync(connection, ids, "length_km", "CASE WHEN reverse_cost_s < 0 THEN -1 ELSE length_km END", cancellationToken);
        var seconds = await CostMatrixAsync(connection, ids, "cost_s", "reverse_cost_s", cancellationToken);
        var distance = new double[n, n];
        var time = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double roadKm = 0;
                double roadSeconds = 0;
                if (vertex[i] != vertex[j] && (!km.TryGetValue((vertex[i], vertex[j]), out roadKm) || !seconds.TryGetValue((vertex[i], vertex[j]), out roadSeconds)))
                {
                    throw DomainException.Precondition(string.Create(CultureInfo.InvariantCulture,
                        $"The road network has no road from {points[i].Y:0.#####},{points[i].X:0.#####} (vertex {vertex[i]}) to {points[j].Y:0.#####},{points[j].X:0.#####} (vertex {vertex[j]})."));
                }

                double access = accessKm[i] + accessKm[j];
                distance[i, j] = roadKm + access;
                time[i, j] = roadSeconds + (access / _options.AccessSpeedKmh * 3600.0);
            }
        }

        return new Vrp.TravelMatrix(distance, time);
    }

    private async Task<Dictionary<(long From, long To), double>> CostMatrixAsync(NpgsqlConnection connection, long[] ids, string cost, string reverseCost, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(long, long), double>();
        if (ids.Length < 2)
        {
            return result;
        }

        await using var command = new NpgsqlCommand(
            "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCostMatrix(@edges, @ids::bigint[], directed => true)", connection);
        command.Parameters.AddWithValue("edges", $"SELECT id, source, target, {cost} AS cost, {reverseCost} AS reverse_cost FROM {_options.EdgesTable}");
        command.Parameters.AddWithValue("ids", ids);
        Interlocked.Increment(ref _queries);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[(reader.GetInt64(0), reader.GetInt64(1))] = reader.GetDouble(2);
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex Identifier();
}
