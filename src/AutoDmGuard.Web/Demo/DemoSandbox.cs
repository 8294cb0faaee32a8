using AutoDmGuard.XApiSandbox;

namespace AutoDmGuard.Web.Demo;

/// <summary>The sandbox demo mode started in-process, with the OAuth client the app uses there. Disposing stops it.</summary>
public sealed class DemoSandbox(SandboxHost host, string clientId, string clientSecret) : IAsyncDisposable
{
    public SandboxHost Host { get; } = host;

    public string ClientId { get; } = clientId;

    internal string ClientSecret { get; } = clientSecret;

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
