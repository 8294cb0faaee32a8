using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using AutoDmGuard.Testing.Sandbox;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>
/// The built app run as its own process, the way `dotnet run` runs it (demo mode needs this: WebApplicationFactory would
/// capture the sandbox host that Program.cs builds first instead of the app). Waits for the demo-mode log line,
/// which carries the app's and the sandbox's addresses.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    /// <summary>The data folder this object deletes on dispose (null: the caller's).</summary>
    private readonly string? _dataDirectory;
    private SandboxAdminClient? _sandboxAdmin;

    private AppProcess(Process process, string? dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri SandboxAddress { get; private set; } = null!;

    /// <summary>The admin API and consent page of the sandbox this process hosts.</summary>
    public SandboxAdminClient SandboxAdmin => _sandboxAdmin ??= new SandboxAdminClient(SandboxAddress);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the app in demo mode on 127.0.0.1 and a free port; <paramref name="arguments"/> are extra command-line settings.</summary>
    public static Task<AppProcess> StartDemoAsync(params string[] arguments)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "autodmguard-tests", Guid.NewGuid().ToString("N"));
        return StartDemoAsync(dataDirectory, ownedDataDirectory: dataDirectory, arguments);
    }

    /// <summary>
    /// Like <see cref="StartDemoAsync(string[])"/>, on a data folder the caller owns and deletes: several app processes
    /// in sequence on one folder are a restart.
    /// </summary>
    public static Task<AppProcess> StartDemoInAsync(string dataDirectory, params string[] arguments) =>
        StartDemoAsync(dataDirectory, ownedDataDirectory: null, arguments);

    private static async Task<AppProcess> StartDemoAsync(string dataDirectory, string? ownedDataDirectory, string[] arguments)
    {
        var info = StartInfo([$"--Data:Directory={dataDirectory}", "--X:ClientId=", "--Polling:Enabled=false", .. arguments]);
        info.Environment.Remove("X__ClientId");
        info.Environment.Remove("X__ClientSecret");
        var app = new AppProcess(new Process { StartInfo = info }, ownedDataDirectory);
        await app.StartAsync(app.ReadDemoLine);
        return app;
    }

    /// <summary>
    /// Starts the app against an already running sandbox (the test's own, so its truth outlives the app) on
    /// <paramref name="dataDirectory"/>, which the caller owns (a restart reuses it); ready once the polling worker
    /// logged its start (or that it is disabled). <paramref name="arguments"/> are extra command-line settings.
    /// </summary>
    public static async Task<AppProcess> StartAgainstSandboxAsync(
        string dataDirectory, Uri sandbox, string clientId, string clientSecret, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var info = StartInfo([$"--Data:Directory={dataDirectory}", $"--Sandbox:BaseAddress={sandbox.AbsoluteUri}", $"--X:ClientId={clientId}", .. arguments]);
        // The secret goes through the environment, not the command line other local users can read.
        info.Environment["X__ClientSecret"] = clientSecret;
        var app = new AppProcess(new Process { StartInfo = info }, dataDirectory: null);
        await app.StartAsync(line => line.Contains("DM polling worker", StringComparison.Ordinal));
        return app;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Waits for Kestrel's "Now listening on:" line and takes <see cref="BaseAddress"/> from it (in demo mode the demo
    /// line gives it; a process started against a sandbox listens on a free port it learns only then).
    /// </summary>
    public async Task<Uri> WaitForListeningAsync(TimeSpan timeout)
    {
        await WaitForOutputAsync("Now listening on: ", timeout);
        BaseAddress = new Uri(ListeningLine().Match(Output).Groups["url"].Value.TrimEnd('/') + "/");
        return BaseAddress;
    }

    /// <summary>Waits until the app's output has a line containing <paramref name="text"/> (at most <paramref name="timeout"/>).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The app did not write \"{text}\" within {timeout}:\n{Output}");
            Assert.False(_process.HasExited, $"The app exited before writing \"{text}\":\n{Output}");
            await Task.Delay(50);
        }
    }

    private async Task StartAsync(Func<string, bool> isReady)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isReady, ready);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isReady, ready);
        _process.Exited += (_, _) =>
        {
            // The last lines (the reason it stopped) may still be in the pipes: wait for their end before quoting them.
            _process.WaitForExit();
            ready.TrySetException(new InvalidOperationException("The app exited before it was ready:\n" + Output));
        };
        _process.EnableRaisingEvents = true;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private void OnLine(string? line, Func<string, bool> isReady, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (isReady(line))
        {
            ready.TrySetResult();
        }
    }

    /// <summary>Asks the app to stop (SIGTERM, as Ctrl+C or a service manager would) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Assert.Equal(0, SendSignal(_process.Id, SigTerm));
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _sandboxAdmin?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Signs in over plain HTTP as a browser would (app /signin, the sandbox's consent page as <paramref name="username"/>,
    /// Authorize, the callback); returns where the callback sent the browser: "/" when signed in.
    /// </summary>
    public async Task<string?> SignInAsync(HttpClient browser, string username, string host = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var start = await browser.GetAsync(new UriBuilder(BaseAddress) { Host = host, Path = "signin" }.Uri);
        var authorize = start.Headers.Location!;
        Assert.Equal(SandboxAddress.GetLeftPart(UriPartial.Authority), authorize.GetLeftPart(UriPartial.Authority));
        var callback = await SandboxAdmin.ConsentAsync(authorize, username);
        Assert.StartsWith(new UriBuilder(BaseAddress) { Host = host, Path = "signin-x" }.Uri.AbsoluteUri + "?", callback.AbsoluteUri, StringComparison.Ordinal);
        using var back = await browser.GetAsync(callback);
        return back.Headers.Location?.OriginalString;
    }

    /// <summary>The demo-mode line carries the app's and the sandbox's addresses; true once it was seen.</summary>
    private bool ReadDemoLine(string line)
    {
        var demo = DemoLine().Match(line);
        if (demo.Success)
        {
            BaseAddress = new Uri(demo.Groups["app"].Value.TrimEnd('/') + "/");
            SandboxAddress = new Uri(demo.Groups["sandbox"].Value);
        }

        return demo.Success;
    }

    /// <summary>`dotnet AutoDmGuard.Web.dll` on 127.0.0.1 and a free port, Development, plus <paramref name="arguments"/> (later ones win).</summary>
    private static ProcessStartInfo StartInfo(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WebOutputDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(WebOutputDirectory(), "AutoDmGuard.Web.dll"), "--urls", "http://127.0.0.1:0", "--environment", "Development", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>src/AutoDmGuard.Web/bin/{Configuration}/net10.0, the configuration being the one these tests were built in.</summary>
    private static string WebOutputDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AutoDmGuard.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("No AutoDmGuard.sln above " + AppContext.BaseDirectory);
        }

        var output = Path.Combine(root.FullName, "src", "AutoDmGuard.Web", "bin", configuration, framework);
        return File.Exists(Path.Combine(output, "AutoDmGuard.Web.dll"))
            ? output
            : throw new InvalidOperationException($"The app is not built at {output}.");
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"DEMO MODE: .* AutoDmGuard at (?<app>http://\S+) signs in .* sandbox at (?<sandbox>http://\S+) \(control page")]
    private static partial Regex DemoLine();
}
