using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace Wms.Server.Tests.Transport.Interop;

/// <summary>
/// Runs python grpcio peers for interop tests: finds a python3 that can import <c>grpc</c> and
/// <c>grpc_tools</c>, generates the Python stubs of Protos/*.proto once per test run, and runs the
/// scripts in Interop/ with those stubs on PYTHONPATH.
/// <para>
/// A server script prints <c>READY &lt;port&gt;</c> on stdout once it serves (see echo_server.py);
/// <see cref="StartServerAsync"/> waits for that line. A client script just runs: <see cref="RunAsync"/>.
/// </para>
/// Without python grpcio the tests skip, except under CI=true, where a missing peer is a failure.
/// </summary>
public static class PythonGrpc
{
    private const string MissingMessage = "python3-grpcio not installed: apt-get install python3-grpcio python3-grpc-tools";

    private static readonly Lazy<(string? Python, string? Problem)> Interpreter = new(FindInterpreter);
    private static readonly Lazy<string> Stubs = new(GenerateStubs);

    public static string ProtosDirectory => Path.Combine(AppContext.BaseDirectory, "Protos");

    public static string InteropDirectory => Path.Combine(AppContext.BaseDirectory, "Interop");

    /// <summary>The interpreter to use; skips the test (fails it under CI=true) when there is none.</summary>
    public static string RequirePython()
    {
        var (python, problem) = Interpreter.Value;
        if (python is not null)
        {
            return python;
        }

        var message = problem is null ? MissingMessage : MissingMessage + " (" + problem + ")";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true requires the python grpc peer. " + message);
        }

        Assert.Skip(message);
        return null!;
    }

    /// <summary>The directory holding echo_pb2.py and friends, generated once per test run.</summary>
    public static string RequireStubs()
    {
        RequirePython();
        return Stubs.Value;
    }

    /// <summary>Starts a server script and waits for its <c>READY &lt;port&gt;</c> line.</summary>
    public static async Task<PythonProcess> StartServerAsync(string script, IEnumerable<string>? args = null, TimeSpan? startTimeout = null)
    {
        var process = PythonProcess.Start(RequirePython(), ScriptPath(script), args ?? [], RequireStubs());
        try
        {
            await process.WaitForReadyAsync(startTimeout ?? TimeSpan.FromSeconds(20));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a script to its end (or kills it at <paramref name="timeout"/>) and returns what it printed.</summary>
    public static async Task<PythonRunResult> RunAsync(string script, IEnumerable<string>? args = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await using var process = PythonProcess.Start(RequirePython(), ScriptPath(script), args ?? [], RequireStubs());
        return await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60), cancellationToken);
    }

    private static string ScriptPath(string script) => Path.IsPathRooted(script) ? script : Path.Combine(InteropDirectory, script);

    /// <summary>
    /// WMS_PYTHON when set (and then only it); else PATH's python3, then the system one, which is where
    /// Debian's python3-grpcio lives even when a pyenv python3 comes first on PATH.
    /// </summary>
    private static (string? Python, string? Problem) FindInterpreter()
    {
        var chosen = Environment.GetEnvironmentVariable("WMS_PYTHON");
        string[] candidates = string.IsNullOrEmpty(chosen) ? ["python3", "/usr/bin/python3", "/usr/local/bin/python3"] : [chosen];
        var problems = new StringBuilder();
        foreach (var candidate in candidates)
        {
            var result = RunQuick(candidate, ["-c", "import grpc, grpc_tools.protoc"]);
            if (result.ExitCode == 0)
            {
                return (candidate, null);
            }

            problems.Append(CultureInfo.InvariantCulture, $"{candidate}: {LastLine(result.Stderr)}; ");
        }

        return (null, problems.ToString().TrimEnd(' ', ';'));
    }

    private static string GenerateStubs()
    {
        var output = Path.Combine(Path.GetTempPath(), "wms-grpc-python-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(output);
        var protos = Directory.GetFiles(ProtosDirectory, "*.proto").Select(Path.GetFileName).ToArray();
        string[] args = ["-m", "grpc_tools.protoc", "-I" + ProtosDirectory, "--python_out=" + output, "--grpc_python_out=" + output, .. protos!];
        var result = RunQuick(Interpreter.Value.Python!, args, ProtosDirectory);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"grpc_tools.protoc failed ({result.ExitCode}): {result.Stderr}");
        }

        return output;
    }

    private static PythonRunResult RunQuick(string fileName, IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return new PythonRunResult(-1, stdout.Result, "timed out");
            }

            return new PythonRunResult(process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new PythonRunResult(-1, "", ex.Message);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder of two small files is not worth failing a test run over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "failed" : lines[^1];
    }
}

public sealed record PythonRunResult(int ExitCode, string Stdout, string Stderr);
