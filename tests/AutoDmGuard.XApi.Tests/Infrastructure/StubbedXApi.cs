using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.XApi.Tests.Infrastructure;

/// <summary>The real AddXApi() wiring (options, typed clients, resilience) with a <see cref="StubHandler"/> as the network.</summary>
internal sealed class StubbedXApi : IDisposable
{
    public const string Token = "test-access-token";

    /// <summary>Attempt timeout for tests whose stub hangs: short keeps them quick, and a hang times out whatever it is.</summary>
    public static readonly TimeSpan HangAttemptTimeout = TimeSpan.FromMilliseconds(300);

    private StubbedXApi(ServiceProvider services, StubHandler handler)
    {
        Services = services;
        Handler = handler;
    }

    public ServiceProvider Services { get; }

    public StubHandler Handler { get; }

    public IXApiClient Client => Services.GetRequiredService<IXApiClient>();

    public IXOAuthClient OAuth => Services.GetRequiredService<IXOAuthClient>();

    public static StubbedXApi Create(Action<XApiOptions>? configure = null, TimeProvider? clock = null)
    {
        var handler = new StubHandler();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddXApi(o =>
        {
            o.ApiBaseUrl = new Uri("https://api.x.test");
            o.ClientId = "client-1";
            // Generous on purpose: these timeouts run on the real clock, and a stub answer on a loaded 2-core CI
            // machine (first-call JIT, GC, other test hosts) can take longer than a few hundred ms. A write is not
            // retried, so a short attempt timeout here failed healthy calls. Tests about hangs set
            // HangAttemptTimeout themselves; a hang never answers, so their outcome does not depend on the value.
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.TotalRequestTimeout = TimeSpan.FromSeconds(30);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(o);
        });
        services.AddHttpClient(XApiServiceCollectionExtensions.ApiHttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        services.AddHttpClient(XApiServiceCollectionExtensions.OAuthHttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return new StubbedXApi(services.BuildServiceProvider(validateScopes: true), handler);
    }

    public void Dispose() => Services.Dispose();
}
