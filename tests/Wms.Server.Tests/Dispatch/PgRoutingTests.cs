using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Common;
using Wms.Server.Dispatch;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;
using Vrp = Wms.Routing.Vehicles;

namespace Wms.Server.Tests.Dispatch;

/// <summary>
/// Issue 13: road distances from pgRouting on PostgreSQL, over a synthetic road network made here (no map
/// data is downloaded): a 10 × 10 grid of streets 0.01° apart around the test depot, cut by a river that
/// only row 0 crosses, with one one-way street. Needs WMS_TEST_POSTGRES and the Debian package
/// postgresql-15-pgrouting; skips without them (fails under CI=true).
/// </summary>
public sealed class PgRoutingTests
{
    private const double Lon0 = 8.55;
    private const double Lat0 = 50.03;
    private const double Step = 0.01;
    private const double SpeedKmh = 50;
    private const string RoadsTemplate = "wms_roads_template";

    private static Vrp.Location At(int row, int column, double north = 0) => new(Lon0 + (column * Step), Lat0 + (row * Step) + north);

    private static double StepKm(int row, int column, int row2, int column2) => Vrp.TravelModel.HaversineKm(At(row, column), At(row2, column2));

    [Fact]
    public async Task GetAsync_AcrossTheRiver_RoadKmAndTimeAlongTheBridge()
    {
        await OnRoadNetworkAsync(async road =>
        {
            var source = new PgRoutingMatrixSource(new PgRoutingOptions { ConnectionString = road });

            var matrix = await source.GetAsync([At(5, 2), At(5, 7)], TestContext.Current.CancellationToken);

            // Along row 5 to the river, down to row 0, over the bridge, up again, along row 5 (streets further
            // north are shorter between the same meridians, so the path keeps to row 5 where it can).
            double expected = (4 * StepKm(5, 2, 5, 3)) + (10 * StepKm(0, 2, 1, 2)) + StepKm(0, 4, 0, 5);
            Assert.Equal(expected, matrix.Distance[0, 1], 6);
            Assert.Equal(expected, matrix.Distance[1, 0], 6);
            Assert.Equal(expected / SpeedKmh * 3600, matrix.Time[0, 1], 3);
            Assert.True(matrix.Distance[0, 1] > 2.5 * Vrp.TravelModel.HaversineKm(At(5, 2), At(5, 7)));
        });
    }

    [Fact]
    public async Task GetAsync_OneWayStreetAndPointsOffTheRoad_AsymmetricWithAccess()
    {
        await OnRoadNetworkAsync(async road =>
        {
            var source = new PgRoutingMatrixSource(new PgRoutingOptions { ConnectionString = road, AccessSpeedKmh = 15 });
            // Row 9 from column 0 to 1 is one way; the second point lies 0.001° north of its vertex.
            Vrp.Location[] points = [At(9, 0), At(9, 1, north: 0.001)];

            var matrix = await source.GetAsync(points, TestContext.Current.CancellationToken);

            double access = Vrp.TravelModel.HaversineKm(At(9, 1), points[1]);
            Assert.Equal(StepKm(9, 0, 9, 1) + access, matrix.Distance[0, 1], 6);
            // Back against the one-way street: round the block through row 8.
            Assert.Equal((2 * StepKm(8, 0, 9, 0)) + StepKm(8, 0, 8, 1) + access, matrix.Distance[1, 0], 6);
            Assert.Equal((StepKm(9, 0, 9, 1) / SpeedKmh * 3600) + (access / 15 * 3600), matrix.Time[0, 1], 3);
        });
    }

    [Fact]
    public async Task VersionAsync_EdgeTimeChanged_NewVersionThenStable()
    {
        await OnRoadNetworkAsync(async road =>
        {
            var source = new PgRoutingMatrixSource(new PgRoutingOptions { ConnectionString = road });
            var before = await source.VersionAsync(TestContext.Current.CancellationToken);

            await using (var connection = new NpgsqlConnection(road))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var slower = new NpgsqlCommand("UPDATE road_edges SET cost_s = cost_s * 2 WHERE id = 1", connection);
                await slower.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            var after = await source.VersionAsync(TestContext.Current.CancellationToken);
            Assert.NotEqual(before, after);
            Assert.Equal(after, await source.VersionAsync(TestContext.Current.CancellationToken));
        });
    }

