using System.Diagnostics;
using System.Globalization;
using AutoDmGuard.XApiSandbox;

namespace AutoDmGuard.Benchmarks;

/// <summary>The standalone sandbox (its own Program) in a child process on a loopback port, killed on dispose.</summary>
internal sealed class ChildSandbox : IAsyncDisposable
{
    private readonly Process _process;

    private ChildSandbox(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ChildSandbox> StartAsync(SandboxOptions options, SandboxClient client)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AutoDmGuard.XApiSandbox.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        void Arg(string key, object? value)
        {
            if (value is not null)
            {
                start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--Sandbox:{key}={value}"));
            }
        }

        Arg("Urls", "http://127.0.0.1:0");
        Arg("RateLimitsEnabled", options.RateLimitsEnabled);
        Arg("DemoDmCount", options.DemoDmCount);
        Arg("DemoSenderCount", options.DemoSenderCount);
        Arg("Seed", options.Seed);
        Arg("RegisteredClients:0:ClientId", client.ClientId);
        Arg("RegisteredClients:0:ClientSecret", client.ClientSecret);
        Arg("RegisteredClients:0:RedirectUris:0", client.RedirectUris[0]);
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sandbox process.");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            const string marker = "listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var url = line[(at + marker.Length)..].Split(' ')[0];
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return new ChildSandbox(process, new Uri(url.TrimEnd('/') + "/"));
            }
        }

        throw new InvalidOperationException($"The sandbox process exited ({process.ExitCode}) before listening.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
