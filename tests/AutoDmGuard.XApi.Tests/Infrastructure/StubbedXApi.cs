using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.XApi.Tests.Infrastructure;

/// <summary>The real AddXApi() wiring (options, typed clients, resilience) with a <see cref="StubHandler"/> as the network.</summary>
internal sealed class StubbedXApi : IDisposable
{
    public const string Token = "test-access-token";

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
            o.AttemptTimeout = TimeSpan.FromMilliseconds(400);
            o.TotalRequestTimeout = TimeSpan.FromSeconds(5);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(o);
        });
        services.AddHttpClient(XApiServiceCollectionExtensions.ApiHttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        services.AddHttpClient(XApiServiceCollectionExtensions.OAuthHttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return new StubbedXApi(services.BuildServiceProvider(validateScopes: true), handler);
    }

    public void Dispose() => Services.Dispose();
}
