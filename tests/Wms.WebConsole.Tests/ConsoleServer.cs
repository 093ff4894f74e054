using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using OtpNet;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests;

namespace Wms.WebConsole.Tests;

/// <summary>
/// The real server in-process on real Kestrel listeners (free ports: tests run side by side), with the
/// console on its HTTP/1.1 listener and the demo warehouses, plus one headless Chromium for the class.
/// </summary>
public class ConsoleServer : WmsServerFactory
{
    public const string Password = "console test password";

    // How long a page action or assertion may wait. It costs nothing when the page is ready. A CI run was seen
    // to need more than 15 s for the first enrolment page, while the server tests ran beside it.
    private const int PageTimeout = 30_000;

    private readonly int _apiPort = FreePorts.Next();
    private readonly int _httpPort = FreePorts.Next();
    private GrpcChannel? _channel;
    private IPlaywright? _playwright;

    // Every test signs in from this machine: the per-address limit would count them all as one address
    // (it is tested on its own, in the server's tests).
    public ConsoleServer() => Settings["Wms:Security:SignInAttemptsPerMinute"] = "0";

    public string BaseUrl => $"http://127.0.0.1:{_httpPort}/";

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where this run's screenshots go: the test output, and docs/console/ when WMS_CONSOLE_SCREENSHOTS=1.</summary>
    public static string? DocsScreenshots => Environment.GetEnvironmentVariable("WMS_CONSOLE_SCREENSHOTS") == "1" ? Path.Combine(RepoRoot(), "docs", "console") : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Wms:Server:Address", $"127.0.0.1:{_apiPort}");
        builder.UseSetting("Wms:Server:HttpAddress", $"127.0.0.1:{_httpPort}");
        builder.UseSetting("Wms:Demo:Enabled", "true");
    }

    /// <summary>Starts server and browser; null when they can run, else why not (the test skips, or fails under CI).</summary>
    public async Task<string?> StartAsync()
    {
        if (_playwright is not null)
        {
            return null;
        }

        var chromium = Environment.GetEnvironmentVariable("WMS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            return $"Chromium not found at {chromium}: apt-get install chromium (or set WMS_CHROMIUM to a Chromium binary).";
        }

        UseKestrel();
        StartServer();
        _playwright = await Playwright.CreateAsync();
        // Assertions wait as long as page actions do: with every test assembly running at once on 2 cores, a floor
        // page's first refresh was seen to take more than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(PageTimeout);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox; the pages are our own.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return null;
    }

    public override CallInvoker CreateInvoker(string? token = AdminToken)
    {
        _channel ??= WmsChannel.Create($"http://127.0.0.1:{_apiPort}");
        var invoker = _channel.CreateCallInvoker();
        return token is null ? invoker : invoker.WithBearerToken(token);
    }

    /// <summary>A user created by the admin over gRPC and enrolled over gRPC; answers the TOTP secret.</summary>
    public async Task<string> EnrolledUserAsync(string name, params string[] roles)
    {
        await CreateUserAsync(name, roles);
        var enrolment = await Call(WmsMethods.Account.StartTotpEnrolment, new StartTotpEnrolmentRequest { Name = name, Password = Password }, null);
        await Call(WmsMethods.Account.ConfirmTotpEnrolment, new ConfirmTotpEnrolmentRequest { Name = name, Password = Password, Code = Code(enrolment.Secret) }, null);
        return enrolment.Secret;
    }

    public Task<UserInfo> CreateUserAsync(string name, params string[] roles)
    {
        var request = new CreateUserRequest { RequestId = Guid.NewGuid().ToString(), Name = name, Password = Password };
        request.Roles.AddRange(roles);
        return Call(WmsMethods.Account.CreateUser, request);
    }

    /// <summary>What an authenticator app shows, <paramref name="steps"/> 30-second steps from now (the server takes one step ahead).</summary>
    public static string Code(string secret, int steps = 0) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * steps));

    /// <summary>Signs in through the page, with the code of the next step (the enrolment used the current one).</summary>
    public async Task<IPage> SignedInPageAsync(string name, string secret, string path = "")
    {
        var page = await NewPageAsync();
        await page.GotoAsync(BaseUrl + "signin" + (path.Length > 0 ? "?return=" + Uri.EscapeDataString(path) : ""));
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("password").FillAsync(Password);
        await page.GetByTestId("code").FillAsync(Code(secret, steps: 1));
        await page.GetByTestId("code").PressAsync("Enter");
        await page.GetByTestId("who").WaitForAsync();
        return page;
    }

    /// <summary>A tablet-sized page (iPad Air landscape).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1180, Height = 820 } });
        page.SetDefaultTimeout(PageTimeout);
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var local = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = local, FullPage = true });
        if (DocsScreenshots is { } docs)
        {
            Directory.CreateDirectory(docs);
            File.Copy(local, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        _channel?.Dispose();
        await base.DisposeAsync();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Wms.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Wms.sln not found above " + AppContext.BaseDirectory);
    }
}
