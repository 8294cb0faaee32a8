using System.Net;
using AutoDmGuard.XApi.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace AutoDmGuard.XApi;

/// <summary>Registers the X API client: options, typed HttpClients, resilience.</summary>
public static class XApiServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient behind <see cref="IXApiClient"/>.</summary>
    public const string ApiHttpClientName = "XApi";

    /// <summary>Name of the HttpClient behind <see cref="IXOAuthClient"/>.</summary>
    public const string OAuthHttpClientName = "XOAuth";

    /// <summary>Adds the X API client with options bound from the builder's "X" configuration section.</summary>
    public static IHostApplicationBuilder AddXApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddXApi(builder.Configuration);
        return builder;
    }

    /// <summary>Adds the X API client with options bound from the "X" section of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddXApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddXApi(o => Bind(configuration.GetSection(XApiOptions.Section), o));
    }

    /// <summary>
    /// Binds the section; configured scopes replace the defaults (the binder would append to the array), given either as a
    /// list (X:Scopes:0, X:Scopes:1, ...) or as one space-separated string (X:Scopes = "users.read dm.read").
    /// </summary>
    private static void Bind(IConfigurationSection section, XApiOptions options)
    {
        var defaults = options.Scopes;
        section.Bind(options);
        var scopes = section.GetSection(nameof(XApiOptions.Scopes));
        options.Scopes = scopes.Value is { Length: > 0 } spaced
            ? spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : scopes.Get<string[]>() ?? defaults;
    }

    /// <summary>
    /// Adds <see cref="IXApiClient"/>, <see cref="IXOAuthClient"/> and <see cref="DmEventsReader"/>. Base URLs and timeouts
    /// are read from <see cref="XApiOptions"/> each time a client is created, so configuration set before Build() applies.
    /// </summary>
    public static IServiceCollection AddXApi(this IServiceCollection services, Action<XApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<XApiOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder
            .ValidateDataAnnotations()
            .Validate(o => o.TotalRequestTimeout > o.AttemptTimeout, "X:TotalRequestTimeout must be longer than X:AttemptTimeout.")
            .Validate(o => o.ApiBaseUrl.IsAbsoluteUri && o.AuthorizeEndpoint.IsAbsoluteUri, "X:ApiBaseUrl and X:AuthorizeEndpoint must be absolute URLs.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        // Handlers added after the resilience handler sit inside it: the body is read within each attempt.
        var api = services.AddHttpClient<IXApiClient, XApiClient>(ApiHttpClientName, ConfigureHttpClient);
        api.AddResilienceHandler(ApiHttpClientName, BuildPipeline);
        api.AddHttpMessageHandler(() => new BufferedContentHandler());
        var oauth = services.AddHttpClient<IXOAuthClient, XOAuthClient>(OAuthHttpClientName, ConfigureHttpClient);
        oauth.AddResilienceHandler(OAuthHttpClientName, BuildPipeline);
        oauth.AddHttpMessageHandler(() => new BufferedContentHandler());
        services.TryAddTransient<DmEventsReader>();
        return services;
    }

    private static void ConfigureHttpClient(IServiceProvider services, HttpClient http)
    {
        var options = services.GetRequiredService<IOptions<XApiOptions>>().Value;
        var baseUrl = options.ApiBaseUrl.AbsoluteUri;
        http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");

        // The resilience pipeline owns timeouts; this is only a backstop that also covers reading the body.
        http.Timeout = options.TotalRequestTimeout + TimeSpan.FromSeconds(5);
    }

    /// <summary>
    /// The standard handler's pipeline (total timeout, retry, circuit breaker, attempt timeout) on the system clock:
    /// network time is real even when the app runs on a fake TimeProvider (tests), which Polly would otherwise pick up
    /// from DI, leaving retry delays and timeouts waiting for a clock nobody advances.
    /// </summary>
    private static void BuildPipeline(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var resilience = new HttpStandardResilienceOptions();
        ConfigureResilience(resilience, context.ServiceProvider.GetRequiredService<IOptions<XApiOptions>>().Value);
        builder.TimeProvider = TimeProvider.System;
        builder
            .AddTimeout(resilience.TotalRequestTimeout)
            .AddRetry(resilience.Retry)
            .AddCircuitBreaker(resilience.CircuitBreaker)
            .AddTimeout(resilience.AttemptTimeout);
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, XApiOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
        resilience.TotalRequestTimeout.Timeout = options.TotalRequestTimeout;

        // ShouldHandle first: DisableForUnsafeHttpMethods wraps whatever predicate is set when it is called.
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome));
        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts);
        resilience.Retry.Delay = options.RetryBaseDelay;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.ShouldRetryAfterHeader = false;
        resilience.Retry.DisableForUnsafeHttpMethods();
        if (options.MaxRetryAttempts == 0)
        {
            resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        }

        // A 429 is the caller's business (it gets ResetAt), not a sign the service is down.
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome));
        var minimumSampling = options.AttemptTimeout * 2;
        if (resilience.CircuitBreaker.SamplingDuration < minimumSampling)
        {
            resilience.CircuitBreaker.SamplingDuration = minimumSampling;
        }
    }

    /// <summary>5xx, 408, connection failures and attempt timeouts; never 429 (the caller must wait for the reset).</summary>
    internal static bool IsRetryable(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(outcome);
}
