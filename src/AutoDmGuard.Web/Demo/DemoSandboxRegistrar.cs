using AutoDmGuard.XApiSandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AutoDmGuard.Web.Demo;

/// <summary>
/// Once Kestrel knows its addresses (port 0 is resolved only then), registers the app's callback URLs with the built-in
/// sandbox, in both 127.0.0.1 and localhost spellings, and says in one log line that demo mode is on.
/// </summary>
internal sealed partial class DemoSandboxRegistrar(
    DemoSandbox sandbox,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<DemoSandboxRegistrar> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Register);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Register()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var redirectUris = CallbackUris(addresses, sandbox.CallbackPath);
        sandbox.Host.RegisterClient(new SandboxClient(sandbox.ClientId, sandbox.ClientSecret, redirectUris));
        var appUrl = redirectUris.Count > 0 ? redirectUris[0][..^sandbox.CallbackPath.Length] : "(unknown)";
        LogDemoMode(appUrl, sandbox.Host.BaseAddress, new Uri(sandbox.Host.BaseAddress, "_sandbox"));
    }

    /// <summary>http://127.0.0.1:5000 → http://127.0.0.1:5000/signin-x and http://localhost:5000/signin-x (wildcard hosts too).</summary>
    internal static List<string> CallbackUris(IEnumerable<string> serverAddresses, string callbackPath)
    {
        var uris = new List<string>();
        foreach (var address in serverAddresses)
        {
            // Kestrel reports wildcards as http://[::]:5000 or http://0.0.0.0:5000; "+" and "*" are not valid URI hosts.
            var normalized = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
            {
                continue;
            }

            string[] hosts = uri.IsLoopback || uri.Host is "0.0.0.0" or "[::]" or "::"
                ? ["127.0.0.1", "localhost"]
                : [uri.Host];
            foreach (var host in hosts)
            {
                var callback = new UriBuilder(uri.Scheme, host, uri.Port, callbackPath).Uri.AbsoluteUri;
                if (!uris.Contains(callback, StringComparer.Ordinal))
                {
                    uris.Add(callback);
                }
            }
        }

        return uris;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEMO MODE: no X:ClientId is configured, so AutoDmGuard at {AppUrl} signs in against the built-in X API sandbox at {SandboxUrl} (control page {SandboxControlPage}), not real X. To use real X, set X:ClientId and X:ClientSecret with `dotnet user-secrets` (see docs/real-x.md).")]
    private partial void LogDemoMode(string appUrl, Uri sandboxUrl, Uri sandboxControlPage);
}
