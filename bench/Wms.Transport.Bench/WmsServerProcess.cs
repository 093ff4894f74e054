using System.Diagnostics;
using System.Globalization;
using System.Net;

/// <summary>
/// The real server, as its own process: the one built in Release with the bench, or another build named by
/// <c>WMS_BENCH_SERVER_DLL</c> (an earlier commit built into a side directory, for A/B runs).
/// </summary>
internal static class WmsServerProcess
{
    public static string DefaultDll => Environment.GetEnvironmentVariable("WMS_BENCH_SERVER_DLL") is { Length: > 0 } dll ? dll : Path.Combine(AppContext.BaseDirectory, "Wms.Server.dll");

    public static Process Start(int port, string adminToken, IReadOnlyDictionary<string, string>? settings = null, string? serverDll = null)
    {
        var dll = serverDll ?? DefaultDll;
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["Wms__Server__Address"] = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        info.Environment["Wms__Mqtt__Address"] = "127.0.0.1:0";
        info.Environment["Wms__Security__AdminToken"] = adminToken;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Wms__Demo__Enabled"] = "false";
        // The HTTP/1.1 listener (gRPC-Web, JSON, metrics) is not measured; off, so runs never collide on its port.
        info.Environment["Wms__Server__HttpAddress"] = "";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start Wms.Server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits for the port, then checks one call really answers grpc-status 0 (h2load only sees HTTP 200).</summary>
    public static async Task WaitUntilServingAsync(int port, string adminToken)
    {
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/wms.v1.ServerInfoService/GetServerInfo")
                {
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent([0, 0, 0, 0, 0]),
                };
                request.Content.Headers.ContentType = new("application/grpc");
                request.Headers.Add("authorization", "Bearer " + adminToken);
                request.Headers.TryAddWithoutValidation("te", "trailers");
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.First() : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : null;
                if (status != "0")
                {
                    throw new InvalidOperationException($"GetServerInfo answered grpc-status {status}: the bench would measure errors.");
                }

                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
