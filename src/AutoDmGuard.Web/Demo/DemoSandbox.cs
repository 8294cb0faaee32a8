using AutoDmGuard.XApiSandbox;

namespace AutoDmGuard.Web.Demo;

/// <summary>
/// The sandbox demo mode started in-process, with the OAuth client the app uses there and the path of the app's
/// sign-in callback that client is registered with. Disposing stops it.
/// </summary>
public sealed class DemoSandbox(SandboxHost host, string clientId, string clientSecret, string callbackPath) : IAsyncDisposable
{
    public SandboxHost Host { get; } = host;

    public string ClientId { get; } = clientId;

    internal string ClientSecret { get; } = clientSecret;

    /// <summary>The sign-in's callback path ("/signin-x"), given by the composition so demo mode needs no Accounts type.</summary>
    internal string CallbackPath { get; } = callbackPath;

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
