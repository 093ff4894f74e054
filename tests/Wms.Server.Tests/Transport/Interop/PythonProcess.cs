using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Wms.Server.Tests.Transport.Interop;

/// <summary>
/// A running Python script with its output captured. Its stdin stays open: scripts may treat EOF as
/// "the test run is gone" and exit, so a crashed run leaves no server behind. Disposing kills it.
/// </summary>
public sealed class PythonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingEnds = 3;

    private PythonProcess(Process process) => _process = process;

    /// <summary>The port from the script's <c>READY &lt;port&gt;</c> line (0 if it printed a bare READY).</summary>
    public int Port { get; private set; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>True once the process is gone and its output fully read.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    internal static PythonProcess Start(string interpreter, string script, IEnumerable<string> args, string stubsDirectory)
    {
        var info = new ProcessStartInfo(interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PYTHONPATH"] = stubsDirectory + Path.PathSeparator + Path.GetDirectoryName(script);
        info.Environment["PYTHONUNBUFFERED"] = "1";

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var python = new PythonProcess(process);
        process.OutputDataReceived += (_, e) => python.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => python.OnError(e.Data);
        process.Exited += (_, _) => python.Ended();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return python;
    }

    internal async Task WaitForReadyAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_ready.Task, _exited.Task, Task.Delay(timeout));
        if (finished != _ready.Task)
        {
            var why = finished == _exited.Task ? "exited before printing READY" : $"printed no READY line within {timeout.TotalSeconds:0}s";
            throw new InvalidOperationException($"Python script {why}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    /// <summary>Waits for the script to end (all of its output read); kills it at the timeout.</summary>
    public async Task<PythonRunResult> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        _process.StandardInput.Close();
        try
        {
            await _exited.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Kill();
            return new PythonRunResult(-1, Stdout, Stderr + $"\n(killed after {timeout.TotalSeconds:0}s)");
        }

        return new PythonRunResult(_process.ExitCode, Stdout, Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            Ended();
            return;
        }

        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        if (line.StartsWith("READY", StringComparison.Ordinal) && !_ready.Task.IsCompleted)
        {
            var rest = line["READY".Length..].Trim();
            Port = rest.Length == 0 ? 0 : int.Parse(rest, CultureInfo.InvariantCulture);
            _ready.TrySetResult(Port);
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            Ended();
            return;
        }

        lock (_stderr)
        {
            _stderr.AppendLine(line);
        }
    }

    // Exited only once the process is gone and both pipes are drained, so a result never misses the
    // script's last words. (WaitForExit inside an output callback would wait for that very callback.)
    private void Ended()
    {
        if (Interlocked.Decrement(ref _pendingEnds) == 0)
        {
            _exited.TrySetResult();
        }
    }
}
