using Microsoft.Extensions.DependencyInjection;
using Wms.Server.Common;
using Wms.Server.Data;
using Xunit;

namespace Wms.Server.Tests.Data;

/// <summary>
/// One batch, several commands, one commit: a command that fails leaves its neighbours' changes in place, and no
/// command is ever acknowledged whose change was not committed. On PostgreSQL the writer sends a command's savepoint
/// and its release in front of the next statement, and every store writes the request-log and audit rows of the batch
/// together before the commit, after the commands ran: these tests prove a failure in either is never taken for a
/// later command's own failure (which would roll back a command after it was counted as done).
/// </summary>
public sealed class WriteBatcherTests
{
    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Batch_CommandFailsBetweenTwo_NeighboursCommittedAndLogged(string store)
    {
        await using var server = Start(store);
        PrepareTable(server);

        var outcomes = await RunInOneBatchAsync(server,
            Insert("A", 1),
            Insert("B", 1),
            Insert("C", 3));

        Assert.True(outcomes.Select(o => o.Error is null ? "ok" : "failed").SequenceEqual(["ok", "failed", "ok"]), string.Join("; ", outcomes.Select(o => $"{o.Name}: {o.Error?.Message ?? "ok"}")));
        Assert.Equal(ErrorKind.AlreadyExists, Assert.IsType<DomainException>(outcomes[1].Error).Kind);
        Assert.Equal([1L, 3L], Rows(server));
        Assert.Equal(["A", "C"], Logged(server));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Batch_CommandsAuditRowRefused_ThatCommandNotAcknowledgedAndEveryAcknowledgedOneCommitted(string store)
    {
        await using var server = Start(store);
        PrepareTable(server);

        var outcomes = await RunInOneBatchAsync(server,
            Insert("A", 1),
            Insert("B", 2, summary: "poison"),
            Insert("C", 3),
            Insert("D", 4, summary: "poison"));

        AssertAcknowledgedAreCommitted(server, outcomes);
        Assert.NotNull(outcomes[1].Error);
        Assert.NotNull(outcomes[3].Error);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Batch_RefusedBeforeWritingAfterPoisonedCommand_NothingAcknowledgedThatWasNotCommitted(string store)
    {
        await using var server = Start(store);
        PrepareTable(server);

        // B is refused before any statement (its savepoint is never sent), so C's statement carries A's held-back rows.
        var outcomes = await RunInOneBatchAsync(server,
            Insert("A", 1, summary: "poison"),
            new Command("B", _ => throw DomainException.Precondition("refused before writing")),
            Insert("C", 3),
            Insert("E", 5));

        AssertAcknowledgedAreCommitted(server, outcomes);
        Assert.NotNull(outcomes[0].Error);
        Assert.NotNull(outcomes[1].Error);
    }

    private static WmsServerFactory Start(string store)
    {
        if (store == "postgres")
        {
            TestPostgres.Require();
            return new PostgresServerFactory();
        }

        return new WmsServerFactory();
    }

    private sealed record Command(string Name, Func<SqlSession, int> Body, string Summary = "");

    private static Command Insert(string name, long id, string summary = "") =>
        new(name, sql => sql.Execute("INSERT INTO batch_test_rows (id) VALUES (@p0)", id), summary);

    /// <summary>
    /// Holds the writer in a command of its own until every command is queued, so the writer takes them all as one batch.
    /// </summary>
    private static async Task<(string Name, Exception? Error)[]> RunInOneBatchAsync(WmsServerFactory server, params Command[] commands)
    {
        var writes = server.Services.GetRequiredService<WriteBatcher>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var gate = writes.ExecuteSqlAsync(new CommandInfo("Gate", "test", Guid.NewGuid().ToString()), _ =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }, TestContext.Current.CancellationToken);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)), "the writer never ran the gate command");

        var running = commands.Select(c => (c.Name, Task: writes.ExecuteSqlAsync(new CommandInfo(c.Name, "test", "req-" + c.Name, c.Summary), c.Body, TestContext.Current.CancellationToken))).ToArray();
        release.Set();
        await gate;

        var outcomes = new List<(string, Exception?)>();
        foreach (var (name, task) in running)
        {
            try
            {
                await task;
                outcomes.Add((name, null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                outcomes.Add((name, ex));
            }
        }

        return [.. outcomes];
    }

    /// <summary>A test table, and a trigger refusing the audit row of any command whose summary is "poison".</summary>
    private static void PrepareTable(WmsServerFactory server)
    {
        _ = server.Services;
        using var raw = server.OpenRawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = raw is Npgsql.NpgsqlConnection
            ? """
              CREATE TABLE batch_test_rows (id bigint PRIMARY KEY);
              CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN IF NEW.summary = 'poison' THEN RAISE EXCEPTION 'poisoned audit row'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_poison BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION refuse_poison();
              """
            : """
              CREATE TABLE batch_test_rows (id INTEGER PRIMARY KEY);
              CREATE TRIGGER refuse_poison BEFORE INSERT ON audit WHEN NEW.summary = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned audit row'); END;
              """;
        command.ExecuteNonQuery();
    }

    private static void AssertAcknowledgedAreCommitted(WmsServerFactory server, (string Name, Exception? Error)[] outcomes)
    {
        var rows = Rows(server);
        var logged = Logged(server);
        foreach (var (name, error) in outcomes)
        {
            var id = (long)(name[0] - 'A' + 1);
            Assert.True(error is null == rows.Contains(id), $"{name}: {(error is null ? "acknowledged but its row is missing" : "failed but its row was committed")} ({error?.Message})");
            Assert.True(error is null == logged.Contains(name), $"{name}: request log {(error is null ? "missing" : "kept")}");
        }
    }

    private static long[] Rows(WmsServerFactory server) =>
        ReadColumn(server, "SELECT id FROM batch_test_rows ORDER BY id").Select(Convert.ToInt64).ToArray();

    private static string[] Logged(WmsServerFactory server) =>
        ReadColumn(server, "SELECT command FROM request_log WHERE actor = 'test' AND command <> 'Gate' ORDER BY command").Select(v => (string)v).ToArray();

    private static List<object> ReadColumn(WmsServerFactory server, string sql)
    {
        using var raw = server.OpenRawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<object>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }
}
