using System.Threading.Channels;
using Wms.Handheld.Device;
using Wms.Handheld.Ui;
using Xunit;

namespace Wms.Handheld.Tests.Support;

/// <summary>
/// Runs the app as a device would, against the test's server: lines go into its input stream, frames come
/// out into a recorder. <see cref="SendAsync"/> returns once the app has handled every line and waits again.
/// </summary>
public sealed class HandheldDriver : IAsyncDisposable
{
    private readonly Channel<string> _input = Channel.CreateUnbounded<string>();
    private readonly HandheldApp _app;
    private readonly Task _run;
    private readonly bool _ownsDirectory;
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="settings">Written to the device's folder before the app starts, as a site would set it up.</param>
    public HandheldDriver(HttpMessageHandler handler, string? dataDirectory = null, DeviceSettings? settings = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "wms-handheld-" + Guid.NewGuid().ToString("N"));
        settings?.Save(DataDirectory);
        var options = new HandheldOptions
        {
            DataDirectory = DataDirectory, HttpHandler = handler, CallDeadline = TimeSpan.FromSeconds(10), RetryInterval = TimeSpan.Zero,
        };
        _app = new HandheldApp(options, _input.Reader, Display);
        _app.Terminal.Idle += () => _idle.TrySetResult();
        _run = Task.Run(() => _app.RunAsync(CancellationToken.None));
    }

    public string DataDirectory { get; }

    /// <summary>Leave the device's folder behind on dispose, for a test that starts the app again on it.</summary>
    public bool KeepData { get; set; }

    public RecordingDisplay Display { get; } = new();

    public ScreenFrame Screen => Display.Last;

    public int Pending => _app.Pending;

    /// <summary>Frames shown since <paramref name="from"/> (a count of frames taken before).</summary>
    public IEnumerable<ScreenFrame> FramesSince(int from) => Display.Frames.Skip(from);

    /// <summary>The handheld the issue was tried on: tmux at 40 x 16.</summary>
    public const int Width = 40;

    public const int Height = 16;

    /// <summary>
    /// Every screen of every test is checked against a 40 x 16 handheld: nothing cut at the edge (the
    /// message wraps; every other line is made to fit) and nothing below the bottom row.
    /// </summary>
    public static void AssertFits(ScreenFrame frame)
    {
        var tooWide = new[] { frame.Title, frame.Status, frame.Prompt + "> " }.Concat(frame.Lines).Where(l => l.Length > Width).ToList();
        Assert.True(tooWide.Count == 0, $"Wider than {Width} columns: '{string.Join("', '", tooWide)}' on\n{frame.Text}");
        var rows = frame.Rows(Width);
        Assert.True(rows.Count <= Height, $"{rows.Count} rows, more than {Height}:\n{string.Join('\n', rows)}");
        // Wrapped at spaces only: joined again, the rows give the whole message back.
        Assert.Equal(string.Join(' ', frame.Message.Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', TextWrap.Wrap(frame.Message, Width)));
    }

    public async Task<ScreenFrame> SendAsync(params string[] lines)
    {
        var before = Display.Frames.Count;
        _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var line in lines)
        {
            _input.Writer.TryWrite(line);
        }

        var finished = await Task.WhenAny(_idle.Task, _run, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        if (finished == _run)
        {
            await _run;
        }

        Assert.True(finished == _idle.Task, "The app did not come back for input; last screen:\n" + (Display.Frames.Count > 0 ? Screen.Text : "(none)"));
        foreach (var frame in FramesSince(before))
        {
            AssertFits(frame);
        }

        return Screen;
    }

    /// <summary>Waits for the first screen, then signs in with the token and picks the warehouse.</summary>
    public async Task<ScreenFrame> SignInAsync(string token, string warehouse)
    {
        await StartedAsync();
        await SendAsync("http://localhost/");
        await SendAsync(token);
        var menu = await SendAsync(warehouse);
        Assert.True(menu.Shows("1 Pick"), menu.Text);
        return menu;
    }

    public async Task StartedAsync()
    {
        var finished = await Task.WhenAny(_idle.Task, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.True(finished == _idle.Task, "The app never asked for input.");
    }

    public async ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        await _run.WaitAsync(TimeSpan.FromSeconds(30));
        _app.Dispose();
        if (_ownsDirectory && !KeepData)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
