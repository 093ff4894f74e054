using System.Globalization;
using System.Text;
using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Picking;

public sealed class ReportPickExceptionTests(WmsServerFactory factory) : ReportPickExceptionTestsBase(factory), IClassFixture<WmsServerFactory>;

public sealed class PostgresReportPickExceptionTests(PostgresServerFactory factory) : ReportPickExceptionTestsBase(factory), IClassFixture<PostgresServerFactory>;

/// <summary>
/// A picker's exception report through the real gRPC stack: short pick, bin hold and supervisor alert
/// together or not at all, once per request id, and only for the caller's own trip. On SQLite and PostgreSQL.
/// </summary>
public abstract class ReportPickExceptionTestsBase(WmsServerFactory factory)
{
    private bool Postgres => factory is PostgresServerFactory;

    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins = [new("A-01-02", BinKind.PickFace, 1, 2), new("R-09-01", BinKind.Reserve, 9, 1)];

    /// <summary>SO-1 wants 6 from A-01-02 (6 on hand); R-09-01 holds 10 more.</summary>
    private async Task<(string Warehouse, string Sku, string Picker, PickTask Task)> ReleasedAsync()
    {
        if (Postgres)
        {
            TestPostgres.Require();
        }

        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-02", sku, 6);
        await _kit.StockAsync(warehouse, "R-09-01", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 6));
        await _kit.ReleaseAsync(warehouse, 0, "SO-1");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        var next = await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker);
        return (warehouse, sku, picker, next.Task);
    }

    private static ReportPickExceptionRequest Report(long taskId, PickExceptionKind kind, long found = 0, string note = "", string? requestId = null) =>
        new() { RequestId = requestId ?? OutboundKit.NewId(), TaskId = taskId, Kind = kind, QuantityFound = found, Note = note };

    private Task<ReportPickExceptionResponse> ReportAsync(string token, ReportPickExceptionRequest request) =>
        _kit.Call(WmsMethods.Picking.ReportPickException, request, token);

    private async Task<List<Alert>> AlertsAsync(string warehouse) =>
        [.. (await _kit.Call(WmsMethods.Alert.ListAlerts, new ListAlertsRequest { WarehouseCode = warehouse, Kind = AlertKind.PickException })).Alerts];

    private Task<Bin> BinAsync(string warehouse, string bin) => _kit.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = warehouse, Code = bin });

    /// <summary>
    /// Every row of every table but the scheduler's own (Quartz updates its triggers on its own clock): equal
    /// before and after means the refused call changed nothing. Rows are sorted as text, so no table needs a key order.
    /// </summary>
    private string Fingerprint()
    {
        using var connection = factory.OpenRawConnection();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = Postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
                : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables.Where(t => !t.StartsWith("qrtz", StringComparison.OrdinalIgnoreCase) && t != "job_runs"))
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                rows.Add(row.ToString());
            }

            rows.Sort(StringComparer.Ordinal);
            text.Append(table).Append(':').AppendJoin('\n', rows).Append('\n');
        }

        return text.ToString();
    }

    private void Execute(string sql)
    {
        using var connection = factory.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task ReportPickException_DamagedTwoGoodFound_ShortPickedLotHeldNotTheBinAndAlertStreamedToSupervisors()
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync();
        var supervisor = factory.RegisterToken("supervisor-" + OutboundKit.NewId()[..6], Role.Supervisor);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        using var follow = factory.CreateInvoker(supervisor).AsyncServerStreamingCall(
            WmsMethods.Alert.FollowAlerts, new FollowAlertsRequest { WarehouseCode = warehouse }, new CallOptions(cancellationToken: cancel.Token));

        var result = await ReportAsync(picker, Report(task.TaskId, PickExceptionKind.Damaged, found: 2, note: "crushed cartons"));

        var s = result.ShortPick;
        Assert.Equal((2L, 4L, 0L, true), (s.PickedQuantity, s.ReallocatedQuantity, s.BackorderedQuantity, s.CycleCountRaised));
        Assert.Equal(("A-01-02", sku, ""), (result.HeldBinCode, result.HeldSkuCode, result.HeldLot));
        Assert.StartsWith("pick exception: damaged: crushed cartons (picker-", result.HoldReason, StringComparison.Ordinal);
        // Damaged goods hold that SKU and lot in the bin, not the bin: its other stock stays pickable.
        Assert.False((await BinAsync(warehouse, "A-01-02")).OnHold);
        var stock = await _kit.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = warehouse, BinCode = "A-01-02" });
        Assert.Equal(result.HoldReason, Assert.Single(stock.Lines).HoldReason);
        Assert.Equal((4L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(warehouse, "R-09-01", sku));
        Assert.True(await follow.ResponseStream.MoveNext(cancel.Token));
        var alert = follow.ResponseStream.Current;
        Assert.Equal((result.AlertId, AlertKind.PickException, $"A-01-02/{sku}"), (alert.Id, alert.Kind, alert.Subject));
        Assert.StartsWith("picker-", alert.Message, StringComparison.Ordinal);
        Assert.Contains($"at bin A-01-02, SKU {sku}, order SO-1: damaged: crushed cartons. 2 picked, 4 from another bin, 0 backordered.", alert.Message, StringComparison.Ordinal);
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task ReportPickException_BinBlocked_NothingPickedRestReallocatedAndHeldBinGivesNoStock()
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync();

        var result = await ReportAsync(picker, Report(task.TaskId, PickExceptionKind.BinBlocked));
        // A new order must not be sent to the held bin's 6: R-09-01 holds 10, 6 of them now reserved for SO-1.
        await _kit.CreateOrderAsync(warehouse, "SO-2", 1, (sku, 8));
        var second = await _kit.AllocateAsync(warehouse, "SO-2");

        Assert.Equal((0L, 6L), (result.ShortPick.PickedQuantity, result.ShortPick.ReallocatedQuantity));
        Assert.StartsWith("pick exception: bin blocked (", result.HoldReason, StringComparison.Ordinal);
        Assert.Equal((4L, 4L), (second.Lines[0].AllocatedQuantity, second.Lines[0].BackorderedQuantity));
        Assert.Equal((6L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
    }

    [Fact]
    public async Task ReportPickException_SameRequestIdTwice_SameAnswerAppliedOnce()
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync();
        var request = Report(task.TaskId, PickExceptionKind.WrongItem, found: 1);

        var first = await ReportAsync(picker, request);
        var again = await ReportAsync(picker, request);

        Assert.Equal(first, again);
        Assert.Single(await AlertsAsync(warehouse));
        Assert.Equal((5L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
        Assert.Equal((10L, 5L), await _kit.BalanceAsync(warehouse, "R-09-01", sku));
    }

    [Fact]
    public async Task ReportPickException_AnotherPickersTaskOrASupervisor_FailedPreconditionAndNothingChanges()
    {
        var (warehouse, _, _, task) = await ReleasedAsync();
        var other = factory.RegisterToken("picker-other-" + OutboundKit.NewId()[..6], Role.Picker);
        var supervisor = factory.RegisterToken("supervisor-" + OutboundKit.NewId()[..6], Role.Supervisor);
        var before = Fingerprint();

        foreach (var caller in new[] { other, supervisor })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => ReportAsync(caller, Report(task.TaskId, PickExceptionKind.BinBlocked)));
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Contains($"Pick task {task.TaskId} is on trip {task.TripId}, which picker-", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, Fingerprint());
        Assert.False((await BinAsync(warehouse, "A-01-02")).OnHold);
    }

    [Theory]
    [InlineData(Role.Device)]
    [InlineData(Role.Dispatcher)]
    public async Task ReportPickException_RoleNotOnTheFloor_PermissionDenied(Role role)
    {
        var (_, _, _, task) = await ReleasedAsync();
        var caller = factory.RegisterToken(role.ToString().ToLowerInvariant() + "-" + OutboundKit.NewId()[..6], role);

        var error = await Assert.ThrowsAsync<RpcException>(() => ReportAsync(caller, Report(task.TaskId, PickExceptionKind.Damaged)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("needs one of the roles picker, supervisor", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, PickExceptionKind, long, string, StatusCode, string> BadReports => new()
    {
        { "no kind", PickExceptionKind.Unspecified, 0, "", StatusCode.InvalidArgument, "kind" },
        { "other without a note", PickExceptionKind.Other, 0, "  ", StatusCode.InvalidArgument, "note" },
        { "note too long", PickExceptionKind.Damaged, 0, new string('n', 201), StatusCode.InvalidArgument, "note" },
        { "found in a blocked bin", PickExceptionKind.BinBlocked, 1, "", StatusCode.InvalidArgument, "quantity_found" },
        { "negative found", PickExceptionKind.Damaged, -1, "", StatusCode.InvalidArgument, "quantity_found" },
        { "found all", PickExceptionKind.Damaged, 6, "", StatusCode.FailedPrecondition, "not short" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task ReportPickException_BadInput_ErrorNamesFieldAndNothingChanges(string scenario, PickExceptionKind kind, long found, string note, StatusCode code, string named)
    {
        var (_, _, picker, task) = await ReleasedAsync();
        var before = Fingerprint();

        var error = await Assert.ThrowsAsync<RpcException>(() => ReportAsync(picker, Report(task.TaskId, kind, found, note)));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint());
    }

    /// <summary>
    /// The alert is the last of the three writes: when the database refuses it, the short pick and the hold
    /// before it must be gone too. A trigger of the test's own makes the alerts table refuse every insert.
    /// </summary>
    [Fact]
    public async Task ReportPickException_AlertInsertFails_NothingHalfAppliedAndTheRetryAppliesAll()
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync();
        var request = Report(task.TaskId, PickExceptionKind.Damaged, found: 2);
        var before = Fingerprint();
        Execute(Postgres
            ? """
              CREATE FUNCTION test_refuse_alerts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'alerts refused by the test'; END $$;
              CREATE TRIGGER test_refuse_alerts BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION test_refuse_alerts();
              """
            : "CREATE TRIGGER test_refuse_alerts BEFORE INSERT ON alerts BEGIN SELECT RAISE(ABORT, 'alerts refused by the test'); END");
        RpcException error;
        try
        {
            error = await Assert.ThrowsAsync<RpcException>(() => ReportAsync(picker, request));
        }
        finally
        {
            Execute(Postgres ? "DROP TRIGGER test_refuse_alerts ON alerts; DROP FUNCTION test_refuse_alerts();" : "DROP TRIGGER test_refuse_alerts");
        }

        Assert.Contains("alerts refused by the test", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint());

        var retried = await ReportAsync(picker, request);

        Assert.Equal(2L, retried.ShortPick.PickedQuantity);
        Assert.Equal(sku, retried.HeldSkuCode);
        Assert.Equal([retried.AlertId], (await AlertsAsync(warehouse)).Select(a => a.Id));
        Assert.Equal((4L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
    }
}
