using System.Threading.Channels;
using Wms.Handheld;
using Wms.Handheld.Device;
using Wms.Handheld.Ui;

namespace Wms.Simulator.Day;

/// <summary>
/// The real handheld app (<see cref="HandheldApp"/>: its sign-in, menu, pick flow, outbox and client) with
/// a simulated picker's thumb on the keys: a line goes in, and the driver waits until the app asks for the
/// next one, so the screen it then reads is the app's answer to that line and nothing runs in between.
/// </summary>
public sealed class HandheldDriver : IDisplay, IAsyncDisposable
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(60);
    private readonly Channel<string> _input = Channel.CreateUnbounded<string>();
    private readonly HandheldApp _app;
    private readonly string _dataDirectory;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _run;

    public HandheldDriver(ServerLink link, TimeProvider clock)
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "wms-sim-handheld-" + Guid.NewGuid().ToString("N"));
        _app = new HandheldApp(new HandheldOptions
        {
            DataDirectory = _dataDirectory,
            HttpHandler = link.Handler,
            Time = clock,
            // The deadline is taken on the simulated clock, which is not the wall clock gRPC measures it
            // against: a short one would expire before the call starts. The in-process server always answers.
            CallDeadline = TimeSpan.FromDays(3650),
        }, _input.Reader, this);
        _app.Terminal.Idle += () => _idle.TrySetResult();
    }

    /// <summary>The last screen the app drew.</summary>
    public ScreenFrame Screen { get; private set; } = new("", [], "", "", false, "", false);

    public void Show(ScreenFrame frame) => Screen = frame;

    public async Task StartAsync()
    {
        _run = _app.RunAsync(_stop.Token);
        await WaitIdleAsync();
    }

    /// <summary>Types a line (a scan, a key, Enter as "") and waits for the app's next question.</summary>
    public async Task SendAsync(string line)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _input.Writer.TryWrite(line);
        await WaitIdleAsync();
        Answered?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Real time from a line typed to the app's next question (its server calls and outbox included).</summary>
    public event Action<TimeSpan>? Answered;

    private async Task WaitIdleAsync()
    {
        var done = await Task.WhenAny(_idle.Task, _run!, Task.Delay(StuckAfter));
        if (done == _run)
        {
            await _run;
            throw new InvalidOperationException("The handheld app ended.");
        }

        if (done != _idle.Task)
        {
            throw new TimeoutException($"The handheld did not ask for input within {StuckAfter.TotalSeconds} s; last screen: {Screen.Text}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _app.Dispose();
        _stop.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
