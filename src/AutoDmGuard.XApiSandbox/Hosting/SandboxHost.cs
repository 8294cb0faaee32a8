using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AutoDmGuard.XApiSandbox;

/// <summary>A running sandbox on a real Kestrel port; dispose to stop it.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxRuntime _runtime;

    private SandboxHost(WebApplication app, SandboxRuntime runtime, Uri baseAddress)
    {
        _app = app;
        _runtime = runtime;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<SandboxAccount> SignableAccounts => _runtime.World.Signable;

    /// <summary>Identifies the persisted world (<see cref="SandboxOptions.WorldPath"/>); null when the world lives in memory only.</summary>
    public string? WorldId => _runtime.WorldId;

    /// <summary>Loads the data (dump or demo world), then starts Kestrel. A bad dump throws before anything listens.</summary>
    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = Build(options, []);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            var runtime = app.Services.GetRequiredService<SandboxRuntime>();
            await app.DisposeAsync();
            runtime.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxHost(app, app.Services.GetRequiredService<SandboxRuntime>(), new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Adds or replaces an OAuth client; takes effect immediately.</summary>
    public void RegisterClient(SandboxClient client) => _runtime.OAuth.RegisterClient(client);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _runtime.Dispose();
    }

    /// <summary>The hosting code shared by <see cref="StartAsync"/> and Program.cs.</summary>
    internal static WebApplication Build(SandboxOptions options, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        SandboxExposure.RequireLoopback(options.Urls);
        var runtime = SandboxData.Open(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
        builder.WebHost.UseKestrelCore().UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(runtime);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRouting();
        app.Use((context, next) => SandboxExposure.RefuseCrossSiteAdminPostAsync(context, next));
        var gate = new ApiGate(runtime, app.Lifetime);
        app.Use((context, next) => gate.InvokeAsync(context, () => next(context)));
        app.MapOAuth(runtime);
        app.MapXApi(runtime);
        app.MapAdmin(runtime);
        app.MapFallback(context => XJson.WriteAsync(context, 404, w =>
        {
            w.WriteStartObject();
            w.WriteString("title", "Not Found Error");
            w.WriteString("type", "about:blank");
            w.WriteNumber("status", 404);
            w.WriteString("detail", "Sorry, that page does not exist.");
            w.WriteEndObject();
        }, XJson.Problem));
        return app;
    }
}
