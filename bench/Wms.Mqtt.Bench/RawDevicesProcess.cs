using System.Diagnostics;
using System.Globalization;

namespace Wms.Mqtt.Bench;

/// <summary>The bench's side of <see cref="RawDevices"/>: starts the child process, tells it to go, reads its result.</summary>
internal sealed class RawDevicesProcess : IDeviceLoad
{
    private readonly Process _process;
    private readonly string _file;

    private RawDevicesProcess(Process process, string file)
    {
        _process = process;
        _file = file;
    }

    public string Name => "raw-socket devices";

    public IReadOnlyList<int> ProcessIds => [_process.Id];

    public double FeederSeconds => 0;

    /// <summary>Closed loop, a window per device: the offered rate does not apply.</summary>
    public Task FeedAsync(int perDevice, int rate) => GoAsync();

    public async Task<string> FinishAsync(TimeSpan timeout)
    {
        var r = await ResultAsync().WaitAsync(timeout);
        return string.Create(CultureInfo.InvariantCulture, $"acked {r.Acked}, failed {r.Failed}, PUBACK p99 {r.AckP99:0.0} ms");
    }

    public sealed record Result(long Acked, long Failed, double AckP99, double CpuSeconds, double Seconds);

    public static async Task<RawDevicesProcess> StartAsync(int port, string warehouse, IReadOnlyList<(string Code, string Secret)> devices, int perDevice, int window, bool credentials)
    {
        var file = Path.Combine(Path.GetTempPath(), "wms-bench-devices-" + Guid.NewGuid().ToString("N")[..8] + ".txt");
        await File.WriteAllLinesAsync(file, devices.Select(d => $"{d.Code} {d.Secret}"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     typeof(RawDevices).Assembly.Location, "raw-devices", port.ToString(CultureInfo.InvariantCulture), warehouse, file,
                     perDevice.ToString(CultureInfo.InvariantCulture), window.ToString(CultureInfo.InvariantCulture), credentials.ToString(),
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var line = await process.StandardOutput.ReadLineAsync();
        if (line != "ready")
        {
            throw new InvalidOperationException("raw-devices did not connect: " + line + await process.StandardOutput.ReadToEndAsync());
        }

        return new RawDevicesProcess(process, file);
    }

    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("go");
        await _process.StandardInput.FlushAsync();
    }

    public async Task<Result> ResultAsync()
    {
        var line = await _process.StandardOutput.ReadLineAsync() ?? "";
        var f = line.Split(' ');
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        return f.Length == 6 && f[0] == "done"
            ? new Result(long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture))
            : throw new InvalidOperationException("raw-devices: " + line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
        File.Delete(_file);
    }
}