    [Fact]
    public async Task GetAsync_PointNearAVertexNoRoadReaches_RefusedWithTheReason()
    {
        await OnRoadNetworkAsync(async road =>
        {
            var source = new PgRoutingMatrixSource(new PgRoutingOptions { ConnectionString = road });

            var error = await Assert.ThrowsAsync<DomainException>(() => source.GetAsync([At(0, 0), At(20, 20)], TestContext.Current.CancellationToken));

            Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
            Assert.Contains("no road from", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task PlanRoutes_ServerOnPgRouting_RouteKmFollowTheRoads()
    {
        await OnRoadNetworkAsync(async road =>
        {
            await using var factory = new RoadServerFactory(road);
            // The depot (50.05, 8.59) is vertex row 2, column 4; the drop is across the river at row 2, column 7.
            var site = await SiteAsync(factory, new Drop(10, North: 0, East: 0.03));
            await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"));

            var plan = await factory.CreateInvoker(WmsServerFactory.AdminToken)
                .AsyncUnaryCall(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode), new CallOptions(cancellationToken: TestContext.Current.CancellationToken)).ResponseAsync;

            double oneWay = (4 * StepKm(0, 4, 1, 4)) + StepKm(0, 4, 0, 5) + (2 * StepKm(2, 5, 2, 6));
            Assert.Equal(2 * oneWay, plan.Routes.Single().DistanceKm, 2);
        });
    }

    [Theory]
    [InlineData("EdgesTable", "road_edges; DROP TABLE x")]
    [InlineData("VerticesTable", "")]
    public void Create_BadTableName_RefusedAtStart(string setting, string value)
    {
        var options = new PgRoutingOptions { ConnectionString = "Host=127.0.0.1" };
        _ = setting == "EdgesTable" ? options.EdgesTable = value : options.VerticesTable = value;

        var error = Assert.Throws<InvalidOperationException>(() => new PgRoutingMatrixSource(options));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="test"/> on a new road database, dropped afterwards.</summary>
    private static async Task OnRoadNetworkAsync(Func<string, Task> test)
    {
        var road = RoadNetwork();
        try
        {
            await test(road);
        }
        finally
        {
            TestPostgres.DropDatabase(road);
        }
    }

    /// <summary>A new database with pgRouting and the grid; its connection string.</summary>
    private static string RoadNetwork()
    {
        TestPostgres.Require();
        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Database = "wms_roads_" + Guid.NewGuid().ToString("N")[..12] }.ConnectionString;
        using (var admin = new NpgsqlConnection(TestPostgres.AdminConnectionString))
        {
            admin.Open();
            try
            {
                // The template holds pgRouting and PostGIS, which only a superuser may create (.ci/run makes it).
                using var create = new NpgsqlCommand($"CREATE DATABASE {new NpgsqlConnectionStringBuilder(connectionString).Database} TEMPLATE {RoadsTemplate}", admin);
                create.ExecuteNonQuery();
            }
            catch (PostgresException e) when (e.SqlState == "3D000")
            {
                Skips.Because($"No {RoadsTemplate} database with pgRouting: apt-get install postgresql-15-pgrouting, then as postgres: createdb -O wms {RoadsTemplate}; "
                    + $"psql -d {RoadsTemplate} -c 'CREATE EXTENSION pgrouting CASCADE'; psql -c 'ALTER DATABASE {RoadsTemplate} IS_TEMPLATE true' (.ci/run does this).");
            }
        }

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var sql = new System.Text.StringBuilder("""
            CREATE TABLE road_vertices (id bigint PRIMARY KEY, lon float8 NOT NULL, lat float8 NOT NULL);
            CREATE TABLE road_edges (id bigserial PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, length_km float8 NOT NULL, cost_s float8 NOT NULL, reverse_cost_s float8 NOT NULL);

            """);
        for (int r = 0; r < 10; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                var p = At(r, c);
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO road_vertices VALUES ({Vertex(r, c)}, {p.X}, {p.Y});\n");
                // The river runs between columns 4 and 5; only row 0 has a bridge.
                if (c < 9 && (c != 4 || r == 0))
                {
                    Edge(r, c, r, c + 1, oneWay: r == 9 && c == 0);
                }

                if (r < 9)
                {
                    Edge(r, c, r + 1, c, oneWay: false);
                }
            }
        }

        // An isolated vertex far away: nearest to points out there, joined to nothing.
        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO road_vertices VALUES (999, {At(20, 20).X}, {At(20, 20).Y});\n");
        using var command = new NpgsqlCommand(sql.ToString(), connection);
        command.ExecuteNonQuery();
        return connectionString;

        void Edge(int r, int c, int r2, int c2, bool oneWay)
        {
            double km = StepKm(r, c, r2, c2);
            double seconds = km / SpeedKmh * 3600;
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"INSERT INTO road_edges (source, target, length_km, cost_s, reverse_cost_s) VALUES ({Vertex(r, c)}, {Vertex(r2, c2)}, {km:R}, {seconds:R}, {(oneWay ? -1 : seconds):R});\n");
        }
    }

    private static int Vertex(int row, int column) => (row * 10) + column + 1;

    /// <summary>The real server with the pgRouting travel source on the given road database.</summary>
    private sealed class RoadServerFactory(string road) : WmsServerFactory
    {
        protected override void ConfigureDatabase(IWebHostBuilder builder)
        {
            base.ConfigureDatabase(builder);
            builder.UseSetting("Wms:Dispatch:Travel:Source", "pgrouting");
            builder.UseSetting("Wms:Dispatch:Travel:PgRouting:ConnectionString", road);
        }
    }
}
